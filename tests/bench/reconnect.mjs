// `make bench` (reconnect part): a device holding N orders (default 1,000) that the relay already
// has reconnects with nothing changed, first without a kept sync state (cleared: a full exchange,
// a message pair per document), then with the state the previous session kept (the resume
// handshake, `gendan_sync::resume`). Prints the time from the socket opening to "Synced" and the
// bytes on the wire both ways, side by side. Asserts nothing (goal: < 300 ms and < 50 KB).
// Usage: node tests/bench/reconnect.mjs [--orders N]
import { createOrder, joinRelay, launch, phone, seedOrders, startRelay, synced } from "../e2e/harness.mjs";

const arg = process.argv.indexOf("--orders");
const N = arg > 0 ? Number(process.argv[arg + 1]) : 1000;

/** Counts WebSocket bytes both ways and notes when the socket opened and when the sync chip
 * first says "Synced" after that, in page time. */
const meter = () => {
  window.__wire = { out: 0, in: 0, opened: 0, synced: 0 };
  const Real = window.WebSocket;
  window.WebSocket = class extends Real {
    constructor(...args) {
      super(...args);
      window.__wire.opened = performance.now();
      this.addEventListener("message", (e) => (window.__wire.in += e.data.byteLength ?? e.data.length ?? 0));
    }
    send(data) {
      window.__wire.out += data.byteLength ?? data.length ?? 0;
      return super.send(data);
    }
  };
  const watch = () => {
    const chip = document.querySelector("[data-testid=sync-chip]");
    if (chip && /Synced at/.test(chip.textContent) && window.__wire.opened && !window.__wire.synced) {
      window.__wire.synced = performance.now();
    }
  };
  new MutationObserver(watch).observe(document, { subtree: true, childList: true, characterData: true });
};

async function clearKept(page) {
  await page.evaluate(async () => {
    const db = await new Promise((ok) => { const r = indexedDB.open("gendan"); r.onsuccess = () => ok(r.result); });
    const tx = db.transaction(["sync_states"], "readwrite");
    tx.objectStore("sync_states").clear();
    await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
    db.close();
  });
}

/** Reloads the page (a new socket, nothing changed anywhere) and measures until synced. */
async function reconnect(page) {
  await page.reload();
  await page.waitForFunction(() => window.__wire?.synced > 0, null, { timeout: 300000 });
  // Frames after "Synced" (late answers) count too.
  await page.waitForTimeout(1500);
  return page.evaluate(() => ({ ...window.__wire, ms: window.__wire.synced - window.__wire.opened }));
}

const relay = await startRelay();
const browser = await launch();
try {
  const ctx = await phone(browser);
  await ctx.addInitScript(meter);
  const page = await ctx.newPage();
  await joinRelay(page, relay.url, relay.token("bench"));
  const first = await createOrder(page, { po: "PO-0", colours: ["Navy"], sizes: ["M"], qty: ["100"] });
  await synced(page);
  await seedOrders(page, first, N);
  const t0 = Date.now();
  // The orders list counts them (createOrder left the page on the new order).
  await page.goto(`${relay.url}/#/orders`);
  await page.reload();
  await page.getByTestId("order-count").filter({ hasText: new RegExp(`^${N} `) }).waitFor({ timeout: 120000 });
  await page.waitForFunction(() => window.__wire?.synced > 0, null, { timeout: 600000 });
  console.log(`${N} orders pushed to the relay in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // The session that pushed them may still be keeping its state: let it finish.
  await page.waitForTimeout(3000);
  await page.reload();
  await page.waitForFunction(() => window.__wire?.synced > 0, null, { timeout: 600000 });
  await page.waitForTimeout(3000);

  const rows = [];
  for (const [label, kept] of [["without a kept sync state", false], ["with the kept sync state", true], ["with the kept sync state, again", true]]) {
    if (!kept) await clearKept(page);
    const r = await reconnect(page);
    rows.push({ label, ...r });
    // The relay keeps its map when the socket closes; the device keeps its own once synced.
    await page.waitForTimeout(2000);
  }
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`.padStart(10);
  console.log(`\nReconnect with nothing changed, ${N} orders (socket open -> "Synced", bytes of WebSocket frames):`);
  for (const r of rows) {
    console.log(`  ${r.label.padEnd(34)} ${r.ms.toFixed(0).padStart(6)} ms   sent ${kb(r.out)}   received ${kb(r.in)}   total ${kb(r.out + r.in)}`);
  }
  console.log("  (goal: < 300 ms and < 50 KB with the kept state)");
  await ctx.close();
} finally {
  await browser.close();
  await relay.stop();
}
