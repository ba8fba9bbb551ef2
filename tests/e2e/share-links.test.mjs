// Links for factories made and stopped from the app: an office makes a link for the order's
// factory on the relay (no administrator), the factory's phone follows its orders through it; a
// newer link reaches the factory's other open orders too and the phone takes it without being
// asked; the order moves to another factory, the office is told the first factory's link still
// reaches it, stops it, and the first factory's phone receives nothing more until a new link.
import { test } from "node:test";
import assert from "node:assert/strict";
import { addParty, createOrder, invitePhone, joinRelay, nameFactory, noSidewaysScroll, phone, saveField, suite, synced, tab } from "./harness.mjs";

const env = suite();

async function openOrder(page, id) {
  await page.goto(`${env.relay.url}/#/orders/${id}`);
  await page.getByTestId("customer-po").waitFor();
}

async function description(page, id) {
  await openOrder(page, id);
  return page.evaluate(() => document.querySelector("[data-testid=description]")?.value);
}

async function described(page, id, text) {
  await openOrder(page, id);
  await page.waitForFunction((t) => document.querySelector("[data-testid=description]")?.value === t, text, { timeout: 30000 });
}

async function openShare(page, id) {
  await openOrder(page, id);
  await page.getByTestId("share-order").locator("summary").click();
}

async function makeLink(page, factory) {
  await page.getByTestId("share-make-link").filter({ hasText: `Make a link for ${factory}` }).click();
  return page.getByTestId("share-made-link").inputValue();
}

/** The factory's phone opens `link`: taken at once, never asked (it holds orders already). */
async function openLink(f, link, po) {
  await f.goto(link);
  await f.getByTestId("order-row").filter({ hasText: po }).waitFor({ timeout: 30000 });
  assert.equal(await f.getByTestId("join-ask").count(), 0, "a newer link of its team is not asked about");
  await synced(f);
}

test("an office makes links for its factory, and stops one when an order moves to another", async () => {
  const office = await phone(env.browser);
  const a = await office.newPage();
  await joinRelay(a, env.relay.url, env.relay.token("links-team"));
  const first = await createOrder(a, { po: "PO-LINKED" });
  await nameFactory(a, "Ningbo Knit Co.");
  await synced(a);

  await openShare(a, first);
  await a.getByTestId("share-links-none").waitFor();
  const link1 = await makeLink(a, "Ningbo Knit Co.");
  assert.match(link1, /#\/join\?.*docs=/);
  assert.doesNotMatch(link1, /ws=/, "the link joins no workspace");
  const rows = a.getByTestId("share-link-row");
  await rows.filter({ hasText: "Ningbo Knit Co. · 1 order" }).waitFor();
  assert.equal(await a.getByTestId("share-link-stale").count(), 0);
  await noSidewaysScroll(a);

  const factory = await phone(env.browser);
  const f = await factory.newPage();
  await f.goto(link1);
  await f.getByTestId("order-row").filter({ hasText: "PO-LINKED" }).waitFor({ timeout: 30000 });
  await synced(f);
  await openOrder(f, first);
  assert.equal(await f.getByTestId("share-make-link").count(), 0, "a factory's phone makes no links");

  // A second order for the same factory: its link reaches both, and replaces the first on the phone.
  const second = await createOrder(a, { po: "PO-LINKED-2" });
  await tab(a, "overview");
  await a.getByTestId("factory").selectOption({ label: "Ningbo Knit Co." });
  await a.getByTestId("save-extras").click();
  await a.getByTestId("save-status").filter({ hasText: /Saved/ }).waitFor();
  await synced(a);
  await openShare(a, second);
  const link2 = await makeLink(a, "Ningbo Knit Co.");
  await rows.filter({ hasText: "Ningbo Knit Co. · 2 orders" }).waitFor();
  await openLink(f, link2, "PO-LINKED-2");
  assert.equal(await f.getByTestId("order-row").filter({ hasText: "PO-LINKED" }).count(), 2, "both orders");
  // The first link is stopped: the phone follows both orders through the second.
  await openShare(a, first);
  await rows.filter({ hasText: "1 order" }).getByTestId("share-link-stop").click();
  await rows.filter({ hasText: "1 order" }).waitFor({ state: "detached" });
  await saveField(a, "description", "Cutting from Monday");
  await synced(a);
  await described(f, first, "Cutting from Monday");

  // The first order moves to another factory: the link still reaching it is said so.
  await addParty(a, env.relay.url, { kind: "factory", name: "Shaoxing Sewing" });
  await openOrder(a, first);
  await tab(a, "overview");
  await a.getByTestId("factory").selectOption({ label: "Shaoxing Sewing" });
  await a.getByTestId("save-extras").click();
  await a.getByTestId("save-status").filter({ hasText: /Saved/ }).waitFor();
  await a.reload();
  // Said on the closed card, where the order's header is read.
  await a.getByTestId("share-stale-badge").filter({ hasText: "1 link to stop" }).waitFor();
  await a.getByTestId("share-order").locator("summary").click();
  await a.getByTestId("share-link-stale").filter({ hasText: "Made for Ningbo Knit Co., which no longer makes this order" }).waitFor();
  await a.getByTestId("share-make-link").filter({ hasText: "Make a link for Shaoxing Sewing" }).waitFor();

  await a.getByTestId("share-link-stale").filter({ hasText: "The link reaches 2 orders" }).waitFor();

  // Stopped: gone from the list, and the first factory's phone receives nothing more. The
  // factory still makes the second order: a new link for it is offered, reaching that one.
  await rows.getByTestId("share-link-stop").click();
  await a.getByTestId("share-links-none").waitFor();
  assert.equal(await a.getByTestId("share-stale-badge").count(), 0);
  await a.getByTestId("share-remake-link").filter({ hasText: "Make Ningbo Knit Co. a new link for the orders it still makes" }).click();
  const link3 = await a.getByTestId("share-made-link").inputValue();
  assert.notEqual(link3, link2);
  await a.getByTestId("share-links-none").waitFor();
  await saveField(a, "description", "Moved to Shaoxing: their line 2");
  await openOrder(a, second);
  await saveField(a, "description", "Ningbo keeps this one");
  await synced(a);
  // A colleague's device reads both changes: they reached the relay.
  const { ctx: colleague, page: c } = await invitePhone(a, env.browser, "PO-LINKED-2");
  await described(c, first, "Moved to Shaoxing: their line 2");
  await described(c, second, "Ningbo keeps this one");
  // The phone is told why it no longer syncs, not "cannot reach the relay".
  await f.getByTestId("sync-chip").filter({ hasText: "The relay does not accept this device's token" }).waitFor({ timeout: 20000 });
  assert.equal(await description(f, first), "Cutting from Monday", "the first factory's phone no longer receives the moved order");
  // The list is the relay's: the colleague's device sees no link reaching the moved order
  // either, and the new one reaching the other.
  await openShare(c, first);
  await c.getByTestId("share-links-none").waitFor();
  await openShare(c, second);
  await c.getByTestId("share-link-row").filter({ hasText: "Ningbo Knit Co. · 1 order" }).waitFor();

  // The new link reaches the order the factory still makes, not the one that moved.
  await openShare(a, second);
  await rows.filter({ hasText: "Ningbo Knit Co. · 1 order" }).waitFor();
  await openLink(f, link3, "PO-LINKED-2");
  await described(f, second, "Ningbo keeps this one");
  assert.equal(await description(f, first), "Cutting from Monday");
  await office.close();
  await factory.close();
  await colleague.close();
});

test("a device that opened a factory's link is the team's once the relay vouches for the team's token it syncs with", async () => {
  const teamToken = env.relay.token("vouch-team");
  const office = await phone(env.browser);
  const a = await office.newPage();
  await joinRelay(a, env.relay.url, teamToken);
  const id = await createOrder(a, { po: "PO-VOUCH" });
  await synced(a);
  await openShare(a, id);
  await a.getByTestId("share-make-link").filter({ hasText: "Make a link" }).click();
  const link = await a.getByTestId("share-made-link").inputValue();

  const device = await phone(env.browser);
  const d = await device.newPage();
  await d.goto(link);
  await d.getByTestId("order-row").filter({ hasText: "PO-VOUCH" }).waitFor({ timeout: 30000 });
  await d.getByTestId("nav-settings").click();
  await d.getByTestId("settings-factory-role").waitFor();
  // A token that is not the team's keeps it a factory's phone: typing one proves nothing.
  await d.getByTestId("relay-token").fill("gdn_typed_by_hand");
  await d.getByTestId("sync-connect").click();
  await d.getByTestId("sync-status-text").filter({ hasText: "does not accept this device's token" }).waitFor({ timeout: 20000 });
  assert.equal(await d.getByTestId("settings-factory-role").count(), 1);
  // The team's token: the relay lists the team's links to it, so the device is the team's.
  await d.getByTestId("relay-token").fill(teamToken);
  await d.getByTestId("sync-connect").click();
  await synced(d);
  await d.getByTestId("settings-factory-role").waitFor({ state: "detached", timeout: 20000 });
  await office.close();
  await device.close();
});
