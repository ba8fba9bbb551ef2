// 传播信息 end to end: the office sends a notice to a factory, which reaches the factory's
// phone through the one order shared with it; the factory marks it read there, the office sees
// who read it, and a notice withdrawn on the office is struck through on the factory's phone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { addParty, createOrder, joinRelay, nameFactory, phone, suite, synced, watchErrors, copiedReport } from "./harness.mjs";

const env = suite();

async function openNotices(page) {
  await page.getByTestId("nav-more").click();
  await page.getByTestId("more-notices").click();
  await page.getByTestId("notices-page").waitFor();
}

test("a notice reaches the factory through its order, is marked read there, and withdrawn here", async () => {
  const office = await phone(env.browser);
  await office.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.relay.url });
  const a = await office.newPage();
  const errors = watchErrors(a);
  await joinRelay(a, env.relay.url, env.relay.token("notice-team"));
  const order = await createOrder(a, { po: "PO-NOTICE" });
  await nameFactory(a, "Jiaxing Garment Co.");
  await addParty(a, env.relay.url, { kind: "subcontractor", name: "Idle Embroidery" });
  await a.goto(`${env.relay.url}/#/today`);
  await openNotices(a);
  const compose = a.getByTestId("notice-compose");
  // A factory without an open order is said so, and cannot be chosen.
  const idle = compose.locator("label", { hasText: "Idle Embroidery" });
  await idle.filter({ hasText: "no open order" }).waitFor();
  assert.equal(await idle.locator("input").isDisabled(), true);
  // Nothing chosen: refused, nothing lost.
  await a.getByTestId("notice-title").fill("Power cut on Saturday");
  await a.getByTestId("notice-body").fill("No sewing from 8:00 to 12:00.\nPlan the line accordingly.");
  await a.getByTestId("notice-send").click();
  await a.getByTestId("notice-error").filter({ hasText: "Choose at least one factory" }).waitFor();
  assert.equal(await a.getByTestId("notice-title").inputValue(), "Power cut on Saturday");
  await compose.locator("label", { hasText: "Jiaxing Garment Co." }).filter({ hasText: "1 open order" }).locator("input").check();
  await a.getByTestId("notice-send").click();
  await a.getByTestId("notice-sent").filter({ hasText: "in 1 order" }).waitFor();
  assert.equal(await a.getByTestId("notice-title").inputValue(), "");
  const card = a.getByTestId("notice-card");
  await card.filter({ hasText: "Power cut on Saturday" }).waitFor();
  assert.equal(await card.count(), 1);
  assert.equal(await card.getAttribute("data-read"), "false");
  assert.match(await card.getByTestId("notice-acks").innerText(), /Nobody at the factory/);
  assert.match(await card.innerText(), /PO-NOTICE/);
  await a.getByTestId("notices-unread").filter({ hasText: "1 notice not yet read" }).waitFor();
  await synced(a);
  // Today says what no factory has read yet.
  await a.getByTestId("nav-today").click();
  await a.getByTestId("today-notices").filter({ hasText: "Notices no factory has read yet" }).filter({ hasText: "Power cut on Saturday" }).waitFor();

  // The factory's phone, invited to that one order.
  await a.goto(`${env.relay.url}/#/orders/${order}`);
  await a.getByTestId("share-order").locator("summary").click();
  await a.getByTestId("share-token").fill(env.relay.token("notice-team", [order]));
  const link = await a.getByTestId("share-link").inputValue();
  const factory = await phone(env.browser);
  const f = await factory.newPage();
  await f.goto(link);
  await f.getByTestId("order-row").filter({ hasText: "PO-NOTICE" }).waitFor({ timeout: 30000 });
  await synced(f);
  // The factory's Today says it is waiting to be read there, and opens the notices.
  await f.getByTestId("nav-today").click();
  await f.getByTestId("today-notices").filter({ hasText: "Notices to read" }).getByTestId("today-notice").filter({ hasText: "PO-NOTICE" }).click();
  await f.getByTestId("notices-page").waitFor();
  const there = f.getByTestId("notice-card").filter({ hasText: "Power cut on Saturday" });
  await there.waitFor({ timeout: 30000 });
  assert.match(await there.getByTestId("notice-text").innerText(), /Plan the line accordingly/);
  assert.equal(await f.getByTestId("notice-compose").count(), 0, "a factory does not send notices");
  assert.equal(await there.getByTestId("notice-withdraw").count(), 0, "nor withdraws them");
  // The factory's user is the reader there; no name is refused, said next to the button.
  assert.notEqual(await there.getByTestId("notice-ack-name").inputValue(), "");
  await there.getByTestId("notice-ack-name").fill(" ");
  await there.getByTestId("notice-ack").click();
  await there.getByTestId("notice-card-error").filter({ hasText: "Read by" }).waitFor();
  await there.getByTestId("notice-ack-name").fill("Wang Fang");
  await there.getByTestId("notice-ack").click();
  await f.locator("[data-testid=notice-card][data-read=true]").filter({ hasText: "Wang Fang" }).waitFor();
  await synced(f);

  // Back at the office: who read it, from the factory's phone.
  await a.goto(`${env.relay.url}/#/notices`);
  await a.locator("[data-testid=notice-card][data-read=true]").filter({ hasText: "Read by Wang Fang" }).waitFor({ timeout: 30000 });
  await a.getByTestId("notices-unread").filter({ hasText: "0 notices not yet read" }).waitFor();
  await a.getByTestId("nav-today").click();
  await a.getByTestId("today-progress").filter({ hasText: /Checked/ }).waitFor({ timeout: 30000 });
  assert.equal(await a.getByTestId("today-notices").count(), 0, "read: nothing left on Today");
  await a.getByTestId("nav-more").click();
  await a.getByTestId("more-notices").click();
  // Someone else at the factory said so by phone: the office records it under their name.
  const here = a.getByTestId("notice-card");
  await here.locator("details.notice-ack-for summary").click();
  assert.equal(await here.getByTestId("notice-ack-name").inputValue(), "", "the office's user is not the reader");
  await here.getByTestId("notice-ack-name").fill("Zhao Lei");
  await here.getByTestId("notice-ack-note").fill("by phone");
  await here.getByTestId("notice-ack").click();
  await here.getByTestId("notice-acks").filter({ hasText: /Wang Fang .*, Zhao Lei \(.*, by phone\)/ }).waitFor();

  // The daily report says what was sent and read today, and so does the text copied from it.
  await a.getByTestId("nav-reports").click();
  const daily = a.getByTestId("daily-notices");
  await daily.filter({ hasText: "Notice sent to Jiaxing Garment Co.: Power cut on Saturday" }).waitFor({ timeout: 30000 });
  await daily.filter({ hasText: "Wang Fang (Jiaxing Garment Co.) read: Power cut on Saturday" }).waitFor();
  await daily.filter({ hasText: "Zhao Lei (Jiaxing Garment Co.) read: Power cut on Saturday" }).waitFor();
  // Copied as text (to the clipboard, or shown to copy where the browser refuses it).
  const text = await copiedReport(a);
  assert.match(text, /Notices to factories\nNotice sent to Jiaxing Garment Co\.: Power cut on Saturday\n/);
  assert.match(text, /Wang Fang \(Jiaxing Garment Co\.\) read: Power cut on Saturday/);
  await a.goto(`${env.relay.url}/#/notices`);
  await here.waitFor();

  // Withdrawn here with the reason; struck through on the factory's phone, no longer marked read.
  await here.locator("details.notice-withdraw summary").click();
  await here.getByTestId("notice-withdraw").click();
  await here.getByTestId("notice-card-error").waitFor();
  await here.getByTestId("notice-withdraw-why").fill("Power cut moved to Sunday");
  // Meanwhile another worker at the factory marks it read: the office's card takes the news
  // and what is typed in it stays.
  const there2 = f.getByTestId("notice-card");
  await there2.getByTestId("notice-ack-name").fill("Li Ming");
  await there2.getByTestId("notice-ack").click();
  await f.locator("[data-testid=notice-card]").filter({ hasText: "Li Ming" }).waitFor();
  await here.getByTestId("notice-acks").filter({ hasText: "Li Ming" }).waitFor({ timeout: 30000 });
  assert.equal(await here.getByTestId("notice-withdraw-why").inputValue(), "Power cut moved to Sunday");
  await here.getByTestId("notice-withdraw").click();
  await a.locator("[data-testid=notice-card][data-withdrawn=true]").filter({ hasText: "Power cut moved to Sunday" }).waitFor();
  await synced(a);
  await f.locator("[data-testid=notice-card][data-withdrawn=true]").waitFor({ timeout: 30000 });
  assert.equal(await f.getByTestId("notice-ack").count(), 0);
  // Both say when, who and why.
  for (const p of [a, f]) {
    assert.match(await p.getByTestId("notice-withdrawn").innerText(), /^Withdrawn on .*\d.*: .*Power cut moved to Sunday$/);
  }
  assert.equal(await a.getByTestId("notice-differs").count(), 0, "no copy was changed");
  assert.deepEqual(errors, []);
  await office.close();
  await factory.close();
});

test("a notice sent to two factories is read by each apart: one factory's reader is never the other's", async () => {
  const office = await phone(env.browser);
  const a = await office.newPage();
  const errors = watchErrors(a);
  await joinRelay(a, env.relay.url, env.relay.token("notice-two"));
  await createOrder(a, { po: "PO-JX" });
  await nameFactory(a, "Jiaxing Garment Co.");
  await createOrder(a, { po: "PO-HZ" });
  await nameFactory(a, "Hangzhou Knits");
  await a.goto(`${env.relay.url}/#/today`);
  await openNotices(a);
  const compose = a.getByTestId("notice-compose");
  await a.getByTestId("notice-title").fill("Audit next week");
  await a.getByTestId("notice-body").fill("The buyer's auditor visits on Tuesday.");
  for (const name of ["Jiaxing Garment Co.", "Hangzhou Knits"]) {
    await compose.locator("label", { hasText: name }).locator("input").check();
  }
  await a.getByTestId("notice-send").click();
  await a.getByTestId("notice-sent").filter({ hasText: "in 2 orders" }).waitFor();
  // One card per factory, each naming its own order only.
  const cards = a.getByTestId("notice-card").filter({ hasText: "Audit next week" });
  await a.getByTestId("notices-unread").filter({ hasText: "2 notices not yet read" }).waitFor();
  assert.equal(await cards.count(), 2);
  const jx = cards.filter({ hasText: "PO-JX" });
  const hz = cards.filter({ hasText: "PO-HZ" });
  assert.doesNotMatch(await jx.innerText(), /PO-HZ/);
  assert.doesNotMatch(await hz.innerText(), /PO-JX/);
  // Hangzhou's worker said so on WeChat: recorded on Hangzhou's card only.
  await hz.locator("details.notice-ack-for summary").click();
  await hz.getByTestId("notice-ack-name").fill("Zhang Wei");
  await hz.getByTestId("notice-ack-note").fill("by WeChat");
  await hz.getByTestId("notice-ack").click();
  await a.locator("[data-testid=notice-card][data-read=true]").filter({ hasText: "PO-HZ" }).filter({ hasText: "Zhang Wei" }).waitFor();
  assert.equal(await jx.getAttribute("data-read"), "false", "Jiaxing has not read it");
  assert.doesNotMatch(await jx.innerText(), /Zhang Wei/);
  await a.getByTestId("notices-unread").filter({ hasText: "1 notice not yet read" }).waitFor();
  // Today still lists it for the factory that has not read it.
  await a.getByTestId("nav-today").click();
  await a.getByTestId("today-notices").getByTestId("today-notice").filter({ hasText: "PO-JX" }).waitFor();
  assert.equal(await a.getByTestId("today-notices").getByTestId("today-notice").filter({ hasText: "PO-HZ" }).count(), 0);
  // The daily report names the reader with their own factory, and sends each factory its own.
  await a.getByTestId("nav-reports").click();
  const daily = a.getByTestId("daily-notices");
  await daily.filter({ hasText: "Zhang Wei (Hangzhou Knits) read: Audit next week" }).waitFor({ timeout: 30000 });
  assert.doesNotMatch(await daily.innerText(), /Zhang Wei \(Jiaxing/);
  assert.match(await daily.innerText(), /Notice sent to Jiaxing Garment Co\.: Audit next week/);
  assert.match(await daily.innerText(), /Notice sent to Hangzhou Knits: Audit next week/);
  assert.deepEqual(errors, []);
  await office.close();
});
