// What a bad peer broke is put back: a stock automerge-repo client holding the team's token
// takes the customer's PO number out of an order a phone made, the currency out of its money,
// or writes a word where the team's rules hold a number. The phone says the order (its money,
// the team) cannot be read — never shows an empty team as if it were one, nor money as kept on
// another device —, says when it last read and whose change putting it back undoes, puts it
// back on one tap, and the peer — every device — receives it whole again, the broken change
// kept in its history.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createOrder, joinRelay, noSidewaysScroll, phone, stockClient, suite, synced, tab, until, watchErrors } from "./harness.mjs";

const env = suite();


test("an order a peer broke is put back as it last read, on every device", async () => {
  const token = env.relay.token();
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await joinRelay(page, env.relay.url, token);
  const id = await createOrder(page, { po: "PO-RESTORE" });
  await synced(page);

  const repo = stockClient(env.relay.url, token);
  try {
    const handle = await repo.find(`automerge:${id}`);
    assert.equal(String(handle.doc().customer_po), "PO-RESTORE");
    handle.change((d) => {
      delete d.customer_po;
    });

    // The phone hears of it: the order no longer reads, and says so.
    const order = `${env.relay.url}/#/orders/${id}`;
    await until(async () => {
      await page.goto(`${env.relay.url}/#/orders`);
      await page.goto(order);
      await page.getByTestId("order-damaged").or(page.getByTestId("customer-po")).first().waitFor();
      return (await page.getByTestId("order-damaged").count()) > 0;
    }, "the broken change to reach the phone");
    assert.ok(await noSidewaysScroll(page), "the damaged order fits a 360 px phone");
    const help = await page.getByTestId("order-restore-help").innerText();
    assert.match(help, /last read correctly at .+\. Putting it back undoes the change made after it \(by another device\)/, help);

    await page.getByTestId("order-restore-button").click();
    await page.getByTestId("customer-po").waitFor({ timeout: 30000 });
    assert.equal(await page.getByTestId("customer-po").inputValue(), "PO-RESTORE");
    await synced(page);
    await until(() => String(handle.doc().customer_po) === "PO-RESTORE", "the peer to receive the order put back");
    assert.deepEqual(errors, []);
  } finally {
    await repo.shutdown();
    await ctx.close();
  }
});

test("the team's document a peer broke says so on Today and is put back, on every device", async () => {
  const token = env.relay.token("team-ws");
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await joinRelay(page, env.relay.url, token);
  await page.getByTestId("nav-today").click();
  await page.getByTestId("today").waitFor();
  assert.equal(await page.getByTestId("team-broken").count(), 0);
  const id = await page.evaluate(async () => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("gendan");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const value = await new Promise((ok) => {
      const r = db.transaction("meta").objectStore("meta").get("workspace");
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return value;
  });
  assert.ok(id, "the workspace's id");

  const repo = stockClient(env.relay.url, token);
  try {
    const handle = await repo.find(`automerge:${id}`);
    const days = Number(handle.doc().settings.at_risk_days);
    assert.ok(days > 0, `at-risk days ${days}`);
    handle.change((d) => {
      d.settings.at_risk_days = "soon";
    });
    await page.getByTestId("team-broken").waitFor({ timeout: 30000 });
    assert.ok(await noSidewaysScroll(page), "the broken team's card fits a 360 px phone");
    const help = await page.getByTestId("team-restore-help").innerText();
    assert.match(help, /last read correctly at .+ undoes the change made after it \(by another device\)/, help);
    await page.getByTestId("team-restore-button").click();
    await page.getByTestId("team-broken").waitFor({ state: "detached", timeout: 30000 });
    await synced(page);
    await until(() => Number(handle.doc().settings.at_risk_days) === days, "the peer to receive the team put back");
    assert.deepEqual(errors, []);
  } finally {
    await repo.shutdown();
    await ctx.close();
  }
});

test("an order's money a peer broke says so on the order, Today and Reports, not 'kept elsewhere', and is put back", async () => {
  const token = env.relay.token("books");
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await joinRelay(page, env.relay.url, token);
  const id = await createOrder(page, { po: "PO-BOOKS", price: "3.80" });
  await synced(page);

  const repo = stockClient(env.relay.url, token);
  try {
    const order = await repo.find(`automerge:${id}`);
    const booksId = String(order.doc().commercial);
    assert.ok(booksId, "the order links its money");
    const books = await repo.find(`automerge:${booksId}`);
    const currency = String(books.doc().currency);
    assert.match(currency, /^[A-Z]{3}$/);
    await tab(page, "money");
    await page.getByTestId("receipt-amount").waitFor();
    books.change((d) => {
      delete d.currency;
    });

    await page.getByTestId("money-broken").waitFor({ timeout: 30000 });
    assert.equal(await page.getByTestId("money-hidden").count(), 0, "not said to be on another device");
    assert.equal(await page.getByTestId("receipt-amount").count(), 0, "nothing to write over it");
    assert.ok(await noSidewaysScroll(page), "the broken money's card fits a 360 px phone");
    // Today and Reports say so too: its money is in none of their lists or figures meanwhile.
    await page.getByTestId("nav-today").click();
    const listed = page.getByTestId("today-books-unread").getByTestId("today-row");
    await listed.waitFor({ timeout: 30000 });
    assert.match(await listed.innerText(), /PO-BOOKS/);
    await page.getByTestId("nav-reports").click();
    await page.getByTestId("reports-books-unread-row").filter({ hasText: "PO-BOOKS" }).waitFor({ timeout: 30000 });
    await page.getByTestId("nav-today").click();
    await listed.click();
    await page.getByTestId("money-broken").waitFor();
    const help = await page.getByTestId("books-restore-help").innerText();
    assert.match(help, /money last read correctly at .+ undoes the change made after it \(by another device\)/, help);
    await page.getByTestId("books-restore-button").click();
    await page.getByTestId("money-broken").waitFor({ state: "detached", timeout: 30000 });
    await page.getByTestId("receipt-amount").waitFor();
    await synced(page);
    await until(() => String(books.doc().currency) === currency, "the peer to receive the money put back");
    await tab(page, "overview");
    assert.equal(await page.getByTestId("unit-price").inputValue(), "3.80");
    await page.getByTestId("nav-today").click();
    await page.getByTestId("today-progress").filter({ hasText: /checked/i }).waitFor();
    assert.equal(await page.getByTestId("today-books-unread").count(), 0, "put back, Today no longer lists it");
    assert.deepEqual(errors, []);
  } finally {
    await repo.shutdown();
    await ctx.close();
  }
});
