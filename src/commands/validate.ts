/** `federation validate [--config F]`: check the file; exit 1 on any error, warnings print but pass. */
import { loadOrReport, parse } from "./common";
import type { Command } from "./io";

export const validateCommand: Command = {
  name: "validate",
  summary: "check the federation file (errors and warnings with path and line)",
  usage: "federation validate [--config FILE]",
  run: (args, io) => {
    const { values } = parse(args, { config: { type: "string" } });
    const model = loadOrReport(values.config, io);
    if (!model) return 1;
    const s = model.spec;
    io.out(
      `${model.file}: valid — ${Object.keys(s.groups).length} groups, ${Object.keys(s.permissionSets).length} permission sets, ` +
        `${Object.keys(s.accounts).length} accounts, ${s.assignments.length} assignments`,
    );
    return 0;
  },
};
