// The day's goals (每天3电3计6审) in the daily report, at 360 px: two calls noted in an order's
// log and a PP sample answered count as two calls and one review, a mail counts as no call, the
// team's goals are set on the rules screen (strictly: "2,5" and 51 are refused with a message and
// change nothing), the rows and the "every goal met" line follow them, the copied text carries
// the day's line for the team and not for a factory's chat, and Chinese says 3电3计6审.
import { test } from "node:test";
import assert from "node:assert/strict";
import { approveFirstSample, createOrder, noSidewaysScroll, openApp, openRules, phone, suite, tab, watchErrors, copiedReport } from "./harness.mjs";

const env = suite();

async function note(page, channel, withWhom, summary) {
  await page.getByTestId("comms-section").locator("select").selectOption(channel);
  await page.getByTestId("m-with").fill(withWhom);
  await page.getByTestId("m-summary").fill(summary);
  await page.getByTestId("add-comm").click();
  await page.getByTestId("comm").filter({ hasText: summary }).waitFor();
}

async function goal(page, kind, text) {
  const input = page.getByTestId(`rule-goal-${kind}`);
  await input.fill(text);
  await input.blur();
}

async function row(page, kind) {
  await page.getByTestId(`goal-${kind}`).waitFor({ timeout: 30000 });
  return page.getByTestId(`goal-${kind}`).innerText();
}

test("the day's calls, plans and reviews are counted against the team's goals", async () => {
  const ctx = await phone(env.browser);
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.relay.url });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await createOrder(page, { po: "GOALS-1" });
  await tab(page, "log");
  await note(page, "call", "Wang", "cutting starts Monday");
  await note(page, "call", "Zhao", "trims arrive Friday");
  await note(page, "email", "Wang", "sent the size spec");
  await tab(page, "samples");
  await approveFirstSample(page, "pp", 3);

  // The default goals: 3 calls, 3 plans, 6 reviews.
  await page.getByTestId("nav-reports").click();
  assert.match(await row(page, "call"), /Calls\s*2 \/ 3/);
  assert.match(await row(page, "review"), /Reviews\s*1 \/ 6/);
  assert.match(await page.getByTestId("daily-goals").innerText(), /calls 3, plans 3, reviews 6/);
  assert.equal(await page.getByTestId("daily-goals").getAttribute("data-met"), "false");
  const line = await page.getByTestId("daily-doc").filter({ hasText: "GOALS-1" }).getByTestId("daily-line").innerText();
  assert.match(line, /Call with Wang: cutting starts Monday/, line);
  assert.match(line, /Email with Wang: sent the size spec/, line);
  await noSidewaysScroll(page);

  // The team lowers its goals; typed wrong, nothing changes and the field says why.
  await openRules(page);
  await page.getByTestId("day-goals-rule").waitFor();
  assert.equal(await page.getByTestId("rule-goal-call").inputValue(), "3");
  await goal(page, "call", "2,5");
  await page.getByTestId("rule-goal-call-error").filter({ hasText: /from 0 to 50/ }).waitFor();
  await goal(page, "call", "51");
  await page.getByTestId("rule-goal-call-error").filter({ hasText: /from 0 to 50/ }).waitFor();
  await goal(page, "call", "2");
  await page.getByTestId("rule-goal-call-error").waitFor({ state: "detached" });
  await goal(page, "plan", "0");
  await goal(page, "review", "1");

  await page.getByTestId("nav-reports").click();
  await page.locator("[data-testid=daily-goals][data-met=true]").waitFor({ timeout: 30000 });
  assert.match(await row(page, "call"), /2 \/ 2/);
  assert.match(await page.getByTestId("daily-goals-state").innerText(), /Every goal met/);
  const text = await copiedReport(page);
  assert.ok(text.includes("Day's goals: calls 2/2, plans 0/0, reviews 1/1"), text);
  // A factory's chat hears neither the goals nor the calls.
  await page.getByTestId("daily-no-money").check();
  let plain = await copiedReport(page);
  for (let i = 0; i < 30 && /Day's goals/.test(plain); i++) {
    await page.waitForTimeout(100);
    plain = await copiedReport(page);
  }
  assert.doesNotMatch(plain, /Day's goals|cutting starts Monday|size spec/, plain);
  await page.getByTestId("daily-no-money").uncheck();

  await page.getByTestId("lang-toggle").click();
  await page.getByTestId("daily-goals").filter({ hasText: "每日目标" }).waitFor();
  assert.match(await page.getByTestId("daily-goals").innerText(), /2电0计1审/);
  assert.match(await row(page, "call"), /电话\s*2 \/ 2/);
  assert.match(await page.getByTestId("daily-goals-state").innerText(), /目标全部完成/);
  assert.deepEqual(errors, []);
  await ctx.close();
});
