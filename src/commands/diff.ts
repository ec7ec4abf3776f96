/**
 * `federation diff --base <file|ref:path> [--head <file|ref:path>] [--format markdown|json] [--fail-on-escalation]
 * [--fail-on-warning] [--allow-lockout] [--privileged-policy P]…`: the access change between two federation files,
 * escalations first. Exit 0; 3 with --fail-on-escalation when there is an escalation; 5 with --fail-on-warning when
 * there is a warning (a deploy hazard: grants that change assignment stack and need their state moved first, a
 * permission set removed with its grants, a rename that recreates a set or a group, a destroy opt-in); 4 when the
 * change would leave AWS without administrators (src/review/lockout.ts) and --allow-lockout is not given (4 wins over
 * 3, 3 over 5); 1 when a file is invalid or unreadable. The diff is printed in every case.
 */
import { configPath } from "../config-path";
import { formatDiagnostic } from "../model/diagnostics";
import type { LoadOptions } from "../model/load";
import type { FederationModel } from "../model/model";
import { diffFederations } from "../review/diff";
import { renderDiffMarkdown } from "../review/diff-markdown";
import { loadSource, parseSource } from "../review/source";
import { FORMAT_OPTION, MAX_ROWS_OPTION, parse, PRIVILEGED_POLICY_OPTION } from "./common";
import { type CliIo, type Command, type OptionSpecs, UsageError } from "./io";

/** Exit code of `diff --fail-on-escalation` when the change widens access. */
export const ESCALATION_EXIT_CODE = 3;
/** Exit code of `diff` and `validate --base` when the change would lock administrators out (without --allow-lockout). */
export const LOCKOUT_EXIT_CODE = 4;
/** Exit code of `diff --fail-on-warning` when the change has a warning (a deploy hazard to handle first). */
export const WARNING_EXIT_CODE = 5;

const DIFF_OPTIONS = {
  base: { type: "string", value: "FILE|REF:PATH", description: "the version before the change: a file, or <git ref>:<path> (required)" },
  head: { type: "string", value: "FILE|REF:PATH", description: "the version after the change", defaultText: "FEDERATION_CONFIG, else config/federation.yaml" },
  format: FORMAT_OPTION,
  "fail-on-escalation": { type: "boolean", description: `exit ${ESCALATION_EXIT_CODE} when the change has an escalation` },
  "fail-on-warning": { type: "boolean", description: `exit ${WARNING_EXIT_CODE} when the change has a warning (state moves, a set removed with its grants, a rename)` },
  "allow-lockout": { type: "boolean", description: `print a lockout instead of refusing it (exit ${LOCKOUT_EXIT_CODE})` },
  "privileged-policy": PRIVILEGED_POLICY_OPTION,
  "max-rows": MAX_ROWS_OPTION,
} as const satisfies OptionSpecs;

export const diffCommand: Command = {
  name: "diff",
  summary: "access change between two federation files (a file or <git ref>:<path>), escalations first",
  usage:
    "federation diff --base FILE|REF:PATH [--head FILE|REF:PATH] [--format markdown|json] [--fail-on-escalation] [--fail-on-warning] [--allow-lockout] [--privileged-policy NAME]... [--max-rows N]",
  options: DIFF_OPTIONS,
  description:
    "From the two files alone (no synthesis, no cloud). Escalations come first, each with its reason, then warnings (deploy hazards), then every other change. The diff is printed whatever the exit code; 4 wins over 3, 3 over 5.",
  examples: [
    { command: "federation diff --base origin/main:config/federation.yaml --head config/federation.yaml", does: "what this branch changes in access, against origin/main" },
    { command: "federation diff --base origin/main:config/federation.yaml --format json --fail-on-escalation", does: "the same as JSON; exit 3 when access widens" },
  ],
  exitCodes: [
    [0, "compared"],
    [1, "a file is invalid or unreadable"],
    [2, "usage error"],
    [ESCALATION_EXIT_CODE, "--fail-on-escalation: the change widens access"],
    [LOCKOUT_EXIT_CODE, "the change would leave AWS without administrators (without --allow-lockout)"],
    [WARNING_EXIT_CODE, "--fail-on-warning: the change has a warning (a deploy hazard)"],
  ],
  run: (args, io) => {
    const { values } = parse(args, DIFF_OPTIONS);
    if (!values.base) throw new UsageError("--base is required (a file, or <git ref>:<path> such as HEAD:config/federation.yaml)");
    const format = outputFormat(values.format);
    const maxRows = positiveInt(values["max-rows"], "--max-rows");
    const base = loadSourceOrReport(values.base, io, "base");
    if (!base) return 1;
    const head = loadSourceOrReport(values.head ?? configPath(undefined, io.env), io, "head");
    if (!head) return 1;
    const diff = diffFederations(base.model, head.model, {
      baseLabel: base.label,
      headLabel: head.label,
      extraPrivilegedPolicies: values["privileged-policy"] ?? [],
    });
    io.out(format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffMarkdown(diff, { maxRows }));
    if (diff.lockout?.length && reportLockout(diff.lockout, io, values["allow-lockout"] === true)) return LOCKOUT_EXIT_CODE;
    if (values["fail-on-escalation"] && diff.escalations.length > 0) {
      io.err(`${diff.escalations.length} escalation(s): failing as asked (--fail-on-escalation)`);
      return ESCALATION_EXIT_CODE;
    }
    if (values["fail-on-warning"] && diff.warnings.length > 0) {
      io.err(`${diff.warnings.length} warning(s): failing as asked (--fail-on-warning)`);
      return WARNING_EXIT_CODE;
    }
    return 0;
  },
};

/**
 * Prints lockout findings to stderr; true when the command must refuse (no --allow-lockout). Shared with
 * `validate --base`.
 */
export function reportLockout(findings: readonly { readonly id: string; readonly message: string }[], io: CliIo, allowed: boolean): boolean {
  for (const f of findings) io.err(`lockout: ${f.message} [${f.id}]`);
  if (allowed) {
    io.err(`${findings.length} lockout finding(s), allowed by --allow-lockout`);
    return false;
  }
  io.err(`refusing: this change would leave AWS without administrators (exit ${LOCKOUT_EXIT_CODE}); pass --allow-lockout if that is intended`);
  return true;
}

export function outputFormat(value: string | undefined): "markdown" | "json" {
  if (value === undefined || value === "markdown" || value === "md") return "markdown";
  if (value === "json") return "json";
  throw new UsageError(`--format ${JSON.stringify(value)} is not supported; use markdown or json`);
}

export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be a whole number of at least 1, got ${JSON.stringify(value)}`);
  return Number(value);
}

/**
 * Loads a file or `<ref>:<path>`; prints its problems (for the base only errors: its warnings are not this change's)
 * and returns undefined when it is not valid.
 */
export function loadSourceOrReport(
  spec: string,
  io: CliIo,
  role: "base" | "head",
  options: LoadOptions = {},
): { model: FederationModel; label: string; file: string } | undefined {
  const source = parseSource(spec, io.cwd);
  const result = loadSource(source, io.cwd, options);
  for (const d of result.diagnostics) if (role === "head" || d.severity === "error") io.err(formatDiagnostic(result.label, d));
  if (result.model) return { model: { ...result.model, file: result.label }, label: result.label, file: result.file };
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  io.err(`${role} ${result.label} is not valid (${errors} error${errors === 1 ? "" : "s"}); nothing was compared`);
  return undefined;
}
