/**
 * cdktf entry point (`cdktf synth|diff|deploy` run it compiled, as dist/main.js, through bin/cdktf-app.js): load and validate the federation file, then
 * synthesize every stack. Invalid input prints located errors and exits 1 before anything is written.
 */
import { buildApp } from "./src/app";
import { configPath } from "./src/config-path";
import { formatDiagnostic } from "./src/model/diagnostics";
import { loadFederationFile } from "./src/model/load";
import { markSynthesisOutput } from "./src/synth-output";
import { skipStackTraces } from "./src/stack-traces";

skipStackTraces();
const flag = process.argv.indexOf("--config");
const file = configPath(flag >= 0 ? process.argv[flag + 1] : undefined);
const result = loadFederationFile(file);
for (const d of result.diagnostics) console.error(formatDiagnostic(file, d));
if (!result.model) process.exit(1);
const { app } = buildApp(result.model);
app.synth();
// cdktf synthesizes into its folder in place; the marker lets `federation synth` (npm start) replace it later.
markSynthesisOutput(app.outdir);
