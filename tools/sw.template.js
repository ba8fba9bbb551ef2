// Gendan's service worker: serves this build's app shell from the cache so the app opens in
// airplane mode. Written per build by tools/gen-sw.mjs; BUILD changes whenever any file does,
// which is how the browser notices a new version.
const BUILD = "__BUILD__";
const ASSETS = __ASSETS__;
const CACHE = `gendan-shell-${BUILD}`;

self.addEventListener("install", (event) => {
  // A new build waits until the page asks (the "reload to update" button), so no open form is
  // swapped out from under its user.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("gendan-shell-") && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Sync, blobs and health checks are live traffic, never cached.
  if (/^\/(sync|blobs|healthz)(\/|$)/.test(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match("index.html")).then((hit) => hit || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true })).then((hit) => hit || fetch(request)),
  );
});
