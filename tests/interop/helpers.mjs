// Helpers for the interoperability tests and the benchmark: build and start the Gendan relay
// binary, mint tokens through its CLI, run the Rust `sync-peer` example, and start a
// reference sync server made of @automerge/automerge-repo + NodeWSServerAdapter.
import { spawn, execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// GENDAN_RELAY_BIN points the benchmark at an optimised build instead of the debug one.
export const RELAY = process.env.GENDAN_RELAY_BIN ?? join(ROOT, "target/debug/gendan-relay");
export const PEER = join(ROOT, "target/debug/examples/sync-peer");

/** Builds the relay binary and the Rust test peer (quick when up to date). */
export async function build() {
  await run("cargo", ["build", "-q", "-p", "gendan-relay", "--bin", "gendan-relay", "--example", "sync-peer"], {
    cwd: ROOT,
    maxBuffer: 1 << 24,
  });
}

export function tempDir(prefix = "gendan-interop-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Spawns `command args` and resolves once it prints `listening on http://ADDR`. */
function startListening(command, args, options = {}) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no address from ${command}: ${out}`)), 20000);
    const onData = chunk => {
      out += chunk;
      const m = out.match(/listening on http:\/\/(\S+?)[\s)]/);
      if (m) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        child.stdout.resume();
        resolveStart({ child, addr: m[1] });
      }
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", onData);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", chunk => {
      out += chunk;
      if (process.env.GENDAN_SHOW_SERVER_LOG) process.stderr.write(chunk);
    });
    child.on("exit", code => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}: ${out}`));
    });
  });
}

function stopper(child) {
  return () =>
    new Promise(done => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.removeAllListeners("exit");
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }, 5000).unref();
    });
}

/** Starts `gendan-relay serve` on a free port over `dataDir`. */
export async function startRelay(dataDir, database) {
  const { child, addr } = await startListening(RELAY, [
    "serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--dist", join(dataDir, "no-dist"),
    ...(database ? ["--database", database] : []),
  ]);
  return { child, addr, pid: child.pid, url: token => `ws://${addr}/sync?token=${token}`, stop: stopper(child) };
}

/** Mints a token with the relay's CLI; returns { id, token }. */
export async function createToken(dataDir, workspace, docs, database) {
  const args = ["token", "create", "--workspace", workspace, "--data", dataDir];
  if (docs) args.push("--docs", docs.join(","));
  if (database) args.push("--database", database);
  const { stdout } = await run(RELAY, args);
  const id = stdout.match(/^id: (\S+)/m)?.[1];
  const token = stdout.match(/^token: (\S+)/m)?.[1];
  if (!id || !token) throw new Error(`unexpected token output: ${stdout}`);
  return { id, token };
}

/** Starts the JavaScript reference sync server (ref-server.mjs) over `dataDir`. */
export async function startReference(dataDir) {
  const script = join(ROOT, "tests/interop/ref-server.mjs");
  const { child, addr } = await startListening(process.execPath, [script, dataDir]);
  return { child, addr, pid: child.pid, url: () => `ws://${addr}`, stop: stopper(child) };
}

/** Runs the Rust peer; resolves with its trimmed stdout. */
export async function rustPeer(...args) {
  const { stdout } = await run(PEER, args, { timeout: 60000 });
  return stdout.trim();
}

/** Resolves once `predicate()` is truthy (polling), or rejects after `ms`. */
export async function eventually(predicate, ms = 20000, what = "condition") {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}
