// Storage pressure: Settings shows what each order's photos take; a shipped order whose photo the
// relay holds can drop its local copy (asked first, saying how much and that the relay keeps it),
// and the photo comes back byte for byte when the inspection is shown online. A photo that exists
// only on this device is never offered for dropping.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expectStatus, joinRelay, orderWithPhoto, phone, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

/** The bytes this device keeps under `hash`, or null. */
async function localBlob(page, hash) {
  return page.evaluate(async (hash) => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("gendan");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const v = await new Promise((ok, fail) => {
      const r = db.transaction(["blobs"], "readonly").objectStore("blobs").get(hash);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    db.close();
    return v ? Array.from(new Uint8Array(v)) : null;
  }, hash);
}

/** Takes the open order to Shipped, overriding each gate with a reason. */
async function ship(page, id) {
  await page.evaluate((h) => { location.hash = h; }, `#/orders/${id}`);
  await tab(page, "overview");
  for (const [to, status] of [["confirmed", "Confirmed"], ["in_production", "In production"], ["ready_to_ship", "Ready to ship"], ["shipped", "Shipped"]]) {
    await page.getByTestId(`to-${to}`).click();
    const refused = page.getByTestId("gate-refused");
    await Promise.race([refused.waitFor(), page.getByTestId("order-status").filter({ hasText: status }).waitFor()]);
    if (await refused.isVisible()) {
      await page.getByTestId("override-reason").fill("buyer accepts by mail");
      await page.getByTestId("override").click();
    }
    await expectStatus(page, status);
  }
}

const sha = (bytes) => createHash("sha256").update(Buffer.from(bytes)).digest("hex");
const kb = (n) => `${Math.ceil(n / 1000)} KB`;

async function waitFor(cond, what, ms = 30000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("a shipped order's photo on the relay is dropped to free space and fetched again online", async () => {
  const token = env.relay.token("storage");
  const ctx = await phone(env.browser);
  const a = await ctx.newPage();
  const errors = watchErrors(a);
  await joinRelay(a, env.relay.url, token);

  // Order 1: its photo reaches the relay.
  const one = await orderWithPhoto(a, "PO-STORE-1", [200, 40, 40]);
  const onRelay = join(env.relay.data, "blobs", "storage", one.hash.slice(0, 2), one.hash);
  await waitFor(() => existsSync(onRelay), "the upload");
  const original = await localBlob(a, one.hash);
  assert.equal(sha(original), one.hash);
  await ship(a, one.id);

  // Order 2: the relay refuses uploads from now on, so its photo exists only on this device.
  await a.route("**/blobs/**", (r) => (r.request().method() === "PUT" ? r.fulfill({ status: 503, body: "busy" }) : r.continue()));
  const two = await orderWithPhoto(a, "PO-STORE-2", [40, 40, 200]);
  await ship(a, two.id);
  const second = await localBlob(a, two.hash);

  // Settings: both orders listed with their size; only order 1 may free space.
  await a.getByTestId("nav-settings").click();
  const row1 = a.locator("[data-testid=blob-order][data-po=PO-STORE-1]");
  const row2 = a.locator("[data-testid=blob-order][data-po=PO-STORE-2]");
  await row1.waitFor({ timeout: 30000 });
  assert.equal(await row1.getAttribute("data-bytes"), String(original.length));
  assert.equal(await row1.getAttribute("data-droppable"), String(original.length));
  assert.match(await row1.innerText(), new RegExp(`1 file · ${kb(original.length)}`));
  assert.match(await row1.innerText(), /Shipped/);
  assert.equal(await row2.getAttribute("data-droppable"), "0");
  assert.equal(await row2.getAttribute("data-only-here"), "1");
  await row2.getByTestId("blob-only-here").filter({ hasText: "1 file only on this device: kept" }).waitFor();
  assert.equal(await row2.getByTestId("blob-free").count(), 0, "a photo only here is not offered");
  const total = Number(await a.getByTestId("blob-total").getAttribute("data-bytes"));
  assert.equal(total, original.length + second.length);
  await a.getByTestId("blob-free-all").filter({ hasText: `Free ${kb(original.length)} for all closed orders` }).waitFor();

  // Free order 1's space: asked first, then dropped.
  await row1.getByTestId("blob-free").click();
  const confirm = row1.getByTestId("blob-free-confirm");
  assert.match(await confirm.innerText(), new RegExp(`Remove ${kb(original.length)} .*stay on the relay`));
  await confirm.getByTestId("blob-free-yes").click();
  await a.getByTestId("blob-freed").filter({ hasText: `Freed ${kb(original.length)}.` }).waitFor({ timeout: 30000 });
  assert.equal(await localBlob(a, one.hash), null, "the bytes left IndexedDB");
  assert.deepEqual(await localBlob(a, two.hash), second, "the photo only here stays");
  await a.locator("[data-testid=blob-order][data-po=PO-STORE-1][data-bytes='0']").getByTestId("blob-not-here").waitFor();
  assert.equal(await a.getByTestId("blob-free-all").count(), 0, "nothing left to free");

  // Offline, the inspection says where the photo is; online again, it is fetched, byte for byte.
  await ctx.setOffline(true);
  await a.evaluate((h) => { location.hash = h; }, one.inspection);
  await a.getByTestId("photo-missing").filter({ hasText: "On the relay — fetched when online" }).waitFor({ timeout: 30000 });
  await ctx.setOffline(false);
  const back = a.getByTestId("photo").first();
  await back.waitFor({ timeout: 30000 });
  assert.equal(await back.getAttribute("data-hash"), one.hash);
  const fetched = await localBlob(a, one.hash);
  assert.equal(sha(fetched), one.hash);
  assert.deepEqual(fetched, original);

  // Settings again: on the device, and still known on the relay, so it may be freed again.
  await a.getByTestId("nav-settings").click();
  await a.locator(`[data-testid=blob-order][data-po=PO-STORE-1][data-droppable='${original.length}']`).waitFor({ timeout: 30000 });
  assert.deepEqual(errors.filter((e) => !/WebSocket/.test(e)), []);
  await ctx.close();
});
