// `make bench` (nearby devices): time and bytes to bring a fresh device up to date with N orders
// (default 1,000) directly over WebRTC after the code exchange, and the same fresh-device catch-up
// through the relay (WebSocket) and by bundle file (export all → import on a fresh device) in the
// same run for comparison, and for file and relay the fresh device's next start-up check.
// Prints figures; asserts nothing.
//   node tests/bench/webrtc.mjs [--orders 1000] [--paths webrtc,file,relay]
// Orders are seeded by copying one real order's chunks under new document ids and listing them in
// the workspace (with @automerge/automerge in node), so both paths see a real workspace.
import { readFileSync } from "node:fs";
import { checkedAt, connectNearby, createOrder, launch, nearbyUpToDate, openApp, phone, seedOrders, startRelay } from "../e2e/harness.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg("orders", 1000);
const pathsAt = process.argv.indexOf("--paths");
const paths = new Set((pathsAt > 0 ? process.argv[pathsAt + 1] : "webrtc,file,relay").split(","));
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

/** Reloads `page` and returns the time from navigation to the start-up check's end (the mark
 * `gendan-checked`; NaN for a build without it). */
async function nextStartCheck(page) {
  await page.reload();
  return checkedAt(page, 300000).catch(() => NaN);
}

async function countIs(page, n, timeout = 600000) {
  if (process.env.DEBUG_BENCH) console.log("count now:", await page.getByTestId("order-count").innerText().catch((e) => String(e)), await page.locator("main").innerText().catch(() => ""));
  await page.getByTestId("order-count").filter({ hasText: new RegExp(`^${n} `) }).waitFor({ timeout });
}

const relay = await startRelay();
const browser = await launch({ webrtc: true });
try {
  // The device that has everything.
  const full = await phone(browser);
  // Keeps the wasm's memory at hand, to report how much the export leaves loaded.
  await full.addInitScript(() => addEventListener("TrunkApplicationStarted", (e) => (window.__wasmMemory = e.detail.wasm.memory)));
  const a = await full.newPage();
  await openApp(a, relay.url);
  const first = await createOrder(a, { po: "PO-0" });
  await seedOrders(a, first, N);
  await a.reload();
  await a.evaluate(() => (location.hash = "#/orders"));
  await countIs(a, N);

  // WebRTC: a fresh device, codes exchanged, until it lists every order and both say up to date.
  if (paths.has("webrtc")) {
  const freshCtx = await phone(browser);
  const b = await freshCtx.newPage();
  await openApp(b, relay.url);
  const t0 = Date.now();
  await connectNearby(a, b);
  await b.evaluate(() => (location.hash = "#/orders"));
  await countIs(b, N);
  const listed = Date.now() - t0;
  await b.evaluate(() => (location.hash = "#/nearby"));
  await nearbyUpToDate(b, 600000);
  await nearbyUpToDate(a, 600000);
  const done = Date.now() - t0;
  const bytes = await a.getByTestId("nearby-status").evaluate((el) => ({ sent: Number(el.dataset.sentBytes), received: Number(el.dataset.receivedBytes) }));
  console.log(`Fresh device up to date with ${N} orders over WebRTC (headless Chromium, loopback):`);
  console.log(`  all ${N} orders listed after ${(listed / 1000).toFixed(1)} s, both devices "up to date" after ${(done / 1000).toFixed(1)} s`);
  console.log(`  bytes: ${kb(bytes.sent)} sent by the full device, ${kb(bytes.received)} sent back by the fresh one`);
  await a.getByTestId("nearby-close").click();
  await freshCtx.close();
  }

  // By file: export everything on the full device, import on a fresh one, until it lists them all.
  if (paths.has("file")) {
  await a.evaluate(() => (location.hash = "#/settings"));
  // The wasm's memory grows with the documents held loaded, and never shrinks.
  const wasmMemory = () => a.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? NaN);
  const before = await wasmMemory();
  const te = Date.now();
  const [download] = await Promise.all([a.waitForEvent("download"), a.getByTestId("export-all").click()]);
  const bundle = readFileSync(await download.path());
  const exported = Date.now() - te;
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
  const memory = `wasm memory ${mb(before)} before the export, ${mb(await wasmMemory())} after`;
  const fileCtx = await phone(browser);
  const f = await fileCtx.newPage();
  await openApp(f, relay.url);
  await f.evaluate(() => (location.hash = "#/settings"));
  const ti = Date.now();
  await f.getByTestId("import-file").setInputFiles({ name: "all.gendan", mimeType: "application/octet-stream", buffer: bundle });
  await f.getByTestId("import-result").filter({ hasText: /new orders?/ }).waitFor({ timeout: 600000 });
  const imported = Date.now() - ti;
  await f.evaluate(() => (location.hash = "#/orders"));
  await countIs(f, N);
  console.log(`Fresh device up to date with ${N} orders by bundle file:`);
  console.log(`  export ${(exported / 1000).toFixed(1)} s, import ${(imported / 1000).toFixed(1)} s, file ${kb(bundle.length)}`);
  console.log(`  ${memory}`);
  console.log(`  the next start's damage check done after ${((await nextStartCheck(f)) / 1000).toFixed(2)} s from navigation`);
  await fileCtx.close();
  }

  // The relay: the full device uploads (not timed), then a fresh device joins by invite.
  if (paths.has("relay")) {
  await a.evaluate(() => (location.hash = "#/settings"));
  await a.getByTestId("relay-token").fill(relay.token("bench"));
  await a.getByTestId("sync-connect").click();
  await a.getByTestId("sync-chip").filter({ hasText: /Synced at/ }).waitFor({ timeout: 600000 });
  const invite = await a.getByTestId("invite-link").inputValue();
  const relayCtx = await phone(browser);
  const c = await relayCtx.newPage();
  let wsBytes = { up: 0, down: 0 };
  c.on("websocket", (ws) => {
    ws.on("framesent", (f) => (wsBytes.up += f.payload.length));
    ws.on("framereceived", (f) => (wsBytes.down += f.payload.length));
  });
  // The catch-up answers (HTTP, gzip): bytes as sent on the wire.
  const catchUp = { answers: 0, bytes: 0 };
  c.on("response", async (r) => {
    if (!r.url().endsWith("/catch-up")) return;
    catchUp.answers += 1;
    catchUp.bytes += Number((await r.allHeaders())["content-length"] ?? 0);
    catchUp.last = Date.now();
  });
  // When the socket's traffic happened: frames per second after the invite is opened.
  const frames = [];
  c.on("websocket", (ws) => {
    ws.on("framesent", () => frames.push(["sent", Date.now()]));
    ws.on("framereceived", () => frames.push(["received", Date.now()]));
  });
  await c.goto(`${relay.url}/#/orders`);
  await c.getByTestId("order-count").waitFor({ timeout: 20000 });
  const t1 = Date.now();
  await c.goto(invite);
  await countIs(c, N);
  const relayListed = Date.now() - t1;
  await c.getByTestId("sync-chip").filter({ hasText: /Synced at/ }).waitFor({ timeout: 600000 });
  const relayDone = Date.now() - t1;
  console.log(`Fresh device up to date with ${N} orders through the relay (WebSocket, debug relay unless GENDAN_RELAY_BIN):`);
  console.log(`  all ${N} orders listed after ${(relayListed / 1000).toFixed(1)} s, "Synced" after ${(relayDone / 1000).toFixed(1)} s`);
  console.log(`  bytes: ${kb(wsBytes.down)} received, ${kb(wsBytes.up)} sent by the fresh device over the socket; ` +
    `${catchUp.answers} catch-up answer(s), ${kb(catchUp.bytes)} on the wire` +
    (catchUp.last ? `, the last in after ${((catchUp.last - t1) / 1000).toFixed(1)} s` : ""));
  const perSecond = new Map();
  for (const [dir, at] of frames) {
    const s = Math.floor((at - t1) / 1000);
    const row = perSecond.get(s) ?? { sent: 0, received: 0 };
    row[dir] += 1;
    perSecond.set(s, row);
  }
  console.log(`  socket frames by second after the invite: ${[...perSecond].map(([s, r]) => `${s}s ${r.sent}/${r.received}`).join(", ")}`);
  console.log(`  the next start's damage check done after ${((await nextStartCheck(c)) / 1000).toFixed(2)} s from navigation`);
  await relayCtx.close();
  }
  await full.close();
} finally {
  await browser.close();
  await relay.stop();
}
