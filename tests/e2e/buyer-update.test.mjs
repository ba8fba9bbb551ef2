// 订单进展报告: the buyer's progress update on the order's overview, in either language — the
// sample approved, the pieces cut, the factory never named — shared as text where there is no
// share sheet, fitting a 360 px phone; and the production sheet the factory works from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { addParty, artifactsDir, approveFirstSample, createOrder, noSidewaysScroll, openApp, phone, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

test("the buyer's progress update says the order's progress and nothing of its factory", async () => {
  const ctx = await phone(env.browser);
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.relay.url });
  await ctx.addInitScript(() => {
    delete Navigator.prototype.share;
  });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await addParty(page, env.relay.url, { kind: "factory", name: "Ningbo Knit Co." });
  await openApp(page, env.relay.url);
  await createOrder(page, { po: "PO-BUYER-1", style: "NW-7", qty: ["400", "600"] });
  await page.getByTestId("factory").selectOption({ label: "Ningbo Knit Co." });
  await page.getByTestId("save-extras").click();
  await page.getByTestId("save-status").filter({ hasText: /Saved/ }).waitFor();
  // 订单确认: the buyer's order in writing first, then the phone check of it.
  await page.getByTestId("buyer-phone-record").click();
  await page.getByTestId("buyer-phone-error").filter({ hasText: /follows the buyer's written order/ }).waitFor();
  await page.getByTestId("buyer-written-with").fill("Anna Berg");
  await page.getByTestId("buyer-written-record").click();
  await page.locator("[data-testid=buyer-written][data-done=true]").waitFor();
  await page.getByTestId("buyer-phone-with").fill("Anna Berg");
  await page.getByTestId("buyer-phone-record").click();
  await page.locator("[data-testid=buyer-confirm][data-confirmed=true]").waitFor();
  assert.match(await page.getByTestId("buyer-phone").innerText(), /Phone check: .*Anna Berg/);
  await page.getByTestId("buyer-confirm").screenshot({ path: join(artifactsDir(), "buyer-confirm-360.png") });
  await tab(page, "samples");
  await approveFirstSample(page, "pp", 5);

  await tab(page, "overview");
  const card = page.getByTestId("buyer-update");
  await card.locator("summary").click();
  const text = page.getByTestId("buyer-update-text");
  await text.filter({ hasText: /PP sample approved|Pre-production sample approved/ }).waitFor();
  const en = await text.innerText();
  assert.match(en, /^PO-BUYER-1 · NW-7: progress as of /, en);
  assert.match(en, /Quantity: 1,000 pcs/, en);
  assert.match(en, /Ex-factory: /, en);
  assert.doesNotMatch(en, /Ningbo/, en);
  assert.ok(await noSidewaysScroll(page), "the update fits 360 px");
  await card.screenshot({ path: join(artifactsDir(), "buyer-update-en-360.png") });

  await page.getByTestId("buyer-update-share").click();
  await page.getByTestId("buyer-update-copied").waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied.trim(), en.trim());

  await page.getByTestId("lang-toggle").click();
  await text.filter({ hasText: /数量:1,000 件/ }).waitFor();
  const zh = await text.innerText();
  assert.doesNotMatch(zh, /Ningbo|Quantity/, zh);

  // 生产制单 for the factory: its name and address, the quantities, the PP sample approved —
  // and no price or customer.
  await page.getByTestId("open-ps").click();
  const sheet = page.getByTestId("document");
  await sheet.waitFor();
  assert.match(await page.getByTestId("doc-title").innerText(), /Production Sheet/);
  assert.match(await page.getByTestId("ps-factory").innerText(), /Ningbo Knit Co\./);
  assert.equal(await page.getByTestId("doc-total").innerText(), "1,000");
  await page.locator("[data-testid=ps-sample][data-approved=true]").waitFor();
  assert.doesNotMatch(await sheet.innerText(), /Nordic Wear|3\.80/);
  assert.ok(await noSidewaysScroll(page), "the production sheet fits 360 px");
  await page.screenshot({ path: join(artifactsDir(), "production-sheet-360.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});
