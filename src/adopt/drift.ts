/**
 * `federation drift`, without the command line: what is live, described in the file's own names (src/adopt/build.ts
 * with the file as base), compared with the file by the access diff (src/review/diff.ts): the file is the base, live
 * is the head, so everything live has and the file does not is "added" and every widening is an escalation, listed
 * first. On top of the diff, drift explains what the diff alone cannot say: an eligibility that ended, attribute
 * mappings reverted in the portal, groups that exist only in IAM Identity Center.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { membershipKey } from "../entra/groups-keys";
import { formatDiagnostic } from "../model/diagnostics";
import { instanceAddress } from "../model/imports";
import { ADOPT_ELIGIBILITY_ENDED, messages } from "../model/messages";
import { parseFederation } from "../model/load";
import type { FederationModel } from "../model/model";
import { diffFederations } from "../review/diff";
import type { AccessDiff, DiffWarning } from "../review/diff-types";
import { render } from "./adopt";
import { buildFederation } from "./build";
import { shellCommand, shellWord } from "../shell";

/** The Entra stack (stacks/entra-sso.ts `ENTRA_SSO_STACK`; not imported: that would load cdktf for every drift run). */
const ENTRA_SSO_STACK = "entra-sso";
import type { Snapshot } from "./snapshot";

export interface DriftOptions {
  readonly now: Date;
  /** The file as `FEDERATION_CONFIG` names it in printed commands (absent: a file read from git, or the default). */
  readonly deployConfig?: string;
  /** How the file is named in the output. */
  readonly fileLabel: string;
  /** How live is named (`live: export ./exports`). */
  readonly liveLabel: string;
  readonly extraPrivilegedPolicies?: readonly string[];
}

export type DriftOutcome = { readonly ok: true; readonly diff: AccessDiff; readonly drift: boolean; readonly live: FederationModel } | { readonly ok: false; readonly problems: readonly string[] };

/** What `drift` reads for a file: the groups it manages in detail, the OUs and roots it targets. */
export function driftReadScope(file: FederationModel): { groupDetails: Set<string>; organizationalUnits: string[] } {
  const spec = file.spec;
  return {
    groupDetails: new Set(Object.entries(spec.groups).filter(([, g]) => !g.objectId).map(([name]) => name)),
    organizationalUnits: [...new Set(spec.assignments.flatMap((a) => a.organizationalUnits ?? []))].sort(),
  };
}

export function drift(file: FederationModel, snapshot: Snapshot, options: DriftOptions): DriftOutcome {
  const build = buildFederation(snapshot, { base: file, now: options.now });
  if (build.problems.length) return { ok: false, problems: build.problems.map((p) => `${p.message} [${p.id}]`) };
  const loaded = parseFederation(render(build.spec, options.liveLabel), file.file, { now: options.now });
  if (!loaded.model) {
    return {
      ok: false,
      problems: loaded.diagnostics.filter((d) => d.severity === "error").map((d) => `what is live cannot be described as a valid federation file: ${formatDiagnostic("live", d)}`),
    };
  }
  const live = { ...loaded.model, file: options.liveLabel };
  // The import file says how the file was adopted, not what is live: drift compares access only (the access diff of
  // two files also compares their import files, src/review/diff-imports.ts).
  const diff = diffFederations({ ...file, imports: undefined }, { ...live, imports: undefined }, { baseLabel: options.fileLabel, headLabel: options.liveLabel, extraPrivilegedPolicies: options.extraPrivilegedPolicies });

  const warnings: DiffWarning[] = [...diff.warnings];
  const addresses = diff.removed.eligibleMembers.length ? eligibilityAddresses(file) : undefined;
  const deploy = `${options.deployConfig !== undefined ? `FEDERATION_CONFIG=${shellWord(options.deployConfig)} ` : ""}${shellCommand("npx", "cdktf", "deploy", ENTRA_SSO_STACK)}`;
  for (const e of diff.removed.eligibleMembers) {
    const until = e.expiry.startsWith("until ") ? e.expiry.slice(6) : undefined;
    const ended = until !== undefined && Date.parse(until) <= options.now.getTime();
    const why = ended ? { ended: until } : until !== undefined ? "removed early" : { duration: e.expiry };
    const address = addresses?.(e.group, e.principal) ?? "<address from terraform state list>";
    const stateRm = shellCommand("terraform", `-chdir=cdktf.out/stacks/${ENTRA_SSO_STACK}`, "state", "rm", address);
    const m = messages.driftEligibilityMissing(e.principal, e.group, why, stateRm, deploy);
    warnings.push({ id: m.id, subject: `group:${e.group}/eligible:${e.principal}`, message: m.message });
  }
  for (const n of build.notes) {
    if (n.id !== ADOPT_ELIGIBILITY_ENDED) continue;
    const m = messages.driftEligibilityEnded(n.message);
    warnings.push({ id: m.id, subject: "pim", message: m.message });
  }
  const mapping = snapshot.entra.synchronization.mapping;
  if (file.spec.entra?.provisioning.externalIdFromObjectId && live.spec.entra?.provisioning.enabled && !live.spec.entra.provisioning.externalIdFromObjectId) {
    const m = messages.driftAttributeMappingReverted(mapping?.userExternalIdSource, mapping?.groupExternalIdSource, mapping?.extraPhoneMappings ?? []);
    warnings.push({ id: m.id, subject: "entra.provisioning.externalIdFromObjectId", message: m.message });
  }
  for (const name of Object.keys(live.spec.groups)) {
    if (!(name in file.spec.groups) && !build.naming.groupObjectIds.has(name)) {
      const m = messages.driftGroupOnlyInIdentityCenter(name);
      warnings.push({ id: m.id, subject: `group:${name}`, message: m.message });
    }
  }
  const result: AccessDiff = { ...diff, warnings, summary: { ...diff.summary, warnings: warnings.length } };
  return { ok: true, diff: result, drift: hasDrift(result), live };
}

/**
 * The Terraform address of each eligibility of the file in `entra-sso` (`<type>.<name>["<group>/<principal>"]`), from
 * the stack's construct tree (no synthesis): the name is cdktf's, the key src/entra/groups-keys.ts `membershipKey`.
 */
function eligibilityAddresses(file: FederationModel): (group: string, principal: string) => string | undefined {
  // Loaded here: cdktf and the providers cost ~0.5 s, which only a missing eligibility pays.
  const { App, TerraformResource } = require("cdktf") as typeof import("cdktf");
  const { EntraSsoStack } = require("../../stacks/entra-sso") as typeof import("../../stacks/entra-sso");
  // cdktf's App makes its output folder (and `stacks/` in it) when it is constructed, `cdktf.out` of the current
  // directory by default (cdktf 0.21.0 lib/app.js, lib/manifest.js): a folder of our own, removed at once, so drift
  // writes nothing where it runs (an empty `cdktf.out` there would make the next `npm start` refuse to write into it).
  const outdir = mkdtempSync(join(tmpdir(), "federation-drift-"));
  try {
    const stack = new EntraSsoStack(new App({ outdir, skipValidation: true }), file);
    const schedule = stack.node
      .findAll()
      .find((c): c is InstanceType<typeof TerraformResource> => c instanceof TerraformResource && c.terraformResourceType === "azuread_privileged_access_group_eligibility_schedule");
    if (!schedule) return () => undefined;
    const resource = `${schedule.terraformResourceType}.${schedule.friendlyUniqueId}`;
    return (group, principal) => instanceAddress(resource, membershipKey(group, principal));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Anything at all differs. */
export function hasDrift(d: AccessDiff): boolean {
  const side = (s: AccessDiff["added"]) => Object.values(s).some((list) => (list as readonly unknown[]).length > 0);
  return d.escalations.length > 0 || d.warnings.length > 0 || d.changed.length > 0 || (d.lockout?.length ?? 0) > 0 || side(d.added) || side(d.removed);
}
