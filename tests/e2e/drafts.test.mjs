// The save state is always true (issue 13): input typed into a saved order is "not saved yet"
// until it is saved, a draft kept over a reload says so, and "discard" brings back the order as
// saved — here, after a reload, and in storage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createOrder, openApp, phone, suite, watchErrors } from "./harness.mjs";

const env = suite();

/** The matrix's "remove colour" buttons (one per colour row). */
const colourRemovers = (page) => page.getByRole("button", { name: /^Remove (Black|Navy)$/ });

test("unsaved input is never shown as saved, and a kept draft can be discarded", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await createOrder(page, { po: "DR-1", colours: ["Black", "Navy"], sizes: ["S", "M"], qty: ["10", "20", "30", "40"] });
  const status = page.getByTestId("save-status");
  await status.filter({ hasText: "Saved on this device" }).waitFor();
  assert.equal(await page.getByTestId("draft-notice").count(), 0, "a saved form has no draft notice");

  // Editing the description: the label stops saying "saved".
  await page.getByTestId("description").fill("Crew neck tee, 180 gsm");
  await status.filter({ hasText: "Not saved yet" }).waitFor();
  await page.getByTestId("draft-notice").filter({ hasText: "not saved yet" }).waitFor();

  // Removing a colour is an unsaved change too.
  await page.getByTestId("description").fill("");
  await page.getByTestId("draft-notice").waitFor({ state: "detached" });
  await status.filter({ hasText: "Saved on this device" }).waitFor();
  assert.equal(await colourRemovers(page).count(), 2);
  // Black holds 30 pcs: removing it asks first (accepted here; the next test tries both answers).
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Remove Black" }).click();
  await status.filter({ hasText: "Not saved yet" }).waitFor();

  // After a reload the kept draft comes back and says it was kept.
  await page.reload();
  await page.getByTestId("draft-notice").filter({ hasText: "kept from before" }).waitFor();
  await status.filter({ hasText: "Not saved yet" }).waitFor();
  assert.equal(await colourRemovers(page).count(), 1, "the draft holds the removal");

  // Discard asks, then shows the order as saved, and nothing comes back after another reload.
  page.once("dialog", (d) => d.dismiss());
  await page.getByTestId("discard-draft").click();
  assert.equal(await colourRemovers(page).count(), 1, "dismissing the question keeps the draft");
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("discard-draft").click();
  await page.getByTestId("draft-notice").waitFor({ state: "detached" });
  assert.equal(await colourRemovers(page).count(), 2, "both colours are back");
  assert.equal(await status.textContent(), "");
  await page.reload();
  await page.getByTestId("order-form").waitFor();
  assert.equal(await colourRemovers(page).count(), 2);
  assert.equal(await page.getByTestId("draft-notice").count(), 0, "the discarded draft is gone from storage");

  // Saving a change: saved again, and the notice goes.
  await page.getByTestId("description").fill("Crew neck tee");
  await page.getByTestId("save").click();
  await status.filter({ hasText: "Saved on this device" }).waitFor();
  assert.equal(await page.getByTestId("draft-notice").count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("removing a colour or size with quantities asks first, naming it and its pieces", async () => {
  const ctx = await phone(env.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openApp(page, env.relay.url);
  await page.getByTestId("nav-new").click();
  await page.locator("[data-testid=order-form][data-new=true]").waitFor();
  for (const c of ["Navy", "Red"]) {
    await page.getByTestId("new-colour").fill(c);
    await page.getByTestId("add-colour").click();
  }
  for (const s of ["S", "M"]) {
    await page.getByTestId("new-size").fill(s);
    await page.getByTestId("add-size").click();
  }
  const cells = page.getByTestId("qty-cell");
  await cells.nth(0).fill("600");
  await cells.nth(1).fill("600");
  const grand = page.getByTestId("grand-total");
  await grand.filter({ hasText: /^1200$/ }).waitFor();
  const asked = [];
  const answer = (accept) => page.once("dialog", (d) => { asked.push(d.message()); accept ? d.accept() : d.dismiss(); });

  // Dismissed: Navy and its quantities stay.
  answer(false);
  await page.getByRole("button", { name: "Remove Navy" }).click();
  assert.deepEqual(asked, ["Remove colour Navy and its 1,200 pcs?"]);
  assert.equal(await page.getByRole("button", { name: "Remove Navy" }).count(), 1);
  assert.equal(await cells.nth(0).inputValue(), "600");
  assert.equal(await grand.textContent(), "1200");
  // An empty colour goes without a question (an unexpected dialog would be recorded).
  page.on("dialog", (d) => { asked.push(`unexpected: ${d.message()}`); d.dismiss(); });
  await page.getByRole("button", { name: "Remove Red" }).click();
  await page.getByRole("button", { name: "Remove Red" }).waitFor({ state: "detached" });
  assert.equal(asked.length, 1, `asked: ${asked}`);
  page.removeAllListeners("dialog");
  // Accepted: Navy goes with its pieces.
  answer(true);
  await page.getByRole("button", { name: "Remove Navy" }).click();
  await page.getByRole("button", { name: "Remove Navy" }).waitFor({ state: "detached" });
  assert.equal(asked[1], "Remove colour Navy and its 1,200 pcs?");
  await grand.filter({ hasText: /^0$/ }).waitFor();

  // In Chinese, a size: the same question in Chinese.
  await page.getByTestId("new-colour").fill("藏青");
  await page.getByTestId("add-colour").click();
  await cells.nth(1).fill("1");
  await page.getByTestId("lang-toggle").click();
  answer(false);
  await page.getByRole("button", { name: "删除 M" }).click();
  assert.equal(asked[2], "删除尺码 M 及其 1 件?");
  assert.equal(await page.getByRole("button", { name: "删除 M" }).count(), 1);
  answer(true);
  await page.getByRole("button", { name: "删除 M" }).click();
  await page.getByRole("button", { name: "删除 M" }).waitFor({ state: "detached" });
  assert.equal(await page.getByRole("button", { name: "删除 S" }).count(), 1);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the Chinese screen says the same", async () => {
  const ctx = await phone(env.browser, "zh-CN");
  const page = await ctx.newPage();
  await openApp(page, env.relay.url);
  await page.getByTestId("nav-new").click();
  await page.getByTestId("customer-po").fill("DR-2");
  await page.getByTestId("save-status").filter({ hasText: "尚未保存" }).waitFor();
  await page.getByTestId("draft-notice").filter({ hasText: "尚未保存的修改" }).waitFor();
  await ctx.close();
});
