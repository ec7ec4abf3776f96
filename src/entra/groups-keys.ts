/**
 * The for_each keys of the Entra group resources and how to reference one instance. Keys are public contract (a
 * changed key replaces the cloud object), so they come only from names in the file, never from list positions:
 * - a group: its name under `groups:` (`aws-sso-admins`);
 * - a membership or an eligibility: `<group>/<principal>` (`aws-sso-admins/bob@example.com`), the principal as
 *   written, lower-cased (UPNs and object ids are case-insensitive in Entra), with `%` and `/` percent-encoded in it
 *   (`%25`, `%2F`): the key splits at its last `/`, so group `ops/b` with member `c@x` and group `ops` with member
 *   `b/c@x` get two keys. UPNs and object ids have neither character in practice, so no deployed key changes;
 * - an app role assignment: `group:<name>` or `user:<upn>`, the principal keys of the access grants.
 */
import { hclString } from "../terraform/text";

/** The gallery app role every group (unless its `appRole` says otherwise) and every directly assigned user gets. */
export const DEFAULT_APP_ROLE = "User";

/** A principal reference (UPN or object id) in its key form. */
export function principalKey(principal: string): string {
  return principal.toLowerCase();
}

/** Principals in key order, without duplicates (by key): for sets whose order in the file means nothing. */
export function sortByKey(principals: readonly string[]): string[] {
  const byKey = new Map(principals.map((p) => [principalKey(p), p] as const));
  return [...byKey.keys()].sort().map((k) => byKey.get(k) as string);
}

export function membershipKey(group: string, principal: string): string {
  return `${group}/${principalKey(principal).replace(/%/g, "%25").replace(/\//g, "%2F")}`;
}

export function groupAssignmentKey(group: string): string {
  return `group:${group}`;
}

export function userAssignmentKey(upn: string): string {
  return `user:${principalKey(upn)}`;
}

/**
 * `${<resource>["<key>"].<attribute>}` for one instance of a for_each resource (`fqn` is the resource's token; `key`
 * Terraform-safe, as the for_each map has it).
 */
export function instanceAttribute(fqn: string, key: string, attribute: string): string {
  return `\${${fqn}[${hclString(key)}].${attribute}}`;
}
