// 合格供应商 at 360 px: a supplier and a factory suspended on the parties screen (refused without
// a reason, then logged with it) take no new work — the PO form and the factory picker list them
// as suspended and do not let them be chosen — while a PO already open with the supplier asks
// for a decision on its card and is kept only with a reason; the order's overview says its
// factory is suspended. Everything is still there after a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { addParty, artifactsDir, createOrder, isoDay, nameFactory, noSidewaysScroll, openApp, phone, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

const row = (page, name) => page.getByTestId("party-row").filter({ hasText: name });

/** Suspends the party `name` on the parties screen, first trying without a reason. */
async function suspend(page, name, reason) {
  await page.goto(`${env.relay.url}/#/parties`);
  const r = row(page, name);
  await r.getByTestId("party-standing").locator("summary").click();
  await r.getByTestId("party-standing-to").selectOption("suspended");
  await r.getByTestId("party-standing-save").click();
  await r.getByTestId("party-standing-error").filter({ hasText: /reason/ }).waitFor();
  await r.getByTestId("party-standing-reason").fill(reason);
  await r.getByTestId("party-standing-save").click();
  await r.locator("[data-testid=party-standing-badge][data-standing=suspended]").waitFor();
  assert.match(await r.getByTestId("party-standing-log").innerText(), new RegExp(`Suspended — .*${reason}`));
}

test("a suspended supplier and factory take no new work, and an open PO is kept only with a reason", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await addParty(page, env.relay.url, { kind: "supplier", name: "Shaoxing Textile Mill" });
  await addParty(page, env.relay.url, { kind: "supplier", name: "Ningbo Trims Co." });
  await page.goto(`${env.relay.url}/#/orders`);
  const id = await createOrder(page, { po: "PO-STANDING", orderDate: isoDay(-10), exFactory: isoDay(50) });
  await nameFactory(page, "Wuxi Knit");

  await tab(page, "purchasing");
  await page.getByTestId("po-supplier").selectOption({ label: "Shaoxing Textile Mill" });
  await page.getByTestId("po-no").fill("FB-1");
  await page.getByTestId("po-description").fill("Cotton jersey 180 g");
  await page.getByTestId("po-qty").fill("1000");
  await page.getByTestId("po-unit").fill("m");
  await page.getByTestId("add-po").click();
  const po = page.locator("[data-testid=po][data-po=FB-1]");
  await po.waitFor();
  assert.equal(await po.getByTestId("po-supplier-suspended").count(), 0);

  await suspend(page, "Shaoxing Textile Mill", "three lots off shade");
  await suspend(page, "Wuxi Knit", "failed the social audit");
  await noSidewaysScroll(page);
  await page.screenshot({ path: join(artifactsDir(), "party-standing-360.png"), fullPage: true });

  await page.goto(`${env.relay.url}/#/orders/${id}`);
  // The overview says the factory is suspended; the picker keeps it for this order only.
  await tab(page, "overview");
  await page.getByTestId("factory-suspended").filter({ hasText: "failed the social audit" }).waitFor();
  const wuxi = page.getByTestId("factory").locator("option", { hasText: "Wuxi Knit" });
  assert.match(await wuxi.innerText(), /Suspended/);
  assert.equal(await wuxi.isDisabled(), false, "the order's own factory stays chosen");
  await tab(page, "purchasing");
  const card = page.locator("[data-testid=po][data-po=FB-1]");
  const ask = card.getByTestId("po-supplier-suspended");
  await ask.filter({ hasText: "three lots off shade" }).waitFor();
  // The PO form lists the mill as suspended and does not let it be chosen.
  const option = page.getByTestId("po-supplier").locator("option", { hasText: "Shaoxing Textile Mill" });
  assert.match(await option.innerText(), /Suspended/);
  assert.equal(await option.isDisabled(), true);
  assert.equal(
    await page.getByTestId("po-supplier").locator("option", { hasText: "Ningbo Trims Co." }).isDisabled(),
    false,
  );

  // Kept only with a reason; then the card says who kept it and why.
  await card.getByTestId("po-keep").click();
  await card.getByTestId("po-card-error").filter({ hasText: /reason/ }).waitFor();
  await card.getByTestId("po-keep-reason").fill("half the fabric is dyed");
  await card.getByTestId("po-keep").click();
  await card.getByTestId("po-kept-suspended").filter({ hasText: "half the fabric is dyed" }).waitFor();
  assert.equal(await ask.count(), 0);
  await noSidewaysScroll(page);

  await page.reload();
  await tab(page, "purchasing");
  await page.locator("[data-testid=po][data-po=FB-1]").getByTestId("po-kept-suspended").waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});
