/**
 * Account assignments: every grant as one instance of a single `aws_ssoadmin_account_assignment` with `for_each`
 * over a map keyed by the grant key (`group:<name>/<permissionSet>/<accountId>`), so 20,000 grants are one resource
 * block, and reordering or renaming something unrelated changes no key.
 *
 * The map is built at plan time from:
 * - the static grants (accounts by id or by name), shipped as one JSON string grouped by principal and permission set
 *   (see shard-grants.ts) and turned back into the grant map by Terraform;
 * - the OU and root targets: every ACTIVE account below each target, recursively
 *   (`data aws_organizations_organizational_unit_descendant_accounts`, `state` with a fallback to the retired
 *   `status`), minus the target's excluded accounts, turned into the same key shape; `merge` collapses a grant reached
 *   through several targets, or through a target and a static grant, into one;
 * - minus pending grants, which wait without failing the plan and are counted as desired but not assigned:
 *   - grants whose principal is not in `principalIds` yet (see PrincipalResolver);
 *   - grants whose permission set is not in `permissionSetArns` yet: a shard stack reads the ARNs from the
 *     `identity-center` state, which lacks a set that change adds until `identity-center` is applied. Without this,
 *     the plan of every shard holding a grant of the new set would fail ("Invalid index"), in every per-stack CI plan
 *     of the pull request that adds the set and grants it. The next deploy after `identity-center` assigns them.
 *     (The check is on the map's keys, which are known at plan even where the ARNs themselves are not yet.)
 * Keys depend only on names, account ids and data sources (all known at plan); ARNs and principal ids are values
 * and may be unknown.
 *
 * One instance of this construct can hold any subset of grants and OU targets, so assignments can be split into
 * several stacks (shards) that each pass their own subset and read the permission-set ARNs and principal ids through
 * cross-stack references. A static grant and an OU target that can yield the same key must be in the same instance
 * (src/identity-center/shards.ts places them so): two instances would make one AWS assignment two resources.
 */
import { TerraformIterator, TerraformLocal } from "cdktf";
import { DataAwsOrganizationsOrganizationalUnitDescendantAccounts } from "@cdktf/provider-aws/lib/data-aws-organizations-organizational-unit-descendant-accounts";
import { SsoadminAccountAssignment } from "@cdktf/provider-aws/lib/ssoadmin-account-assignment";
import { Construct } from "constructs";
import { type AccessGrant, type OuTarget, principalKey } from "../model/expand";
import { address, embeddable } from "../terraform/address";
import { encodeStaticGrants, staticGrantsExpression } from "./shard-grants";

export interface AccountAssignmentsProps {
  /** IAM Identity Center instance ARN. */
  readonly instanceArn: string;
  /**
   * Reference to a Terraform map permission-set name → ARN: `PermissionSets.arns`, a cross-stack/remote-state token,
   * or an expression string `${…}`. Grants of sets missing from it are pending.
   */
  readonly permissionSetArns: string;
  /** Reference to a Terraform map principal key → principal id (like `permissionSetArns`); grants of principals missing from it are pending. */
  readonly principalIds: string;
  /** Static grants (accounts named or given by id) this instance owns. */
  readonly grants: readonly AccessGrant[];
  /** OU and root targets this instance expands at plan time. @default - none */
  readonly ouTargets?: readonly OuTarget[];
  /**
   * Terraform name of the assignment resource (`aws_ssoadmin_account_assignment.<logicalId>`), for addresses that
   * must be known without synthesis (state moves between shard stacks). @default - derived from the construct path
   */
  readonly logicalId?: string;
}

export class AccountAssignments extends Construct {
  /** Reference to the Terraform map of every desired grant (pending ones included), keyed by grant key. */
  readonly desiredGrants: string;
  /** Reference to the Terraform map of the grants assigned in this plan (desired minus pending principals and permission sets). */
  readonly assignedGrants: string;

  constructor(scope: Construct, id: string, props: AccountAssignmentsProps) {
    super(scope, id);
    const ouTargets = props.ouTargets ?? [];
    const principalIds = embeddable(props.principalIds);
    const permissionSetArns = embeddable(props.permissionSetArns);
    const principalType = (kind: string) => (kind === "group" ? "GROUP" : "USER");

    // The static grants travel as one JSON string decoded by Terraform (shard-grants.ts): cdktf resolves every string
    // of a literal map (three passes), which costs seconds at 20,000 grants. Keys stay readable in plans.
    const staticJson = new TerraformLocal(this, "static-json", encodeStaticGrants(props.grants));
    const staticGrants = new TerraformLocal(this, "static", `\${${staticGrantsExpression(`jsondecode(${address(staticJson)})`)}}`);

    let desired = staticGrants;
    if (ouTargets.length > 0) {
      const targets = new TerraformLocal(
        this,
        "ou-targets",
        Object.fromEntries(
          ouTargets.map((t) => [
            t.key,
            {
              principal: principalKey(t.principal),
              principal_type: principalType(t.principal.kind),
              permission_set: t.permissionSet,
              target_id: t.targetId,
              exclude: [...t.excludeAccountIds],
            },
          ]),
        ),
      );
      // Each OU or root is read once, however many targets name it.
      const each = TerraformIterator.fromList([...new Set(ouTargets.map((t) => t.targetId))].sort());
      const accounts = new DataAwsOrganizationsOrganizationalUnitDescendantAccounts(this, "ou-accounts", {
        forEach: each,
        parentId: each.value,
      });
      // An account counts when its state (or, before the `status` retirement, its status) is ACTIVE.
      const active = `try(coalesce(a.state, a.status), "") == "ACTIVE"`;
      const fromOus = new TerraformLocal(
        this,
        "ou-grants",
        `\${merge([for t in ${address(targets)} : { for a in ${address(accounts)}[t.target_id].accounts : ` +
          `format("%s/%s/%s", t.principal, t.permission_set, a.id) => { principal = t.principal, principal_type = t.principal_type, permission_set = t.permission_set, account_id = a.id } ` +
          `if ${active} && !contains(t.exclude, a.id) }]...)}`,
      );
      desired = new TerraformLocal(this, "desired", `\${merge(${address(fromOus)}, ${address(staticGrants)})}`);
    }
    this.desiredGrants = desired.fqn;
    // Pending: the principal is not provisioned yet, or the permission set is not created yet (see the doc comment).
    const assigned = new TerraformLocal(
      this,
      "assigned",
      `\${{ for k, g in ${address(desired)} : k => g if lookup(${principalIds}, g.principal, null) != null && contains(keys(${permissionSetArns}), g.permission_set) }}`,
    );
    this.assignedGrants = assigned.fqn;

    const each = TerraformIterator.fromMap(assigned.asAnyMap);
    const assignment = new SsoadminAccountAssignment(this, "assignment", {
      forEach: each,
      instanceArn: props.instanceArn,
      permissionSetArn: `\${${permissionSetArns}[each.value.permission_set]}`,
      principalId: `\${${principalIds}[each.value.principal]}`,
      principalType: each.getString("principal_type"),
      targetId: each.getString("account_id"),
      targetType: "AWS_ACCOUNT",
    });
    if (props.logicalId) assignment.overrideLogicalId(props.logicalId);
  }
}
