// A fresh device joining a workspace of many orders fetches everything through the relay's
// `POST /catch-up` in one answer before its socket joins, and the socket then opens resumed (the
// relay kept what it served for this device): no sync message per order. With the route
// unreachable it still gets every order through the ordinary sync (catching up only saves time,
// it never loses data).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createOrder, joinRelay, phone, seedOrders, suite, synced, watchErrors } from "./harness.mjs";

const env = suite();
const N = 40;

async function listed(page, n) {
  await page.getByTestId("order-count").filter({ hasText: new RegExp(`^${n} `) }).waitFor({ timeout: 120000 });
}

test("a fresh device gets many orders in one catch-up answer, and without it through the sync", async () => {
  const token = env.relay.token("team");
  const full = await phone(env.browser);
  const a = await full.newPage();
  await joinRelay(a, env.relay.url, token);
  const first = await createOrder(a, { po: "PO-CATCH-0", colours: ["Navy"], sizes: ["M"], qty: ["100"] });
  await synced(a);
  await seedOrders(a, first, N);
  await a.reload();
  await a.evaluate(() => (location.hash = "#/orders"));
  await listed(a, N);
  await synced(a);
  const invite = await (async () => {
    await a.getByTestId("nav-settings").click();
    return a.getByTestId("invite-link").inputValue();
  })();

  // A fresh device: one catch-up request for everything, then a socket that only confirms.
  const fresh = await phone(env.browser);
  const b = await fresh.newPage();
  const errors = watchErrors(b);
  const answers = [];
  b.on("response", async (r) => {
    if (!r.url().endsWith("/catch-up")) return;
    const asked = JSON.parse(r.request().postData() ?? "{}");
    answers.push({ status: r.status(), all: asked.all === true, first: asked.first?.length ?? 0, ids: asked.ids?.length ?? 0 });
  });
  let frames = 0;
  b.on("websocket", (ws) => ws.on("framereceived", () => (frames += 1)));
  await b.goto(invite);
  await listed(b, N);
  await synced(b);
  // One page of everything, led by the workspace (it says which documents are orders).
  assert.deepEqual(answers, [{ status: 200, all: true, first: 1, ids: 0 }]);
  assert.ok(frames < N / 2, `${frames} frames from the relay for ${N} orders already caught up`);
  // The seeded copies are the first order under new ids, so every row names its PO.
  await b.getByTestId("order-row").filter({ hasText: "PO-CATCH-0" }).first().click();
  await b.getByTestId("customer-po").waitFor();
  assert.equal(await b.getByTestId("customer-po").inputValue(), "PO-CATCH-0");
  assert.deepEqual(errors, []);

  // The route unreachable (an older relay, a proxy that drops it): the ordinary sync brings all.
  const other = await phone(env.browser);
  const c = await other.newPage();
  let refused = 0;
  await c.route("**/catch-up", (route) => {
    refused += 1;
    return route.abort();
  });
  await c.goto(invite);
  await listed(c, N);
  await synced(c);
  assert.equal(refused, 2, "the device asked for everything, then for the missing orders, then synced order by order");

  // A catch-up that breaks after its first page: what that page brought stays, no map is kept
  // for a catch-up that did not finish (the socket syncs in full), and every order arrives.
  const partial = await phone(env.browser);
  const d = await partial.newPage();
  let pages = 0;
  await d.route("**/catch-up", async (route) => {
    if (JSON.parse(route.request().postData() ?? "{}").all !== true) return route.continue();
    pages += 1;
    if (pages > 1) return route.abort();
    const response = await route.fetch();
    const headers = { ...response.headers(), "gendan-next": "more-than-there-is" };
    delete headers["content-encoding"];
    delete headers["content-length"];
    return route.fulfill({ response, headers, body: await response.body() });
  });
  await d.goto(invite);
  await listed(d, N);
  await synced(d);
  assert.equal(pages, 2, "the first page imported, the second failed");
  await full.close();
  await fresh.close();
  await other.close();
  await partial.close();
});
