// Moving work between tabs and devices without a network: two tabs of one browser see each other's
// edits live, and a bundle file carries orders to a fresh device, merging, never replacing; a
// damaged or foreign file is refused and changes nothing, a document in a sound file that does
// not read is refused by itself. "With photos and files" carries the
// orders' photos, shows their size first, and another device shows them byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createOrder, openApp, orderWithPhoto, phone, saveField, suite, watchErrors } from "./harness.mjs";

const env = suite();

test("two tabs on one order see each other's edits and lose none", async () => {
  const ctx = await phone(env.browser);
  const a = await ctx.newPage();
  const errors = watchErrors(a);
  await openApp(a, env.relay.url);
  const id = await createOrder(a, { po: "PO-TABS" });
  const b = await ctx.newPage();
  await b.goto(`${env.relay.url}/#/orders/${id}`);
  await b.getByTestId("customer-po").waitFor();

  await saveField(a, "description", "Written in tab A");
  await b.getByTestId("refreshed").waitFor();
  assert.equal(await b.getByTestId("description").inputValue(), "Written in tab A");

  // Tab B has unsaved input while tab A saves another field: saving B keeps both.
  await b.getByTestId("style-no").fill("STYLE-FROM-B");
  await saveField(a, "customer", "Customer from A");
  await b.getByTestId("save").click();
  await b.getByTestId("save-status").filter({ hasText: "Saved" }).waitFor();
  await a.waitForFunction(() => document.querySelector("[data-testid=style-no]")?.value === "STYLE-FROM-B");
  for (const page of [a, b]) {
    await page.reload();
    await page.getByTestId("customer-po").waitFor();
    assert.equal(await page.getByTestId("description").inputValue(), "Written in tab A");
    assert.equal(await page.getByTestId("customer").inputValue(), "Customer from A");
    assert.equal(await page.getByTestId("style-no").inputValue(), "STYLE-FROM-B");
  }
  // A new order made in one tab appears in the other's list.
  await b.goto(`${env.relay.url}/#/orders`);
  await b.getByTestId("order-count").waitFor();
  await createOrder(a, { po: "PO-TAB-NEW" });
  await b.getByTestId("order-row").filter({ hasText: "PO-TAB-NEW" }).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

async function exportAll(page) {
  await page.getByTestId("nav-settings").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-all").click()]);
  assert.match(download.suggestedFilename(), /^gendan-\d{8}-\d{4}\.gendan$/);
  return readFileSync(await download.path());
}

async function importFile(page, buffer) {
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("import-file").setInputFiles({ name: "orders.gendan", mimeType: "application/octet-stream", buffer });
  const result = page.getByTestId("import-result");
  await result.filter({ hasText: /new orders?|nothing was changed/ }).waitFor();
  return result.textContent();
}

test("a bundle file brings orders to a fresh device and merges back", async () => {
  const one = await phone(env.browser);
  const p1 = await one.newPage();
  await openApp(p1, env.relay.url);
  const id = await createOrder(p1, { po: "PO-FILE-1", colours: ["Navy"], sizes: ["S", "M", "L"], qty: ["10", "20", "30"] });
  await createOrder(p1, { po: "PO-FILE-2" });
  const bundle = await exportAll(p1);
  assert.equal(bundle.subarray(0, 14).toString(), "GENDAN-BUNDLE\n");

  const two = await phone(env.browser);
  const p2 = await two.newPage();
  await openApp(p2, env.relay.url);
  assert.match(await importFile(p2, bundle), /^2 new orders, 0 updated, 0 unchanged/);
  await p2.getByTestId("nav-orders").click();
  await p2.getByTestId("order-count").filter({ hasText: /^2 / }).waitFor();
  await p2.goto(`${env.relay.url}/#/orders/${id}`);
  await p2.getByTestId("customer-po").waitFor();
  assert.equal(await p2.getByTestId("grand-total").textContent(), "60");

  // Importing the same file again changes nothing.
  assert.match(await importFile(p2, bundle), /^0 new orders, 0 updated, 2 unchanged/);

  // Edits on both devices merge when the file goes back.
  await p2.goto(`${env.relay.url}/#/orders/${id}`);
  await saveField(p2, "description", "Edited on device two");
  await p1.goto(`${env.relay.url}/#/orders/${id}`);
  await saveField(p1, "customer", "Edited on device one");
  const back = await exportAll(p2);
  assert.match(await importFile(p1, back), /^0 new orders, 1 updated, 1 unchanged/);
  await p1.goto(`${env.relay.url}/#/orders/${id}`);
  await p1.getByTestId("customer-po").waitFor();
  assert.equal(await p1.getByTestId("description").inputValue(), "Edited on device two");
  assert.equal(await p1.getByTestId("customer").inputValue(), "Edited on device one");
  await one.close();
  await two.close();
});

test("a truncated, corrupted or foreign file is refused and changes nothing", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  await openApp(page, env.relay.url);
  await createOrder(page, { po: "PO-KEEP" });
  const good = await exportAll(page);
  const fresh = await phone(env.browser);
  const p2 = await fresh.newPage();
  await openApp(p2, env.relay.url);
  const flipped = Buffer.from(good);
  flipped[Math.floor(flipped.length / 2)] ^= 0xff;
  const cases = [
    [good.subarray(0, good.length - 100), /incomplete/],
    [flipped, /damaged/],
    [Buffer.from("PK\u0003\u0004 this is a zip"), /not a Gendan bundle/],
  ];
  for (const [buffer, reason] of cases) {
    const text = await importFile(p2, buffer);
    assert.match(text, /nothing was changed/);
    assert.match(text, reason);
  }
  await p2.getByTestId("nav-orders").click();
  await p2.getByTestId("order-count").filter({ hasText: /^0 / }).waitFor();
  await ctx.close();
  await fresh.close();
});

/**
 * The bundle `file` (without photos) with its header rewritten by `edit` and its checksum made
 * again: a sound file that says something other than the truth, as another version might write.
 */
function rewritten(file, edit) {
  const magic = 14;
  const nl = file.indexOf(0x0a, magic);
  const header = JSON.parse(file.subarray(magic, nl).toString());
  const body = Buffer.concat([file.subarray(0, magic), Buffer.from(JSON.stringify(edit(header)) + "\n"), file.subarray(nl + 1, file.length - 64)]);
  return Buffer.concat([body, Buffer.from(createHash("sha256").update(body).digest("hex"))]);
}

test("a document in the file that does not read is refused by itself, the others arrive", async () => {
  const one = await phone(env.browser);
  const p1 = await one.newPage();
  await openApp(p1, env.relay.url);
  await createOrder(p1, { po: "PO-READS" });
  const good = await exportAll(p1);
  // The workspace document labelled as an order: it loads, but it is no order.
  const mislabelled = rewritten(good, (h) => ({
    ...h,
    documents: h.documents.map((d) => ({ ...d, kind: "order" })),
  }));

  const two = await phone(env.browser);
  const p2 = await two.newPage();
  await openApp(p2, env.relay.url);
  assert.match(
    await importFile(p2, mislabelled),
    /^1 new order, 0 updated, 0 unchanged, could not be read and were not imported \(the others were\): 1$/,
  );
  await p2.getByTestId("nav-orders").click();
  await p2.getByTestId("order-row").filter({ hasText: "PO-READS" }).waitFor();
  assert.equal(await p2.getByTestId("order-row").count(), 1);
  await one.close();
  await two.close();
});

test("a bundle with photos and files brings the photo byte for byte to a device with no relay", async () => {
  const one = await phone(env.browser);
  const a = await one.newPage();
  const errors = watchErrors(a);
  await openApp(a, env.relay.url);
  const { hash, inspection } = await orderWithPhoto(a, "PO-FILE-PHOTO");

  // The size is shown before export; without the option the file has no photo.
  await a.getByTestId("nav-settings").click();
  const plain = await exportAll(a);
  await a.getByTestId("export-with-files").check();
  const size = a.getByTestId("export-files-size");
  await size.filter({ hasText: /^Photos and files: 1, \d+ KB in all$/ }).waitFor();
  const bytes = Number(await size.getAttribute("data-bytes"));
  const full = await exportAll(a);
  assert.ok(full.length >= plain.length + bytes, `${full.length} vs ${plain.length} + ${bytes}`);

  // Device C has no relay at all (it is gone before C reads the file) and never met A.
  const three = await phone(env.browser);
  const c = await three.newPage();
  await openApp(c, env.relay.url);
  await env.relay.kill();
  assert.match(await importFile(c, full), /^1 new order, 0 updated, 0 unchanged, photos and files added: 1$/);
  await c.evaluate((h) => (location.hash = h), inspection);
  const shown = c.getByTestId("photo").first();
  await shown.waitFor({ timeout: 20000 });
  assert.equal(await shown.getAttribute("data-hash"), hash);
  // Byte for byte: the shown image's bytes hash to its name.
  const shownBytes = await shown.evaluate(async (img) => Array.from(new Uint8Array(await (await fetch(img.src)).arrayBuffer())));
  assert.equal(createHash("sha256").update(Buffer.from(shownBytes)).digest("hex"), hash);

  // A damaged photo section: the order still arrives, the photo is named as not imported.
  const damaged = Buffer.from(full);
  damaged[damaged.length - 64 - 100] ^= 0xff;
  const four = await phone(env.browser);
  const d = await four.newPage();
  await env.relay.ensureRunning();
  await openApp(d, env.relay.url);
  assert.match(await importFile(d, damaged), /^1 new order, .*damaged in the file and not imported \(the orders were\): 1$/);
  await d.getByTestId("nav-orders").click();
  await d.getByTestId("order-row").filter({ hasText: "PO-FILE-PHOTO" }).waitFor();
  // The relay was gone for a while: only the service worker's update check may complain.
  assert.deepEqual(errors.filter((e) => !/ServiceWorker/.test(e)), []);
  for (const ctx of [one, three, four]) await ctx.close();
});
