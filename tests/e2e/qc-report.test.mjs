// The inspection report (issue 17), in each language at 360 px: a failed final inspection of a
// 500-piece lot (code letter H, n = 50; four stains against major Ac 3 / Re 4, one loose thread,
// one photo, a measurement out of tolerance) opens as a report from the inspection screen that
// holds the result, the code letter and the counts per class; the page does not scroll sideways;
// printed (print media, then Chromium's print-to-PDF on A4) it shows no app chrome. Shared, the
// text goes to the share sheet where there is one, else to the clipboard. The failed inspection's
// report links its re-inspection's, and back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { artifactsDir, createOrder, joinRelay, nameFactory, noSidewaysScroll, openApp, phone, pngBuffer, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

const WORDS = {
  en: {
    stain: "Stain", thread: "Untrimmed thread", title: "Inspection report", failed: "Failed", noRef: "No sealed sample",
    measuredOut: "1 of 3 measured values out of tolerance", shared: /Result: Failed/, plan: /code letter H · sample 50 pcs/,
  },
  zh: {
    stain: "污渍", thread: "线头", title: "验货报告", failed: "不合格", noRef: "尚无锁板样",
    measuredOut: "3 个实测值中 1 个超出公差", shared: /不合格/, plan: /字码 H · 样本 50 件/,
  },
};

/** A failed final inspection with photo and measurement, finished; returns on its screen. */
async function failedInspection(page, w, po) {
  await createOrder(page, { po, qty: ["250", "250"] });
  await nameFactory(page);
  await tab(page, "qc");
  await page.getByTestId("new-inspection-kind").selectOption("final");
  await page.getByTestId("new-inspection-lot").fill("500");
  await page.getByTestId("new-inspection").click();
  await page.getByTestId("sampling-plan").waitFor();
  // Nothing sealed (锁板) on this order: the inspector is told before judging anything.
  await page.getByTestId("insp-no-reference").waitFor();
  const stain = page.locator("[data-testid=defect-type][data-code=D05]");
  for (let n = 1; n <= 4; n++) {
    await stain.getByTestId("defect-plus").click();
    await stain.getByTestId("defect-count").filter({ hasText: String(n) }).waitFor();
  }
  const thread = page.locator("[data-testid=defect-type][data-code=D07]");
  await thread.getByTestId("defect-plus").click();
  await thread.getByTestId("defect-count").filter({ hasText: "1" }).waitFor();
  await page.getByTestId("defect-record").filter({ hasText: w.stain }).getByTestId("photo-input").setInputFiles({
    name: "stain.png", mimeType: "image/png", buffer: await pngBuffer(1200, 900),
  });
  await page.getByTestId("defect-record").filter({ hasText: w.stain }).getByTestId("photo").waitFor({ timeout: 20000 });
  await page.getByTestId("m-point").fill("Chest width");
  await page.getByTestId("m-size").fill("M");
  await page.getByTestId("m-spec").fill("52");
  await page.getByTestId("m-tol").fill("1");
  await page.getByTestId("m-values").fill("52.5, 51, 54");
  await page.getByTestId("m-add").click();
  await page.getByTestId("measurement").waitFor();
  await page.getByTestId("finish-inspection").click();
  await page.locator("[data-testid=verdict][data-verdict=fail]").waitFor();
}

/** What the report says, read from the page. */
async function expectFailedReport(page, w) {
  const report = page.getByTestId("qc-report");
  await report.waitFor();
  assert.equal(await page.getByTestId("qc-title").innerText(), w.title);
  await page.locator("[data-testid=qc-verdict][data-verdict=fail]").filter({ hasText: w.failed }).waitFor();
  assert.equal(await page.getByTestId("qc-code-letter").innerText(), "H");
  assert.equal(await page.getByTestId("qc-sample-size").innerText(), "50");
  assert.equal(await page.getByTestId("qc-lot").innerText(), "500");
  const cls = async (c) => {
    const row = page.getByTestId(`qc-class-${c}`);
    return [await row.getByTestId("qc-found").innerText(), await row.getByTestId("qc-ac").innerText(), await row.getByTestId("qc-re").innerText()];
  };
  assert.deepEqual(await cls("critical"), ["0", "0", "1"]);
  assert.deepEqual(await cls("major"), ["4", "3", "4"]);
  assert.deepEqual(await cls("minor"), ["1", "5", "6"]);
  assert.match(await page.getByTestId("qc-class-major").getAttribute("class"), /reject/);
  const defects = await page.getByTestId("qc-defect").allInnerTexts();
  assert.equal(defects.length, 2);
  assert.match(defects[0], new RegExp(`D05 · ${w.stain}`));
  assert.match(defects[1], new RegExp(`D07 · ${w.thread}`));
  assert.equal(await page.getByTestId("qc-total-defects").innerText(), "5");
  assert.equal(await page.getByTestId("qc-measured-out").innerText(), w.measuredOut);
  assert.equal(await page.getByTestId("qc-measure").getByTestId("qc-measure-out").innerText(), "1");
  assert.equal(await page.locator("[data-testid=qc-measure] .qc-value[data-out=true]").innerText(), "54");
  const photo = page.getByTestId("qc-photo");
  assert.equal(await photo.count(), 1);
  await photo.getByTestId("photo").waitFor({ timeout: 20000 });
  assert.match(await photo.getByTestId("qc-caption").innerText(), new RegExp(w.stain));
  assert.equal(await page.getByTestId("qc-inspector").innerText(), "E2E Tester");
  assert.ok((await page.getByTestId("qc-reference").innerText()).includes(w.noRef), "the report says nothing was sealed");
}

/** The report printed: no app chrome, the sheet within A4, and a PDF of A4 pages. */
async function printed(page, name, { chip = false } = {}) {
  // A device that syncs shows its sync state on screen; paper does not.
  if (chip) assert.ok(await page.getByTestId("sync-chip").isVisible(), "the sync chip is on screen");
  await page.emulateMedia({ media: "print" });
  for (const chrome of [".app-bar", ".doc-tools", ".sync-chip"]) {
    assert.equal(await page.locator(chrome).first().isVisible(), false, `${chrome} is hidden in print`);
  }
  assert.ok(await page.getByTestId("qc-report").isVisible());
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  writeFileSync(join(artifactsDir(), `${name}.pdf`), pdf);
  const text = pdf.toString("latin1");
  assert.ok(text.startsWith("%PDF-"), "a PDF");
  const boxes = [...text.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
  assert.ok(boxes.length >= 1 && boxes.length <= 4, `1–4 pages, not ${boxes.length}`);
  for (const [w, h] of boxes) assert.ok(Math.abs(w - 595.9) < 1 && Math.abs(h - 842.9) < 1, `A4 pages: ${w} × ${h}`);
  await page.emulateMedia({ media: "screen" });
}

test("the report of a failed final inspection in English: figures, 360 px, PDF, share sheet, re-inspection links", async () => {
  const ctx = await phone(env.browser, "en-US");
  // A device with a share sheet: what it was given is kept to read back.
  await ctx.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "share", {
      configurable: true,
      value: async (data) => { window.__shared = data; },
    });
  });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await joinRelay(page, env.relay.url, env.relay.token("qc-report"));
  await failedInspection(page, WORDS.en, "PO-QC-EN");
  const inspectionUrl = page.url();
  await page.getByTestId("qc-report-link").click();
  await page.waitForURL(/\/inspections\/[^/]+\/report$/);
  await expectFailedReport(page, WORDS.en);
  assert.ok(await noSidewaysScroll(page), "the report fits 360 px");
  await page.reload();
  await expectFailedReport(page, WORDS.en);

  await page.getByTestId("qc-share").click();
  await page.getByTestId("qc-shared").waitFor();
  const shared = await page.evaluate(() => window.__shared);
  assert.equal(shared.title, "Inspection report");
  assert.match(shared.text, /PO-QC-EN NW-100/);
  assert.match(shared.text, WORDS.en.shared);
  assert.match(shared.text, WORDS.en.plan);
  assert.match(shared.text, /Major \(AQL 2\.5\): 4 found, accept 3 \/ reject 4/);

  await printed(page, "qc-report-en", { chip: true });

  // Rework and a re-inspection: each report links the other.
  const failedReport = page.url();
  await page.getByTestId("qc-back").click();
  await page.waitForURL(inspectionUrl);
  await page.getByTestId("rework-note").fill("Stained pieces washed");
  await page.getByTestId("request-reinspection").click();
  await page.getByTestId("rework-note-shown").waitFor();
  await page.getByTestId("qc-report-link").click();
  await page.getByTestId("qc-report").waitFor();
  assert.notEqual(page.url(), failedReport);
  await page.locator("[data-testid=qc-verdict][data-verdict=pending]").waitFor();
  assert.equal(await page.getByTestId("qc-rework").innerText(), "Stained pieces washed");
  await page.getByTestId("qc-reinspects").click();
  await page.waitForURL(failedReport);
  await page.locator("[data-testid=qc-verdict][data-verdict=fail]").waitFor();
  await page.getByTestId("qc-reinspected-by").click();
  await page.locator("[data-testid=qc-verdict][data-verdict=pending]").waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the same report in Chinese: figures, 360 px, PDF, and the text copied where there is no share sheet", async () => {
  const ctx = await phone(env.browser, "zh-CN");
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.relay.url });
  await ctx.addInitScript(() => {
    delete Navigator.prototype.share;
  });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await failedInspection(page, WORDS.zh, "PO-QC-ZH");
  await page.getByTestId("qc-report-link").click();
  await expectFailedReport(page, WORDS.zh);
  assert.ok(await noSidewaysScroll(page), "the report fits 360 px");
  await page.getByTestId("qc-share").click();
  await page.getByTestId("qc-copied").waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^验货报告 · 终检|^验货报告/);
  assert.match(copied, WORDS.zh.shared);
  assert.match(copied, WORDS.zh.plan);
  await printed(page, "qc-report-zh");
  assert.deepEqual(errors, []);
  await ctx.close();
});
