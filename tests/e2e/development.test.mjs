// A style in development (打板, samples before the buyer orders), as a merchandiser keeps it on a
// phone: a draft saved with no PO, said to be waiting for one on the order page, in the orders
// list and in Chinese too; a proto sample logged on it, and a complaint about it named by the
// style in the complaints ledger; confirming it refused in words until the
// buyer's PO is typed; once confirmed, clearing the PO refused, what was typed kept in the form
// and the PO kept in the order, after a reload too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifactsDir, createOrder, expectStatus, isoDay, noSidewaysScroll, openApp, phone, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

test("a style in development waits for its PO and is confirmed only with one", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  const id = await createOrder(page, { po: "", style: "NW-DEV-7", exFactory: isoDay(90) });
  const title = page.locator("[data-testid=order-form] h2");
  await title.filter({ hasText: "NW-DEV-7 · No PO yet" }).waitFor();
  await page.locator("label[for=f-customer-po]").filter({ hasText: "may wait until the buyer orders" }).waitFor();

  // The first make of the style goes to the buyer before any order.
  await tab(page, "samples");
  await page.getByTestId("sample-kind").selectOption("proto");
  await page.getByTestId("sample-sent").fill(isoDay(-1));
  await page.getByTestId("sample-reply-due").fill(isoDay(6));
  await page.getByTestId("add-sample").click();
  await page.locator("[data-testid=sample][data-kind=proto][data-round=\"1\"]").filter({ hasText: "Proto sample" }).waitFor();

  // The buyer's QA finds the proto's seams weak: the complaints ledger names the style.
  await tab(page, "log");
  await page.getByTestId("c-description").fill("Proto seams weak");
  await page.getByTestId("add-complaint").click();
  await page.getByTestId("complaint").filter({ hasText: "Proto seams weak" }).waitFor();
  await page.goto(`${env.relay.url}/#/complaints`);
  await page.getByTestId("complaint-row").filter({ hasText: "NW-DEV-7" }).filter({ hasText: "Proto seams weak" }).waitFor({ timeout: 20000 });

  await page.getByTestId("nav-orders").click();
  const row = page.getByTestId("order-row").filter({ hasText: "NW-DEV-7" });
  await row.locator(".po").filter({ hasText: "No PO yet" }).waitFor();
  assert.ok(await noSidewaysScroll(page), "the list fits 360 px");

  // Confirming is the buyer having ordered: refused in words while there is no PO.
  await page.goto(`${env.relay.url}/#/orders/${id}`);
  await tab(page, "overview");
  await page.getByTestId("to-confirmed").click();
  await page.getByTestId("status-error").filter({ hasText: "Customer PO number" }).waitFor();
  await expectStatus(page, "Draft");
  await page.screenshot({ path: join(artifactsDir(), "development-360.png"), fullPage: true });

  // The buyer orders: the PO is typed, the order confirmed and named by its PO.
  await page.getByTestId("customer-po").fill("PO-DEV-55");
  await page.getByTestId("save").click();
  await page.getByTestId("save-status").filter({ hasText: "Saved" }).waitFor();
  await title.filter({ hasText: "PO-DEV-55" }).waitFor();
  await page.getByTestId("to-confirmed").click();
  await expectStatus(page, "Confirmed");
  await page.locator("label[for=f-customer-po]").filter({ hasText: /^Customer PO number$/ }).waitFor();

  // Confirmed, the PO stays: back in draft too, clearing it is refused and the order keeps it.
  await page.getByTestId("to-draft").click();
  await expectStatus(page, "Draft");
  await page.getByTestId("customer-po").fill("");
  await page.getByTestId("save").click();
  await page.getByTestId("order-save-error").filter({ hasText: "Customer PO number" }).waitFor();
  assert.equal(await page.getByTestId("customer-po").inputValue(), "", "what was typed stays");
  const other = await ctx.newPage();
  await other.goto(`${env.relay.url}/#/orders/${id}`);
  await other.getByTestId("customer-po").waitFor();
  assert.equal(await other.getByTestId("customer-po").inputValue(), "PO-DEV-55", "the order keeps its PO");
  await other.close();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("in Chinese, a style without a PO is said as 未下单 in the list and on its page", async () => {
  const ctx = await phone(env.browser, "zh-CN");
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await createOrder(page, { po: "", style: "ZH-DEV-1", exFactory: isoDay(90) });
  await page.locator("[data-testid=order-form] h2").filter({ hasText: "ZH-DEV-1 · 未下单" }).waitFor();
  await page.locator("label[for=f-customer-po]").filter({ hasText: "客户下单前可空" }).waitFor();
  await page.getByTestId("nav-orders").click();
  await page.getByTestId("order-row").filter({ hasText: "ZH-DEV-1" }).locator(".po").filter({ hasText: "未下单" }).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});
