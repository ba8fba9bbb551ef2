// 合格供应商 and 产能 at 360 px: a factory's daily capacity, typed strictly, against the order
// that would not fit it by its date; a supplier and a factory suspended on the parties screen (refused without
// a reason, then logged with it) take no new work — the PO form and the factory picker list them
// as suspended and do not let them be chosen — while a PO already open with the supplier asks
// for a decision on its card and is kept only with a reason; the order's overview says its
// factory is suspended, and Today lists the order until its PO is decided. Everything is still
// there after a reload; and a suspension made in another tab is said at once on an order open
// in this one.
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

  // 产能: the factory sews 5 pieces a day (typed strictly); this draft books nothing there yet.
  await page.goto(`${env.relay.url}/#/parties`);
  const wuxiRow = row(page, "Wuxi Knit");
  await wuxiRow.getByTestId("party-edit").click();
  await wuxiRow.getByTestId("edit-party-capacity").fill("5,5");
  await wuxiRow.getByTestId("party-save").click();
  await wuxiRow.getByTestId("edit-party-capacity-err").filter({ hasText: /./ }).waitFor();
  await wuxiRow.getByTestId("edit-party-capacity").fill("5");
  await wuxiRow.getByTestId("party-save").click();
  await wuxiRow.getByTestId("party-load").filter({ hasText: "Sews 5 a day · nothing booked" }).waitFor();
  await page.goto(`${env.relay.url}/#/orders/${id}`);
  await tab(page, "overview");
  // 300 pieces in 51 days at 5 a day: 255 at most.
  await page.getByTestId("factory-overbooked").filter({ hasText: /300 pieces due by .*only 255/ }).waitFor();

  await tab(page, "purchasing");
  await page.getByTestId("po-supplier").selectOption({ label: "Shaoxing Textile Mill" });
  await page.getByTestId("po-no").fill("FB-1");
  await page.getByTestId("po-description").fill("Cotton jersey 180 g");
  await page.getByTestId("po-qty").fill("1000");
  await page.getByTestId("po-unit").fill("m");
  await page.getByTestId("po-due").fill(isoDay(20));
  await page.getByTestId("add-po").click();
  const po = page.locator("[data-testid=po][data-po=FB-1]");
  await po.waitFor();
  assert.equal(await po.getByTestId("po-supplier-suspended").count(), 0);

  await suspend(page, "Shaoxing Textile Mill", "three lots off shade");
  await suspend(page, "Wuxi Knit", "failed the social audit");
  await noSidewaysScroll(page);
  await page.screenshot({ path: join(artifactsDir(), "party-standing-360.png"), fullPage: true });

  // Today lists the order whose PO waits on the suspended mill, and its row opens the PO.
  await page.goto(`${env.relay.url}/#/today`);
  const waiting = page.getByTestId("today-suspended").getByTestId("today-row");
  await waiting.filter({ hasText: "PO-STANDING" }).filter({ hasText: "Shaoxing Textile Mill suspended" }).waitFor();
  await waiting.first().click();
  await page.locator("[data-testid=po][data-po=FB-1]").getByTestId("po-supplier-suspended").waitFor();

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

  await page.goto(`${env.relay.url}/#/today`);
  await page.getByTestId("today-progress").filter({ hasText: /Checked/ }).waitFor({ timeout: 20000 });
  assert.equal(await page.getByTestId("today-suspended").count(), 0, "decided: off Today");

  await page.goto(`${env.relay.url}/#/orders/${id}`);
  await tab(page, "purchasing");
  await page.locator("[data-testid=po][data-po=FB-1]").getByTestId("po-kept-suspended").waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a supplier suspended in another tab is said at once on the order open in this one", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await addParty(page, env.relay.url, { kind: "supplier", name: "Jiangyin Dye Works" });
  await page.goto(`${env.relay.url}/#/orders`);
  const id = await createOrder(page, { po: "PO-TWO-TABS" });
  await tab(page, "purchasing");
  await page.getByTestId("po-supplier").selectOption({ label: "Jiangyin Dye Works" });
  await page.getByTestId("po-no").fill("FB-9");
  await page.getByTestId("po-description").fill("Rib 1x1");
  await page.getByTestId("po-qty").fill("200");
  await page.getByTestId("po-unit").fill("m");
  await page.getByTestId("po-due").fill(isoDay(20));
  await page.getByTestId("add-po").click();
  const card = page.locator("[data-testid=po][data-po=FB-9]");
  await card.waitFor();
  assert.equal(await card.getByTestId("po-supplier-suspended").count(), 0);

  // A colleague's tab on the same device suspends the dye works; this tab is not reloaded.
  const other = await ctx.newPage();
  await openApp(other, env.relay.url);
  await suspend(other, "Jiangyin Dye Works", "azo dyes found");
  await card.getByTestId("po-supplier-suspended").filter({ hasText: "azo dyes found" }).waitFor({ timeout: 15000 });
  assert.ok(page.url().endsWith(`/orders/${id}/purchasing`) || page.url().includes(id), page.url());
  assert.deepEqual(errors, []);
  await ctx.close();
});
