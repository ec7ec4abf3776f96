/**
 * What changed in one permission set (or a renamed pair): session, relay state, policies, inline statements,
 * boundary, tags; and which of those changes widen access.
 */
import { durationMinutes } from "../model/patterns";
import { canonicalJson } from "../model/model";
import type { PermissionSetSpec } from "../model/schema";
import type { AccessView } from "./access";
import { usageText } from "./describe";
import type { Change, Escalation } from "./diff-types";
import { diffStatements } from "./policy-statements";
import { policyName } from "./privileged";
import { globMatches } from "./glob";

export interface SetDiff {
  readonly changes: Change[];
  readonly escalations: Escalation[];
}

type Boundary = NonNullable<PermissionSetSpec["permissionsBoundary"]>;

export function describeBoundary(b: Boundary | undefined): string | undefined {
  if (!b) return undefined;
  if ("managedPolicyArn" in b) return `AWS-managed ${b.managedPolicyArn}`;
  return `customer-managed ${b.customerManagedPolicy.path}${b.customerManagedPolicy.name}`;
}

function boundaryIsPrivileged(view: AccessView, b: Boundary): boolean {
  const names = "managedPolicyArn" in b ? [b.managedPolicyArn, policyName(b.managedPolicyArn)] : [b.customerManagedPolicy.name];
  return view.rules.policies.some((p) => names.some((n) => globMatches(p, n)));
}

const setDiff = <T>(before: readonly T[], after: readonly T[], key: (x: T) => string = String) => {
  const b = new Set(before.map(key));
  const a = new Set(after.map(key));
  return { added: after.filter((x) => !b.has(key(x))), removed: before.filter((x) => !a.has(key(x))) };
};

/** Compares set `from` of the base with set `to` of the head (the same name unless it was renamed). */
export function diffPermissionSet(base: AccessView, head: AccessView, from: string, to: string): SetDiff {
  const b = base.model.spec.permissionSets[from];
  const h = head.model.spec.permissionSets[to];
  const subject = `permissionSet:${to}`;
  const changes: Change[] = [];
  const escalations: Escalation[] = [];
  const usage = () => usageText(head, to);
  const change = (field: string, rest: Omit<Change, "area" | "subject" | "field">) => changes.push({ area: "permission-set", subject, field, ...rest });

  if (from !== to) change("name", { before: from, after: to });
  if ((b.description ?? null) !== (h.description ?? null)) change("description", { before: b.description ?? null, after: h.description ?? null });
  if ((b.relayState ?? null) !== (h.relayState ?? null)) change("relayState", { before: b.relayState ?? null, after: h.relayState ?? null });

  if (b.sessionDuration !== h.sessionDuration) {
    change("sessionDuration", { before: b.sessionDuration, after: h.sessionDuration });
    const bm = durationMinutes(b.sessionDuration) ?? 0;
    const hm = durationMinutes(h.sessionDuration) ?? 0;
    if (hm > bm) {
      escalations.push({
        kind: "longer-session",
        subject,
        reason: `${to}: sessions last longer, ${b.sessionDuration} → ${h.sessionDuration} (a session outlives a revoked grant by up to this long); ${usage()}`,
      });
    }
  }

  const managed = setDiff(b.managedPolicies, h.managedPolicies);
  if (managed.added.length || managed.removed.length) change("managedPolicies", managed);
  const customer = setDiff(
    b.customerManagedPolicies.map((c) => `${c.path}${c.name}`),
    h.customerManagedPolicies.map((c) => `${c.path}${c.name}`),
  );
  if (customer.added.length || customer.removed.length) change("customerManagedPolicies", customer);

  const before = new Set((base.privileged.get(from) ?? []).filter((r) => r.source !== "inline-policy").map((r) => r.text));
  const gained = (head.privileged.get(to) ?? []).filter((r) => r.source !== "inline-policy" && !before.has(r.text)).map((r) => r.text);
  if (gained.length) {
    escalations.push({
      kind: "privileged-policy-added",
      subject,
      reason: `${to} gains ${gained.join(", ")}${before.size === 0 ? ", which makes it privileged" : ""}; ${usage()}`,
    });
  }

  const bDoc = base.model.inlinePolicies[from]?.document;
  const hDoc = head.model.inlinePolicies[to]?.document;
  if ((base.model.inlinePolicies[from]?.canonical ?? null) !== (head.model.inlinePolicies[to]?.canonical ?? null)) {
    const d = diffStatements(bDoc, hDoc);
    if (d.added.length || d.removed.length || d.changed.length) {
      change("inlinePolicy.statements", {
        added: [...d.added, ...d.changed.map((c) => c.after)].map((s) => s.raw),
        removed: [...d.removed, ...d.changed.map((c) => c.before)].map((s) => s.raw),
      });
    }
    for (const l of d.loosenings) escalations.push({ kind: l.kind, subject, reason: `${to}: inline policy ${l.reason}; ${usage()}` });
  }

  const bb = b.permissionsBoundary;
  const hb = h.permissionsBoundary;
  if (canonicalJson(bb ?? null) !== canonicalJson(hb ?? null)) {
    change("permissionsBoundary", { before: describeBoundary(bb) ?? null, after: describeBoundary(hb) ?? null });
    if (bb && !hb) {
      escalations.push({
        kind: "boundary-removed",
        subject,
        reason: `${to}: permissions boundary ${describeBoundary(bb)} is removed, so its policies apply without a ceiling; ${usage()}`,
      });
    } else if (bb && hb) {
      const weak = boundaryIsPrivileged(head, hb);
      escalations.push({
        kind: "boundary-changed",
        subject,
        reason:
          `${to}: permissions boundary changes from ${describeBoundary(bb)} to ${describeBoundary(hb)}` +
          (weak ? ", a privileged policy (a boundary that allows nearly everything)" : "; a different boundary can allow more") +
          `; ${usage()}`,
      });
    }
  }

  if (canonicalJson(b.tags ?? {}) !== canonicalJson(h.tags ?? {})) change("tags", { before: b.tags ?? {}, after: h.tags ?? {} });
  return { changes, escalations };
}
