/**
 * A progress bar for long live reads, on a terminal only (stderr is a TTY): one line redrawn in place at most ten
 * times a second, cleared when done. Never in files or pipes, so JSON output and CI logs stay clean.
 */
import { stopwatch } from "../clock";
import { noProgress, type ProgressSink } from "./source";

const WIDTH = 30;

/** Where a progress line is drawn: a stream, or any writer that says whether it is a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export function terminalProgress(stream: ProgressStream = process.stderr): ProgressSink {
  if (!stream.isTTY) return noProgress;
  const clock = stopwatch();
  let last = -Infinity;
  let drawn = false;
  return {
    update(phase, done, total) {
      const t = clock.elapsedMs();
      if (t - last < 100 && done < total) return;
      last = t;
      stream.write(`\r${progressLine(phase, done, total)}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\u001b[K");
    },
  };
}

/** `permission sets [##########....................] 14/42` */
export function progressLine(phase: string, done: number, total: number): string {
  const filled = total > 0 ? Math.min(WIDTH, Math.round((done / total) * WIDTH)) : 0;
  return `${phase} [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${done}/${total}`;
}
