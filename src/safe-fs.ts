/**
 * The one way we open files we did not write ourselves: the federation file, files it names (inline policies),
 * files named on the command line (`--config`, `--base`, plan JSON, `--pending`) and exports read by `adopt`/`drift`.
 *
 * - Only regular files: a FIFO, a socket, a device (`/dev/zero`, `/dev/stdin` …) or a directory is refused. The file
 *   is opened with O_NONBLOCK (opening a FIFO never waits for a writer) and checked on the opened descriptor, so what
 *   is checked is what is read.
 * - The size is checked before reading, and reading stops at the limit (a file that grows meanwhile is refused).
 * - `within`: the path must stay inside a directory tree after resolving symlinks (`..`, absolute paths and links
 *   out of the tree are refused).
 * Every refusal is a `SafeReadError` with a message for users (path as given, what is wrong); nothing here throws
 * anything else for a missing or unreadable file.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

export type SafeReadProblem = "missing" | "not-a-file" | "too-large" | "outside" | "unreadable";

export class SafeReadError extends Error {
  constructor(
    readonly problem: SafeReadProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface SafeReadOptions {
  /** Largest accepted size in bytes. */
  readonly maxBytes: number;
  /** What the file is, for messages ("federation file", "inline policy", "plan JSON"). */
  readonly what: string;
  /** The path must resolve (symlinks followed) to a file inside this directory tree. @default - anywhere */
  readonly within?: string;
  /** How the path is shown in messages. @default the path as given */
  readonly shownAs?: string;
}

/** Reads a regular file whole, refusing anything else (see the module comment). */
export function readFileSafely(path: string, options: SafeReadOptions): Buffer {
  const shown = options.shownAs ?? path;
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new SafeReadError("missing", `${options.what} ${shown} does not exist`);
    throw new SafeReadError("unreadable", `${options.what} ${shown} cannot be read (${code ?? (e as Error).message})`);
  }
  if (options.within !== undefined && !isInside(options.within, real)) {
    throw new SafeReadError("outside", `${options.what} ${shown} is outside ${options.within} (after following links); only files in that folder tree are read`);
  }
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new SafeReadError("unreadable", `${options.what} ${shown} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new SafeReadError("not-a-file", `${options.what} ${shown} is not a regular file (${kindOf(stat)})`);
    if (stat.size > options.maxBytes) throw new SafeReadError("too-large", tooLarge(options.what, shown, stat.size, options.maxBytes));
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(stat.size, 1), 1 << 20) + 1);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > options.maxBytes) throw new SafeReadError("too-large", tooLarge(options.what, shown, total, options.maxBytes));
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof SafeReadError) throw e;
    throw new SafeReadError("unreadable", `${options.what} ${shown} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** True when `path` (already resolved) lies in the tree of `dir` (resolved here, symlinks followed when it exists). */
export function isInside(dir: string, path: string): boolean {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    root = resolve(dir);
  }
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function tooLarge(what: string, shown: string, size: number, max: number): string {
  return `${what} ${shown} is too large (${size.toLocaleString("en-US")} bytes; at most ${max.toLocaleString("en-US")})`;
}

function kindOf(stat: import("node:fs").Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "not a file";
}
