/**
 * `diffFederations(base, head)`: the access change between two validated federation files — grants and plan-time
 * targets added/removed, permission-set, group, PIM and settings changes — with every escalation first, each with
 * its reason. Pure and fast (maps keyed by grant key): no synthesis, no cloud.
 */
import { type AccessGrant, type OuTarget, type Principal, principalKey } from "../model/expand";
import type { FederationModel } from "../model/model";
import { type AccessView, accessView, accountRef, cmp, showPrincipal } from "./access";
import { membersText, whereText } from "./describe";
import { diffGroups } from "./diff-groups";
import { identitySourceChange } from "./diff-identity-source";
import { diffPermissionSet } from "./diff-permission-sets";
import { assignmentStackChanges, diffSettings, reviewRelaxations } from "./diff-settings";
import {
  type AccessDiff,
  type AccountEntry,
  type Change,
  DIFF_FORMAT,
  DIFF_VERSION,
  type DiffWarning,
  ESCALATION_KINDS,
  type Escalation,
  type GrantEntry,
  type OrganizationTargetEntry,
} from "./diff-types";
import { destroyOptIns } from "../model/rules/destroy-opt-in";
import { lockoutFindings } from "./lockout";
import { statementsOf } from "./policy-statements";
import { combineRules, rulesOf } from "./privileged";
import { detectRenames, renameMessage } from "./renames";
import { setsRemovedWithGrants } from "./set-removal";
import { certificatesRemovedNotRetired } from "./certificate-removal";
import { messages } from "../model/messages";
import { describeBoundary } from "./diff-permission-sets";
import { usageText } from "./describe";
import { detectGroupRenames } from "./group-renames";
import { diffImports } from "./diff-imports";

export interface DiffOptions {
  /** How the base is named in the output (`HEAD:config/federation.yaml`). */
  readonly baseLabel: string;
  readonly headLabel: string;
  /** More privileged policies (ARN, name or pattern) on top of both files' `review.privilegedPolicies`. */
  readonly extraPrivilegedPolicies?: readonly string[];
}

export function diffFederations(base: FederationModel, head: FederationModel, options: DiffOptions): AccessDiff {
  const rules = combineRules(rulesOf(base.spec), rulesOf(head.spec), { policies: options.extraPrivilegedPolicies ?? [], actions: [] });
  const b = accessView(base, rules);
  const h = accessView(head, rules);
  const renames = detectRenames(b, h);
  const renamedTo = new Map(renames.map((r) => [r.from, r.to]));
  const escalations: Escalation[] = [];
  const changes: Change[] = [];

  // Grants and plan-time targets, by key.
  const addedGrants = [...h.grants.values()].filter((g) => !b.grants.has(g.key)).map((g) => grantEntry(h, g));
  const removedGrants = [...b.grants.values()].filter((g) => !h.grants.has(g.key)).map((g) => grantEntry(b, g));
  const addedTargets = [...h.ouTargets.values()].filter((t) => !b.ouTargets.has(t.key)).map((t) => targetEntry(h, t));
  const removedTargets = [...b.ouTargets.values()].filter((t) => !h.ouTargets.has(t.key)).map((t) => targetEntry(b, t));
  for (const t of h.ouTargets.values()) {
    const before = b.ouTargets.get(t.key);
    if (!before) continue;
    const bx = new Set(before.excludeAccountIds);
    const hx = new Set(t.excludeAccountIds);
    const added = t.excludeAccountIds.filter((id) => !bx.has(id));
    const removed = before.excludeAccountIds.filter((id) => !hx.has(id));
    if (added.length || removed.length) {
      changes.push({ area: "organization-target", subject: `target:${t.key}`, field: "excludeAccounts", added, removed });
    }
  }
  escalations.push(...grantEscalations(b, h, renamedTo));

  // Permission sets: same name on both sides, or a detected rename.
  const bSets = base.spec.permissionSets;
  const hSets = head.spec.permissionSets;
  const pairs: [string, string][] = Object.keys(hSets)
    .filter((n) => n in bSets)
    .map((n) => [n, n]);
  for (const r of renames) pairs.push([r.from, r.to]);
  for (const [from, to] of pairs.sort((x, y) => cmp(x[1], y[1]))) {
    const d = diffPermissionSet(b, h, from, to);
    changes.push(...d.changes);
    escalations.push(...d.escalations);
  }
  // New sets (not renames): what they allow, and an escalation when that is privileged.
  const renamedSets = new Set(renames.map((r) => r.to));
  for (const name of Object.keys(hSets).filter((n) => !Object.hasOwn(bSets, n) && !renamedSets.has(n)).sort(cmp)) {
    const d = newPermissionSet(h, name);
    changes.push(d.change);
    if (d.escalation) escalations.push(d.escalation);
  }

  const groups = diffGroups(b, h);
  changes.push(...groups.changes);
  escalations.push(...groups.escalations);

  const bAccounts = base.spec.accounts;
  const hAccounts = head.spec.accounts;
  const account = (spec: typeof bAccounts, name: string): AccountEntry => ({ name, id: spec[name].id });
  for (const name of Object.keys(hAccounts).sort(cmp)) {
    if (name in bAccounts && bAccounts[name].id !== hAccounts[name].id) {
      changes.push({ area: "account", subject: `account:${name}`, field: "id", before: bAccounts[name].id, after: hAccounts[name].id });
    }
  }

  const identitySource = identitySourceChange(base, head);
  changes.push(...identitySource.changes);
  changes.push(...diffSettings(base, head));
  const stackChanges = assignmentStackChanges(base, head, options.baseLabel);
  changes.push(...stackChanges);
  escalations.push(...reviewRelaxations(rulesOf(base.spec), rulesOf(head.spec)));

  const warnings: DiffWarning[] = renames.map((r) => {
    const m = renameMessage(r);
    return { id: m.id, message: m.message, subject: `permissionSet:${r.to}` };
  });
  warnings.unshift(...identitySource.warnings);
  for (const r of setsRemovedWithGrants(base, head, new Set(renamedTo.keys()))) {
    warnings.push({ id: r.message.id, message: r.message.message, subject: `permissionSet:${r.permissionSet}` });
  }
  // A certificate deleted without being retired is deleted through the provider's faulty Delete.
  for (const c of certificatesRemovedNotRetired(base, head)) warnings.push({ id: c.message.id, message: c.message.message, subject: `signingCertificate:${c.key}` });
  // Grants that change assignment stack need their state moved before the deploy (state surgery).
  for (const c of stackChanges) {
    const m = messages.assignmentStacksMove(c.subject, c.note ?? "");
    warnings.push({ id: m.id, message: m.message, subject: `identityCenter.assignmentStacks:${c.subject}` });
  }
  for (const r of detectGroupRenames(b, h)) {
    const m = messages.groupRename(r.from, r.to, r.existing);
    warnings.push({ id: m.id, message: m.message, subject: `group:${r.to}` });
  }
  // Opt-ins that let Terraform destroy protected resources, new in the head: reviewers must see them.
  const optedBefore = new Set(destroyOptIns(base).map((o) => o.subject));
  for (const o of destroyOptIns(head)) if (!optedBefore.has(o.subject)) warnings.push({ id: o.message.id, message: o.message.message, subject: o.subject });

  // The import file: which existing objects the deploy takes over (src/review/diff-imports.ts).
  const imports = diffImports(base, head, h);
  warnings.push(...imports.warnings);
  escalations.push(...imports.escalations);

  const lockout = lockoutFindings(b, h).map(({ kind, id, message, lost, accountId }) => ({ kind, id, message, lost, ...(accountId ? { accountId } : {}) }));

  const order = new Map<string, number>(ESCALATION_KINDS.map((k, i) => [k, i]));
  const sortedEscalations = escalations.sort((x, y) => (order.get(x.kind) ?? 99) - (order.get(y.kind) ?? 99) || cmp(x.subject, y.subject));
  const byKey = <T extends { key: string }>(x: T, y: T) => cmp(x.key, y.key);
  const byGroupPrincipal = <T extends { group: string; principal: string }>(x: T, y: T) => cmp(x.group, y.group) || cmp(x.principal, y.principal);
  return {
    format: DIFF_FORMAT,
    version: DIFF_VERSION,
    base: options.baseLabel,
    head: options.headLabel,
    summary: {
      escalations: sortedEscalations.length,
      warnings: warnings.length,
      grantsAdded: addedGrants.length,
      grantsRemoved: removedGrants.length,
      changes: changes.length,
      organizationTargetsAdded: addedTargets.length,
      organizationTargetsRemoved: removedTargets.length,
      permissionSetsAdded: Object.keys(hSets).filter((n) => !Object.hasOwn(bSets, n)).length,
      permissionSetsRemoved: Object.keys(bSets).filter((n) => !Object.hasOwn(hSets, n)).length,
      groupsAdded: groups.addedGroups.length,
      groupsRemoved: groups.removedGroups.length,
      membersAdded: groups.addedMembers.length,
      membersRemoved: groups.removedMembers.length,
      eligibleMembersAdded: groups.addedEligible.length,
      eligibleMembersRemoved: groups.removedEligible.length,
      accountsAdded: Object.keys(hAccounts).filter((n) => !Object.hasOwn(bAccounts, n)).length,
      accountsRemoved: Object.keys(bAccounts).filter((n) => !Object.hasOwn(hAccounts, n)).length,
      importsAdded: imports.imports?.added.length ?? 0,
      importsRemoved: imports.imports?.removed.length ?? 0,
      importsRetargeted: imports.imports?.retargeted.length ?? 0,
    },
    ...(lockout.length ? { lockout } : {}),
    escalations: sortedEscalations,
    warnings,
    added: {
      grants: addedGrants.sort(byKey),
      organizationTargets: addedTargets.sort(byKey),
      permissionSets: Object.keys(hSets).filter((n) => !(n in bSets)).sort(cmp),
      groups: groups.addedGroups,
      members: groups.addedMembers.sort(byGroupPrincipal),
      eligibleMembers: groups.addedEligible.sort(byGroupPrincipal),
      accounts: Object.keys(hAccounts).filter((n) => !(n in bAccounts)).sort(cmp).map((n) => account(hAccounts, n)),
    },
    removed: {
      grants: removedGrants.sort(byKey),
      organizationTargets: removedTargets.sort(byKey),
      permissionSets: Object.keys(bSets).filter((n) => !(n in hSets)).sort(cmp),
      groups: groups.removedGroups,
      members: groups.removedMembers.sort(byGroupPrincipal),
      eligibleMembers: groups.removedEligible.sort(byGroupPrincipal),
      accounts: Object.keys(bAccounts).filter((n) => !(n in hAccounts)).sort(cmp).map((n) => account(bAccounts, n)),
    },
    changed: changes,
    ...(imports.imports ? { imports: imports.imports } : {}),
  };
}

function grantEntry(view: AccessView, g: AccessGrant): GrantEntry {
  return {
    key: g.key,
    principal: principalKey(g.principal),
    permissionSet: g.permissionSet,
    account: accountRef(view, g.accountId),
    privileged: view.privileged.has(g.permissionSet),
  };
}

function targetEntry(view: AccessView, t: OuTarget): OrganizationTargetEntry {
  return {
    key: t.key,
    principal: principalKey(t.principal),
    permissionSet: t.permissionSet,
    targetId: t.targetId,
    excludeAccounts: t.excludeAccountIds.map((id) => accountRef(view, id)),
    privileged: view.privileged.has(t.permissionSet),
  };
}

/**
 * Access the head gives and the base did not (a renamed set counts as the same set: its holders had that access
 * already), grouped per principal and permission set: privileged sets anywhere, any set on an OU or the root, and
 * OU/root targets that exclude fewer accounts than before.
 */
function grantEscalations(b: AccessView, h: AccessView, renamedTo: ReadonlyMap<string, string>): Escalation[] {
  const setNow = (set: string) => renamedTo.get(set) ?? set;
  const had = new Set([...b.grants.values()].map((g) => `${principalKey(g.principal)}/${setNow(g.permissionSet)}/${g.accountId}`));
  const hadTargets = new Map([...b.ouTargets.values()].map((t) => [`${principalKey(t.principal)}/${setNow(t.permissionSet)}/${t.targetId}`, t]));
  const fresh = new Map<string, { principal: Principal; set: string; accounts: string[]; targets: string[] }>();
  const entry = (p: Principal, set: string) => {
    const k = `${principalKey(p)}/${set}`;
    let e = fresh.get(k);
    if (!e) fresh.set(k, (e = { principal: p, set, accounts: [], targets: [] }));
    return e;
  };
  for (const g of h.grants.values()) if (!had.has(g.key)) entry(g.principal, g.permissionSet).accounts.push(g.accountId);
  for (const t of h.ouTargets.values()) if (!hadTargets.has(t.key)) entry(t.principal, t.permissionSet).targets.push(t.targetId);

  const out: Escalation[] = [];
  for (const [subject, e] of fresh) {
    const privileged = h.privileged.get(e.set);
    const accounts = e.accounts.sort(cmp).map((id) => accountRef(h, id));
    const targets = e.targets.sort(cmp);
    if (privileged) {
      out.push({
        kind: "privileged-grant",
        subject,
        reason:
          `${showPrincipal(e.principal)} gains ${e.set} (privileged: ${privileged.map((r) => r.text).join(", ")}) in ${whereText(accounts, targets)}` +
          membersText(h, e.principal),
        ...(accounts.length ? { accounts } : {}),
        ...(targets.length ? { organizationalUnits: targets } : {}),
      });
    } else if (targets.length) {
      out.push({
        kind: "organization-grant",
        subject,
        reason: `${showPrincipal(e.principal)} gains ${e.set} in ${whereText([], targets)}, including accounts created later` + membersText(h, e.principal),
        organizationalUnits: targets,
      });
    }
  }
  for (const t of h.ouTargets.values()) {
    const before = hadTargets.get(t.key);
    if (!before) continue;
    const now = new Set(t.excludeAccountIds);
    const dropped = before.excludeAccountIds.filter((id) => !now.has(id)).map((id) => accountRef(h, id));
    if (dropped.length === 0) continue;
    const privileged = h.privileged.has(t.permissionSet) ? " (privileged)" : "";
    out.push({
      kind: "exclusion-removed",
      subject: t.key,
      reason: `${t.permissionSet}${privileged} for ${showPrincipal(t.principal)} on ${t.targetId} no longer excludes ${dropped.map((a) => (a.name ? `${a.name} (${a.id})` : a.id)).join(", ")}`,
      accounts: dropped,
      organizationalUnits: [t.targetId],
    });
  }
  return out;
}

/**
 * A permission set new in the head: what it allows (session, policies, inline statements, boundary, relay state), as a
 * change a reviewer can read without opening the file; privileged → an escalation, whoever holds it.
 */
function newPermissionSet(h: AccessView, name: string): { change: Change; escalation?: Escalation } {
  const ps = h.model.spec.permissionSets[name];
  const inline = h.model.inlinePolicies[name];
  const after = {
    sessionDuration: ps.sessionDuration,
    managedPolicies: ps.managedPolicies,
    customerManagedPolicies: ps.customerManagedPolicies.map((c) => `${c.path}${c.name}`),
    inlinePolicy: inline ? `${statementsOf(inline.document).length} statement(s)` : null,
    permissionsBoundary: describeBoundary(ps.permissionsBoundary) ?? null,
    ...(ps.relayState !== undefined ? { relayState: ps.relayState } : {}),
  };
  const change: Change = { area: "permission-set", subject: `permissionSet:${name}`, field: "created", before: null, after };
  const privileged = h.privileged.get(name);
  if (!privileged) return { change };
  return {
    change,
    escalation: {
      kind: "privileged-set-added",
      subject: `permissionSet:${name}`,
      reason:
        `new permission set ${name} is privileged (${privileged.map((r) => r.text).join(", ")}), session ${ps.sessionDuration}, ` +
        `boundary ${describeBoundary(ps.permissionsBoundary) ?? "none"}; ${usageText(h, name)}`,
    },
  };
}
