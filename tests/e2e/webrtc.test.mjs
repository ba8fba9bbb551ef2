// Two devices sync directly over WebRTC after exchanging two codes by copy and paste: no relay is
// involved (it only served the app, and is killed before the devices meet). An order made on one
// device reaches the other without its money; both then edit it apart and converge on the next
// meeting. Bad codes are refused with a clear message in both languages and change nothing.
// A photo taken on one device follows its order to the other, byte for byte, with no relay.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { artifactsDir, connectNearby, createOrder, joinRelay, nearbyUpToDate, noSidewaysScroll, openApp, orderWithPhoto, phone, saveField, suite, synced, watchErrors } from "./harness.mjs";

const env = suite({ webrtc: true });

/** A phone whose user has a name (what the other device shows as "syncing with"). */
async function device(name, locale = "en-US") {
  const ctx = await phone(env.browser, locale);
  await ctx.addInitScript((n) => localStorage.setItem("gendan.name", JSON.stringify(n)), name);
  return ctx;
}

/** In-app navigation: works with the relay gone. */
async function go(page, hash) {
  await page.evaluate((h) => (location.hash = h), hash);
}

async function openOrder(page, id) {
  await go(page, `#/orders/${id}`);
  await page.getByTestId("tab-overview").click();
  await page.getByTestId("customer-po").waitFor();
}

test("bad codes are refused with a clear message in both languages and change nothing", async () => {
  const one = await device("Ana");
  const a = await one.newPage();
  const zh = await device("小王", "zh-CN");
  const c = await zh.newPage();
  await openApp(a, env.relay.url);
  await openApp(c, env.relay.url);
  await go(a, "#/nearby");
  await a.getByTestId("nearby-start").click();
  const offer = await a.getByTestId("nearby-my-code").inputValue();
  await a.getByTestId("qr-code").locator("svg").waitFor();
  // Usable on a 360 px phone: nothing scrolls sideways, every button is a 44 px target.
  assert.ok(await noSidewaysScroll(a), "the nearby screen scrolls sideways at 360 px");
  for (const box of await a.locator(".nearby button").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
    assert.ok(box >= 44, `a button is ${box} px tall`);
  }
  await a.screenshot({ path: join(artifactsDir(), "nearby-offer-360.png"), fullPage: true });

  await go(c, "#/nearby");
  await c.getByTestId("nearby-join").click();
  const input = c.getByTestId("nearby-code-input");
  const error = c.getByTestId("nearby-error");
  for (const [text, message] of [
    ["hello, this is not a code", "这不是跟单的连接码"],
    [offer.slice(0, Math.floor(offer.length / 2)), "连接码不完整或有误"],
    [offer.slice(0, 10) + (offer[10] === "A" ? "B" : "A") + offer.slice(11), "连接码不完整或有误"],
    ["", "请先粘贴或扫描连接码"],
  ]) {
    await input.fill(text);
    await c.getByTestId("nearby-connect").click();
    await error.filter({ hasText: message }).waitFor();
  }
  // Nothing started: the first step is still there, no code of its own is shown.
  assert.equal(await c.getByTestId("nearby-my-code").count(), 0);
  await c.getByTestId("nearby-start").waitFor();

  // The offering device, given its own offer instead of an answer, explains and keeps waiting.
  await a.getByTestId("nearby-code-input").fill(offer);
  await a.getByTestId("nearby-connect").click();
  await a.getByTestId("nearby-error").filter({ hasText: "This is a start code" }).waitFor();
  await a.getByTestId("nearby-code-input").fill("GD9Afoo");
  await a.getByTestId("nearby-connect").click();
  await a.getByTestId("nearby-error").filter({ hasText: "newer version" }).waitFor();
  assert.equal(await a.getByTestId("nearby-my-code").inputValue(), offer);
  await one.close();
  await zh.close();
});

test("two devices sync over WebRTC by code exchange, converge after edits apart, money stays home", async () => {
  const one = await device("Ana");
  const two = await device("Bo");
  const a = await one.newPage();
  const b = await two.newPage();
  if (process.env.DEBUG_RTC) for (const [n, p] of [["A", a], ["B", b]]) p.on("console", (m) => console.log(n, m.type(), m.text()));
  const errors = [...[a, b].map(watchErrors)];
  await openApp(a, env.relay.url);
  await openApp(b, env.relay.url);
  const id = await createOrder(a, { po: "PO-RTC-1", colours: ["Navy"], sizes: ["M"], qty: ["300"] });
  // The order has money: a deposit plan in its commercial document.
  await a.getByTestId("tab-money").click();
  await a.getByTestId("deposit-pct").fill("30");
  await a.getByTestId("plan-receivables").click();
  await a.getByTestId("deposit-line").filter({ hasText: "342" }).waitFor();

  // From here on no server exists: the devices find each other on their own.
  await env.relay.kill();
  const { offer, answer } = await connectNearby(a, b);
  assert.match(offer, /^GD1O[A-Z2-7]+$/);
  assert.match(answer, /^GD1A[A-Z2-7]+$/);
  assert.ok(offer.length < 400, `offer code is ${offer.length} characters`);
  await a.getByTestId("nearby-peer").filter({ hasText: "Bo" }).waitFor({ timeout: 30000 });
  await b.getByTestId("nearby-peer").filter({ hasText: "Ana" }).waitFor();
  await nearbyUpToDate(a);
  await nearbyUpToDate(b);
  assert.match(await a.getByTestId("nearby-progress").innerText(), /^\d+ \/ \d+ documents confirmed by the other device · \d+ documents received$/);
  assert.match(await b.getByTestId("nearby-progress").innerText(), /· [1-9]\d* documents received$/);

  await go(b, "#/orders");
  await b.getByTestId("order-row").filter({ hasText: "PO-RTC-1" }).waitFor({ timeout: 30000 });
  // "Include money" was not ticked: B has the order, not its commercial document.
  await openOrder(b, id);
  await b.getByTestId("tab-money").click();
  await b.getByTestId("money-hidden").waitFor();

  // A closes; B is told.
  await go(a, "#/nearby");
  await a.getByTestId("nearby-close").click();
  await a.getByTestId("nearby-ended").filter({ hasText: "Connection closed." }).waitFor();
  await go(b, "#/nearby");
  await b.getByTestId("nearby-ended").filter({ hasText: "The other device closed the connection." }).waitFor({ timeout: 30000 });

  // Apart, each edits a different field of the same order.
  await openOrder(a, id);
  await saveField(a, "description", "Edited on A while apart");
  await openOrder(b, id);
  await saveField(b, "customer", "Customer edited on B");

  // They meet again, B starting this time; both end with both edits.
  await connectNearby(b, a);
  await nearbyUpToDate(a);
  await nearbyUpToDate(b);
  for (const page of [a, b]) {
    await openOrder(page, id);
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=description]")?.value === "Edited on A while apart" &&
        document.querySelector("[data-testid=customer]")?.value === "Customer edited on B",
      null,
      { timeout: 20000 },
    );
  }
  // Leaving the screen kept the connection: an edit now goes across live.
  await saveField(a, "style-no", "LIVE-OVER-RTC");
  await b.waitForFunction(() => document.querySelector("[data-testid=style-no]")?.value === "LIVE-OVER-RTC", null, { timeout: 20000 });
  // The relay is gone, so the service worker cannot check for updates; nothing else may fail.
  assert.deepEqual(errors.flat().filter((e) => !/ServiceWorker/.test(e)), []);
  await one.close();
  await two.close();
});

test("through the relay: one device invites, another of the workspace accepts, they connect directly", async () => {
  // The test before killed the relay to prove it was not needed; this one needs it.
  await env.relay.ensureRunning();
  const token = env.relay.token("nearby-relay");
  const one = await device("Ana");
  const a = await one.newPage();
  const errors = watchErrors(a);
  await joinRelay(a, env.relay.url, token);
  const id = await createOrder(a, { po: "PO-VIA-RELAY" });
  await synced(a);
  await a.getByTestId("nav-settings").click();
  const invite = await a.getByTestId("invite-link").inputValue();
  const two = await device("Bo");
  const b = await two.newPage();
  await b.goto(invite);
  await b.getByTestId("order-row").filter({ hasText: "PO-VIA-RELAY" }).waitFor({ timeout: 30000 });
  await synced(b);

  // Ana invites through the relay; Bo sees the invitation and accepts: no codes typed.
  await go(b, "#/nearby");
  await go(a, "#/nearby");
  await a.getByTestId("nearby-relay-start").click();
  await a.getByTestId("nearby-relay-waiting").waitFor();
  const invitation = b.getByTestId("nearby-invite").filter({ hasText: "Ana" });
  await invitation.waitFor({ timeout: 30000 });
  await invitation.getByTestId("nearby-accept").click();
  await a.getByTestId("nearby-peer").filter({ hasText: "Bo" }).waitFor({ timeout: 30000 });
  await b.getByTestId("nearby-peer").filter({ hasText: "Ana" }).waitFor();
  await nearbyUpToDate(a);
  await nearbyUpToDate(b);
  // An accepted invitation goes (the relay's word of it may come a moment after the link is up).
  await b.getByTestId("nearby-invite").first().waitFor({ state: "detached", timeout: 10000 });
  assert.ok(id.length > 0);
  assert.deepEqual(errors.filter((e) => !/WebSocket/.test(e)), []);
  await one.close();
  await two.close();
});

/** The bytes this page's device keeps under `hash` (IndexedDB "blobs"), hashed here: null when absent. */
async function storedBlobSha(page, hash) {
  const bytes = await page.evaluate(async (key) => {
    const db = await new Promise((ok, fail) => { const r = indexedDB.open("gendan"); r.onsuccess = () => ok(r.result); r.onerror = fail; });
    const value = await new Promise((ok, fail) => {
      const r = db.transaction("blobs").objectStore("blobs").get(key);
      r.onsuccess = () => ok(r.result);
      r.onerror = fail;
    });
    db.close();
    return value ? Array.from(new Uint8Array(value.buffer ?? value)) : null;
  }, hash);
  return bytes && createHash("sha256").update(Buffer.from(bytes)).digest("hex");
}

test("a photo taken on one device reaches the other nearby, byte for byte, with no relay", async () => {
  await env.relay.ensureRunning();
  const one = await device("Ana");
  const two = await device("Bo");
  const a = await one.newPage();
  const b = await two.newPage();
  const errors = [a, b].map(watchErrors);
  await openApp(a, env.relay.url);
  await openApp(b, env.relay.url);
  const { hash, inspection } = await orderWithPhoto(a, "PO-RTC-PHOTO");
  assert.equal(await storedBlobSha(a, hash), hash, "A keeps the photo under its hash");
  assert.equal(await storedBlobSha(b, hash), null);

  await env.relay.kill();
  await connectNearby(a, b);
  await nearbyUpToDate(a);
  const files = b.getByTestId("nearby-files");
  await b.locator("[data-testid=nearby-files][data-received='1'][data-busy=false]").waitFor({ timeout: 60000 });
  assert.match(await files.innerText(), /^Photos and files received: 1 of 1 \(\d+ KB of \d+ KB\)$/);
  await a.locator("[data-testid=nearby-files][data-sent='1']").waitFor({ timeout: 30000 });
  await nearbyUpToDate(b);
  // Byte for byte: what B stored hashes to the name A gave it.
  assert.equal(await storedBlobSha(b, hash), hash);
  // And the inspection on B shows it from its own store (no relay to fetch from).
  await go(b, inspection);
  const shown = b.getByTestId("photo").first();
  await shown.waitFor({ timeout: 20000 });
  assert.equal(await shown.getAttribute("data-hash"), hash);
  await b.waitForFunction(() => document.querySelector("[data-testid=photo]")?.naturalWidth > 0);

  // They meet again: nothing is asked for twice.
  await go(b, "#/nearby");
  await b.getByTestId("nearby-close").click();
  await connectNearby(b, a);
  await nearbyUpToDate(a);
  await nearbyUpToDate(b);
  assert.equal(await b.getByTestId("nearby-files").getAttribute("data-to-receive"), "0");
  assert.deepEqual(errors.flat().filter((e) => !/ServiceWorker|WebSocket/.test(e)), []);
  await one.close();
  await two.close();
});
