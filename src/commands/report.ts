/**
 * `federation report [--config F|REF:PATH] [--format markdown|json] [--pending FILE]`: the effective access of a
 * federation file per principal; `--pending` takes `terraform output -json` of the identity-center stack.
 */
import { readFileSync } from "node:fs";
import { JsonInputError, parseJsonSafely } from "../safe-json";
import { resolve } from "node:path";
import { configPath } from "../config-path";
import { PendingFormatError, parsePending } from "../review/pending";
import { buildReport } from "../review/report";
import { renderReportMarkdown } from "../review/report-markdown";
import { parse } from "./common";
import { loadSourceOrReport, outputFormat, positiveInt } from "./diff";
import type { Command } from "./io";

export const reportCommand: Command = {
  name: "report",
  summary: "effective access per principal: permission sets, accounts, OU targets, standing vs eligible members",
  usage: "federation report [--config FILE|REF:PATH] [--format markdown|json] [--pending OUTPUTS.json] [--max-rows N]",
  run: (args, io) => {
    const { values } = parse(args, {
      config: { type: "string" },
      format: { type: "string" },
      pending: { type: "string" },
      "max-rows": { type: "string" },
    });
    const format = outputFormat(values.format);
    const maxRows = positiveInt(values["max-rows"], "--max-rows");
    let pending: string[] | undefined;
    if (values.pending !== undefined) {
      try {
        pending = parsePending(parseJsonSafely(readFileSync(resolve(io.cwd, values.pending), "utf8"), "the outputs file"));
      } catch (e) {
        const why = e instanceof PendingFormatError || e instanceof JsonInputError ? (e as Error).message : (e as Error).message.split("\n")[0];
        io.err(`cannot read pending principals from ${JSON.stringify(values.pending)}: ${why}`);
        return 1;
      }
    }
    const loaded = loadSourceOrReport(values.config ?? configPath(undefined, io.env), io, "head");
    if (!loaded) return 1;
    const report = buildReport(loaded.model, { label: loaded.label, pending });
    io.out(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderReportMarkdown(report, { maxRows }));
    return 0;
  },
};
