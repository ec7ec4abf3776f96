/**
 * JSON named on the command line (`plan-summary PLAN.json`, `report --pending OUTPUTS.json`), or stdin for `-`.
 * Files go through `readFileSafely` (regular files only, size checked first, FIFOs and devices refused without
 * hanging). Stdin is read only from a pipe or a redirected file, never from a terminal (that would wait for typing
 * for ever), and stops at the same size limit.
 */
import { fstatSync, readSync } from "node:fs";
import { resolve } from "node:path";
import { isatty } from "node:tty";
import { readFileSafely, SafeReadError } from "../safe-fs";
import { JsonInputError, parseJsonSafely } from "../safe-json";

/** The input could not be read or is not JSON; the message is for users. */
export class InputError extends Error {}

export interface InputOptions {
  /** What the input is, for messages ("plan JSON"). */
  readonly what: string;
  /** Largest accepted size in bytes. */
  readonly maxBytes: number;
  /** The command line that produces it, for the message about a terminal ("terraform show -json plan.out"). */
  readonly producer: string;
}

/** Reads and parses `file` (relative to `cwd`), or stdin for `-`. */
export function readJsonInput(file: string, cwd: string, options: InputOptions, stdinFd = 0): unknown {
  const text = file === "-" ? readStdin(stdinFd, options) : readFile(resolve(cwd, file), file, options);
  // Bounded nesting, and a syntax error that never quotes the content (src/safe-json.ts).
  try {
    return parseJsonSafely(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, `${options.what} ${file === "-" ? "on stdin" : file}`);
  } catch (e) {
    if (e instanceof JsonInputError) throw new InputError(e.message);
    throw e;
  }
}

function readFile(path: string, shown: string, options: InputOptions): string {
  try {
    return readFileSafely(path, { maxBytes: options.maxBytes, what: options.what, shownAs: shown }).toString("utf8");
  } catch (e) {
    if (e instanceof SafeReadError) throw new InputError(e.message);
    throw e;
  }
}

function readStdin(fd: number, options: InputOptions): string {
  if (isatty(fd)) {
    throw new InputError(`${options.what}: stdin is a terminal; pipe it in (\`${options.producer} | federation … -\`) or give a file name`);
  }
  try {
    fstatSync(fd); // a closed stdin fails here, with a message rather than a crash below
  } catch (e) {
    throw new InputError(`${options.what}: stdin cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking pipe with no data yet: wait a little and read again (the writer closing it ends the loop).
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === "EOF") break;
      throw new InputError(`${options.what}: stdin cannot be read (${code ?? (e as Error).message})`);
    }
    if (n === 0) break;
    total += n;
    if (total > options.maxBytes) {
      throw new InputError(`${options.what} on stdin is too large (more than ${options.maxBytes.toLocaleString("en-US")} bytes)`);
    }
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total).toString("utf8");
}
