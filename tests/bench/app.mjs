// `make bench` (app part): bundle sizes, time from navigation to an interactive orders list with
// 0, 1,000 and 10,000 orders stored, the start-up damage check over them (and, with
// `GENDAN_NEXT_DIST=<another build's dist>`, at the first start after updating to it), time to filter and sort
// that list, the page's memory, the time Today takes to read every order, time to open an order among 10,000, a 12-megapixel photo's
// way to a stored thumbnail, and bytes written to IndexedDB by one field edit.
// Prints figures; asserts nothing (targets: shell <= 600 KB gzip, 10k orders < 1 s, edit < 2 KB).
import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { checkedAt, createOrder, launch, openApp, phone, ROOT, startRelay } from "../e2e/harness.mjs";

/** The build measured: what the relay serves and the shell's files. */
const DIST = process.env.GENDAN_DIST ?? join(ROOT, "dist");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

function sizes() {
  let raw = 0, gz = 0;
  const rows = [];
  for (const f of readdirSync(DIST)) {
    if (!/\.(wasm|js|css)$/.test(f)) continue;
    const data = readFileSync(join(DIST, f));
    const z = gzipSync(data, { level: 9 }).length;
    raw += data.length;
    gz += z;
    rows.push(`  ${f.padEnd(40)} ${kb(data.length).padStart(11)} raw ${kb(z).padStart(11)} gzip`);
  }
  console.log("App shell (wasm + JS + CSS):");
  console.log(rows.join("\n"));
  console.log(`  ${"total".padEnd(40)} ${kb(raw).padStart(11)} raw ${kb(gz).padStart(11)} gzip   (target <= 600 KB gzip)`);
}

/** Copies the stored order `id` (its chunks and summary) to `n - 1` further orders. */
async function seed(page, id, n) {
  await page.evaluate(async ({ id, n }) => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("gendan");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const get = (store, q) => new Promise((ok) => { const r = store.getAll(q); r.onsuccess = () => ok(r.result); });
    const getKeys = (store, q) => new Promise((ok) => { const r = store.getAllKeys(q); r.onsuccess = () => ok(r.result); });
    const tx = db.transaction(["chunks", "summaries"], "readwrite");
    const chunks = tx.objectStore("chunks");
    const summaries = tx.objectStore("summaries");
    const range = IDBKeyRange.bound([id], [id, []]);
    const [keys, values] = [await getKeys(chunks, range), await get(chunks, range)];
    const summary = JSON.parse(await new Promise((ok) => { const r = summaries.get(id); r.onsuccess = () => ok(r.result); }));
    for (let i = 1; i < n; i++) {
      const copy = `bench${String(i).padStart(6, "0")}`;
      keys.forEach((k, j) => chunks.put(values[j], [copy, k[1], k[2]]));
      summaries.put(JSON.stringify({ ...summary, id: copy, customer_po: `PO-${i}`, updated_ms: i }), copy);
    }
    await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
    db.close();
  }, { id, n });
}

async function timeToList(browser, relay, n) {
  const url = relay.url;
  const ctx = await phone(browser);
  const page = await ctx.newPage();
  await openApp(page, url);
  if (n > 0) {
    const id = await createOrder(page, { po: "PO-0" });
    await seed(page, id, n);
  }
  // The start-up check, which loads every order once to find damage nobody has opened: the
  // first start after the orders arrived loads each of them, a later one only reads and hashes
  // the bytes of orders this build has checked before. From navigation to the mark
  // `gendan-checked` (NaN for a build without it).
  const checks = [];
  if (n > 0) {
    for (const run of ["first", "again"]) {
      await page.goto(`${url}/?check=${run}#/orders`);
      const at = await checkedAt(page, 300000).catch(() => NaN);
      checks.push(at);
      if (Number.isNaN(at)) break;
    }
  }
  const times = [];
  for (let run = 0; run < 5; run++) {
    // A new query string makes it a real navigation, not a hash change.
    await page.goto(`${url}/?run=${run}#/orders`);
    await page.getByTestId("order-count").filter({ hasText: new RegExp(`^${n} `) }).waitFor({ timeout: 60000 });
    // Interactive: the search box answers input.
    await page.getByTestId("search").fill("PO-1");
    times.push(await page.evaluate(() => performance.now()));
  }
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  // Filtering and sorting the list: from the input to the count on screen.
  const filter = [];
  if (n > 0) {
    await page.getByTestId("search").fill("");
    await page.getByTestId("order-count").filter({ hasText: new RegExp(`^${n} `) }).waitFor();
    await page.getByTestId("filters-toggle").click();
    for (const [what, act, expect] of [
      ["search", () => page.getByTestId("search").fill("PO-99"), /^\d+ /],
      ["clear", () => page.getByTestId("search").fill(""), new RegExp(`^${n} `)],
      ["late", () => page.getByTestId("filter-late").check(), /^\d+ /],
      ["not late", () => page.getByTestId("filter-late").uncheck(), new RegExp(`^${n} `)],
      ["sort PO", () => page.getByTestId("sort").selectOption("po"), new RegExp(`^${n} `)],
    ]) {
      const t0 = await page.evaluate(() => performance.now());
      await act();
      await page.getByTestId("order-count").filter({ hasText: expect }).waitFor();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      filter.push(`${what} ${((await page.evaluate(() => performance.now())) - t0).toFixed(0)} ms`);
    }
  }
  const rows = await page.getByTestId("order-row").count();
  // Today reads every open order a few at a time.
  let today = 0;
  if (n > 0) {
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId("nav-today").click();
    await page.getByTestId("today-progress").filter({ hasText: /^Checked / }).waitFor({ timeout: 600000 });
    today = (await page.evaluate(() => performance.now())) - t0;
  }
  // Today again after a reload: the agendas kept by the first visit answer without the documents.
  let todayAgain = 0;
  if (n > 0) {
    await page.goto(`${url}/?again#/orders`);
    await page.getByTestId("order-count").filter({ hasText: new RegExp(`^${n} `) }).waitFor({ timeout: 60000 });
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId("nav-today").click();
    await page.getByTestId("today-progress").filter({ hasText: /^Checked / }).waitFor({ timeout: 600000 });
    todayAgain = (await page.evaluate(() => performance.now())) - t0;
  }
  // Reports: the KPIs over every order, from the route change to the figures on screen (the
  // first visit of this page load, so no earlier figures are shown meanwhile).
  let reports = 0;
  if (n > 0) {
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId("nav-reports").click();
    await page.getByTestId("kpi-overall").first().waitFor({ timeout: 600000 });
    reports = (await page.evaluate(() => performance.now())) - t0;
  }
  // Settings: what photos and files take on the device, measured when the screen opens (from
  // the route change to the figure on screen).
  let storageUse = 0;
  if (n > 0) {
    const t0 = await page.evaluate(() => performance.now());
    await page.evaluate(() => (location.hash = "#/settings"));
    await page.locator("[data-testid=blob-total], [data-testid=blob-none]").first().waitFor({ timeout: 600000 });
    storageUse = (await page.evaluate(() => performance.now())) - t0;
  }
  const heapAfter = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  // Opening an order from the list: from the route change to its form filled in (5 orders).
  const opens = [];
  if (n > 0) {
    for (const i of [1, Math.floor(n / 4), Math.floor(n / 2), n - 2, 7]) {
      await page.evaluate(() => (location.hash = "#/orders"));
      await page.getByTestId("order-count").waitFor();
      const t0 = await page.evaluate((id) => {
        const t = performance.now();
        location.hash = `#/orders/${id}`;
        return t;
      }, `bench${String(i).padStart(6, "0")}`);
      await page.waitForFunction(() => document.querySelector("[data-testid=customer-po]")?.value === "PO-0", null, { timeout: 60000 });
      opens.push((await page.evaluate(() => performance.now())) - t0);
    }
  }
  // `GENDAN_NEXT_DIST`: the app updates to that build (its files served in place of this one's,
  // the service worker and its caches gone, as after an update), then starts: the check loads
  // every order again only if the update changed the code that reads them (`build.rs`).
  let update = NaN;
  const next = process.env.GENDAN_NEXT_DIST;
  if (n > 0 && next) {
    const serve = (from) => {
      rmSync(relay.dist, { recursive: true, force: true });
      cpSync(from, relay.dist, { recursive: true });
    };
    serve(next);
    await page.evaluate(async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      for (const k of await caches.keys()) await caches.delete(k);
    });
    await page.goto(`${url}/?check=update#/orders`);
    update = await checkedAt(page, 300000).catch(() => NaN);
    serve(DIST);
  }
  await ctx.close();
  return { ms: median(times), heap, filter, rows, today, todayAgain, reports, storageUse, heapAfter, opens, checks, update };
}

/** A 12-megapixel camera-like JPEG (noise, so it compresses like a photo) through the inspection
 * screen's photo input: decode, downscale to 1,600 px, JPEG, hash and store, until it shows. */
async function photoTimes(browser, url) {
  const ctx = await phone(browser);
  const page = await ctx.newPage();
  await openApp(page, url);
  await createOrder(page, { po: "PO-PHOTO" });
  await page.getByTestId("tab-qc").click();
  await page.getByTestId("new-inspection-lot").fill("500");
  await page.getByTestId("new-inspection").click();
  await page.getByTestId("sampling-plan").waitFor();
  await page.locator("[data-testid=defect-type][data-code=D05]").getByTestId("defect-plus").click();
  await page.getByTestId("photo-input").first().waitFor({ state: "attached" });
  const times = [];
  for (let run = 0; run < 3; run++) {
    const t = await page.evaluate(async (run) => {
      const canvas = document.createElement("canvas");
      canvas.width = 4000;
      canvas.height = 3000;
      const g = canvas.getContext("2d");
      const img = g.createImageData(4000, 3000);
      let x = 12345 + run;
      for (let i = 0; i < img.data.length; i += 4) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        img.data[i] = x & 255;
        img.data[i + 1] = (x >> 8) & 255;
        img.data[i + 2] = (x >> 16) & 255;
        img.data[i + 3] = 255;
      }
      g.putImageData(img, 0, 0);
      const blob = await new Promise((r) => canvas.toBlob(r, "image/jpeg", 0.92));
      const input = document.querySelector("[data-testid=photo-input]");
      const before = document.querySelectorAll("[data-testid=photo]").length;
      const dt = new DataTransfer();
      dt.items.add(new File([blob], `p${run}.jpg`, { type: "image/jpeg" }));
      input.files = dt.files;
      const t0 = performance.now();
      input.dispatchEvent(new Event("change", { bubbles: true }));
      while (document.querySelectorAll("[data-testid=photo]").length === before) {
        await new Promise((r) => setTimeout(r, 5));
      }
      return { ms: performance.now() - t0, bytes: blob.size };
    }, run);
    times.push(t);
  }
  await ctx.close();
  return times;
}

async function editBytes(browser, url) {
  const ctx = await phone(browser);
  const page = await ctx.newPage();
  await openApp(page, url);
  await createOrder(page, { po: "PO-EDIT" });
  await page.evaluate(() => {
    window.__bytes = 0;
    const size = (v) => (v instanceof Uint8Array ? v.byteLength : typeof v === "string" ? new TextEncoder().encode(v).length : 0);
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      window.__bytes += size(value) + (Array.isArray(key) ? key.reduce((s, k) => s + size(k), 0) : size(key));
      return put.call(this, value, key);
    };
  });
  const perEdit = [];
  for (let i = 0; i < 12; i++) {
    await page.evaluate(() => (window.__bytes = 0));
    await page.getByTestId("description").fill(`Edit number ${i}`);
    await page.getByTestId("save").click();
    await page.waitForFunction(() => window.__bytes > 0);
    await page.getByTestId("save-status").filter({ hasText: "Saved" }).waitFor();
    await page.waitForTimeout(50);
    perEdit.push(await page.evaluate(() => window.__bytes));
  }
  await ctx.close();
  return perEdit;
}

sizes();
const relay = await startRelay();
const browser = await launch();
try {
  console.log("\nNavigation to interactive orders list (headless Chromium, 360x740, median of 5):");
  for (const n of [0, 1000, 10000]) {
    const { ms, heap, filter, rows, today, todayAgain, reports, storageUse, heapAfter, opens, checks, update } = await timeToList(browser, relay, n);
    console.log(`  ${String(n).padStart(6)} orders: ${ms.toFixed(0).padStart(6)} ms   JS heap ${(heap / 1e6).toFixed(1)} MB   rows in DOM ${rows}`);
    if (n > 0) {
      console.log(`         start-up check done (from navigation): first start ${(checks[0] / 1000).toFixed(2)} s (every order loaded), next start ${((checks[1] ?? NaN) / 1000).toFixed(2)} s`);
      if (process.env.GENDAN_NEXT_DIST) {
        console.log(`         first start after updating to GENDAN_NEXT_DIST: ${(update / 1000).toFixed(2)} s`);
      }
      console.log(`         filter/sort: ${filter.join(", ")}`);
      console.log(`         Today over all orders: first visit ${(today / 1000).toFixed(2)} s (agendas made), after a reload ${(todayAgain / 1000).toFixed(2)} s (from the index)   JS heap after ${(heapAfter / 1e6).toFixed(1)} MB`);
      console.log(`         Reports (KPIs over all orders): ${(reports / 1000).toFixed(2)} s`);
      console.log(`         Settings, photos and files measured: ${(storageUse / 1000).toFixed(2)} s`);
      console.log(`         open an order from the list: median ${median(opens).toFixed(0)} ms (${opens.map((t) => t.toFixed(0)).join(", ")})`);
    }
  }
  // `--list-only`: the list and Today figures, without the photo and edit ones.
  if (!process.argv.includes("--list-only")) {
    const photos = await photoTimes(browser, relay.url);
    console.log("\nA 12-megapixel photo (4000 x 3000 JPEG) to a stored 1600 x 1200 thumbnail on the inspection screen:");
    console.log(`  median ${median(photos.map((p) => p.ms)).toFixed(0)} ms (${photos.map((p) => `${p.ms.toFixed(0)} ms for ${(p.bytes / 1e6).toFixed(1)} MB`).join(", ")})`);
    const edits = await editBytes(browser, relay.url);
    console.log("\nBytes written to IndexedDB per one-field edit (value + key bytes, 12 edits):");
    console.log(`  median ${median(edits)} B, min ${Math.min(...edits)} B, max ${Math.max(...edits)} B (compaction)   all: ${edits.join(" ")}`);
  }
} finally {
  await browser.close();
  await relay.stop();
}
