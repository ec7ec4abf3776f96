/**
 * The effective access of one federation file: per principal, permission set → accounts (names and ids) and OU/root
 * targets (resolved at plan time), standing vs just-in-time members, and — when a pending list is given — which
 * principals are not provisioned yet. The JSON output of `federation report` is this object.
 */
import { type IdentityProviderKind, identityProviderOf, matchingText, type PrincipalMatching } from "../idp/providers";
import { principalKey } from "../model/expand";
import type { FederationModel } from "../model/model";
import { type AccessView, accessView, type AccountRef, accountRef, cmp, type EligibleMember, groupMembers } from "./access";
import type { EffectiveActivation } from "./activation";
import { describeBoundary } from "./diff-permission-sets";
import { isPending } from "./pending";
import { combineRules, type PrivilegedRules, rulesOf } from "./privileged";

export const REPORT_FORMAT = "federation-access-report";

export interface TargetAccess {
  readonly targetId: string;
  readonly scope: "ou" | "root";
  readonly excludeAccounts: readonly AccountRef[];
}

export interface SetAccess {
  readonly permissionSet: string;
  readonly privileged: boolean;
  readonly sessionDuration: string;
  readonly accounts: readonly AccountRef[];
  readonly organizationalUnits: readonly TargetAccess[];
}

export interface PrincipalReport {
  readonly key: string;
  readonly kind: "group" | "user";
  readonly name: string;
  readonly description?: string;
  /** Present only when a pending list was given. */
  readonly pending?: boolean;
  /** How IAM Identity Center finds this principal (`identitySource.matching`: the IdP decides what externalId holds). */
  readonly matchedBy: PrincipalMatching;
  /** false: the IdP's SCIM does not provision it (a group under Google Workspace): its grants wait for a group made by other means. */
  readonly provisionedByIdp?: false;
  readonly members?: {
    readonly standing: readonly string[];
    readonly eligible: readonly EligibleMember[];
    readonly activation?: EffectiveActivation;
    readonly existingObjectId?: string;
  };
  readonly access: readonly SetAccess[];
}

export interface PermissionSetReport {
  readonly name: string;
  readonly description?: string;
  readonly sessionDuration: string;
  readonly managedPolicies: readonly string[];
  readonly customerManagedPolicies: readonly string[];
  readonly inlinePolicy: boolean;
  readonly permissionsBoundary?: string;
  readonly relayState?: string;
  /** Why it is privileged; empty when it is not. */
  readonly privileged: readonly string[];
  readonly principals: number;
  readonly accounts: number;
  readonly organizationalUnits: number;
}

/** The file's identity provider and what it means for finding principals in IAM Identity Center. */
export interface IdentitySourceReport {
  readonly provider: IdentityProviderKind;
  readonly title: string;
  readonly matching: PrincipalMatching;
  /** One sentence for people: how principals are matched. */
  readonly matchingText: string;
  readonly groupsProvisioned: boolean;
}

export interface AccessReport {
  readonly format: typeof REPORT_FORMAT;
  readonly version: 1;
  readonly config: string;
  readonly identitySource: IdentitySourceReport;
  readonly summary: {
    readonly principals: number;
    readonly grants: number;
    readonly accounts: number;
    readonly organizationTargets: number;
    readonly privilegedGrants: number;
    readonly pending?: number;
  };
  readonly principals: readonly PrincipalReport[];
  readonly permissionSets: readonly PermissionSetReport[];
  /** Entries of the pending list that name no principal of this file (stale or mistyped). */
  readonly unmatchedPending?: readonly string[];
}

export interface ReportOptions {
  readonly label: string;
  /** Pending entries (see pending.ts); undefined when unknown. */
  readonly pending?: readonly string[];
  readonly rules?: PrivilegedRules;
}

export function buildReport(model: FederationModel, options: ReportOptions): AccessReport {
  const view = accessView(model, options.rules ?? combineRules(rulesOf(model.spec)));
  const pending = options.pending ? new Set(options.pending) : undefined;
  const idp = identityProviderOf(model.spec);
  const principals = [...view.principals.values()].map((p) => {
    const key = principalKey(p);
    const members = p.kind === "group" ? groupMembers(model, p.name) : undefined;
    const description = p.kind === "group" ? model.spec.groups[p.name]?.description : undefined;
    return {
      key,
      kind: p.kind,
      name: p.name,
      ...(description ? { description } : {}),
      ...(pending ? { pending: isPending(pending, p) } : {}),
      matchedBy: idp.matching,
      ...(p.kind === "group" && !idp.provisionsGroups ? { provisionedByIdp: false as const } : {}),
      ...(members ? { members } : {}),
      access: accessOf(view, key),
    } satisfies PrincipalReport;
  });
  const matched = new Set(principals.flatMap((p) => [p.key, p.name]));
  const unmatchedPending = pending ? [...pending].filter((x) => !matched.has(x)).sort(cmp) : undefined;
  const grants = [...view.grants.values()];
  return {
    format: REPORT_FORMAT,
    version: 1,
    config: options.label,
    identitySource: { provider: idp.kind, title: idp.title, matching: idp.matching, matchingText: matchingText(idp), groupsProvisioned: idp.provisionsGroups },
    summary: {
      principals: principals.length,
      grants: grants.length,
      accounts: new Set(grants.map((g) => g.accountId)).size,
      organizationTargets: view.ouTargets.size,
      privilegedGrants: grants.filter((g) => view.privileged.has(g.permissionSet)).length,
      ...(pending ? { pending: principals.filter((p) => p.pending).length } : {}),
    },
    principals,
    permissionSets: Object.keys(model.spec.permissionSets)
      .sort(cmp)
      .map((name) => setReport(view, name)),
    ...(unmatchedPending ? { unmatchedPending } : {}),
  };
}

function accessOf(view: AccessView, key: string): SetAccess[] {
  const bySet = new Map<string, { accounts: string[]; targets: TargetAccess[] }>();
  const entry = (set: string) => {
    let e = bySet.get(set);
    if (!e) bySet.set(set, (e = { accounts: [], targets: [] }));
    return e;
  };
  for (const g of view.grantsByPrincipal.get(key) ?? []) entry(g.permissionSet).accounts.push(g.accountId);
  for (const t of view.ouTargetsByPrincipal.get(key) ?? []) {
    entry(t.permissionSet).targets.push({
      targetId: t.targetId,
      scope: t.targetId.startsWith("r-") ? "root" : "ou",
      excludeAccounts: t.excludeAccountIds.map((id) => accountRef(view, id)),
    });
  }
  return [...bySet.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([set, e]) => ({
      permissionSet: set,
      privileged: view.privileged.has(set),
      sessionDuration: view.model.spec.permissionSets[set]?.sessionDuration ?? "",
      accounts: e.accounts.sort(cmp).map((id) => accountRef(view, id)),
      organizationalUnits: e.targets.sort((a, b) => cmp(a.targetId, b.targetId)),
    }));
}

function setReport(view: AccessView, name: string): PermissionSetReport {
  const ps = view.model.spec.permissionSets[name];
  const grants = view.grantsBySet.get(name) ?? [];
  const targets = view.ouTargetsBySet.get(name) ?? [];
  const boundary = describeBoundary(ps.permissionsBoundary);
  return {
    name,
    ...(ps.description ? { description: ps.description } : {}),
    sessionDuration: ps.sessionDuration,
    managedPolicies: ps.managedPolicies,
    customerManagedPolicies: ps.customerManagedPolicies.map((c) => `${c.path}${c.name}`),
    inlinePolicy: ps.inlinePolicy !== undefined,
    ...(boundary ? { permissionsBoundary: boundary } : {}),
    ...(ps.relayState ? { relayState: ps.relayState } : {}),
    privileged: (view.privileged.get(name) ?? []).map((r) => r.text),
    principals: new Set([...grants, ...targets].map((x) => principalKey(x.principal))).size,
    accounts: new Set(grants.map((g) => g.accountId)).size,
    organizationalUnits: new Set(targets.map((t) => t.targetId)).size,
  };
}
