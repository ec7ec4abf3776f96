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
import { type LoadOptions, MAX_FILE_BYTES } from "../model/load";
import type { FederationModel } from "../model/model";
import { diffFederations } from "../review/diff";
import { renderDiffMarkdown } from "../review/diff-markdown";
import { loadSource, parseSource } from "../review/source";
import { FORMAT_OPTION, MAX_ROWS_OPTION, parse, PRIVILEGED_POLICY_OPTION, reportDiagnostics } from "./common";
import { annotating, diffAnnotations, workspacePath } from "./annotations";
import { readFileSafely, SafeReadError } from "../safe-fs";
import { type CliIo, type Command, type OptionSpecs, UsageError } from "./io";
import { progressOf } from "./progress";

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
  "fail-on-warning": { type: "boolean", description: `exit ${WARNING_EXIT_CODE} when the change has a warning (state moves, a set removed with its grants, a rename, a signing certificate removed without being retired, a change of the import file)` },
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
    // Reading a file at a git revision (and its policies) and comparing large files take a while: say so on a terminal.
    const progress = progressOf(io);
    progress.update("reading the base", 0, 3);
    const base = loadSourceOrReport(values.base, io, "base", {}, true);
    progress.update("reading the head", 1, 3);
    const head = base && loadSourceOrReport(values.head ?? configPath(undefined, io.env), io, "head", {}, true);
    progress.update("comparing", 2, 3);
    const diff =
      base &&
      head &&
      diffFederations(base.model, head.model, {
        baseLabel: base.label,
        headLabel: head.label,
        extraPrivilegedPolicies: values["privileged-policy"] ?? [],
      });
    progress.done();
    if (!diff) return 1;
    io.out(format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffMarkdown(diff, { maxRows }));
    if (annotating(io.env)) {
      const failOn = { failOnEscalation: values["fail-on-escalation"] === true, failOnWarning: values["fail-on-warning"] === true, allowLockout: values["allow-lockout"] === true };
      const text = head.onDisk === undefined ? undefined : textOf(head.onDisk);
      const file = head.onDisk === undefined ? undefined : workspacePath(head.onDisk, io);
      for (const a of diffAnnotations(diff, { spec: head.model.spec, text, file }, failOn)) io.err(a);
    }
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

/** The head file again, for the lines of the annotations; undefined (file-level annotations) if it cannot be read now. */
function textOf(path: string): string | undefined {
  try {
    return readFileSafely(path, { maxBytes: MAX_FILE_BYTES, what: "federation file" }).toString("utf8");
  } catch (e) {
    if (e instanceof SafeReadError) return undefined;
    throw e;
  }
}

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
  annotate = false,
): { model: FederationModel; label: string; file: string; onDisk?: string } | undefined {
  const source = parseSource(spec, io.cwd);
  const result = loadSource(source, io.cwd, options);
  const onDisk = source.kind === "file" ? source.path : undefined;
  const shown = result.diagnostics.filter((d) => role === "head" || d.severity === "error");
  reportDiagnostics(io, result.label, shown, annotate ? (onDisk ?? "") : undefined);
  if (result.model) return { model: { ...result.model, file: result.label }, label: result.label, file: result.file, onDisk };
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  io.err(`${role} ${result.label} is not valid (${errors} error${errors === 1 ? "" : "s"}); nothing was compared`);
  return undefined;
}
