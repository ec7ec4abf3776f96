/**
 * Which permission sets are privileged: broad AWS-managed or customer-managed policies (by ARN, name or pattern)
 * and inline Allow statements that cover a privileged action (`*`, `iam:*`, …) or use NotAction. The lists come from
 * the file's `review:` section (defaults in the schema) and can be extended on the command line.
 */
import type { FederationModel } from "../model/model";
import { DEFAULT_PRIVILEGED_ACTIONS, DEFAULT_PRIVILEGED_POLICIES, type Federation, type PermissionSetSpec } from "../model/schema";
import { globMatches } from "./glob";
import { statementsOf } from "./policy-statements";

export interface PrivilegedRules {
  /** Policy ARNs, names or patterns (`*`, `?`), matched case-insensitively. */
  readonly policies: readonly string[];
  /** IAM actions or patterns; an Allow statement is privileged when one of its actions covers one of these. */
  readonly actions: readonly string[];
}

export interface PrivilegeReason {
  readonly source: "managed-policy" | "customer-managed-policy" | "inline-policy";
  /** Human text: `managed policy AdministratorAccess`, `inline policy allows "iam:*"`. */
  readonly text: string;
}

/** The rules a file declares (its `review:` section), or the defaults. */
export function rulesOf(spec: Federation): PrivilegedRules {
  return {
    policies: spec.review?.privilegedPolicies ?? DEFAULT_PRIVILEGED_POLICIES,
    actions: spec.review?.privilegedActions ?? DEFAULT_PRIVILEGED_ACTIONS,
  };
}

/** Every entry of every rule set, once (so a change cannot hide an escalation by shortening its own list). */
export function combineRules(...all: readonly PrivilegedRules[]): PrivilegedRules {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return { policies: uniq(all.flatMap((r) => [...r.policies])), actions: uniq(all.flatMap((r) => [...r.actions])) };
}

/** Policy name of an AWS-managed policy ARN: `arn:aws:iam::aws:policy/job-function/ViewOnlyAccess` → `ViewOnlyAccess`. */
export function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

const matchesPolicy = (rules: PrivilegedRules, ...candidates: string[]) => rules.policies.find((p) => candidates.some((c) => globMatches(p, c)));

/**
 * Whether an Allow action covers a privileged action: the action, read as a pattern, matches the privileged entry
 * (`*` covers `iam:*`; `iam:*` covers `iam:*`; `iam:Get*` does not).
 */
export function coversPrivilegedAction(rules: PrivilegedRules, action: string): string | undefined {
  return rules.actions.find((p) => globMatches(action, p));
}

/** Why a permission set is privileged; empty when it is not. */
export function privilegeReasons(model: FederationModel, name: string, rules: PrivilegedRules): PrivilegeReason[] {
  const ps: PermissionSetSpec | undefined = model.spec.permissionSets[name];
  if (!ps) return [];
  const out: PrivilegeReason[] = [];
  for (const arn of ps.managedPolicies) {
    if (matchesPolicy(rules, arn, policyName(arn))) out.push({ source: "managed-policy", text: `managed policy ${policyName(arn)}` });
  }
  for (const c of ps.customerManagedPolicies) {
    if (matchesPolicy(rules, c.name, `${c.path}${c.name}`)) out.push({ source: "customer-managed-policy", text: `customer-managed policy ${c.path}${c.name}` });
  }
  const doc = model.inlinePolicies[name]?.document;
  const seen = new Set<string>();
  for (const s of statementsOf(doc)) {
    if (s.effect !== "Allow") continue;
    if (s.notActions.length > 0) {
      seen.add("inline policy allows every action except those listed (NotAction)");
      continue;
    }
    for (const a of s.actions) if (coversPrivilegedAction(rules, a)) seen.add(`inline policy allows ${JSON.stringify(a)}`);
  }
  for (const text of [...seen].sort()) out.push({ source: "inline-policy", text });
  return out;
}

/** Privilege reasons of every permission set of a model, by name (only privileged sets are present). */
export function privilegedSets(model: FederationModel, rules: PrivilegedRules): ReadonlyMap<string, readonly PrivilegeReason[]> {
  const out = new Map<string, PrivilegeReason[]>();
  for (const name of Object.keys(model.spec.permissionSets)) {
    const reasons = privilegeReasons(model, name, rules);
    if (reasons.length) out.set(name, reasons);
  }
  return out;
}
