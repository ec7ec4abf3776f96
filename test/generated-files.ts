/**
 * Generated federation files too big to commit: hostile ones (test/invalid-corpus.test.ts) and enterprise-sized ones
 * (test/review-scale.test.ts). `npm run bench` times the same files as whole processes (scripts/bench/inputs.ts),
 * so the tests assert what happens and count work, and the bench holds the time limits.
 *
 * `validateInChild` runs `federation validate` on many files in one child process under a generous timeout: a file
 * that makes validation hang (a regular expression backtracking exponentially, a loop that never ends) is reported
 * by name instead of blocking a jest worker, which no test timeout can interrupt while synchronous code runs.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, ROOT } from "./helpers";

export const CORPUS = join(ROOT, "test", "fixtures", "invalid");

/** Every file of the bad-input corpus, sorted. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS)
    .filter((n) => n.endsWith(".yaml"))
    .sort()
    .map((n) => join(CORPUS, n));
}

/** The valid file every corpus file breaks in one way (its two deliberate defects mended). */
export function corpusBase(): string {
  return readFileSync(join(CORPUS, "structure-and-rules-together.yaml"), "utf8")
    .replace("    sesionDuration: PT8H\n", "    sessionDuration: PT8H\n")
    .replace("    sessionDuration: PT13H\n", "    sessionDuration: PT1H\n");
}

/** A valid-looking file padded with comments to just over 5 MB (the limit is 4 MiB). */
export function fiveMegabytes(): string {
  const filler = `# ${"x".repeat(98)}\n`;
  return readFileSync(join(CORPUS, "session-duration-13h.yaml"), "utf8") + filler.repeat(Math.ceil((5 * 1024 * 1024) / filler.length));
}

/** The corpus base with one description of 1.5 million characters on a single line. */
export function hugeLine(base = corpusBase()): string {
  return base.replace("    description: View-only access\n", `    description: ${"v".repeat(1_500_000)}\n`);
}

/** The corpus base with `count` broken entries (a number where a group belongs) in the `groups` mapping. */
export function brokenGroups(count: number, base = corpusBase()): string {
  return base.replace("groups:\n", `groups:\n${Array.from({ length: count }, (_, i) => `  g${i}: ${i}\n`).join("")}`);
}

/** The Contoso fixture (valid) below a header comment of `lines` lines. */
export function longHeader(lines: number): string {
  return `${"# header comment\n".repeat(lines)}${readFileSync(CONTOSO_CONFIG, "utf8")}`;
}

// The default file's header (entra, identityCenter) without the management account, which this generated inventory does not name.
const HEADER = () => readFileSync(DEFAULT_CONFIG, "utf8").split("\ngroups:")[0].replace(/\n  managementAccount: .*/, "");

/**
 * `groups` groups × `accounts` accounts, each group granted one of 20 permission sets (Set0 is privileged) in every
 * account: groups × accounts grants. `variant` gives team-5 the privileged Set0 and team-7 a new member.
 */
export function scaleFederation(options: { groups: number; accounts: number; variant: boolean }): string {
  const { groups, accounts, variant } = options;
  const lines = [HEADER(), "groups:"];
  for (let g = 0; g < groups; g++) lines.push(`  team-${g}:`, `    members: [u${g}a@example.com${variant && g === 7 ? `, new${g}@example.com` : ""}]`);
  lines.push("permissionSets:");
  for (let p = 0; p < 20; p++) {
    lines.push(`  Set${p}:`, "    sessionDuration: PT2H", `    managedPolicies: [arn:aws:iam::aws:policy/${p === 0 ? "AdministratorAccess" : `ExamplePolicy${p}`}]`);
  }
  lines.push("accounts:");
  for (let a = 0; a < accounts; a++) lines.push(`  acct-${a}: { id: "${100000000000 + a}" }`);
  lines.push("assignments:");
  const all = Array.from({ length: accounts }, (_, a) => `acct-${a}`).join(", ");
  for (let g = 0; g < groups; g++) lines.push(`  - { group: team-${g}, permissionSet: Set${variant && g === 5 ? 0 : g % 20}, accounts: [${all}] }`);
  return `${lines.join("\n")}\n`;
}

export interface ChildValidation {
  /** Exit code of `federation validate --config <file>`, for every file validation finished. */
  readonly codes: ReadonlyMap<string, number>;
  /** The file validation was busy with when the child was stopped by the timeout (or failed otherwise). */
  readonly stuckAt?: string;
  readonly stderr: string;
}

/**
 * `federation validate --config F` for each file in turn, in one child process running the sources (as every CLI
 * process of the suite does), stopped after `timeoutMs` (generous: validation of any of these files takes well under
 * a second; only a hang comes near it).
 */
export function validateInChild(files: readonly string[], timeoutMs = 120_000): ChildValidation {
  const script = [
    `const { runCli } = require(${JSON.stringify(join(ROOT, "src", "cli.ts"))});`,
    "(async () => {",
    "  for (const file of process.argv.slice(1)) {",
    "    const io = { out: () => {}, err: () => {}, env: {}, cwd: process.cwd() };",
    "    const code = await runCli(['validate', '--config', file], io);",
    "    process.stdout.write(JSON.stringify({ file, code }) + '\\n');",
    "  }",
    "})();",
  ].join("\n");
  const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script, ...files], { cwd: ROOT, encoding: "utf8", timeout: timeoutMs, maxBuffer: 1 << 24 });
  const codes = new Map<string, number>();
  for (const line of r.stdout.split("\n").filter(Boolean)) {
    const { file, code } = JSON.parse(line) as { file: string; code: number };
    codes.set(file, code);
  }
  const stuckAt = codes.size < files.length ? files[codes.size] : undefined;
  return { codes, stuckAt, stderr: `${r.error ? `${r.error.message}\n` : ""}${r.stderr}` };
}
