/**
 * `federation report [--config F|REF:PATH] [--format markdown|json] [--pending FILE]`: the effective access of a
 * federation file per principal; `--pending` takes `terraform output -json` of the identity-center stack (or
 * `terraform output -json pending_principals`, or cdktf's `--outputs-file`; `-` for stdin): src/review/pending.ts.
 */
import { configPath } from "../config-path";
import { PendingFormatError, parsePending } from "../review/pending";
import { buildReport } from "../review/report";
import { renderReportMarkdown } from "../review/report-markdown";
import { CONFIG_OPTION, FORMAT_OPTION, MAX_ROWS_OPTION, parse } from "./common";
import { loadSourceOrReport, outputFormat, positiveInt } from "./diff";
import { InputError, readJsonInput } from "./input";
import type { Command, OptionSpecs } from "./io";

/** Largest outputs file read (the identity-center outputs of a large organization are a few MB). */
export const MAX_OUTPUTS_BYTES = 64 * 1024 * 1024;

const REPORT_OPTIONS = {
  config: { ...CONFIG_OPTION, value: "FILE|REF:PATH", description: "the federation file, or <git ref>:<path>" },
  format: FORMAT_OPTION,
  pending: { type: "string", value: "OUTPUTS.json|-", description: "terraform output -json of the identity-center stack (or cdktf's --outputs-file; - for stdin)" },
  "max-rows": { ...MAX_ROWS_OPTION, defaultText: "200" },
} as const satisfies OptionSpecs;

export const reportCommand: Command = {
  name: "report",
  summary: "effective access per principal: permission sets, accounts, OU targets, standing vs eligible members",
  usage: "federation report [--config FILE|REF:PATH] [--format markdown|json] [--pending OUTPUTS.json] [--max-rows N]",
  options: REPORT_OPTIONS,
  description: "From the file alone (no synthesis, no cloud). --pending marks the principals the identity-center stack lists as not provisioned yet.",
  examples: [
    { command: "federation report", does: "who holds which permission set in which account, as Markdown" },
    { command: "terraform -chdir=cdktf.out/stacks/identity-center output -json | federation report --pending - --format json", does: "the same as JSON, pending principals marked" },
  ],
  exitCodes: [
    [0, "printed"],
    [1, "invalid file, or outputs that are not terraform output -json of identity-center"],
    [2, "usage error"],
  ],
  run: (args, io) => {
    const { values } = parse(args, REPORT_OPTIONS);
    const format = outputFormat(values.format);
    const maxRows = positiveInt(values["max-rows"], "--max-rows");
    let pending: string[] | undefined;
    if (values.pending !== undefined) {
      try {
        pending = parsePending(readJsonInput(values.pending, io.cwd, { what: "outputs JSON", maxBytes: MAX_OUTPUTS_BYTES, producer: "terraform output -json" }));
      } catch (e) {
        if (!(e instanceof PendingFormatError || e instanceof InputError)) throw e;
        io.err(`cannot read pending principals from ${JSON.stringify(values.pending)}: ${e.message}`);
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
