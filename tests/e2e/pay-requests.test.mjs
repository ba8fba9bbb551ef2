// 付款申请 as a team does it on a phone, with "suppliers paid only against an approved request"
// switched on: a payable reconciled from a delivery cannot be paid directly; the merchandiser
// asks for part of it (asking for more than is owed is refused in words, the typing kept), the
// request waits on Today, the asker cannot approve it herself, a colleague on the same device
// approves it, and the payment is held to the request's amount. Everything is still there after
// a reload, and Reports counts the charge, past due and not paid off, as not paid on time.
// Then 退款跟进: one invoice paid in full on two phones offline is named on its PO card once they
// meet, is followed on Today as owed back, and leaves Today when the refund is recorded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { addParty, artifactsDir, createOrder, isoDay, joinRelay, noSidewaysScroll, openApp, phone, receiveMoney, suite, synced, tab, watchErrors, openRules, invitePhone } from "./harness.mjs";

const env = suite();

/** Sets the name this device records changes under, as a person does in Settings. */
async function signAs(page, name) {
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("user-name").fill(name);
  await page.getByTestId("user-name").blur();
}

/** Adds a fabric PO to the open order's purchasing tab (price per metre, due in five days) and
 * records `delivered` metres of it accepted yesterday; returns the PO's card once the delivery
 * is saved (the card is drawn again with it, so what is typed next goes into the new one). */
async function deliveredFabric(page, { no, description, qty, price, supplier, delivered }) {
  await tab(page, "purchasing");
  await page.getByTestId("po-item").selectOption("fabric");
  await page.getByTestId("po-no").fill(no);
  await page.getByTestId("po-description").fill(description);
  await page.getByTestId("po-qty").fill(qty);
  await page.getByTestId("po-unit").fill("m");
  await page.getByTestId("po-price").fill(price);
  await page.getByTestId("po-due").fill(isoDay(5));
  await page.getByTestId("po-supplier").selectOption({ label: supplier });
  await page.getByTestId("add-po").click();
  const po = page.locator(`[data-testid=po][data-po=${no}]`);
  await po.waitFor();
  await po.getByTestId("del-date").fill(isoDay(-1));
  await po.getByTestId("del-qty").fill(delivered);
  await po.getByTestId("del-result").selectOption("accepted");
  await po.getByTestId("record-delivery").click();
  await po.getByTestId("delivery").filter({ hasText: delivered }).waitFor();
  return po;
}

test("payment requests: asked, refused to the asker, approved by a colleague, paid up to the request", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await signAs(page, "Li Na");
  await openRules(page);
  await page.getByTestId("rule-payment-approval").check();
  await addParty(page, env.relay.url, { kind: "supplier", name: "Shaoxing Textile Mill", contact: "Ms Chen" });
  const id = await createOrder(page, { po: "PO-PAYREQ-1", orderDate: isoDay(-30), exFactory: isoDay(60) });

  // A fabric PO, 400 m of it delivered and accepted, reconciled into a payable of USD 1000.
  const po = await deliveredFabric(page, {
    no: "FB-PR", description: "Cotton jersey 180 g", qty: "1000", price: "2.50", supplier: "Shaoxing Textile Mill", delivered: "400",
  });
  await po.getByTestId("po-payable-due").fill(isoDay(-1));
  await po.getByTestId("raise-payable").click();
  await po.getByTestId("po-payable").filter({ hasText: `USD 1000.00 · Due date ${isoDay(-1)}` }).waitFor();

  // No direct payment: the form is not offered, and the card says why.
  await po.getByTestId("pay-needs-request").waitFor();
  assert.equal(await po.getByTestId("payment-form").count(), 0);

  // Asking for more than is owed is refused and the amount stays; 600 is asked.
  await po.getByTestId("request-amount").fill("1200");
  await po.getByTestId("request-note").fill("invoice SX-118");
  await po.getByTestId("request-payment").click();
  await po.getByTestId("request-error").filter({ hasText: "at most 1000.00" }).waitFor();
  assert.equal(await po.getByTestId("request-amount").inputValue(), "1200");
  await po.getByTestId("request-amount").fill("600");
  await po.getByTestId("request-payment").click();
  const request = po.locator("[data-testid=pay-request][data-status=pending]");
  await request.waitFor();
  assert.match(await request.innerText(), /USD 600\.00 · asked by Li Na on .* · invoice SX-118 · Waiting for approval/);

  // The asker cannot approve it.
  await request.getByTestId("approve-request").click();
  await po.getByTestId("pay-request-error").filter({ hasText: "Someone other than who asked" }).waitFor();
  assert.equal(await po.locator("[data-testid=pay-request][data-status=pending]").count(), 1);

  // Today asks someone to decide it; its row opens the purchasing section.
  await page.getByTestId("nav-today").click();
  await page.getByTestId("today-progress").filter({ hasText: /Checked/ }).waitFor({ timeout: 20000 });
  const row = page.getByTestId("today-pay-requests").getByTestId("today-row").filter({ hasText: "PO-PAYREQ-1" });
  await row.waitFor();
  assert.match(await row.innerText(), /USD 600\.00 · Li Na/);

  // A colleague approves it on this phone.
  await signAs(page, "Wang Qiang");
  await page.goto(`${env.relay.url}/#/orders/${id}/purchasing`);
  await po.waitFor();
  await po.locator("[data-testid=pay-request][data-status=pending]").getByTestId("approve-request").click();
  const approved = po.locator("[data-testid=pay-request][data-status=approved]");
  await approved.waitFor();
  assert.match(await approved.innerText(), /Approved · unpaid USD 600\.00 · decided by Wang Qiang/);

  // Paid against it: never more than it allows.
  await po.getByTestId("payment-form").waitFor();
  await po.getByTestId("pay-amount").fill("700");
  await po.getByTestId("record-payment").click();
  await po.getByTestId("pay-error").filter({ hasText: "at most 600.00" }).waitFor();
  await po.getByTestId("pay-amount").fill("600");
  await po.getByTestId("pay-rate").fill("7.10");
  // Dated before the charge fell due yesterday but entered today, it would count the mill paid
  // on time: the form asks why, refuses without it, and the card then says so.
  assert.equal(await po.getByTestId("pay-late-reason").count(), 0);
  await po.getByTestId("pay-date").fill(isoDay(-2));
  await po.getByTestId("pay-late-reason").waitFor();
  await po.getByTestId("record-payment").click();
  await po.getByTestId("pay-error").filter({ hasText: /entered after that day: give the reason/ }).waitFor();
  assert.equal(await po.getByTestId("pay-amount").inputValue(), "600", "typed input is kept");
  await po.getByTestId("pay-late-reason").fill("bank slip reached the office today");
  await po.getByTestId("record-payment").click();
  await po.locator("[data-testid=pay-request][data-status=paid]").waitFor();
  await po.getByTestId("payment-late-entry").filter({ hasText: /USD 600\.00 .*after its due day: bank slip reached the office today/ }).waitFor();
  await po.getByTestId("po-payable").filter({ hasText: "400.00" }).waitFor();
  await po.getByTestId("pay-needs-request").waitFor();
  await page.screenshot({ path: join(artifactsDir(), "pay-requests-360.png"), fullPage: true });
  assert.ok(await noSidewaysScroll(page), "payment requests fit 360 px");

  // Kept across a reload; Today has nothing left to decide.
  await page.reload();
  await po.locator("[data-testid=pay-request][data-status=paid]").waitFor();
  await page.getByTestId("nav-today").click();
  await page.getByTestId("today-progress").filter({ hasText: /Checked/ }).waitFor({ timeout: 20000 });
  assert.equal(await page.getByTestId("today-pay-requests").count(), 0);
  // 付款跟进: the rest of the charge, due yesterday, stays on Today until it is paid.
  const owed = page.getByTestId("today-payables").getByTestId("today-row").filter({ hasText: "PO-PAYREQ-1" });
  await owed.waitFor();
  assert.match(await owed.innerText(), /FB-PR · Cotton jersey 180 g · USD 400\.00/);

  // 付款处理能力: the charge was due yesterday and 400 of it is still unpaid, so Reports counts
  // it as not paid on time.
  await page.getByTestId("nav-reports").click();
  const kpi = page.getByTestId("kpi-suppliers-paid-on-time");
  await kpi.getByTestId("kpi-overall").filter({ hasText: "(0/1)" }).waitFor();
  assert.match(await kpi.innerText(), /Suppliers paid on time/);
  // Its one delivery was accepted at incoming inspection: none of one rejected.
  await page.getByTestId("kpi-deliveries-rejected").getByTestId("kpi-overall").filter({ hasText: "(0/1)" }).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("an invoice paid in full on two phones offline: named on its card, owed back on Today until the refund is recorded", async () => {
  const token = env.relay.token("team-paid-twice");
  const one = await phone(env.browser);
  const a = await one.newPage();
  const errors = watchErrors(a);
  await joinRelay(a, env.relay.url, token);
  await signAs(a, "Li Na");
  await addParty(a, env.relay.url, { kind: "supplier", name: "Keqiao Dye Works" });
  const id = await createOrder(a, { po: "PO-TWICE-1", orderDate: isoDay(-30), exFactory: isoDay(60) });
  // Raising reads the PO as the card holds it: the helper waits until the delivery is saved,
  // or the payable would be raised on a PO with nothing received and refused.
  const poA = await deliveredFabric(a, {
    no: "FB-TW", description: "Rib 2x2", qty: "500", price: "2", supplier: "Keqiao Dye Works", delivered: "500",
  });
  await poA.getByTestId("po-payable-due").fill(isoDay(10));
  await poA.getByTestId("raise-payable").click();
  await poA.getByTestId("po-payable").filter({ hasText: "USD 1000.00" }).waitFor();
  await synced(a);

  const { ctx: two, page: b, errors: errorsB } = await invitePhone(a, env.browser, "PO-TWICE-1");
  await signAs(b, "Zhou Min");
  const poB = b.locator("[data-testid=po][data-po=FB-TW]");
  for (const page of [a, b]) {
    await page.goto(`${env.relay.url}/#/orders/${id}/purchasing`);
  }
  await poB.getByTestId("po-payable").filter({ hasText: "unpaid 1000.00" }).waitFor({ timeout: 30000 });

  // Offline, each phone pays the whole invoice: each is within what it knows.
  await one.setOffline(true);
  await two.setOffline(true);
  for (const [po, amount] of [[poA, "1000"], [poB, "1000"]]) {
    await po.getByTestId("pay-amount").fill(amount);
    await po.getByTestId("record-payment").click();
    await po.getByTestId("po-payable").filter({ hasText: "unpaid 0.00" }).waitFor();
  }
  await one.setOffline(false);
  await two.setOffline(false);
  for (const page of [a, b]) await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await synced(a);
  await synced(b);

  // Both phones name the charge paid twice, with who paid it.
  for (const po of [poA, poB]) {
    const named = po.getByTestId("po-overpaid");
    await named.waitFor({ timeout: 30000 });
    assert.match(await named.innerText(), /USD 1000\.00 paid beyond it/);
    assert.match(await named.innerText(), /by Li Na/);
    assert.match(await named.innerText(), /by Zhou Min/);
  }
  // Nothing more can be paid on this PO.
  assert.equal(await poA.getByTestId("payment-form").count(), 0);

  // Today follows it.
  await a.getByTestId("nav-today").click();
  await a.getByTestId("today-progress").filter({ hasText: /Checked/ }).waitFor({ timeout: 20000 });
  const owed = a.getByTestId("today-owed-back").getByTestId("today-row").filter({ hasText: "PO-TWICE-1" });
  await owed.waitFor();
  assert.match(await owed.innerText(), /FB-TW · Rib 2x2 · USD 1000\.00/);
  await owed.click();
  await poA.getByTestId("refund-form").waitFor();

  // The refund: never more than is owed back; all of it when the amount is left empty.
  await poA.getByTestId("refund-amount").fill("1200");
  await poA.getByTestId("record-refund").click();
  await poA.getByTestId("refund-error").filter({ hasText: "at most 1000.00" }).waitFor();
  assert.equal(await poA.getByTestId("refund-amount").inputValue(), "1200");
  await poA.getByTestId("refund-amount").fill("");
  await poA.getByTestId("refund-note").fill("bank slip 0071");
  await poA.getByTestId("record-refund").click();
  await poA.getByTestId("po-refund").filter({ hasText: "bank slip 0071" }).waitFor();
  await poA.getByTestId("refund-form").waitFor({ state: "detached" });
  assert.ok(await noSidewaysScroll(a), "refunds fit 360 px");

  await a.getByTestId("nav-today").click();
  await a.getByTestId("today-progress").filter({ hasText: /Checked/ }).waitFor({ timeout: 20000 });
  assert.equal(await a.getByTestId("today-owed-back").count(), 0);
  assert.deepEqual(errors, []);
  assert.deepEqual(errorsB, []);
  await one.close();
  await two.close();
});

test("the receivables book lists what buyers still owe across orders, by age, and opens the order's money", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  // 300 pcs at 3.80: USD 1140.00, planned 30 % deposit (342.00) and the balance (798.00).
  const id = await createOrder(page, { po: "PO-AR-1" });
  await tab(page, "money");
  await page.getByTestId("deposit-pct").fill("30");
  await page.getByTestId("plan-receivables").click();
  await page.getByTestId("deposit-line").waitFor();
  await page.getByTestId("nav-reports").click();
  const row = page.getByTestId("receivable-row").filter({ hasText: "PO-AR-1" });
  await row.waitFor({ timeout: 30000 });
  assert.match(await row.innerText(), /PO-AR-1 · Nordic Wear: USD 1140\.00 owed of USD 1140\.00/);
  await page.locator("[data-testid=receivables-aging][data-currency=USD]").filter({ hasText: "USD 1140.00" }).waitFor();

  // The deposit received and confirmed: 798.00 still owed.
  await page.goto(`${env.relay.url}/#/orders/${id}`);
  await receiveMoney(page, "342");
  await page.getByTestId("nav-reports").click();
  await page.getByTestId("receivable-row").filter({ hasText: "USD 798.00 owed of USD 1140.00" }).waitFor({ timeout: 30000 });
  assert.ok(await noSidewaysScroll(page), "receivables fit 360 px");
  await page.getByTestId("receivable-row").filter({ hasText: "PO-AR-1" }).locator("a").click();
  await page.waitForURL(new RegExp(`#/orders/${id}/money$`));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("向工厂扣款: money charged back to the mill for a complaint offsets its charge, and 对账 again does not charge it back", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await addParty(page, env.relay.url, { kind: "supplier", name: "Keqiao Dye Mill" });
  await createOrder(page, { po: "PO-DEBIT-1", orderDate: isoDay(-30), exFactory: isoDay(60) });

  // A fabric PO worth USD 2,500.00, 400 m delivered and accepted, reconciled into USD 1,000.00.
  const po = await deliveredFabric(page, {
    no: "FB-DEBIT", description: "Cotton jersey 180 g", qty: "1000", price: "2.50", supplier: "Keqiao Dye Mill", delivered: "400",
  });
  await po.getByTestId("raise-payable").click();
  await po.getByTestId("po-payable").filter({ hasText: "USD 1000.00" }).waitFor();

  // The buyer complains of the shade; the mill's dyeing was at fault.
  await tab(page, "log");
  await page.getByTestId("c-source").fill("Nordic Wear QA");
  await page.getByTestId("c-description").fill("Shade band across 40 pieces");
  await page.getByTestId("add-complaint").click();
  await page.getByTestId("complaint").filter({ hasText: "Shade band" }).waitFor();

  await tab(page, "money");
  const debits = page.getByTestId("debits");
  await debits.getByTestId("debit-most").filter({ hasText: "USD 2,500.00" }).waitFor();
  await debits.getByTestId("debit-amount").fill("150");
  await debits.getByTestId("debit-record").click();
  await debits.getByTestId("debit-error").filter({ hasText: /What for/ }).waitFor();
  assert.equal(await debits.getByTestId("debit-amount").inputValue(), "150", "what was typed stays");
  await debits.getByTestId("debit-note").fill("re-dye of 40 pcs");
  await debits.getByTestId("debit-record").click();
  await debits.getByTestId("debit").filter({ hasText: /USD 150\.00 to Keqiao Dye Mill on FB-DEBIT/ }).waitFor();
  await debits.getByTestId("debit-most").filter({ hasText: "USD 2,350.00" }).waitFor();
  await tab(page, "log");
  await page.getByTestId("complaint-money").filter({ hasText: "charged back to the supplier USD 150.00" }).waitFor();

  // On the PO card: the debit with what for, and the charge owes 850.00.
  await tab(page, "purchasing");
  await po.locator("[data-testid=po-payable][data-debit=true]").filter({ hasText: "re-dye of 40 pcs" }).waitFor();
  await po.locator("[data-testid=po-payable][data-debit=false]").filter({ hasText: "850.00" }).waitFor();
  // Reconciling again raises nothing: the debit is not charged back.
  await po.getByTestId("raise-payable").click();
  await po.getByTestId("po-card-error").filter({ hasText: /./ }).waitFor();
  assert.equal(await po.getByTestId("po-payable").count(), 2);
  await po.locator("[data-testid=po-payable][data-debit=false]").filter({ hasText: "850.00" }).waitFor();
  assert.ok(await noSidewaysScroll(page), "the PO card fits 360 px");

  // Voided with a reason: struck through on the card, and the charge owes its whole again.
  await tab(page, "money");
  await debits.getByTestId("debit-void-reason").fill("mill showed the lab dip was approved");
  await debits.getByTestId("debit-void").click();
  await debits.locator("[data-testid=debit][data-voided=true]").waitFor();
  await tab(page, "purchasing");
  await po.locator("[data-testid=po-payable][data-debit=true][data-voided=true]").waitFor();
  await po.locator("[data-testid=po-payable][data-debit=false]").filter({ hasText: "1000.00" }).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});
