// A renamed party shows its new name everywhere orders are listed (issue 13), at 360 px: the
// orders list, its customer filter (keyed on the party, so two renames keep one customer), the
// CSV export, Today and the order's header — at once, without a reload and without saving the
// order again, and after a reload too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { addParty, artifactsDir, createOrder, isoDay, openApp, phone, suite, watchErrors } from "./harness.mjs";

const env = suite();

/** Moves to a screen inside the running app (no reload). */
async function go(page, hash) {
  await page.evaluate((h) => (location.hash = h), hash);
}

/** Renames the party called `from` on the parties page, without a reload. */
async function rename(page, from, to) {
  await go(page, "#/parties");
  const row = page.getByTestId("party-row").filter({ hasText: from });
  await row.getByTestId("party-edit").click();
  await page.getByTestId("edit-party-name").fill(to);
  await page.getByTestId("party-save").click();
  await page.getByTestId("party-row").filter({ hasText: to }).waitFor();
}

const customerOptions = (page) => page.getByTestId("filter-customer").locator("option").allTextContents();

test("a renamed customer: the list, its filter, the CSV and Today say the new name", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await addParty(page, env.relay.url, { kind: "customer", name: "Kowloon Apparel Ltd" });
  await openApp(page, env.relay.url);
  // Late, so Today lists it with its customer.
  const id = await createOrder(page, { po: "PO-REN-1", orderDate: isoDay(-60), exFactory: isoDay(-5) });
  await page.getByTestId("customer-party").selectOption({ label: "Kowloon Apparel Ltd" });
  await page.getByTestId("customer").waitFor({ state: "detached" });
  await page.getByTestId("save").click();
  await page.getByTestId("save-status").filter({ hasText: /Saved/ }).waitFor();
  // Another order with the old name typed by hand: not the party's.
  await createOrder(page, { po: "PO-REN-2", customer: "Kowloon Apparel Ltd" });

  await rename(page, "Kowloon Apparel Ltd", "KA Global Ltd");
  await page.getByTestId("nav-orders").click();
  const rows = page.getByTestId("order-row");
  const first = rows.filter({ hasText: "PO-REN-1" });
  await first.getByTestId("order-parties").filter({ hasText: /^KA Global Ltd$/ }).waitFor();
  assert.match(await rows.filter({ hasText: "PO-REN-2" }).innerText(), /Kowloon Apparel Ltd/);
  // The filter offers the party once, under its new name, and finds its order only.
  await page.getByTestId("filters-toggle").click();
  const options = await customerOptions(page);
  assert.ok(options.includes("KA Global Ltd"), `customer choices: ${options}`);
  assert.equal(options.filter((o) => o === "Kowloon Apparel Ltd").length, 1, `the typed name once: ${options}`);
  await page.getByTestId("filter-customer").selectOption({ label: "KA Global Ltd" });
  const count = page.getByTestId("order-count");
  await count.filter({ hasText: /^1 / }).waitFor();
  assert.match(await rows.first().innerText(), /PO-REN-1/);
  // Search finds the new name.
  await page.getByTestId("search").fill("ka global");
  await count.filter({ hasText: /^1 / }).waitFor();
  await page.getByTestId("search").fill("");

  // The CSV says the new name.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-orders-csv").click()]);
  const csv = readFileSync(await download.path()).toString("utf8");
  assert.match(csv, /"PO-REN-1","KA Global Ltd"/);

  // Today too.
  await page.getByTestId("nav-today").click();
  await page.getByTestId("today-risk").getByTestId("today-row").filter({ hasText: "PO-REN-1" })
    .filter({ hasText: "KA Global Ltd" }).waitFor();
  // And the order's own header.
  await go(page, `#/orders/${id}`);
  await page.getByTestId("order-summary").filter({ hasText: "KA Global Ltd" }).waitFor();

  // Renamed again: the filter still holds the same customer, now under its newest name.
  await rename(page, "KA Global Ltd", "KA Worldwide");
  await page.getByTestId("nav-orders").click();
  await first.getByTestId("order-parties").filter({ hasText: /^KA Worldwide$/ }).waitFor();
  await count.filter({ hasText: /^1 / }).waitFor();
  await page.waitForFunction(
    () => document.querySelector("[data-testid=filter-customer] option:checked")?.textContent === "KA Worldwide",
  );
  await page.screenshot({ path: join(artifactsDir(), "rename-list-360.png"), fullPage: true });

  // After a reload: the same, from storage.
  await page.reload();
  await page.getByTestId("order-count").filter({ hasText: /^2 / }).waitFor();
  await first.getByTestId("order-parties").filter({ hasText: /^KA Worldwide$/ }).waitFor();
  await page.getByTestId("filters-toggle").click();
  const after = await customerOptions(page);
  assert.ok(!after.includes("KA Global Ltd") && after.includes("KA Worldwide"), `customer choices: ${after}`);
  await page.getByTestId("filter-customer").selectOption({ label: "KA Worldwide" });
  await count.filter({ hasText: /^1 / }).waitFor();
  assert.match(await rows.first().innerText(), /PO-REN-1/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a rename in another tab reaches this tab's open orders list without a reload", async () => {
  const ctx = await phone(env.browser);
  const a = await ctx.newPage();
  const errors = watchErrors(a);
  await openApp(a, env.relay.url);
  await addParty(a, env.relay.url, { kind: "customer", name: "Tab Party Ltd" });
  await openApp(a, env.relay.url);
  await createOrder(a, { po: "PO-TAB-1" });
  await a.getByTestId("customer-party").selectOption({ label: "Tab Party Ltd" });
  await a.getByTestId("customer").waitFor({ state: "detached" });
  await a.getByTestId("save").click();
  await a.getByTestId("save-status").filter({ hasText: /Saved/ }).waitFor();
  // The second tab shares the device's storage; its list names the party.
  const b = await ctx.newPage();
  const errorsB = watchErrors(b);
  await openApp(b, env.relay.url);
  const row = b.getByTestId("order-row").filter({ hasText: "PO-TAB-1" });
  await row.getByTestId("order-parties").filter({ hasText: /^Tab Party Ltd$/ }).waitFor();
  // Renamed in the first tab: the workspace changed elsewhere, and the open list reads it again.
  await rename(a, "Tab Party Ltd", "Tab Renamed Ltd");
  await row.getByTestId("order-parties").filter({ hasText: /^Tab Renamed Ltd$/ }).waitFor();
  assert.deepEqual([...errors, ...errorsB], []);
  await ctx.close();
});
