// Loading at the factory gate (issue 14), on a phone at 360 px with no network: a shipment packed
// in carton lines has its cartons ticked by typed entry (a range, a number, a barcode's `PO/n`)
// while the browser is offline; numbers not on the packing list or loaded already are refused;
// loaded / total is right after a reload, still offline, on the compact card and inside it; the
// shipping marks print each carton of a range with its number and code. A shipment without carton
// lines takes its pieces by colour × size by hand, read strictly, and every figure follows them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifactsDir, createOrder, noSidewaysScroll, openApp, phone, suite, tab, waitForServiceWorker, watchErrors } from "./harness.mjs";

const env = suite();

/** Adds a solid carton line to the open shipment card. */
async function addCartons(card, { from, to, colour, size, pieces }) {
  const f = card.getByTestId("carton-form");
  await f.getByTestId("c-from").fill(String(from));
  await f.getByTestId("c-to").fill(String(to));
  await f.getByTestId("c-pack").selectOption("solid");
  await f.getByTestId("c-colour").selectOption({ label: colour });
  await f.getByTestId("c-size").selectOption({ label: size });
  await f.getByTestId("c-pieces").fill(String(pieces));
  for (const [id, v] of [["c-length", "60"], ["c-width", "40"], ["c-height", "30"], ["c-net", "10"], ["c-gross", "11"]]) {
    await f.getByTestId(id).fill(v);
  }
  await f.getByTestId("c-save").click();
  await card.locator(`[data-testid=carton-line][data-from="${from}"][data-to="${to}"]`).waitFor();
}

/** Adds a shipment; it opens by itself. */
async function newShipment(page) {
  await page.getByTestId("add-shipment").click();
  const card = page.getByTestId("shipment").filter({ has: page.locator("details[open]") });
  await card.getByTestId("s-save").waitFor();
  return card;
}

/** Types `text` into the loading entry and ticks (or unticks). */
async function enter(card, text, button = "load-tick") {
  await card.getByTestId("load-entry").fill(text);
  await card.getByTestId(button).click();
}

test("cartons ticked offline by typed entry count after a reload; marks print each carton's number and code", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await waitForServiceWorker(page);
  await createOrder(page, { po: "PO-LOAD-14", colours: ["Black"], sizes: ["S", "M"], qty: ["200", "100"] });
  await tab(page, "shipment");
  const card = await newShipment(page);
  await addCartons(card, { from: 1, to: 10, colour: "Black", size: "S", pieces: 20 });
  await addCartons(card, { from: 11, to: 15, colour: "Black", size: "M", pieces: 20 });
  const count = card.getByTestId("loaded-count");
  await count.filter({ hasText: "Loaded 0 / 15 cartons" }).waitFor();

  await ctx.setOffline(true);
  await enter(card, "1-10");
  await count.filter({ hasText: "Loaded 10 / 15 cartons" }).waitFor();
  assert.equal(await card.getByTestId("load-said").innerText(), "10 cartons ticked as loaded");
  await enter(card, "12");
  await count.filter({ hasText: "Loaded 11 / 15 cartons" }).waitFor();
  // What the marks' code holds: the order's PO and the carton number.
  await enter(card, "PO-LOAD-14/13");
  await count.filter({ hasText: "Loaded 12 / 15 cartons" }).waitFor();
  assert.equal(await card.getByTestId("load-said").innerText(), "1 carton ticked as loaded");
  // Refused, each with its reason, and nothing ticked.
  await enter(card, "16");
  await card.getByTestId("load-error").filter({ hasText: "Carton 16 is not on this shipment's packing list" }).waitFor();
  await enter(card, "14-17");
  await card.getByTestId("load-error").filter({ hasText: "2 cartons from no. 16 are not on this shipment's packing list" }).waitFor();
  await enter(card, "12");
  await card.getByTestId("load-error").filter({ hasText: "Already loaded" }).waitFor();
  await enter(card, "PO-OTHER/3");
  await card.getByTestId("load-error").filter({ hasText: "belongs to order PO-OTHER" }).waitFor();
  await enter(card, "9-1");
  await card.getByTestId("load-error").filter({ hasText: "runs backwards" }).waitFor();
  // A range partly loaded ticks the rest; a mistake is unticked.
  await enter(card, "9-11");
  await count.filter({ hasText: "Loaded 13 / 15 cartons" }).waitFor();
  assert.equal(await card.getByTestId("load-said").innerText(), "1 carton ticked as loaded (2 of them were loaded already)");
  await enter(card, "11", "load-untick");
  await count.filter({ hasText: "Loaded 12 / 15 cartons" }).waitFor();
  assert.equal(await card.getByTestId("load-error").innerText(), "");
  assert.ok(await noSidewaysScroll(page), "loading fits 360 px");

  // Still offline: the reload is served by the service worker and the ticks come from storage.
  await page.reload();
  const again = page.getByTestId("shipment").first();
  await again.getByTestId("ship-sum-loaded").filter({ hasText: "loaded 12/15" }).waitFor({ timeout: 20000 });
  assert.equal(await again.getByTestId("ship-sum-cartons").innerText(), "15 ctns");
  assert.equal(await again.getByTestId("ship-sum-pcs").innerText(), "300 pcs");
  await again.getByTestId("ship-toggle").click();
  await again.getByTestId("loaded-count").filter({ hasText: "Loaded 12 / 15 cartons" }).waitFor();
  assert.equal(await again.getByTestId("not-loaded").innerText(), "Not loaded yet: 11, 14–15");
  await page.screenshot({ path: join(artifactsDir(), "loading-360.png"), fullPage: true });

  // Shipping marks of cartons 11–15: one main and side mark per carton, "n of 15", its code.
  await again.getByTestId("marks-open").click();
  const sheet = page.getByTestId("marks-sheet");
  await sheet.getByTestId("marks-range").selectOption({ label: "Cartons 11–15" });
  await sheet.locator("[data-testid=mark][data-carton='15']").waitFor();
  assert.equal(await sheet.getByTestId("mark").count(), 5);
  const first = sheet.locator("[data-testid=mark][data-carton='11']");
  assert.equal(await first.getByTestId("mark-no").innerText(), "C/No. 11 of 15");
  assert.equal(await first.getByTestId("mark-po").innerText(), "PO-LOAD-14");
  assert.match(await first.getByTestId("mark-holds").innerText(), /Black M 20/);
  assert.match(await first.getByTestId("mark-weights").innerText(), /N\.W\. 10 kg · G\.W\. 11 kg/);
  assert.equal(await first.locator("[role=img]").getAttribute("aria-label"), "Carton code PO-LOAD-14/11");
  assert.equal(await first.locator("svg").count(), 1);
  assert.ok(await noSidewaysScroll(page), "marks fit 360 px");
  // Printed, the page holds the marks and nothing of the order page.
  await page.emulateMedia({ media: "print" });
  assert.ok(await sheet.isVisible());
  assert.ok(!(await page.getByTestId("shipment-section").isVisible()), "the order page is left out of the print");
  await page.emulateMedia({ media: "screen" });
  await sheet.getByTestId("marks-close").click();
  await sheet.waitFor({ state: "detached" });
  await ctx.setOffline(false);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a shipment without carton lines takes its pieces by colour and size by hand; its figures follow", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await createOrder(page, { po: "PO-MATRIX-14", colours: ["Black", "Navy"], sizes: ["S", "M"], qty: ["100", "200", "100", "200"] });
  await tab(page, "shipment");
  const card = await newShipment(page);
  const cell = (i) => card.getByTestId("sq-cell").nth(i);
  assert.equal(await card.getByTestId("sq-cell").count(), 4);
  // Read strictly: a decimal is refused with its reason, nothing saved.
  await cell(0).fill("100");
  await cell(1).fill("12.5");
  await card.getByTestId("sq-save").click();
  await card.getByTestId("shipment-error").filter({ hasText: "Black M" }).waitFor();
  assert.equal(await card.getByTestId("ship-figures").getAttribute("data-source"), "legacy");
  await cell(1).fill("190");
  await cell(3).fill("１８０");
  await card.getByTestId("sq-save").click();
  await card.locator("[data-testid=ship-figures][data-source=entered]").waitFor();
  assert.equal(await card.getByTestId("sf-pieces").innerText(), "470");
  assert.equal(await card.getByTestId("ship-matrix-total").innerText(), "470");
  assert.equal(await card.getByTestId("ship-sum-pcs").innerText(), "470 pcs");
  assert.equal(await card.getByTestId("ship-sum-loaded").innerText(), "loaded 0/0");
  // The order's balance per cell reads the entered pieces.
  await page.getByTestId("ship-balance-total").filter({ hasText: "600 / 470 / 130" }).waitFor();
  assert.equal(await page.getByTestId("ship-balance-cell").filter({ hasText: "100 / 0 / 100" }).count(), 1, "Navy S not shipped");
  await page.getByTestId("partial-shipment").filter({ hasText: "470 pcs" }).waitFor();
  // Kept over a reload, and clearing a cell takes it out.
  await page.reload();
  const again = page.getByTestId("shipment").first();
  await again.getByTestId("ship-toggle").click();
  assert.equal(await again.getByTestId("sq-cell").nth(3).inputValue(), "180");
  await again.getByTestId("sq-cell").nth(3).fill("");
  await again.getByTestId("sq-save").click();
  await again.getByTestId("sf-pieces").filter({ hasText: /^290$/ }).waitFor();
  // Carton lines take over: the matrix comes from them and the hand-entered form gives way.
  await addCartons(again, { from: 1, to: 5, colour: "Navy", size: "M", pieces: 40 });
  await again.locator("[data-testid=ship-figures][data-source=cartons]").waitFor();
  assert.equal(await again.getByTestId("sf-pieces").innerText(), "200");
  assert.ok(!(await again.getByTestId("ship-qty-form").isVisible()));
  await again.getByTestId("ship-qty-from-cartons").waitFor();
  await page.getByTestId("ship-balance-total").filter({ hasText: "600 / 200 / 400" }).waitFor();
  assert.ok(await noSidewaysScroll(page), "fits 360 px");
  assert.deepEqual(errors, []);
  await ctx.close();
});

// A browser with a camera and `BarcodeDetector` (headless Chromium has neither: both are faked
// here): the camera answers after a moment and every frame reads the next carton number.
const FAKE_CAMERA = `
  let reads = 0;
  window.BarcodeDetector = class { async detect() { reads += 1; return [{ rawValue: String(reads) }]; } };
  const open = () => new Promise((done) => setTimeout(() => {
    const c = document.createElement("canvas"); c.width = 320; c.height = 240;
    c.getContext("2d").fillRect(0, 0, 320, 240);
    const s = c.captureStream();
    (window.__streams ||= []).push(s);
    done(s);
  }, 300));
  Object.defineProperty(navigator, "mediaDevices", { value: { getUserMedia: open }, configurable: true });
`;

test("leaving the loading screen while the camera reads cartons leaves the app working and the camera off", async () => {
  const ctx = await phone(env.browser);
  await ctx.addInitScript(FAKE_CAMERA);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await createOrder(page, { po: "PO-SCAN-LEAVE", colours: ["Black"], sizes: ["S"], qty: ["20"] });
  await tab(page, "shipment");
  const card = await newShipment(page);
  await addCartons(card, { from: 1, to: 10, colour: "Black", size: "S", pieces: 2 });
  await card.getByTestId("load-scan").click();
  await page.screenshot({ path: join(artifactsDir(), "loading-scan-asking.png") });
  await card.getByTestId("loaded-count").filter({ hasText: /Loaded [1-9]\d* \/ 10/ }).waitFor();
  await page.screenshot({ path: join(artifactsDir(), "loading-scan-reading.png") });
  await page.evaluate(() => { location.hash = "#/today"; });
  await page.getByTestId("today").waitFor();
  await page.waitForTimeout(800);
  // The app still answers, and nothing panicked.
  await page.evaluate(() => { location.hash = "#/orders"; });
  await page.getByTestId("order-row").first().waitFor();
  assert.deepEqual(errors, []);
  const live = await page.evaluate(() => (window.__streams || []).filter((s) => s.getTracks().some((t) => t.readyState === "live")).length);
  assert.equal(live, 0, "the camera is off");
  await ctx.close();
});
