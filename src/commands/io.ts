import { isatty } from "node:tty";
import { printable } from "../printable";
import { highlight, useColor } from "./style";

/** What a command may touch: its streams and environment, injectable so tests run commands in-process. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /**
   * stderr when it is a terminal: where progress is drawn in place (raw text, our own; nothing from a file). Absent
   * for files, pipes and tests, so nothing but whole lines ever reaches them.
   * @default - not a terminal: no progress
   */
  readonly terminal?: { readonly write: (raw: string) => void };
}

/**
 * The process's streams. Everything printed passes `printable()` (src/printable.ts): a name or a message from a file
 * cannot move the terminal's cursor, clear it or reorder what it shows (bidi overrides); JSON stays valid JSON.
 * Colour (./style.ts) is added after that, only on a terminal and never under NO_COLOR.
 */
export const processIo: CliIo = {
  out: (t) => process.stdout.write(styled(t, process.stdout)),
  // On a terminal a line of stderr first clears a progress line drawn there (./progress.ts), so they never mix.
  err: (t) => process.stderr.write(`${process.stderr.isTTY ? CLEAR_LINE : ""}${styled(t, process.stderr)}`),
  env: process.env,
  cwd: process.cwd(),
  // Read once, when a command starts its progress (./progress.ts), from the descriptor: reading process.stderr.isTTY
  // would make node set up the stderr stream on every run (about 2 ms of `npm start`, which writes nothing there).
  get terminal() {
    return isatty(2) ? { write: (raw: string) => process.stderr.write(raw) } : undefined;
  },
};

/** Carriage return and erase to the end of the line: nothing when the cursor is at the start of an empty line. */
const CLEAR_LINE = "\r\u001b[K";

function styled(text: string, stream: NodeJS.WriteStream): string {
  const line = printable(text.endsWith("\n") ? text : `${text}\n`);
  return useColor(process.env, stream.isTTY === true) ? highlight(line) : line;
}

/** One option of a command: how it parses (node's `parseArgs`) and how `--help` and completion describe it. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** Repeatable (`--privileged-policy A --privileged-policy B`). */
  readonly multiple?: boolean;
  /** One-letter alias (`-h`). */
  readonly short?: string;
  /** Placeholder of the value in help (`FILE`, `N`, `FILE|REF:PATH`). */
  readonly value?: string;
  /** What it does, one line. */
  readonly description: string;
  /** What applies without it, for help (`cdktf.out`, `markdown`). */
  readonly defaultText?: string;
  /** The values it takes, for help and completion. */
  readonly choices?: readonly string[];
  /** What completion offers for the value: a file, a folder, or nothing (`none`: a number, a name). @default "file" for strings */
  readonly completes?: "file" | "directory" | "none";
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/**
 * A command: parses its own arguments, returns the exit code (0 ok, 1 input/validation problem, 2 usage). Its help
 * (`federation <command> --help`), its shell completion and its usage errors all come from this definition, so a
 * command added here explains itself the same way.
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** The synopsis: `federation diff --base FILE|REF:PATH [--head …] …`. */
  readonly usage: string;
  /** Every option `run` parses (it parses with exactly these: `parse(args, command.options)`). */
  readonly options: OptionSpecs;
  /** Positional arguments, for help (`PLAN.json|-`). @default - none */
  readonly positionals?: readonly { readonly name: string; readonly description: string; readonly choices?: readonly string[] }[];
  /** More about the command than the summary: a few lines for help. */
  readonly description?: string;
  /** Command lines that work as written (bash and zsh), each with what it does. At least one. */
  readonly examples: readonly { readonly command: string; readonly does: string }[];
  /** Exit codes this command returns, with their meaning (0, 1 and 2 at least). */
  readonly exitCodes: readonly (readonly [code: number, meaning: string])[];
  readonly run: (args: string[], io: CliIo) => Promise<number> | number;
}

export class UsageError extends Error {}
