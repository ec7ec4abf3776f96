/**
 * `federation validate [--config F] [--base FILE|REF:PATH]`: check the file; exit 1 on any error, warnings print but
 * pass. With --base, also warn about permission-set renames against that version (they replace roles everywhere).
 */
import { resolve } from "node:path";
import { formatDiagnostic } from "../model/diagnostics";
import { renameDiagnostics } from "../review/rename-diagnostics";
import { loadOrReport, parse } from "./common";
import { loadSourceOrReport } from "./diff";
import type { Command } from "./io";

export const validateCommand: Command = {
  name: "validate",
  summary: "check the federation file (errors and warnings with path and line)",
  usage: "federation validate [--config FILE] [--base FILE|REF:PATH]",
  run: (args, io) => {
    const { values } = parse(args, { config: { type: "string" }, base: { type: "string" } });
    const model = loadOrReport(values.config, io);
    if (!model) return 1;
    if (values.base !== undefined) {
      const base = loadSourceOrReport(values.base, io, "base");
      if (!base) return 1;
      for (const d of renameDiagnostics(base.model, model, resolve(io.cwd, model.file))) io.err(formatDiagnostic(model.file, d));
    }
    const s = model.spec;
    io.out(
      `${model.file}: valid — ${Object.keys(s.groups).length} groups, ${Object.keys(s.permissionSets).length} permission sets, ` +
        `${Object.keys(s.accounts).length} accounts, ${s.assignments.length} assignments`,
    );
    return 0;
  },
};
