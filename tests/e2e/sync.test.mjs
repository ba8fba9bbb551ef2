// Two devices and the relay: joining by invite, live sync, offline edits on both that converge
// with the conflict shown on the same field, a relay killed mid-sync that loses nothing, and a
// relay with no room left for the workspace, which keeps the changes on the device.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createOrder, joinRelay, noSidewaysScroll, openApp, phone, saveField, startRelay, suite, synced, tab, watchErrors } from "./harness.mjs";

const env = suite();

async function openOrder(page, id) {
  await page.goto(`${env.relay.url}/#/orders/${id}`);
  await page.getByTestId("customer-po").waitFor();
}

test("a bad token is refused and the app keeps working offline-first", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  await openApp(page, env.relay.url);
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("relay-token").fill("gdn_not_a_real_token");
  await page.getByTestId("sync-connect").click();
  // The relay was reached and does not know the token: said so, not "cannot reach the relay".
  await page.getByTestId("sync-chip").filter({ hasText: /The relay does not accept this device's token/ }).waitFor({ timeout: 20000 });
  await createOrder(page, { po: "PO-LOCAL-ONLY" });
  await ctx.close();
});

test("two devices sync through the env.relay, converge after offline edits and survive a killed relay", async () => {
  const token = env.relay.token("team");
  const one = await phone(env.browser);
  const a = await one.newPage();
  const errors = watchErrors(a);
  await joinRelay(a, env.relay.url, token);
  const id = await createOrder(a, { po: "PO-SYNC-1", colours: ["Red"], sizes: ["M"], qty: ["500"] });
  await synced(a);
  await a.getByTestId("nav-settings").click();
  const invite = await a.getByTestId("invite-link").inputValue();
  assert.match(invite, /#\/join\?relay=ws/);
  await a.getByTestId("qr-code").locator("svg").waitFor();

  const two = await phone(env.browser);
  const b = await two.newPage();
  await b.goto(invite);
  await b.getByTestId("order-row").filter({ hasText: "PO-SYNC-1" }).waitFor({ timeout: 30000 });
  await synced(b);

  // Live: an edit on one device shows on the other within moments.
  await openOrder(b, id);
  await openOrder(a, id);
  await saveField(a, "description", "Live edit from A");
  await b.waitForFunction(() => document.querySelector("[data-testid=description]")?.value === "Live edit from A", null, { timeout: 30000 });

  // Both offline: different fields and the same field.
  await one.setOffline(true);
  await two.setOffline(true);
  await saveField(a, "customer", "Customer set offline on A");
  await saveField(a, "style-no", "STYLE-A");
  await saveField(b, "description", "Description set offline on B");
  await saveField(b, "style-no", "STYLE-B");
  await one.setOffline(false);
  await two.setOffline(false);
  for (const page of [a, b]) {
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
  }
  await synced(a);
  await synced(b);
  for (const page of [a, b]) {
    await openOrder(page, id);
    // "Synced at" may still be the chip from before the devices went offline: wait for the
    // values rather than reading them at once.
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=customer]")?.value === "Customer set offline on A" &&
        document.querySelector("[data-testid=description]")?.value === "Description set offline on B",
      null,
      { timeout: 30000 },
    );
    await page.locator("[data-testid=conflict][data-field=style_no]").waitFor({ timeout: 30000 });
  }
  const winnerA = await a.getByTestId("style-no").inputValue();
  assert.equal(await b.getByTestId("style-no").inputValue(), winnerA, "both show the same winner");
  // Choosing is an ordinary edit: it syncs and the conflict disappears on both.
  await a.locator("[data-testid=conflict][data-field=style_no] [data-testid=conflict-choice]").filter({ hasText: "STYLE-A" }).click();
  for (const page of [a, b]) {
    await page.locator("[data-testid=conflict]").waitFor({ state: "detached", timeout: 30000 });
  }
  await b.waitForFunction(() => document.querySelector("[data-testid=style-no]")?.value === "STYLE-A", null, { timeout: 30000 });

  // Kill the relay while edits are flowing, restart it, and nothing is lost.
  await a.getByTestId("description").fill("Sent while the relay died");
  await a.getByTestId("save").click();
  await env.relay.kill();
  await saveField(b, "customer", "Written while the relay was down");
  await env.relay.restart();
  await synced(a);
  await synced(b);
  for (const page of [a, b]) {
    await openOrder(page, id);
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=description]")?.value === "Sent while the relay died" &&
        document.querySelector("[data-testid=customer]")?.value === "Written while the relay was down",
      null,
      { timeout: 20000 },
    );
  }
  // While the relay is down, a WebSocket reconnect or the service worker's update check may fail.
  assert.deepEqual(errors.filter((e) => !/WebSocket|Failed to update a ServiceWorker/.test(e)), []);
  await one.close();
  await two.close();
});

test("a factory invited to one order receives that order only and its edits come back", async () => {
  const office = await phone(env.browser);
  const a = await office.newPage();
  const office_token = env.relay.token("shared-team");
  await joinRelay(a, env.relay.url, office_token);
  assert.equal(await a.getByTestId("settings-factory-role").count(), 0, "an office's device is no factory's phone");
  const private_ = await createOrder(a, { po: "PO-PRIVATE" });
  const shared = await createOrder(a, { po: "PO-SHARED" });
  await synced(a);
  await a.getByTestId("share-order").locator("summary").click();
  // The invite's list of documents binds only this app: a token that reaches more would let any
  // automerge-repo client read the other orders' money. The relay says what each token reaches.
  const refused = a.getByTestId("share-refused");
  await a.getByTestId("share-token").fill(office_token);
  await refused.filter({ hasText: "reaches the whole team" }).waitFor();
  assert.equal(await a.getByTestId("share-link").count(), 0, "no link for the office's own token");
  await a.getByTestId("share-token").fill(env.relay.token("shared-team", [shared, private_]));
  await refused.filter({ hasText: "other documents than this order" }).waitFor();
  assert.equal(await a.getByTestId("share-link").count(), 0, "no link for a token to two orders");
  await a.getByTestId("share-token").fill("not-a-token");
  await refused.filter({ hasText: "does not know this token" }).waitFor();
  assert.equal(await a.getByTestId("share-link").count(), 0);
  await a.getByTestId("share-token").fill(env.relay.token("shared-team", [shared]));
  const link = await a.getByTestId("share-link").inputValue();
  assert.equal(await refused.count(), 0);
  await noSidewaysScroll(a);
  assert.match(link, /docs=/);
  assert.doesNotMatch(link, /ws=/);

  const factory = await phone(env.browser);
  const f = await factory.newPage();
  await f.goto(link);
  await f.getByTestId("order-row").filter({ hasText: "PO-SHARED" }).waitFor({ timeout: 30000 });
  await synced(f);
  assert.equal(await f.getByTestId("order-row").filter({ hasText: "PO-PRIVATE" }).count(), 0);
  await f.getByTestId("nav-settings").click();
  await f.getByTestId("sync-status-text").filter({ hasText: /Synced at/ }).waitFor();
  assert.equal(await f.getByTestId("invite-link").count(), 0, "a factory cannot invite others");
  await f.getByTestId("settings-factory-role").filter({ hasText: "This device is a factory's phone" }).waitFor();
  await openOrder(f, shared);
  await saveField(f, "description", "Cutting started (factory)");
  await openOrder(a, shared);
  await a.waitForFunction(() => document.querySelector("[data-testid=description]")?.value === "Cutting started (factory)", null, { timeout: 30000 });

  // The office waives the deposit to release production. That the money was not there, and
  // why, stays with the books, which the factory never receives; the move itself reaches it.
  const why = "LC at sight, 30 % lands Monday";
  await a.getByTestId("to-confirmed").click();
  await a.getByTestId("order-status").filter({ hasText: "Confirmed" }).waitFor();
  await a.getByTestId("to-in_production").click();
  await a.getByTestId("gate-refused").filter({ hasText: /deposit/i }).waitFor();
  await a.getByTestId("override-reason").fill(why);
  await a.getByTestId("override").click();
  await a.getByTestId("order-status").filter({ hasText: "In production" }).waitFor();
  await a.getByTestId("override-log").filter({ hasText: /deposit.*LC at sight/i }).waitFor();
  await a.getByTestId("status-history").locator("summary").click();
  await a.getByTestId("status-change").filter({ hasText: why }).waitFor();
  await synced(a);
  await f.getByTestId("order-status").filter({ hasText: "In production" }).waitFor({ timeout: 30000 });
  await f.getByTestId("status-history").locator("summary").click();
  await f.getByTestId("status-change").filter({ hasText: "In production" }).waitFor();
  assert.doesNotMatch(await f.locator("body").innerText(), /LC at sight/);
  assert.equal(await f.getByTestId("override-log").filter({ hasText: /Deposit/i }).count(), 0);

  // The office's note of a call with the buyer is kept with the books too; the factory's own
  // note stays on the order, and the office reads both.
  await tab(a, "log");
  await a.getByTestId("comms-section").locator("select").selectOption("call");
  await a.getByTestId("m-with").fill("Buyer Tom");
  await a.getByTestId("m-summary").fill("FOB down to 4.10");
  await a.getByTestId("add-comm").click();
  await a.getByTestId("comm").filter({ hasText: "FOB down to 4.10" }).waitFor();
  await tab(f, "log");
  await f.getByTestId("m-with").fill("Li (office)");
  await f.getByTestId("m-summary").fill("cutting table 3 free Monday");
  await f.getByTestId("add-comm").click();
  await f.getByTestId("comm").filter({ hasText: "cutting table 3" }).waitFor();
  await a.getByTestId("comm").filter({ hasText: "cutting table 3" }).waitFor({ timeout: 30000 });
  // The office sees which notes the factory reads: its own is not among them.
  await a.getByTestId("comm").filter({ hasText: "cutting table 3" }).getByTestId("comm-factory-reads").waitFor();
  assert.equal(await a.getByTestId("comm").filter({ hasText: "FOB down" }).getByTestId("comm-factory-reads").count(), 0);
  // A later edit of the office's reaches the factory; the note never does.
  await tab(a, "overview");
  await saveField(a, "description", "After the buyer's call");
  await synced(a);
  await tab(f, "overview");
  await f.waitForFunction(() => document.querySelector("[data-testid=description]")?.value === "After the buyer's call", null, { timeout: 30000 });
  await tab(f, "log");
  assert.doesNotMatch(await f.locator("body").innerText(), /FOB down/);
  await a.reload();
  await tab(a, "log");
  await a.getByTestId("comm").filter({ hasText: "FOB down to 4.10" }).waitFor();

  // The office opens the link it made for the factory (to check it): refused, nothing changed,
  // the device is still the office's, its next note going to the books.
  await a.goto(link);
  await a.getByTestId("join-office-as-factory").waitFor();
  await a.goto(`${env.relay.url}/#/orders/${shared}/log`);
  await a.getByTestId("comms-section").waitFor();
  await a.getByTestId("m-summary").fill("after opening the factory's link");
  await a.getByTestId("add-comm").click();
  const later = a.getByTestId("comm").filter({ hasText: "after opening the factory's link" });
  await later.waitFor();
  assert.equal(await later.getByTestId("comm-factory-reads").count(), 0, "kept in the books, as an office's");
  await a.getByTestId("nav-settings").click();
  await a.getByTestId("invite-link").waitFor();
  await office.close();
  await factory.close();
});

test("a relay with no room left for the workspace's changes keeps them on the device and says so", async () => {
  const relay = await startRelay();
  try {
    const ctx = await phone(env.browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await joinRelay(page, relay.url, relay.token("team"));
    // Whoever runs the relay sets a quota below what the workspace holds already.
    await relay.kill();
    await relay.restart(["--doc-quota", "1K"]);
    await createOrder(page, { po: "PO-NO-ROOM" });
    await page.getByTestId("sync-chip").filter({ hasText: /Relay full: changes stay on this device/ }).waitFor({ timeout: 60000 });
    assert.match(await page.getByTestId("sync-chip").getAttribute("class"), /warn/);
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("relay-no-room").waitFor();
    await page.getByTestId("nav-orders").click();
    await page.getByTestId("order-row").filter({ hasText: "PO-NO-ROOM" }).waitFor();

    // Room again: coming back online sends what waited, and another device receives it.
    await relay.kill();
    await relay.restart([]);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await synced(page);
    await page.getByTestId("nav-settings").click();
    const invite = await page.getByTestId("invite-link").inputValue();
    const other = await phone(env.browser);
    const b = await other.newPage();
    await b.goto(invite);
    await b.getByTestId("order-row").filter({ hasText: "PO-NO-ROOM" }).waitFor({ timeout: 30000 });
    assert.deepEqual(errors.filter((e) => !/WebSocket|Failed to update a ServiceWorker/.test(e)), []);
    await ctx.close();
    await other.close();
  } finally {
    await relay.stop();
  }
});
