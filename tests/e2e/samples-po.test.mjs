// Samples and purchase orders, as a merchandiser does them on a phone: a PP sample sent and its
// reply overdue (red, and on Today), rejected with the buyer's comments, a second round approved,
// and the PP-sample gate opening; a fabric PO to a supplier from the parties, confirmed in writing
// and by phone, a partial delivery while the required date has passed (late in red, on Today —
// whose row opens the purchasing section), a payable reconciled from it, the rest delivered and
// the late flag gone. The approved round is sealed as the reference (锁板), which the inspection
// and its report name. Bad input is refused in words and what was typed stays. Everything is
// still there after a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { addParty, artifactsDir, createOrder, isoDay, noSidewaysScroll, openApp, phone, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

const sample = (page, kind, round) => page.locator(`[data-testid=sample][data-kind=${kind}][data-round="${round}"]`);

/** Opens Today and waits until every order was checked (not just the cached view). */
async function openToday(page) {
  await page.getByTestId("nav-today").click();
  await page.getByTestId("today-progress").filter({ hasText: /Checked/ }).waitFor({ timeout: 20000 });
}

test("samples: an overdue reply, a rejection with comments, a second round approved", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  const id = await createOrder(page, { po: "PO-SAMPLE-1", orderDate: isoDay(-30), exFactory: isoDay(60) });

  await tab(page, "samples");
  await page.getByTestId("samples-section").waitFor();
  assert.ok(await noSidewaysScroll(page), "the section tabs wrap at 360 px");
  const gate = page.getByTestId("samples-gate");
  assert.equal(await gate.getAttribute("data-open"), "false");
  assert.match(await gate.innerText(), /PP sample/);

  // A reply expected before the sample was sent is refused; what was typed stays.
  await page.getByTestId("sample-kind").selectOption("pp");
  await page.getByTestId("sample-sent").fill(isoDay(-10));
  await page.getByTestId("sample-reply-due").fill(isoDay(-12));
  await page.getByTestId("sample-courier").fill("SF Express");
  await page.getByTestId("sample-tracking").fill("SF1234567890");
  await page.getByTestId("add-sample").click();
  await page.getByTestId("sample-error").filter({ hasText: "Reply expected by: Is before the day the sample was sent" }).waitFor();
  assert.equal(await page.getByTestId("sample-reply-due").inputValue(), isoDay(-12));
  assert.equal(await page.getByTestId("sample-tracking").inputValue(), "SF1234567890");

  // Fixed: round 1 is sent; its reply was due three days ago, so it is overdue, in red.
  await page.getByTestId("sample-reply-due").fill(isoDay(-3));
  await page.getByTestId("add-sample").click();
  const r1 = sample(page, "pp", 1);
  await r1.waitFor();
  assert.equal(await r1.getAttribute("data-overdue"), "true");
  assert.match(await r1.getAttribute("class"), /\blate\b/);
  await r1.getByTestId("reply-overdue").waitFor();
  const [r, g, b] = (await r1.getByTestId("reply-overdue").evaluate((el) => getComputedStyle(el).color))
    .match(/\d+/g).map(Number);
  assert.ok(r > 150 && g < 100 && b < 100, `the overdue reply is red (rgb ${r} ${g} ${b})`);
  assert.match(await r1.innerText(), /SF Express · SF1234567890/);

  // Today lists the overdue reply; its row opens the order's samples section.
  await openToday(page);
  const row = page.getByTestId("today-samples").getByTestId("today-row").filter({ hasText: "PO-SAMPLE-1" });
  await row.waitFor();
  assert.match(await row.innerText(), /PP sample · Round 1/);
  await row.click();
  await page.waitForURL(new RegExp(`#/orders/${id}/samples$`));
  await r1.waitFor();

  // Rejected: the buyer's comments are required; then the row offers the next round.
  await r1.getByTestId("reply-result").selectOption("rejected");
  await r1.getByTestId("record-reply").click();
  await r1.getByTestId("sample-row-error").filter({ hasText: "Buyer's comments: Required" }).waitFor();
  await r1.getByTestId("reply-comments").fill("Shade too red, use dye lot B");
  await r1.getByTestId("record-reply").click();
  await page.locator("[data-testid=sample][data-round='1'][data-result=rejected]").waitFor();
  assert.equal(await r1.getAttribute("data-overdue"), "false");
  assert.match(await r1.getByTestId("sample-reply").innerText(), /Shade too red, use dye lot B/);

  // Round 2 from the rejected one: the form is set to the same kind.
  await page.getByTestId("sample-kind").selectOption("fit");
  await r1.getByTestId("new-round").click();
  assert.equal(await page.getByTestId("sample-kind").inputValue(), "pp");
  assert.equal(await page.getByTestId("sample-sent").inputValue(), isoDay(0));
  await page.getByTestId("sample-reply-due").fill(isoDay(5));
  await page.getByTestId("add-sample").click();
  const r2 = sample(page, "pp", 2);
  await r2.waitFor();
  assert.equal(await r2.getAttribute("data-result"), "pending");
  assert.equal(await r2.getAttribute("data-overdue"), "false");
  assert.equal(await r1.getByTestId("new-round").count(), 0, "only the latest round offers another");

  // Approved: the PP-sample gate opens.
  await r2.getByTestId("reply-result").selectOption("approved");
  await r2.getByTestId("record-reply").click();
  await page.locator("[data-testid=sample][data-round='2'][data-result=approved]").waitFor();
  await page.locator("[data-testid=samples-gate][data-open=true]").waitFor();
  // 锁板: the approved round is sealed as the reference, saying where the piece is kept; the
  // rejected round offers no seal.
  assert.equal(await r1.getByTestId("seal-sample").count(), 0, "a rejected round is not sealed");
  await r2.getByTestId("seal-sample").click();
  await r2.getByTestId("seal-error").filter({ hasText: "Where the sealed piece is kept: Required" }).waitFor();
  await r2.getByTestId("seal-kept-at").fill("Sample room shelf A-3");
  await r2.getByTestId("seal-sample").click();
  await r2.locator("[data-testid=sample-sealed][data-holds=true]").filter({ hasText: "kept at Sample room shelf A-3" }).waitFor();
  await page.screenshot({ path: join(artifactsDir(), "samples-360.png"), fullPage: true });
  assert.ok(await noSidewaysScroll(page), "samples fit 360 px");

  // The inspector is told what to judge the goods against, on screen and on the report.
  await tab(page, "qc");
  await page.getByTestId("new-inspection-kind").selectOption("inline");
  await page.getByTestId("new-inspection-lot").fill("300");
  await page.getByTestId("new-inspection").click();
  const reference = "PP sample · round 2, kept at Sample room shelf A-3";
  await page.getByTestId("insp-reference").filter({ hasText: reference }).waitFor();
  await page.getByTestId("qc-report-link").click();
  await page.getByTestId("qc-reference").filter({ hasText: reference }).waitFor();
  await page.goto(`${env.relay.url}/#/orders/${id}`);

  // Releasing production is refused for the deposit only, no longer for the sample.
  await tab(page, "overview");
  await page.getByTestId("to-confirmed").click();
  await page.getByTestId("order-status").filter({ hasText: "Confirmed" }).waitFor();
  await page.getByTestId("to-in_production").click();
  const refused = page.getByTestId("gate-refused");
  await refused.waitFor();
  assert.match(await refused.innerText(), /deposit not confirmed/);
  assert.doesNotMatch(await refused.innerText(), /sample/);

  // After a reload, both rounds are there as recorded.
  await page.reload();
  await page.getByTestId("tab-samples").click({ timeout: 20000 });
  await page.locator("[data-testid=sample][data-round='1'][data-result=rejected]").waitFor();
  await page.locator("[data-testid=sample][data-round='2'][data-result=approved]").waitFor();
  assert.match(await sample(page, "pp", 1).innerText(), /Shade too red/);
  await openToday(page);
  assert.equal(await page.getByTestId("today-samples").getByTestId("today-row").filter({ hasText: "PO-SAMPLE-1" }).count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("purchase orders: confirmed, partly delivered and late on Today, then complete", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await addParty(page, env.relay.url, { kind: "supplier", name: "Shaoxing Textile Mill", contact: "Ms Chen" });
  const id = await createOrder(page, { po: "PO-BUY-1", orderDate: isoDay(-30), exFactory: isoDay(60) });

  await tab(page, "purchasing");
  await page.getByTestId("purchasing-section").waitFor();
  // Bad input: a quantity that is not a number, then no supplier. Each is said; input stays.
  await page.getByTestId("po-item").selectOption("fabric");
  await page.getByTestId("po-no").fill("FB-001");
  await page.getByTestId("po-description").fill("Cotton jersey 180 g");
  await page.getByTestId("po-qty").fill("one thousand");
  await page.getByTestId("po-unit").fill("m");
  await page.getByTestId("po-price").fill("2.50");
  await page.getByTestId("po-due").fill(isoDay(-2));
  await page.getByTestId("add-po").click();
  await page.getByTestId("po-error").filter({ hasText: "Quantity: Not a number" }).waitFor();
  await page.getByTestId("po-qty").fill("1000");
  await page.getByTestId("add-po").click();
  await page.getByTestId("po-error").filter({ hasText: "Supplier: Required" }).waitFor();
  assert.equal(await page.getByTestId("po-description").inputValue(), "Cotton jersey 180 g");
  assert.equal(await page.getByTestId("po-qty").inputValue(), "1000");
  await page.getByTestId("po-supplier").selectOption({ label: "Shaoxing Textile Mill" });
  await page.getByTestId("add-po").click();
  const po = page.locator("[data-testid=po][data-po=FB-001]");
  await po.waitFor();
  await page.getByTestId("po-error").waitFor({ state: "detached" });
  assert.equal(await po.getAttribute("data-progress"), "unconfirmed");
  assert.match(await po.getByTestId("po-supplier-name").innerText(), /Shaoxing Textile Mill/);

  // Confirmed in writing, then by phone (传真确认 + 电话确认).
  await po.getByTestId("po-confirm-channel").selectOption("written");
  await po.getByTestId("po-confirm-date").fill(isoDay(-20));
  await po.getByTestId("po-confirm-who").fill("Ms Chen");
  await po.getByTestId("po-confirm").click();
  await po.getByTestId("po-written").filter({ hasText: `✓ ${isoDay(-20)} · Ms Chen` }).waitFor();
  assert.equal(await po.getAttribute("data-progress"), "unconfirmed");
  await po.getByTestId("po-confirm-channel").selectOption("phone");
  await po.getByTestId("po-confirm-date").fill(isoDay(-19));
  await po.getByTestId("po-confirm").click();
  await page.locator("[data-testid=po][data-progress=confirmed]").waitFor();
  assert.equal(await po.getByTestId("po-confirm").count(), 0);

  // A delivery dated tomorrow is refused; 400 m arrive yesterday and pass incoming inspection.
  await po.getByTestId("del-date").fill(isoDay(1));
  await po.getByTestId("del-qty").fill("400");
  await po.getByTestId("record-delivery").click();
  await po.getByTestId("po-card-error").filter({ hasText: "Delivered on: Cannot be a date still to come" }).waitFor();
  assert.equal(await po.getByTestId("del-qty").inputValue(), "400");
  // Dated on the due day two days ago but entered today, it would count on time: the form asks
  // why, refuses without it, and the delivery then says who entered it late and why.
  assert.equal(await po.getByTestId("del-late-reason").count(), 0);
  await po.getByTestId("del-date").fill(isoDay(-2));
  await po.getByTestId("del-late-reason").waitFor();
  await po.getByTestId("del-result").selectOption("accepted");
  await po.getByTestId("record-delivery").click();
  await po.getByTestId("po-card-error").filter({ hasText: /Delivered on: On or before the day it was due, but entered after that day: give the reason/ }).waitFor();
  assert.equal(await po.getByTestId("delivery").count(), 0);
  await po.getByTestId("del-late-reason").fill("delivery note found in the fabric store");
  await po.getByTestId("record-delivery").click();
  await po.getByTestId("delivery-late-entry").filter({ hasText: /after the PO's due day: delivery note found in the fabric store/ }).waitFor();
  // Worded again when the language changes, like the rest of the card.
  await page.getByTestId("lang-toggle").click();
  await po.getByTestId("delivery-late-entry").filter({ hasText: "才录入" }).waitFor();
  await page.getByTestId("lang-toggle").click();
  await po.getByTestId("delivery-late-entry").filter({ hasText: /after the PO's due day/ }).waitFor();
  await page.locator("[data-testid=po][data-progress=partial]").waitFor();
  assert.equal(await po.getAttribute("data-late"), "true", "required two days ago, 600 m still to come");
  await po.getByTestId("po-late").waitFor();
  assert.equal(await po.getByTestId("po-received").innerText(), "400 m");
  assert.equal(await po.getByTestId("po-outstanding").innerText(), "600 m");
  await page.locator("[data-testid=po-summary][data-late='1']").waitFor();

  // 对账: a payable for what arrived (400 × 2.50), listed in the money section under the PO.
  await po.getByTestId("raise-payable").click();
  await po.getByTestId("po-payable").filter({ hasText: "USD 1000.00" }).waitFor();
  await po.getByTestId("raise-payable").click();
  await po.getByTestId("po-card-error").filter({ hasText: /Nothing accepted has arrived since the last reconciliation/ }).waitFor();
  // Paying it, in the payable's currency: a bad amount is said and kept; a good one lowers what is unpaid.
  await po.getByTestId("pay-amount").fill("abc");
  await po.getByTestId("record-payment").click();
  await po.getByTestId("pay-error").filter({ hasText: "Amount paid: Not a number" }).waitFor();
  assert.equal(await po.getByTestId("pay-amount").inputValue(), "abc");
  // A slip of a zero: more than the payable owes is refused, naming what may be paid.
  await po.getByTestId("pay-amount").fill("10000");
  await po.getByTestId("record-payment").click();
  await po.getByTestId("pay-error").filter({ hasText: "at most 1000.00" }).waitFor();
  assert.equal(await po.getByTestId("pay-amount").inputValue(), "10000");
  await po.getByTestId("pay-amount").fill("400");
  await po.getByTestId("pay-rate").fill("7.10");
  await po.getByTestId("record-payment").click();
  await po.getByTestId("po-payable").filter({ hasText: "600.00" }).waitFor();
  assert.equal(await po.getByTestId("pay-amount").inputValue(), "");
  // 紧急物料: cutting waits for the rest. Marking it urgent needs a reason; the supplier is
  // chased and its promise kept on the card.
  await po.getByTestId("po-mark-urgent").click();
  await po.getByTestId("po-card-error").filter({ hasText: "Why it is urgent" }).waitFor();
  await po.getByTestId("po-urgent-reason").fill("cutting waits for it");
  await po.getByTestId("po-mark-urgent").click();
  await po.getByTestId("po-urgent").filter({ hasText: "cutting waits for it" }).waitFor();
  await po.getByTestId("po-urgent-badge").waitFor();
  await po.getByTestId("fu-note").fill("Dyeing done, on the truck tomorrow");
  await po.getByTestId("fu-promised").fill(isoDay(1));
  await po.getByTestId("fu-add").click();
  await po.getByTestId("po-follow-up").filter({ hasText: `Dyeing done, on the truck tomorrow · promised ${isoDay(1)}` }).waitFor();
  // 入库: the accepted 400 m go into stock, at a place that must be named.
  await po.getByTestId("put-in-stock").click();
  await po.getByTestId("po-card-error").filter({ hasText: "Stock location" }).waitFor();
  await po.getByTestId("stock-location").fill("Fabric store B2");
  await po.getByTestId("put-in-stock").click();
  await po.getByTestId("delivery-stored").filter({ hasText: `In stock ${isoDay(0)} · Fabric store B2` }).waitFor();
  // A result already decided changes only with a reason: refused in words (still accepted), then
  // logged with who and why; who decided it is on the delivery.
  const result = po.getByTestId("delivery-inspection").first();
  await result.selectOption("accepted_with_remarks");
  await po.getByTestId("po-card-error").filter({ hasText: "needs a reason" }).waitFor();
  assert.equal(await result.inputValue(), "accepted");
  await po.getByTestId("delivery-change-reason").fill("selvedge marks found in store");
  await result.selectOption("accepted_with_remarks");
  await po.getByTestId("inspection-change").filter({ hasText: "selvedge marks found in store" }).waitFor();
  assert.match(await po.getByTestId("delivery-inspected-by").first().innerText(), /inspected by /);
  await page.screenshot({ path: join(artifactsDir(), "purchasing-360.png"), fullPage: true });
  assert.ok(await noSidewaysScroll(page), "purchasing fits 360 px");
  await tab(page, "money");
  await page.getByTestId("payable").filter({ hasText: "FB-001 · Cotton jersey 180 g" }).waitFor();
  assert.match(await page.getByTestId("payable").first().innerText(), /Shaoxing Textile Mill/);

  // Today: the PO is overdue from its supplier; the row opens the purchasing section.
  await openToday(page);
  const row = page.getByTestId("today-pos").getByTestId("today-row").filter({ hasText: "PO-BUY-1" });
  await row.waitFor();
  const urgentRow = page.getByTestId("today-urgent").getByTestId("today-row").filter({ hasText: "PO-BUY-1" });
  await urgentRow.waitFor();
  assert.match(await urgentRow.innerText(), /cutting waits for it/);
  assert.match(await row.innerText(), /FB-001 · Cotton jersey 180 g/);
  await page.screenshot({ path: join(artifactsDir(), "today-po-360.png"), fullPage: true });
  await row.click();
  await page.waitForURL(new RegExp(`#/orders/${id}/purchasing$`));
  await page.getByTestId("purchasing-section").waitFor();
  assert.equal(await page.getByTestId("tab-purchasing").getAttribute("aria-current"), "page");

  // The remaining 600 m: complete, no longer late, and delivered late by the on-time rule.
  await po.getByTestId("del-date").fill(isoDay(0));
  assert.equal(await po.getByTestId("del-qty").inputValue(), "600");
  // Nothing is accepted by default: the result is chosen.
  assert.equal(await po.getByTestId("del-result").inputValue(), "pending");
  // In but not judged, the goods complete nothing: the PO waits for incoming inspection.
  await po.getByTestId("record-delivery").click();
  await po.getByTestId("po-awaiting-inspection").filter({ hasText: "600 m" }).waitFor();
  assert.equal(await po.getAttribute("data-progress"), "partial");
  assert.equal(await po.getAttribute("data-late"), "true", "600 m in, none judged");
  // Pending → decided is the inspection itself: no reason asked.
  await po.getByTestId("delivery-inspection").nth(1).selectOption("accepted");
  await page.locator("[data-testid=po][data-progress=complete]").waitFor();
  assert.equal(await po.getByTestId("po-awaiting-inspection").count(), 0);
  assert.equal(await po.getAttribute("data-late"), "false");
  assert.equal(await po.getByTestId("po-late").count(), 0);
  assert.equal(await po.getByTestId("po-on-time").getAttribute("data-ok"), "false");
  assert.equal(await po.getByTestId("delivery").count(), 2);
  await page.locator("[data-testid=po-summary][data-late='0']").waitFor();
  await openToday(page);
  assert.equal(await page.getByTestId("today-pos").getByTestId("today-row").filter({ hasText: "PO-BUY-1" }).count(), 0);
  assert.equal(await page.getByTestId("today-urgent").count(), 0, "in full, no longer urgent on Today");

  // After a reload, the address opens the purchasing section with everything recorded.
  await page.goto(`${env.relay.url}/#/orders/${id}/purchasing`);
  await page.reload();
  await po.waitFor({ timeout: 20000 });
  assert.equal(await po.getAttribute("data-progress"), "complete");
  assert.equal(await po.getByTestId("delivery").count(), 2);
  await po.getByTestId("po-phone").filter({ hasText: `✓ ${isoDay(-19)}` }).waitFor();
  await po.getByTestId("po-payable").filter({ hasText: "USD 1000.00" }).waitFor();
  // Picking another tab puts it in the address, so a reload stays there.
  await tab(page, "samples");
  await page.waitForURL(new RegExp(`#/orders/${id}/samples$`));
  await page.reload();
  await page.getByTestId("samples-section").waitFor({ timeout: 20000 });
  await tab(page, "overview");
  await page.waitForURL(new RegExp(`#/orders/${id}$`));
  // In Chinese the purchasing section still fits a phone.
  await page.getByTestId("lang-toggle").click();
  await tab(page, "purchasing");
  await page.getByTestId("purchasing-section").filter({ hasText: "采购/物料" }).waitFor();
  await po.getByTestId("po-progress").filter({ hasText: "已全部到货" }).waitFor();
  assert.ok(await noSidewaysScroll(page), "purchasing fits 360 px in Chinese");
  await page.screenshot({ path: join(artifactsDir(), "purchasing-zh-360.png"), fullPage: true });
  await page.getByTestId("lang-toggle").click();

  // 供应商评估: the supplier's record beside its name in Parties — its PO delivered in full
  // late, both deliveries accepted at incoming inspection.
  await page.goto(`${env.relay.url}/#/parties`);
  const score = page.getByTestId("party-row").filter({ hasText: "Shaoxing Textile Mill" }).getByTestId("party-score");
  await score.filter({ hasText: /PO on time: .*\(0\/1\)/ }).waitFor();
  assert.match(await score.innerText(), /Deliveries rejected at incoming inspection: .*\(0\/2\)/);
  assert.ok(await noSidewaysScroll(page), "a supplier's record fits 360 px");
  await page.screenshot({ path: join(artifactsDir(), "parties-score-360.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a placed PO is changed and cancelled only with a reason, and the first due day is still shown", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await addParty(page, env.relay.url, { kind: "supplier", name: "Ningbo Trims Co." });
  await createOrder(page, { po: "PO-CHANGE-1", orderDate: isoDay(-30), exFactory: isoDay(60) });
  await tab(page, "purchasing");
  const add = async (no, due) => {
    await page.getByTestId("po-item").selectOption("trims");
    await page.getByTestId("po-no").fill(no);
    await page.getByTestId("po-description").fill("Buttons 18L");
    await page.getByTestId("po-qty").fill("5000");
    await page.getByTestId("po-unit").fill("pcs");
    await page.getByTestId("po-due").fill(due);
    await page.getByTestId("po-supplier").selectOption({ label: "Ningbo Trims Co." });
    await page.getByTestId("add-po").click();
    await page.locator(`[data-testid=po][data-po=${no}]`).waitFor();
  };
  await add("TR-1", isoDay(5));
  const po = page.locator("[data-testid=po][data-po=TR-1]");

  // The due day moved: refused in words without a reason, then logged with it.
  await po.getByTestId("po-change").locator("summary").click();
  await po.getByTestId("po-revise-due").fill(isoDay(12));
  await po.getByTestId("po-revise").click();
  await po.getByTestId("po-card-error").filter({ hasText: /Why it changes/ }).waitFor();
  assert.equal(await po.getByTestId("po-revise-due").inputValue(), isoDay(12), "typed input is kept");
  await po.getByTestId("po-revise-reason").fill("buyer moved the PP approval");
  await po.getByTestId("po-revise").click();
  await po.getByTestId("po-revision").filter({ hasText: /5000 → 5000 pcs, due .* → .*: buyer moved the PP approval/ }).waitFor();
  await po.getByTestId("po-first-due").filter({ hasText: `first due ${isoDay(5)}` }).waitFor();
  assert.match(await po.getByTestId("po-due").innerText(), new RegExp(isoDay(12)));

  // Cancelled before any goods came: with a reason only, then off the open list.
  // The card is drawn again after the change: open its fold if it closed.
  if (!(await po.getByTestId("po-cancel").isVisible())) await po.getByTestId("po-change").locator("summary").click();
  await po.getByTestId("po-cancel").click();
  await po.getByTestId("po-card-error").filter({ hasText: /Why cancel it/ }).waitFor();
  await po.getByTestId("po-revise-reason").fill("buttons now supplied by the buyer");
  await po.getByTestId("po-cancel").click();
  await page.locator("[data-testid=po][data-po=TR-1][data-progress=cancelled]").waitFor();
  await po.getByTestId("po-cancelled").filter({ hasText: /buttons now supplied by the buyer/ }).waitFor();
  assert.equal(await po.getByTestId("record-delivery").count(), 0, "no goods against a cancelled PO");
  assert.equal(await po.getByTestId("po-change").count(), 0);
  assert.ok(await noSidewaysScroll(page), "a changed and cancelled PO fits 360 px");

  // 采购单 printed for the supplier: the day agreed now, the supplier, marked cancelled, and
  // nothing of the buyer or the customer's PO.
  await po.getByTestId("po-print").click();
  await page.waitForURL(/\/po\/[^/]+$/);
  const sheet = page.getByTestId("po-sheet");
  await sheet.waitFor();
  assert.match(await page.getByTestId("po-sheet-supplier").innerText(), /Ningbo Trims Co\./);
  assert.match(await page.getByTestId("po-sheet-due").innerText(), new RegExp(isoDay(12)));
  assert.match(await page.getByTestId("po-sheet-qty").innerText(), /5,?000 pcs/);
  await page.getByTestId("po-sheet-cancelled").waitFor();
  assert.doesNotMatch(await sheet.innerText(), /PO-CHANGE-1|Nordic Wear|buttons now supplied/);
  assert.ok(await noSidewaysScroll(page), "the PO sheet fits 360 px");
  await page.screenshot({ path: join(artifactsDir(), "po-sheet-360.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});
