/**
 * Provisioning, SSO, Identity Center, state and review settings: a field-by-field diff of the file's sections
 * (lists compare as sets: reordering is no change). Escalation here: the review rules themselves relaxed. Also the
 * layout of the assignment stacks, which can change without any setting changing (an automatic count growing, a
 * principal and permission set gaining its first OU target) and then needs state moves before the deploy.
 */
import { pairKey, shardMoves, shardStackName } from "../identity-center/shards";
import { signingCertificates } from "../model/certificates";
import type { OuTarget } from "../model/expand";
import { canonicalJson, type FederationModel } from "../model/model";
import { assignmentShardCount, expansionOf, type ShardCount } from "../model/shard-count";
import { cmp } from "./access";
import { plural } from "./describe";
import type { Change, ChangeArea, Escalation } from "./diff-types";
import { type PrivilegedRules, rulesOf } from "./privileged";

type Section = readonly [area: ChangeArea, subject: string, value: (m: FederationModel) => unknown];

const SECTIONS: readonly Section[] = [
  ["sso", "entra", (m) => ({ tenantId: m.spec.entra?.tenantId })],
  ["sso", "entra.application", (m) => applicationSettings(m)],
  ["provisioning", "entra.provisioning", (m) => m.spec.entra?.provisioning ?? {}],
  // The other identity providers' sections (identityProvider itself: diff-identity-source.ts).
  ...(["okta", "entrust", "google", "saml"] as const).map((idp): Section => ["sso", idp, (m) => m.spec[idp] ?? {}]),
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

/**
 * The application with its certificates normalized (src/model/certificates.ts): `signingCertificate: X` is
 * `signingCertificates: { default: X }` and no entry at all is the default certificate, as synthesis has it, so moving
 * between the forms is no change; each certificate compares by name, with whether it is active and retired.
 */
function applicationSettings(m: FederationModel): Record<string, unknown> {
  const app = m.spec.entra?.application;
  if (!app) return {};
  const { signingCertificate: _one, signingCertificates: _set, ...rest } = app;
  const certificates = signingCertificates(app).map((c) => [
    c.key,
    { ...(c.endDate !== undefined ? { endDate: c.endDate } : {}), ...(c.displayName !== undefined ? { displayName: c.displayName } : {}), active: c.active, retired: c.retired },
  ]);
  return { ...rest, signingCertificates: Object.fromEntries(certificates) };
}

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
    // Own keys only: a tag or ABAC key named `toString` is data, not Object.prototype.toString.
    const own = (o: Record<string, unknown>, k: string) => (Object.hasOwn(o, k) ? o[k] : undefined);
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(cmp)) {
      leafChanges(area, subject, field ? `${field}.${k}` : k, own(before, k), own(after, k), out);
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

const DEPLOY_WITHOUT_MOVES =
  "deploying without moving the state first would destroy each moved grant in its old stack and recreate it in the new one, revoking that access in between";

const countText = (c: ShardCount) =>
  `${c.count} (${c.automatic ? `automatic: ${plural(c.staticGrants, "static grant")}` : "identityCenter.assignmentShards"})`;

/**
 * Changes of the assignment-stack layout (src/identity-center/shards.ts) between base and head, each with a note
 * naming the `federation shards` command that prints the state moves to run before deploying:
 * - the effective count (`identityCenter.assignmentShards`, or the automatic count by size);
 * - per principal and permission set that gains its first or loses its last OU/root target while it has static
 *   grants in other stacks: those grants join its home stack (or go back to their accounts' stacks).
 * `baseLabel` is how the base was given to `federation diff` (a file or `<ref>:<path>`), for `federation shards --base`.
 */
export function assignmentStackChanges(base: FederationModel, head: FederationModel, baseLabel: string): Change[] {
  const bCount = assignmentShardCount(base);
  const hCount = assignmentShardCount(head);
  const b = expansionOf(base);
  const h = expansionOf(head);
  const pairsOf = (targets: readonly OuTarget[]) => new Set(targets.map((t) => pairKey(t.principal, t.permissionSet)));
  const bPairs = pairsOf(b.ouTargets);
  const hPairs = pairsOf(h.ouTargets);
  const toggled = new Set([...bPairs, ...hPairs].filter((p) => bPairs.has(p) !== hPairs.has(p)));
  if (bCount.count === hCount.count && toggled.size === 0) return [];

  const moves = shardMoves({ expansion: b, count: bCount.count }, { expansion: h, count: hCount.count });
  const pairOf = (key: string) => key.slice(0, key.lastIndexOf("/"));
  const byPair = new Map<string, { from: Set<number>; to: Set<number>; count: number }>();
  for (const m of moves.grants) {
    const pair = pairOf(m.key);
    if (!toggled.has(pair)) continue;
    let e = byPair.get(pair);
    if (!e) byPair.set(pair, (e = { from: new Set(), to: new Set(), count: 0 }));
    e.from.add(m.from);
    e.to.add(m.to);
    e.count++;
  }
  const viaBase = `\`federation shards --base ${baseLabel}\``;
  const out: Change[] = [];
  if (bCount.count !== hCount.count) {
    out.push({
      area: "identity-center",
      subject: "assignment stacks",
      field: "count",
      before: bCount.count,
      after: hCount.count,
      note:
        `The account assignments are spread over ${hCount.count} stacks instead of ${bCount.count} ` +
        `(before: ${countText(bCount)}; after: ${countText(hCount)}), so grants change stack. ` +
        `Before deploying, run \`federation shards --from ${bCount.count}\` ` +
        (byPair.size ? `(with the OU-target changes below, ${viaBase} instead: it covers both) ` : "") +
        `and the state moves it prints, with other deploys paused: ${DEPLOY_WITHOUT_MOVES}.` +
        (hCount.automatic ? ` Pin \`identityCenter.assignmentShards: ${hCount.count}\` so the count changes only on purpose.` : ""),
    });
  }
  const stacks = (s: Iterable<number>) => [...s].sort((x, y) => x - y).map(shardStackName);
  for (const [pair, e] of [...byPair.entries()].sort(([x], [y]) => cmp(x, y))) {
    const grants = `${e.count} static grant${e.count === 1 ? "" : "s"}`;
    out.push({
      area: "identity-center",
      subject: pair,
      field: "stack of its static grants",
      before: stacks(e.from),
      after: stacks(e.to),
      note:
        (hPairs.has(pair)
          ? `${pair} gains its first OU/root target: ${grants} of it move into its home stack ${stacks(e.to).join(", ")}, which expands the OU (every key of a principal and permission set with an OU target is in one state). `
          : `${pair} loses its last OU/root target: ${grants} of it leave its home stack for the stacks of their accounts. `) +
        `Before deploying, run ${viaBase} and the state moves it prints, with other deploys paused: ${DEPLOY_WITHOUT_MOVES}.`,
    });
  }
  return out;
}
