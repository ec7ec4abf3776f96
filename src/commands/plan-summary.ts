/**
 * `federation plan-summary <plan.json|-> [--format markdown|json] [--title NAME]`: a Terraform plan
 * (`terraform show -json plan.out`) grouped by meaning, replacements and deletions flagged. Prints no attribute
 * values except a few harmless ones, never sensitive ones. Anything that is not a plan is refused (exit 1).
 */
import { PlanFormatError, summarizePlan } from "../review/plan-summary";
import { renderPlanSummaryMarkdown } from "../review/plan-summary-markdown";
import { parse } from "./common";
import { outputFormat, positiveInt } from "./diff";
import { InputError, readJsonInput } from "./input";
import { type Command, UsageError } from "./io";

/** Largest plan read: a plan of every assignment stack at 20,000 grants is well below it. */
export const MAX_PLAN_BYTES = 256 * 1024 * 1024;

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
      plan = readJsonInput(file, io.cwd, { what: "plan JSON", maxBytes: MAX_PLAN_BYTES, producer: "terraform show -json plan.out" });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      io.err(`cannot read plan: ${e.message}`);
      return 1;
    }
    try {
      const summary = summarizePlan(plan, { title: values.title });
      io.out(format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : renderPlanSummaryMarkdown(summary, { maxRows }));
      return 0;
    } catch (e) {
      if (e instanceof PlanFormatError) {
        io.err(`${file === "-" ? "stdin" : file}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  },
};
