// Work that connects (issue 13): approving a sample completes the T&A milestone it stands for,
// by the template line's link and with the approval's day; a milestone re-planned after one
// that follows it is warned about; templates say what completes each line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { approveFirstSample, createOrder, isoDay, openApp, phone, suite, tab, watchErrors } from "./harness.mjs";

const env = suite();

test("a PP approval completes the PP milestone, and a plan out of order is warned about", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await createOrder(page, { po: "TL-1", orderDate: isoDay(-20), exFactory: isoDay(60) });
  await tab(page, "tna");
  await page.getByTestId("apply-template").click();
  const pp = page.locator("[data-testid=milestone][data-code=pp_sample]");
  const fit = page.locator("[data-testid=milestone][data-code=fit_sample]");
  await pp.waitFor();
  assert.notEqual(await pp.getAttribute("data-status"), "done");
  assert.equal(await page.getByTestId("tna-out-of-order").count(), 0, "the standard plan is in order");

  // Fit approval slips past the PP approval's planned day: the plan warns.
  await fit.getByTestId("ms-toggle").click();
  await fit.getByTestId("ms-delay").click();
  await fit.getByTestId("delay-cause").fill("Buyer's fit session moved");
  await fit.getByTestId("delay-new-date").fill(isoDay(50));
  await fit.getByTestId("delay-informed").fill("Anna");
  await fit.getByTestId("delay-save").click();
  const warning = page.getByTestId("tna-out-of-order");
  await warning.waitFor();
  assert.match(await warning.innerText(), /PP sample approval.*before.*Fit sample approval/s);

  // The buyer approves a PP sample: the PP milestone is done with today's date, no typing.
  await tab(page, "samples");
  await approveFirstSample(page, "pp", 2);
  await tab(page, "tna");
  await page.locator("[data-testid=milestone][data-code=pp_sample][data-status=done]").waitFor();
  assert.match(await pp.innerText(), new RegExp(isoDay(0)));
  assert.notEqual(await fit.getAttribute("data-status"), "done", "a PP approval is not a fit approval");
  // Done, the PP milestone no longer needs a warning.
  await warning.waitFor({ state: "detached" });

  // The template says what completes each line.
  await page.goto(`${env.relay.url}/#/templates`);
  // Each compact line names its link; the select that changes it is inside the opened line.
  const links = page.getByTestId("template-line-link");
  await links.first().waitFor();
  const chosen = (await links.allInnerTexts()).map((t) => t.trim());
  assert.ok(chosen.includes("PP sample approved"), chosen.join(", "));
  assert.ok(chosen.includes("Final inspection passed"), chosen.join(", "));
  assert.deepEqual(errors, []);
  await ctx.close();
});
