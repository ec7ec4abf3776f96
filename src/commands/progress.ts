/**
 * Progress of a command's long work (a large synthesis, a diff that reads files from git), drawn in place on stderr
 * when it is a terminal (`CliIo.terminal`) and cleared when done; nothing at all in files, pipes, CI logs or tests
 * that do not ask for it. The bar is src/adopt/progress.ts's, which adopt and drift draw too.
 */
import type { App } from "cdktf";
import { terminalProgress } from "../adopt/progress";
import { noProgress, type ProgressSink } from "../adopt/source";
import type { CliIo } from "./io";

export function progressOf(io: CliIo): ProgressSink {
  const terminal = io.terminal;
  return terminal ? terminalProgress({ isTTY: true, write: (t) => terminal.write(t) }) : noProgress;
}

/** Counts the stacks of `app` as `synth()` writes each (cdktf's synthesizer of each stack, wrapped). */
export function countStackSynthesis(app: App, progress: ProgressSink, isStack: (x: unknown) => boolean): void {
  if (progress === noProgress) return;
  const stacks = app.node.findAll().filter(isStack) as unknown as { synthesizer: { synthesize(session: unknown): void } }[];
  let done = 0;
  for (const stack of stacks) {
    const synthesizer = stack.synthesizer;
    stack.synthesizer = {
      synthesize: (session) => {
        synthesizer.synthesize(session);
        progress.update("synthesizing stacks", ++done, stacks.length);
      },
    };
  }
}
