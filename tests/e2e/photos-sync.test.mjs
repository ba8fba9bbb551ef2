// Photos between devices: a photo taken offline waits on the device, is uploaded to the relay's
// blob store when the device is back online, and another device fetches it when it shows the
// inspection. A relay answer that does not match the photo's hash is refused and nothing is kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createOrder, joinRelay, nameFactory, phone, pngBuffer, suite, synced, waitForServiceWorker, watchErrors } from "./harness.mjs";

const env = suite();

test("a photo taken offline is uploaded later and fetched by another device", async () => {
  const token = env.relay.token("photos");
  const one = await phone(env.browser);
  const a = await one.newPage();
  const errors = watchErrors(a);
  await joinRelay(a, env.relay.url, token);
  const id = await createOrder(a, { po: "PO-PHOTO-1", colours: ["Red"], sizes: ["M"], qty: ["500"] });
  await nameFactory(a);
  await a.getByTestId("tab-qc").click();
  await a.getByTestId("new-inspection-lot").fill("500");
  await a.getByTestId("new-inspection").click();
  await a.getByTestId("sampling-plan").waitFor();
  const inspectionUrl = a.url();
  await synced(a);

  // Offline in the factory: the photo is kept on the device and counted as waiting.
  await one.setOffline(true);
  const stain = a.locator("[data-testid=defect-type][data-code=D05]");
  await stain.getByTestId("defect-plus").click();
  await a.getByTestId("photo-input").first().setInputFiles({
    name: "stain.png", mimeType: "image/png", buffer: await pngBuffer(2000, 1000),
  });
  const photo = a.getByTestId("photo").first();
  await photo.waitFor({ timeout: 20000 });
  const hash = await photo.getAttribute("data-hash");
  assert.match(hash, /^[0-9a-f]{64}$/);
  await a.getByTestId("photos-waiting").filter({ hasText: /^ · 1 photo waiting/ }).waitFor({ timeout: 20000 });
  const onRelay = join(env.relay.data, "blobs", "photos", hash.slice(0, 2), hash);
  assert.equal(existsSync(onRelay), false, "nothing reaches the relay while offline");

  // Back online: uploaded, and the mark is gone.
  await one.setOffline(false);
  await a.getByTestId("photos-waiting").waitFor({ state: "detached", timeout: 60000 });
  assert.equal(existsSync(onRelay), true, "the relay stores the photo under its hash");
  await synced(a);

  // Another device joins by invite and opens the inspection: the photo is fetched.
  await a.getByTestId("nav-settings").click();
  const invite = await a.getByTestId("invite-link").inputValue();
  const two = await phone(env.browser);
  const b = await two.newPage();
  const errorsB = watchErrors(b);
  await b.goto(invite);
  await b.getByTestId("order-row").filter({ hasText: "PO-PHOTO-1" }).waitFor({ timeout: 30000 });
  await synced(b);

  // First the relay "loses" it: the device says so and offers to try again.
  await b.route("**/blobs/**", (r) => r.fulfill({ status: 404, body: "no such blob" }));
  await b.goto(inspectionUrl.replace(/^.*#/, `${env.relay.url}/#`));
  const missing = b.getByTestId("photo-missing");
  await missing.filter({ hasText: /has not uploaded it yet/ }).waitFor({ timeout: 30000 });
  // Then it answers with bytes that are not the photo: refused, nothing kept.
  await b.unroute("**/blobs/**");
  await b.route("**/blobs/**", (r) => r.fulfill({ status: 200, body: Buffer.from("not the photo") }));
  await missing.getByTestId("photo-retry").click();
  await missing.filter({ hasText: /arrived damaged/ }).waitFor({ timeout: 20000 });
  // Then the real relay: the photo shows, at its stored size.
  await b.unroute("**/blobs/**");
  await b.getByTestId("photo-missing").getByTestId("photo-retry").click();
  const fetched = b.getByTestId("photo").first();
  await fetched.waitFor({ timeout: 30000 });
  assert.equal(await fetched.getAttribute("data-hash"), hash);
  await b.waitForFunction(() => document.querySelector("[data-testid=photo]")?.naturalWidth > 0);
  assert.deepEqual(await fetched.evaluate((img) => [img.naturalWidth, img.naturalHeight]), [1600, 800]);

  // Now it is on device B: offline, after a reload, it still shows.
  await waitForServiceWorker(b);
  await two.setOffline(true);
  await b.reload();
  await b.getByTestId("photo").first().waitFor({ timeout: 30000 });
  assert.equal(await b.getByTestId("photo").first().getAttribute("data-hash"), hash);
  assert.ok(id.length > 0);
  // Chromium's offline emulation fails WebSocket handshakes with console noise; nothing else.
  assert.deepEqual(errors.filter((e) => !/WebSocket/.test(e)), []);
  assert.deepEqual(errorsB.filter((e) => !/WebSocket/.test(e)), []);
  await one.close();
  await two.close();
});

test("a relay with no room left keeps the photo on the device and says so until there is room", async () => {
  const token = env.relay.token("full");
  const ctx = await phone(env.browser);
  const a = await ctx.newPage();
  const errors = watchErrors(a);
  await joinRelay(a, env.relay.url, token);
  await createOrder(a, { po: "PO-FULL-1", colours: ["Red"], sizes: ["M"], qty: ["500"] });
  await nameFactory(a);
  await a.getByTestId("tab-qc").click();
  await a.getByTestId("new-inspection-lot").fill("500");
  await a.getByTestId("new-inspection").click();
  await a.getByTestId("sampling-plan").waitFor();
  await synced(a);
  // The relay's answer when the workspace's files fill its quota (crates/relay: 507).
  await a.route("**/blobs/**", (r) =>
    r.request().method() === "PUT"
      ? r.fulfill({ status: 507, body: "this workspace's files fill the bytes the relay keeps for it" })
      : r.continue(),
  );
  const stain = a.locator("[data-testid=defect-type][data-code=D05]");
  await stain.getByTestId("defect-plus").click();
  await a.getByTestId("photo-input").first().setInputFiles({
    name: "stain.png", mimeType: "image/png", buffer: await pngBuffer(400, 300),
  });
  const hash = await a.getByTestId("photo").first().getAttribute("data-hash", { timeout: 20000 });
  await a.getByTestId("photos-waiting").filter({ hasText: /1 photo waiting/ }).waitFor({ timeout: 20000 });
  // Said on the always-visible chip, and why in Settings.
  await a.getByTestId("chip-relay-full").filter({ hasText: "relay full" }).waitFor({ timeout: 30000 });
  assert.match(await a.getByTestId("sync-chip").getAttribute("class"), /warn/);
  await a.getByTestId("nav-settings").click();
  await a.getByTestId("relay-full").waitFor({ timeout: 30000 });
  await a.getByTestId("settings-photos-waiting").filter({ hasText: /1 photo waiting/ }).waitFor();
  const onRelay = join(env.relay.data, "blobs", "full", hash.slice(0, 2), hash);
  assert.equal(existsSync(onRelay), false);
  // Room again: the next round (here on coming back online) sends it and the warning goes.
  await a.unroute("**/blobs/**");
  await ctx.setOffline(true);
  await ctx.setOffline(false);
  await a.getByTestId("relay-full").waitFor({ state: "detached", timeout: 60000 });
  await a.getByTestId("settings-photos-waiting").waitFor({ state: "detached", timeout: 60000 });
  await a.getByTestId("chip-relay-full").waitFor({ state: "detached" });
  assert.equal(existsSync(onRelay), true, "the photo reached the relay once it had room");
  assert.deepEqual(errors, []);
  await ctx.close();
});
