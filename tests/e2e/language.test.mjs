// The language walk: a workspace with something on every screen (parties, a person, an order
// from the built-in template with colours × sizes, an approved sample, a supplier PO, a payment,
// production, a failed inspection with a defect photo, a shipment, a complaint with goods sent
// back), seeded with ASCII user data, then every screen visited in English and in Chinese. Each
// screen's visible text, its placeholders, titles, ARIA labels, options and text boxes must be
// in the chosen language only:
// no Chinese in English, no English word in Chinese beyond the user's own data and a short list
// of trade abbreviations; no "1 photos", no raw ids or keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { addParty, approveFirstSample, createOrder, isoDay, openApp, phone, pngBuffer, suite, tab, watchErrors, receiveMoney } from "./harness.mjs";

const env = suite();

/** Everything the seed types: the only Latin words a Chinese screen may show besides ALLOWED. */
const SEED = {
  customer: "Nordic Wear",
  supplier: "Shaoxing Textile Mill",
  factory: "Ningbo Knit Factory",
  forwarder: "Kerry Logistics",
  person: "Wang Wei",
  me: "E2E Tester", // the harness's first-start name
  finance: "Finance", // the colleague who confirms money received (harness receiveMoney)
  po: "ZARA-88120",
  style: "ST-01",
  colours: ["Black", "White"],
  sizes: ["S", "M", "L"],
  poNo: "FB-001",
  poDescription: "Cotton jersey",
  vessel: "COSCO Taurus 042E",
  booking: "BK-7781",
  containerType: "40HQ",
  complaintFrom: "Nordic QA",
  complaint: "Shade difference between cartons",
  rework: "Needle found metal detect every carton",
  commWith: "Anna",
  commSummary: "Buyer agreed new ship date",
  notice: "Canteen closed Friday",
  noticeText: "Bring lunch",
};
const USER_WORDS = new Set(
  JSON.stringify(SEED).match(/[A-Za-z]{3,}/g).map((w) => w.toLowerCase()),
);

/**
 * Latin words a Chinese screen may show, each a term a Chinese merchandiser writes in Latin
 * letters: trade and document abbreviations, Incoterms, currency codes, units and the standard.
 */
const ALLOWED_IN_ZH = new Set([
  // documents, trade terms and inspection
  "PO", "AQL", "ETD", "ETA", "CBM", "PDF", "CSV", "QR", "DUPRO", "FRI", "ISO", "AWB", "KPI",
  // ISO 2859-1's inspection levels (I, II, III, S-1…S-4)
  "III",
  // Incoterms 2020
  "EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP",
  // currencies
  "USD", "EUR", "CNY", "RMB", "GBP", "HKD", "JPY",
  // networks
  "Wi-Fi", "USB",
]);

/** "1 days" and the like; these are not plurals of one thing. */
const ONE_ALLOWED = new Set(["1 pcs", "1 cms", "1 kgs"]);

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const RAW = [
  [/\bdev-[0-9a-f]{6,}\b/, "a device id"],
  [/\b[0-9a-f]{16}\b/, "a 16-hex id"],
  [/\bK::\w+/, "an i18n key"],
  [/\b[a-z]+(?:_[a-z]+)+\b/, "a snake_case key"],
  [/\{[a-z_]+\}/, "an unfilled parameter"],
];

/**
 * The screen's visible text, its form hints and labels, one string per source: `one` must be in
 * the chosen language; `both` is the printed document's sheet, bilingual by design (export
 * documents carry English and Chinese labels), checked for ids and keys only. Left out: the
 * language switch and selector, which name each language in itself, and the brand mark "跟"
 * (an aria-hidden logo, the same in either language).
 */
async function screenText(page) {
  return page.evaluate(() => {
    const sheet = document.querySelector("[data-testid=document]");
    const both = sheet ? [sheet.innerText] : [];
    const aside = [...document.querySelectorAll("[data-testid=document], .logo, [data-testid=lang-toggle], [data-testid=lang-select]")];
    const display = aside.map((el) => el.style.display);
    aside.forEach((el) => (el.style.display = "none"));
    const out = [document.body.innerText, document.title];
    aside.forEach((el, i) => (el.style.display = display[i]));
    for (const el of document.querySelectorAll("[placeholder], [title], [aria-label]")) {
      for (const a of ["placeholder", "title", "aria-label"]) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    for (const o of document.querySelectorAll("option")) {
      if (!o.closest("[data-testid=lang-select]")) out.push(o.textContent);
    }
    // What a text box holds is the user's, except a built-in name shown there to edit.
    for (const el of document.querySelectorAll("input:not([type]), input[type=text], textarea")) {
      if (el.value && !/^(https?|wss?):\/\//.test(el.value)) out.push(el.value);
    }
    return { one: out, both };
  });
}

/** Settings names this device by its id, under the label "Device": the one place it belongs. */
const OWN_DEVICE = /^(Device|设备): dev-[0-9a-f]+$/;

/** What is wrong with `texts` in `lang` (ids and keys only in `both`), as "offending string" lines. */
function problems(lang, texts, both = []) {
  const found = [];
  for (const raw of both) {
    for (const line of raw.split("\n")) {
      for (const [re, what] of RAW) {
        const m = line.match(re);
        if (m) found.push(`${what}: "${m[0]}" in ${line.trim()}`);
      }
    }
  }
  for (const raw of texts) {
    for (const line of raw.split("\n")) {
      // An address (a relay's, named where a link would send the orders) is data, not words.
      const text = line.replace(/\b(?:https?|wss?):\/\/\S+/g, "");
      if (OWN_DEVICE.test(text.trim())) continue;
      if (lang === "en") {
        if (CJK.test(text)) found.push(`Chinese in English: ${line.trim()}`);
        for (const m of text.matchAll(/\b1 ([a-z]+s)\b/g)) {
          if (!ONE_ALLOWED.has(m[0])) found.push(`plural after 1: "${m[0]}" in ${line.trim()}`);
        }
      } else {
        for (const m of text.matchAll(/[A-Za-z][A-Za-z-]*[A-Za-z]/g)) {
          const w = m[0];
          const letters = w.replace(/-/g, "");
          if (letters.length < 3 || ALLOWED_IN_ZH.has(w)) continue;
          if (w.split("-").every((p) => p.length < 3 || USER_WORDS.has(p.toLowerCase()) || ALLOWED_IN_ZH.has(p))) continue;
          found.push(`English in Chinese: "${w}" in ${line.trim()}`);
        }
      }
      for (const [re, what] of RAW) {
        const m = text.match(re);
        if (m) found.push(`${what}: "${m[0]}" in ${line.trim()}`);
      }
    }
  }
  return [...new Set(found)];
}

/** Moves inside the running app (no reload, so nothing in flight is cut short). */
async function go(page, hash) {
  await page.evaluate((h) => (location.hash = h), hash);
}

const saved = (page) => page.getByTestId("save-status").filter({ hasText: /Saved|已保存/ }).waitFor();

/** Seeds the workspace through the screens, with testids only (it runs in either language). */
async function seed(page) {
  const url = env.relay.url;
  await addParty(page, url, { kind: "customer", name: SEED.customer });
  await addParty(page, url, { kind: "supplier", name: SEED.supplier });
  await addParty(page, url, { kind: "factory", name: SEED.factory });
  await addParty(page, url, { kind: "forwarder", name: SEED.forwarder });
  await go(page, "#/people");
  await page.getByTestId("person-name").fill(SEED.person);
  await page.getByTestId("person-add").click();
  await page.getByTestId("person-row").filter({ hasText: SEED.person }).waitFor();
  await openApp(page, url);
  const id = await createOrder(page, {
    po: SEED.po, customer: SEED.customer, style: SEED.style, price: "3.85",
    colours: SEED.colours, sizes: SEED.sizes, qty: ["500", "600", "500", "500", "600", "500"],
    orderDate: isoDay(-60), exFactory: isoDay(-2),
  });
  await page.getByTestId("factory").selectOption({ label: SEED.factory });
  await page.getByTestId("save-extras").click();
  await saved(page);

  // T&A from the built-in template: its milestones before today are late.
  await tab(page, "tna");
  await page.getByTestId("apply-template").click();
  await page.getByTestId("milestone").first().waitFor();

  // A PP sample approved; a fit sample awaiting a reply that is overdue.
  await tab(page, "samples");
  await approveFirstSample(page, "pp", 5);
  await page.getByTestId("sample-kind").selectOption("fit");
  await page.getByTestId("sample-sent").fill(isoDay(-9));
  await page.getByTestId("sample-reply-due").fill(isoDay(-1));
  await page.getByTestId("add-sample").click();
  await page.locator("[data-testid=sample][data-kind=fit]").waitFor();

  // A fabric PO, confirmed, partly delivered.
  await tab(page, "purchasing");
  await page.getByTestId("po-item").selectOption("fabric");
  await page.getByTestId("po-no").fill(SEED.poNo);
  await page.getByTestId("po-description").fill(SEED.poDescription);
  await page.getByTestId("po-qty").fill("1000");
  await page.getByTestId("po-unit").fill("m");
  await page.getByTestId("po-price").fill("2.50");
  await page.getByTestId("po-due").fill(isoDay(-2));
  await page.getByTestId("po-supplier").selectOption({ label: SEED.supplier });
  await page.getByTestId("add-po").click();
  const po = page.getByTestId("po").filter({ hasText: SEED.poNo });
  await po.waitFor();
  await po.getByTestId("po-confirm-channel").selectOption("written");
  await po.getByTestId("po-confirm-date").fill(isoDay(-20));
  await po.getByTestId("po-confirm").click();
  await po.getByTestId("po-written").waitFor();
  await po.getByTestId("del-date").fill(isoDay(-1));
  await po.getByTestId("del-qty").fill("400");
  await po.getByTestId("del-result").selectOption("accepted");
  await po.getByTestId("record-delivery").click();
  await po.getByTestId("po-received").waitFor();

  // The deposit planned, received and confirmed.
  await tab(page, "money");
  await page.getByTestId("deposit-pct").fill("30");
  await page.getByTestId("plan-receivables").click();
  await page.getByTestId("deposit-line").waitFor();
  await receiveMoney(page, "1000");

  // Production: cut and sewn.
  await tab(page, "production");
  for (const [stage, qty] of [["cutting", "1000"], ["sewing", "300"]]) {
    await page.getByTestId("prod-stage").selectOption(stage);
    await page.getByTestId("prod-qty").fill(qty);
    await page.getByTestId("prod-report").click();
    await page.getByTestId("prod-report-row").filter({ hasText: qty }).first().waitFor();
  }

  // A final inspection with a critical defect and its photo fails; rework is arranged.
  await tab(page, "qc");
  await page.getByTestId("new-inspection-kind").selectOption("final");
  await page.getByTestId("new-inspection-lot").fill("500");
  await page.getByTestId("new-inspection").click();
  await page.getByTestId("sampling-plan").waitFor();
  const needle = page.locator("[data-testid=defect-type][data-code=D01]");
  await needle.getByTestId("defect-plus").click();
  await needle.getByTestId("defect-count").filter({ hasText: "1" }).waitFor();
  await page.getByTestId("photo-input").first().setInputFiles({
    name: "needle.png", mimeType: "image/png", buffer: await pngBuffer(400, 300),
  });
  await page.getByTestId("photo").first().waitFor({ timeout: 20000 });
  await page.getByTestId("finish-inspection").click();
  await page.locator("[data-testid=verdict][data-verdict=fail]").waitFor();
  const failed = page.url().split("#")[1];
  await page.getByTestId("rework-note").fill(SEED.rework);
  await page.getByTestId("request-reinspection").click();
  await page.getByTestId("reinspection-of").waitFor();
  const reinspection = page.url().split("#")[1];
  await page.getByTestId("back-to-order").click();

  // A shipment booked with the forwarder from the parties.
  await tab(page, "shipment");
  await page.getByTestId("add-shipment").click();
  await page.getByTestId("shipment").waitFor();
  await page.getByTestId("s-forwarder-party").selectOption({ label: SEED.forwarder });
  await page.getByTestId("s-booking").fill(SEED.booking);
  await page.getByTestId("s-vessel").fill(SEED.vessel);
  await page.getByTestId("s-container-type").fill(SEED.containerType);
  await page.getByTestId("s-save").click();
  await saved(page).catch(() => {});

  // A complaint and a note in the communication log.
  await tab(page, "log");
  await page.getByTestId("c-source").fill(SEED.complaintFrom);
  await page.getByTestId("c-description").fill(SEED.complaint);
  await page.getByTestId("add-complaint").click();
  await page.getByTestId("complaint").filter({ hasText: SEED.complaint }).waitFor();
  // Pieces the buyer sent back under it, to rework: their row, and Today's list of them.
  await page.getByTestId("return-open").click();
  await page.getByTestId("return-qty").fill("5");
  await page.getByTestId("return-record").click();
  await page.locator("[data-testid=return][data-state=to-resend]").waitFor();
  await page.getByTestId("m-with").fill(SEED.commWith);
  await page.getByTestId("m-summary").fill(SEED.commSummary);
  await page.getByTestId("add-comm").click();
  await page.getByTestId("comm").filter({ hasText: SEED.commSummary }).waitFor();

  // A notice carried to the order's factory (传播信息).
  await go(page, "#/notices");
  await page.getByTestId("notice-title").fill(SEED.notice);
  await page.getByTestId("notice-body").fill(SEED.noticeText);
  await page.locator("[data-testid=notice-factory]:not([disabled])").first().check();
  await page.getByTestId("notice-send").click();
  await page.getByTestId("notice-card").filter({ hasText: SEED.notice }).waitFor();
  return { id, failed, reinspection };
}

/** Every screen: a name, where it is, and what shows once it has loaded. */
function screens({ id, failed, reinspection }) {
  const order = (s) => ({ name: `order › ${s}`, hash: `#/orders/${id}/${s}`, ready: `tab-${s}` });
  return [
    { name: "today", hash: "#/today", ready: "today", settle: (p) => p.locator("[data-testid=today-progress]").filter({ hasText: /Checked|已检查/ }).waitFor({ timeout: 30000 }) },
    { name: "orders", hash: "#/orders", ready: "order-row", then: (p) => p.getByTestId("filters-toggle").click() },
    { name: "new order", hash: "#/orders/new", ready: "order-form" },
    { name: "order", hash: `#/orders/${id}`, ready: "customer-po" },
    ...["overview", "tna", "samples", "purchasing", "money", "production", "qc", "shipment", "log", "history"].map(order),
    { name: "history entries", hash: `#/orders/${id}/history`, ready: "history-entry" },
    { name: "failed inspection", hash: failed, ready: "sampling-plan" },
    { name: "re-inspection", hash: reinspection, ready: "reinspection-of" },
    { name: "proforma invoice", hash: `#/orders/${id}/pi`, ready: "doc-title" },
    { name: "commercial invoice", hash: `#/orders/${id}/ci`, ready: "doc-title" },
    { name: "packing list", hash: `#/orders/${id}/pl`, ready: "doc-title" },
    { name: "reports", hash: "#/reports", ready: "kpis", settle: (p) => p.getByTestId("daily-doc").first().waitFor({ timeout: 30000 }) },
    { name: "more", hash: "#/more", ready: "more-templates" },
    { name: "notices", hash: "#/notices", ready: "notice-card" },
    { name: "parties", hash: "#/parties", ready: "party-row" },
    { name: "people", hash: "#/people", ready: "person-row" },
    { name: "templates", hash: "#/templates", ready: "template-line" },
    { name: "settings", hash: "#/settings", ready: "relay-token" },
    { name: "nearby", hash: "#/nearby", ready: "nearby-start" },
    { name: "nearby › read a code", hash: "#/nearby", ready: "nearby-join", then: (p) => p.getByTestId("nearby-join").click() },
    { name: "join (an invalid invite)", hash: "#/join?relay=x", ready: "join-invalid" },
    { name: "join (another relay, asked first)", hash: `#/join?relay=ws%3A%2F%2F203.0.113.9%2Fsync&token=t&ws=${id}`, ready: "join-ask" },
  ];
}

/** Waits until the screen's text reads the same twice 300 ms apart (at most 10 s). */
async function textSettled(page) {
  let before = null;
  for (let i = 0; i < 33; i++) {
    const now = await page.evaluate(() => document.body.innerText);
    if (now === before) return;
    before = now;
    await page.waitForTimeout(300);
  }
  throw new Error("the screen's text kept changing for 10 s");
}

/** Visits every screen in the page's language; returns "screen: problem" lines. */
async function walk(page, lang, seeded) {
  const found = [];
  for (const s of screens(seeded)) {
    await go(page, "#/more");
    await page.getByTestId("more-templates").waitFor();
    await go(page, s.hash);
    await page.getByTestId(s.ready).first().waitFor({ state: "attached", timeout: 20000 });
    if (s.settle) await s.settle(page);
    if (s.then) await s.then(page);
    // Let what loads after the first paint (history, reports, photos) arrive: read once the
    // screen's words stop changing, not after a fixed pause that a slow load would outlast.
    await textSettled(page);
    const { one, both } = await screenText(page);
    for (const p of problems(lang, one, both)) found.push(`${s.name}: ${p}`);
  }
  return found;
}

for (const [lang, locale] of [["en", "en-US"], ["zh", "zh-CN"]]) {
  test(`every screen speaks ${lang === "en" ? "English" : "Chinese"} only`, async () => {
    const ctx = await phone(env.browser, locale);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await openApp(page, env.relay.url);
    const seeded = await seed(page);
    const found = await walk(page, lang, seeded);
    assert.deepEqual(found, [], `${found.length} problems in ${lang}:\n${found.join("\n")}`);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

test("the checks catch what they look for", () => {
  assert.deepEqual(problems("en", ["Device: dev-859439ec"]), []);
  assert.equal(problems("en", ["Language 中文"]).length, 1);
  assert.deepEqual(problems("en", [], ["Packing List 装箱单"]), []);
  assert.equal(problems("en", [], ["Buyer dev-859439ec"]).length, 1);
  assert.equal(problems("en", ["1 photos"]).length, 1);
  assert.equal(problems("en", ["标准服装"]).length, 1);
  assert.equal(problems("zh", ["Standard garment 90 days"]).length, 3);
  assert.deepEqual(problems("zh", ["ZARA-88120 Nordic Wear USD 3,696 AQL 2.5 Wi-Fi"]), []);
  assert.ok(problems("zh", ["李 (dev-859439ec)"]).some((p) => p.startsWith("a device id")));
  assert.ok(problems("zh", ["gate_overrides"]).some((p) => p.startsWith("a snake_case key")));
  assert.ok(problems("en", ["milestones.195699f6cb535e44.actual"]).some((p) => p.startsWith("a 16-hex id")));
});
