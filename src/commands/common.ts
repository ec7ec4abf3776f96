/** Shared by commands: argument parsing and "load the federation file or explain why not". */
import { relative, resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { configPath } from "../config-path";
import { formatDiagnostic } from "../model/diagnostics";
import { loadFederationFile, type LoadOptions } from "../model/load";
import type { FederationModel } from "../model/model";
import type { SourceMap } from "../model/source";
import { type CliIo, UsageError } from "./io";

/** What `parse` returns (spelled out: the compiled declarations cannot name node's internal option type). */
export type Parsed<T extends NonNullable<ParseArgsConfig["options"]>> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>>;

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, allowPositionals = false): Parsed<T> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Loads the file named by --config / FEDERATION_CONFIG / default; prints diagnostics (warnings too) to stderr. */
export function loadOrReport(config: string | undefined, io: CliIo, options: LoadOptions = {}): FederationModel | undefined {
  return loadLocatedOrReport(config, io, options)?.model;
}

/** `loadOrReport`, with where each path of the text it read is (for located diagnostics computed later). */
export function loadLocatedOrReport(config: string | undefined, io: CliIo, options: LoadOptions = {}): { model: FederationModel; source?: SourceMap } | undefined {
  const file = resolve(io.cwd, configPath(config, io.env));
  const shown = relativeTo(io.cwd, file);
  const result = loadFederationFile(file, options);
  for (const d of result.diagnostics) io.err(formatDiagnostic(shown, d));
  if (result.model) return { model: { ...result.model, file: shown }, source: result.source };
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  io.err(`${shown}: ${errors} error${errors === 1 ? "" : "s"}; nothing was written`);
  return undefined;
}

export function relativeTo(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") ? rel : file;
}
