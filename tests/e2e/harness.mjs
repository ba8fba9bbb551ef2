// Shared set-up for the browser end-to-end tests: a relay on a free port serving a private copy of
// the built app, and Debian's headless Chromium driven by playwright-core (no downloaded browser).
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deflateSync } from "node:zlib";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import * as A from "@automerge/automerge";
import { Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import bs58check from "bs58check";

export const ROOT = resolve(import.meta.dirname, "../..");
const RELAY = process.env.GENDAN_RELAY_BIN ?? join(ROOT, "target/debug/gendan-relay");
export const ARTIFACTS = join(ROOT, "tests/e2e/artifacts");

function spawnRelay(args) {
  const child = spawn(RELAY, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`relay did not start: ${stderr}`)), 15000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.:]+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on("exit", (code) => fail(new Error(`relay exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

/** Creates an access token for `workspace` with the relay's CLI; returns the token text. */
export function createToken(dataDir, workspace, docs = [], database = null) {
  const scope = docs.length ? ["--docs", docs.join(",")] : [];
  const db = database ? ["--database", database] : [];
  const out = execFileSync(RELAY, ["token", "create", "--workspace", workspace, ...scope, "--data", dataDir, ...db], { encoding: "utf8" });
  const m = out.match(/token: (\S+)/);
  if (!m) throw new Error(`no token in: ${out}`);
  return m[1];
}

/**
 * Starts the relay on 127.0.0.1:0 over a copy of dist/ (tests may change their copy), or of the
 * build `GENDAN_DIST` names, so a benchmark can run an older build beside the current one.
 * `restart()` starts it again on the same port and data; `kill()` is a SIGKILL.
 * `{ database }` keeps documents and tokens in that PostgreSQL database instead of `data/`.
 */
export async function startRelay({ database = null, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "gendan-e2e-"));
  const dist = join(dir, "dist");
  const data = join(dir, "data");
  cpSync(process.env.GENDAN_DIST ?? join(ROOT, "dist"), dist, { recursive: true });
  const db = database ? ["--database", database] : [];
  let flags = args;
  let { child, url } = spawnRelay(["serve", "--addr", "127.0.0.1:0", "--dist", dist, "--data", data, ...db, ...flags]);
  const base = await url;
  const stopped = () => new Promise((r) => (child.exitCode !== null || child.signalCode ? r() : child.on("exit", r)));
  return {
    url: base,
    dist,
    data,
    token(workspace = "team", docs = []) {
      return createToken(data, workspace, docs, database);
    },
    async kill() {
      child.kill("SIGKILL");
      await stopped();
    },
    /** Starts it again if it was killed (a test after one that stopped it). */
    async ensureRunning() {
      if (child.exitCode !== null || child.signalCode) await this.restart();
    },
    /** Starts it again on the same address and data; `args` replaces the extra flags. */
    async restart(args = flags) {
      flags = args;
      const addr = base.replace("http://", "");
      ({ child, url } = spawnRelay(["serve", "--addr", addr, "--dist", dist, "--data", data, ...db, ...flags]));
      await url;
    },
    async stop() {
      child.kill("SIGTERM");
      await stopped();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One test file's world: a relay (see `startRelay`) and a browser (see `launch`), started before
 * the file's first test and stopped after its last. Tests read `env.relay` and `env.browser`.
 */
export function suite(options = {}) {
  const env = { relay: null, browser: null };
  before(async () => {
    env.relay = await startRelay();
    env.browser = await launch(options);
  });
  after(async () => {
    await env.browser?.close();
    await env.relay?.stop();
  });
  return env;
}

/**
 * Starts Debian's headless Chromium. `{ webrtc: true }` lets WebRTC use loopback and show real
 * host addresses (not mDNS names, which nothing resolves here), so two contexts of this browser
 * can connect over a data channel on a machine with no real network; other tests keep the
 * defaults.
 */
export async function launch({ webrtc = false } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...(webrtc ? ["--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns"] : []),
    ],
  });
  // The app asks the user's name on first start. Every context starts as a person who already
  // answered ("E2E Tester"), so tests go straight to their screens; `{ firstRun: true }` opts out
  // to see the question.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async ({ firstRun = false, ...options } = {}) => {
    const ctx = await newContext(options);
    if (!firstRun) {
      await ctx.addInitScript(() => {
        if (!localStorage.getItem("gendan.name")) localStorage.setItem("gendan.name", JSON.stringify("E2E Tester"));
      });
    }
    return ctx;
  };
  return browser;
}

/**
 * Connects two pages on `#/nearby` by the code exchange, the way two people do it: `offerer`
 * shows its code, `answerer` pastes it and shows its own, `offerer` pastes that. Options tick
 * "include money" on either side.
 */
export async function connectNearby(offerer, answerer, { offererMoney = false, answererMoney = false } = {}) {
  for (const page of [offerer, answerer]) {
    await page.evaluate(() => (location.hash = "#/nearby"));
    const again = page.getByTestId("nearby-again");
    await page.getByTestId("nearby-start").or(again).waitFor();
    if (await again.count()) await again.click();
    await page.getByTestId("nearby-start").waitFor();
  }
  if (offererMoney) await offerer.getByTestId("nearby-money").check();
  await offerer.getByTestId("nearby-start").click();
  const offer = await offerer.getByTestId("nearby-my-code").inputValue();
  await answerer.getByTestId("nearby-join").click();
  if (answererMoney) await answerer.getByTestId("nearby-money").check();
  await answerer.getByTestId("nearby-code-input").fill(offer);
  await answerer.getByTestId("nearby-connect").click();
  const answer = await answerer.getByTestId("nearby-my-code").inputValue();
  await offerer.getByTestId("nearby-code-input").fill(answer);
  await offerer.getByTestId("nearby-connect").click();
  return { offer, answer };
}

/** Waits until the sync chip says everything here is on the relay. */
export async function synced(page) {
  await page.getByTestId("sync-chip").filter({ hasText: /Synced at/ }).waitFor({ timeout: 60000 });
}

/** Opens the app and connects it to the relay at `url` with `token` from Settings, until synced. */
export async function joinRelay(page, url, token) {
  await openApp(page, url);
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("relay-token").fill(token);
  await page.getByTestId("sync-connect").click();
  await synced(page);
}

/** Waits until a page on `#/nearby` says it is up to date with the other device. */
export async function nearbyUpToDate(page, timeout = 60000) {
  try {
    await page.locator("[data-testid=nearby-state][data-up-to-date=true]").waitFor({ timeout });
  } catch (e) {
    const said = await page.locator("[data-testid=nearby-status], [data-testid=nearby-ended]").allInnerTexts().catch(() => []);
    throw new Error(`${e.message}\nthe screen said: ${JSON.stringify(said)}`);
  }
}

/** A phone-sized context (360 × 740, touch) in the given locale. */
export async function phone(browser, locale = "en-US", { firstRun = false } = {}) {
  return browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, locale, firstRun });
}

/** Collects page errors so a test can assert the app never crashed. */
export function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

/** Opens the team's rules: More → Templates, then the rules' fold. */
export async function openRules(page) {
  await page.getByTestId("nav-more").click();
  await page.getByTestId("more-templates").click();
  await page.getByTestId("rules-fold").locator("summary").click();
}

/**
 * Invites a second phone into `a`'s workspace with the link in Settings, the way a colleague
 * joins: returns it (with its page's errors watched from the start) once it lists the order
 * `po` and is synced.
 */
export async function invitePhone(a, browser, po) {
  await a.getByTestId("nav-settings").click();
  const invite = await a.getByTestId("invite-link").inputValue();
  const ctx = await phone(browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(invite);
  await page.getByTestId("order-row").filter({ hasText: po }).waitFor({ timeout: 30000 });
  await synced(page);
  return { ctx, page, errors };
}

/** Opens the app and waits until storage is open and the orders page shows. */
export async function openApp(page, url, hash = "#/orders") {
  await page.goto(`${url}/${hash}`);
  await page.getByTestId("order-count").waitFor({ timeout: 20000 });
}

/** Waits until a service worker controls the page, so the next load can be served offline. */
export async function waitForServiceWorker(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
    }
  });
}

/** Fills and saves a new order through the form, the way a person would. Returns its id. */
export async function createOrder(page, o) {
  const before = page.url();
  await page.getByTestId("nav-new").click();
  // The order page has the same inputs: wait until the new form has replaced it.
  await page.locator("[data-testid=order-form][data-new=true]").waitFor();
  await page.getByTestId("customer-po").fill(o.po);
  await page.getByTestId("customer").fill(o.customer ?? "Nordic Wear");
  await page.getByTestId("style-no").fill(o.style ?? "NW-100");
  await page.getByTestId("unit-price").fill(o.price ?? "3.80");
  await page.getByTestId("order-date").fill(o.orderDate ?? "2026-03-01");
  await page.getByTestId("ex-factory").fill(o.exFactory ?? "2026-05-15");
  for (const c of o.colours ?? ["Black"]) {
    await page.getByTestId("new-colour").fill(c);
    await page.getByTestId("add-colour").click();
  }
  for (const s of o.sizes ?? ["S", "M"]) {
    await page.getByTestId("new-size").fill(s);
    await page.getByTestId("add-size").click();
  }
  const cells = page.getByTestId("qty-cell");
  const qty = o.qty ?? ["100", "200"];
  for (let i = 0; i < qty.length; i++) await cells.nth(i).fill(qty[i]);
  await page.getByTestId("save").click();
  await page.waitForURL((u) => /#\/orders\/[1-9A-HJ-NP-Za-km-z]+$/.test(u) && String(u) !== before);
  await page.getByTestId("save-status").filter({ hasText: /Saved|已保存/ }).waitFor();
  return page.url().split("/").pop();
}

/** Names the open order's factory, adding it to the parties first: a final lot counts at its
 * factory, and none starts while the order names none. Returns to the order's overview. */
export async function nameFactory(page, name = "Jiaxing Garment Co.") {
  const order = page.url();
  const base = order.split("/#/")[0];
  await addParty(page, base, { kind: "factory", name });
  await page.goto(order);
  await page.getByTestId("tab-overview").click();
  await page.getByTestId("factory").selectOption({ label: name });
  await page.getByTestId("save-extras").click();
  await page.getByTestId("save-status").filter({ hasText: /Saved|已保存/ }).waitFor();
}

/** A local date `days` from today as YYYY-MM-DD (what a date input holds). */
export function isoDay(days) {
  const d = new Date(Date.now() + days * 86400000);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Runs `act` under a colleague's name on the same phone (finance at the merchandiser's
 * elbow), then gives the phone back its own name. */
export async function asColleague(page, name, act) {
  const own = await page.evaluate(() => localStorage.getItem("gendan.name"));
  await page.evaluate((n) => localStorage.setItem("gendan.name", JSON.stringify(n)), name);
  try {
    await act();
  } finally {
    await page.evaluate((o) => (o === null ? localStorage.removeItem("gendan.name") : localStorage.setItem("gendan.name", o)), own);
  }
}

/** Money received on the open order: recorded on its money tab, then confirmed arrived by a
 * colleague (whoever records a receipt does not confirm it). */
export async function receiveMoney(page, amount) {
  await tab(page, "money");
  await page.getByTestId("receipt-amount").fill(amount);
  await page.getByTestId("record-receipt").click();
  const confirm = page.getByTestId("confirm-receipt").first();
  await confirm.waitFor();
  await asColleague(page, "Finance", async () => {
    await confirm.click();
    await page.getByTestId("confirm-receipt").waitFor({ state: "detached" });
  });
}

/** Opens one section of the open order page by its tab ("tna", "samples", "purchasing"…). */
export async function tab(page, name) {
  await page.getByTestId(`tab-${name}`).click();
}

/** Adds a party (customer, supplier, factory, subcontractor, forwarder) on the parties page. */
export async function addParty(page, url, { kind, name, contact = "" }) {
  await page.goto(`${url}/#/parties`);
  await page.getByTestId("party-kind").selectOption(kind);
  await page.getByTestId("party-name").fill(name);
  if (contact) await page.getByTestId("party-contact").fill(contact);
  await page.getByTestId("party-add").click();
  // Saved once the form empties; a second party of the same name (a helper naming the same
  // factory for another order) makes two rows, so any one of them will do.
  await page.waitForFunction(() => document.querySelector("[data-testid=party-name]")?.value === "");
  await page.getByTestId("party-row").filter({ hasText: name }).first().waitFor();
}

export function artifactsDir() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/** A PNG of `width` × `height` truecolour pixels from `raw` (each row: a 0 filter byte, then RGB). */
export function encodePng(width, height, raw) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A solid-colour PNG of the given size, built in memory (for photo uploads). */
export async function pngBuffer(width, height, rgb = [200, 40, 40]) {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  return encodePng(width, height, Buffer.concat(Array.from({ length: height }, () => row)));
}

/**
 * A new order with one inspection of a 500-piece lot, one stain counted and a 1200 × 900 photo of
 * it in `rgb`; returns the order id, the photo's hash and the inspection's address (`#/…`).
 */
export async function orderWithPhoto(page, po, rgb = [200, 40, 40]) {
  const id = await createOrder(page, { po, colours: ["Red"], sizes: ["M"], qty: ["500"] });
  await nameFactory(page);
  await page.getByTestId("tab-qc").click();
  await page.getByTestId("new-inspection-lot").fill("500");
  await page.getByTestId("new-inspection").click();
  await page.getByTestId("sampling-plan").waitFor();
  const inspection = new URL(page.url()).hash;
  await page.locator("[data-testid=defect-type][data-code=D05]").getByTestId("defect-plus").click();
  await page.getByTestId("photo-input").first().setInputFiles({
    name: "stain.png", mimeType: "image/png", buffer: await pngBuffer(1200, 900, rgb),
  });
  const photo = page.getByTestId("photo").first();
  await photo.waitFor({ timeout: 20000 });
  return { id, hash: await photo.getAttribute("data-hash"), inspection };
}

/** True when the page does not scroll sideways at its current width. */
export async function noSidewaysScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** Types `value` into the order form's `testid` input and saves, until the save is confirmed. */
export async function saveField(page, testid, value) {
  await page.getByTestId(testid).fill(value);
  await page.getByTestId("save").click();
  await page.getByTestId("save-status").filter({ hasText: "Saved" }).waitFor();
}

/**
 * Waits until no write is in flight: a reload right after an edit could cut its IndexedDB
 * transaction short. The edit starts on the click that made it, so "saving" shows before this looks.
 */
export async function settled(page) {
  await page.locator("main[data-save=saved], main[data-save=idle]").waitFor({ state: "attached" });
}

/**
 * Waits for this page load's start-up check to end (the app's performance mark
 * `gendan-checked`) and returns when it did, in ms from navigation; rejects after `timeout`.
 */
export async function checkedAt(page, timeout = 20000) {
  const h = await page.waitForFunction(() => performance.getEntriesByName("gendan-checked")[0]?.startTime, null, { timeout });
  return h.jsonValue();
}

/** Waits until the open order page shows `text` as the order's status. */
export async function expectStatus(page, text) {
  await page.getByTestId("order-status").filter({ hasText: text }).waitFor();
}

/** Reads what the seeding needs from the page's IndexedDB. */
async function readStore(page, id) {
  return page.evaluate(async (id) => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("gendan");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const tx = db.transaction(["chunks", "summaries", "meta"], "readonly");
    const ws = await req(tx.objectStore("meta").get("workspace"));
    const chunks = tx.objectStore("chunks");
    const range = (d) => IDBKeyRange.bound([d], [d, []]);
    const orderKeys = await req(chunks.getAllKeys(range(id)));
    const orderValues = (await req(chunks.getAll(range(id)))).map((v) => Array.from(v));
    const wsValues = (await req(chunks.getAll(range(ws)))).map((v) => Array.from(v));
    const summary = await req(tx.objectStore("summaries").get(id));
    db.close();
    return { ws, orderKeys, orderValues, wsValues, summary };
  }, id);
}

/** Copies order `id` to N - 1 new documents and lists them all in the workspace. */
export async function seedOrders(page, id, n) {
  const s = await readStore(page, id);
  const ids = Array.from({ length: n - 1 }, () => bs58check.encode(randomBytes(16)));
  let ws = A.init();
  for (const c of s.wsValues) ws = A.loadIncremental(ws, new Uint8Array(c));
  ws = A.change(ws, (d) => {
    for (const copy of ids) d.orders[copy] = { created_ms: Date.now() }; // integers are stored as int
  });
  const wsBytes = Array.from(A.save(ws));
  const wsHash = createHash("sha256").update(Buffer.from(wsBytes)).digest("hex");
  await page.evaluate(async ({ s, ids, wsBytes, wsHash }) => {
    const db = await new Promise((ok) => { const r = indexedDB.open("gendan"); r.onsuccess = () => ok(r.result); });
    const tx = db.transaction(["chunks", "summaries"], "readwrite");
    const chunks = tx.objectStore("chunks");
    const summaries = tx.objectStore("summaries");
    const summary = JSON.parse(s.summary);
    ids.forEach((copy, i) => {
      s.orderKeys.forEach((k, j) => chunks.put(new Uint8Array(s.orderValues[j]), [copy, k[1], k[2]]));
      summaries.put(JSON.stringify({ ...summary, id: copy, customer_po: `PO-${i + 1}`, updated_ms: i }), copy);
    });
    chunks.put(new Uint8Array(wsBytes), [s.ws, "incremental", wsHash]);
    await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
    db.close();
  }, { s, ids, wsBytes, wsHash });
}

/**
 * On an order's samples tab: sends round 1 of a `kind` sample `sentDaysAgo` days ago with the
 * reply due in 3 days, records the buyer's approval and waits until the card shows it.
 */
export async function approveFirstSample(page, kind, sentDaysAgo) {
  await page.getByTestId("sample-kind").selectOption(kind);
  await page.getByTestId("sample-sent").fill(isoDay(-sentDaysAgo));
  await page.getByTestId("sample-reply-due").fill(isoDay(3));
  await page.getByTestId("add-sample").click();
  const round = page.locator(`[data-testid=sample][data-kind=${kind}][data-round='1']`);
  await round.waitFor();
  await round.getByTestId("reply-result").selectOption("approved");
  await round.getByTestId("record-reply").click();
  await page.locator(`[data-testid=sample][data-kind=${kind}][data-round='1'][data-result=approved]`).waitFor();
}

/** Presses the daily report's "copy as text" and returns the text: from the clipboard, or from
 * the box the report shows selected where the browser refuses the clipboard. */
export async function copiedReport(page) {
  await page.getByTestId("daily-copy").click();
  await page.getByTestId("daily-copied").or(page.getByTestId("daily-text")).first().waitFor();
  if (await page.getByTestId("daily-copied").count()) {
    return page.evaluate(() => navigator.clipboard.readText());
  }
  return page.getByTestId("daily-text").inputValue();
}

/** Polls `check` every 250 ms until it holds; throws naming `what` after `ms`. */
export async function until(check, what, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A stock automerge-repo client syncing through the relay at `url` with `token`: another
 * device that is not this app. Shut it down with `repo.shutdown()`. */
export function stockClient(url, token) {
  const ws = `${url.replace("http://", "ws://")}/sync?token=${token}`;
  return new Repo({ network: [new WebSocketClientAdapter(ws)], sharePolicy: async () => true });
}
