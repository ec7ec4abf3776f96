/**
 * Runs a module of this package from the compiled build (`dist/`, made by `npm ci` through the `prepare` script, or
 * `npm run build`), or from the TypeScript sources through tsx when the build cannot be trusted:
 * - `FEDERATION_FROM_SOURCES=1`: the sources, silently (the test suite sets it: tests run the sources);
 * - no build, or a build of other sources (a source file edited, added or removed since `npm run build`): the sources,
 *   with a one-line notice on stderr naming the command that rebuilds. Stale code never runs silently.
 * Whether the build is current is decided by content, not by file times (a checkout or a copy keeps or sets any
 * time): `dist/build-info.json` holds the SHA-256 of every file the build read, which is recomputed here (~1 ms
 * for the ~130 files; `npm run bench` measures it).
 *
 * Plain JavaScript on purpose: it must run before anything is compiled. `node bin/launch.js build` is the build
 * (package.json `build` and `prepare`).
 */
"use strict";
const { createHash } = require("node:crypto");
const { spawnSync } = require("node:child_process");
const { readdirSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

const ROOT = resolve(__dirname, "..");
const DIST = "dist";
const BUILD_INFO = join(DIST, "build-info.json");
/** What the build compiles (tsconfig.build.json) and is configured by. */
const INPUT_DIRS = ["src", "stacks"];
const INPUT_FILES = ["main.ts", "tsconfig.json", "tsconfig.build.json"];

/** Every input of the build below `root`, sorted, as paths relative to it with `/`. */
function buildInputs(root = ROOT) {
  const files = [...INPUT_FILES];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith(".ts")) files.push(path);
    }
  };
  for (const dir of INPUT_DIRS) walk(dir);
  return files.sort();
}

/** One digest over the names and contents of every build input. */
function sourcesDigest(root = ROOT) {
  const hash = createHash("sha256");
  for (const file of buildInputs(root)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** Why the build below `root` cannot run, or undefined when it matches the sources. */
function staleReason(root = ROOT) {
  let info;
  try {
    info = JSON.parse(readFileSync(join(root, BUILD_INFO), "utf8"));
  } catch {
    return `there is no compiled build (${BUILD_INFO})`;
  }
  if (info.sources !== sourcesDigest(root)) return `the compiled build (${DIST}/) is older than the sources`;
  return undefined;
}

/**
 * `npm run build` (and `prepare`, which `npm ci` runs): a clean `dist/` compiled by tsc (tsconfig.build.json), then
 * the digest of the sources it was compiled from (taken before compiling: a file edited meanwhile reads as stale).
 * Without TypeScript (an install without dev dependencies) nothing is built and the sources run instead.
 */
function build(root = ROOT) {
  let tsc;
  try {
    tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
  } catch {
    process.stderr.write("federation: TypeScript is not installed, so nothing is compiled: the CLI runs the sources\n");
    return 0;
  }
  const digest = sourcesDigest(root);
  rmSync(join(root, DIST), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) return r.status ?? 1;
  writeFileSync(join(root, BUILD_INFO), `${JSON.stringify({ sources: digest }, null, 2)}\n`);
  return 0;
}

/** Loads `<module>` (e.g. `src/cli`, a path below the package root without extension) from the build or the sources. */
function load(module, env = process.env) {
  if (env.FEDERATION_FROM_SOURCES !== "1") {
    const reason = staleReason();
    if (reason === undefined) return require(join(ROOT, DIST, `${module}.js`));
    process.stderr.write(`federation: ${reason}: running the TypeScript sources (slower); \`npm run build\` compiles them\n`);
  }
  require("tsx/cjs");
  return require(join(ROOT, `${module}.ts`));
}

module.exports = { buildInputs, sourcesDigest, staleReason, build, load, ROOT };

if (require.main === module) {
  if (process.argv[2] !== "build") {
    process.stderr.write("usage: node bin/launch.js build\n");
    process.exit(2);
  }
  process.exitCode = build();
}
