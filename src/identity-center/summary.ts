/**
 * The `npm start` summary section about IAM Identity Center: permission sets (policies, session), grants per
 * principal, OU/root targets resolved at plan time, ABAC and how pending principals work. Pure: reads only the model,
 * so it is as fast for 20,000 grants as for 7 (long lists are cut, with a count of the rest).
 */
import { principalKey } from "../model/expand";
import type { FederationModel } from "../model/model";
import { accountNameById } from "../model/model";
import { assignmentShardCount, expansionOf } from "../model/shard-count";
import { HANDOFF_FILE } from "./handoff-document";
import { planShards, shardStackName } from "./shards";

/** Longest list printed before "… and N more". */
const MAX_LINES = 25;

export function identityCenterSummary(model: FederationModel): string[] {
  const spec = model.spec;
  const ic = spec.identityCenter;
  const expansion = expansionOf(model);
  const { grants, ouTargets, principals } = expansion;
  const names = accountNameById(spec);
  const lines = [
    `IAM Identity Center (${ic.region}, instance ${ic.instanceArn ?? "looked up at plan time"}, identity store ${ic.identityStoreId ?? "looked up at plan time"}):`,
  ];

  const sets = Object.entries(spec.permissionSets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  lines.push(`  Permission sets (${sets.length}):`);
  if (sets.length === 0) lines.push("    none");
  const setWidth = Math.min(32, Math.max(0, ...sets.map(([n]) => n.length)));
  const setLine = ([name, ps]: (typeof sets)[number]): string => {
    const parts = [`session ${ps.sessionDuration}`];
    if (ps.managedPolicies.length) parts.push(ps.managedPolicies.map((arn) => arn.replace(/^arn:aws[\w-]*:iam::aws:policy\//, "")).join(", "));
    if (ps.customerManagedPolicies.length) parts.push(`customer-managed ${ps.customerManagedPolicies.map((p) => `${p.path}${p.name}`).join(", ")}`);
    if (ps.inlinePolicy !== undefined) parts.push("inline policy");
    const b = ps.permissionsBoundary;
    if (b) parts.push(`boundary ${"managedPolicyArn" in b ? b.managedPolicyArn.replace(/^arn:aws[\w-]*:iam::aws:policy\//, "") : `${b.customerManagedPolicy.path}${b.customerManagedPolicy.name}`}`);
    if (ps.relayState) parts.push(`relay state ${ps.relayState}`);
    return `    ${name.padEnd(setWidth)}  ${parts.join("; ")}`;
  };
  lines.push(...listed(sets, setLine));

  const perPrincipal = new Map<string, Map<string, number>>();
  for (const g of grants) {
    const bySet = perPrincipal.get(principalKey(g.principal)) ?? new Map<string, number>();
    bySet.set(g.permissionSet, (bySet.get(g.permissionSet) ?? 0) + 1);
    perPrincipal.set(principalKey(g.principal), bySet);
  }
  const ousOf = new Map<string, number>();
  for (const t of ouTargets) ousOf.set(principalKey(t.principal), (ousOf.get(principalKey(t.principal)) ?? 0) + 1);
  lines.push(
    `  Grants: ${grants.length} to named accounts` +
      (ouTargets.length ? ` + ${ouTargets.length} OU/root target${ouTargets.length === 1 ? "" : "s"} expanded at plan time` : "") +
      `, ${principals.length} principal${principals.length === 1 ? "" : "s"}:`,
  );
  if (principals.length === 0) lines.push("    none");
  const keys = principals.map(principalKey);
  const width = Math.min(40, Math.max(0, ...keys.map((k) => k.length)));
  const principalLine = (key: string): string => {
    const bySet = perPrincipal.get(key) ?? new Map<string, number>();
    const total = [...bySet.values()].reduce((n, c) => n + c, 0);
    const detail = [...bySet.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([set, n]) => `${set} ×${n}`);
    const ous = ousOf.get(key);
    return (
      `    ${key.padEnd(width)}  ${total} grant${total === 1 ? "" : "s"}${detail.length ? ` (${detail.join(", ")})` : ""}` +
      (ous ? ` + ${ous} OU/root target${ous === 1 ? "" : "s"}` : "")
    );
  };
  lines.push(...listed(keys, principalLine));

  if (ouTargets.length > 0) {
    lines.push("  OU/root targets (every ACTIVE account below, recursively, read from AWS Organizations at plan time):");
    const targetLine = (t: (typeof ouTargets)[number]): string => {
      const where = t.targetId.startsWith("r-") ? `${t.targetId} (the whole organization)` : t.targetId;
      const excluded = t.excludeAccountIds.map((id) => (names.has(id) ? `${names.get(id)} (${id})` : id));
      return `    ${principalKey(t.principal)} → ${t.permissionSet} in ${where}${excluded.length ? `, except ${excluded.join(", ")}` : ""}`;
    };
    lines.push(...listed(ouTargets, targetLine));
  }

  const shards = assignmentShardCount(model);
  const sizes = planShards(expansion, shards.count).map((s) => s.grants.length);
  lines.push(
    `  Assignment stacks: ${shards.count === 1 ? shardStackName(0) : `${shardStackName(0)} … ${shardStackName(shards.count - 1)}`}` +
      ` (${shards.automatic ? "automatic by size" : "pinned by identityCenter.assignmentShards"}; ` +
      `${shards.count === 1 ? `${sizes[0]} static grants` : `${Math.min(...sizes)}–${Math.max(...sizes)} static grants each`}; \`federation shards\` shows the layout)`,
  );

  const abac = Object.entries(ic.accessControlAttributes ?? {});
  lines.push(abac.length ? `  ABAC attributes: ${abac.map(([k, v]) => `${k} ← ${v}`).join(", ")}` : "  ABAC attributes: none");
  lines.push(
    "  Pending principals: a group or user SCIM has not provisioned yet is left out of the plan (never a failed plan) and",
    "    listed in the output pending_principals (`npx cdktf output identity-center`); a later deploy assigns its grants.",
    `  Identity-source hand-off for the console: ${HANDOFF_FILE} next to the synthesized stacks.`,
  );
  return lines;
}

/** One line per item for the first MAX_LINES items, then "… and N more". */
function listed<T>(items: readonly T[], render: (item: T) => string, indent = "    "): string[] {
  const out = items.slice(0, MAX_LINES).map(render);
  if (items.length > MAX_LINES) out.push(`${indent}… and ${items.length - MAX_LINES} more`);
  return out;
}
