/**
 * Which assignment stack (shard) holds which grant. Pure (node:crypto only, no cdktf), so the stacks, the `shards`
 * command and the summary agree, and it is testable without synthesis.
 *
 * - OU and root targets are expanded at plan time. All targets of the same principal and permission set (a pair) share
 *   a home shard (jump hash of `<principal key>/<permission set>`), so nested or overlapping OUs collapse in one state.
 * - A static grant of a pair that has an OU/root target lives in that pair's home too: the OU-derived instance and the
 *   static one are then the same key in the same state (`merge` collapses them), so adding or removing the static
 *   grant changes nothing in AWS, and one AWS assignment is never two Terraform resources in two states (destroying
 *   either would revoke it; creating the second would conflict).
 * - Every other static grant lives in the shard of its account: jump consistent hash (Lamping & Veach 2014) of a
 *   stable 64-bit hash (the first 8 bytes of SHA-256) of the account id. So a change to one grant changes one stack
 *   (its account's, or its pair's home), adding accounts moves no existing account, and growing N → N+1 shards moves
 *   only about 1/(N+1) of the accounts and pairs (each to the new shard).
 * - A pair gaining its first OU/root target (or losing its last) takes its static grants into its home (or hands them
 *   back to their accounts' shards): `shardMoves` between the two files' layouts says which grants change stack.
 */
import { createHash } from "node:crypto";
import { type AccessGrant, type Expansion, type OuTarget, type Principal, principalKey } from "../model/expand";

export const SHARD_STACK_PREFIX = "identity-center-assignments-";

/** Stack name of shard `index`: `identity-center-assignments-<index>`. */
export const shardStackName = (index: number): string => `${SHARD_STACK_PREFIX}${index}`;

/** A stable unsigned 64-bit hash of a text: the first 8 bytes of its SHA-256, big-endian. */
export function hash64(text: string): bigint {
  return createHash("sha256").update(text, "utf8").digest().readBigUInt64BE(0);
}

const MASK_64 = (1n << 64n) - 1n;
const LCG_MULTIPLIER = 2862933555777941757n;

/** Jump consistent hash: the bucket in [0, buckets) of a 64-bit key (Lamping & Veach, arXiv:1406.2294). */
export function jumpHash(key: bigint, buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`buckets must be a positive integer, got ${buckets}`);
  let k = key & MASK_64;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = (k * LCG_MULTIPLIER + 1n) & MASK_64;
    j = Math.floor((b + 1) * (2 ** 31 / (Number(k >> 33n) + 1)));
  }
  return b;
}

/** The shard of an account (and so of every static grant to it whose principal and permission set have no OU target). */
export const accountShard = (accountId: string, shards: number): number => jumpHash(hash64(accountId), shards);

/** `<principal key>/<permission set>`: what OU targets share a home shard by, and the key prefix of their grants (static or OU-derived). */
export const pairKey = (principal: Principal, permissionSet: string): string => `${principalKey(principal)}/${permissionSet}`;

/** The home shard of every OU/root target of a principal and permission set, and of its static grants. */
export const ouTargetShard = (principal: Principal, permissionSet: string, shards: number): number =>
  jumpHash(hash64(pairKey(principal, permissionSet)), shards);

/** What one assignment stack holds. */
export interface ShardPlan {
  readonly index: number;
  readonly stackName: string;
  /**
   * Static grants held here, sorted by key: those of the pairs at home here that have an OU/root target, and those of
   * the accounts that hash here for every other pair.
   */
  readonly grants: readonly AccessGrant[];
  /** OU/root targets whose principal and permission set have their home here, sorted by key. */
  readonly ouTargets: readonly OuTarget[];
}

/** An expansion split over a number of shards: the input of `planShards` and either side of `shardMoves`. */
export interface ShardLayout {
  readonly expansion: Pick<Expansion, "grants" | "ouTargets">;
  readonly count: number;
}

/**
 * Where everything of one layout lives, each hash computed once: the home of every pair with an OU/root target, and
 * the shard of every static grant.
 */
class Placement {
  private readonly accounts = new Map<string, number>();
  /** Home shard of every pair that has an OU/root target, by pair key. */
  readonly homes = new Map<string, number>();
  /** Permission sets some OU target uses: only grants of these can belong to a pair with a home (no key built for others). */
  private readonly ouSets: ReadonlySet<string>;

  constructor(
    readonly count: number,
    ouTargets: readonly OuTarget[],
  ) {
    for (const t of ouTargets) {
      const key = pairKey(t.principal, t.permissionSet);
      if (!this.homes.has(key)) this.homes.set(key, jumpHash(hash64(key), count));
    }
    this.ouSets = new Set(ouTargets.map((t) => t.permissionSet));
  }

  account(accountId: string): number {
    let s = this.accounts.get(accountId);
    if (s === undefined) this.accounts.set(accountId, (s = accountShard(accountId, this.count)));
    return s;
  }

  /** The home of a grant's pair when the pair has an OU/root target, else undefined. */
  homeOf(g: Pick<AccessGrant, "principal" | "permissionSet">): number | undefined {
    return this.ouSets.has(g.permissionSet) ? this.homes.get(pairKey(g.principal, g.permissionSet)) : undefined;
  }

  /** The shard holding a static grant (or the key of one): its pair's home, else its account's shard. */
  grant(g: Pick<AccessGrant, "principal" | "permissionSet" | "accountId">): number {
    return this.homeOf(g) ?? this.account(g.accountId);
  }
}

const plans = new WeakMap<object, Map<number, readonly ShardPlan[]>>();

/**
 * Splits an expansion into `count` shards (every shard is returned, empty ones included). Computed once per
 * expansion and count (the stacks and the `npm start` summary share it); the result is read-only.
 */
export function planShards(expansion: Pick<Expansion, "grants" | "ouTargets">, count: number): readonly ShardPlan[] {
  let byCount = plans.get(expansion);
  if (!byCount) plans.set(expansion, (byCount = new Map()));
  let plan = byCount.get(count);
  if (!plan) byCount.set(count, (plan = computePlan(expansion, count)));
  return plan;
}

function computePlan(expansion: Pick<Expansion, "grants" | "ouTargets">, count: number): ShardPlan[] {
  const place = new Placement(count, expansion.ouTargets);
  const grants: AccessGrant[][] = Array.from({ length: count }, () => []);
  const ouTargets: OuTarget[][] = Array.from({ length: count }, () => []);
  for (const g of expansion.grants) grants[place.grant(g)].push(g);
  for (const t of expansion.ouTargets) ouTargets[place.homes.get(pairKey(t.principal, t.permissionSet)) as number].push(t);
  return grants.map((_, i) => ({ index: i, stackName: shardStackName(i), grants: grants[i], ouTargets: ouTargets[i] }));
}

/** A grant (by key) whose stack differs between two layouts. */
export interface GrantMove {
  readonly key: string;
  readonly from: number;
  readonly to: number;
}

/**
 * A principal and permission set with OU/root targets in both layouts whose home changes: every instance under its
 * key prefix (`<pair>/<account id>`), OU-derived or static, moves from the old home to the new one.
 */
export interface OuPairMove {
  /** `<principal key>/<permission set>`. */
  readonly pair: string;
  readonly from: number;
  readonly to: number;
}

export interface ShardMoves {
  readonly from: number;
  readonly to: number;
  /** Grants moved one by one (their keys are known from the files), sorted by key. */
  readonly grants: readonly GrantMove[];
  /** Pairs moved as a whole (their OU-derived keys are only known from the state), sorted by pair. */
  readonly ouPairs: readonly OuPairMove[];
}

const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * What changes stack between two layouts: the same file at another count (`shardMoves(l, l')` with the same
 * expansion), or two versions of a file (the base's layout and the head's), where a pair that gains its first OU/root
 * target takes its static grants into its home and a pair that loses its last hands them back to their accounts.
 *
 * Only grants that can be in the old state are listed: static grants of the old file, and, for a pair with an OU
 * target in the old file, every key of that pair the new file still has (it may be OU-derived there). A grant whose
 * old and new stack are the same, or that the new file drops, is not listed (the deploy keeps or destroys it in place).
 */
export function shardMoves(before: ShardLayout, after: ShardLayout): ShardMoves {
  const b = new Placement(before.count, before.expansion.ouTargets);
  const a = new Placement(after.count, after.expansion.ouTargets);
  const ouPairs: OuPairMove[] = [];
  for (const [pair, from] of b.homes) {
    const to = a.homes.get(pair);
    if (to !== undefined && to !== from) ouPairs.push({ pair, from, to });
  }
  const moves = new Map<string, GrantMove>();
  const consider = (g: AccessGrant, from: number | undefined, to: number | undefined) => {
    if (from === undefined || to === undefined || from === to || moves.has(g.key)) return;
    // A pair with a home on both sides moves as a whole (or stays).
    if (b.homeOf(g) !== undefined && a.homeOf(g) !== undefined) return;
    moves.set(g.key, { key: g.key, from, to });
  };
  const staticBefore = new Set(before.expansion.grants.map((g) => g.key));
  const staticAfter = new Set(after.expansion.grants.map((g) => g.key));
  // Grants of the new file: from where they are (static before, or possibly OU-derived in the old home).
  for (const g of after.expansion.grants) consider(g, staticBefore.has(g.key) ? b.grant(g) : b.homeOf(g), a.grant(g));
  // Static grants of the old file the new one reaches only through an OU: into that pair's home.
  for (const g of before.expansion.grants) if (!staticAfter.has(g.key)) consider(g, b.grant(g), a.homeOf(g));
  return {
    from: before.count,
    to: after.count,
    grants: [...moves.values()].sort((x, y) => byText(x.key, y.key)),
    ouPairs: ouPairs.sort((x, y) => byText(x.pair, y.pair)),
  };
}
