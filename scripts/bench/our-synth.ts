/**
 * Our synthesis as the benchmark measures it: load + validate + every stack, exactly what `npm start` does minus the
 * summary. Run as a child process: prints {"ms","maxRssMb"} as JSON.
 * Usage: tsx scripts/bench/our-synth.ts <federation.yaml> <outdir>
 */
import { buildApp } from "../../src/app";
import { loadFederationFile } from "../../src/model/load";

const [file, outdir] = process.argv.slice(2);
const started = process.hrtime.bigint();
const result = loadFederationFile(file);
if (!result.model) throw new Error(`invalid benchmark file: ${JSON.stringify(result.diagnostics.slice(0, 3))}`);
buildApp(result.model, { outdir }).app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
