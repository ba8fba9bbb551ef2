// A throwaway PostgreSQL cluster for the benchmark's database rows, as the relay's Rust tests
// make one (crates/relay/tests/common/pg.rs): initdb + pg_ctl on a temp directory and a free
// port, from PATH or /usr/lib/postgresql/*/bin; as root, PostgreSQL (which refuses root) runs as
// `postgres` (else `nobody`) through `runuser`, owning the cluster directory.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";

function binDir() {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dirname(realpathSync(join(dir, "initdb")));
  }
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter(v => existsSync(join(root, v, "bin/initdb"))).sort((a, b) => Number(a) - Number(b));
  return versions.length ? join(root, versions.at(-1), "bin") : null;
}

function id(flag, user) {
  try {
    return Number(execFileSync("id", [flag, user], { encoding: "utf8" }).trim());
  } catch {
    return null;
  }
}

/** A free loopback port (synchronously: a short-lived child does the asking). */
function freePort() {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim());
}

/** Starts a cluster; `null` when no PostgreSQL binaries exist. */
export function startCluster() {
  const bin = binDir();
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), "gendan-bench-pg-"));
  let user = null;
  if (process.getuid?.() === 0) {
    user = ["postgres", "nobody"].find(u => id("-u", u) !== null);
    chownSync(dir, id("-u", user), id("-g", user));
  }
  chmodSync(dir, 0o700);
  const pg = (name, args) =>
    user
      ? execFileSync("runuser", ["-u", user, "--", join(bin, name), ...args], { cwd: dir, encoding: "utf8" })
      : execFileSync(join(bin, name), args, { cwd: dir, encoding: "utf8" });
  const data = join(dir, "data");
  const port = freePort();
  pg("initdb", ["-D", data, "-U", "gendan", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  pg("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "-w", "start"]);
  const sql = (db, query) => pg("psql", ["-h", dir, "-p", String(port), "-U", "gendan", "-At", "-c", query, db]).trim();
  return {
    database(name) {
      pg("createdb", ["-h", dir, "-p", String(port), "-U", "gendan", name]);
      return {
        url: `postgres://gendan@127.0.0.1:${port}/${name}`,
        size: () => Number(sql(name, `SELECT pg_database_size('${name}')`)),
        drop: () => {},
      };
    },
    stop() {
      try {
        pg("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
