/**
 * `federation adopt --out FILE (--from DIR | --live) [options]`: reads an existing, console-made federation (live
 * through the SDKs, or from an export folder) and writes a federation file that describes it plus its import file
 * (`<name>.imports.json`), so the first deploy imports everything that exists instead of recreating it. Prints what
 * the first deploy will import, create (only what does not exist yet) and what cannot be imported, with the commands
 * that finish it. Exit 0 written; 1 the source cannot be read or described (one line per problem, nothing written);
 * 2 usage. The adopt modules and the SDKs load only when this command runs.
 */
import { join, resolve } from "node:path";
import { now } from "../clock";
import { formatDiagnostic } from "../model/diagnostics";
import { shellCommand, shellWord } from "../shell";
import type { Source } from "../adopt/source";
import { parse, relativeTo } from "./common";
import { type CliIo, type Command, type OptionSpecs, UsageError } from "./io";

export interface SourceDeps {
  /** The live source (tests pass one over mocked SDK clients and a fake Graph). */
  readonly liveSource: (region: string) => Source;
}

export const defaultSourceDeps: SourceDeps = {
  liveSource: (region) => {
    const { liveAwsSource } = require("../adopt/live-aws") as typeof import("../adopt/live-aws");
    const { liveGraphSource } = require("../adopt/live-graph") as typeof import("../adopt/live-graph");
    const { combineSources } = require("../adopt/source") as typeof import("../adopt/source");
    return combineSources(liveAwsSource({ region }), liveGraphSource());
  },
};

/** Options every reading command shares (adopt, drift). */
export const SOURCE_OPTIONS = {
  from: { type: "string", value: "DIR", description: "read a saved export (scripts/export-federation.sh)", completes: "directory" },
  live: { type: "boolean", description: "read with your credentials (AWS SDK and Microsoft Graph, read-only)" },
  region: { type: "string", value: "R", description: "IAM Identity Center's region for --live", defaultText: "AWS_REGION, else AWS_DEFAULT_REGION", completes: "none" },
  "app-id": { type: "string", value: "ID", description: "application (client) id of the enterprise application", defaultText: "live: the one made from the AWS IAM Identity Center gallery template", completes: "none" },
  "instance-arn": { type: "string", value: "ARN", description: "the IAM Identity Center instance, when the region has several", completes: "none" },
} as const satisfies OptionSpecs;

export interface ChosenSource {
  readonly source: Source;
  /** The export folder, as given (messages name files under it). */
  readonly exportDir?: string;
  readonly label: string;
}

/** `--app-id`: the application (client) id, a GUID (it names the application in Graph paths and printed commands). */
export function appIdOption(value: string | undefined): string | undefined {
  if (value !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
    throw new UsageError(`--app-id ${JSON.stringify(value)} is not an application (client) id (a GUID: Entra admin center > Enterprise applications > your application > Application ID)`);
  }
  return value;
}

/** `--from DIR` or `--live` (with a region from --region, AWS_REGION or AWS_DEFAULT_REGION). */
export function chooseSource(values: { from?: string; live?: boolean; region?: string }, io: CliIo, deps: SourceDeps): ChosenSource {
  if ((values.from === undefined) === (values.live !== true)) throw new UsageError("give exactly one of --from DIR (a saved export) and --live (read with your credentials)");
  if (values.from !== undefined) {
    const { exportSource } = require("../adopt/export-source") as typeof import("../adopt/export-source");
    return { source: exportSource(resolve(io.cwd, values.from), values.from), exportDir: values.from, label: `export ${values.from}` };
  }
  const region = values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (!region) throw new UsageError("--live needs the region of IAM Identity Center: --region, or AWS_REGION");
  return { source: deps.liveSource(region), label: `live (${region})` };
}

const ADOPT_OPTIONS = {
  ...SOURCE_OPTIONS,
  out: { type: "string", value: "FILE", description: "where the federation file is written; its import file goes next to it (required)" },
  "manage-groups": { type: "boolean", description: "manage every group from now on (description, owners, members, PIM), not only assign it" },
  "manage-group": { type: "string", multiple: true, value: "NAME", description: "manage this group from now on", completes: "none" },
  "scim-secret": { type: "string", value: "NAME", description: "the Secrets Manager secret for the SCIM endpoint and token", defaultText: "a new container", completes: "none" },
  "existing-scim-secret": { type: "boolean", description: "with --scim-secret: the secret exists and holds the token already" },
  "access-portal-url": { type: "string", value: "URL", description: "the AWS access portal URL", defaultText: "the application's sign-on URL, else https://<store>.awsapps.com/start", completes: "none" },
  "provision-on-demand": { type: "boolean", description: "push newly assigned groups at once (off: every group is provisioned already)" },
  force: { type: "boolean", description: "replace existing files" },
} as const satisfies OptionSpecs;

export function adoptCommandWith(deps: SourceDeps): Command {
  return {
    name: "adopt",
    summary: "describe an existing (console-made) federation as a federation file plus import blocks",
    usage:
      "federation adopt --out FILE (--from DIR | --live [--region R]) [--app-id ID] [--instance-arn ARN] [--manage-groups | --manage-group NAME...] [--scim-secret NAME [--existing-scim-secret]] [--access-portal-url URL] [--provision-on-demand] [--force]",
    options: ADOPT_OPTIONS,
    description:
      "Reads everything before writing anything; both files are written atomically, and an existing file is replaced only with --force. Prints what the first deploy imports, creates and cannot import, with the commands that finish it.",
    examples: [
      { command: "federation adopt --live --region us-east-1 --app-id 11112222-3333-4444-5555-666677778888 --out config/federation.yaml", does: "describes the live setup (read-only credentials)" },
      { command: "federation adopt --from exports --out config/federation.yaml --manage-groups", does: "describes a saved export, managing every group from now on" },
    ],
    exitCodes: [
      [0, "written"],
      [1, "the source cannot be read or described, or a file exists (nothing written)"],
      [2, "usage error"],
    ],
    run: async (args, io) => {
      const { values } = parse(args, ADOPT_OPTIONS);
      if (!values.out) throw new UsageError("--out FILE is required (where the federation file is written; its import file goes next to it)");
      if (values["manage-groups"] && values["manage-group"]?.length) throw new UsageError("give --manage-groups (every group) or --manage-group NAME, not both");
      if (values["existing-scim-secret"] && !values["scim-secret"]) throw new UsageError("--existing-scim-secret needs --scim-secret NAME");
      const appId = appIdOption(values["app-id"]);
      const chosen = chooseSource(values, io, deps);
      const manageGroups = values["manage-groups"] ? true : new Set(values["manage-group"] ?? []);

      const { readSnapshot } = require("../adopt/read") as typeof import("../adopt/read");
      const { ReadErrors } = require("../adopt/source") as typeof import("../adopt/source");
      const { terminalProgress } = require("../adopt/progress") as typeof import("../adopt/progress");
      const { adopt } = require("../adopt/adopt") as typeof import("../adopt/adopt");
      const { writeFilesAtomically, WriteRefused } = require("../adopt/write") as typeof import("../adopt/write");

      let snapshot;
      try {
        snapshot = await readSnapshot(chosen.source, {
          appId,
          instanceArn: values["instance-arn"],
          groupDetails: manageGroups,
          exportDir: chosen.exportDir,
          progress: chosen.exportDir === undefined ? terminalProgress() : undefined,
        });
      } catch (e) {
        if (!(e instanceof ReadErrors)) throw e;
        for (const err of e.errors) io.err(`error: ${err.message}`);
        io.err(`${e.errors.length} problem${e.errors.length === 1 ? "" : "s"} reading ${chosen.label}; nothing was written`);
        return 1;
      }

      const out = resolve(io.cwd, values.out);
      const outcome = adopt(snapshot, {
        file: out,
        sourceLabel: chosen.label,
        now: now(),
        manageGroups,
        scimSecret: values["scim-secret"] ? { name: values["scim-secret"], existing: values["existing-scim-secret"] === true } : undefined,
        accessPortalUrl: values["access-portal-url"],
        region: values.region,
        provisionOnDemand: values["provision-on-demand"] === true,
      });
      if (!outcome.ok) {
        for (const p of outcome.problems) io.err(`error: ${p}`);
        io.err(`${outcome.problems.length} problem${outcome.problems.length === 1 ? "" : "s"}: ${chosen.label} cannot be described as a federation file; nothing was written`);
        return 1;
      }
      const a = outcome.adopted;
      const importsPath = join(resolve(out, ".."), a.importsFile);
      try {
        writeFilesAtomically([{ path: importsPath, text: a.importsText }, { path: out, text: a.yaml }], { force: values.force === true });
      } catch (e) {
        if (e instanceof WriteRefused) {
          io.err(`refusing: ${e.message}`);
          return 1;
        }
        throw e;
      }
      const shown = relativeTo(io.cwd, out);
      for (const d of a.warnings) io.err(formatDiagnostic(shown, d));
      io.out(adoptSummary(a, { file: shown, importsFile: relativeTo(io.cwd, importsPath), source: chosen.label }));
      return 0;
    },
  };
}

export const adoptCommand: Command = adoptCommandWith(defaultSourceDeps);

/** What was written and what the first deploy does, for the terminal. */
export function adoptSummary(
  a: import("../adopt/adopt").Adopted,
  where: { file: string; importsFile: string; source: string },
): string {
  const spec = a.model.spec;
  const outcomes = a.plan.outcomes;
  const imports = outcomes.filter((o) => o.kind === "import" && !o.gated);
  const gated = outcomes.filter((o) => o.kind === "import" && o.gated);
  const stacks = new Map<string, number>();
  for (const o of imports) stacks.set(o.stack, (stacks.get(o.stack) ?? 0) + 1);
  const created = outcomes.filter((o) => o.kind === "create");
  const notImportable = outcomes.filter((o) => o.kind === "not-importable");
  const grants = a.plan.outcomes.filter((o) => o.type === "aws_ssoadmin_account_assignment").length;
  const lines = [
    `Adopted ${where.source} into ${where.file} and ${where.importsFile}:`,
    `  ${Object.keys(spec.permissionSets).length} permission sets, ${Object.keys(spec.groups).length} groups (${a.naming.managedGroups.size} managed here), ${Object.keys(spec.accounts).length} accounts, ${grants} account assignments`,
    "",
    `The first deploy imports ${imports.length} existing objects (${[...stacks].map(([s, n]) => `${s}: ${n}`).join(", ")}).`,
  ];
  if (gated.length) {
    lines.push("", "Imported later, by the first deploy in which they exist (each import block is gated on its resource's own count: once the SCIM secret has a value):");
    for (const o of gated) lines.push(`  - ${o.stack}: ${o.address}`);
  }
  if (created.length) {
    lines.push("", "It creates only what does not exist yet:");
    for (const o of created) lines.push(`  - ${o.stack}: ${o.address}: ${o.detail}`);
  }
  if (notImportable.length) {
    lines.push("", "Not imported (nothing to import, or the provider cannot):");
    const seen = new Set<string>();
    for (const o of notImportable) {
      const k = `${o.stack}|${o.type}|${o.detail}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const n = notImportable.filter((x) => x.stack === o.stack && x.type === o.type && x.detail === o.detail).length;
      lines.push(`  - ${o.stack}: ${o.type}${n > 1 ? ` (${n})` : ""}: ${o.detail}`);
    }
  }
  if (a.notes.length) {
    lines.push("", "Notes:");
    for (const n of a.notes) lines.push(`  - ${n.message} [${n.id}]`);
  }
  lines.push("", ...finishSteps(a, where.file));
  lines.push(`  Import blocks of objects already in the state do nothing: remove \`imports:\` and ${where.importsFile} after the first deploy, or keep them as a record.`);
  return `${lines.join("\n")}\n`;
}

/**
 * The steps after adopting, in the order they can run: a stack's diff reads the state of the stacks it depends on
 * (`terraform_remote_state`: `scim-provisioning` and `identity-center` read `entra-sso`, the assignment stacks
 * `identity-center`), so each diff comes after those were deployed; the SCIM secret container is created by the first
 * deploy of `scim-provisioning`, before a value can be stored in it. Every command is quoted by src/shell.ts.
 */
export function finishSteps(a: import("../adopt/adopt").Adopted, file: string): string[] {
  const spec = a.model.spec;
  const cdktf = (...args: string[]) => `       FEDERATION_CONFIG=${shellWord(file)} ${shellCommand("npx", "cdktf", ...args)}`;
  const secret = a.model.scimSecret;
  const shards = Object.keys(a.plan.imports)
    .filter((s) => s.startsWith("identity-center-assignments-"))
    .sort((x, y) => Number(x.slice(x.lastIndexOf("-") + 1)) - Number(y.slice(y.lastIndexOf("-") + 1)));
  const scim = ["scim-provisioning", "--ignore-missing-stack-dependencies"];
  const lines = [
    "To finish, in this order, from the project folder (each diff only after the stacks it reads are deployed; README: Adopting an existing federation):",
    "  1. Review the file. entra-sso's plan must show imports only (nothing that exists created or destroyed), then deploy it:",
    cdktf("diff", "entra-sso"),
    cdktf("deploy", "entra-sso"),
    `  2. scim-provisioning (reads entra-sso) ${secret.existing ? `reads the existing secret ${secret.name}` : `creates the SCIM secret container ${secret.name}, empty`}:`,
    cdktf("diff", "scim-provisioning"),
    cdktf("deploy", ...scim),
  ];
  let step = 3;
  if (spec.entra?.provisioning.enabled) {
    lines.push(
      `  ${step++}. The synchronization secret cannot be imported, and the provisioning job is imported only once ${secret.name} has a value${secret.existing ? " (skip this step if it has one: step 2 imported the job)" : ""}.`,
      "     Generate a SCIM access token in IAM Identity Center (Settings > Automatic provisioning; the current one is in Entra and cannot be read), store the endpoint and",
      "     token (README: Deploy runbook, step 5; the command reads the JSON from stdin):",
      `       ${shellCommand("aws", "secretsmanager", "put-secret-value", "--region", spec.identityCenter.region, "--secret-id", secret.name, "--secret-string", "file:///dev/stdin")}`,
      "     then deploy scim-provisioning again: it imports the job and puts the credentials again from the secret:",
      cdktf("diff", "scim-provisioning"),
      cdktf("deploy", ...scim),
    );
  }
  lines.push(`  ${step++}. identity-center (reads entra-sso): imports only, then deploy it:`, cdktf("diff", "identity-center"), cdktf("deploy", "identity-center", "--ignore-missing-stack-dependencies"));
  if (shards.length) {
    lines.push(
      `  ${step++}. The assignment stacks (read identity-center): imports only, then deploy them:`,
      ...shards.map((s) => cdktf("diff", s)),
      cdktf("deploy", "entra-sso", "identity-center", "identity-center-assignments-*"),
    );
  }
  lines.push(`  From then on every deploy is: FEDERATION_CONFIG=${shellWord(file)} ${shellCommand("npx", "cdktf", "deploy", "*")}`);
  return lines;
}
