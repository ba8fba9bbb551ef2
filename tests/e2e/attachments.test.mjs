// Files kept with an order: an office device adds a contract (office-only) and a tech pack; a file
// over the limit is refused with the limit said and nothing else changes; a second office device
// opens the contract byte-identical after fetching it from the relay; a factory invited to the
// order sees the tech pack but not the contract, in Chinese, and the relay refuses it the
// contract's bytes even by hash. A PO scan an older build kept with the order (where the
// factory reads it) is moved to the books by the office device, which asks the relay to keep
// its bytes from the factory, fetching them first since it never had them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
// The classes automerge-repo's own change function recognises (a u64 is a Uint there).
import * as AM from "@automerge/automerge/slim";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createOrder, joinRelay, phone, stockClient, suite, synced, until, watchErrors } from "./harness.mjs";

const env = suite();
const sha = (b) => createHash("sha256").update(b).digest("hex");

function pdf(label, size) {
  const head = Buffer.from(`%PDF-1.4\n% ${label}\n`);
  return Buffer.concat([head, randomBytes(size - head.length)]);
}

async function openFiles(page, id) {
  await page.goto(`${env.relay.url}/#/orders/${id}`);
  await page.getByTestId("tab-files").click();
  await page.getByTestId("attachments-section").waitFor();
}

async function addFile(page, kind, name, buffer) {
  await page.getByTestId("attach-kind").selectOption(kind);
  await page.getByTestId("attach-input").setInputFiles({ name, mimeType: "application/pdf", buffer });
}

/** The hashes of the files listed, in the order shown. */
async function listed(page) {
  return page.getByTestId("attachment").evaluateAll((rows) => rows.map((r) => r.dataset.hash));
}

/** Whether this device's IndexedDB holds a blob under `hash`. */
async function blobOnDevice(page, hash) {
  return page.evaluate(
    (h) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("gendan");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction("blobs").objectStore("blobs").get(h);
          get.onsuccess = () => {
            resolve(get.result !== undefined);
            open.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    hash,
  );
}

async function openedBytes(page, hash) {
  const row = page.locator(`[data-testid=attachment][data-hash="${hash}"]`);
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByTestId("attach-open").click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

test("files: office-only contracts stay in the office, tech packs reach the factory, oversized is refused", async () => {
  const office = await phone(env.browser);
  const a = await office.newPage();
  const errors = watchErrors(a);
  await joinRelay(a, env.relay.url, env.relay.token("files"));
  const id = await createOrder(a, { po: "PO-FILES-1" });
  await openFiles(a, id);
  await a.getByTestId("attach-none").filter({ hasText: /No files yet/ }).waitFor();
  assert.equal(await a.getByTestId("attach-office-hint").count(), 0, "an office device is offered every kind");

  const contract = pdf("contract", 180_000);
  const techPack = pdf("tech pack", 90_000);
  await addFile(a, "contract", "contract-PO-FILES-1.pdf", contract);
  await a.locator(`[data-testid=attachment][data-hash="${sha(contract)}"]`).waitFor({ timeout: 20000 });
  await addFile(a, "tech_pack", "techpack-v3.pdf", techPack);
  const packRow = a.locator(`[data-testid=attachment][data-hash="${sha(techPack)}"]`);
  await packRow.waitFor({ timeout: 20000 });
  assert.deepEqual(await listed(a), [sha(techPack), sha(contract)], "newest first");
  const contractRow = a.locator(`[data-testid=attachment][data-hash="${sha(contract)}"]`);
  await contractRow.getByTestId("attach-office").filter({ hasText: "Office only" }).waitFor();
  assert.match(await packRow.getByTestId("attach-meta").innerText(), /^Tech pack · 88 KB · /);
  assert.equal(await packRow.getByTestId("attach-office").count(), 0);

  // Over 20 MB: refused with the limit, nothing stored, the list and the order unchanged.
  const huge = Buffer.alloc(21 * 1024 * 1024, 7);
  await addFile(a, "other", "scan-huge.pdf", huge);
  await a.getByTestId("attach-error").filter({ hasText: "File: Too large (21 MB): at most 20 MB" }).waitFor();
  assert.deepEqual(await listed(a), [sha(techPack), sha(contract)]);
  assert.equal(await blobOnDevice(a, sha(huge)), false, "no byte of the refused file is kept");
  assert.equal(await blobOnDevice(a, sha(contract)), true);
  assert.equal(await a.getByTestId("attach-none").count(), 0);
  await a.getByTestId("tab-overview").click();
  assert.equal(await a.getByTestId("customer-po").inputValue(), "PO-FILES-1");

  // Uploaded: the contract marked office-only beside its blob, the tech pack not.
  await a.getByTestId("photos-waiting").waitFor({ state: "detached", timeout: 60000 });
  await synced(a);
  const blobDir = (h) => join(env.relay.data, "blobs", "files", h.slice(0, 2));
  assert.ok(existsSync(join(blobDir(sha(contract)), sha(contract))));
  assert.ok(existsSync(join(blobDir(sha(contract)), `${sha(contract)}.office`)), "the relay holds the office mark");
  assert.ok(existsSync(join(blobDir(sha(techPack)), sha(techPack))));
  assert.ok(!existsSync(join(blobDir(sha(techPack)), `${sha(techPack)}.office`)));

  // A second office device (full token) opens the contract: fetched from the relay, identical.
  await a.getByTestId("nav-settings").click();
  const invite = await a.getByTestId("invite-link").inputValue();
  const second = await phone(env.browser);
  const b = await second.newPage();
  const errorsB = watchErrors(b);
  await b.goto(invite);
  await b.getByTestId("order-row").filter({ hasText: "PO-FILES-1" }).waitFor({ timeout: 30000 });
  await synced(b);
  await openFiles(b, id);
  await b.locator(`[data-testid=attachment][data-hash="${sha(contract)}"]`).waitFor({ timeout: 30000 });
  assert.equal(await blobOnDevice(b, sha(contract)), false, "not on device B before it is opened");
  const opened = await openedBytes(b, sha(contract));
  assert.equal(opened.name, "contract-PO-FILES-1.pdf");
  assert.equal(sha(opened.bytes), sha(contract), "byte-identical");
  assert.equal(await blobOnDevice(b, sha(contract)), true, "kept on device B: opens offline next time");

  // A factory invited to this order only, on a Chinese phone.
  await openFiles(a, id);
  await a.getByTestId("tab-overview").click();
  const scoped = env.relay.token("files", [id]);
  await a.getByTestId("share-order").locator("summary").click();
  await a.getByTestId("share-token").fill(scoped);
  const link = await a.getByTestId("share-link").inputValue();
  const factory = await phone(env.browser, "zh-CN");
  const f = await factory.newPage();
  const errorsF = watchErrors(f);
  // Its few documents are not its workspace's: asking for everything the token shares would
  // download them only for the sync to bring them again.
  const catchUps = [];
  f.on("request", (r) => {
    if (r.url().endsWith("/catch-up")) catchUps.push(r.postData());
  });
  await f.goto(link);
  await f.getByTestId("order-row").filter({ hasText: "PO-FILES-1" }).waitFor({ timeout: 30000 });
  await f.goto(`${env.relay.url}/#/orders/${id}`);
  await f.getByTestId("tab-files").filter({ hasText: "文件" }).click();
  const factoryPack = f.locator(`[data-testid=attachment][data-hash="${sha(techPack)}"]`);
  await factoryPack.waitFor({ timeout: 30000 });
  assert.deepEqual(await listed(f), [sha(techPack)], "the contract's record never reached the factory");
  assert.match(await factoryPack.getByTestId("attach-meta").innerText(), /^工艺单 · 88 KB · /);
  await f.getByTestId("attach-office-hint").filter({ hasText: "合同、发票、客户 PO、成本报价资料和供应商采购单/形式发票只能在办公室设备" }).waitFor();
  const kinds = await f.getByTestId("attach-kind").locator("option").evaluateAll((o) => o.map((x) => x.value));
  assert.ok(kinds.includes("tech_pack") && !kinds.includes("contract") && !kinds.includes("invoice") && !kinds.includes("costing") && !kinds.includes("supplier_po"), String(kinds));
  const pack = await openedBytes(f, sha(techPack));
  assert.equal(sha(pack.bytes), sha(techPack));

  // Knowing the contract's hash is not enough: the relay refuses the factory's token.
  const refused = await fetch(`${env.relay.url}/blobs/${sha(contract)}`, { headers: { authorization: `Bearer ${scoped}` } });
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /office/);
  const allowed = await fetch(`${env.relay.url}/blobs/${sha(techPack)}`, { headers: { authorization: `Bearer ${scoped}` } });
  assert.equal(allowed.status, 200);

  assert.deepEqual(errors, []);
  assert.deepEqual(errorsB, []);
  assert.deepEqual(errorsF, []);
  assert.deepEqual(catchUps, [], "a scoped device syncs its documents without a catch-up");
  await office.close();
  await second.close();
  await factory.close();
});

test("a PO scan an older build kept with the order moves to the books and the relay keeps it from the factory", async () => {
  const office = await phone(env.browser);
  const a = await office.newPage();
  const errors = watchErrors(a);
  const token = env.relay.token("old-scan");
  await joinRelay(a, env.relay.url, token);
  const id = await createOrder(a, { po: "PO-OLD-SCAN" });
  await synced(a);
  const scoped = env.relay.token("old-scan", [id]);

  // What that build did: the scan's bytes uploaded plain, its record written on the order.
  const scan = pdf("buyer PO, FOB USD 4.20", 5_000);
  const put = await fetch(`${env.relay.url}/blobs/${sha(scan)}`, { method: "PUT", headers: { authorization: `Bearer ${token}` }, body: scan });
  assert.ok(put.ok, `upload ${put.status}`);
  // The relay reads new tokens again within a moment.
  const asFactory = () => fetch(`${env.relay.url}/blobs/${sha(scan)}`, { headers: { authorization: `Bearer ${scoped}` } });
  let before;
  await until(async () => (before = await asFactory()).status !== 401, "the relay to know the factory's token");
  assert.equal(before.status, 200, "the factory could read it");
  const old = stockClient(env.relay.url, token);
  try {
    const handle = await old.find(`automerge:${id}`);
    handle.change((d) => {
      d.attachments.scan = {
        blob: sha(scan), name: "buyer-po.pdf", mime: "application/pdf", kind: "po_scan",
        belongs_to: null, added_by: "Li", added_at_ms: 1_700_000_000_000, removed: null,
      };
      // Assigned on its own: a Uint inside an object literal is written as a map.
      d.attachments.scan.size = new AM.Uint(scan.length);
    });
    // The office device moves it, and the old build's copy of the order loses the record.
    await until(() => handle.doc().attachments.scan === undefined, "the record to leave the order", 60000);
  } finally {
    await old.shutdown();
  }
  const mark = join(env.relay.data, "blobs", "old-scan", sha(scan).slice(0, 2), `${sha(scan)}.office`);
  await until(() => existsSync(mark), "the relay to mark the scan office-only", 60000);
  const after = await asFactory();
  assert.equal(after.status, 403);
  assert.match(await after.text(), /office/);

  // The office still has it, with the books, and opens it byte for byte.
  await openFiles(a, id);
  const row = a.locator(`[data-testid=attachment][data-hash="${sha(scan)}"]`);
  await row.getByTestId("attach-office").waitFor();
  const opened = await openedBytes(a, sha(scan));
  assert.equal(sha(opened.bytes), sha(scan));
  assert.deepEqual(errors, []);
  await office.close();
});

test("a price list filed as a tech pack is kept in the office after all, and the relay then keeps it from the factory", async () => {
  const office = await phone(env.browser);
  const a = await office.newPage();
  const errors = watchErrors(a);
  await joinRelay(a, env.relay.url, env.relay.token("misfiled"));
  const id = await createOrder(a, { po: "PO-MISFILED" });
  const scoped = env.relay.token("misfiled", [id]);
  await openFiles(a, id);
  const priced = pdf("price list, FOB USD 4.10", 6_000);
  await addFile(a, "tech_pack", "price-list.pdf", priced);
  const row = a.locator(`[data-testid=attachment][data-hash="${sha(priced)}"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId("attach-office").count(), 0);
  await synced(a);
  const asFactory = () => fetch(`${env.relay.url}/blobs/${sha(priced)}`, { headers: { authorization: `Bearer ${scoped}` } });
  let before;
  await until(async () => (before = await asFactory()).status === 200, "the factory's link to read the file", 60000);

  // Filed again as the office's: it asks what it is, then keeps it with the books.
  await row.getByTestId("attach-keep-office").click();
  await row.getByTestId("attach-keep-office-ask").filter({ hasText: "price-list.pdf" }).waitFor();
  await row.getByTestId("attach-office-kind").selectOption("costing");
  await row.getByTestId("attach-keep-office-confirm").click();
  await a.locator(`[data-testid=attachment][data-hash="${sha(priced)}"]`).getByTestId("attach-office").waitFor();
  assert.equal(await a.getByTestId("attach-keep-office").count(), 0);
  assert.match(await a.getByTestId("attach-meta").innerText(), /Costing or price sheet/);
  await synced(a);
  const mark = join(env.relay.data, "blobs", "misfiled", sha(priced).slice(0, 2), `${sha(priced)}.office`);
  await until(() => existsSync(mark), "the relay to mark the file office-only", 60000);
  const after = await asFactory();
  assert.equal(after.status, 403);
  // The office still opens it byte for byte.
  const opened = await openedBytes(a, sha(priced));
  assert.equal(sha(opened.bytes), sha(priced));
  assert.deepEqual(errors, []);
  await office.close();
});
