/** Short phrases reviewers read in escalation reasons: who holds what where, who is in a group. */
import { principalKey, type Principal } from "../model/expand";
import { type AccessView, type AccountRef, accountRef, cmp, groupMembers, showAccount, showTarget } from "./access";

/** At most `max` items, then `+N more`. */
export function listSome(items: readonly string[], max = 10): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")}, +${items.length - max} more`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `3 accounts: prod (222…), staging (333…)` plus OU/root targets. */
export function whereText(accounts: readonly AccountRef[], targets: readonly string[]): string {
  const parts: string[] = [];
  if (accounts.length) parts.push(`${plural(accounts.length, "account")}: ${listSome(accounts.map(showAccount))}`);
  for (const t of targets) parts.push(`${showTarget(t)} (resolved at plan time)`);
  return parts.join(" and ");
}

/** `held by 2 principals in 3 accounts and 1 OU/root target`: how far a permission-set change reaches in the head. */
export function usageText(view: AccessView, set: string): string {
  const grants = view.grantsBySet.get(set) ?? [];
  const targets = view.ouTargetsBySet.get(set) ?? [];
  const principals = new Set([...grants, ...targets].map((x) => principalKey(x.principal)));
  if (principals.size === 0) return "not assigned to anyone yet";
  const accounts = new Set(grants.map((g) => g.accountId)).size;
  const where = [accounts ? plural(accounts, "account") : "", targets.length ? plural(new Set(targets.map((t) => t.targetId)).size, "OU/root target") : ""]
    .filter(Boolean)
    .join(" and ");
  return `held by ${plural(principals.size, "principal")} in ${where}`;
}

/** Who a principal stands for: a user, or a group's standing and eligible members. */
export function membersText(view: AccessView, p: Principal): string {
  if (p.kind === "user") return "";
  const m = groupMembers(view.model, p.name);
  if (!m) return "";
  if (m.existingObjectId) return `; an existing Entra group (${m.existingObjectId}) whose members are managed outside this file`;
  const parts: string[] = [];
  parts.push(m.standing.length ? `standing members ${listSome(m.standing, 5)}` : "no standing members");
  if (m.eligible.length) parts.push(`eligible (just in time) ${listSome(m.eligible.map((e) => e.principal), 5)}`);
  return `; ${parts.join("; ")}`;
}

/** The privileged access a principal holds in a view, e.g. `AdministratorAccess in 3 accounts`; undefined if none. */
export function privilegedHoldings(view: AccessView, key: string): string | undefined {
  const bySet = new Map<string, { accounts: Set<string>; targets: Set<string> }>();
  const entry = (set: string) => {
    let e = bySet.get(set);
    if (!e) bySet.set(set, (e = { accounts: new Set(), targets: new Set() }));
    return e;
  };
  for (const g of view.grantsByPrincipal.get(key) ?? []) if (view.privileged.has(g.permissionSet)) entry(g.permissionSet).accounts.add(g.accountId);
  for (const t of view.ouTargetsByPrincipal.get(key) ?? []) if (view.privileged.has(t.permissionSet)) entry(t.permissionSet).targets.add(t.targetId);
  if (bySet.size === 0) return undefined;
  return [...bySet.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([set, e]) => `${set} (privileged) in ${whereText([...e.accounts].sort(cmp).map((id) => accountRef(view, id)), [...e.targets].sort(cmp))}`)
    .join("; ");
}
