// A compact order on a phone (issue 13), at 360 × 740 in both languages: the order opens with a
// one-glance header and the section tabs in one row that scrolls sideways, so the first section
// starts near the top; the quantity matrix keeps the colour column in view while sizes scroll.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifactsDir, createOrder, noSidewaysScroll, openApp, phone, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

for (const [locale, lang] of [["en-US", "en"], ["zh-CN", "zh"]]) {
  test(`the order opens compact on a phone (${lang})`, async () => {
    const ctx = await phone(env.browser, locale);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await openApp(page, env.relay.url);
    const sizes = ["XS", "S", "M", "L", "XL", "XXL", "3XL"];
    const id = await createOrder(page, {
      po: `PO-PHONE-${lang}`, colours: ["Midnight Navy"], sizes, qty: sizes.map(() => "10"),
    });
    await page.goto(`${env.relay.url}/#/orders/${id}`);
    await page.getByTestId("order-summary").filter({ hasText: `PO-PHONE-${lang}` }).waitFor();
    assert.match(await page.getByTestId("order-summary").textContent(), /70/, "total quantity in the header");

    // Measured from the top of the page (the same-address navigation keeps the form's scroll).
    await page.evaluate(() => window.scrollTo(0, 0));
    // One row of tabs: every tab shares the same top, and the row scrolls rather than wraps.
    const tops = await page.locator(".section-nav .tab").evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    assert.equal(tops.length, 11, "overview … history, and files");
    assert.equal(new Set(tops).size, 1, `tabs on one row: ${tops}`);
    // The first section content starts within the first screenful's top part.
    const first = await page.locator(".overview > *").first().evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    assert.ok(first < 300, `the overview starts at ${first}px`);
    assert.ok(await noSidewaysScroll(page), "the page itself does not scroll sideways");
    await page.screenshot({ path: join(artifactsDir(), `order-compact-360-${lang}.png`) });

    // A tab off screen is still reached by the tests' helper, and opens its section.
    await tab(page, "history");
    await page.getByTestId("tab-history").and(page.locator("[aria-current=page]")).waitFor();
    // With a T&A plan, the header names the next milestone due.
    await tab(page, "tna");
    await page.getByTestId("apply-template").click();
    await page.getByTestId("milestone").first().waitFor();
    await page.getByTestId("summary-next").waitFor();
    await tab(page, "overview");
    // Documents are reached from the overview.
    await page.getByTestId("open-pi").waitFor();

    // The colour column stays at the left while the sizes scroll.
    const scroller = page.locator(".matrix-scroll");
    const colour = page.locator(".matrix tbody th[scope=row]").first();
    await colour.scrollIntoViewIfNeeded();
    const before = await colour.boundingBox();
    const box = await scroller.boundingBox();
    const moved = await scroller.evaluate((el) => { el.scrollLeft = el.scrollWidth; return el.scrollLeft; });
    assert.ok(moved > 0, "the matrix scrolls sideways at 360 px");
    const after = await colour.boundingBox();
    assert.ok(Math.abs(after.x - before.x) < 1 && after.x <= box.x + 1, `colour cell stays at the left: ${before.x} → ${after.x}`);
    const opaque = await colour.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.doesNotMatch(opaque, /rgba\(0, 0, 0, 0\)|transparent/, "the sticky cell hides what scrolls under it");
    await page.screenshot({ path: join(artifactsDir(), `order-matrix-scrolled-360-${lang}.png`) });
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
