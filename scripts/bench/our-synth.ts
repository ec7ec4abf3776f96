/**
 * Our synthesis as the benchmark measures it: load + validate + every stack, exactly what `npm start` does minus the
 * summary (with the same runtime setting as the CLI: source maps off). Run as a child process: prints {"ms","cpuMs","maxRssMb"} as JSON.
 * Usage: tsx scripts/bench/our-synth.ts <federation.yaml> <outdir>
 */
import { buildApp } from "../../src/app";
import { loadFederationFile } from "../../src/model/load";

// As the CLI's main() does (src/cli.ts): no source-mapped stack traces for cdktf's token bookkeeping.
process.setSourceMapsEnabled(false);
const [file, outdir] = process.argv.slice(2);
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const result = loadFederationFile(file);
if (!result.model) throw new Error(`invalid benchmark file: ${JSON.stringify(result.diagnostics.slice(0, 3))}`);
buildApp(result.model, { outdir }).app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuStart);
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
