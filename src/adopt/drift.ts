/**
 * `federation drift`, without the command line: what is live, described in the file's own names (src/adopt/build.ts
 * with the file as base), compared with the file by the access diff (src/review/diff.ts): the file is the base, live
 * is the head, so everything live has and the file does not is "added" and every widening is an escalation, listed
 * first. On top of the diff, drift explains what the diff alone cannot say: an eligibility that ended, attribute
 * mappings reverted in the portal, groups that exist only in IAM Identity Center.
 */
import { formatDiagnostic } from "../model/diagnostics";
import { ADOPT_ELIGIBILITY_ENDED, messages } from "../model/messages";
import { parseFederation } from "../model/load";
import type { FederationModel } from "../model/model";
import { diffFederations } from "../review/diff";
import type { AccessDiff, DiffWarning } from "../review/diff-types";
import { render } from "./adopt";
import { buildFederation } from "./build";
import type { Snapshot } from "./snapshot";

export interface DriftOptions {
  readonly now: Date;
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
  const diff = diffFederations(file, live, { baseLabel: options.fileLabel, headLabel: options.liveLabel, extraPrivilegedPolicies: options.extraPrivilegedPolicies });

  const warnings: DiffWarning[] = [...diff.warnings];
  for (const e of diff.removed.eligibleMembers) {
    const until = e.expiry.startsWith("until ") ? e.expiry.slice(6) : undefined;
    const ended = until !== undefined && Date.parse(until) <= options.now.getTime();
    const m = messages.driftEligibilityMissing(e.principal, e.group, ended ? { ended: until as string } : e.expiry.startsWith("until ") ? "removed early" : { duration: e.expiry });
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

/** Anything at all differs. */
export function hasDrift(d: AccessDiff): boolean {
  const side = (s: AccessDiff["added"]) => Object.values(s).some((list) => (list as readonly unknown[]).length > 0);
  return d.escalations.length > 0 || d.warnings.length > 0 || d.changed.length > 0 || (d.lockout?.length ?? 0) > 0 || side(d.added) || side(d.removed);
}
