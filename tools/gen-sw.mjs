// Trunk post-build hook: writes sw.js into the staging dir, listing every file of this build and
// naming the cache after a hash of their contents.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("gen-sw: TRUNK_STAGING_DIR is not set (run through trunk build)");
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(staging)
  .map((p) => relative(staging, p).split("\\").join("/"))
  .filter((p) => p !== "sw.js")
  .sort();
const hash = createHash("sha256");
for (const f of files) {
  hash.update(f);
  hash.update(readFileSync(join(staging, f)));
}
const build = hash.digest("hex").slice(0, 16);
const here = dirname(fileURLToPath(import.meta.url));
const template = readFileSync(join(here, "sw.template.js"), "utf8");
const assets = ["./", ...files];
writeFileSync(
  join(staging, "sw.js"),
  template.replace("__BUILD__", build).replace("__ASSETS__", JSON.stringify(assets, null, 2)),
);
console.log(`gen-sw: build ${build}, ${files.length} files cached`);
