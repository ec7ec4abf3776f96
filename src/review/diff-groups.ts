/**
 * Group changes: groups added/removed, standing and eligible members, PIM activation rules, group settings; and the
 * escalations among them (a standing member added to a privileged group, eligibility turned standing, activation
 * rules relaxed, a privileged group pointed at another Entra group).
 */
import { now } from "../clock";
import { canonicalJson } from "../model/model";
import { durationMinutes } from "../model/patterns";
import type { EligibleMemberSpec } from "../model/schema";
import { DEFAULT_ELIGIBILITY_DURATION } from "../entra/pim-settings";
import { type AccessView, cmp, groupMembers } from "./access";
import { activationRelaxations, type EffectiveActivation } from "./activation";
import { privilegedHoldings } from "./describe";
import type { Change, EligibleMemberEntry, Escalation, MemberEntry } from "./diff-types";

export interface GroupsDiff {
  readonly addedGroups: string[];
  readonly removedGroups: string[];
  readonly addedMembers: MemberEntry[];
  readonly removedMembers: MemberEntry[];
  readonly addedEligible: EligibleMemberEntry[];
  readonly removedEligible: EligibleMemberEntry[];
  readonly changes: Change[];
  readonly escalations: Escalation[];
}

/** Principals compare without case (UPNs and GUIDs are case-insensitive in Entra). */
const norm = (p: string) => p.toLowerCase();

export function diffGroups(base: AccessView, head: AccessView): GroupsDiff {
  const bGroups = base.model.spec.groups;
  const hGroups = head.model.spec.groups;
  const out: GroupsDiff = {
    addedGroups: Object.keys(hGroups).filter((g) => !(g in bGroups)).sort(cmp),
    removedGroups: Object.keys(bGroups).filter((g) => !(g in hGroups)).sort(cmp),
    addedMembers: [],
    removedMembers: [],
    addedEligible: [],
    removedEligible: [],
    changes: [],
    escalations: [],
  };
  const names = [...new Set([...Object.keys(bGroups), ...Object.keys(hGroups)])].sort(cmp);
  for (const group of names) {
    const bm = groupMembers(base.model, group);
    const hm = groupMembers(head.model, group);
    const bStanding = new Set((bm?.standing ?? []).map(norm));
    const hStanding = new Set((hm?.standing ?? []).map(norm));
    const bEligible = new Map((bm?.eligible ?? []).map((e) => [norm(e.principal), e]));
    const hEligible = new Map((hm?.eligible ?? []).map((e) => [norm(e.principal), e]));
    const holdings = privilegedHoldings(head, `group:${group}`);

    for (const p of hm?.standing ?? []) {
      if (bStanding.has(norm(p))) continue;
      out.addedMembers.push({ group, principal: p });
      const wasEligible = bEligible.get(norm(p));
      if (wasEligible) {
        out.escalations.push({
          kind: "eligible-to-standing",
          subject: `group:${group}/member:${p}`,
          reason:
            `${p} was eligible for ${group} (just in time, through PIM activation) and becomes a standing member: access without activation, approval or MFA` +
            (holdings ? `; the group holds ${holdings}` : ""),
        });
      } else if (holdings) {
        out.escalations.push({
          kind: "privileged-member-added",
          subject: `group:${group}/member:${p}`,
          reason: `${p} becomes a standing member of ${group}, which holds ${holdings}`,
        });
      }
    }
    for (const p of bm?.standing ?? []) if (!hStanding.has(norm(p))) out.removedMembers.push({ group, principal: p });
    const bSpecs = eligibleSpecs(base, group);
    const hSpecs = eligibleSpecs(head, group);
    for (const e of hm?.eligible ?? []) {
      const before = bEligible.get(norm(e.principal));
      const days = eligibilityDays(hSpecs.get(norm(e.principal)));
      const subject = `group:${group}/eligible:${e.principal}`;
      if (!before) {
        out.addedEligible.push({ group, ...e });
        // Just in time is access too: activating is a request away (and with relaxed rules, a click).
        if (holdings) {
          out.escalations.push({
            kind: "privileged-eligible-added",
            subject,
            reason: `${e.principal} becomes eligible (${e.expiry}) for ${group}, which holds ${holdings}; activation ${activationText(hm?.activation)}`,
          });
        } else if (days === Number.POSITIVE_INFINITY) {
          out.escalations.push({ kind: "eligibility-extended", subject, reason: `${e.principal} becomes eligible for ${group} permanently (no end date)` });
        }
        continue;
      }
      if (before.expiry !== e.expiry) {
        out.changes.push({ area: "pim", subject: `group:${group}`, field: `eligibleMembers[${e.principal}].expiry`, before: before.expiry, after: e.expiry });
        const was = eligibilityDays(bSpecs.get(norm(e.principal)));
        if (days > was) {
          out.escalations.push({
            kind: "eligibility-extended",
            subject,
            reason:
              `${e.principal} stays eligible for ${group} longer: ${before.expiry} → ${e.expiry}` +
              (days === Number.POSITIVE_INFINITY ? " (permanent: no end date)" : "") +
              (holdings ? `; the group holds ${holdings}` : ""),
          });
        }
      }
    }
    for (const e of bm?.eligible ?? []) if (!hEligible.has(norm(e.principal))) out.removedEligible.push({ group, ...e });

    const b = bGroups[group];
    const h = hGroups[group];
    if (!b || !h) continue;
    const change = (field: string, rest: Omit<Change, "area" | "subject" | "field">, area: Change["area"] = "group") =>
      out.changes.push({ area, subject: `group:${group}`, field, ...rest });
    if ((b.description ?? null) !== (h.description ?? null)) change("description", { before: b.description ?? null, after: h.description ?? null });
    if (b.appRole !== h.appRole) change("appRole", { before: b.appRole, after: h.appRole });
    const owners = listDiff(b.owners ?? [], h.owners ?? []);
    if (owners) change("owners", owners);
    if ((b.objectId ?? null) !== (h.objectId ?? null)) {
      change("objectId", { before: b.objectId ?? null, after: h.objectId ?? null });
      if (h.objectId && holdings) {
        out.escalations.push({
          kind: "privileged-group-replaced",
          subject: `group:${group}`,
          reason:
            `${group} now refers to the existing Entra group ${h.objectId} (was ${b.objectId ?? "a group this file manages"}), ` +
            `whose members are managed elsewhere and are not reviewed here; it holds ${holdings}`,
        });
      }
    }
    if (bm?.activation || hm?.activation) {
      const ba = bm?.activation;
      const ha = hm?.activation;
      for (const field of ["maximumDuration", "requireApproval", "requireJustification", "requireMfa", "requireTicket"] as const) {
        if (canonicalJson(ba?.[field] ?? null) !== canonicalJson(ha?.[field] ?? null)) {
          change(`activation.${field}`, { before: ba?.[field] ?? null, after: ha?.[field] ?? null }, "pim");
        }
      }
      const approvers = listDiff(ba?.approvers ?? [], ha?.approvers ?? []);
      if (approvers) change("activation.approvers", approvers, "pim");
      // Relaxed rules matter only while the group has eligible members on both sides (otherwise nobody activates).
      if (ba && ha && (bm?.eligible.length ?? 0) > 0 && (hm?.eligible.length ?? 0) > 0) {
        for (const r of activationRelaxations(ba as EffectiveActivation, ha as EffectiveActivation)) {
          out.escalations.push({
            kind: "pim-relaxed",
            subject: `group:${group}/activation.${r.field}`,
            reason: `${group}: ${r.reason} for ${hm?.eligible.length} eligible member(s)` + (holdings ? `; the group holds ${holdings}` : ""),
          });
        }
      }
    }
  }
  return out;
}

/** The eligibility entries of a group as written, by principal (lower-case). */
function eligibleSpecs(view: AccessView, group: string): Map<string, EligibleMemberSpec> {
  const g = Object.hasOwn(view.model.spec.groups, group) ? view.model.spec.groups[group] : undefined;
  return new Map((g?.eligibleMembers ?? []).map((e) => [norm(e.principal), e]));
}

/**
 * How long an eligibility lasts, in days (Infinity when permanent): a duration counts from deployment, an end date
 * from today (the one clock, src/clock.ts), neither means the PIM default (P365D).
 */
export function eligibilityDays(e: EligibleMemberSpec | undefined): number {
  if (!e) return 0;
  if (e.permanent) return Number.POSITIVE_INFINITY;
  if (e.expirationDate !== undefined) return (new Date(e.expirationDate).getTime() - now().getTime()) / 86_400_000;
  return (durationMinutes(e.duration ?? DEFAULT_ELIGIBILITY_DURATION) ?? 0) / 1440;
}

function activationText(a: EffectiveActivation | undefined): string {
  if (!a) return "rules: PIM defaults";
  const checks = [a.requireApproval ? "approval" : "", a.requireMfa ? "MFA" : "", a.requireJustification ? "justification" : "", a.requireTicket ? "a ticket" : ""].filter(Boolean);
  return `for up to ${a.maximumDuration} ${checks.length ? `with ${checks.join(", ")}` : "without approval, MFA or justification"}`;
}

function listDiff(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } | undefined {
  const b = new Set(before.map(norm));
  const a = new Set(after.map(norm));
  const added = after.filter((x) => !b.has(norm(x)));
  const removed = before.filter((x) => !a.has(norm(x)));
  return added.length || removed.length ? { added, removed } : undefined;
}
