/**
 * `npx tsx scripts/bench/adopt.ts [--grants 5000,10000,20000] [--runs 3] [--json FILE]`: how `federation adopt --from`
 * scales. For each size it writes an export folder of the enterprise scenario (test/adopt-scenario.ts: 150 groups,
 * 40 permission sets, accounts in proportion, pages of 100 items, as the README's export script saves them), then times
 * the whole command in fresh processes (`node bin/federation.js adopt …`: reading every file, building and validating
 * the file, two syntheses, the import blocks): median wall time, CPU time and peak memory of `--runs` runs.
 *
 * Linear means: the CPU time each added assignment costs stays the same from size to size (with doubling sizes,
 * quadratic work would double it). The check compares that cost between the last three sizes and exits 1 when it grew
 * by more than 50 %; it also exits 1 when an exported assignment got no import block.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readSnapshot } from "../../src/adopt/read";
import { enterpriseScenario, ids, scenarioGrantKeys, scenarioSource, writeExport } from "../../test/adopt-scenario";

const ROOT = resolve(__dirname, "..", "..");

const { values: flags } = parseArgs({
  options: { grants: { type: "string", default: "5000,10000,20000" }, runs: { type: "string", default: "3" }, json: { type: "string" } },
  strict: true,
});
const sizes = String(flags.grants).split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
const runs = Math.max(1, Number(flags.runs));

interface Run {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One `federation adopt` in a fresh process: wall time measured here, CPU and peak memory reported by the process itself. */
function timeAdopt(exportDir: string, appId: string): Run {
  const out = mkdtempSync(join(tmpdir(), "bench-adopt-out-"));
  const argv = ["adopt", "--from", exportDir, "--app-id", appId, "--out", join(out, "federation.yaml")];
  const probe = `
    require(${JSON.stringify(require.resolve("tsx/cjs"))});
    const { runCli } = require(${JSON.stringify(join(ROOT, "src", "cli.ts"))});
    const io = { out() {}, err: (t) => process.stderr.write(t + "\\n"), env: process.env, cwd: process.cwd() };
    runCli(${JSON.stringify(argv)}, io).then((code) => {
      const u = process.resourceUsage();
      process.stdout.write(JSON.stringify({ code, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 }));
    });`;
  try {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, FEDERATION_NOW: "2026-11-22T00:00:00Z" } });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const res = JSON.parse(r.stdout || "{}") as { code?: number; cpuMs: number; maxRssMb: number };
    if (res.code !== 0) throw new Error(`adopt failed (exit ${res.code}): ${r.stderr.slice(0, 2000)}`);
    const imports = JSON.parse(readFileSync(join(out, "federation.imports.json"), "utf8")) as { stacks: Record<string, { to: string }[]> };
    lastImports = Object.values(imports.stacks).flat().filter((b) => b.to.startsWith("aws_ssoadmin_account_assignment.")).length;
    return { ms, cpuMs: res.cpuMs, maxRssMb: res.maxRssMb };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

let lastImports = 0;

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; ${runs} run(s) per size`);
  const rows: { grants: number; accounts: number; files: number; ms: number; cpuMs: number; maxRssMb: number }[] = [];
  for (const grants of sizes) {
    const accounts = Math.max(100, Math.round(grants / 10));
    const s = enterpriseScenario({ accounts, groups: 150, sets: 40, grants });
    const recorder = scenarioSource(s, 100);
    await readSnapshot(recorder, { appId: ids.appId(s) });
    const dir = mkdtempSync(join(tmpdir(), "bench-adopt-export-"));
    try {
      writeExport(dir, recorder.answered);
      const samples = Array.from({ length: runs }, () => timeAdopt(dir, ids.appId(s)));
      const expected = scenarioGrantKeys(s).length;
      if (lastImports !== expected) {
        console.error(`size ${grants}: ${lastImports} assignment import blocks for ${expected} exported assignments`);
        process.exit(1);
      }
      rows.push({ grants: expected, accounts, files: recorder.answered.size, ms: median(samples.map((x) => x.ms)), cpuMs: median(samples.map((x) => x.cpuMs)), maxRssMb: median(samples.map((x) => x.maxRssMb)) });
      const r = rows[rows.length - 1];
      console.log(`${String(r.grants).padStart(6)} assignments, ${String(accounts).padStart(5)} accounts, ${String(r.files).padStart(6)} export files: ${(r.ms / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${r.maxRssMb.toFixed(0)} MB peak`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (flags.json) writeFileSync(flags.json, `${JSON.stringify(rows, null, 2)}\n`);
  if (rows.length >= 3) {
    // Linear: the CPU time added per assignment stays the same from size to size (quadratic work would double it
    // when the sizes double). CPU time, not wall time: other work on a shared machine moves wall time by seconds.
    const slope = (x: (typeof rows)[number], y: (typeof rows)[number]) => (y.cpuMs - x.cpuMs) / (y.grants - x.grants);
    const n = rows.length;
    const before = slope(rows[n - 3], rows[n - 2]);
    const after = slope(rows[n - 2], rows[n - 1]);
    const growth = after / before;
    console.log(
      `CPU per 1,000 more assignments: ${before.toFixed(3)} s from ${rows[n - 3].grants} to ${rows[n - 2].grants}, ${after.toFixed(3)} s from ${rows[n - 2].grants} to ${rows[n - 1].grants} (×${growth.toFixed(2)}; linear ≈ 1, quadratic ≈ 2)`,
    );
    if (!(growth <= 1.5)) {
      console.error("adopt is not linear: the CPU time per added assignment grew by more than 50 %");
      process.exit(1);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
