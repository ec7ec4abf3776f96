/**
 * `federation plan-summary <plan.json|-> [--format markdown|json] [--title NAME]`: a Terraform plan
 * (`terraform show -json plan.out`) grouped by meaning, replacements and deletions flagged. Prints no attribute
 * values except a few harmless ones, never sensitive ones. Anything that is not a plan is refused (exit 1).
 */
import { PlanFormatError, summarizePlan } from "../review/plan-summary";
import { renderPlanSummaryMarkdown } from "../review/plan-summary-markdown";
import { FORMAT_OPTION, MAX_ROWS_OPTION, parse } from "./common";
import { outputFormat, positiveInt } from "./diff";
import { InputError, readJsonInput } from "./input";
import { type Command, type OptionSpecs, UsageError } from "./io";

/** Largest plan read: a plan of every assignment stack at 20,000 grants is well below it. */
export const MAX_PLAN_BYTES = 256 * 1024 * 1024;

const PLAN_SUMMARY_OPTIONS = {
  format: FORMAT_OPTION,
  title: { type: "string", value: "NAME", description: "the heading (the stack's name)", defaultText: "Terraform plan", completes: "none" },
  "max-rows": MAX_ROWS_OPTION,
} as const satisfies OptionSpecs;

export const planSummaryCommand: Command = {
  name: "plan-summary",
  summary: "summarize `terraform show -json` plan output: grants, permission sets, groups, replacements, deletions",
  usage: "federation plan-summary PLAN.json|- [--format markdown|json] [--title NAME] [--max-rows N]",
  options: PLAN_SUMMARY_OPTIONS,
  positionals: [{ name: "PLAN.json|-", description: "the output of `terraform show -json plan.out` (- reads it from a pipe)" }],
  description: "Shows attribute names, and values only for a few harmless attributes the plan does not mark sensitive: plan JSON carries the SCIM token in clear, the summary never does. State, outputs, the plan -json log and broken plans are refused with what they are.",
  examples: [
    { command: "terraform show -json plan.out | federation plan-summary - --title identity-center", does: "summarizes a saved plan read from a pipe" },
    { command: "federation plan-summary plan.json --format json", does: "the same as JSON" },
  ],
  exitCodes: [
    [0, "summarized"],
    [1, "not a plan, or unreadable"],
    [2, "usage error"],
  ],
  run: (args, io) => {
    const { values, positionals } = parse(args, PLAN_SUMMARY_OPTIONS, true);
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
