/**
 * Provisioning, SSO, Identity Center, state and review settings: a field-by-field diff of the file's sections
 * (lists compare as sets: reordering is no change). Escalation here: the review rules themselves relaxed.
 */
import { canonicalJson, type FederationModel } from "../model/model";
import { cmp } from "./access";
import type { Change, ChangeArea, Escalation } from "./diff-types";
import { type PrivilegedRules, rulesOf } from "./privileged";

type Section = readonly [area: ChangeArea, subject: string, value: (m: FederationModel) => unknown];

const SECTIONS: readonly Section[] = [
  ["sso", "entra", (m) => ({ tenantId: m.spec.entra.tenantId })],
  ["sso", "entra.application", (m) => m.spec.entra.application],
  ["provisioning", "entra.provisioning", (m) => m.spec.entra.provisioning],
  [
    "identity-center",
    "identityCenter",
    (m) => {
      const { serviceProvider: _sp, scimSecret: _s, ...rest } = m.spec.identityCenter;
      return rest;
    },
  ],
  ["sso", "identityCenter.serviceProvider", (m) => m.spec.identityCenter.serviceProvider],
  ["provisioning", "identityCenter.scimSecret", (m) => m.scimSecret],
  ["state", "state", (m) => m.spec.state ?? {}],
  ["protection", "protection.allowDestroy", (m) => m.spec.protection?.allowDestroy ?? { enterpriseApplication: false, scimSecret: false, permissionSets: [] }],
  [
    "review",
    "review",
    (m) => {
      const r = rulesOf(m.spec);
      return { privilegedPolicies: r.policies, privilegedActions: r.actions };
    },
  ],
];

export function diffSettings(base: FederationModel, head: FederationModel): Change[] {
  const out: Change[] = [];
  for (const [area, subject, value] of SECTIONS) leafChanges(area, subject, "", value(base), value(head), out);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function leafChanges(area: ChangeArea, subject: string, field: string, before: unknown, after: unknown, out: Change[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(cmp)) {
      leafChanges(area, subject, field ? `${field}.${k}` : k, before[k], after[k], out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].every((x) => typeof x !== "object")) {
    const b = new Set(before.map((x) => canonicalJson(x)));
    const a = new Set(after.map((x) => canonicalJson(x)));
    const added = after.filter((x) => !b.has(canonicalJson(x)));
    const removed = before.filter((x) => !a.has(canonicalJson(x)));
    if (added.length || removed.length) out.push({ area, subject, field, added, removed });
    return;
  }
  if (canonicalJson(before ?? null) !== canonicalJson(after ?? null)) out.push({ area, subject, field, before: before ?? null, after: after ?? null });
}

/** Entries the base's review rules list and the head's do not: the change would hide future escalations. */
export function reviewRelaxations(base: PrivilegedRules, head: PrivilegedRules): Escalation[] {
  const out: Escalation[] = [];
  const dropped = (b: readonly string[], h: readonly string[]) => b.filter((x) => !h.includes(x));
  for (const [field, b, h] of [
    ["privilegedPolicies", base.policies, head.policies],
    ["privilegedActions", base.actions, head.actions],
  ] as const) {
    const gone = dropped(b, h);
    if (gone.length) {
      out.push({
        kind: "review-rules-relaxed",
        subject: `review.${field}`,
        reason: `review.${field} no longer lists ${gone.map((x) => JSON.stringify(x)).join(", ")}: later changes granting them would not be flagged (this diff still applies the base's list)`,
      });
    }
  }
  return out;
}
