// An invite link can come from anyone. A device that holds orders asks before it syncs them with
// the relay a link names, and saying no changes nothing; a link that names one of its orders as the
// workspace to join is refused in words, and the device stays as it was. A fresh device, with
// nothing to send, joins at once (every other test that opens an invite).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createOrder, joinRelay, phone, suite, watchErrors } from "./harness.mjs";

const env = suite();

async function settingsOf(page) {
  await page.goto(`${env.relay.url}/#/settings`);
  await page.getByTestId("relay-token").waitFor();
  return {
    relay: await page.getByTestId("relay-address").inputValue(),
    token: await page.getByTestId("relay-token").inputValue(),
  };
}

for (const [lang, asks] of [
  ["en", /Join this workspace through ws:\/\/203\.0\.113\.9:8080\/sync\?/],
  ["zh", /通过 ws:\/\/203\.0\.113\.9:8080\/sync 加入此工作区/],
]) {
  test(`a device with orders asks before joining another relay, and a link naming an order as the workspace is refused (${lang})`, async () => {
    const ctx = await phone(env.browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await joinRelay(page, env.relay.url, env.relay.token(`join-${lang}`));
    const id = await createOrder(page, { po: `PO-JOIN-${lang}` });
    await page.evaluate((l) => localStorage.setItem("gendan.lang", JSON.stringify(l)), lang);
    const before = await settingsOf(page);
    const elsewhere = encodeURIComponent("ws://203.0.113.9:8080/sync");

    // Someone else's relay (the link names this device's order as the workspace, which only
    // joining would find out): asked, the relay named; "Cancel" changes nothing.
    await page.goto(`${env.relay.url}/#/join?relay=${elsewhere}&token=theirs&ws=${id}`);
    await page.reload();
    await page.getByTestId("join-ask").waitFor();
    assert.match(await page.getByTestId("join-ask").innerText(), asks);
    await page.getByTestId("join-cancel").click();
    await page.getByTestId("order-count").waitFor();
    assert.deepEqual(await settingsOf(page), before, "declining kept the relay and the token");

    // Joining it anyway: the workspace it names is this device's order, refused in words.
    await page.goto(`${env.relay.url}/#/join?relay=${elsewhere}&token=theirs&ws=${id}`);
    await page.getByTestId("join-confirm").click();
    const refused = await page.getByTestId("join-failed").innerText();
    assert.match(refused, lang === "en" ? /not a workspace/ : /不是工作区/);
    assert.deepEqual(await settingsOf(page), before, "the refused link configured nothing");
    await page.goto(`${env.relay.url}/#/orders/${id}`);
    assert.equal(await page.getByTestId("customer-po").inputValue(), `PO-JOIN-${lang}`);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
