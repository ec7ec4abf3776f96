/**
 * cdktf entry point (`cdktf synth|diff|deploy` run it compiled, as dist/main.js, through bin/cdktf-app.js): load and validate the federation file, then
 * synthesize every stack. Invalid input prints located errors and exits 1 before anything is written; warnings print on
 * stdout (below).
 */
import { buildApp } from "./src/app";
import { configPath } from "./src/config-path";
import { formatDiagnostic } from "./src/model/diagnostics";
import { loadFederationFile } from "./src/model/load";
import { markSynthesisOutput } from "./src/synth-output";
import { printable } from "./src/printable";
import { skipStackTraces } from "./src/stack-traces";

skipStackTraces();
const flag = process.argv.indexOf("--config");
const federationFile = configPath(flag >= 0 ? process.argv[flag + 1] : undefined);
const result = loadFederationFile(federationFile);
// Errors on stderr, warnings on stdout: the cdktf CLI prints every chunk of the app's stderr as `[ERROR]` (cdktf-cli
// 0.21.0, @cdktf/commons util.js `exec`: processLoggerError) and its stdout as it is, so a warning printed on stderr
// would read as an error in `cdktf synth|diff|deploy`. Errors still stop the synthesis (exit 1) before anything is written.
for (const d of result.diagnostics) (d.severity === "error" ? process.stderr : process.stdout).write(`${printable(formatDiagnostic(federationFile, d))}\n`);
if (!result.model) process.exit(1);
const { app } = buildApp(result.model);
app.synth();
// cdktf synthesizes into its folder in place; the marker lets `federation synth` (npm start) replace it later.
markSynthesisOutput(app.outdir);
