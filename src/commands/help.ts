/**
 * What the CLI says about itself: `federation --help`, `federation <command> --help` (also `-h`, and
 * `federation help <command>`), `federation --version`, and the usage errors. Everything comes from the `Command`
 * definitions (src/commands/io.ts): a command added to the list explains itself the same way.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../config-path";
import { nearest } from "../model/suggest";
import type { Command, OptionSpec } from "./io";

/** Exit codes every command may return, and the program's own (70). */
export const PROGRAM_EXIT_CODES: readonly (readonly [number, string])[] = [
  [0, "done"],
  [1, "invalid input: every problem printed with its path and line; nothing written"],
  [2, "usage error (unknown command or option, missing value)"],
  [3, "diff --fail-on-escalation: the change widens access"],
  [4, "diff, validate --base: the change would leave AWS without administrators (without --allow-lockout)"],
  [5, "diff --fail-on-warning: the change has a deploy hazard"],
  [6, "drift: live differs from the file"],
  [7, "drift: live differs and grants more than the file"],
  [70, "internal error (a bug: please report it)"],
];

/** The options every command has besides its own. */
export const HELP_OPTION: OptionSpec = { type: "boolean", short: "h", description: "show this help and exit" };

/** The package version (package.json next to the sources or the build). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

const columns = (rows: readonly (readonly [string, string])[], indent = 2): string[] => {
  const width = Math.min(28, Math.max(...rows.map(([left]) => left.length)));
  return rows.map(([left, right]) => `${" ".repeat(indent)}${left.length > width ? `${left}\n${" ".repeat(indent + width + 2)}` : left.padEnd(width)}  ${right}`);
};

/** `--format markdown|json` as help shows it. */
export function optionLabel(name: string, o: OptionSpec): string {
  const flag = `${o.short ? `-${o.short}, ` : ""}--${name}`;
  if (o.type === "boolean") return flag;
  return `${flag} ${o.value ?? (o.choices ? o.choices.join("|") : "VALUE")}`;
}

function optionText(o: OptionSpec): string {
  const extra = [o.multiple ? "repeatable" : undefined, o.defaultText !== undefined ? `default: ${o.defaultText}` : undefined].filter(Boolean);
  return `${o.description}${extra.length ? ` (${extra.join("; ")})` : ""}`;
}

/** Text wrapped at 100 columns (help reads in an 80–120 column terminal). */
function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

const synopsis = (commands: readonly Command[]) => [
  "usage: federation <command> [options]",
  "       federation <command> --help      options, defaults, an example and the exit codes of a command",
  "       federation --version",
  "",
  "commands:",
  ...columns(commands.map((c) => [c.name, c.summary])),
];

/** `federation --help`. */
export function programHelp(commands: readonly Command[]): string {
  return [
    "federation: Microsoft Entra ID (and other identity providers) → AWS IAM Identity Center federation as code",
    "",
    ...synopsis(commands),
    "",
    "environment:",
    ...columns([
      ["FEDERATION_CONFIG", "the federation file when --config is not given (default: config/federation.yaml)"],
      ["NO_COLOR", "set (not empty): no colour, even on a terminal"],
      ["GITHUB_ACTIONS=true", "validate and diff also print their findings as GitHub annotations (on stderr)"],
    ]),
    "",
    "exit codes:",
    ...columns(PROGRAM_EXIT_CODES.map(([code, meaning]) => [String(code), meaning])),
    "",
    "README.md has the whole path: install, sign in, the values to copy from the IAM Identity Center console, deploy.",
    "",
  ].join("\n");
}

/** `federation <command> --help`. */
export function commandHelp(c: Command): string {
  const options = Object.entries({ ...c.options, help: HELP_OPTION });
  const lines = [`federation ${c.name}: ${c.summary}`, "", `usage: ${c.usage}`, ""];
  if (c.description) lines.push(...wrap(c.description), "");
  if (c.positionals?.length) lines.push("arguments:", ...columns(c.positionals.map((p) => [p.name, p.description])), "");
  lines.push("options:", ...columns(options.map(([name, o]) => [optionLabel(name, o), optionText(o)])), "");
  lines.push(c.examples.length === 1 ? "example:" : "examples:");
  for (const e of c.examples) lines.push(`  ${e.command}`, `      ${e.does}`);
  lines.push("", "exit codes:", ...columns(c.exitCodes.map(([code, meaning]) => [String(code), meaning])), "");
  return lines.join("\n");
}

/** The message for a command that does not exist: the nearest one, and the list. */
export function unknownCommand(name: string, commands: readonly Command[]): string {
  const guess = nearest(name, [...commands.map((c) => c.name), "help"]);
  return [`unknown command ${JSON.stringify(name)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ""}`, "", ...synopsis(commands), ""].join("\n");
}

/** Whether the arguments ask for help (`--help` or `-h` before a `--`; not the value of another option). */
export function asksForHelp(args: readonly string[], c: Command): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
    // `--title -h`: the value of a string option, not a request for help.
    const name = a.startsWith("--") && !a.includes("=") ? a.slice(2) : undefined;
    if (name && c.options[name]?.type === "string") i++;
  }
  return false;
}
