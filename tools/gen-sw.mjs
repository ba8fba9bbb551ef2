// Trunk post-build hook: writes sw.js into the staging dir, listing every file of this build and
// naming the cache after a hash of their contents; then writes a brotli (.br) and a gzip (.gz) copy
// of every text and wasm file, which the relay sends to browsers that accept them (the copies are
// not in the service worker's list: the browser decodes them, the cache holds the plain file).
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
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

const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|json|webmanifest|svg|txt)$/;
let plain = 0;
let br = 0;
let gz = 0;
for (const f of [...files, "sw.js"].filter((f) => COMPRESSIBLE.test(f))) {
  const bytes = readFileSync(join(staging, f));
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [constants.BROTLI_PARAM_MODE]: f.endsWith(".wasm") ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
    },
  });
  const gzip = gzipSync(bytes, { level: 9 });
  writeFileSync(join(staging, `${f}.br`), brotli);
  writeFileSync(join(staging, `${f}.gz`), gzip);
  plain += bytes.length;
  br += brotli.length;
  gz += gzip.length;
}
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`gen-sw: precompressed ${kb(plain)} to ${kb(br)} brotli, ${kb(gz)} gzip`);
