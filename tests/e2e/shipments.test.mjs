// Shipments as they leave the factory (issue 14), on a phone at 360 px: an order of 3 colours ×
// 4 sizes ships in two shipments packed in carton lines (ratio 1:2:1 and solid), the second short
// within the 3 % allowance. The packing list and the commercial invoice of each shipment print
// that shipment's pieces, cartons, weights, CBM and value; the order page shows ordered / shipped /
// balance per cell and lists both shipments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifactsDir, createOrder, noSidewaysScroll, openApp, phone, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

/** Adds one carton line to `card` (a shipment card): solid `size`, or a ratio over S, M, L. */
async function addCartons(card, { from, to, colour, size, ratio, pieces }) {
  const f = card.getByTestId("carton-form");
  await f.getByTestId("c-from").fill(String(from));
  await f.getByTestId("c-to").fill(String(to));
  await f.getByTestId("c-pack").selectOption(ratio ? "ratio" : "solid");
  await f.getByTestId("c-colour").selectOption({ label: colour });
  if (ratio) {
    const parts = f.getByTestId("c-part");
    for (let i = 0; i < ratio.length; i++) await parts.nth(i).fill(String(ratio[i]));
  } else {
    await f.getByTestId("c-size").selectOption({ label: size });
  }
  await f.getByTestId("c-pieces").fill(String(pieces));
  for (const [id, v] of [["c-length", "60"], ["c-width", "40"], ["c-height", "30"], ["c-net", "10"], ["c-gross", "11"]]) {
    await f.getByTestId(id).fill(v);
  }
  await f.getByTestId("c-save").click();
  await card.page().locator(`[data-testid=carton-line][data-from="${from}"][data-to="${to}"]`, { hasText: colour }).waitFor();
}

/** The shipment card whose cartons hold `colour`. */
function cardOf(page, colour) {
  return page.getByTestId("shipment").filter({ has: page.getByTestId("carton-holds").filter({ hasText: colour }) });
}

/** Adds a shipment and returns its card (the one without carton lines yet). */
async function newShipment(page) {
  const before = await page.getByTestId("shipment").count();
  await page.getByTestId("add-shipment").click();
  await page.getByTestId("shipment").nth(before).waitFor();
  return page.getByTestId("shipment").filter({ hasNot: page.getByTestId("carton-line") });
}

/** Opens a document of the order for the shipment whose picker label holds `pcs`. */
async function documentFor(page, id, kind, pcs) {
  await page.goto(`${env.relay.url}/#/orders/${id}/${kind}`);
  await page.getByTestId("document").waitFor();
  const value = await page.locator("[data-testid=doc-shipment] option", { hasText: `· ${pcs} pcs` }).getAttribute("value");
  await page.getByTestId("doc-shipment").selectOption(value);
}

test("two shipments by carton lines: each document prints its own figures, the order its balance per cell", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  // 3 colours × 4 sizes: each colour 100 / 200 / 100 / 100, 1,500 pieces at 3.80.
  const id = await createOrder(page, {
    po: "PO-SHIP-14", colours: ["Black", "White", "Navy"], sizes: ["S", "M", "L", "XL"],
    qty: Array(3).fill(["100", "200", "100", "100"]).flat(), price: "3.80",
  });
  await tab(page, "shipment");
  await page.getByTestId("tolerance-said").filter({ hasText: "1455" }).waitFor();

  // Shipment 1: Black, S:M:L = 1:2:1 in 20 cartons of 20, XL solid in 4 cartons of 25.
  await addCartons(await newShipment(page), { from: 1, to: 20, colour: "Black", ratio: [1, 2, 1], pieces: 20 });
  await addCartons(cardOf(page, "Black"), { from: 21, to: 24, colour: "Black", size: "XL", pieces: 25 });
  const first = page.getByTestId("shipment").filter({ has: page.locator("[data-testid=sf-pieces]", { hasText: /^500$/ }) });
  await first.waitFor();
  assert.equal(await first.getByTestId("sf-cartons").innerText(), "24");
  assert.equal(await first.getByTestId("sf-cbm").innerText(), "1.728");
  assert.equal(await first.getByTestId("ship-figures").getAttribute("data-source"), "cartons");

  // Shipment 2: White and Navy the same, but Navy XL only 2 cartons of 33: 966 pieces, the order
  // 34 short (2.3 %, within the 3 % allowance).
  await addCartons(await newShipment(page), { from: 1, to: 20, colour: "White", ratio: [1, 2, 1], pieces: 20 });
  const card = cardOf(page, "White");
  await addCartons(card, { from: 21, to: 24, colour: "White", size: "XL", pieces: 25 });
  await addCartons(card, { from: 25, to: 44, colour: "Navy", ratio: [1, 2, 1], pieces: 20 });
  await addCartons(card, { from: 45, to: 46, colour: "Navy", size: "XL", pieces: 33 });
  const second = page.getByTestId("shipment").filter({ has: page.locator("[data-testid=sf-pieces]", { hasText: /^966$/ }) });
  await second.waitFor();
  assert.equal(await second.getByTestId("sf-cartons").innerText(), "46");
  assert.equal(await second.getByTestId("sf-gross").innerText(), "506");
  // Each shipment is a compact row saying its pieces, cartons and loading; one opens at a time.
  assert.equal(await first.getByTestId("ship-sum-pcs").innerText(), "500 pcs");
  assert.equal(await first.getByTestId("ship-sum-cartons").innerText(), "24 ctns");
  assert.equal(await first.getByTestId("ship-sum-loaded").innerText(), "loaded 0/24");
  assert.equal(await page.locator("[data-testid=shipment] details[open]").count(), 1);
  assert.ok(!(await first.getByTestId("carton-form").isVisible()), "the first shipment folded when the second opened");

  // The order page: ordered / shipped / balance per cell and in total; both shipments listed.
  const cell = (text) => page.getByTestId("ship-balance-cell").filter({ hasText: text });
  await page.getByTestId("ship-balance-total").filter({ hasText: "1,500 / 1,466 / 34" }).waitFor();
  assert.equal(await cell("100 / 66 / 34").count(), 1, "Navy XL is 34 short");
  assert.equal(await cell("200 / 200 / 0").count(), 3);
  assert.equal(await page.getByTestId("partial-shipment").count(), 2);
  // Within the allowance: marked fully shipped without a reason.
  await page.getByTestId("mark-complete").click();
  await page.getByTestId("ship-complete").waitFor();
  assert.ok(await noSidewaysScroll(page), "shipment section fits 360 px");
  await page.screenshot({ path: join(artifactsDir(), "shipments-360.png"), fullPage: true });

  // Each shipment's packing list and invoice print its own figures; the proforma the order's.
  await documentFor(page, id, "pl", "500");
  await page.getByTestId("doc-total").filter({ hasText: /^500$/ }).waitFor();
  assert.equal(await page.getByTestId("doc-cartons").innerText(), "24");
  assert.equal(await page.getByTestId("doc-cbm").innerText(), "1.728");
  assert.equal(await page.getByTestId("doc-gross").innerText(), "264");
  assert.equal(await page.getByTestId("doc-net").innerText(), "240");
  await page.screenshot({ path: join(artifactsDir(), "shipments-pl-360.png"), fullPage: true });
  await documentFor(page, id, "pl", "966");
  await page.getByTestId("doc-total").filter({ hasText: /^966$/ }).waitFor();
  assert.equal(await page.getByTestId("doc-cartons").innerText(), "46");
  assert.equal(await page.getByTestId("doc-cbm").innerText(), "3.312");
  await documentFor(page, id, "ci", "500");
  await page.getByTestId("doc-total").filter({ hasText: /1,900\.00/ }).waitFor();
  assert.equal(await page.getByTestId("doc-line").count(), 3);
  await documentFor(page, id, "ci", "966");
  await page.getByTestId("doc-total").filter({ hasText: /3,670\.80/ }).waitFor();
  await page.goto(`${env.relay.url}/#/orders/${id}/pi`);
  await page.getByTestId("doc-total").filter({ hasText: /5,700\.00/ }).waitFor();
  assert.equal(await page.getByTestId("doc-shipment").count(), 0, "the proforma stays on the order");
  assert.deepEqual(errors, []);
  await ctx.close();
});
