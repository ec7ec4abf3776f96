/**
 * `federation validate [--config F] [--base FILE|REF:PATH] [--allow-lockout]`: check the file; exit 1 on any error,
 * warnings print but pass. With --base, also warn about permission-set renames against that version (they replace
 * roles everywhere) and signing certificates removed without being retired (the provider would delete them), and
 * refuse (exit 4) a change that would leave AWS without administrators unless --allow-lockout is given (then the
 * lockout prints as a warning).
 */
import { formatDiagnostic } from "../model/diagnostics";
import { certificateRemovalDiagnostics } from "../review/certificate-removal";
import { lockoutDiagnostics } from "../review/lockout-diagnostics";
import { renameDiagnostics } from "../review/rename-diagnostics";
import { loadLocatedOrReport, parse } from "./common";
import { LOCKOUT_EXIT_CODE, loadSourceOrReport } from "./diff";
import type { Command } from "./io";

export const validateCommand: Command = {
  name: "validate",
  summary: "check the federation file (errors and warnings with path and line)",
  usage: "federation validate [--config FILE] [--base FILE|REF:PATH] [--allow-lockout]",
  run: (args, io) => {
    const { values } = parse(args, { config: { type: "string" }, base: { type: "string" }, "allow-lockout": { type: "boolean" } });
    const loaded = loadLocatedOrReport(values.config, io);
    if (!loaded) return 1;
    const { model, source } = loaded;
    if (values.base !== undefined) {
      const base = loadSourceOrReport(values.base, io, "base");
      if (!base) return 1;
      for (const d of renameDiagnostics(base.model, model, source)) io.err(formatDiagnostic(model.file, d));
      for (const d of certificateRemovalDiagnostics(base.model, model, source)) io.err(formatDiagnostic(model.file, d));
      const allowed = values["allow-lockout"] === true;
      const lockout = lockoutDiagnostics(base.model, model, { headSource: source, allow: allowed });
      for (const d of lockout) io.err(formatDiagnostic(model.file, d));
      if (lockout.length > 0 && !allowed) {
        io.err(`${model.file}: refused — this change would leave AWS without administrators (exit ${LOCKOUT_EXIT_CODE}); pass --allow-lockout if that is intended`);
        return LOCKOUT_EXIT_CODE;
      }
    }
    const s = model.spec;
    io.out(
      `${model.file}: valid — ${Object.keys(s.groups).length} groups, ${Object.keys(s.permissionSets).length} permission sets, ` +
        `${Object.keys(s.accounts).length} accounts, ${s.assignments.length} assignments`,
    );
    return 0;
  },
};
