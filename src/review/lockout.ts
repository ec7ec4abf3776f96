/**
 * The lockout guard: a change must not leave AWS without administrators. It compares a base and a head file and finds
 * - `management-account`: the base gives someone a privileged permission set in the management account
 *   (`identityCenter.managementAccount`, of either file), the head gives nobody one;
 * - `last-admin-path`: the base has at least one admin path anywhere, the head has none.
 *
 * An *admin path* is a live principal holding a privileged permission set (the access diff's definitions:
 * `review.privilegedPolicies` / `privilegedActions`, base and head combined) in an account or on an OU/root target.
 * *Live*: a user named in an assignment; a group with at least one standing or PIM-eligible member (activating is a
 * path, only slower); an existing Entra group (`objectId`: its members are managed elsewhere and assumed present). A
 * group with neither standing nor eligible members is no path. For the management account a root target (`r-…`) that
 * does not exclude it counts (the root holds every account); an OU target does not (which OU holds which account is
 * known only at plan time, and the management account normally sits at the root).
 *
 * Pure: `federation diff` and `federation validate --base` refuse such a change unless `--allow-lockout` is given.
 */
import { identityProviderOf } from "../idp/providers";
import type { PathSegment } from "../model/diagnostics";
import { type Principal, principalKey } from "../model/expand";
import { messages } from "../model/messages";
import { resolveAccountRef } from "../model/model";
import { type AccessView, accountRef, cmp, showAccount } from "./access";
import { listSome, plural, whereText } from "./describe";

export type LockoutKind = "management-account" | "last-admin-path";

export interface LockoutFinding {
  readonly kind: LockoutKind;
  /** Stable message id: `federation/lockout-management-account`, `federation/lockout-last-admin`. */
  readonly id: string;
  readonly message: string;
  /** Where it points in the head file (for `validate --base`). */
  readonly path: readonly PathSegment[];
  /** The base's admin paths that are gone, as `<principal key>/<permission set>`, sorted. */
  readonly lost: readonly string[];
  /** The management account (id), for `management-account`. */
  readonly accountId?: string;
}

/** A live principal holding a privileged permission set, and where. */
interface AdminPath {
  readonly principal: Principal;
  readonly set: string;
  readonly accounts: Set<string>;
  /** OU and root ids. */
  readonly targets: Set<string>;
  /** Root targets (`r-…`) with the accounts they exclude. */
  readonly roots: Map<string, readonly string[]>;
}

/** Lockout findings of a change; `base` and `head` should be built with the same (combined) privileged rules. */
export function lockoutFindings(base: AccessView, head: AccessView): LockoutFinding[] {
  const out: LockoutFinding[] = [];
  const before = adminPaths(base);
  const after = adminPaths(head);

  const managementIds = new Set<string>();
  for (const view of [base, head]) {
    const ref = view.model.spec.identityCenter.managementAccount;
    const id = ref === undefined ? undefined : resolveAccountRef(view.model.spec, ref);
    if (id !== undefined) managementIds.add(id);
  }
  for (const id of [...managementIds].sort(cmp)) {
    const lost = [...before.values()].filter((p) => reaches(p, id));
    if (lost.length === 0 || [...after.values()].some((p) => reaches(p, id))) continue;
    const account = showAccount(accountRef(head.accountNames.has(id) ? head : base, id));
    const m = messages.lockoutManagementAccount(account, describe(base, lost));
    const path = head.model.spec.identityCenter.managementAccount !== undefined ? ["identityCenter", "managementAccount"] : ["assignments"];
    out.push({ kind: "management-account", id: m.id, message: m.message, path, lost: keys(lost), accountId: id });
  }

  if (before.size > 0 && after.size === 0) {
    const lost = [...before.values()];
    const m = messages.lockoutLastAdminPath(describe(base, lost));
    out.push({ kind: "last-admin-path", id: m.id, message: m.message, path: ["assignments"], lost: keys(lost) });
  }
  return out;
}

/** Whether a principal can reach anyone: a user, an existing group, or a group with standing or eligible members. */
export function isLive(view: AccessView, p: Principal): boolean {
  if (p.kind === "user") return true;
  const g = view.model.spec.groups[p.name];
  if (!g) return false;
  if (g.objectId !== undefined) return true;
  // A hand-off IdP (Entrust, Google, generic SAML) manages memberships itself: like an existing group, assumed present.
  if (identityProviderOf(view.model.spec).side === "handoff") return true;
  return (g.members?.length ?? 0) + (g.eligibleMembers?.length ?? 0) > 0;
}

function adminPaths(view: AccessView): Map<string, AdminPath> {
  const out = new Map<string, AdminPath>();
  const entry = (p: Principal, set: string): AdminPath | undefined => {
    if (!view.privileged.has(set) || !isLive(view, p)) return undefined;
    const k = `${principalKey(p)}/${set}`;
    let e = out.get(k);
    if (!e) out.set(k, (e = { principal: p, set, accounts: new Set(), targets: new Set(), roots: new Map() }));
    return e;
  };
  for (const g of view.grants.values()) entry(g.principal, g.permissionSet)?.accounts.add(g.accountId);
  for (const t of view.ouTargets.values()) {
    const e = entry(t.principal, t.permissionSet);
    if (!e) continue;
    e.targets.add(t.targetId);
    if (t.targetId.startsWith("r-")) e.roots.set(t.targetId, t.excludeAccountIds);
  }
  return out;
}

/** Whether an admin path reaches an account: a grant there, or a root target that does not exclude it. */
function reaches(p: AdminPath, accountId: string): boolean {
  if (p.accounts.has(accountId)) return true;
  return [...p.roots.values()].some((excluded) => !excluded.includes(accountId));
}

function keys(paths: readonly AdminPath[]): string[] {
  return paths.map((p) => `${principalKey(p.principal)}/${p.set}`).sort(cmp);
}

/** `group aws-sso-admins (1 eligible member) → AdministratorAccess in 3 accounts: prod (222…), …`, at most 5. */
function describe(view: AccessView, paths: readonly AdminPath[]): string[] {
  const sorted = [...paths].sort((a, b) => cmp(`${principalKey(a.principal)}/${a.set}`, `${principalKey(b.principal)}/${b.set}`));
  const text = sorted.map((p) => {
    const accounts = [...p.accounts].sort(cmp).map((id) => accountRef(view, id));
    const targets = [...p.targets].sort(cmp);
    return `${p.principal.kind} ${p.principal.name}${who(view, p.principal)} → ${p.set} in ${whereText(accounts, targets)}`;
  });
  return text.length <= 5 ? text : [...text.slice(0, 5), `+${text.length - 5} more`];
}

function who(view: AccessView, p: Principal): string {
  if (p.kind === "user") return "";
  const g = view.model.spec.groups[p.name];
  if (!g) return "";
  if (g.objectId !== undefined) return " (existing Entra group)";
  if (identityProviderOf(view.model.spec).side === "handoff" && !g.members?.length) return ` (members managed in ${identityProviderOf(view.model.spec).title})`;
  const parts = [g.members?.length ? plural(g.members.length, "standing member") : "", g.eligibleMembers?.length ? plural(g.eligibleMembers.length, "eligible member") : ""];
  return ` (${listSome(parts.filter(Boolean))})`;
}
