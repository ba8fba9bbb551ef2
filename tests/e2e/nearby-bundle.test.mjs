// A new phone meeting a nearby device that holds many orders gets them as one bundle first (pages
// on the data channel, imported like a bundle file), then the two sync only what the bundle did
// not settle: a handful of protocol frames instead of several per order. Money goes only when
// ticked, edits flow both ways live afterwards, and the same holds when the new phone is the one
// that starts the connection (the full device then joins the new phone's workspace). A factory's
// phone, invited to one order, takes no bundle: a bundle is imported whole, every order and the
// books when money is ticked, past the rule that a factory's phone takes nothing new. A factory's
// phone meets only the team that shared its orders: another buyer's office is refused both ways.
// A device holding the team's key asks before it syncs with one that proves none (a phone
// hiding that it is a factory's gets nothing unless let in) and answers no other workspace's code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connectNearby, createOrder, joinRelay, nameFactory, nearbyUpToDate, openApp, phone, saveField, seedOrders, suite, synced, watchErrors } from "./harness.mjs";

const env = suite({ webrtc: true });
const N = 40;

async function go(page, hash) {
  await page.evaluate((h) => (location.hash = h), hash);
}

async function listed(page, n) {
  await page.getByTestId("order-count").filter({ hasText: new RegExp(`^${n} `) }).waitFor({ timeout: 60000 });
}

async function openOrder(page, id) {
  await go(page, `#/orders/${id}`);
  await page.getByTestId("tab-overview").click();
  await page.getByTestId("customer-po").waitFor();
}

async function framesReceived(page) {
  return Number(await page.getByTestId("nearby-status").getAttribute("data-frames-received"));
}

/** A device holding N orders, the first with a deposit planned. */
async function fullDevice() {
  const ctx = await phone(env.browser);
  const a = await ctx.newPage();
  await openApp(a, env.relay.url);
  const first = await createOrder(a, { po: "PO-BUNDLE-0", colours: ["Navy"], sizes: ["M"], qty: ["300"] });
  await a.getByTestId("tab-money").click();
  await a.getByTestId("deposit-pct").fill("30");
  await a.getByTestId("plan-receivables").click();
  await a.getByTestId("deposit-line").filter({ hasText: "342" }).waitFor();
  await seedOrders(a, first, N);
  await a.reload();
  await go(a, "#/orders");
  await listed(a, N);
  return { ctx, a, first };
}

/** The full device (A) and a new phone (B) with nothing on it, pages watched for errors. */
async function twoDevices() {
  const full = await fullDevice();
  const fresh = await phone(env.browser);
  const b = await fresh.newPage();
  const errors = [full.a, b].map(watchErrors);
  if (process.env.DEBUG_RTC) for (const [n, p] of [["A", full.a], ["B", b]]) p.on("console", (m) => console.log(n, m.type(), m.text()));
  await openApp(b, env.relay.url);
  return { ...full, fresh, b, errors };
}

test("a new phone gets many orders from a nearby device in one bundle, money when ticked, then edits flow live", async () => {
  const { ctx, a, first, fresh, b, errors } = await twoDevices();
  await connectNearby(a, b, { offererMoney: true });
  await nearbyUpToDate(b);
  await nearbyUpToDate(a);
  // The orders came as pages: each side received only the handshake and a few frames, where
  // a sync per order takes several for each of the N.
  const [fa, fb] = [await framesReceived(a), await framesReceived(b)];
  assert.ok(fb < N / 2, `${fb} protocol frames reached the new phone for ${N} orders`);
  assert.ok(fa < N / 2, `${fa} protocol frames came back for ${N} orders`);
  await go(b, "#/orders");
  await listed(b, N);
  // "Include money" was ticked on the sending device: the deposit came along.
  await openOrder(b, first);
  await b.getByTestId("tab-money").click();
  await b.getByTestId("deposit-line").filter({ hasText: "342" }).waitFor();

  // Both start the bundled orders as settled, yet an edit on either side crosses live.
  await openOrder(b, first);
  await openOrder(a, first);
  await saveField(b, "style-no", "EDITED-ON-NEW");
  await a.waitForFunction(() => document.querySelector("[data-testid=style-no]")?.value === "EDITED-ON-NEW", null, { timeout: 20000 });
  await saveField(a, "description", "Edited on the full device");
  await b.waitForFunction(() => document.querySelector("[data-testid=description]")?.value === "Edited on the full device", null, { timeout: 20000 });
  assert.deepEqual(errors.flat().filter((e) => !/ServiceWorker/.test(e)), []);
  await ctx.close();
  await fresh.close();
});

test("the new phone may start the connection: it still receives the bundle, and the full device keeps every order", async () => {
  const { ctx, a, first, fresh, b, errors } = await twoDevices();
  // B offers, so A (answering) joins B's workspace and folds its orders into it.
  await connectNearby(b, a);
  await nearbyUpToDate(b);
  await nearbyUpToDate(a);
  const fb = await framesReceived(b);
  assert.ok(fb < N / 2, `${fb} protocol frames reached the new phone for ${N} orders`);
  await go(b, "#/orders");
  await listed(b, N);
  // No money without the tick.
  await openOrder(b, first);
  await b.getByTestId("tab-money").click();
  await b.getByTestId("money-hidden").waitFor();
  // Both list every order in the one workspace they now share, also after a reload.
  for (const page of [a, b]) {
    await page.reload();
    await go(page, "#/orders");
    await listed(page, N);
  }
  assert.deepEqual(errors.flat().filter((e) => !/ServiceWorker/.test(e)), []);
  await ctx.close();
  await fresh.close();
});

test("a factory's phone meeting the office nearby takes no bundle: its own order only, and no money though ticked", async () => {
  const { ctx, a, first } = await fullDevice();
  const errors = [watchErrors(a)];
  await joinRelay(a, env.relay.url, env.relay.token("nb-factory"));
  await synced(a);
  // The factory is invited to the first order only, through the relay.
  await openOrder(a, first);
  await a.getByTestId("share-order").locator("summary").click();
  await a.getByTestId("share-token").fill(env.relay.token("nb-factory", [first]));
  const link = await a.getByTestId("share-link").inputValue();
  const factory = await phone(env.browser);
  const f = await factory.newPage();
  errors.push(watchErrors(f));
  await f.goto(link);
  await f.getByTestId("order-row").filter({ hasText: "PO-BUNDLE-0" }).waitFor({ timeout: 30000 });
  await go(f, "#/orders");
  await listed(f, 1);

  // 40 orders against 1 would make it the bundle's receiver; the office ticks money.
  await connectNearby(a, f, { offererMoney: true });
  await nearbyUpToDate(f);
  await go(f, "#/orders");
  await listed(f, 1);
  await openOrder(f, first);
  await f.getByTestId("tab-money").click();
  await f.getByTestId("money-hidden").waitFor();
  // Still its one order after a reload: nothing was imported behind the list.
  await f.reload();
  await go(f, "#/orders");
  await listed(f, 1);
  assert.deepEqual(errors.flat().filter((e) => !/ServiceWorker/.test(e)), []);
  await ctx.close();
  await factory.close();
});

test("a factory's phone invited by one team is refused by another team's office, both ways, and nothing crosses", async () => {
  const { ctx: office, page: a, id: shared, link } = await officeSharing("nb-team-a", "PO-TEAM-A");
  const errors = [watchErrors(a)];
  assert.match(link, /&team=/, "the link names the team");
  const factory = await phone(env.browser);
  const f = await factory.newPage();
  errors.push(watchErrors(f));
  await f.goto(link);
  await f.getByTestId("order-row").filter({ hasText: "PO-TEAM-A" }).waitFor({ timeout: 30000 });

  // Another buyer's office, in a workspace of its own, with an order of its own.
  const other = await phone(env.browser);
  const b = await other.newPage();
  errors.push(watchErrors(b));
  await openApp(b, env.relay.url);
  await createOrder(b, { po: "PO-TEAM-B", colours: ["Red"], sizes: ["S"], qty: ["50"] });

  for (const page of [b, f]) {
    await go(page, "#/nearby");
    await page.getByTestId("nearby-start").waitFor();
  }
  // B starts and the factory's phone reads B's code: refused there, before any answer.
  await b.getByTestId("nearby-money").check();
  await b.getByTestId("nearby-start").click();
  const offer = await b.getByTestId("nearby-my-code").inputValue();
  await readRefused(f, offer, "invited by another team");
  assert.equal(await f.getByTestId("nearby-my-code").count(), 0, "no answer was made");

  // The factory's phone starts and B reads its code: refused there.
  await f.reload();
  await go(f, "#/nearby");
  await f.getByTestId("nearby-start").click();
  const factoryOffer = await f.getByTestId("nearby-my-code").inputValue();
  assert.match(factoryOffer, /^GD1F/, "a factory's phone says so in its code");
  await readRefused(b, factoryOffer, "factory's phone that works for another team");

  // Each still holds its own order only, after a reload.
  for (const [page, po] of [[f, "PO-TEAM-A"], [b, "PO-TEAM-B"]]) {
    await page.reload();
    await go(page, "#/orders");
    await listed(page, 1);
    await page.getByTestId("order-row").filter({ hasText: po }).waitFor();
  }

  // Its own team's office it meets as before, whichever side starts.
  await connectNearby(f, a, { answererMoney: true });
  await nearbyUpToDate(f);
  await nearbyUpToDate(a);
  await openOrder(f, shared);
  await f.getByTestId("tab-money").click();
  await f.getByTestId("money-hidden").waitFor();
  assert.deepEqual(errors.flat().filter((e) => !/ServiceWorker/.test(e)), []);
  await office.close();
  await factory.close();
  await other.close();
});

/** `page`, fresh on the nearby screen, reads another device's start `code` and says why not. */
async function readRefused(page, code, said) {
  await page.reload();
  await go(page, "#/nearby");
  await page.getByTestId("nearby-join").click();
  await page.getByTestId("nearby-code-input").fill(code);
  await page.getByTestId("nearby-connect").click();
  await page.getByTestId("nearby-error").filter({ hasText: said }).waitFor();
}

/** An office on the relay under `workspace`'s token with one order shared: its page, the order and the share link. */
async function officeSharing(workspace, po) {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  await joinRelay(page, env.relay.url, env.relay.token(workspace));
  const id = await createOrder(page, { po, colours: ["Navy"], sizes: ["M"], qty: ["100"] });
  await synced(page);
  await openOrder(page, id);
  await page.getByTestId("share-order").locator("summary").click();
  await page.getByTestId("share-token").fill(env.relay.token(workspace, [id]));
  const link = await page.getByTestId("share-link").inputValue();
  return { ctx, page, id, link };
}

test("a phone invited by a link from before takes the first team it answers and keeps to it; another team's link is refused", async () => {
  const a = await officeSharing("nb-old-a", "PO-OLD-A");
  const errors = [watchErrors(a.page)];
  const factory = await phone(env.browser);
  const f = await factory.newPage();
  errors.push(watchErrors(f));
  // A link from before links named the team.
  await f.goto(a.link.replace(/&team=[^&]*/, ""));
  await f.getByTestId("order-row").filter({ hasText: "PO-OLD-A" }).waitFor({ timeout: 30000 });
  await connectNearby(a.page, f);
  await nearbyUpToDate(f);
  await nearbyUpToDate(a.page);

  const b = await officeSharing("nb-old-b", "PO-OLD-B");
  errors.push(watchErrors(b.page));
  await go(b.page, "#/nearby");
  await b.page.getByTestId("nearby-start").click();
  const offer = await b.page.getByTestId("nearby-my-code").inputValue();
  await readRefused(f, offer, "invited by another team");

  // B's share link: the phone holds A's order, so it does not join.
  await f.goto(b.link);
  await f.getByTestId("join-other-team").waitFor();
  await go(f, "#/orders");
  await listed(f, 1);
  await f.getByTestId("order-row").filter({ hasText: "PO-OLD-A" }).waitFor();
  assert.deepEqual(errors.flat().filter((e) => !/ServiceWorker/.test(e)), []);
  for (const ctx of [a.ctx, b.ctx, factory]) await ctx.close();
});

/** On the office page `a` at an order named `po`: makes its factory a link and opens it on a new phone, synced. */
async function factoryPhoneOnLink(a, po, errors) {
  await a.getByTestId("share-order").locator("summary").click();
  await a.getByTestId("share-make-link").click();
  const link = await a.getByTestId("share-made-link").inputValue();
  const factory = await phone(env.browser);
  const f = await factory.newPage();
  errors.push(watchErrors(f));
  await f.goto(link);
  await f.getByTestId("order-row").filter({ hasText: po }).waitFor({ timeout: 30000 });
  await synced(f);
  return { factory, f };
}

test("a factory's phone syncs nearby the orders of the link it holds, and none once the office stopped it", async () => {
  const office = await phone(env.browser);
  const a = await office.newPage();
  const errors = [watchErrors(a)];
  await joinRelay(a, env.relay.url, env.relay.token("nb-link"));
  const id = await createOrder(a, { po: "PO-NEAR-LINK", colours: ["Navy"], sizes: ["M"], qty: ["100"] });
  await nameFactory(a, "Ningbo Knit Co.");
  await synced(a);
  const { factory, f } = await factoryPhoneOnLink(a, "PO-NEAR-LINK", errors);

  // No relay in the factory: the office's edit reaches the phone nearby, through the link it proves.
  await env.relay.kill();
  try {
    await openOrder(a, id);
    await saveField(a, "description", "Told at the factory");
    await connectNearby(a, f);
    await nearbyUpToDate(f);
    await openOrder(f, id);
    await f.waitForFunction(() => document.querySelector("[data-testid=description]")?.value === "Told at the factory", null, { timeout: 30000 });
    for (const page of [a, f]) await page.getByTestId("nearby-close").click().catch(() => {});
  } finally {
    await env.relay.restart();
  }

  // Back at the office, the link is stopped; at the factory again, the phone gets nothing more.
  await synced(a);
  await openOrder(a, id);
  await a.getByTestId("share-order").locator("summary").click();
  await a.getByTestId("share-link-stop").click();
  await a.getByTestId("share-links-none").waitFor();
  await env.relay.kill();
  try {
    await saveField(a, "description", "Moved to another factory");
    await connectNearby(a, f);
    await a.getByTestId("nearby-factory-no-link").waitFor({ timeout: 30000 });
    // Nor does the phone offer its orders: the office cannot show it holds the stopped link.
    await f.getByTestId("nearby-waits-for-office").waitFor({ timeout: 30000 });
    await f.waitForTimeout(3000);
    await openOrder(f, id);
    assert.equal(
      await f.evaluate(() => document.querySelector("[data-testid=description]")?.value),
      "Told at the factory",
      "a stopped link's phone got the office's later edit nearby",
    );
  } finally {
    await env.relay.restart();
  }
  assert.deepEqual(errors.flat().filter((e) => !/ServiceWorker|WebSocket|Failed to fetch|ERR_CONNECTION_REFUSED/.test(e)), []);
  await office.close();
  await factory.close();
});

test("an office asks before it syncs with a device that proves no team key: a factory's phone hiding that it is one gets nothing unless let in; a team device proves itself", async () => {
  const office = await phone(env.browser);
  const a = await office.newPage();
  const errors = [watchErrors(a)];
  const token = env.relay.token("nb-team");
  await joinRelay(a, env.relay.url, token);
  const shared = await createOrder(a, { po: "PO-TEAM-SHARED", colours: ["Navy"], sizes: ["M"], qty: ["100"] });
  await nameFactory(a, "Ningbo Knit Co.");
  await createOrder(a, { po: "PO-TEAM-ONLY", colours: ["Red"], sizes: ["L"], qty: ["50"] });
  await synced(a);
  await openOrder(a, shared);
  const { factory, f } = await factoryPhoneOnLink(a, "PO-TEAM-SHARED", errors);
  // A colleague's device, invited to the team: it holds the team's key from the workspace.
  await a.getByTestId("nav-settings").click();
  const invite = await a.getByTestId("invite-link").inputValue();
  const colleague = await phone(env.browser);
  const b = await colleague.newPage();
  errors.push(watchErrors(b));
  await b.goto(invite);
  await b.getByTestId("order-row").filter({ hasText: "PO-TEAM-ONLY" }).waitFor({ timeout: 30000 });
  await synced(b);
  // The phone forgets what says it is a factory's (as a patched build would): its code now
  // reads as a new device's.
  await f.evaluate(() => {
    localStorage.removeItem("gendan.role");
    localStorage.removeItem("gendan.sync");
  });
  await f.reload();
  await f.getByTestId("order-row").filter({ hasText: "PO-TEAM-SHARED" }).waitFor();

  await env.relay.kill();
  try {
    // The colleague proves the key: no question, and they sync.
    await connectNearby(a, b);
    await nearbyUpToDate(a);
    assert.equal(await a.getByTestId("nearby-let-in-ask").count(), 0, "a team device was asked about");
    await a.getByTestId("nearby-close").click();

    // Nor does the office answer the phone's code: answering, it would join the phone's
    // workspace and give it every order.
    for (const page of [f, a]) {
      await go(page, "#/nearby");
      const again = page.getByTestId("nearby-again");
      await page.getByTestId("nearby-start").or(again).waitFor();
      if (await again.count()) await again.click();
    }
    await f.getByTestId("nearby-start").click();
    const offer = await f.getByTestId("nearby-my-code").inputValue();
    await a.getByTestId("nearby-join").click();
    await a.getByTestId("nearby-code-input").fill(offer);
    await a.getByTestId("nearby-connect").click();
    await a.getByTestId("nearby-error").filter({ hasText: "joins no other workspace" }).waitFor();
    await f.getByTestId("nearby-cancel").click();
    await a.reload();

    // The phone proves none: the office asks, nothing syncs meanwhile, and "not ours" ends it.
    await connectNearby(a, f);
    await a.getByTestId("nearby-let-in-ask").waitFor({ timeout: 30000 });
    await f.waitForTimeout(3000);
    await a.getByTestId("nearby-keep-out").click();
    await f.getByTestId("nearby-ended").waitFor({ timeout: 30000 });
    await go(f, "#/orders");
    await f.getByTestId("order-row").first().waitFor();
    assert.equal(await f.getByTestId("order-row").filter({ hasText: "PO-TEAM-ONLY" }).count(), 0, "the office's other order reached the phone");

    // Let in (the office says it is one of the team's), it syncs as one.
    await connectNearby(a, f);
    await a.getByTestId("nearby-let-in-ask").waitFor({ timeout: 30000 });
    await a.getByTestId("nearby-let-in").click();
    await nearbyUpToDate(a);
    await go(f, "#/orders");
    await f.getByTestId("order-row").filter({ hasText: "PO-TEAM-ONLY" }).waitFor({ timeout: 30000 });
  } finally {
    await env.relay.restart();
  }
  assert.deepEqual(errors.flat().filter((e) => !/ServiceWorker|WebSocket|Failed to fetch|ERR_CONNECTION_REFUSED/.test(e)), []);
  await office.close();
  await factory.close();
  await colleague.close();
});
