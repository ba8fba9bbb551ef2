// Links for factories made and stopped from the app: an office makes a link for the order's
// factory on the relay (no administrator), the factory's phone follows the order through it;
// the order moves to another factory, the office is told the first factory's link still reaches
// it, stops it, and the first factory's phone receives nothing more.
import { test } from "node:test";
import assert from "node:assert/strict";
import { addParty, createOrder, invitePhone, joinRelay, nameFactory, noSidewaysScroll, phone, saveField, suite, synced, tab } from "./harness.mjs";

const env = suite();

async function openOrder(page, id) {
  await page.goto(`${env.relay.url}/#/orders/${id}`);
  await page.getByTestId("customer-po").waitFor();
}

async function description(page) {
  return page.evaluate(() => document.querySelector("[data-testid=description]")?.value);
}

test("an office makes a link for its factory, and stops it when the order moves to another", async () => {
  const office = await phone(env.browser);
  const a = await office.newPage();
  await joinRelay(a, env.relay.url, env.relay.token("links-team"));
  const id = await createOrder(a, { po: "PO-LINKED" });
  await nameFactory(a, "Ningbo Knit Co.");
  await synced(a);

  await a.getByTestId("share-order").locator("summary").click();
  await a.getByTestId("share-links-none").waitFor();
  await a.getByTestId("share-make-link").filter({ hasText: "Make a link for Ningbo Knit Co." }).click();
  const link = await a.getByTestId("share-made-link").inputValue();
  assert.match(link, /#\/join\?.*docs=/);
  assert.doesNotMatch(link, /ws=/, "the link joins no workspace");
  const row = a.getByTestId("share-link-row");
  await row.filter({ hasText: "Ningbo Knit Co." }).waitFor();
  assert.equal(await a.getByTestId("share-link-stale").count(), 0);
  await noSidewaysScroll(a);

  // The factory's phone follows the order through the link.
  const factory = await phone(env.browser);
  const f = await factory.newPage();
  await f.goto(link);
  await f.getByTestId("order-row").filter({ hasText: "PO-LINKED" }).waitFor({ timeout: 30000 });
  await synced(f);
  await openOrder(f, id);
  assert.equal(await f.getByTestId("share-make-link").count(), 0, "a factory's phone makes no links");
  await saveField(a, "description", "Cutting from Monday");
  await synced(a);
  await f.waitForFunction(() => document.querySelector("[data-testid=description]")?.value === "Cutting from Monday", null, { timeout: 30000 });

  // The order moves to another factory: the first one's link is said to reach it still.
  await addParty(a, env.relay.url, { kind: "factory", name: "Shaoxing Sewing" });
  await openOrder(a, id);
  await tab(a, "overview");
  await a.getByTestId("factory").selectOption({ label: "Shaoxing Sewing" });
  await a.getByTestId("save-extras").click();
  await a.getByTestId("save-status").filter({ hasText: /Saved/ }).waitFor();
  await a.reload();
  await a.getByTestId("share-order").locator("summary").click();
  await a.getByTestId("share-link-stale").filter({ hasText: "Made for Ningbo Knit Co., which no longer makes this order" }).waitFor();
  await a.getByTestId("share-make-link").filter({ hasText: "Make a link for Shaoxing Sewing" }).waitFor();

  // Stopped: gone from the list, and the first factory's phone receives nothing more.
  await row.getByTestId("share-link-stop").click();
  await a.getByTestId("share-links-none").waitFor();
  await saveField(a, "description", "Moved to Shaoxing: their line 2");
  await synced(a);
  // A second office device reads the change at once: it reached the relay.
  const { ctx: colleague, page: c } = await invitePhone(a, env.browser, "PO-LINKED");
  await openOrder(c, id);
  await c.waitForFunction(() => document.querySelector("[data-testid=description]")?.value === "Moved to Shaoxing: their line 2", null, { timeout: 30000 });
  await f.waitForTimeout(3000);
  assert.equal(await description(f), "Cutting from Monday", "the first factory's phone no longer receives the order");
  await f.getByTestId("sync-chip").filter({ hasNotText: /Synced at/ }).waitFor({ timeout: 20000 });

  // The list is the relay's: the colleague's device sees no link either.
  await c.getByTestId("share-order").locator("summary").click();
  await c.getByTestId("share-links-none").waitFor();
  await office.close();
  await factory.close();
  await colleague.close();
});
