/**
 * `federation drift [--config FILE] (--from DIR | --live) [--format markdown|json] [--max-rows N]`: compares what is
 * live (the same readers as `adopt`) with the federation file and prints it as an access diff, file → live,
 * escalations first: console edits, out-of-band grants, reverted attribute mappings, eligibilities that ended.
 *
 * Exit codes (for a scheduled CI job): 0 live matches the file; 6 drift; 7 drift that widens access (an escalation:
 * live grants more than the file); 1 the file is invalid or the source cannot be read; 2 usage. The diff is printed
 * whenever there is one.
 */
import { now } from "../clock";
import { configPath } from "../config-path";
import { parseSource } from "../review/source";
import { appIdOption, chooseSource, defaultSourceDeps, SOURCE_OPTIONS, type SourceDeps } from "./adopt";
import { CONFIG_OPTION, FORMAT_OPTION, MAX_ROWS_OPTION, parse, PRIVILEGED_POLICY_OPTION } from "./common";
import { loadSourceOrReport, outputFormat, positiveInt } from "./diff";
import type { Command, OptionSpecs } from "./io";

/** Exit code of `drift` when live differs from the file. */
export const DRIFT_EXIT_CODE = 6;
/** Exit code of `drift` when live differs and gives more access than the file (an escalation). */
export const DRIFT_ESCALATION_EXIT_CODE = 7;

const DRIFT_OPTIONS = {
  ...SOURCE_OPTIONS,
  config: { ...CONFIG_OPTION, value: "FILE|REF:PATH", description: "the federation file, or <git ref>:<path>" },
  format: FORMAT_OPTION,
  "privileged-policy": PRIVILEGED_POLICY_OPTION,
  "max-rows": MAX_ROWS_OPTION,
} as const satisfies OptionSpecs;

export function driftCommandWith(deps: SourceDeps): Command {
  return {
    name: "drift",
    summary: "compare what is live with the federation file, as an access diff (exit 6 drift, 7 drift that widens access)",
    usage: "federation drift [--config FILE|REF:PATH] (--from DIR | --live [--region R]) [--app-id ID] [--instance-arn ARN] [--format markdown|json] [--privileged-policy NAME]... [--max-rows N]",
    options: DRIFT_OPTIONS,
    description: "The file is the base and live the head, rendered like `federation diff`: console edits, out-of-band grants, reverted attribute mappings, eligibilities that ended. What the services do not show (the SCIM secret, state, review settings) is taken from the file.",
    examples: [
      { command: "federation drift --live --region us-east-1 --app-id 11112222-3333-4444-5555-666677778888 > drift.md", does: "a nightly check with read-only credentials (exit 6 or 7 on drift)" },
      { command: "federation drift --from exports --format json", does: "against a saved export, as JSON" },
    ],
    exitCodes: [
      [0, "live matches the file"],
      [1, "the file is invalid or the source cannot be read"],
      [2, "usage error"],
      [DRIFT_EXIT_CODE, "drift"],
      [DRIFT_ESCALATION_EXIT_CODE, "drift that widens access (live grants more than the file)"],
    ],
    run: async (args, io) => {
      const { values } = parse(args, DRIFT_OPTIONS);
      const format = outputFormat(values.format);
      const maxRows = positiveInt(values["max-rows"], "--max-rows");
      const appId = appIdOption(values["app-id"]);
      const chosen = chooseSource(values, io, deps);
      const spec = values.config ?? configPath(undefined, io.env);
      const file = loadSourceOrReport(spec, io, "head");
      if (!file) return 1;
      if (file.model.spec.identityProvider !== "entra") {
        // The live reader reads Entra (Graph) and IAM Identity Center together; other IdPs have no reader yet.
        io.err(`${file.label}: drift reads Microsoft Entra ID and IAM Identity Center; this file names identityProvider ${file.model.spec.identityProvider}, which it cannot read yet (README: Drift)`);
        return 1;
      }

      const { readSnapshot } = require("../adopt/read") as typeof import("../adopt/read");
      const { ReadErrors } = require("../adopt/source") as typeof import("../adopt/source");
      const { terminalProgress } = require("../adopt/progress") as typeof import("../adopt/progress");
      const { drift, driftReadScope } = require("../adopt/drift") as typeof import("../adopt/drift");
      const { renderDiffMarkdown } = require("../review/diff-markdown") as typeof import("../review/diff-markdown");

      const scope = driftReadScope(file.model);
      const ic = file.model.spec.identityCenter;
      let snapshot;
      try {
        snapshot = await readSnapshot(chosen.source, {
          appId,
          instanceArn: values["instance-arn"] ?? ic.instanceArn,
          groupDetails: scope.groupDetails,
          organizationalUnits: scope.organizationalUnits,
          exportDir: chosen.exportDir,
          progress: chosen.exportDir === undefined && format !== "json" ? terminalProgress() : undefined,
        });
      } catch (e) {
        if (!(e instanceof ReadErrors)) throw e;
        for (const err of e.errors) io.err(`error: ${err.message}`);
        io.err(`${e.errors.length} problem${e.errors.length === 1 ? "" : "s"} reading ${chosen.label}; nothing was compared`);
        return 1;
      }
      // The file's path for FEDERATION_CONFIG in printed commands (a file read from git has none).
      const deployConfig = parseSource(spec, io.cwd).kind === "file" ? file.label : undefined;
      const outcome = drift(file.model, snapshot, { now: now(), fileLabel: file.label, deployConfig, liveLabel: chosen.label, extraPrivilegedPolicies: values["privileged-policy"] ?? [] });
      if (!outcome.ok) {
        for (const p of outcome.problems) io.err(`error: ${p}`);
        return 1;
      }
      io.out(format === "json" ? `${JSON.stringify(outcome.diff, null, 2)}\n` : renderDiffMarkdown(outcome.diff, { maxRows }));
      if (!outcome.drift) {
        io.err(`no drift: ${chosen.label} matches ${file.label}`);
        return 0;
      }
      const escalations = outcome.diff.escalations.length;
      io.err(`drift: ${chosen.label} differs from ${file.label}${escalations ? ` and grants more (${escalations} escalation${escalations === 1 ? "" : "s"})` : ""}`);
      return escalations ? DRIFT_ESCALATION_EXIT_CODE : DRIFT_EXIT_CODE;
    },
  };
}

export const driftCommand: Command = driftCommandWith(defaultSourceDeps);
