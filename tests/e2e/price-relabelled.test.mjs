// A price relabelled by a merge, end to end: the phone sets the order's price in USD while a
// stock automerge-repo client — another device that had not heard of it — switches the books
// to EUR. After the merge the price would read EUR 3.50, which nobody typed: the phone says so
// beside the price and on Money, with who did each; one tap confirms it, every device takes the
// confirmation, and the warning goes. Two prices set at once are both shown, with who set
// each, and the one kept reaches every device.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "@automerge/automerge";
import { createOrder, joinRelay, noSidewaysScroll, phone, saveField, stockClient, suite, synced, tab, until, watchErrors } from "./harness.mjs";

const env = suite();


test("a price set while another device switched the currency is said and confirmed", async () => {
  const token = env.relay.token();
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await joinRelay(page, env.relay.url, token);
  await createOrder(page, { po: "PO-RELABEL", price: "3.80" });
  const id = page.url().split("/").pop();
  await synced(page);

  const repo = stockClient(env.relay.url, token);
  try {
    const order = await repo.find(`automerge:${id}`);
    const books = await repo.find(`automerge:${String(order.doc().commercial)}`);
    const currency = String(books.doc().currency);
    assert.equal(Number(books.doc().unit_price), 38000);
    // The other device, as it stood before it heard of the phone's new price.
    const offline = A.clone(books.doc(), { actor: "ab".repeat(16) });

    await saveField(page, "unit-price", "3.50");
    await synced(page);
    await until(() => Number(books.doc().unit_price) === 35000, "the new price to reach the client");
    assert.notEqual(currency, "EUR");
    const switched = A.change(offline, (d) => {
      d.currency = "EUR";
    });
    books.update((d) => A.merge(d, switched));

    // Said beside the price and again on Money: both sections may be in the page.
    const card = page.getByTestId("order-form").getByTestId("price-relabelled");
    await card.waitFor({ timeout: 30000 });
    const text = await card.innerText();
    assert.match(text, /Unit price 3\.50 was set by .+ while .+ switched the currency to EUR, neither knowing of the other: it now reads EUR 3\.50/, text);
    assert.ok(await noSidewaysScroll(page), "the warning fits a 360 px phone");
    await tab(page, "money");
    await page.getByTestId("money-section").getByTestId("price-relabelled").waitFor();

    await page.getByTestId("money-section").getByTestId("price-relabelled-confirm").click();
    await until(async () => (await page.getByTestId("price-relabelled").count()) === 0, "the warning to go");
    await synced(page);
    await tab(page, "overview");
    assert.equal(await page.getByTestId("unit-price").inputValue(), "3.50");
    assert.equal(await page.getByTestId("currency").inputValue(), "EUR");
    assert.equal(await page.getByTestId("price-relabelled").count(), 0);
    // The confirmation is one change every device takes: the client's copy has it.
    await until(async () => {
      const d = books.doc();
      return Number(d.unit_price) === 35000 && String(d.currency) === "EUR" && A.getHeads(d).length === 1;
    }, "the client to take the confirmation");
    assert.deepEqual(errors, []);
  } finally {
    await repo.shutdown();
    await ctx.close();
  }
});

test("two prices set at once are both shown and the one kept reaches every device", async () => {
  const token = env.relay.token("twice");
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await joinRelay(page, env.relay.url, token);
  const id = await createOrder(page, { po: "PO-TWICE", price: "3.80" });
  await synced(page);

  const repo = stockClient(env.relay.url, token);
  try {
    const order = await repo.find(`automerge:${id}`);
    const books = await repo.find(`automerge:${String(order.doc().commercial)}`);
    const offline = A.clone(books.doc(), { actor: "cd".repeat(16) });
    await saveField(page, "unit-price", "3.50");
    await synced(page);
    await until(() => Number(books.doc().unit_price) === 35000, "the new price to reach the client");
    const other = A.change(offline, (d) => {
      d.unit_price = 36000;
    });
    books.update((d) => A.merge(d, other));

    const card = page.getByTestId("order-form").getByTestId("price-competing");
    await card.waitFor({ timeout: 30000 });
    assert.match(await card.innerText(), /Unit price was set on two devices at once/);
    assert.ok(await noSidewaysScroll(page), "the choice fits a 360 px phone");
    const keep = card.getByTestId("price-keep");
    assert.equal(await keep.count(), 2);
    await keep.filter({ hasText: "3.60" }).click();
    await until(async () => (await page.getByTestId("price-competing").count()) === 0, "the choice to go");
    await synced(page);
    await page.getByTestId("unit-price").waitFor();
    assert.equal(await page.getByTestId("unit-price").inputValue(), "3.60");
    await until(() => {
      const d = books.doc();
      return Number(d.unit_price) === 36000 && A.getConflicts(d, "unit_price") === undefined;
    }, "the client to take the price kept");
    assert.deepEqual(errors, []);
  } finally {
    await repo.shutdown();
    await ctx.close();
  }
});
