/**
 * What users see of our output under the real cdktf CLI (cdktf-cli 0.21.0): it prints every chunk of the app's
 * stderr as `[ERROR]` (@cdktf/commons `exec` → processLoggerError) and the app's stdout as it is. So the cdktf app
 * (main.ts) prints warnings, and the launcher its stale-build notice, on stdout; errors stay on stderr, where cdktf
 * shows them as errors and stops. Run offline: Terraform's CLI configuration installs providers only from an empty
 * mirror (synth needs none).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./helpers";
import { terraformEnv } from "./terraform";

const WARNS = "config/examples/google.yaml";
const ANSI = /\u001b\[[0-9;]*m/g;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "federation-cdktf-synth-"));
  mkdirSync(join(work, "mirror"));
  writeFileSync(join(work, "terraform.rc"), `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(join(work, "mirror"))}\n  }\n}\n`);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cdktfSynth(config: string, out: string, extra: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { ...terraformEnv(), TF_CLI_CONFIG_FILE: join(work, "terraform.rc"), CI: "1", FEDERATION_CONFIG: config, ...extra };
  delete env.CDKTF_OUTDIR;
  const r = spawnSync("npx", ["cdktf", "synth", "--output", out], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.replace(ANSI, "") };
}

test("GIVEN a file with warnings WHEN the real `cdktf synth` runs it THEN each warning is shown as it is, never as [ERROR], and the stacks are written", () => {
  const out = join(work, "warns");
  const r = cdktfSynth(WARNS, out);
  expect(r.status).toBe(0);
  const warnings = r.output.split("\n").filter((l) => l.includes("[federation/idp-groups-not-provisioned]"));
  expect(warnings).toHaveLength(2);
  for (const w of warnings) expect(w).toMatch(/^config\/examples\/google\.yaml:\d+:\d+: warning /);
  expect(r.output).not.toContain("[ERROR]");
  expect(existsSync(join(out, "stacks", "identity-center", "cdk.tf.json"))).toBe(true);
}, 120_000);

test("GIVEN the compiled build is stale WHEN cdktf runs the app THEN the launcher's notice is not an [ERROR] either", () => {
  // The suite runs the sources silently (FEDERATION_FROM_SOURCES); without it, a missing or stale dist/ prints the notice.
  const stale = !existsSync(join(ROOT, "dist", "build-info.json")) || require("../bin/launch.js").staleReason() !== undefined;
  const r = cdktfSynth("config/federation.yaml", join(work, "notice"), { FEDERATION_FROM_SOURCES: stale ? "" : "1" });
  expect(r.status).toBe(0);
  if (stale) expect(r.output).toMatch(/^federation: .*running the TypeScript sources/m);
  expect(r.output).not.toContain("[ERROR]");
}, 120_000);

test("GIVEN a file with an error WHEN cdktf synth runs it THEN cdktf shows the error as an error and stops: exit 1, no stack written", () => {
  const file = join(work, "bad.yaml");
  writeFileSync(file, readFileSync(join(ROOT, WARNS), "utf8").replace("sessionDuration: PT8H", "sessionDuration: PT13H"));
  const out = join(work, "bad");
  const r = cdktfSynth(file, out);
  expect(r.status).toBe(1);
  expect(r.output).toMatch(/\[ERROR\] default - \S*bad\.yaml:\d+:\d+: error permissionSets\.ViewOnlyAccess\.sessionDuration/);
  expect(r.output).toContain("cdktf encountered an error while synthesizing");
  expect(r.output.split("\n").filter((l) => /\[ERROR\].*warning /.test(l))).toEqual([]);
  expect(existsSync(join(out, "stacks"))).toBe(false);
}, 120_000);
