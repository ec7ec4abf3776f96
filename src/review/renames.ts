/**
 * Permission-set renames. IAM Identity Center keys a permission set by its name, so a set that disappears while a new
 * one with the same policies or the same grants appears is a rename: Terraform replaces the set, which deletes and
 * recreates its role (with a new suffix) in every account it is provisioned to and ends active sessions.
 */
import { canonicalJson, type FederationModel } from "../model/model";
import { principalKey } from "../model/expand";
import type { Message } from "../model/messages";
import { messages } from "../model/messages";
import type { AccessView } from "./access";
import { cmp } from "./access";

export interface PermissionSetRename {
  readonly from: string;
  readonly to: string;
  /** Accounts the old set is provisioned to through static grants (its role is recreated there). */
  readonly accounts: number;
  /** OU/root targets of the old set: every account below them is affected too (counted at plan time). */
  readonly organizationalUnits: readonly string[];
  /** What made it a rename. */
  readonly basis: "policies" | "grants" | "policies and grants";
}

/** The content that defines what a set allows (not its name, description, relay state or tags). */
export function policySignature(model: FederationModel, name: string): string {
  const ps = model.spec.permissionSets[name];
  return canonicalJson({
    sessionDuration: ps.sessionDuration,
    managedPolicies: [...ps.managedPolicies].sort(),
    customerManagedPolicies: ps.customerManagedPolicies.map((c) => `${c.path}${c.name}`).sort(),
    inlinePolicy: model.inlinePolicies[name]?.canonical ?? null,
    permissionsBoundary: ps.permissionsBoundary ?? null,
  });
}

/** Who holds a set where, without its name: `group:x/222222222222`, `group:x/ou-…`. */
export function grantSignature(view: AccessView, name: string): string {
  const keys = [
    ...(view.grantsBySet.get(name) ?? []).map((g) => `${principalKey(g.principal)}/${g.accountId}`),
    ...(view.ouTargetsBySet.get(name) ?? []).map((t) => `${principalKey(t.principal)}/${t.targetId}`),
  ].sort();
  return keys.join("\n");
}

export function detectRenames(base: AccessView, head: AccessView): PermissionSetRename[] {
  const baseSets = Object.keys(base.model.spec.permissionSets);
  const headSets = Object.keys(head.model.spec.permissionSets);
  const removed = baseSets.filter((n) => !(n in head.model.spec.permissionSets)).sort(cmp);
  const added = headSets.filter((n) => !(n in base.model.spec.permissionSets)).sort(cmp);
  if (removed.length === 0 || added.length === 0) return [];

  const candidates: { from: string; to: string; score: number; basis: PermissionSetRename["basis"] }[] = [];
  for (const from of removed) {
    const fromPolicy = policySignature(base.model, from);
    const fromGrants = grantSignature(base, from);
    for (const to of added) {
      const samePolicies = fromPolicy === policySignature(head.model, to);
      const sameGrants = fromGrants !== "" && fromGrants === grantSignature(head, to);
      if (!samePolicies && !sameGrants) continue;
      const basis = samePolicies && sameGrants ? "policies and grants" : samePolicies ? "policies" : "grants";
      candidates.push({ from, to, score: samePolicies && sameGrants ? 2 : 1, basis });
    }
  }
  // Strongest matches first, then by name: deterministic, each set used once.
  candidates.sort((a, b) => b.score - a.score || cmp(a.from, b.from) || cmp(a.to, b.to));
  const usedFrom = new Set<string>();
  const usedTo = new Set<string>();
  const out: PermissionSetRename[] = [];
  for (const c of candidates) {
    if (usedFrom.has(c.from) || usedTo.has(c.to)) continue;
    usedFrom.add(c.from);
    usedTo.add(c.to);
    const accounts = new Set((base.grantsBySet.get(c.from) ?? []).map((g) => g.accountId)).size;
    const organizationalUnits = [...new Set((base.ouTargetsBySet.get(c.from) ?? []).map((t) => t.targetId))].sort(cmp);
    out.push({ from: c.from, to: c.to, accounts, organizationalUnits, basis: c.basis });
  }
  return out.sort((a, b) => cmp(a.from, b.from));
}

export function renameMessage(r: PermissionSetRename): Message {
  return messages.permissionSetRename(r.from, r.to, r.accounts, r.organizationalUnits);
}
