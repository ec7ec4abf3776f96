/** The CLI: exit codes, what it prints, and that a failed run writes nothing. */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { synthesizeAtomically } from "../src/synth-output";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, ROOT } from "./helpers";

function capture(env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd };
  return { io, out, err, text: () => ({ out: out.join("\n"), err: err.join("\n") }) };
}

const badConfig = () => {
  const dir = mkdtempSync(join(tmpdir(), "federation-cli-"));
  cpSync(join(ROOT, "config", "policies"), join(dir, "policies"), { recursive: true });
  const file = join(dir, "bad.yaml");
  writeFileSync(file, readFileSync(DEFAULT_CONFIG, "utf8").replace("sessionDuration: PT8H", "sessionDuration: PT13H"));
  return file;
};

/** Every file below a folder with its content: a folder's whole state. */
function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

describe("federation validate", () => {
  test("a valid file exits 0 and says what it holds", async () => {
    const c = capture();
    expect(await runCli(["validate", "--config", DEFAULT_CONFIG], c.io)).toBe(0);
    expect(c.text().out).toContain("valid — 2 groups, 2 permission sets, 4 accounts, 3 assignments");
  });

  test("GIVEN a file with one group, one permission set and one assignment THEN the summary says each in the singular", async () => {
    const c = capture();
    expect(await runCli(["validate", "--config", join(ROOT, "config", "examples", "sso-only.yaml")], c.io)).toBe(0);
    expect(c.text().out).toContain("valid — 1 group, 1 permission set, 2 accounts, 1 assignment");
  });

  test("an invalid file exits 1 with a located error and a count", async () => {
    const c = capture();
    expect(await runCli(["validate", "--config", badConfig()], c.io)).toBe(1);
    expect(c.text().err).toMatch(/bad\.yaml:\d+:\d+: error permissionSets\.ViewOnlyAccess\.sessionDuration: session duration "PT13H"/);
    expect(c.text().err).toContain("1 error; nothing was written");
  });

  test("FEDERATION_CONFIG picks the file when --config is absent", async () => {
    const c = capture({ FEDERATION_CONFIG: CONTOSO_CONFIG });
    expect(await runCli(["validate"], c.io)).toBe(0);
    expect(c.text().out).toContain("contoso.yaml: valid — 3 groups");
  });

  test("an unknown option is a usage error (exit 2)", async () => {
    const c = capture();
    expect(await runCli(["validate", "--conf", "x"], c.io)).toBe(2);
    expect(c.text().err).toContain("usage: federation validate");
  });

  test("an unknown command is a usage error listing the commands", async () => {
    const c = capture();
    expect(await runCli(["deploy"], c.io)).toBe(2);
    expect(c.text().err).toContain('unknown command "deploy"');
    expect(c.text().err).toContain("validate");
  });
});

describe("federation synth", () => {
  test("writes every stack and prints the summary with hand-off values", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "federation-out-")), "cdktf.out");
    const c = capture();
    expect(await runCli(["synth", "--config", DEFAULT_CONFIG, "--out", out], c.io)).toBe(0);
    expect(existsSync(join(out, "stacks", "entra-sso", "cdk.tf.json"))).toBe(true);
    const printed = c.text().out;
    expect(printed).toMatch(/Synthesized \d+ stacks/);
    expect(printed).toContain("entra-sso");
    expect(printed).toContain("IdP issuer URL         https://sts.windows.net/00000000-0000-0000-0000-000000000000/");
  });

  test("an invalid file leaves the previous output exactly as it was", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "federation-out-")), "cdktf.out");
    expect(await runCli(["synth", "--config", DEFAULT_CONFIG, "--out", out], capture().io)).toBe(0);
    const before = snapshotDir(out);
    const c = capture();
    expect(await runCli(["synth", "--config", badConfig(), "--out", out], c.io)).toBe(1);
    expect(snapshotDir(out)).toEqual(before);
    expect(readdirSync(join(out, ".."))).toEqual(["cdktf.out"]);
  });

  test("a synthesis that throws half-way leaves the previous output and no temporary folder", () => {
    const parent = mkdtempSync(join(tmpdir(), "federation-atomic-"));
    const out = join(parent, "cdktf.out");
    synthesizeAtomically(out, (tmp) => {
      writeFileSync(join(tmp, "manifest.json"), '{"version":"0.21.0","stacks":{}}');
      writeFileSync(join(tmp, "marker"), "previous");
    });
    const before = snapshotDir(out);
    expect(() =>
      synthesizeAtomically(out, (tmp) => {
        writeFileSync(join(tmp, "half-written"), "x");
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
    expect(snapshotDir(out)).toEqual(before);
    expect(before["/marker"]).toBe("previous");
  });

  test("a successful synthesis replaces the previous output whole", () => {
    const parent = mkdtempSync(join(tmpdir(), "federation-atomic-"));
    const out = join(parent, "cdktf.out");
    mkdirSync(out);
    synthesizeAtomically(out, (tmp) => writeFileSync(join(tmp, "manifest.json"), '{"version":"0.21.0","stacks":{}}'));
    writeFileSync(join(out, "stale"), "old");
    synthesizeAtomically(out, (tmp) => writeFileSync(join(tmp, "fresh"), "new"));
    expect(Object.keys(snapshotDir(out))).toEqual(["/.federation-synthesis", "/fresh"]);
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
  });
});

describe("as a process", () => {
  const bin = join(ROOT, "bin", "federation.js");
  test("the federation bin exits 1 on an invalid file, with no stack trace", () => {
    const r = spawnSync(process.execPath, [bin, "validate", "--config", badConfig()], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("sessionDuration");
    expect(r.stderr).not.toMatch(/\n\s+at .*\(/);
  });

  test("main.ts (what cdktf runs) exits 1 on an invalid file before writing anything", () => {
    const out = mkdtempSync(join(tmpdir(), "federation-main-"));
    const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "main.ts")], {
      encoding: "utf8",
      cwd: ROOT,
      env: { ...process.env, FEDERATION_CONFIG: badConfig(), CDKTF_OUTDIR: out },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("session duration");
    expect(readdirSync(out)).toEqual([]);
  });

  test("main.ts synthesizes into CDKTF_OUTDIR on a valid file", () => {
    const out = mkdtempSync(join(tmpdir(), "federation-main-"));
    execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "main.ts")], {
      cwd: ROOT,
      env: { ...process.env, FEDERATION_CONFIG: CONTOSO_CONFIG, CDKTF_OUTDIR: out },
    });
    const json = JSON.parse(readFileSync(join(out, "stacks", "entra-sso", "cdk.tf.json"), "utf8"));
    expect(json.provider.azuread[0].tenant_id).toBe("9a8b7c6d-1111-2222-3333-444455556666");
  });
});
