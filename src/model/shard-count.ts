/**
 * How many account-assignment stacks (shards) a federation file gets: `identityCenter.assignmentShards`, or by size
 * when it is `auto` (one stack per 2,000 static grants, at least one, at most 64). Pure; no cdktf import.
 *
 * Also the one memoized expansion per model: the loader's shard-count rule, the stacks and the `npm start` summary all
 * need `expand(model)`, which costs ~0.1 s at 20,000 grants; they share one result (the model is immutable).
 */
import { type Expansion, expand } from "./expand";
import type { FederationModel } from "./model";

/** Static grants per assignment stack when the count is automatic. */
export const GRANTS_PER_SHARD = 2000;
/** Upper bound of the count (the schema's maximum for `assignmentShards`). */
export const MAX_SHARDS = 64;

export interface ShardCount {
  /** Number of assignment stacks, 1..64. */
  readonly count: number;
  /** true when `assignmentShards` is `auto` (the count follows the size of the file). */
  readonly automatic: boolean;
  /** Static grants (accounts named or given by id) the count was derived from. */
  readonly staticGrants: number;
}

const expansions = new WeakMap<object, Expansion>();

/** `expand(model)`, computed once per model (keyed by the parsed spec, which nothing mutates). */
export function expansionOf(model: Pick<FederationModel, "spec">): Expansion {
  let e = expansions.get(model.spec);
  if (!e) {
    e = expand(model);
    expansions.set(model.spec, e);
  }
  return e;
}

/** The automatic count for a number of static grants: ceil(grants / 2,000), between 1 and 64. */
export function automaticShardCount(staticGrants: number): number {
  return Math.min(MAX_SHARDS, Math.max(1, Math.ceil(staticGrants / GRANTS_PER_SHARD)));
}

export function assignmentShardCount(model: Pick<FederationModel, "spec">): ShardCount {
  const setting = model.spec.identityCenter.assignmentShards ?? "auto";
  const staticGrants = expansionOf(model).grants.length;
  if (setting === "auto") return { count: automaticShardCount(staticGrants), automatic: true, staticGrants };
  return { count: setting, automatic: false, staticGrants };
}
