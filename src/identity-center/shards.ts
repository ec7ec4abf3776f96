/**
 * Which assignment stack (shard) holds which grant. Pure (node:crypto only, no cdktf), so the stacks, the `shards`
 * command and the summary agree, and it is testable without synthesis.
 *
 * - A static grant lives in the shard of its account: jump consistent hash (Lamping & Veach 2014) of a stable 64-bit
 *   hash (the first 8 bytes of SHA-256) of the account id. So every grant of an account is in one stack, a change to
 *   one account's grants changes one stack, adding accounts moves no existing account, and growing N → N+1 shards
 *   moves only about 1/(N+1) of the accounts (each to the new shard).
 * - OU and root targets are expanded at plan time. All targets of the same principal and permission set share a home
 *   shard (jump hash of `<principal key>/<permission set>`), so nested or overlapping OUs collapse in one state.
 * - The same key must never be two Terraform resources (in two states) for one AWS assignment: destroying either
 *   would revoke the access. So the home shard of an OU target is told which static grants of the same principal and
 *   permission set live in another shard (`heldElsewhere`), and leaves those keys to that shard.
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

/** The shard of an account (and so of every static grant to it). */
export const accountShard = (accountId: string, shards: number): number => jumpHash(hash64(accountId), shards);

/** `<principal key>/<permission set>`: what OU targets share a home shard by, and the key prefix of their grants. */
export const pairKey = (principal: Principal, permissionSet: string): string => `${principalKey(principal)}/${permissionSet}`;

/** The home shard of every OU/root target of a principal and permission set. */
export const ouTargetShard = (principal: Principal, permissionSet: string, shards: number): number =>
  jumpHash(hash64(pairKey(principal, permissionSet)), shards);

/** What one assignment stack holds. */
export interface ShardPlan {
  readonly index: number;
  readonly stackName: string;
  /** Static grants whose account hashes here, sorted by key. */
  readonly grants: readonly AccessGrant[];
  /** OU/root targets whose principal and permission set have their home here, sorted by key. */
  readonly ouTargets: readonly OuTarget[];
  /**
   * Static grants of the principals and permission sets this shard expands OUs for, held by another shard:
   * grant key → that shard's stack name. The OU expansion here leaves these keys out.
   */
  readonly heldElsewhere: Readonly<Record<string, string>>;
}

/** Shard numbers by account id and by pair, each hash computed once. */
class Placement {
  private readonly accounts = new Map<string, number>();
  private readonly pairs = new Map<string, number>();
  constructor(readonly count: number) {}
  account(accountId: string): number {
    let s = this.accounts.get(accountId);
    if (s === undefined) this.accounts.set(accountId, (s = accountShard(accountId, this.count)));
    return s;
  }
  pair(principal: Principal, permissionSet: string): number {
    const key = pairKey(principal, permissionSet);
    let s = this.pairs.get(key);
    if (s === undefined) this.pairs.set(key, (s = jumpHash(hash64(key), this.count)));
    return s;
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
  const place = new Placement(count);
  const grants: AccessGrant[][] = Array.from({ length: count }, () => []);
  const ouTargets: OuTarget[][] = Array.from({ length: count }, () => []);
  const elsewhere: Record<string, string>[] = Array.from({ length: count }, () => ({}));
  for (const g of expansion.grants) grants[place.account(g.accountId)].push(g);
  const homes = new Map<string, number>();
  for (const t of expansion.ouTargets) {
    const home = place.pair(t.principal, t.permissionSet);
    ouTargets[home].push(t);
    homes.set(pairKey(t.principal, t.permissionSet), home);
  }
  if (homes.size > 0) {
    // Only grants of a permission set some OU target uses can share a pair with one (no key built for the others).
    const ouSets = new Set(expansion.ouTargets.map((t) => t.permissionSet));
    for (const g of expansion.grants) {
      if (!ouSets.has(g.permissionSet)) continue;
      const home = homes.get(pairKey(g.principal, g.permissionSet));
      const shard = place.account(g.accountId);
      if (home !== undefined && home !== shard) elsewhere[home][g.key] = shardStackName(shard);
    }
  }
  return grants.map((_, i) => ({ index: i, stackName: shardStackName(i), grants: grants[i], ouTargets: ouTargets[i], heldElsewhere: elsewhere[i] }));
}

/** A static grant whose shard differs between two counts. */
export interface GrantMove {
  readonly key: string;
  readonly from: number;
  readonly to: number;
}

/** A principal and permission set whose OU-derived grants (keys `<pair>/<account id>`) change home shard. */
export interface OuPairMove {
  /** `<principal key>/<permission set>`. */
  readonly pair: string;
  readonly from: number;
  readonly to: number;
  /** The pair's static grant keys: they are not OU-derived (they stay, or move as a GrantMove). */
  readonly staticKeys: readonly string[];
}

export interface ShardMoves {
  readonly from: number;
  readonly to: number;
  readonly grants: readonly GrantMove[];
  readonly ouPairs: readonly OuPairMove[];
}

/** What changes home when the shard count goes from `from` to `to` (same file). */
export function shardMoves(expansion: Pick<Expansion, "grants" | "ouTargets">, from: number, to: number): ShardMoves {
  const before = new Placement(from);
  const after = new Placement(to);
  const grants: GrantMove[] = [];
  for (const g of expansion.grants) {
    const a = before.account(g.accountId);
    const b = after.account(g.accountId);
    if (a !== b) grants.push({ key: g.key, from: a, to: b });
  }
  const staticByPair = new Map<string, string[]>();
  for (const g of expansion.grants) {
    const k = pairKey(g.principal, g.permissionSet);
    const keys = staticByPair.get(k);
    if (keys) keys.push(g.key);
    else staticByPair.set(k, [g.key]);
  }
  const ouPairs = new Map<string, OuPairMove>();
  for (const t of expansion.ouTargets) {
    const pair = pairKey(t.principal, t.permissionSet);
    const a = before.pair(t.principal, t.permissionSet);
    const b = after.pair(t.principal, t.permissionSet);
    if (a !== b && !ouPairs.has(pair)) ouPairs.set(pair, { pair, from: a, to: b, staticKeys: staticByPair.get(pair) ?? [] });
  }
  return { from, to, grants, ouPairs: [...ouPairs.values()].sort((x, y) => (x.pair < y.pair ? -1 : x.pair > y.pair ? 1 : 0)) };
}
