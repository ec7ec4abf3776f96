/** Shared by commands: argument parsing and "load the federation file or explain why not". */
import { relative, resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { configPath } from "../config-path";
import { type Diagnostic, formatDiagnostic } from "../model/diagnostics";
import { annotating, diagnosticAnnotation, workspacePath } from "./annotations";
import { loadFederationFile, type LoadOptions } from "../model/load";
import type { FederationModel } from "../model/model";
import type { SourceMap } from "../model/source";
import { nearest } from "../model/suggest";
import { type CliIo, type OptionSpec, type OptionSpecs, UsageError } from "./io";

/** What `parse` returns (spelled out: the compiled declarations cannot name node's internal option type). */
export type Parsed<T extends NonNullable<ParseArgsConfig["options"]>> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>>;

/**
 * Parses a command's arguments with exactly the options its definition documents (`Command.options`). A usage error
 * says what is wrong in one line: an unknown option with the nearest known one ("did you mean --base?"), a missing
 * value, a value given to a switch, an unexpected argument.
 */
export function parse<T extends OptionSpecs & NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, allowPositionals = false): Parsed<T> {
  try {
    return parseArgs({ args, options: parseConfig(options) as T, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(usageProblem(args, options, allowPositionals) ?? (e as Error).message);
  }
}

/** The options as node's `parseArgs` takes them (without our help-only fields, which it would refuse or misread). */
function parseConfig(options: OptionSpecs): NonNullable<ParseArgsConfig["options"]> {
  return Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]));
}

/** The first problem with `args`, said plainly; undefined when node's own message is the best there is. */
function usageProblem(args: string[], options: OptionSpecs, allowPositionals: boolean): string | undefined {
  const known = (name: string) => name in options || Object.values(options).some((o) => o.short === name);
  const { tokens } = parseArgs({ args, options: parseConfig(options), strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens ?? []) {
    if (t.kind === "option" && !known(t.name)) {
      const guess = nearest(t.name, Object.keys(options));
      return `unknown option ${t.rawName}${guess ? `; did you mean --${guess}?` : ""}`;
    }
    if (t.kind === "option" && options[t.name]?.type === "string" && t.value === undefined) return `${t.rawName} needs a value${options[t.name].value ? ` (${options[t.name].value})` : ""}`;
    if (t.kind === "option" && options[t.name]?.type === "boolean" && t.inlineValue) return `${t.rawName} is a switch and takes no value`;
    if (t.kind === "positional" && !allowPositionals) {
      const guess = nearest(t.value.replace(/^-+/, ""), Object.keys(options));
      return `unexpected argument ${JSON.stringify(t.value)}${guess && t.value.startsWith("-") ? `; did you mean --${guess}?` : ""}`;
    }
  }
  return undefined;
}

/** Options several commands share, described once. */
export const CONFIG_OPTION = { type: "string", value: "FILE", description: "the federation file", defaultText: "FEDERATION_CONFIG, else config/federation.yaml" } as const satisfies OptionSpec;
export const FORMAT_OPTION = { type: "string", choices: ["markdown", "json"], description: "output format (JSON is stable and never cut)", defaultText: "markdown", completes: "none" } as const satisfies OptionSpec;
export const MAX_ROWS_OPTION = { type: "string", value: "N", description: "rows per Markdown table before it is cut (JSON is never cut)", defaultText: "100", completes: "none" } as const satisfies OptionSpec;
export const PRIVILEGED_POLICY_OPTION = { type: "string", multiple: true, value: "NAME", description: "another policy (ARN, name or * pattern) that makes a permission set privileged", completes: "none" } as const satisfies OptionSpec;

/**
 * Loads the file named by --config / FEDERATION_CONFIG / default; prints diagnostics (warnings too) to stderr, and
 * with `annotate` in GitHub Actions also as annotations on the file's lines (./annotations.ts).
 */
export function loadOrReport(config: string | undefined, io: CliIo, options: LoadOptions = {}, annotate = false): FederationModel | undefined {
  return loadLocatedOrReport(config, io, options, annotate)?.model;
}

/**
 * `loadOrReport`, with where each path of the text it read is (for located diagnostics computed later) and the file's
 * path on disk (for their annotations).
 */
export function loadLocatedOrReport(
  config: string | undefined,
  io: CliIo,
  options: LoadOptions = {},
  annotate = false,
): { model: FederationModel; source?: SourceMap; path: string } | undefined {
  const file = resolve(io.cwd, configPath(config, io.env));
  const shown = relativeTo(io.cwd, file);
  const result = loadFederationFile(file, options);
  reportDiagnostics(io, shown, result.diagnostics, annotate ? file : undefined);
  if (result.model) return { model: { ...result.model, file: shown }, source: result.source, path: file };
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  io.err(`${shown}: ${errors} error${errors === 1 ? "" : "s"}; nothing was written`);
  return undefined;
}

/**
 * Prints diagnostics of a file to stderr; with `annotateFile` (its path on disk, or "" for one GitHub cannot show,
 * such as a file at a git revision) and in GitHub Actions, each also as a workflow command.
 */
export function reportDiagnostics(io: CliIo, shown: string, diagnostics: readonly Diagnostic[], annotateFile?: string): void {
  const annotate = annotateFile !== undefined && annotating(io.env);
  for (const d of diagnostics) {
    io.err(formatDiagnostic(shown, d));
    if (annotate) io.err(diagnosticAnnotation(d, annotateFile ? workspacePath(annotateFile, io) : undefined));
  }
}

export function relativeTo(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") ? rel : file;
}
