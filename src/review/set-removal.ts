/**
 * A permission set removed in the same change as its grants. IAM Identity Center refuses to delete a set that is still
 * assigned, and the grants are removed by the assignment stacks, which deploy after `identity-center`: such a change
 * fails half-way. The reviewer is told to split it (grants first, then the set).
 */
import { expansionOf } from "../model/shard-count";
import { type Message, messages } from "../model/messages";
import type { FederationModel } from "../model/model";

export interface SetRemovedWithGrants {
  readonly permissionSet: string;
  /** Static grants plus OU/root targets the base gives the set. */
  readonly grants: number;
  readonly message: Message;
}

/** Sets of the base that the head no longer has (renames excluded: `renamedFrom`) and that hold grants in the base. */
export function setsRemovedWithGrants(base: FederationModel, head: FederationModel, renamedFrom: ReadonlySet<string>): SetRemovedWithGrants[] {
  const headSets = head.spec.permissionSets;
  const removed = Object.keys(base.spec.permissionSets)
    .filter((name) => !Object.hasOwn(headSets, name) && !renamedFrom.has(name))
    .sort();
  if (removed.length === 0) return [];
  const { grants, ouTargets } = expansionOf(base);
  return removed
    .map((permissionSet) => ({
      permissionSet,
      grants: grants.filter((g) => g.permissionSet === permissionSet).length + ouTargets.filter((t) => t.permissionSet === permissionSet).length,
    }))
    .filter((r) => r.grants > 0)
    .map((r) => ({ ...r, message: messages.permissionSetRemovedWithGrants(r.permissionSet, r.grants) }));
}
