/**
 * `federation plan-summary <plan.json|-> [--format markdown|json] [--title NAME]`: a Terraform plan
 * (`terraform show -json plan.out`) grouped by meaning, replacements and deletions flagged. Prints no attribute
 * values except a few harmless ones, never sensitive ones.
 */
import { readFileSync } from "node:fs";
import { JsonInputError, parseJsonSafely } from "../safe-json";
import { resolve } from "node:path";
import { PlanFormatError, summarizePlan } from "../review/plan-summary";
import { renderPlanSummaryMarkdown } from "../review/plan-summary-markdown";
import { parse } from "./common";
import { outputFormat, positiveInt } from "./diff";
import { type Command, UsageError } from "./io";

export const planSummaryCommand: Command = {
  name: "plan-summary",
  summary: "summarize `terraform show -json` plan output: grants, permission sets, groups, replacements, deletions",
  usage: "federation plan-summary PLAN.json|- [--format markdown|json] [--title NAME] [--max-rows N]",
  run: (args, io) => {
    const { values, positionals } = parse(args, { format: { type: "string" }, title: { type: "string" }, "max-rows": { type: "string" } }, true);
    if (positionals.length !== 1) throw new UsageError("give exactly one plan file (the output of `terraform show -json plan.out`), or - for stdin");
    const format = outputFormat(values.format);
    const maxRows = positiveInt(values["max-rows"], "--max-rows");
    const file = positionals[0];
    let plan: unknown;
    try {
      // Bounded nesting, and a syntax error that never quotes the plan (src/safe-json.ts).
      plan = parseJsonSafely(readFileSync(file === "-" ? 0 : resolve(io.cwd, file), "utf8"), "the plan");
    } catch (e) {
      if (e instanceof JsonInputError) {
        io.err(`cannot read plan ${JSON.stringify(file)}: ${e.message}`);
        return 1;
      }
      io.err(`cannot read plan ${JSON.stringify(file)}: ${(e as Error).message.split("\n")[0]}`);
      return 1;
    }
    try {
      const summary = summarizePlan(plan, { title: values.title });
      io.out(format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : renderPlanSummaryMarkdown(summary, { maxRows }));
      return 0;
    } catch (e) {
      if (e instanceof PlanFormatError) {
        io.err(`${file}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  },
};
