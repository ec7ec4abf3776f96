/**
 * Finds the IAM Identity Center ids of the groups and users the assignments name, rename-proof and tolerant of SCIM
 * lag. Everything is decided at plan time from two listing data sources (`aws_identitystore_groups`,
 * `aws_identitystore_users`), which never fail when a principal is missing; a singular lookup with a filter would
 * fail the whole plan instead.
 *
 * Matching, per principal:
 * 1. by external id: the Entra object id, which SCIM writes as `externalId` (the mapping fix makes it the objectId),
 *    so a group renamed in Entra keeps its grants;
 * 2. else by name (group display name / userName, case-insensitive for users), but only an identity no other Entra
 *    object claims: a candidate whose external ids include a GUID (another Entra object) is never taken by name when
 *    our object id is known, so a same-named stale or foreign group cannot inherit the grants;
 * 3. else the principal is *pending*: it is left out of `principalIds`, its grants wait, and it is listed in
 *    `pendingPrincipals`; the next plan after SCIM has provisioned it picks it up. Never a failed plan.
 *
 * The map keys are principal keys (`group:<name>`, `user:<userName>`), the same prefix as grant keys.
 */
import { TerraformLocal, Token } from "cdktf";
import { DataAwsIdentitystoreGroups } from "@cdktf/provider-aws/lib/data-aws-identitystore-groups";
import { DataAwsIdentitystoreUsers } from "@cdktf/provider-aws/lib/data-aws-identitystore-users";
import { Construct } from "constructs";
import { address } from "../terraform/address";
import { GUID_REGEX } from "../terraform/text";

/** A principal to resolve. */
export interface PrincipalToResolve {
  /** `group:<name>` or `user:<userName>`: the key in `principalIds`. */
  readonly key: string;
  readonly kind: "group" | "user";
  /** Group display name, or userName (UPN); matched when the external id finds nothing. */
  readonly name: string;
  /** Entra object id (literal or a Terraform reference), matched against SCIM externalId. @default - match by name only */
  readonly objectId?: string;
}

export interface PrincipalResolverProps {
  /** Identity store id (literal or a reference). */
  readonly identityStoreId: string;
  /** The principals, any order; keys must be unique. */
  readonly principals: readonly PrincipalToResolve[];
}

export class PrincipalResolver extends Construct {
  /** Reference to a Terraform map principal key → identity store id, holding only principals found (`local.…`). */
  readonly principalIds: string;
  /** Reference to a sorted Terraform list of principal keys not provisioned yet. */
  readonly pendingPrincipals: string;
  /** Reference to a Terraform map principal key → how it was found: `external-id` or `name`. */
  readonly matchedBy: string;

  constructor(scope: Construct, id: string, props: PrincipalResolverProps) {
    super(scope, id);
    const wanted = Object.fromEntries(
      [...props.principals]
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((p) => [
          p.key,
          { kind: p.kind, name: p.kind === "user" && !Token.isUnresolved(p.name) ? p.name.toLowerCase() : p.name, object_id: p.objectId ?? "" },
        ]),
    );
    const hasGroups = props.principals.some((p) => p.kind === "group");
    const hasUsers = props.principals.some((p) => p.kind === "user");

    // External ids, lower-cased; identities without any are an empty list (the attribute may be null).
    const eids = (x: string) => `[for e in (${x}.external_ids == null ? [] : ${x}.external_ids) : lower(e.id) if e.id != null]`;
    const sources: string[] = [];
    if (hasGroups) {
      const groups = new DataAwsIdentitystoreGroups(this, "groups", { identityStoreId: props.identityStoreId });
      sources.push(`[for g in ${address(groups)}.groups : { kind = "group", id = g.group_id, name = g.display_name, eids = ${eids("g")} }]`);
    }
    if (hasUsers) {
      const users = new DataAwsIdentitystoreUsers(this, "users", { identityStoreId: props.identityStoreId });
      sources.push(`[for u in ${address(users)}.users : { kind = "user", id = u.user_id, name = lower(u.user_name), eids = ${eids("u")} }]`);
    }

    const wantedLocal = new TerraformLocal(this, "wanted", wanted);
    const identities = new TerraformLocal(this, "identities", sources.length > 0 ? `\${concat(${sources.join(", ")})}` : []);
    const byExternalId = new TerraformLocal(
      this,
      "by-external-id",
      `\${{ for x in flatten([for i in ${address(identities)} : [for e in i.eids : { key = format("%s|%s", i.kind, e), id = i.id }]]) : x.key => x.id... }}`,
    );
    const byName = new TerraformLocal(this, "by-name", `\${{ for i in ${address(identities)} : format("%s|%s", i.kind, i.name) => i... }}`);
    const matches = new TerraformLocal(
      this,
      "matches",
      `\${{ for k, w in ${address(wantedLocal)} : k => try(` +
        `{ id = ${address(byExternalId)}[format("%s|%s", w.kind, lower(w.object_id))][0], via = "external-id" }, ` +
        `{ id = [for i in ${address(byName)}[format("%s|%s", w.kind, w.name)] : i.id if w.object_id == "" || alltrue([for e in i.eids : !can(regex("${GUID_REGEX}", e))])][0], via = "name" }, ` +
        `null) }}`,
    );
    this.principalIds = new TerraformLocal(this, "ids", `\${{ for k, m in ${address(matches)} : k => m.id if m != null }}`).fqn;
    this.matchedBy = new TerraformLocal(this, "matched-by", `\${{ for k, m in ${address(matches)} : k => m.via if m != null }}`).fqn;
    this.pendingPrincipals = new TerraformLocal(this, "pending", `\${[for k, m in ${address(matches)} : k if m == null]}`).fqn;
  }
}
