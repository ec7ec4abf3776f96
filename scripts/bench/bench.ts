/**
 * `npm run bench [-- --accounts N --groups N --permission-sets N --grants N --ou-assignments N --shards N|auto
 *  --runs N --skip-naive --skip-start --fair --json FILE]`
 *
 * Generates the enterprise file (scripts/bench/enterprise.ts) and, in the same run:
 * 1. times our synthesis (load + validate + every stack, scripts/bench/our-synth.ts) and the straightforward
 *    one-construct-per-assignment program (scripts/bench/naive-synth.ts) over that file: median of --runs fresh child
 *    processes each, wall time, CPU time and peak memory (the child's maxRSS), and the ratios;
 * 2. prints the resources per synthesized stack;
 * 3. checks that every grant is there: the keys of the static-grant JSON of all assignment stacks equal the model's
 *    expansion (`expand(model).grants`) — a mismatch exits 1;
 * 4. makes one-grant changes (one account added to one assignment; also on a principal/permission set with an OU
 *    target) and prints which stacks' JSON changed — more than a quarter of the assignment stacks, or for the pair
 *    with an OU target anything but its home stack, exits 1;
 * 5. times `npm start` on the default config next to a bare `node -e 'require("cdktf")'` and `bin/federation.js`.
 * Prints the machine (CPUs, memory, node) so numbers can be compared.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { loadFederationFile } from "../../src/model/load";
import { expansionOf } from "../../src/model/shard-count";
import { decodeStaticGrantKeys } from "../../src/identity-center/shard-grants";
import { SHARD_STACK_PREFIX } from "../../src/identity-center/shards";
import { countBlocks, readStacks, type StackJson } from "../../src/synth-output";
import { DEFAULT_PARAMS, type EnterpriseParams, enterpriseFederation } from "./enterprise";

const ROOT = resolve(__dirname, "..", "..");
const GOAL_RATIO = 10;
const GOAL_RSS_MB = 250;

interface Probe {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly resources?: number;
}

const { values: flags } = parseArgs({
  options: {
    accounts: { type: "string" },
    groups: { type: "string" },
    "permission-sets": { type: "string" },
    grants: { type: "string" },
    "ou-assignments": { type: "string" },
    "assignments-per-group": { type: "string" },
    shards: { type: "string" },
    runs: { type: "string", default: "3" },
    "skip-naive": { type: "boolean", default: false },
    "skip-start": { type: "boolean", default: false },
    fair: { type: "boolean", default: false },
    json: { type: "string" },
  },
  strict: true,
});

const int = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${JSON.stringify(value)}`);
  return n;
};
const params: EnterpriseParams = {
  accounts: int("accounts", flags.accounts, DEFAULT_PARAMS.accounts),
  groups: int("groups", flags.groups, DEFAULT_PARAMS.groups),
  permissionSets: int("permission-sets", flags["permission-sets"], DEFAULT_PARAMS.permissionSets),
  targetGrants: int("grants", flags.grants, DEFAULT_PARAMS.targetGrants),
  assignmentsPerGroup: int("assignments-per-group", flags["assignments-per-group"], DEFAULT_PARAMS.assignmentsPerGroup),
  ouAssignments: int("ou-assignments", flags["ou-assignments"], DEFAULT_PARAMS.ouAssignments),
  shards: flags.shards === undefined ? undefined : flags.shards === "auto" ? "auto" : int("shards", flags.shards, 1),
};
const runs = Math.max(1, int("runs", flags.runs, 3));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (line = "") => process.stdout.write(`${line}\n`);

/** Runs a TypeScript probe in a fresh node process (tsx, like npm start) and parses its JSON line. */
function probe(script: string, file: string, outdir: string, env: NodeJS.ProcessEnv = process.env): Probe {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, script), file, outdir], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}):\n${r.stderr}`);
  const line = r.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as Probe;
}

/** Median of `runs` fresh-process runs; the last run's output stays in `outdir`. */
function measure(script: string, file: string, outdir: string, env?: NodeJS.ProcessEnv): { median: Probe; all: Probe[] } {
  const all: Probe[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(outdir, { recursive: true, force: true });
    all.push(probe(script, file, outdir, env));
  }
  return {
    median: { ms: median(all.map((p) => p.ms)), cpuMs: median(all.map((p) => p.cpuMs)), maxRssMb: median(all.map((p) => p.maxRssMb)), resources: all[0].resources },
    all,
  };
}

/** Wall time of a command, median of `runs`. */
function timeCommand(cmd: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

/** The grant keys of the static-grant JSON locals of every assignment stack. */
function synthesizedGrantKeys(stacks: readonly StackJson[]): string[] {
  const keys: string[] = [];
  for (const s of stacks.filter((x) => x.name.startsWith(SHARD_STACK_PREFIX))) {
    for (const [name, value] of Object.entries<unknown>(s.json.locals ?? {})) {
      if (!name.includes("_static-json_")) continue;
      // Terraform reads the string as a template: `$${` / `%%{` stand for `${` / `%{`.
      keys.push(...decodeStaticGrantKeys(String(value).replace(/([$%])\1\{/g, "$1{")));
    }
  }
  return keys;
}

function changedStacks(a: readonly StackJson[], b: readonly StackJson[]): string[] {
  const byName = (xs: readonly StackJson[]) => new Map(xs.map((s) => [s.name, JSON.stringify(s.json)]));
  const x = byName(a);
  const y = byName(b);
  return [...new Set([...x.keys(), ...y.keys()])].filter((n) => x.get(n) !== y.get(n)).sort();
}

function main(): number {
  const work = mkdtempSync(join(tmpdir(), "federation-bench-"));
  let failed = false;
  try {
    log(`Machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? "unknown"}), ${fmt(totalmem() / 2 ** 30, 1)} GiB memory, node ${process.version}`);
    const federation = enterpriseFederation(params);
    const file = join(work, "enterprise.yaml");
    writeFileSync(file, stringify(federation, { lineWidth: 0 }));
    const loaded = loadFederationFile(file);
    if (!loaded.model) throw new Error(`the generated file is invalid: ${JSON.stringify(loaded.diagnostics.slice(0, 3))}`);
    const expansion = expansionOf(loaded.model);
    log(
      `File: ${params.accounts} accounts, ${params.groups} groups, ${params.permissionSets} permission sets, ${(federation.assignments as unknown[]).length} assignments ` +
        `-> ${fmt(expansion.grants.length)} static grants + ${expansion.ouTargets.length} OU targets (${fmt(readFileSync(file).length / 1024)} KiB YAML)`,
    );
    log(`Runs: median of ${runs} fresh processes each`);
    log();

    // 1. Time and memory.
    const oursOut = join(work, "ours");
    const ours = measure("our-synth.ts", file, oursOut);
    log(`ours   ${fmt(ours.median.ms).padStart(7)} ms wall  ${fmt(ours.median.cpuMs).padStart(7)} ms CPU  ${fmt(ours.median.maxRssMb).padStart(4)} MB peak RSS   (runs: ${ours.all.map((p) => fmt(p.ms)).join(", ")} ms)`);
    let naive: { median: Probe; all: Probe[] } | undefined;
    if (!flags["skip-naive"]) {
      // --fair: the naive program with our CLI's runtime setting too (source maps off), so the ratio is the design's alone.
      naive = measure("naive-synth.ts", file, join(work, "naive"), flags.fair ? { ...process.env, BENCH_SOURCE_MAPS: "off" } : undefined);
      log(
        `naive${flags.fair ? "*" : " "} ${fmt(naive.median.ms).padStart(7)} ms wall  ${fmt(naive.median.cpuMs).padStart(7)} ms CPU  ${fmt(naive.median.maxRssMb).padStart(4)} MB peak RSS   ` +
          `(runs: ${naive.all.map((p) => fmt(p.ms)).join(", ")} ms; ${fmt(naive.median.resources ?? 0)} resources in one stack)`,
      );
      if (flags.fair) log("       * with source maps off, as our CLI runs");
      const ratio = naive.median.ms / ours.median.ms;
      log(
        `ratio  ${fmt(ratio, 1)}x faster (wall), ${fmt(naive.median.cpuMs / ours.median.cpuMs, 1)}x less CPU, ${fmt(naive.median.maxRssMb / ours.median.maxRssMb, 1)}x less memory` +
          `   goal >= ${GOAL_RATIO}x: ${ratio >= GOAL_RATIO ? "met" : "NOT met"}`,
      );
    }
    log(`peak memory goal <= ${GOAL_RSS_MB} MB: ${ours.median.maxRssMb <= GOAL_RSS_MB ? "met" : "NOT met"}`);
    log();

    // 2. Resources per stack.
    // Assignment stacks in their numeric order.
    const order = (name: string) => (name.startsWith(SHARD_STACK_PREFIX) ? Number(name.slice(SHARD_STACK_PREFIX.length)) : -1);
    const stacks = readStacks(oursOut).sort((a, b) => order(a.name) - order(b.name) || (a.name < b.name ? -1 : 1));
    const grantsIn = (s: StackJson) => (s.name.startsWith(SHARD_STACK_PREFIX) ? synthesizedGrantKeys([s]).length : 0);
    log("stack                               resources  data  outputs  static grants  JSON KiB");
    for (const s of stacks) {
      log(
        `${s.name.padEnd(34)} ${String(countBlocks(s.json, "resource")).padStart(10)} ${String(countBlocks(s.json, "data")).padStart(5)} ` +
          `${String(countBlocks(s.json, "output")).padStart(8)} ${fmt(grantsIn(s)).padStart(14)} ${fmt(JSON.stringify(s.json).length / 1024).padStart(9)}`,
      );
    }
    const shardCount = stacks.filter((s) => s.name.startsWith(SHARD_STACK_PREFIX)).length;
    log();

    // 3. Every grant present.
    const synthesized = synthesizedGrantKeys(stacks).sort();
    const expected = expansion.grants.map((g) => g.key);
    const synthesizedSet = new Set(synthesized);
    const expectedSet = new Set(expected);
    const missing = expected.filter((k) => !synthesizedSet.has(k));
    const extra = synthesized.filter((k) => !expectedSet.has(k));
    const duplicates = synthesized.length - synthesizedSet.size;
    const allPresent = missing.length === 0 && extra.length === 0 && duplicates === 0;
    log(
      `grants: ${fmt(synthesized.length)} synthesized in ${shardCount} assignment stacks, ${fmt(expected.length)} in the model's expansion: ` +
        (allPresent ? "identical" : `MISMATCH (${missing.length} missing, e.g. ${missing[0]}; ${extra.length} extra; ${duplicates} duplicated)`),
    );
    if (!allPresent) failed = true;

    // 4. One-grant changes.
    const limit = Math.max(1, Math.floor(shardCount / 4));
    const assignments = federation.assignments as { group: string; permissionSet: string; accounts?: string[]; organizationalUnits?: string[] }[];
    const ouPairs = new Set(assignments.filter((a) => a.organizationalUnits).map((a) => `${a.group}/${a.permissionSet}`));
    const accountNames = Object.keys(federation.accounts as object);
    // [label, change, gated]: the plain change is the goal (<= a quarter of the stacks); a static grant of a principal
    // and permission set that also has an OU target lives in the pair's home stack: exactly that one stack changes.
    const variants: [string, (a: typeof assignments) => void, boolean][] = [
      [
        "one account added to one assignment",
        (a) => {
          const target = a.find((x) => x.accounts && !ouPairs.has(`${x.group}/${x.permissionSet}`)) as (typeof a)[number];
          target.accounts?.push(accountNames.find((n) => !target.accounts?.includes(n)) as string);
        },
        true,
      ],
      [
        "one account added to an assignment whose principal/permission set also has an OU target",
        (a) => {
          const target = a.find((x) => x.organizationalUnits) as (typeof a)[number];
          // Not the account this OU assignment excludes (the generator excludes one per OU assignment).
          target.accounts = [accountNames.find((n) => !(target as { excludeAccounts?: string[] }).excludeAccounts?.includes(n)) as string];
        },
        false,
      ],
    ];
    for (const [label, change, gated] of variants) {
      const copy = JSON.parse(JSON.stringify(federation)) as typeof federation;
      change(copy.assignments as typeof assignments);
      const changedFile = join(work, "changed.yaml");
      writeFileSync(changedFile, stringify(copy, { lineWidth: 0 }));
      const changedOut = join(work, "changed");
      rmSync(changedOut, { recursive: true, force: true });
      probe("our-synth.ts", changedFile, changedOut);
      const changed = changedStacks(stacks, readStacks(changedOut));
      const shardsChanged = changed.filter((n) => n.startsWith(SHARD_STACK_PREFIX)).length;
      const onlyShards = shardsChanged >= 1 && changed.every((n) => n.startsWith(SHARD_STACK_PREFIX));
      const ok = onlyShards && (gated ? shardsChanged <= limit : shardsChanged === 1);
      log(
        `one-grant change (${label}): ${changed.join(", ") || "nothing"} changed — ${shardsChanged} of ${shardCount} assignment stacks ` +
          `(${gated ? `goal <= ${limit}` : "expected 1: the pair's OU home stack"}): ${ok ? "ok" : "NOT ok"}`,
      );
      if (!ok) failed = true;
    }
    log();

    // 5. npm start on the default config.
    if (!flags["skip-start"]) {
      const out = join(work, "start");
      const bare = timeCommand(process.execPath, ["-e", 'require("cdktf")']);
      const start = timeCommand("npm", ["start", "--silent", "--", "--out", out]);
      const bin = timeCommand(process.execPath, [join(ROOT, "bin", "federation.js"), "synth", "--out", out]);
      log(`npm start (default config): ${fmt(start)} ms;  node bin/federation.js synth: ${fmt(bin)} ms;  bare node -e 'require("cdktf")': ${fmt(bare)} ms`);
    }

    if (flags.json) {
      writeFileSync(
        flags.json,
        `${JSON.stringify({ machine: { cpus: cpus().length, memoryGiB: totalmem() / 2 ** 30, node: process.version }, params, ours: ours.median, naive: naive?.median, shardCount, grants: synthesized.length, allPresent }, null, 2)}\n`,
      );
    }
  } finally {
    // Every probe wrote below `work`.
    rmSync(work, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

process.exitCode = main();
