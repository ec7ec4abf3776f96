/**
 * `federation validate [--config F] [--base FILE|REF:PATH] [--allow-lockout]`: check the file; exit 1 on any error,
 * warnings print but pass. With --base, also warn about permission-set renames against that version (they replace
 * roles everywhere) and signing certificates removed without being retired (the provider would delete them), and
 * refuse (exit 4) a change that would leave AWS without administrators unless --allow-lockout is given (then the
 * lockout prints as a warning).
 */
import { plural } from "../review/describe";
import { certificateRemovalDiagnostics } from "../review/certificate-removal";
import { lockoutDiagnostics } from "../review/lockout-diagnostics";
import { renameDiagnostics } from "../review/rename-diagnostics";
import { CONFIG_OPTION, loadLocatedOrReport, parse, reportDiagnostics } from "./common";
import { LOCKOUT_EXIT_CODE, loadSourceOrReport } from "./diff";
import type { Command, OptionSpecs } from "./io";

const VALIDATE_OPTIONS = {
  config: CONFIG_OPTION,
  base: { type: "string", value: "FILE|REF:PATH", description: "the version before the change (a file, or <git ref>:<path>): rename and lockout checks against it" },
  "allow-lockout": { type: "boolean", description: "with --base: print a lockout as a warning instead of refusing (exit 4)" },
} as const satisfies OptionSpecs;

export const validateCommand: Command = {
  name: "validate",
  summary: "check the federation file (errors and warnings with path and line)",
  usage: "federation validate [--config FILE] [--base FILE|REF:PATH] [--allow-lockout]",
  options: VALIDATE_OPTIONS,
  description: "Errors block (exit 1), warnings print and pass. With --base, also warns about permission-set renames, sets removed with their grants and signing certificates removed without being retired against that version, and refuses a change that would leave AWS without administrators.",
  examples: [
    { command: "federation validate", does: "checks config/federation.yaml (or FEDERATION_CONFIG)" },
    { command: "federation validate --config config/examples/sso-only.yaml --base origin/main:config/examples/sso-only.yaml", does: "checks a file and its change against the version on origin/main" },
  ],
  exitCodes: [
    [0, "valid (warnings may be printed)"],
    [1, "invalid: every problem with its path and line"],
    [2, "usage error"],
    [4, "with --base: the change would leave AWS without administrators (without --allow-lockout)"],
  ],
  run: (args, io) => {
    const { values } = parse(args, VALIDATE_OPTIONS);
    const loaded = loadLocatedOrReport(values.config, io, {}, true);
    if (!loaded) return 1;
    const { model, source, path } = loaded;
    if (values.base !== undefined) {
      const base = loadSourceOrReport(values.base, io, "base", {}, true);
      if (!base) return 1;
      reportDiagnostics(io, model.file, renameDiagnostics(base.model, model, source), path);
      reportDiagnostics(io, model.file, certificateRemovalDiagnostics(base.model, model, source), path);
      const allowed = values["allow-lockout"] === true;
      const lockout = lockoutDiagnostics(base.model, model, { headSource: source, allow: allowed });
      reportDiagnostics(io, model.file, lockout, path);
      if (lockout.length > 0 && !allowed) {
        io.err(`${model.file}: refused — this change would leave AWS without administrators (exit ${LOCKOUT_EXIT_CODE}); pass --allow-lockout if that is intended`);
        return LOCKOUT_EXIT_CODE;
      }
    }
    const s = model.spec;
    io.out(
      `${model.file}: valid — ${plural(Object.keys(s.groups).length, "group")}, ${plural(Object.keys(s.permissionSets).length, "permission set")}, ` +
        `${plural(Object.keys(s.accounts).length, "account")}, ${plural(s.assignments.length, "assignment")}`,
    );
    return 0;
  },
};
