// Interoperability with the real JavaScript library (@automerge/automerge-repo 2.5 and its
// WebSocket client adapter):
//   - a Node peer creates a document through the Gendan relay and the Rust peer reads it,
//   - the Rust peer creates one and the Node peer reads it (and edits it back),
//   - the Rust peer against the JavaScript reference sync server, both ways,
//   - tokens: a Node peer with another workspace's token cannot find the document.
// Run: node --test tests/interop/   (builds the relay and the Rust peer first)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import {
  build, tempDir, startRelay, createToken, startReference, rustPeer, eventually,
} from "./helpers.mjs";

let tmp, relay, reference, acme, other;
const repos = [];

function client(url) {
  const repo = new Repo({ network: [new WebSocketClientAdapter(url, 500)] });
  repos.push(repo);
  return repo;
}

before(async () => {
  await build();
  tmp = tempDir();
  acme = await createToken(`${tmp.dir}/relay`, "acme");
  other = await createToken(`${tmp.dir}/relay`, "other");
  relay = await startRelay(`${tmp.dir}/relay`);
  reference = await startReference(`${tmp.dir}/reference`);
});

after(async () => {
  for (const repo of repos) await repo.shutdown().catch(() => {});
  await relay?.stop();
  await reference?.stop();
  tmp?.remove();
});

test("a Node peer creates a document through our relay; the Rust peer reads it", async () => {
  const repo = client(relay.url(acme.token));
  const handle = repo.create({ title: "PO-2026-001 from JS", qty: 1200 });
  const value = await rustPeer("get", relay.url(acme.token), handle.documentId, "title", "--wait-ms", "15000");
  assert.equal(JSON.parse(value), "PO-2026-001 from JS");
});

test("the Rust peer creates a document through our relay; a Node peer reads and edits it", async () => {
  const id = await rustPeer("put", relay.url(acme.token), "title", "款号 A-17 from Rust");
  const repo = client(relay.url(acme.token));
  const handle = await repo.find(`automerge:${id}`);
  assert.equal(handle.doc().title, "款号 A-17 from Rust");
  handle.change(d => {
    d.status = "confirmed in JS";
  });
  const value = await rustPeer("get", relay.url(acme.token), id, "status", "--wait-ms", "15000");
  assert.equal(JSON.parse(value), "confirmed in JS");
});

test("two Node peers sync live through our relay", async () => {
  const a = client(relay.url(acme.token));
  const b = client(relay.url(acme.token));
  const ha = a.create({ n: 0 });
  await eventually(async () => {
    try {
      return (await rustPeer("get", relay.url(acme.token), ha.documentId, "n")) !== "";
    } catch {
      return false;
    }
  }, 15000, "the relay to hold the document");
  const hb = await b.find(ha.url);
  ha.change(d => {
    d.n = 1;
  });
  await eventually(() => hb.doc().n === 1, 15000, "B to see A's edit");
  hb.change(d => {
    d.m = "from B";
  });
  await eventually(() => ha.doc().m === "from B", 15000, "A to see B's edit");
});

test("a token for another workspace cannot reach the document", async () => {
  const id = await rustPeer("put", relay.url(acme.token), "secret", "acme only");
  const repo = client(relay.url(other.token));
  await assert.rejects(repo.find(`automerge:${id}`), /unavailable/i);
  await assert.rejects(rustPeer("get", relay.url(other.token), id, "secret"));
});

test("the Rust peer against the JavaScript reference server, both ways", async () => {
  // Rust writes, JS reads.
  const id = await rustPeer("put", reference.url(), "title", "via reference");
  const repo = client(reference.url());
  const handle = await repo.find(`automerge:${id}`);
  assert.equal(handle.doc().title, "via reference");
  // JS writes, Rust reads.
  const created = repo.create({ title: "made in JS for the reference" });
  const value = await rustPeer("get", reference.url(), created.documentId, "title", "--wait-ms", "15000");
  assert.equal(JSON.parse(value), "made in JS for the reference");
});
