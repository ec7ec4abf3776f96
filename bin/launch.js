/**
 * Runs an entry point of this package (`cli`: the federation CLI; `main`: the cdktf app) from the compiled build, or
 * from the TypeScript sources through tsx when the build cannot be trusted:
 * - `FEDERATION_FROM_SOURCES=1`: the sources, silently (the test suite sets it: tests run the sources);
 * - no build, or a build of other sources (a source file, tsconfig or package-lock.json edited, added or removed
 *   since `npm run build`): the sources, with a one-line notice on stderr naming the command that rebuilds. Stale
 *   code never runs silently.
 * An installed package ships the build without the sources (package.json `files`): there the build always runs.
 * Whether the build is current is decided by content: `dist/build-info.json` holds the size, time and SHA-256 of every
 * file the build read; a file with the recorded size and time is taken as recorded, any other is hashed and compared
 * (`npm run bench` prints what the check costs).
 *
 * The build (`npm run build`, also `prepare`, which `npm ci` runs) is:
 * - `dist/` compiled by tsc with type declarations (`dist/main.js`, `dist/src/…`, `dist/stacks/…`);
 * - for each entry point, one file bundling it with its dependencies (`dist/bundle/<entry>.js`, esbuild) and V8's
 *   code cache for it (`<entry>.js.cache`, made by running the entry once on the default file). Loading ~400 modules
 *   and compiling cdktf, the provider classes, zod and yaml is most of a small synthesis; the bundle and its cache
 *   cut that to a fraction. A cache V8 rejects (another node version) costs nothing but the compile it saves; the
 *   cache is used only for the exact bundle it was made from (size and time recorded in build-info.json). cdktf's
 *   `archiver` (zip files for assets; this app has none) and `semver` (a Terraform-version validation of features
 *   this app does not use) are bundled as stand-ins that load them on first use (bin/lazy-archiver.js,
 *   bin/lazy-semver.js).
 * Without a bundle (TypeScript present, esbuild not) the tsc output runs.
 *
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
"use strict";
// child_process, crypto and os are loaded where they are used (the build; a file whose time changed): loading them
// on every run is a few milliseconds of a run that takes ~130.
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname, join, resolve } = require("node:path");
const vm = require("node:vm");

const ROOT = resolve(__dirname, "..");
const DIST = "dist";
const BUILD_INFO = join(DIST, "build-info.json");
/** What the build compiles (tsconfig.build.json), is configured by (this file: the bundle options), and bundles (the locked dependencies, the stand-ins). */
const INPUT_DIRS = ["src", "stacks"];
const INPUT_FILES = ["main.ts", "tsconfig.json", "tsconfig.build.json", "package-lock.json", "bin/launch.js", "bin/lazy-archiver.js", "bin/lazy-semver.js"];
/** Entry points: name → the compiled module (tsc output) and the TypeScript source, below the package root. */
const ENTRIES = { cli: "src/cli", main: "main" };
/** Set by the build while it runs an entry to record its code cache. */
const WRITE_CACHE = "FEDERATION_WRITE_COMPILE_CACHE";

/** Every input of the build below `root`, sorted, as paths relative to it with `/`. */
function buildInputs(root = ROOT) {
  const files = INPUT_FILES.filter((f) => existsSync(join(root, f)));
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

/** Size, modification time and SHA-256 of every build input, by path. */
function inputsOf(root = ROOT) {
  const out = {};
  for (const file of buildInputs(root)) {
    const { size, mtimeMs } = statSync(join(root, file));
    out[file] = { size, mtimeMs, sha256: sha256(join(root, file)) };
  }
  return out;
}

const sha256 = (path) => require("node:crypto").createHash("sha256").update(readFileSync(path)).digest("hex");

function readBuildInfo(root) {
  try {
    return JSON.parse(readFileSync(join(root, BUILD_INFO), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Why the build below `root` cannot run, or undefined when it was made from the sources as they are. A file whose
 * size and time are as recorded is taken as recorded; any other is compared by content (so a file touched but not
 * changed keeps the build, and an edit always shows: it changes the time, or the size, or both).
 */
function staleReason(root = ROOT, info = readBuildInfo(root)) {
  if (!info?.inputs) return `there is no compiled build (${BUILD_INFO})`;
  // An installed package (npm pack / npm install) ships its build and no sources: the build is the code.
  if (!INPUT_DIRS.some((dir) => existsSync(join(root, dir)))) return undefined;
  const stale = `the compiled build (${DIST}/) is older than the sources`;
  const files = buildInputs(root);
  if (files.length !== Object.keys(info.inputs).length) return stale;
  for (const file of files) {
    const recorded = info.inputs[file];
    if (!recorded) return stale;
    const { size, mtimeMs } = statSync(join(root, file));
    if (size !== recorded.size) return stale;
    if (mtimeMs !== recorded.mtimeMs && sha256(join(root, file)) !== recorded.sha256) return stale;
  }
  return undefined;
}

const bundleFile = (root, entry) => join(root, DIST, "bundle", `${entry}.js`);
const fileStamp = (file) => {
  const s = statSync(file);
  return { size: s.size, mtimeMs: s.mtimeMs };
};

/**
 * Runs a bundle as a CommonJS module, with V8's code cache when there is one for exactly this bundle; returns its
 * exports. With WRITE_CACHE set, records the cache when the process exits (the build's warm-up run).
 */
function runBundle(file, expected) {
  // The bundle is ASCII (esbuild `charset: "ascii"`): Latin-1 reads it exactly, and faster than UTF-8.
  const source = readFileSync(file, "latin1");
  const cacheFile = `${file}.cache`;
  const stamp = fileStamp(file);
  const usable = expected && expected.size === stamp.size && expected.mtimeMs === stamp.mtimeMs && existsSync(cacheFile);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData: usable ? readFileSync(cacheFile) : undefined,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (process.env[WRITE_CACHE] === "1") process.once("exit", () => writeFileSync(cacheFile, script.createCachedData()));
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  mod.loaded = true;
  const req = (id) => mod.require(id);
  req.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  req.main = require.main;
  req.cache = Module._cache;
  script.runInThisContext({ displayErrors: true }).call(mod.exports, mod.exports, req, mod, file, dirname(file));
  return mod.exports;
}

/** Loads entry point `entry` (`cli` or `main`) from the build (its bundle, else the tsc output) or the sources. */
function load(entry, env = process.env) {
  const module = ENTRIES[entry];
  if (env.FEDERATION_FROM_SOURCES !== "1") {
    const info = readBuildInfo(ROOT);
    const reason = staleReason(ROOT, info);
    if (reason === undefined) {
      const bundle = bundleFile(ROOT, entry);
      if (existsSync(bundle)) return runBundle(bundle, info.bundles?.[entry]);
      return require(join(ROOT, DIST, `${module}.js`));
    }
    // The cdktf app's notice goes to stdout: the cdktf CLI shows the app's stderr as `[ERROR]` (main.ts). The CLI's
    // stdout is its output (JSON, Markdown, scripts), so its notice goes to stderr.
    (entry === "main" ? process.stdout : process.stderr).write(`federation: ${reason}: running the TypeScript sources (slower); \`npm run build\` compiles them\n`);
  }
  require("tsx/cjs");
  return require(join(ROOT, `${module}.ts`));
}

/**
 * esbuild's options for the bundle of entry point `entry` (the tsc output of it, below `root`).
 * - Whitespace and syntax minified: less to read and compile. Identifiers are not minified, and every function and
 *   class keeps its name (cdktf, constructs, yaml and zod put constructor names in error messages), without
 *   `keepNames`: that option wraps each of the ~3,000 functions and classes in a call setting its name, about 8 ms
 *   of every run. Without it esbuild renames two things: a top-level name of an entry point that another module's
 *   function also has (test/compiled.test.ts finds any), and every class that names itself in its body, which it
 *   writes as `var X = class _X {…}` (`X.name` would be "_X"); restoreClassNames() gives those classes their name
 *   back.
 * - ASCII only (other characters escaped), so the file reads as Latin-1: no UTF-8 decoding of megabytes.
 * - The cloud SDKs that only `adopt` and `drift` load (lazily, inside the command) stay in node_modules: bundled,
 *   every other command would read and compile megabytes of them.
 * - cdktf loads archiver (for assets, which this app has none of) and semver (for a Terraform-version validation of
 *   features this app does not use) eagerly: stand-ins load them on first use (bin/lazy-archiver.js,
 *   bin/lazy-semver.js).
 */
function bundleOptions(root, entry) {
  return {
    entryPoints: [join(root, DIST, `${ENTRIES[entry]}.js`)], outfile: bundleFile(root, entry), bundle: true, platform: "node", target: "node20", format: "cjs", logLevel: "warning",
    minifyWhitespace: true, minifySyntax: true, keepNames: false, charset: "ascii",
    external: ["@aws-sdk/*", "@azure/*", "@smithy/*"],
    alias: { archiver: join(root, "bin", "lazy-archiver.js"), semver: join(root, "bin", "lazy-semver.js") },
  };
}

/**
 * The bundle `code` with the name of every class esbuild wrote as `X=class _X …{` set back to "X", by a static block
 * at the start of its body (what `keepNames` does for a class, here for these classes only).
 */
function restoreClassNames(code) {
  return code.replace(
    /(?<![\w$.])([A-Za-z_$][\w$]*)=class _\1((?: extends [^{}]+)?)\{/g,
    (_, name, heritage) => `${name}=class _${name}${heritage}{static{Object.defineProperty(this,"name",{value:${JSON.stringify(name)},configurable:true})}`,
  );
}

/**
 * `npm run build`: a clean `dist/` compiled by tsc (tsconfig.build.json), the bundles and their code caches, then
 * the record of the sources it was made from (taken first: a file edited meanwhile reads as stale). Without
 * TypeScript (an install without dev dependencies) nothing is built and the sources run instead.
 */
function build(root = ROOT) {
  const { spawnSync } = require("node:child_process");
  const { tmpdir } = require("node:os");
  const resolveFrom = (id) => {
    try {
      return require.resolve(id, { paths: [root] });
    } catch {
      return undefined;
    }
  };
  const tsc = resolveFrom("typescript/bin/tsc");
  if (!tsc) {
    process.stderr.write("federation: TypeScript is not installed, so nothing is compiled: the CLI runs the sources\n");
    return 0;
  }
  const inputs = inputsOf(root);
  rmSync(join(root, DIST), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) return r.status ?? 1;
  const bundles = {};
  const esbuild = resolveFrom("esbuild");
  if (esbuild) {
    for (const entry of Object.keys(ENTRIES)) {
      const [bundle] = require(esbuild).buildSync({ ...bundleOptions(root, entry), write: false }).outputFiles;
      mkdirSync(dirname(bundle.path), { recursive: true });
      writeFileSync(bundle.path, restoreClassNames(bundle.text), "latin1");
      bundles[entry] = fileStamp(bundle.path);
    }
  }
  writeFileSync(join(root, BUILD_INFO), `${JSON.stringify({ inputs, bundles }, null, 2)}\n`);
  // The code caches: each entry run once on the default file (into a temporary folder), recording what V8 compiled.
  if (esbuild) {
    const tmp = mkdtempSync(join(tmpdir(), "federation-build-"));
    try {
      const env = { ...process.env, [WRITE_CACHE]: "1", FEDERATION_FROM_SOURCES: "" };
      const runs = {
        cli: [join(root, "bin", "federation.js"), "synth", "--out", join(tmp, "out")],
        main: [join(root, "bin", "cdktf-app.js")],
      };
      for (const [entry, args] of Object.entries(runs)) {
        const w = spawnSync(process.execPath, args, { cwd: tmp, env: { ...env, CDKTF_OUTDIR: join(tmp, "app") }, encoding: "utf8" });
        if (w.status !== 0) process.stderr.write(`federation: no code cache for ${entry} (its run on the default file failed):\n${w.stderr}`);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return 0;
}

module.exports = { buildInputs, bundleOptions, restoreClassNames, staleReason, build, load, ROOT };

if (require.main === module) {
  if (process.argv[2] !== "build") {
    process.stderr.write("usage: node bin/launch.js build\n");
    process.exit(2);
  }
  process.exitCode = build();
}
