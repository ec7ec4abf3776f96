import { printable } from "../printable";

/** What a command may touch: its streams and environment, injectable so tests run commands in-process. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * The process's streams. Everything printed passes `printable()` (src/printable.ts): a name or a message from a file
 * cannot move the terminal's cursor, clear it or reorder what it shows (bidi overrides); JSON stays valid JSON.
 */
export const processIo: CliIo = {
  out: (t) => process.stdout.write(printable(t.endsWith("\n") ? t : `${t}\n`)),
  err: (t) => process.stderr.write(printable(t.endsWith("\n") ? t : `${t}\n`)),
  env: process.env,
  cwd: process.cwd(),
};

/** A command: parses its own arguments, returns the exit code (0 ok, 1 input/validation problem, 2 usage). */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly run: (args: string[], io: CliIo) => Promise<number> | number;
}

export class UsageError extends Error {}
