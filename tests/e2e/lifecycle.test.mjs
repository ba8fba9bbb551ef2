// The lifecycle cannot be walked around from the screens: a held order offers only the status it
// left (or cancel), a shipped date typed on a shipment of an order not ready to ship is refused
// and the order stays where it was, and a shipped order offers only "delivered" or a reopening
// with a reason, which is logged in the status history.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createOrder, launch, openApp, phone, startRelay, tab, watchErrors } from "./harness.mjs";

let relay, browser;
before(async () => {
  relay = await startRelay();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await relay?.stop();
});

const offered = async (page) =>
  (await page.locator("[data-testid^=to-]").evaluateAll((bs) => bs.map((b) => b.dataset.testid))).sort();

const expectStatus = (page, text) => page.getByTestId("order-status").filter({ hasText: text }).waitFor();

test("hold returns only where it left; a shipped date needs an order ready to ship", async () => {
  const ctx = await phone(browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, relay.url);
  await createOrder(page, { po: "PO-LIFE-1" });
  await tab(page, "overview");
  await page.getByTestId("to-confirmed").click();
  await expectStatus(page, "Confirmed");
  await page.getByTestId("to-on_hold").click();
  await expectStatus(page, "On hold");
  await page.getByTestId("held-from").filter({ hasText: "Confirmed" }).waitFor();
  assert.deepEqual(await offered(page), ["to-cancelled", "to-confirmed"]);
  await page.getByTestId("to-confirmed").click();
  await expectStatus(page, "Confirmed");

  // A shipped date on a confirmed order would be shipping: refused, nothing saved.
  await tab(page, "shipment");
  await page.getByTestId("add-shipment").click();
  await page.getByTestId("shipment").waitFor();
  await page.getByTestId("s-shipped").fill("2026-05-10");
  await page.getByTestId("s-save").click();
  await page.getByTestId("shipment-error").filter({ hasText: /ships the order/ }).waitFor();
  await tab(page, "overview");
  await expectStatus(page, "Confirmed");
  await page.getByTestId("status-log").locator("[data-testid=status-change]").nth(2).waitFor({ state: "attached" });
  assert.equal(await page.locator("[data-testid=status-change]").count(), 3, "confirmed, on hold, confirmed");
  assert.equal(await page.getByTestId("needs-decision").count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("after shipping only forward; a correction is a reopening with a logged reason", async () => {
  const ctx = await phone(browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, relay.url);
  await createOrder(page, { po: "PO-LIFE-2" });
  await tab(page, "overview");
  const overrideTo = async (to, status, why) => {
    await page.getByTestId(`to-${to}`).click();
    await page.getByTestId("gate-refused").waitFor();
    await page.getByTestId("override-reason").fill(why);
    await page.getByTestId("override").click();
    await expectStatus(page, status);
  };
  await page.getByTestId("to-confirmed").click();
  await expectStatus(page, "Confirmed");
  await overrideTo("in_production", "In production", "LC at sight, PP approved by mail");
  await page.getByTestId("to-ready_to_ship").click();
  await expectStatus(page, "Ready to ship");
  await overrideTo("shipped", "Shipped", "buyer accepts, inspection report follows");
  assert.deepEqual(await offered(page), ["to-delivered"]);

  await page.getByTestId("reopen").locator("summary").click();
  await page.getByTestId("reopen-button").click();
  await page.getByTestId("status-error").filter({ hasText: /reason/ }).waitFor();
  await expectStatus(page, "Shipped");
  await page.getByTestId("reopen-reason").fill("container rolled to the next vessel");
  await page.getByTestId("reopen-button").click();
  await expectStatus(page, "Ready to ship");
  await page.getByTestId("status-history").locator("summary").click();
  await page.getByTestId("status-change").filter({ hasText: "container rolled to the next vessel" }).waitFor();
  assert.equal(await page.getByTestId("needs-decision").count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});
