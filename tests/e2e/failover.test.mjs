// Two relays on one PostgreSQL database, and devices given both addresses: when the relay a device
// is on is killed, the device moves to the other and nothing it saved before or after is lost
// (issue 16). The cluster is a throwaway one (tests/interop/pg.mjs); `make test` installs
// Debian's postgresql for it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createOrder, launch, openApp, phone, saveField, startRelay, synced, watchErrors } from "./harness.mjs";
import { startCluster } from "../interop/pg.mjs";

const env = { cluster: null, relays: [], browser: null };

before(async () => {
  env.cluster = startCluster();
  if (!env.cluster) return;
  const db = env.cluster.database("failover");
  env.relays = [await startRelay({ database: db.url }), await startRelay({ database: db.url })];
  env.browser = await launch();
});

after(async () => {
  await env.browser?.close();
  for (const r of env.relays) await r.stop();
  env.cluster?.stop();
});

const wsOf = (relay) => relay.url.replace("http://", "ws://") + "/sync";

/** Opens the app from `origin` and connects it with the relay list `relays` (first one first). */
async function connect(page, origin, relays, token) {
  await openApp(page, origin.url);
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("relay-address").fill(relays.map(wsOf).join(" "));
  await page.getByTestId("relay-token").fill(token);
  await page.getByTestId("sync-connect").click();
  await synced(page);
}

async function openOrder(page, origin, id) {
  await page.goto(`${origin.url}/#/orders/${id}`);
  await page.getByTestId("customer-po").waitFor();
}

const fieldIs = (page, testid, value) =>
  page.waitForFunction(([t, v]) => document.querySelector(`[data-testid=${t}]`)?.value === v, [testid, value], { timeout: 60000 });

test("a device whose relay dies moves to the other relay on the same database and loses nothing", async (t) => {
  if (!env.cluster) {
    t.skip("no PostgreSQL server binaries (initdb, pg_ctl); `make db-tools` installs them");
    return;
  }
  const [r1, r2] = env.relays;
  const token = r1.token("team");

  // A is on relay 1 first, B on relay 2 first: a change crosses relays through the database.
  const one = await phone(env.browser);
  const a = await one.newPage();
  const errorsA = watchErrors(a);
  await connect(a, r1, [r1, r2], token);
  const id = await createOrder(a, { po: "PO-FAILOVER", colours: ["Navy"], sizes: ["L"], qty: ["300"] });
  await synced(a);

  // B joins A's workspace by its invite (which carries both addresses), opened from relay 2, and
  // puts relay 2 first.
  await a.getByTestId("nav-settings").click();
  const invite = new URL(await a.getByTestId("invite-link").inputValue());
  assert.match(decodeURIComponent(invite.hash), new RegExp(`${wsOf(r1)}.*${wsOf(r2)}`), "the invite carries both relays");
  const two = await phone(env.browser);
  const b = await two.newPage();
  const errorsB = watchErrors(b);
  await b.goto(`${r2.url}/${invite.hash}`);
  await b.getByTestId("order-row").filter({ hasText: "PO-FAILOVER" }).waitFor({ timeout: 30000 });
  await b.getByTestId("nav-settings").click();
  await b.getByTestId("relay-address").fill([r2, r1].map(wsOf).join(" "));
  await b.getByTestId("sync-connect").click();
  await synced(b);
  await openOrder(b, r2, id);

  // Relay 1 dies with A connected to it. A keeps working (the app is already loaded) and its
  // next edit, saved on the device, reaches B through relay 2.
  await openOrder(a, r1, id); // a change of hash only: nothing is loaded from relay 1
  await r1.kill();
  await saveField(a, "description", "Saved after relay 1 died");
  await fieldIs(b, "description", "Saved after relay 1 died");

  // And back: B's edit reaches A, now on relay 2.
  await saveField(b, "customer", "Edited on B while relay 1 is down");
  await fieldIs(a, "customer", "Edited on B while relay 1 is down");
  await synced(a);

  // Nothing acknowledged lived only in relay 1: a third device on relay 2 alone gets everything.
  const three = await phone(env.browser);
  const c = await three.newPage();
  await c.goto(`${r2.url}/${invite.hash}`);
  await c.getByTestId("order-row").filter({ hasText: "PO-FAILOVER" }).waitFor({ timeout: 30000 });
  await c.getByTestId("nav-settings").click();
  await c.getByTestId("relay-address").fill(wsOf(r2));
  await c.getByTestId("sync-connect").click();
  await synced(c);
  await openOrder(c, r2, id);
  // "Synced at" may still be the chip from C's first connection: wait for the values rather
  // than reading them at once.
  await fieldIs(c, "description", "Saved after relay 1 died");
  await fieldIs(c, "customer", "Edited on B while relay 1 is down");

  // The browser logs each refused connection to the dead relay; anything else is a failure (the
  // service worker's update check against relay 1, A's origin, must fail quietly).
  const unexpected = (errors) => errors.filter((e) => !/WebSocket connection to 'ws:\/\/[0-9.:]+\/sync/.test(e));
  assert.deepEqual(unexpected(errorsA), []);
  assert.deepEqual(unexpected(errorsB), []);
  for (const ctx of [one, two, three]) await ctx.close();
});
