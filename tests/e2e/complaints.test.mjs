// A customer complaint from receipt to closure: logged on the order, listed on Today while open,
// handled by an owner, refused to close without a resolution (keeping what was typed), closed
// with one, gone from Today and counted in the KPIs. A complaint is counted against the order's
// factory, so once one is recorded the order leaves that factory only with a logged reason.
// Defective pieces the buyer sends back are recorded under the complaint, never more than it
// found, followed on Today until reworked and sent again, and the complaint closes only then.
// What the buyer keeps back for a complaint (客户扣款) is recorded on the money tab, at most what it
// still owes, and settles the balance — and lets the goods leave — only once someone else confirms it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { addParty, asColleague, createOrder, expectStatus, isoDay, noSidewaysScroll, openApp, openRules, phone, receiveMoney, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

test("a complaint is handled through to closure with its resolution", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  const id = await createOrder(page, { po: "PO-COMPLAINT-1" });
  await page.getByTestId("tab-log").click();
  await page.getByTestId("c-source").fill("Nordic Wear QA");
  await page.getByTestId("c-description").fill("Shade difference between cartons 3 and 7");
  // Pieces are counted strictly: a typo is said, and what was typed stays.
  await page.getByTestId("c-defective").fill("2o");
  await page.getByTestId("add-complaint").click();
  await page.getByTestId("complaint-add-error").filter({ hasText: /Defective pieces/ }).waitFor();
  assert.equal(await page.getByTestId("c-description").inputValue(), "Shade difference between cartons 3 and 7");
  await page.getByTestId("c-defective").fill("24");
  await page.getByTestId("add-complaint").click();
  const row = page.getByTestId("complaint").filter({ hasText: "Shade difference" });
  await row.waitFor();
  assert.equal(await row.getAttribute("data-status"), "open");
  await row.getByTestId("complaint-facts").filter({ hasText: "24 pcs defective" }).waitFor();

  await page.getByTestId("nav-today").click();
  const todayRow = page.getByTestId("today-complaints").getByTestId("today-row").filter({ hasText: "PO-COMPLAINT-1" });
  await todayRow.waitFor({ timeout: 30000 });
  await todayRow.click();
  await page.waitForURL((u) => String(u).includes(`/orders/${id}`));

  await page.getByTestId("tab-log").click();
  await row.getByTestId("complaint-handle").click();
  await row.getByTestId("complaint-owner").fill("Li Na");
  await row.getByTestId("complaint-status-select").selectOption("closed");
  await row.getByTestId("complaint-save").click();
  await row.getByTestId("complaint-error").filter({ hasText: /resolution/ }).waitFor();
  assert.equal(await row.getByTestId("complaint-owner").inputValue(), "Li Na", "typed input is kept");
  assert.equal(await row.getAttribute("data-status"), "open", "nothing saved");

  await row.getByTestId("complaint-resolution-input").fill("Carton 7 re-dyed; shade band added to final inspection");
  // The root cause too: refused without it, what was typed stays.
  await row.getByTestId("complaint-save").click();
  await row.getByTestId("complaint-error").filter({ hasText: /root cause/ }).waitFor();
  assert.equal(await row.getAttribute("data-status"), "open");
  await row.getByTestId("complaint-root-cause-input").fill("Two dye lots mixed when packing");
  await row.getByTestId("complaint-save").click();
  const closed = page.locator("[data-testid=complaint][data-status=closed]");
  await closed.waitFor();
  assert.match(await closed.getByTestId("complaint-resolution").innerText(), /re-dyed/);
  assert.match(await closed.getByTestId("complaint-root-cause").innerText(), /Two dye lots mixed/);
  assert.match(await closed.innerText(), /Li Na/);

  // Persisted, off Today, counted in the KPIs.
  await page.reload();
  await page.getByTestId("tab-log").click();
  await page.locator("[data-testid=complaint][data-status=closed]").waitFor();
  await page.getByTestId("nav-today").click();
  await page.getByTestId("today-progress").filter({ hasText: /Checked/ }).waitFor({ timeout: 30000 });
  assert.equal(await page.getByTestId("today-complaints").getByTestId("today-row").filter({ hasText: "PO-COMPLAINT-1" }).count(), 0);
  await page.getByTestId("nav-reports").click();
  await page.getByTestId("kpi-complaints").getByTestId("kpi-overall").filter({ hasText: /^1$/ }).waitFor({ timeout: 30000 });

  // 客诉台帐: off the open list, on it with the closed ones, opening the order's log.
  await page.getByTestId("nav-more").click();
  await page.getByTestId("more-complaints").click();
  await page.getByTestId("complaints-count").filter({ hasText: /0 open, 1 resolved or closed/ }).waitFor({ timeout: 30000 });
  await page.getByTestId("complaints-none").waitFor();
  await page.getByTestId("complaints-all").check();
  const listed = page.locator("[data-testid=complaint-row][data-open=false]").filter({ hasText: "PO-COMPLAINT-1" });
  await listed.waitFor();
  assert.match(await listed.innerText(), /Shade difference[\s\S]*closed[\s\S]*24 pcs defective[\s\S]*handled by Li Na/);
  assert.ok(await noSidewaysScroll(page), "the list fits 360 px");
  await listed.locator("a").click();
  await page.waitForURL((u) => String(u).includes(`/orders/${id}/log`));
  await page.locator("[data-testid=complaint][data-status=closed]").waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("an order complained about leaves its factory only with a logged reason", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  const url = env.relay.url;
  await addParty(page, url, { kind: "factory", name: "Shaoxing Dye Works" });
  await addParty(page, url, { kind: "factory", name: "Ningbo Knit Co." });
  await openApp(page, url);
  await createOrder(page, { po: "PO-COMPLAINT-2" });
  // Free while nothing was inspected, shipped or complained about.
  await page.getByTestId("factory").selectOption({ label: "Shaoxing Dye Works" });
  await page.getByTestId("save-extras").click();
  await page.getByTestId("save-status").filter({ hasText: /Saved/ }).waitFor();
  assert.equal(await page.getByTestId("factory-reason").count(), 0, "no reason asked yet");

  await page.getByTestId("tab-log").click();
  await page.getByTestId("c-source").fill("Nordic Wear QA");
  await page.getByTestId("c-description").fill("Seams open on cartons 2 and 4");
  await page.getByTestId("add-complaint").click();
  await page.getByTestId("complaint").filter({ hasText: "Seams open" })
    .getByTestId("complaint-facts").filter({ hasText: "Factory when opened: Shaoxing Dye Works" }).waitFor();

  await page.getByTestId("tab-overview").click();
  await page.getByTestId("factory-reason").waitFor();
  await page.getByTestId("factory").selectOption({ label: "Ningbo Knit Co." });
  await page.getByTestId("save-extras").click();
  await page.getByTestId("extras-error").filter({ hasText: /complained about: moving it needs a reason/ }).waitFor();
  await page.reload();
  await page.getByTestId("tab-overview").click();
  await page.getByTestId("factory-reason").waitFor();
  assert.equal(
    await page.getByTestId("factory").locator("option:checked").innerText(),
    "Shaoxing Dye Works",
    "refused: the order still names its factory",
  );

  await page.getByTestId("factory").selectOption({ label: "Ningbo Knit Co." });
  await page.getByTestId("factory-reason").fill("Shaoxing closed its sewing line; Ningbo finishes the order");
  await page.getByTestId("save-extras").click();
  await page
    .getByTestId("factory-change")
    .filter({ hasText: /Shaoxing Dye Works.*Ningbo Knit Co\..*Ningbo finishes the order/ })
    .waitFor();
  // The list across orders names the factory it counts against: Shaoxing, not Ningbo.
  await page.goto(`${url}/#/complaints`);
  const open = page.locator("[data-testid=complaint-row][data-open=true]").filter({ hasText: "Seams open" });
  await open.waitFor({ timeout: 30000 });
  assert.match(await open.innerText(), /Shaoxing Dye Works/);
  assert.doesNotMatch(await open.innerText(), /Ningbo/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("defective pieces sent back are reworked and sent again before the complaint closes", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  const id = await createOrder(page, { po: "PO-RETURN-1" });
  await page.getByTestId("tab-log").click();
  await page.getByTestId("c-description").fill("Open seams on the left shoulder");
  await page.getByTestId("c-defective").fill("30");
  await page.getByTestId("add-complaint").click();
  const row = page.getByTestId("complaint").filter({ hasText: "Open seams" });
  await row.waitFor();

  // Never more back than the complaint found defective; what was typed stays on refusal.
  await row.getByTestId("return-open").click();
  await row.getByTestId("returns-left").filter({ hasText: "At most 30 more" }).waitFor();
  await row.getByTestId("return-qty").fill("31");
  await row.getByTestId("return-note").fill("cartons 4-5");
  await row.getByTestId("return-record").click();
  await row.getByTestId("return-error").filter({ hasText: "Pieces sent back: At most 30" }).waitFor();
  assert.equal(await row.getByTestId("return-note").inputValue(), "cartons 4-5");
  await row.getByTestId("return-qty").fill("20");
  await row.getByTestId("return-record").click();
  const back = row.locator("[data-testid=return][data-state=to-resend]");
  await back.getByTestId("return-to-resend").waitFor();
  assert.match(await back.innerText(), /20 pcs back on .*Rework and send again/s);
  await row.getByTestId("returns-left").filter({ hasText: "At most 10 more" }).waitFor();
  assert.ok(await noSidewaysScroll(page), "returns fit 360 px");
  // One typed twice by mistake is voided with why: it stays, its pieces may come back again.
  await row.getByTestId("return-qty").fill("10");
  await row.getByTestId("return-disposition").selectOption("scrap");
  await row.getByTestId("return-record").click();
  const twice = row.locator("[data-testid=return][data-state=scrapped]");
  await twice.getByTestId("return-more").click();
  await twice.getByTestId("return-void").click();
  await twice.getByTestId("return-row-error").filter({ hasText: /reason/i }).waitFor();
  await twice.getByTestId("void-why").fill("typed twice");
  await twice.getByTestId("return-void").click();
  await row.locator("[data-testid=return][data-state=void]").getByTestId("return-voided").filter({ hasText: "typed twice" }).waitFor();
  await row.getByTestId("returns-left").filter({ hasText: "At most 10 more" }).waitFor({ state: "attached" });

  // Not closed while the buyer is still owed the pieces.
  await row.getByTestId("complaint-handle").click();
  await row.getByTestId("complaint-status-select").selectOption("closed");
  await row.getByTestId("complaint-root-cause-input").fill("Seam tension too low on line 3");
  await row.getByTestId("complaint-resolution-input").fill("Reworked and sent back");
  await row.getByTestId("complaint-save").click();
  await row.getByTestId("complaint-error").filter({ hasText: /not gone again yet/ }).waitFor();
  assert.equal(await row.getAttribute("data-status"), "open");

  // The complaints ledger says what came back and what is still owed.
  await page.goto(`${env.relay.url}/#/complaints`);
  await page.getByTestId("complaint-row").filter({ hasText: "20 pcs sent back · 20 pcs to send again" }).waitFor({ timeout: 20000 });

  // Today follows them, and its row opens the complaint's log.
  await page.getByTestId("nav-today").click();
  const todayRow = page.getByTestId("today-returns").getByTestId("today-row").filter({ hasText: "20 pcs back: Rework and send again" });
  await todayRow.waitFor({ timeout: 30000 });
  await todayRow.click();
  await page.waitForURL(new RegExp(`#/orders/${id}/log$`));

  await back.getByTestId("return-more").click();
  await back.getByTestId("resent-note").fill("SF 8812 3344");
  await back.getByTestId("return-resent-save").click();
  const sent = row.locator("[data-testid=return][data-state=resent]");
  await sent.getByTestId("return-resent").filter({ hasText: "SF 8812 3344" }).waitFor();

  await row.getByTestId("complaint-handle").click();
  await row.getByTestId("complaint-status-select").selectOption("closed");
  await row.getByTestId("complaint-root-cause-input").fill("Seam tension too low on line 3");
  await row.getByTestId("complaint-resolution-input").fill("Reworked and sent back");
  await row.getByTestId("complaint-save").click();
  await page.locator("[data-testid=complaint][data-status=closed]").filter({ hasText: "Open seams" }).waitFor();
  // Closed, it takes no more returns; the one recorded stays.
  assert.equal(await row.getByTestId("return-form").count(), 0);
  await page.reload();
  await page.locator("[data-testid=return][data-state=resent]").waitFor({ timeout: 20000 });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("what the buyer keeps back for a complaint settles the balance only once someone else confirms it", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  // Only the money gates are tried here.
  await openRules(page);
  for (const rule of ["samples", "final-inspection"]) {
    await page.getByTestId("rule-reason").fill("only the money is tried here");
    await page.getByTestId(`rule-${rule}`).uncheck();
  }
  await page.getByTestId("rule-change").filter({ hasText: /final inspection/i }).waitFor();

  // 300 pieces at 3.80: USD 1,140.00, 30 % down.
  await createOrder(page, { po: "PO-DEDUCT-1" });
  await tab(page, "overview");
  await page.getByTestId("to-confirmed").click();
  await expectStatus(page, "Confirmed");
  await tab(page, "money");
  await page.getByTestId("deposit-pct").fill("30");
  await page.getByTestId("plan-receivables").click();
  await page.getByTestId("deposit-line").waitFor();
  await receiveMoney(page, "1000");
  await tab(page, "overview");
  await page.getByTestId("to-in_production").click();
  await expectStatus(page, "In production");
  await page.getByTestId("to-ready_to_ship").click();
  await expectStatus(page, "Ready to ship");

  // No complaint, nothing to keep back for.
  await tab(page, "money");
  assert.equal(await page.getByTestId("deductions").count(), 0);
  await tab(page, "log");
  await page.getByTestId("c-source").fill("Nordic Wear QA");
  await page.getByTestId("c-description").fill("Open seams on 40 pieces of the first cartons");
  await page.getByTestId("add-complaint").click();
  await page.getByTestId("complaint").filter({ hasText: "Open seams" }).waitFor();

  await tab(page, "money");
  const form = page.getByTestId("deductions");
  await form.getByTestId("deduction-most").filter({ hasText: "USD 140.00" }).waitFor();
  await form.getByTestId("deduction-amount").fill("140,50");
  await form.getByTestId("deduction-record").click();
  await form.getByTestId("deduction-error").filter({ hasText: /at most USD 140\.00|140\.00/ }).waitFor();
  assert.equal(await form.getByTestId("deduction-amount").inputValue(), "140,50", "what was typed stays");
  await form.getByTestId("deduction-amount").fill("140");
  await form.getByTestId("deduction-ref").fill("DN-2026-07");
  await form.getByTestId("deduction-record").click();
  await form.getByTestId("deduction-awaits").waitFor();
  assert.match(await form.getByTestId("deduction").innerText(), /Open seams.*DN-2026-07/s);

  // Today asks for someone else's confirmation; its row opens the money tab.
  await page.getByTestId("nav-today").click();
  const toConfirm = page.getByTestId("today-to-confirm").getByTestId("today-row").filter({ hasText: "PO-DEDUCT-1" });
  await toConfirm.filter({ hasText: /Buyer deduction USD 140\.00 recorded by .*: someone else confirms it/ }).waitFor({ timeout: 30000 });
  await toConfirm.click();
  await page.waitForURL(/\/money$/);
  await form.getByTestId("deduction-awaits").waitFor();

  // Recorded, not confirmed: the goods do not leave on it.
  await tab(page, "shipment");
  await page.getByTestId("add-shipment").click();
  await page.getByTestId("shipment").waitFor();
  // Dated today: nothing entered late to explain.
  await page.getByTestId("s-shipped").fill(isoDay(0));
  await page.getByTestId("s-save").click();
  await page.getByTestId("shipment-error").filter({ hasText: /balance/i }).waitFor();

  // Whoever recorded it does not confirm it; finance does.
  await tab(page, "money");
  await form.getByTestId("deduction-confirm").click();
  await form.getByTestId("deduction-error").filter({ hasText: /Someone other than who recorded the deduction/ }).waitFor();
  await asColleague(page, "Finance", async () => {
    await form.getByTestId("deduction-confirm").click();
    await form.getByTestId("deduction-confirmed").waitFor();
  });
  await page.getByTestId("deducted").filter({ hasText: "USD 140.00" }).waitFor();
  await page.getByTestId("outstanding").filter({ hasText: "USD 0.00" }).waitFor();
  await page.locator("[data-testid=balance-confirmed][data-ok=true]").waitFor();
  await noSidewaysScroll(page);
  // Confirmed, it leaves Today.
  await page.getByTestId("nav-today").click();
  await page.getByTestId("today-progress").filter({ hasText: /Checked/ }).waitFor({ timeout: 20000 });
  assert.equal(await page.getByTestId("today-to-confirm").count(), 0);
  await page.goBack();
  await page.waitForURL(/\/money$/);
  // The complaint itself says what it cost.
  await tab(page, "log");
  await page.getByTestId("complaint").filter({ hasText: "Open seams" }).getByTestId("complaint-money").filter({ hasText: "the buyer keeps back USD 140.00" }).waitFor();

  // Now the shipment leaves with no reason asked for the balance.
  await tab(page, "shipment");
  const card = page.getByTestId("shipment");
  if (!(await card.getByTestId("s-save").isVisible())) await card.getByTestId("ship-toggle").click();
  await card.getByTestId("s-shipped").fill(isoDay(0));
  await card.getByTestId("s-save").click();
  await tab(page, "overview");
  await expectStatus(page, "Shipped");
  assert.equal(await page.getByTestId("override-log").filter({ hasText: /balance/i }).count(), 0, "no gate waived");
  assert.deepEqual(errors, []);
  await ctx.close();
});
