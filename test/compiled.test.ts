/**
 * What users run: the compiled build. `npm run build` (also `prepare`, run by `npm ci`) compiles into dist/ with type
 * declarations and bundles each entry point with a V8 code cache; bin/federation.js and the cdktf app
 * (bin/cdktf-app.js) run the bundle, and fall back to the sources with a one-line notice when the build is missing
 * or was compiled from other sources. The rest of the suite runs the
 * sources (FEDERATION_FROM_SOURCES, set by the global setup); here it is unset.
 *
 * Everything happens in a copy of the package (its node_modules linked), built there, so the checkout's own dist/ is
 * neither needed nor touched.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTOSO_CONFIG, readTree, ROOT } from "./helpers";

// bin/launch.js is plain JavaScript (it runs before anything is compiled).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const launch = require("../bin/launch.js") as {
  staleReason: (root: string) => string | undefined;
  buildInputs: (root: string) => string[];
  bundleOptions: (root: string, entry: string) => Record<string, unknown>;
  restoreClassNames: (code: string) => string;
};

const COPIED = ["bin", "src", "stacks", "config", "main.ts", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json", "cdktf.json"];

let pkg: string;

/** The environment of a user's shell: the suite's, without the switch that makes the bin run the sources. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.FEDERATION_FROM_SOURCES;
  return env;
}

function run(bin: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [join(pkg, "bin", bin), ...args], { cwd: pkg, env: userEnv(extra), encoding: "utf8", timeout: 60_000 });
}

beforeAll(() => {
  pkg = mkdtempSync(join(tmpdir(), "federation-compiled-"));
  for (const entry of COPIED) cpSync(join(ROOT, entry), join(pkg, entry), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"), "dir");
  const r = spawnSync("npm", ["run", "build", "--silent"], { cwd: pkg, env: userEnv(), encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stderr}${r.stdout}`);
}, 180_000);

afterAll(() => rmSync(pkg, { recursive: true, force: true }));

describe("GIVEN `npm run build`", () => {
  test("THEN dist/ holds the compiled entry points and type declarations, the bundles with their code caches, and the build matches the sources", () => {
    for (const f of ["main.js", "main.d.ts", "src/cli.js", "src/app.d.ts", "src/model/load.d.ts", "stacks/identity-center.js", "bundle/cli.js", "bundle/cli.js.cache", "bundle/main.js", "bundle/main.js.cache"]) {
      expect({ f, exists: existsSync(join(pkg, "dist", f)) }).toEqual({ f, exists: true });
    }
    const info = JSON.parse(readFileSync(join(pkg, "dist", "build-info.json"), "utf8"));
    expect(info.bundles.cli).toEqual({ size: statSync(join(pkg, "dist", "bundle", "cli.js")).size, mtimeMs: statSync(join(pkg, "dist", "bundle", "cli.js")).mtimeMs });
    // The bundle is ASCII (the launcher reads it as Latin-1).
    expect(/[^\x00-\x7f]/.test(readFileSync(join(pkg, "dist", "bundle", "cli.js"), "utf8"))).toBe(false);
    expect(launch.staleReason(pkg)).toBeUndefined();
    expect(launch.buildInputs(pkg)).toEqual(expect.arrayContaining(["main.ts", "src/cli.ts", "stacks/identity-center.ts", "tsconfig.build.json"]));
  });

  test("THEN the bundles are made without keepNames, and no function is renamed in them (each __name(x, \"y\") of a keepNames build has x = y)", () => {
    // With keepNames, esbuild wraps each named function in `__name(<identifier>, "<its original name>")`: an
    // identifier unlike its name is one esbuild renamed (only keepNames would keep the original name). Classes are
    // named from inside their body (`__name(this, …)`): the next test covers them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require("esbuild") as typeof import("esbuild");
    for (const entry of ["cli", "main"]) {
      expect(launch.bundleOptions(pkg, entry).keepNames).toBe(false);
      const named = esbuild.buildSync({ ...launch.bundleOptions(pkg, entry), keepNames: true, write: false }).outputFiles[0].text;
      const pairs = [...named.matchAll(/__name\(([A-Za-z_$][\w$]*),"([^"]*)"\)/g)].filter(([, id]) => id !== "this");
      expect(pairs.length).toBeGreaterThan(1000);
      expect({ entry, renamed: pairs.filter(([, id, name]) => id !== name).map(([, id, name]) => `${name} -> ${id}`) }).toEqual({ entry, renamed: [] });
      const written = readFileSync(join(pkg, "dist", "bundle", `${entry}.js`), "latin1");
      // What the build wrote is that bundle without the wrappers; every class esbuild wrote as `X=class _X` gets its
      // name back (restoreClassNames).
      expect(written.includes("__name(")).toBe(false);
      const renamedClasses = [...written.matchAll(/([A-Za-z_$][\w$]*)=class _\1\b/g)].length;
      expect(renamedClasses).toBeGreaterThan(10);
      expect({ entry, restored: [...written.matchAll(/([A-Za-z_$][\w$]*)=class _\1\b[^{}]*\{static\{Object\.defineProperty\(this,"name",\{value:"\1"/g)].length }).toEqual({ entry, restored: renamedClasses });
    }
  });

  test("THEN a class in a bundle has the name it has in node_modules and dist/: every exported class of cdktf, constructs, yaml, zod/mini and our msgraph binding, bundled as the build bundles", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require("esbuild") as typeof import("esbuild");
    const modules = { cdktf: "cdktf", constructs: "constructs", yaml: "yaml", zodMini: "zod/mini", msgraph: join(pkg, "dist", "src", "msgraph", "update-resource.js") };
    const probe = join(pkg, "names-probe.js");
    writeFileSync(probe, `module.exports = { ${Object.entries(modules).map(([k, m]) => `${k}: require(${JSON.stringify(m)})`).join(", ")} };\n`);
    const bundled = join(pkg, "names-probe.bundle.js");
    const options = { ...launch.bundleOptions(pkg, "cli"), entryPoints: [probe], outfile: bundled, write: false };
    writeFileSync(bundled, launch.restoreClassNames(esbuild.buildSync(options).outputFiles![0].text), "latin1");
    const script = `
      const names = (mods) => Object.fromEntries(Object.entries(mods).map(([k, m]) => [k, Object.entries(m).filter(([, v]) => typeof v === "function" && /^class\\b/.test(Function.prototype.toString.call(v))).map(([e, v]) => e + "=" + v.name).sort()]));
      const original = names({ ${Object.entries(modules).map(([k, m]) => `${k}: require(${JSON.stringify(m)})`).join(", ")} });
      process.stdout.write(JSON.stringify({ original, bundled: names(require(${JSON.stringify(bundled)})) }));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: pkg, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    const { original, bundled: inBundle } = JSON.parse(r.stdout) as Record<string, Record<string, string[]>>;
    expect(original.cdktf).toEqual(expect.arrayContaining(["App=App", "TerraformStack=TerraformStack", "Token=Token", "Fn=Fn"]));
    expect(original.msgraph).toEqual(["MsgraphUpdateResource=MsgraphUpdateResource"]);
    expect(inBundle).toEqual(original);
  });

  test("THEN the bundles hold a stand-in for cdktf's archiver (not archiver itself), and the stand-in loads cdktf's archiver when called", () => {
    for (const bundle of ["cli.js", "main.js"]) {
      // A class every archiver build defines (lib/error.js); the bundles made before the stand-in had it.
      expect({ bundle, archiver: readFileSync(join(pkg, "dist", "bundle", bundle), "latin1").includes("ArchiverError") }).toEqual({ bundle, archiver: false });
    }
    const r = spawnSync(process.execPath, ["-e", `const zip = require(${JSON.stringify(join(pkg, "bin", "lazy-archiver.js"))})("zip"); process.stdout.write(typeof zip.append + " " + typeof zip.finalize); zip.abort();`], { cwd: pkg, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("function function");
  });

  test("THEN the bundles hold a stand-in for cdktf's semver (not semver itself), and the stand-in is cdktf's semver on first use", () => {
    for (const bundle of ["cli.js", "main.js"]) {
      // semver's own constant (semver/internal/constants.js); the bundles made before the stand-in had it.
      expect({ bundle, semver: readFileSync(join(pkg, "dist", "bundle", bundle), "latin1").includes("SEMVER_SPEC_VERSION") }).toEqual({ bundle, semver: false });
    }
    const standIn = JSON.stringify(join(pkg, "bin", "lazy-semver.js"));
    const cdktfSemver = `require(require.resolve("semver", { paths: [require.resolve("cdktf")] }))`;
    const script = `const s = require(${standIn}); const real = ${cdktfSemver};
      process.stdout.write(JSON.stringify([s.satisfies("1.11.4", ">=1.5"), s.satisfies("1.4.0", ">=1.5"), "satisfies" in s, Object.keys(s).sort().join() === Object.keys(real).sort().join(), s.SemVer === real.SemVer]));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: pkg, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([true, false, true, true, true]);
  });

  test("WHEN bin/federation.js runs THEN it runs the bundle, silently, and synthesizes exactly what the sources do", () => {
    const validate = run("federation.js", ["validate", "--config", CONTOSO_CONFIG]);
    expect(validate.stderr).toBe("");
    expect(validate.stdout).toContain(": valid — ");
    expect(validate.status).toBe(0);

    const compiled = run("federation.js", ["synth", "--config", CONTOSO_CONFIG, "--out", join(pkg, "out-compiled")]);
    expect(compiled.status).toBe(0);
    expect(compiled.stderr).not.toContain("federation:");
    const sources = run("federation.js", ["synth", "--config", CONTOSO_CONFIG, "--out", join(pkg, "out-sources")], { FEDERATION_FROM_SOURCES: "1" });
    expect(sources.status).toBe(0);
    expect(readTree(join(pkg, "out-compiled"))).toBe(readTree(join(pkg, "out-sources")));
  });

  test("WHEN the cdktf app command (cdktf.json) runs THEN compiled main.js synthesizes into CDKTF_OUTDIR", () => {
    const app = JSON.parse(readFileSync(join(pkg, "cdktf.json"), "utf8")).app as string;
    expect(app).toBe("node bin/cdktf-app.js");
    const out = join(pkg, "out-app");
    const r = spawnSync("sh", ["-c", app], { cwd: pkg, env: userEnv({ FEDERATION_CONFIG: CONTOSO_CONFIG, CDKTF_OUTDIR: out }), encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const json = JSON.parse(readFileSync(join(out, "stacks", "entra-sso", "cdk.tf.json"), "utf8"));
    expect(json.provider.azuread[0].tenant_id).toBe("9a8b7c6d-1111-2222-3333-444455556666");
  });
});

describe("GIVEN which compiled code runs", () => {
  /** Replaces `from` by `to` in a compiled file for the duration of `use`. */
  const patched = <T>(file: string, from: string, to: string, use: () => T): T => {
    const original = readFileSync(file, "utf8");
    expect(original).toContain(from);
    writeFileSync(file, original.replace(from, to));
    try {
      return use();
    } finally {
      writeFileSync(file, original);
    }
  };

  test("WHEN the bundle is there THEN the bundle runs (a marker only it prints proves it), also when its code cache no longer fits it", () => {
    const out = patched(join(pkg, "dist", "bundle", "cli.js"), ": valid \\u2014 ", ": valid (bundle) \\u2014 ", () => run("federation.js", ["validate", "--config", CONTOSO_CONFIG]));
    expect(out.stderr).toBe("");
    expect(out.stdout).toContain(": valid (bundle) — ");
  });

  test("WHEN there is no bundle THEN the tsc output runs", () => {
    const bundle = join(pkg, "dist", "bundle", "cli.js");
    const saved = readFileSync(bundle);
    rmSync(bundle);
    try {
      const out = patched(join(pkg, "dist", "src", "commands", "validate.js"), ": valid — ", ": valid (tsc output) — ", () => run("federation.js", ["validate", "--config", CONTOSO_CONFIG]));
      expect(out.stderr).toBe("");
      expect(out.stdout).toContain(": valid (tsc output) — ");
    } finally {
      writeFileSync(bundle, saved);
    }
  });
});

describe("GIVEN a build that does not match the sources", () => {
  const notice = (reason: string) => `federation: ${reason}: running the TypeScript sources (slower); \`npm run build\` compiles them\n`;

  test("WHEN a source file was edited after the build THEN the sources run, with a one-line notice naming the command", () => {
    const source = join(pkg, "src", "commands", "validate.ts");
    const original = readFileSync(source, "utf8");
    try {
      writeFileSync(source, original.replace(": valid — ", ": valid (edited source) — "));
      expect(launch.staleReason(pkg)).toBe("the compiled build (dist/) is older than the sources");
      const r = run("federation.js", ["validate", "--config", CONTOSO_CONFIG]);
      expect(r.stderr).toBe(notice("the compiled build (dist/) is older than the sources"));
      expect(r.stdout).toContain(": valid (edited source) — ");
      expect(r.status).toBe(0);
    } finally {
      writeFileSync(source, original);
    }
    expect(launch.staleReason(pkg)).toBeUndefined();
  });

  test("WHEN a source file was touched but not changed THEN the build still runs (files are compared by content)", () => {
    const source = join(pkg, "src", "shell.ts");
    const later = new Date(Date.now() + 60_000);
    utimesSync(source, later, later);
    expect(launch.staleReason(pkg)).toBeUndefined();
    // Same size, other content, new time: stale.
    const original = readFileSync(source, "utf8");
    try {
      writeFileSync(source, original.replace(/e/, "E"));
      expect(launch.staleReason(pkg)).toBe("the compiled build (dist/) is older than the sources");
    } finally {
      writeFileSync(source, original);
    }
  });

  test("WHEN a source file was added after the build THEN the build is stale too", () => {
    const added = join(pkg, "src", "added-later.ts");
    writeFileSync(added, "export const later = 1;\n");
    try {
      expect(launch.staleReason(pkg)).toBe("the compiled build (dist/) is older than the sources");
    } finally {
      rmSync(added);
    }
    expect(launch.staleReason(pkg)).toBeUndefined();
  });

  test("WHEN there is no build THEN both entry points run the sources with the notice, and the cdktf app still synthesizes", () => {
    const info = join(pkg, "dist", "build-info.json");
    const saved = readFileSync(info, "utf8");
    rmSync(info);
    try {
      const validate = run("federation.js", ["validate", "--config", CONTOSO_CONFIG]);
      expect(validate.stderr).toBe(notice("there is no compiled build (dist/build-info.json)"));
      expect(validate.stdout).toContain(": valid — ");
      expect(validate.status).toBe(0);
      const out = join(pkg, "out-nobuild");
      const app = run("cdktf-app.js", [], { FEDERATION_CONFIG: CONTOSO_CONFIG, CDKTF_OUTDIR: out });
      // The cdktf app's notice is on stdout: the cdktf CLI shows the app's stderr as [ERROR] (test/cdktf-synth-output.test.ts).
      expect(app.stdout).toBe(notice("there is no compiled build (dist/build-info.json)"));
      expect(app.stderr).toBe("");
      expect(app.status).toBe(0);
      expect(existsSync(join(out, "stacks", "identity-center", "cdk.tf.json"))).toBe(true);
    } finally {
      writeFileSync(info, saved);
    }
  });
});
