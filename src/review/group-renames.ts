/**
 * Group renames. A group's key is its Entra display name (for groups the file creates) and the principal of its
 * grants: renaming it replaces the Entra group (a new object id, memberships and app role assignment recreated) and
 * re-keys every grant, which waits as pending until SCIM provisions the new group (about 40 minutes). A group that
 * disappears while a new one appears with the same members (standing and eligible) or the same object id is such a
 * rename: reported as a warning, so the reviewer plans the gap (or keeps the name).
 */
import { canonicalJson } from "../model/model";
import { type AccessView, cmp, groupMembers } from "./access";

export interface GroupRename {
  readonly from: string;
  readonly to: string;
  /** An existing Entra group (`objectId`): only its label and grant keys change. */
  readonly existing: boolean;
}

function signature(view: AccessView, name: string): string | undefined {
  const m = groupMembers(view.model, name);
  if (!m) return undefined;
  if (m.existingObjectId) return `object:${m.existingObjectId.toLowerCase()}`;
  const standing = m.standing.map((p) => p.toLowerCase()).sort();
  const eligible = m.eligible.map((e) => e.principal.toLowerCase()).sort();
  return standing.length + eligible.length === 0 ? undefined : canonicalJson({ standing, eligible });
}

export function detectGroupRenames(base: AccessView, head: AccessView): GroupRename[] {
  const bGroups = base.model.spec.groups;
  const hGroups = head.model.spec.groups;
  const removed = Object.keys(bGroups).filter((g) => !Object.hasOwn(hGroups, g)).sort(cmp);
  const added = Object.keys(hGroups).filter((g) => !Object.hasOwn(bGroups, g)).sort(cmp);
  const out: GroupRename[] = [];
  const used = new Set<string>();
  for (const from of removed) {
    const sig = signature(base, from);
    if (sig === undefined) continue;
    const to = added.find((a) => !used.has(a) && signature(head, a) === sig);
    if (to === undefined) continue;
    used.add(to);
    out.push({ from, to, existing: sig.startsWith("object:") });
  }
  return out;
}
