/**
 * Expansion: each assignment's principal × permission set × targets → access grants with stable keys.
 * Pure; shared by the constructs (what to synthesize) and the review tools (what to show).
 *
 * Key: `group:<name>/<permissionSet>/<accountId>` or `user:<userName>/<permissionSet>/<accountId>`. Keys come only
 * from user-facing names and account ids, so reordering anything, or renaming something unrelated, keeps every key.
 * OU and root targets cannot be expanded without AWS: they become `OuTarget`s resolved at plan time into the same
 * key shape, so a grant reachable through an account and an OU is still one grant.
 */
import type { FederationModel } from "./model";
import { accountNameById, resolveAccountRef } from "./model";
import type { Federation } from "./schema";

export type PrincipalKind = "group" | "user";

export interface Principal {
  readonly kind: PrincipalKind;
  /** Group name under `groups:`, or the user's userName (UPN). */
  readonly name: string;
}

/** Why a grant exists: which assignment (by position, for tracing only; never part of a key) and which target. */
export interface GrantSource {
  readonly assignment: number;
  /** `account:<name or id as written>` or `ou:<ou or root id>`. */
  readonly target: string;
}

export interface AccessGrant {
  readonly key: string;
  readonly principal: Principal;
  readonly permissionSet: string;
  readonly accountId: string;
  /** Name in the `accounts:` inventory, when there is one. */
  readonly accountName?: string;
  readonly sources: readonly GrantSource[];
}

/** A principal × permission set over every ACTIVE account below an OU (or the root), resolved at plan time. */
export interface OuTarget {
  /** `<principal key>/<permissionSet>/<ou or root id>`. */
  readonly key: string;
  readonly principal: Principal;
  readonly permissionSet: string;
  /** `ou-…` or `r-…` (the whole organization). */
  readonly targetId: string;
  /** Accounts never granted through this target (exclusions of every assignment that names it, intersected). */
  readonly excludeAccountIds: readonly string[];
  readonly sources: readonly GrantSource[];
}

export interface Expansion {
  /** Static grants, sorted by key, unique. */
  readonly grants: readonly AccessGrant[];
  /** Plan-time targets, sorted by key, unique. */
  readonly ouTargets: readonly OuTarget[];
  /** Every principal some assignment names (with or without a grant left after exclusions), sorted by principal key, unique. */
  readonly principals: readonly Principal[];
}

export const principalKey = (p: Principal): string => `${p.kind}:${p.name}`;
export const grantKey = (p: Principal, permissionSet: string, accountId: string): string =>
  `${principalKey(p)}/${permissionSet}/${accountId}`;
/** Key of a plan-time target: `<principal key>/<permissionSet>/<ou or root id>` (never collides with a grant key: ids differ in shape). */
export const ouTargetKey = (p: Principal, permissionSet: string, targetId: string): string =>
  `${principalKey(p)}/${permissionSet}/${targetId}`;

/**
 * The principal of an assignment (validation guarantees exactly one). User names are lower-cased: Entra UPNs and
 * IAM Identity Center userNames compare case-insensitively, so `Dave@Example.com` and `dave@example.com` are one
 * principal and one grant key, and changing only the case of a UPN in the file re-keys nothing.
 */
export function assignmentPrincipal(a: Federation["assignments"][number]): Principal {
  return a.group !== undefined ? { kind: "group", name: a.group } : { kind: "user", name: (a.user ?? "").toLowerCase() };
}

export function expand(model: Pick<FederationModel, "spec">): Expansion {
  const spec = model.spec;
  const names = accountNameById(spec);
  // Each grant is built once, its sources filled in place (100,000 grants: one object each, not two).
  const grants = new Map<string, AccessGrant & { sources: GrantSource[] }>();
  const ous = new Map<string, { target: Omit<OuTarget, "sources" | "excludeAccountIds">; excludes: Set<string> | undefined; sources: GrantSource[] }>();
  const principals = new Map<string, Principal>();

  spec.assignments.forEach((a, index) => {
    const principal = assignmentPrincipal(a);
    if (!principals.has(principalKey(principal))) principals.set(principalKey(principal), principal);
    const excluded = new Set((a.excludeAccounts ?? []).map((r) => resolveAccountRef(spec, r)).filter((id): id is string => id !== undefined));
    for (const ref of a.accounts ?? []) {
      const accountId = resolveAccountRef(spec, ref);
      if (accountId === undefined || excluded.has(accountId)) continue;
      const key = grantKey(principal, a.permissionSet, accountId);
      let entry = grants.get(key);
      if (!entry) grants.set(key, (entry = { key, principal, permissionSet: a.permissionSet, accountId, accountName: names.get(accountId), sources: [] }));
      entry.sources.push({ assignment: index, target: `account:${ref}` });
    }
    for (const targetId of a.organizationalUnits ?? []) {
      const key = ouTargetKey(principal, a.permissionSet, targetId);
      const entry = ous.get(key) ?? { target: { key, principal, permissionSet: a.permissionSet, targetId }, excludes: undefined, sources: [] };
      // An account is excluded from an OU target only if every assignment naming that target excludes it.
      entry.excludes = entry.excludes === undefined ? new Set(excluded) : new Set([...entry.excludes].filter((id) => excluded.has(id)));
      entry.sources.push({ assignment: index, target: `ou:${targetId}` });
      ous.set(key, entry);
    }
  });

  const byKey = <T extends { key: string }>(x: T, y: T) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  return {
    grants: [...grants.values()].sort(byKey),
    ouTargets: [...ous.values()]
      .map((e) => ({ ...e.target, excludeAccountIds: [...(e.excludes ?? [])].sort(), sources: e.sources }))
      .sort(byKey),
    principals: [...principals.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, p]) => p),
  };
}
