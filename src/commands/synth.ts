/**
 * `federation synth [--config F] [--out DIR]` (`npm start`): validate, synthesize every stack atomically into DIR
 * (default cdktf.out), print what was synthesized and the hand-off values known before deploy. DIR is replaced only
 * when it is ours (missing, empty or an earlier synthesis output: src/synth-output.ts); each stack's `.terraform/` and
 * `.terraform.lock.hcl` are kept.
 */
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { stopwatch } from "../clock";
import { isInside } from "../safe-fs";
import { summarize } from "../summary";
import { OutputFolderRefused, readStacks, synthesizeAtomically } from "../synth-output";
import { CONFIG_OPTION, loadOrReport, parse, relativeTo } from "./common";
import type { Command, OptionSpecs } from "./io";
import { countStackSynthesis, progressOf } from "./progress";

const SYNTH_OPTIONS = {
  config: CONFIG_OPTION,
  out: { type: "string", value: "DIR", description: "the output folder", defaultText: "cdktf.out", completes: "directory" },
} as const satisfies OptionSpecs;

export const synthCommand: Command = {
  name: "synth",
  summary: "validate, synthesize every stack into cdktf.out and print a summary",
  usage: "federation synth [--config FILE] [--out DIR]",
  options: SYNTH_OPTIONS,
  description:
    "What `npm start` runs. The output folder is replaced atomically and only when it is ours (missing, empty or an earlier synthesis output); each stack's .terraform/ and .terraform.lock.hcl are kept. Needs no cloud credentials.",
  examples: [
    { command: "federation synth", does: "validates config/federation.yaml and synthesizes every stack into cdktf.out" },
    { command: "federation synth --config config/examples/sso-only.yaml --out cdktf.out", does: "synthesizes another file" },
  ],
  exitCodes: [
    [0, "synthesized"],
    [1, "invalid file, or an output folder that is not ours (nothing written)"],
    [2, "usage error"],
  ],
  run: (args, io) => {
    const { values } = parse(args, SYNTH_OPTIONS);
    const timer = stopwatch();
    const model = loadOrReport(values.config, io);
    if (!model) return 1;
    const outdir = resolve(io.cwd, values.out ?? "cdktf.out");
    // Replacing the folder we run in, or one that holds the federation file, would remove the project itself.
    for (const [path, what] of [[io.cwd, "the current folder"], [resolve(io.cwd, model.file), "the federation file"]]) {
      if (isInside(outdir, realpathSync(path))) {
        io.err(`--out ${values.out ?? "cdktf.out"} would replace ${what} (a synthesis replaces its output folder whole): nothing was written; give a folder of its own, such as cdktf.out`);
        return 1;
      }
    }
    const progress = progressOf(io);
    try {
      // Loaded here, not at the top: cdktf and the providers take ~0.5 s to load, which every other command (and the
      // CLI's help) would pay for nothing.
      const { buildApp } = require("../app") as typeof import("../app");
      const { TerraformStack } = require("cdktf") as typeof import("cdktf");
      synthesizeAtomically(outdir, (tmp) => {
        const { app } = buildApp(model, { outdir: tmp });
        countStackSynthesis(app, progress, TerraformStack.isStack);
        app.synth();
      });
    } catch (e) {
      if (e instanceof OutputFolderRefused) {
        io.err(`--out: ${e.message}`);
        return 1;
      }
      io.err(`synthesis failed: ${(e as Error).message}`);
      io.err(`${relativeTo(io.cwd, outdir)} was left as it was`);
      return 1;
    } finally {
      progress.done();
    }
    const ms = timer.elapsedMs();
    const stacks = readStacks(outdir);
    io.out(`Synthesized ${stacks.length} stacks from ${model.file} into ${relativeTo(io.cwd, outdir)} in ${(ms / 1000).toFixed(2)} s\n`);
    io.out(summarize(model, stacks));
    return 0;
  },
};
