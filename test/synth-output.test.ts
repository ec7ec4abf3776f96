/**
 * `federation synth --out DIR` replaces only what is ours (a missing or empty folder, or an earlier synthesis output
 * recognised by its marker and cdktf's manifest) and keeps what Terraform put into each stack's folder
 * (`.terraform/`, `.terraform.lock.hcl`), as `cdktf synth` does. Everything else is refused with exit 1 and left
 * exactly as it was.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { OUTPUT_MARKER, refusalToReplace } from "../src/synth-output";
import { DEFAULT_CONFIG, ROOT } from "./helpers";

function capture(cwd = ROOT) {
  const lines: string[] = [];
  const io: CliIo = { out: (t) => lines.push(t), err: (t) => lines.push(t), env: {}, cwd };
  return { io, text: () => lines.join("\n") };
}

/** Every entry below a folder (files with their content, folders as "<dir>"), to compare a folder's whole state. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const p = join(dir, rel);
    try {
      out[rel] = readFileSync(p, "utf8");
    } catch {
      out[rel] = "<dir>";
    }
  }
  return out;
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "synth-out-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const synth = async (out: string, cwd = ROOT, config = DEFAULT_CONFIG) => {
  const c = capture(cwd);
  const code = await runCli(["synth", "--config", config, "--out", out], c.io);
  return { code, text: c.text() };
};

describe("re-synthesis keeps what Terraform keeps in each stack's folder", () => {
  test("GIVEN an earlier output whose stacks were initialized by Terraform WHEN synthesized again THEN every .terraform/ and .terraform.lock.hcl is still there, unchanged, next to the new cdk.tf.json", async () => {
    const out = join(work, "cdktf.out");
    expect((await synth(out)).code).toBe(0);
    const stacks = readdirSync(join(out, "stacks")).sort();
    expect(stacks).toEqual(["entra-sso", "identity-center", "identity-center-assignments-0", "scim-provisioning"]);
    for (const s of stacks) {
      mkdirSync(join(out, "stacks", s, ".terraform", "providers"), { recursive: true });
      writeFileSync(join(out, "stacks", s, ".terraform", "terraform.tfstate"), `{"backend":"${s}"}`);
      writeFileSync(join(out, "stacks", s, ".terraform", "providers", "binary"), `provider of ${s}`);
      writeFileSync(join(out, "stacks", s, ".terraform.lock.hcl"), `# lock of ${s}`);
    }
    writeFileSync(join(out, "stacks", "entra-sso", "cdk.tf.json"), "{}"); // stale content, replaced

    const again = await synth(out);

    expect(again.code).toBe(0);
    for (const s of stacks) {
      expect(readFileSync(join(out, "stacks", s, ".terraform", "terraform.tfstate"), "utf8")).toBe(`{"backend":"${s}"}`);
      expect(readFileSync(join(out, "stacks", s, ".terraform", "providers", "binary"), "utf8")).toBe(`provider of ${s}`);
      expect(readFileSync(join(out, "stacks", s, ".terraform.lock.hcl"), "utf8")).toBe(`# lock of ${s}`);
    }
    expect(JSON.parse(readFileSync(join(out, "stacks", "entra-sso", "cdk.tf.json"), "utf8")).resource).toBeDefined();
    expect(readdirSync(work)).toEqual(["cdktf.out"]);
  });

  test("GIVEN a stack folder of a stack that no longer exists WHEN synthesized again THEN it is dropped (as cdktf synth drops it), the others keep their .terraform/", async () => {
    const out = join(work, "cdktf.out");
    expect((await synth(out)).code).toBe(0);
    mkdirSync(join(out, "stacks", "identity-center-assignments-7", ".terraform"), { recursive: true });
    mkdirSync(join(out, "stacks", "identity-center", ".terraform"), { recursive: true });
    expect((await synth(out)).code).toBe(0);
    expect(existsSync(join(out, "stacks", "identity-center-assignments-7"))).toBe(false);
    expect(existsSync(join(out, "stacks", "identity-center", ".terraform"))).toBe(true);
  });

  test("GIVEN an output written by cdktf (main.ts with CDKTF_OUTDIR, as cdktf synth/deploy run it) WHEN npm start synthesizes into it THEN it is recognised as ours and replaced", async () => {
    const out = join(work, "cdktf.out");
    execFileSync(join(ROOT, "node_modules", ".bin", "tsx"), ["main.ts"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: out, FEDERATION_CONFIG: DEFAULT_CONFIG }, stdio: "pipe" });
    expect(existsSync(join(out, OUTPUT_MARKER))).toBe(true);
    mkdirSync(join(out, "stacks", "entra-sso", ".terraform"));
    expect((await synth(out)).code).toBe(0);
    expect(existsSync(join(out, "stacks", "entra-sso", ".terraform"))).toBe(true);
  });
});

describe("only our own folders are replaced", () => {
  test("GIVEN a non-empty folder that is not a synthesis output WHEN synth --out names it THEN exit 1 with the reason, and the folder and its parent are exactly as they were", async () => {
    const out = join(work, "notes");
    mkdirSync(join(out, "sub"), { recursive: true });
    writeFileSync(join(out, "todo.txt"), "keep me");
    writeFileSync(join(out, "manifest.json"), '{"version":"0.21.0","stacks":{}}'); // a manifest alone is not enough
    const before = snapshot(work);

    const r = await synth(out);

    expect(r.code).toBe(1);
    expect(r.text).toContain(`--out: ${out} is not empty and is not a synthesis output (it has no ${OUTPUT_MARKER} marker): nothing was written`);
    expect(snapshot(work)).toEqual(before);
  });

  test("GIVEN `--out .` in a project under git WHEN synthesized THEN it is refused: the project, .git included, is untouched", async () => {
    const project = join(work, "project");
    cpSync(join(ROOT, "config"), join(project, "config"), { recursive: true });
    execFileSync("git", ["init", "-q", project]);
    const before = snapshot(project);

    const r = await synth(".", project, "config/federation.yaml");

    expect(r.code).toBe(1);
    expect(r.text).toContain("--out . would replace the current folder");
    expect(snapshot(project)).toEqual(before);
    expect(readdirSync(work)).toEqual(["project"]);
  });

  test("GIVEN an empty current folder or a folder holding the federation file WHEN named by --out THEN it is refused too (it would replace the folder we run in)", async () => {
    const empty = join(work, "empty");
    mkdirSync(empty);
    const r1 = await synth(".", empty);
    expect(r1.code).toBe(1);
    expect(r1.text).toContain("would replace the current folder");
    const project = join(work, "p");
    cpSync(join(ROOT, "config"), join(project, "config"), { recursive: true });
    const r2 = await synth(join(project, "config"), ROOT, join(project, "config", "federation.yaml"));
    expect(r2.code).toBe(1);
    expect(r2.text).toContain("would replace the federation file");
    expect(readdirSync(join(project, "config")).sort()).toEqual(readdirSync(join(ROOT, "config")).sort());
  });

  test("GIVEN the marker without cdktf's manifest, a file, or a symbolic link WHEN named by --out THEN each is refused with its reason", async () => {
    const marked = join(work, "marked");
    mkdirSync(marked);
    writeFileSync(join(marked, OUTPUT_MARKER), JSON.stringify({ generator: "entra-identity-center-federation" }));
    writeFileSync(join(marked, "data.csv"), "1,2");
    const file = join(work, "file");
    writeFileSync(file, "x");
    const link = join(work, "link");
    symlinkSync(marked, link);
    expect(refusalToReplace(marked)).toBe("has the synthesis marker but no cdktf manifest.json");
    expect(refusalToReplace(file)).toBe("exists and is not a folder");
    expect(refusalToReplace(link)).toBe("is a symbolic link; give the folder itself");
    for (const out of [marked, file, link]) expect((await synth(out)).code).toBe(1);
    expect(readFileSync(join(marked, "data.csv"), "utf8")).toBe("1,2");
    expect(readFileSync(file, "utf8")).toBe("x");
  });

  test("GIVEN a marker file that is not ours (other content) WHEN named by --out THEN it is refused", () => {
    const dir = join(work, "other");
    mkdirSync(dir);
    writeFileSync(join(dir, OUTPUT_MARKER), '{"generator":"something-else"}');
    writeFileSync(join(dir, "manifest.json"), '{"version":"0.21.0","stacks":{}}');
    expect(refusalToReplace(dir)).toContain("is not a synthesis output");
  });

  test("GIVEN a missing or an empty folder WHEN synthesized into THEN it becomes an output with the marker", async () => {
    const empty = join(work, "empty");
    mkdirSync(empty);
    expect(refusalToReplace(empty)).toBeUndefined();
    expect(refusalToReplace(join(work, "missing"))).toBeUndefined();
    expect((await synth(empty)).code).toBe(0);
    expect((await synth(join(work, "missing", "deeper"))).code).toBe(0);
    for (const d of [empty, join(work, "missing", "deeper")]) expect(refusalToReplace(d)).toBeUndefined();
    expect(JSON.parse(readFileSync(join(empty, OUTPUT_MARKER), "utf8")).generator).toBe("entra-identity-center-federation");
  });

  test("GIVEN the CLI as a process WHEN --out names a foreign folder THEN it exits 1 without a stack trace", () => {
    const out = join(work, "foreign");
    mkdirSync(out);
    writeFileSync(join(out, "x"), "y");
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "federation.js"), "synth", "--config", DEFAULT_CONFIG, "--out", out], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("is not a synthesis output");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual(["x"]);
  });
});
