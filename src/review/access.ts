/**
 * The effective access of a federation file, indexed for review: who holds which permission set where (static
 * grants and plan-time OU/root targets), and who is in each group (standing vs eligible). Pure: built from the model
 * and `expand()`, so reports and diffs never need a synthesis.
 */
import { type AccessGrant, assignmentPrincipal, expand, type OuTarget, type Principal, principalKey } from "../model/expand";
import type { FederationModel } from "../model/model";
import { accountNameById } from "../model/model";
import { DEFAULT_ELIGIBILITY_DURATION } from "../entra/pim-settings";
import { DEFAULT_ACTIVATION, type EffectiveActivation } from "./activation";
import { combineRules, type PrivilegedRules, type PrivilegeReason, privilegedSets, rulesOf } from "./privileged";

export interface AccountRef {
  readonly id: string;
  /** Name in the `accounts:` inventory, when there is one. */
  readonly name?: string;
}

export interface EligibleMember {
  readonly principal: string;
  /** `P180D`, `until 2027-03-31T00:00:00Z`, `permanent`, or `P365D (default)` (the PIM construct's default). */
  readonly expiry: string;
}

export interface GroupMembers {
  /** Standing members as written (UPNs or object ids). */
  readonly standing: readonly string[];
  /** PIM-eligible (just-in-time) members. */
  readonly eligible: readonly EligibleMember[];
  /** Activation rules, when the group has eligible members or declares them. */
  readonly activation?: EffectiveActivation;
  /** The Entra group is managed elsewhere: members are not known here. */
  readonly existingObjectId?: string;
}

export interface AccessView {
  readonly model: FederationModel;
  readonly rules: PrivilegedRules;
  readonly grants: ReadonlyMap<string, AccessGrant>;
  readonly ouTargets: ReadonlyMap<string, OuTarget>;
  readonly grantsBySet: ReadonlyMap<string, readonly AccessGrant[]>;
  readonly ouTargetsBySet: ReadonlyMap<string, readonly OuTarget[]>;
  readonly grantsByPrincipal: ReadonlyMap<string, readonly AccessGrant[]>;
  readonly ouTargetsByPrincipal: ReadonlyMap<string, readonly OuTarget[]>;
  /** Every principal that appears in an assignment or under `groups:`, by principal key. */
  readonly principals: ReadonlyMap<string, Principal>;
  /** Privileged permission sets with their reasons. */
  readonly privileged: ReadonlyMap<string, readonly PrivilegeReason[]>;
  readonly accountNames: ReadonlyMap<string, string>;
}

/** Builds the view; `rules` default to the file's own `review:` rules. */
export function accessView(model: FederationModel, rules: PrivilegedRules = combineRules(rulesOf(model.spec))): AccessView {
  const expansion = expand(model);
  const grants = new Map(expansion.grants.map((g) => [g.key, g]));
  const ouTargets = new Map(expansion.ouTargets.map((t) => [t.key, t]));
  const grantsBySet = groupBy(expansion.grants, (g) => g.permissionSet);
  const ouTargetsBySet = groupBy(expansion.ouTargets, (t) => t.permissionSet);
  const grantsByPrincipal = groupBy(expansion.grants, (g) => principalKey(g.principal));
  const ouTargetsByPrincipal = groupBy(expansion.ouTargets, (t) => principalKey(t.principal));
  const principals = new Map<string, Principal>();
  for (const name of Object.keys(model.spec.groups)) principals.set(`group:${name}`, { kind: "group", name });
  for (const x of [...expansion.grants, ...expansion.ouTargets]) principals.set(principalKey(x.principal), x.principal);
  for (const a of model.spec.assignments) {
    const p = assignmentPrincipal(a);
    if (!principals.has(principalKey(p))) principals.set(principalKey(p), p);
  }
  return {
    model,
    rules,
    grants,
    ouTargets,
    grantsBySet,
    ouTargetsBySet,
    grantsByPrincipal,
    ouTargetsByPrincipal,
    principals: new Map([...principals.entries()].sort(([a], [b]) => cmp(a, b))),
    privileged: privilegedSets(model, rules),
    accountNames: accountNameById(model.spec),
  };
}

export function groupMembers(model: FederationModel, group: string): GroupMembers | undefined {
  const g = model.spec.groups[group];
  if (!g) return undefined;
  const eligible = (g.eligibleMembers ?? []).map((e) => ({
    principal: e.principal,
    expiry: e.permanent ? "permanent" : e.expirationDate ? `until ${e.expirationDate}` : e.duration ?? `${DEFAULT_ELIGIBILITY_DURATION} (default)`,
  }));
  const hasPim = eligible.length > 0 || g.activation !== undefined;
  return {
    standing: g.members ?? [],
    eligible,
    activation: hasPim ? (g.activation ?? DEFAULT_ACTIVATION) : undefined,
    existingObjectId: g.objectId,
  };
}

export function accountRef(view: AccessView, id: string): AccountRef {
  const name = view.accountNames.get(id);
  return name !== undefined ? { id, name } : { id };
}

export function showAccount(a: AccountRef): string {
  return a.name !== undefined ? `${a.name} (${a.id})` : a.id;
}

/** `the whole organization (root r-ab12)` or `every ACTIVE account below OU ou-…`. */
export function showTarget(targetId: string): string {
  return targetId.startsWith("r-") ? `the whole organization (root ${targetId})` : `every ACTIVE account below ${targetId}`;
}

export function showPrincipal(p: Principal): string {
  return `${p.kind} ${p.name}`;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}
