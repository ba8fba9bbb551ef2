// `make bench` (photos): time and bytes to bring 50 photos of about 300 KB each (JPEG, as the app
// stores them) to a fresh device, over WebRTC after the code exchange and by bundle file
// ("with photos and files": export → import), side by side. Prints figures; asserts nothing.
//   node tests/bench/blobs.mjs [--photos 50]
// The photos are taken through the inspection screen's photo input (noisy pictures, so the
// app's JPEG lands near 300 KB), so both paths move what a phone would.
import { readFileSync } from "node:fs";
import { connectNearby, createOrder, encodePng, launch, nearbyUpToDate, openApp, phone, startRelay } from "../e2e/harness.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg("photos", 50);
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** A PNG of a smooth picture with noise: what a JPEG encoder keeps at a few bits per pixel. */
function noisyPng(width, height, seed) {
  let x32 = seed * 2654435761 + 1;
  const rnd = () => ((x32 = (x32 * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const base = (x * (c + 1) + y * (3 - c) + seed * 40) % 256;
        raw[row + 1 + x * 3 + c] = Math.max(0, Math.min(255, base + ((rnd() - 128) >> 2)));
      }
    }
  }
  return encodePng(width, height, raw);
}

/** Bytes of every blob this page's device holds. */
async function blobBytes(page) {
  return page.evaluate(async () => {
    const db = await new Promise((ok) => { const r = indexedDB.open("gendan"); r.onsuccess = () => ok(r.result); });
    const all = await new Promise((ok) => { const r = db.transaction("blobs").objectStore("blobs").getAll(); r.onsuccess = () => ok(r.result); });
    db.close();
    return { count: all.length, bytes: all.reduce((n, v) => n + (v.byteLength ?? v.length), 0) };
  });
}

const relay = await startRelay();
const browser = await launch({ webrtc: true });
try {
  const fullCtx = await phone(browser);
  const a = await fullCtx.newPage();
  await openApp(a, relay.url);
  await createOrder(a, { po: "PO-BENCH-PHOTOS", colours: ["Red"], sizes: ["M"], qty: ["5000"] });
  await a.getByTestId("tab-qc").click();
  await a.getByTestId("new-inspection-lot").fill("5000");
  await a.getByTestId("new-inspection").click();
  await a.getByTestId("sampling-plan").waitFor();
  await a.locator("[data-testid=defect-type][data-code=D05]").getByTestId("defect-plus").click();
  for (let i = 0; i < N; i++) {
    await a.getByTestId("photo-input").first().setInputFiles({ name: `p${i}.png`, mimeType: "image/png", buffer: noisyPng(1100, 825, i + 1) });
    await a.waitForFunction((n) => document.querySelectorAll("[data-testid=photo]").length >= n, i + 1, { timeout: 60000 });
  }
  const held = await blobBytes(a);
  console.log(`${held.count} photos on the full device, ${mb(held.bytes)} (${(held.bytes / held.count / 1000).toFixed(0)} KB each on average)`);

  // WebRTC: a fresh device, codes exchanged, until it stored every photo and both say up to date.
  const rtcCtx = await phone(browser);
  const b = await rtcCtx.newPage();
  await openApp(b, relay.url);
  const t0 = Date.now();
  await connectNearby(a, b);
  await b.locator(`[data-testid=nearby-files][data-received='${held.count}'][data-busy=false]`).waitFor({ timeout: 600000 });
  const rtcFiles = Date.now() - t0;
  await nearbyUpToDate(a, 600000);
  await nearbyUpToDate(b, 600000);
  const rtcDone = Date.now() - t0;
  const wire = await a.getByTestId("nearby-status").evaluate((el) => ({ sent: Number(el.dataset.sentBytes), received: Number(el.dataset.receivedBytes) }));
  const gotB = await blobBytes(b);
  await a.getByTestId("nearby-close").click();

  // By file: export everything with photos, import on a fresh device.
  await a.evaluate(() => (location.hash = "#/settings"));
  await a.getByTestId("export-with-files").check();
  await a.getByTestId("export-files-size").waitFor({ timeout: 120000 });
  const te = Date.now();
  const [download] = await Promise.all([a.waitForEvent("download", { timeout: 600000 }), a.getByTestId("export-all").click()]);
  const bundle = readFileSync(await download.path());
  const exported = Date.now() - te;
  const fileCtx = await phone(browser);
  const c = await fileCtx.newPage();
  await openApp(c, relay.url);
  await c.evaluate(() => (location.hash = "#/settings"));
  const ti = Date.now();
  await c.getByTestId("import-file").setInputFiles({ name: "all.gendan", mimeType: "application/octet-stream", buffer: bundle });
  await c.getByTestId("import-result").filter({ hasText: /photos and files added/ }).waitFor({ timeout: 600000 });
  const imported = Date.now() - ti;
  const gotC = await blobBytes(c);

  console.log(`${N} photos to a fresh device (headless Chromium, loopback, one order):`);
  console.log(`  path          | time                                  | bytes`);
  console.log(`  WebRTC        | all photos stored ${s(rtcFiles)}, both up to date ${s(rtcDone)} | ${mb(wire.sent)} sent by the full device, ${mb(wire.received)} back; ${gotB.count} photos, ${mb(gotB.bytes)} stored`);
  console.log(`  bundle file   | export ${s(exported)} + import ${s(imported)} = ${s(exported + imported)}        | file ${mb(bundle.length)}; ${gotC.count} photos, ${mb(gotC.bytes)} stored`);
  await rtcCtx.close();
  await fileCtx.close();
  await fullCtx.close();
} finally {
  await browser.close();
  await relay.stop();
}
