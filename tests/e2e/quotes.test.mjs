// 报价单 on a phone at 360 px: a quote is made under Money, sent, countered by the buyer; a second
// round is made at the counter price, sent, listed on Today while the buyer owes an answer, and accepted; the accepted price goes into the order only when asked, and a
// third round waits while one stands accepted. The quotation prints on A4 in both languages from
// the latest round. The day's report says the quotes, and its copy without money does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifactsDir, createOrder, nameFactory, noSidewaysScroll, openApp, phone, settled, suite, tab, watchErrors, copiedReport } from "./harness.mjs";

const env = suite();

/** The states of the quote rounds, oldest first. */
const states = (page) => page.locator("[data-testid=quote]").evaluateAll((els) => els.map((e) => e.dataset.state));

async function waitStates(page, want) {
  await page.waitForFunction(
    (w) => JSON.stringify([...document.querySelectorAll("[data-testid=quote]")].map((e) => e.dataset.state)) === w,
    JSON.stringify(want),
  );
}

async function makeQuote(page, price, note = "") {
  const form = page.getByTestId("quote-form");
  await form.getByTestId("quote-price").fill(price);
  await form.getByTestId("quote-note").fill(note);
  await form.getByTestId("quote-make").click();
}

test("quotes are sent, answered and applied by the rules, print as a quotation and stay out of the factory's copy", async () => {
  const ctx = await phone(env.browser);
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.relay.url });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  const id = await createOrder(page, { po: "QT-5501", style: "NW-QT", price: "3.80" });
  await nameFactory(page);
  await tab(page, "money");
  await page.getByTestId("quote-incoterm").selectOption("FOB");
  await makeQuote(page, "4.20", "incl. hangtags and polybag");
  await waitStates(page, ["draft"]);
  const row = page.getByTestId("quote").first();
  assert.match(await row.getByTestId("quote-line").innerText(), /Round 1: USD 4\.20 per piece FOB · for 300 pcs · valid until/);
  await row.getByTestId("quote-send").click();
  await waitStates(page, ["sent"]);

  // A counter offer names its price.
  await row.getByTestId("quote-reply").selectOption("countered");
  await row.getByTestId("quote-answer").click();
  await page.getByTestId("quote-error").filter({ hasText: /Counter price: Required|Counter price/ }).waitFor();
  await row.getByTestId("quote-counter").fill("3.95");
  await row.getByTestId("quote-answer").click();
  await waitStates(page, ["countered"]);
  assert.match(await row.getByTestId("quote-state").innerText(), /countered USD 3\.95/);

  // Round 2 meets the buyer's counter, made from it, and is accepted.
  await row.getByTestId("quote-requote").click();
  await waitStates(page, ["countered", "draft"]);
  assert.match(await page.getByTestId("quote-line").nth(1).innerText(), /^Round 2: USD 3\.95 per piece FOB · for 300 pcs/);
  const second = page.getByTestId("quote").nth(1);
  await second.getByTestId("quote-send").click();
  await waitStates(page, ["countered", "sent"]);
  // Today lists it while the buyer owes an answer, and its row opens the order's money.
  await settled(page);
  await page.getByTestId("nav-today").click();
  const waiting = page.getByTestId("today-quotes").getByTestId("today-row").filter({ hasText: "Quote round 2: USD 3.95" });
  await waiting.waitFor({ timeout: 20000 });
  await waiting.click();
  await page.waitForURL(new RegExp(`#/orders/${id}/money$`));
  await waitStates(page, ["countered", "sent"]);
  await second.getByTestId("quote-answer-note").fill("OK for 300 pcs");
  await second.getByTestId("quote-answer").click();
  await waitStates(page, ["countered", "accepted"]);
  const differs = page.getByTestId("quote-differs");
  assert.match(await differs.innerText(), /USD 3\.80.*USD 3\.95/);

  // A third round waits while one stands accepted.
  await makeQuote(page, "3.99");
  await page.getByTestId("quote-error").filter({ hasText: /Another quote stands accepted/ }).waitFor();
  assert.deepEqual(await states(page), ["countered", "accepted"]);

  await page.getByTestId("quote-apply").click();
  await differs.waitFor({ state: "detached" });
  await settled(page);
  assert.ok(await noSidewaysScroll(page), "the money screen fits 360 px");
  await page.getByTestId("quotes").screenshot({ path: join(artifactsDir(), "quotes-360.png") });

  // The order's price is now the quote's, after a reload too.
  await page.reload();
  await page.getByTestId("tab-overview").click();
  await page.waitForFunction(() => /^3\.95/.test(document.querySelector("[data-testid=unit-price]")?.value ?? ""));

  // The quotation: the latest round, in both languages on one page.
  await page.goto(`${env.relay.url}/#/orders/${id}/qt`);
  await page.getByTestId("document").waitFor();
  assert.equal(await page.getByTestId("doc-title").innerText(), "Quotation 报价单");
  assert.equal(await page.getByTestId("doc-round").innerText(), "2");
  assert.equal(await page.getByTestId("doc-quote-price").innerText(), "3.95");
  assert.match(await page.getByTestId("doc-buyer").innerText(), /Nordic Wear/);
  assert.ok(await noSidewaysScroll(page), "the quotation fits 360 px");
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", path: join(artifactsDir(), "quotation.pdf") });
  assert.equal((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length, 1, "one A4 page");
  await page.emulateMedia({ media: "screen" });

  // The day's report says the quotes; its copy without money says none of them.
  await page.getByTestId("nav-reports").click();
  const doc = page.getByTestId("daily-doc").filter({ hasText: "QT-5501" });
  await doc.waitFor({ timeout: 30000 });
  const line = await doc.getByTestId("daily-line").innerText();
  assert.match(line, /The buyer accepted quote round 2 at USD 3\.95/, line);
  assert.match(line, /The buyer countered quote round 1 \(USD 4\.20\) at USD 3\.95/, line);
  await page.getByTestId("daily-no-money").check();
  await page.getByTestId("daily-factory").selectOption({ label: "Jiaxing Garment Co." });
  // The clipboard is written asynchronously: copy until the factory's text is there.
  let plain = "";
  for (let i = 0; i < 30 && !plain.includes("QT-5501"); i++) {
    plain = await copiedReport(page);
    if (!plain.includes("QT-5501")) await page.waitForTimeout(100);
  }
  assert.ok(plain.includes("QT-5501"), plain);
  assert.doesNotMatch(plain, /[Qq]uote|4\.20|3\.95/, plain);
  assert.deepEqual(errors, []);
  await ctx.close();
});
