/**
 * How the static grants of an assignment stack travel into Terraform: one JSON string (cdktf resolves every string of
 * a literal map in three passes, which costs seconds at 20,000 grants; one string costs milliseconds), grouped by
 * principal and permission set so that each grant is just its account id (a fifth of the size of one object per
 * grant). Terraform rebuilds the grant map with the same keys: `<principal key>/<permission set>/<account id>`.
 * Pure: no cdktf import.
 */
import { type AccessGrant, principalKey } from "../model/expand";

/** One principal and permission set with the accounts it is granted on. */
export interface StaticGrantGroup {
  readonly principal: string;
  readonly principal_type: "GROUP" | "USER";
  readonly permission_set: string;
  readonly accounts: readonly string[];
}

/** `{ "<principal key>/<permission set>": { principal, principal_type, permission_set, accounts: [...] } }` as JSON. */
export function encodeStaticGrants(grants: readonly AccessGrant[]): string {
  const groups = new Map<string, { principal: string; principal_type: "GROUP" | "USER"; permission_set: string; accounts: string[] }>();
  for (const g of grants) {
    // The grant key is `<pair>/<account id>`: its pair without building it again.
    const pair = g.key.slice(0, g.key.length - g.accountId.length - 1);
    let group = groups.get(pair);
    if (!group) {
      group = { principal: principalKey(g.principal), principal_type: g.principal.kind === "group" ? "GROUP" : "USER", permission_set: g.permissionSet, accounts: [] };
      groups.set(pair, group);
    }
    group.accounts.push(g.accountId);
  }
  return JSON.stringify(Object.fromEntries(groups));
}

/**
 * The Terraform expression (inside `${…}`) that turns the decoded groups back into the grant map, keyed by grant key,
 * each value `{ principal, principal_type, permission_set, account_id }`; with `condition` (an expression over the
 * group `g`), only the groups that meet it.
 */
export function staticGrantsExpression(decoded: string, condition?: string): string {
  return (
    `merge([for pair, g in ${decoded} : { for a in g.accounts : format("%s/%s", pair, a) => ` +
    "{ principal = g.principal, principal_type = g.principal_type, permission_set = g.permission_set, account_id = a } }" +
    `${condition === undefined ? "" : ` if ${condition}`}]...)`
  );
}

/** The grant keys an encoded string holds (what Terraform's expression yields), for checks outside Terraform. */
export function decodeStaticGrantKeys(json: string): string[] {
  const groups = JSON.parse(json) as Record<string, StaticGrantGroup>;
  return Object.entries(groups).flatMap(([pair, g]) => g.accounts.map((a) => `${pair}/${a}`));
}
