// The daily report (日报表) in words, at 360 px, in English and Chinese: a PP sample approved, a
// deposit received and a final inspection failed (with rework arranged) read as sentences under
// the order's "PO · style", with who did it, never a field key; "copy as text" gives the same
// sentences; the order history says the same words; Today gives at most two reasons for an order
// at risk, in the chosen language only. An exception of the day (a receipt entered by mistake and
// voided) is said first, on a line of its own with who and why, and never reaches the factory's
// copy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { addParty, approveFirstSample, artifactsDir, createOrder, isoDay, openApp, phone, suite, tab, watchErrors, receiveMoney, copiedReport } from "./harness.mjs";

const env = suite();

const FIELD_KEYS = /milestones\.|ex_factory|gate_overrides|schema|receipts|inspections\.|samples\./;

const SENTENCES = {
  en: [/PP sample round 1 approved/, /Deposit USD 3,696\.00 received/, /Final \(FRI\) inspection failed/, /Rework arranged/],
  zh: [/产前样\(PP\)第1轮已批准/, /订金 USD 3,696\.00 到账/, /尾期验货不合格/, /已安排返工/],
};

const VOIDED = {
  en: /^Receipt USD 100\.00 voided \(.*typed twice.*\)$/,
  zh: /^收款 USD 100\.00 已作废 \(说明: .*typed twice.*\)$/,
};

async function dailyLine(page) {
  await page.getByTestId("nav-reports").click();
  const doc = page.getByTestId("daily-doc").filter({ hasText: "ZARA-88120 · ST-01" });
  await doc.waitFor({ timeout: 30000 });
  return { doc, line: await doc.getByTestId("daily-line").innerText() };
}

async function checkLanguage(page, lang) {
  const other = lang === "en" ? SENTENCES.zh : SENTENCES.en;
  const { doc, line } = await dailyLine(page);
  for (const s of SENTENCES[lang]) assert.match(line, s, `${lang} daily line: ${line}`);
  for (const s of other) assert.doesNotMatch(line, s, `${lang} daily line holds the other language: ${line}`);
  // The voided receipt: an exception, first and on its own line, not in the day's line.
  const exceptions = await doc.getByTestId("daily-exception").allInnerTexts();
  assert.equal(exceptions.length, 1, `${lang} exceptions: ${exceptions}`);
  assert.match(exceptions[0].replace(/^!\s*/, ""), VOIDED[lang]);
  assert.doesNotMatch(line, /100\.00/, line);
  const whole = await page.getByTestId("daily-report").innerText();
  assert.doesNotMatch(whole, FIELD_KEYS, whole);
  assert.match(await doc.innerText(), lang === "en" ? /By \S/ : /经手: \S/);
  // Copy as text: the same sentences under the same heading.
  const text = await copiedReport(page);
  assert.ok(text.includes("ZARA-88120 · ST-01"), text);
  assert.ok(text.includes(line), `copied text holds the line:\n${text}\n---\n${line}`);
  assert.ok(text.includes(`! ${exceptions[0].replace(/^!\s*/, "")}`), `copied text holds the exception:\n${text}`);
  assert.ok(text.includes("PO-ELSEWHERE"), `the team's copy holds every order:\n${text}`);
  // For a chat a factory reads: the same report without the deposit, nothing else lost, and
  // nothing of another factory's order.
  await page.getByTestId("daily-no-money").check();
  await page.getByTestId("daily-factory").selectOption({ label: "Ningbo Knit Co." });
  // The clipboard is written asynchronously: copy until the new text is there (or give up).
  let plain = await copiedReport(page);
  for (let i = 0; i < 30 && SENTENCES[lang][1].test(plain); i++) {
    await page.waitForTimeout(100);
    plain = await copiedReport(page);
  }
  assert.doesNotMatch(plain, SENTENCES[lang][1], plain);
  assert.doesNotMatch(plain, /3,696|3696/, plain);
  assert.doesNotMatch(plain, /100\.00|typed twice|^!/m, plain);
  for (const s of SENTENCES[lang].filter((_, i) => i !== 1)) assert.match(plain, s, plain);
  assert.doesNotMatch(plain, /PO-ELSEWHERE|Seams open|sewing line/, plain);
  assert.match(await page.getByTestId("daily-moved-left-out").innerText(), /PO-ELSEWHERE/);
  await page.getByTestId("daily-no-money").uncheck();
  await page.screenshot({ path: join(artifactsDir(), `daily-report-${lang}-360.png`), fullPage: true });

  // The order history says the same words.
  await doc.locator("h4 a").click();
  await tab(page, "history");
  await page.getByTestId("history-entry").first().waitFor();
  const history = await page.getByTestId("history-section").innerText();
  for (const s of SENTENCES[lang].filter((_, i) => i !== 1)) assert.match(history, s, `${lang} history: ${history}`);
  assert.doesNotMatch(history, FIELD_KEYS, history);

  // Today: at most two reasons for the order at risk, in this language.
  await page.getByTestId("nav-today").click();
  await page.getByTestId("today-progress").filter({ hasText: lang === "en" ? /Checked/ : /已检查/ }).waitFor({ timeout: 30000 });
  const row = page.getByTestId("today-risk").getByTestId("today-row").filter({ hasText: "ZARA-88120" });
  await row.waitFor();
  const reasons = await row.getByTestId("risk-reason").allInnerTexts();
  assert.ok(reasons.length >= 1 && reasons.length <= 2, `${reasons.length} reasons: ${reasons}`);
  const risk = reasons.join(" ");
  if (lang === "zh") assert.doesNotMatch(risk, /[A-Za-z]{4,}/, `Chinese risk text holds English: ${risk}`);
  else assert.doesNotMatch(risk, /[\u4e00-\u9fff]/, `English risk text holds Chinese: ${risk}`);
  assert.match(reasons[0], lang === "en" ? /Ex-factory date passed/ : /出厂日期已过/);
  await page.screenshot({ path: join(artifactsDir(), `today-${lang}-360.png`), fullPage: true });
}

test("the daily report, the history and Today speak in sentences in either language", async () => {
  const ctx = await phone(env.browser);
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.relay.url });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await addParty(page, env.relay.url, { kind: "factory", name: "Ningbo Knit Co." });
  await addParty(page, env.relay.url, { kind: "factory", name: "Shaoxing Sewing" });
  await openApp(page, env.relay.url);
  // Another factory's order with a complaint the same day: no word of it in Ningbo's copy,
  // even once the order moves there.
  await createOrder(page, { po: "PO-ELSEWHERE" });
  await page.getByTestId("factory").selectOption({ label: "Shaoxing Sewing" });
  await page.getByTestId("save-extras").click();
  await page.getByTestId("save-status").filter({ hasText: /Saved/ }).waitFor();
  await tab(page, "log");
  await page.getByTestId("c-description").fill("Seams open");
  await page.getByTestId("add-complaint").click();
  await page.getByTestId("complaint").filter({ hasText: "Seams open" }).waitFor();
  // Moved to Ningbo the same day, with the reason the complaint asks for: part of its day was
  // Shaoxing's, so it is in neither factory's copy and Ningbo's says it was left out.
  await tab(page, "overview");
  await page.getByTestId("factory-reason").waitFor();
  await page.getByTestId("factory").selectOption({ label: "Ningbo Knit Co." });
  await page.getByTestId("factory-reason").fill("Shaoxing closed its sewing line");
  await page.getByTestId("save-extras").click();
  await page.getByTestId("factory-change").first().waitFor();
  await createOrder(page, {
    po: "ZARA-88120", style: "ST-01", price: "3.85", qty: ["1600", "1600"],
    orderDate: isoDay(-60), exFactory: isoDay(-2),
  });
  await page.getByTestId("factory").selectOption({ label: "Ningbo Knit Co." });
  await page.getByTestId("save-extras").click();
  await page.getByTestId("save-status").filter({ hasText: /Saved/ }).waitFor();
  // A T&A plan whose milestones are late: Today must still give two reasons, not a paragraph.
  await tab(page, "tna");
  await page.getByTestId("apply-template").click();
  await page.getByTestId("milestone").first().waitFor();

  // The PP sample, round 1, approved.
  await tab(page, "samples");
  await approveFirstSample(page, "pp", 3);

  // The deposit: 30 % of 3,200 × 3.85 = 3,696.00, received and confirmed by finance.
  await tab(page, "money");
  await page.getByTestId("deposit-pct").fill("30");
  await page.getByTestId("plan-receivables").click();
  await page.getByTestId("deposit-line").filter({ hasText: "3,696" }).or(page.getByTestId("deposit-line").filter({ hasText: "3696" })).first().waitFor();
  await receiveMoney(page, "3696");
  // A receipt typed twice by mistake, voided with the reason.
  await page.getByTestId("receipt-amount").fill("100");
  await page.getByTestId("record-receipt").click();
  const typo = page.getByTestId("receipt").filter({ hasText: /USD 100(\.00)?\b/ });
  await typo.waitFor();
  await page.getByTestId("receipt-reason").fill("typed twice");
  await typo.getByTestId("void-receipt").click();
  await page.locator("[data-testid=receipt][data-voided=true]").waitFor();

  // A final inspection with a critical defect fails; rework is arranged with a re-inspection.
  await tab(page, "qc");
  await page.getByTestId("new-inspection-kind").selectOption("final");
  await page.getByTestId("new-inspection-lot").fill("500");
  await page.getByTestId("new-inspection").click();
  await page.getByTestId("sampling-plan").waitFor();
  const needle = page.locator("[data-testid=defect-type][data-code=D01]");
  await needle.getByTestId("defect-plus").click();
  await needle.getByTestId("defect-count").filter({ hasText: "1" }).waitFor();
  await page.getByTestId("finish-inspection").click();
  await page.locator("[data-testid=verdict][data-verdict=fail]").waitFor();
  await page.getByTestId("rework-note").fill("Needle found: metal-detect every carton again");
  await page.getByTestId("request-reinspection").click();
  await page.getByTestId("reinspection-of").waitFor();
  await page.getByTestId("back-to-order").click();

  await checkLanguage(page, "en");
  await page.getByTestId("lang-toggle").click();
  await page.getByTestId("nav-today").filter({ hasText: "今日" }).waitFor();
  await checkLanguage(page, "zh");
  assert.deepEqual(errors, []);
  await ctx.close();
});
