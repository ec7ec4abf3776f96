/**
 * Destroy protection as the model sees it (`protection.allowDestroy`): what Terraform must refuse to destroy or replace,
 * and which opt-ins lift that. Pure; the stacks turn it into `prevent_destroy`, the rules into warnings.
 *
 * Protected by default: the enterprise application and its service principal, the SCIM secret (when this file creates
 * it) and every permission set that holds grants (a static grant or an OU/root target). A set that holds none is not
 * protected: deleting it deletes no one's access.
 */
import type { FederationModel } from "./model";
import { expansionOf } from "./shard-count";

export interface DestroyProtection {
  /** The enterprise application and its service principal refuse destruction. */
  readonly enterpriseApplication: boolean;
  /** The SCIM secret refuses destruction (meaningless for an `existing` secret, which is never managed). */
  readonly scimSecret: boolean;
  /** Permission sets of the file that hold grants and are not opted in, sorted: their destruction is refused. */
  readonly protectedPermissionSets: readonly string[];
  /**
   * Permission sets whose protection is released, sorted: every other set of the file, and opted-in names that are no
   * longer in the file (so that their protection can be lifted in the change that removes them).
   */
  readonly releasedPermissionSets: readonly string[];
  /** Static grants plus OU/root targets, per permission-set name (sets holding none are absent). */
  readonly holdings: ReadonlyMap<string, number>;
}

const protections = new WeakMap<object, DestroyProtection>();

/** Computed once per model (keyed by the parsed spec, which nothing mutates): the rules, three stacks and the summary ask. */
export function destroyProtection(model: Pick<FederationModel, "spec">): DestroyProtection {
  let p = protections.get(model.spec);
  if (!p) protections.set(model.spec, (p = computeProtection(model)));
  return p;
}

function computeProtection(model: Pick<FederationModel, "spec">): DestroyProtection {
  const allow = model.spec.protection?.allowDestroy;
  const optedIn = new Set(allow?.permissionSets ?? []);
  const expansion = expansionOf(model);
  const holdings = new Map<string, number>();
  for (const list of [expansion.grants, expansion.ouTargets]) for (const x of list) holdings.set(x.permissionSet, (holdings.get(x.permissionSet) ?? 0) + 1);
  const names = Object.keys(model.spec.permissionSets);
  const isProtected = (name: string) => holdings.has(name) && !optedIn.has(name);
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    enterpriseApplication: !(allow?.enterpriseApplication ?? false),
    scimSecret: !(allow?.scimSecret ?? false),
    protectedPermissionSets: sorted(names.filter(isProtected)),
    releasedPermissionSets: sorted([...names.filter((n) => !isProtected(n)), ...optedIn]),
    holdings,
  };
}
