// The walking skeleton, end to end in headless Chromium: orders survive reloads, the app opens and
// edits offline from its service worker, damaged storage is contained, a full disk loses nothing,
// an update keeps unsaved input, and the UI speaks both languages on a 360 px phone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { artifactsDir, checkedAt, createOrder, openApp, phone, suite, waitForServiceWorker, watchErrors } from "./harness.mjs";

const env = suite();

test("relay serves the app with the right types and cache rules", async () => {
  const health = await fetch(`${env.relay.url}/healthz`);
  assert.equal(health.status, 200);
  const index = await fetch(`${env.relay.url}/`);
  assert.match(index.headers.get("cache-control"), /no-cache/);
  const html = await index.text();
  const wasm = html.match(/[\w-]+_bg\.wasm/)[0];
  const res = await fetch(`${env.relay.url}/${wasm}`);
  assert.equal(res.headers.get("content-type"), "application/wasm");
  assert.match(res.headers.get("cache-control"), /immutable/);
  assert.match((await fetch(`${env.relay.url}/sw.js`)).headers.get("cache-control"), /no-cache/);
});

test("a first visit on a slow network gets the compressed app and a boot screen with progress", async () => {
  const html = await (await fetch(`${env.relay.url}/`)).text();
  const wasm = html.match(/[\w-]+_bg\.wasm/)[0];
  // Raw sizes on the wire, with no client-side decoding.
  const { request } = await import("node:http");
  const wire = (enc) =>
    new Promise((ok, fail) => {
      const req = request(`${env.relay.url}/${wasm}`, { headers: enc ? { "accept-encoding": enc } : {} }, (res) => {
        let n = 0;
        res.on("data", (d) => (n += d.length));
        res.on("end", () => ok({ n, encoding: res.headers["content-encoding"] ?? null }));
      });
      req.on("error", fail);
      req.end();
    });
  const plain = await wire(null);
  const br = await wire("gzip, deflate, br");
  const gz = await wire("gzip");
  assert.equal(plain.encoding, null);
  assert.equal(br.encoding, "br");
  assert.equal(gz.encoding, "gzip");
  assert.ok(br.n < plain.n * 0.45, `brotli ${br.n} of ${plain.n} bytes`);
  console.log(`wasm on the wire: ${plain.n} plain, ${gz.n} gzip, ${br.n} brotli`);

  // 1.6 Mbit/s: the boot screen shows at once and counts the download, then the app replaces it.
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: 200_000,
    uploadThroughput: 100_000,
  });
  await page.goto(`${env.relay.url}/#/orders`, { waitUntil: "commit" });
  await page.getByTestId("boot").filter({ hasText: "Loading" }).waitFor({ timeout: 5000 });
  await page.locator("#boot-progress").filter({ hasText: /MB|%/ }).waitFor({ timeout: 20000 });
  await page.getByTestId("order-count").waitFor({ timeout: 60000 });
  assert.equal(await page.getByTestId("boot").count(), 0, "the boot screen is gone once the app runs");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("an order created on a phone is there after a reload, with its totals", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await createOrder(page, { po: "PO-RELOAD-1", colours: ["Black", "White"], sizes: ["S", "M"], qty: ["100", "200", "50", "25"] });
  assert.equal(await page.getByTestId("grand-total").textContent(), "375");
  await page.reload();
  await page.getByTestId("customer-po").waitFor();
  assert.equal(await page.getByTestId("customer-po").inputValue(), "PO-RELOAD-1");
  assert.deepEqual(await page.getByTestId("row-total").allTextContents(), ["300", "75"]);
  assert.deepEqual(await page.getByTestId("col-total").allTextContents(), ["150", "225"]);
  assert.equal(await page.getByTestId("amount").textContent(), "Order amount: USD 1425.00");
  await page.getByTestId("nav-orders").click();
  await page.getByTestId("order-row").filter({ hasText: "PO-RELOAD-1" }).waitFor();
  // Nothing on the phone screen scrolls sideways.
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width}px wide`);
  await page.screenshot({ path: join(artifactsDir(), "orders-360.png") });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("bad input gets clear messages and keeps what was typed", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  await openApp(page, env.relay.url);
  await page.getByTestId("nav-new").click();
  await page.locator("[data-testid=order-form][data-new=true]").waitFor();
  await page.getByTestId("order-date").fill("2026-05-10");
  await page.getByTestId("ex-factory").fill("2026-05-01");
  await page.getByTestId("unit-price").fill("3.2.1");
  await page.getByTestId("new-colour").fill("Red");
  await page.getByTestId("add-colour").click();
  await page.getByTestId("new-size").fill("L");
  await page.getByTestId("add-size").click();
  await page.getByTestId("qty-cell").first().fill("12.5");
  await page.getByTestId("save").click();
  await page.getByTestId("form-errors").waitFor();
  const text = await page.locator("main").textContent();
  for (const msg of ["Required", "Must be a whole number of pieces", "Ex-factory date is before the order date", "Not a number"]) {
    assert.ok(text.includes(msg), `missing message: ${msg}`);
  }
  assert.equal(await page.getByTestId("qty-cell").first().inputValue(), "12.5");
  assert.equal(await page.getByTestId("unit-price").inputValue(), "3.2.1");
  assert.match(page.url(), /#\/orders\/new$/, "nothing was saved");
  await page.screenshot({ path: join(artifactsDir(), "order-errors-360.png"), fullPage: true });
  await ctx.close();
});

test("typed numbers are read as meant or refused with the readings, never rescaled", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  // A decimal comma is a decimal: 3,85 × 300 pieces, not 385 × 300.
  await createOrder(page, { po: "PO-COMMA-1", price: "3,85", qty: ["１００", "200"] });
  assert.equal(await page.getByTestId("grand-total").textContent(), "300", "full-width digits are read");
  assert.equal(await page.getByTestId("amount").textContent(), "Order amount: USD 1155.00");
  // 1,500 as a price could be either: refused, both readings shown, nothing saved.
  await page.getByTestId("unit-price").fill("1,500");
  await page.getByTestId("save").click();
  await page.getByTestId("form-errors").waitFor();
  await page.locator("main").filter({ hasText: "Could be 1500 or 1.500" }).waitFor();
  assert.equal(await page.getByTestId("unit-price").inputValue(), "1,500", "what was typed stays");
  // Another tab (no draft of this one's) reads what is stored: the price did not change.
  const other = await ctx.newPage();
  await other.goto(page.url());
  await other.getByTestId("amount").filter({ hasText: "Order amount: USD 1155.00" }).waitFor();
  await other.close();
  await page.getByTestId("unit-price").fill("3,85");
  // Production: not a number and a negative number get different messages; 1,500 pieces is 1500.
  await page.getByTestId("tab-production").click();
  await page.getByTestId("prod-qty").fill("abc");
  await page.getByTestId("prod-report").click();
  await page.getByTestId("prod-error").filter({ hasText: "Not a number" }).waitFor();
  await page.getByTestId("prod-qty").fill("-5");
  await page.getByTestId("prod-report").click();
  await page.getByTestId("prod-error").filter({ hasText: "Must not be negative" }).waitFor();
  await page.getByTestId("prod-qty").fill("1,500");
  await page.getByTestId("prod-report").click();
  await page.getByTestId("prod-reports").filter({ hasText: "1500" }).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("offline: the app opens from the service worker, edits save, and the edit is there online", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await waitForServiceWorker(page);
  const id = await createOrder(page, { po: "PO-OFFLINE-1" });
  await ctx.setOffline(true);
  await page.reload();
  await page.getByTestId("customer-po").waitFor({ timeout: 20000 });
  await page.getByTestId("description").fill("Edited in airplane mode");
  await page.getByTestId("save").click();
  await page.getByTestId("save-status").filter({ hasText: "Saved" }).waitFor();
  await page.goto(`${env.relay.url}/#/orders`);
  await page.getByTestId("order-row").filter({ hasText: "PO-OFFLINE-1" }).waitFor();
  await ctx.setOffline(false);
  await page.goto(`${env.relay.url}/#/orders/${id}`);
  await page.getByTestId("description").waitFor();
  assert.equal(await page.getByTestId("description").inputValue(), "Edited in airplane mode");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a damaged record is set aside and reported; every other order still opens", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  await openApp(page, env.relay.url);
  const bad = await createOrder(page, { po: "PO-DAMAGED" });
  const good = await createOrder(page, { po: "PO-HEALTHY" });
  // A start's check reads both orders and records their bytes as read by this build, so the
  // next start only hashes them: damage written under the same keys must still be found.
  // The reload happens on the list: an order open on screen is held in memory and its check is
  // deliberately not recorded, which would make the assertion below race the order page.
  await page.goto(`${env.relay.url}/#/orders`);
  await page.reload();
  await checkedAt(page);
  const checked = await page.evaluate(async (ids) => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("gendan");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const store = db.transaction("summaries").objectStore("summaries");
    const out = [];
    for (const id of ids) out.push(await new Promise((ok) => { const r = store.get(id); r.onsuccess = () => ok(JSON.parse(r.result).checked); }));
    db.close();
    return out;
  }, [bad, good]);
  assert.ok(checked.every((c) => typeof c === "string" && c.length === 32), `checks recorded: ${checked}`);
  const overwritten = await page.evaluate(async (id) => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("gendan");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction("chunks", "readwrite");
    const store = tx.objectStore("chunks");
    const keys = await new Promise((ok) => {
      const r = store.getAllKeys(IDBKeyRange.bound([id], [id, []]));
      r.onsuccess = () => ok(r.result);
    });
    for (const k of keys) store.put(new Uint8Array([0x85, 0x6f, 0x4a, 0x83, 1, 2, 3, 4, 5, 6, 7]), k);
    await new Promise((ok) => (tx.oncomplete = ok));
    db.close();
    return keys.length;
  }, bad);
  assert.ok(overwritten >= 1);
  await page.goto(`${env.relay.url}/#/orders`);
  await page.reload();
  const damagedRow = page.getByTestId("order-row").filter({ hasText: "PO-DAMAGED" });
  await damagedRow.filter({ hasText: "Damaged" }).waitFor({ timeout: 20000 });
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("quarantined").filter({ hasText: bad }).waitFor();
  await page.goto(`${env.relay.url}/#/orders/${good}`);
  await page.getByTestId("customer-po").waitFor();
  assert.equal(await page.getByTestId("customer-po").inputValue(), "PO-HEALTHY");
  await page.goto(`${env.relay.url}/#/orders/${bad}`);
  await page.getByTestId("order-damaged").waitFor();
  await ctx.close();
});

test("a full disk shows a clear message, keeps the edit and saves it once space is back", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  await openApp(page, env.relay.url);
  const id = await createOrder(page, { po: "PO-QUOTA" });
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    window.__restorePut = () => (IDBObjectStore.prototype.put = put);
    IDBObjectStore.prototype.put = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  await page.getByTestId("description").fill("Written while the disk was full");
  await page.getByTestId("save").click();
  await page.getByTestId("save-pending").filter({ hasText: "storage is full" }).waitFor();
  assert.equal(await page.getByTestId("description").inputValue(), "Written while the disk was full");
  await page.evaluate(() => window.__restorePut());
  await page.getByTestId("save-pending").waitFor({ state: "detached", timeout: 15000 });
  await page.reload();
  await page.getByTestId("description").waitFor();
  assert.equal(await page.getByTestId("description").inputValue(), "Written while the disk was full");
  assert.match(page.url(), new RegExp(id));
  await ctx.close();
});

test("a new build offers reload-to-update and keeps unsaved input", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  await openApp(page, env.relay.url);
  await waitForServiceWorker(page);
  await page.getByTestId("nav-new").click();
  await page.getByTestId("customer-po").fill("PO-TYPED-BEFORE-UPDATE");
  // Deploy a "new build": any change to sw.js makes the browser install the new worker.
  const sw = join(env.relay.dist, "sw.js");
  const next = readFileSync(sw, "utf8").replace(/const BUILD = "(\w+)"/, 'const BUILD = "$1-next"');
  writeFileSync(sw, next);
  // A build writes the compressed copies the relay prefers along with the file.
  writeFileSync(`${sw}.br`, brotliCompressSync(next));
  writeFileSync(`${sw}.gz`, gzipSync(next));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.getByTestId("update-banner").waitFor({ timeout: 20000 });
  // Listen before the click: the reload can finish before a listener added after it.
  const reloaded = page.waitForEvent("load");
  await page.getByTestId("update-banner").getByRole("button").click();
  await reloaded;
  await page.getByTestId("customer-po").waitFor();
  assert.equal(await page.getByTestId("customer-po").inputValue(), "PO-TYPED-BEFORE-UPDATE");
  const caches = await page.evaluate(() => caches.keys());
  assert.ok(caches.some((k) => k.endsWith("-next")), `new cache in use: ${caches}`);
  await ctx.close();
});

test("Chinese by default on a Chinese phone, switchable to English and back", async () => {
  const ctx = await phone(env.browser, "zh-CN");
  const page = await ctx.newPage();
  await openApp(page, env.relay.url);
  assert.equal(await page.getByTestId("nav-orders").textContent(), "订单");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
  await page.getByTestId("nav-new").click();
  await page.locator("[data-testid=order-form][data-new=true]").waitFor();
  assert.ok((await page.locator("label[for=f-customer-po]").textContent()).includes("客户订单号"));
  await page.screenshot({ path: join(artifactsDir(), "order-form-zh-360.png"), fullPage: true });
  await page.getByTestId("lang-toggle").click();
  assert.equal(await page.getByTestId("nav-orders").textContent(), "Orders");
  await page.reload();
  await page.getByTestId("nav-orders").waitFor();
  assert.equal(await page.getByTestId("nav-orders").textContent(), "Orders", "the choice is remembered");
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("storage-report").filter({ hasText: "MB" }).waitFor();
  await page.getByTestId("lang-select").selectOption("zh-CN");
  assert.equal(await page.getByTestId("nav-settings").textContent(), "设置");
  await ctx.close();
});
