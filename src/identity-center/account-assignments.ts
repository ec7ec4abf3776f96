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
 *   through several targets into one;
 * - minus pending grants: grants whose principal is not in `principalIds` yet (see PrincipalResolver).
 * Keys depend only on names, account ids and data sources (all known at plan); ARNs and principal ids are values
 * and may be unknown.
 *
 * One instance of this construct can hold any subset of grants and OU targets, so assignments can be split into
 * several stacks (shards) that each pass their own subset and read the permission-set ARNs and principal ids through
 * cross-stack references.
 */
import { TerraformIterator, TerraformLocal, type ITerraformDependable } from "cdktf";
import { DataAwsOrganizationsOrganizationalUnitDescendantAccounts } from "@cdktf/provider-aws/lib/data-aws-organizations-organizational-unit-descendant-accounts";
import { SsoadminAccountAssignment } from "@cdktf/provider-aws/lib/ssoadmin-account-assignment";
import { Construct } from "constructs";
import { type AccessGrant, type OuTarget, principalKey } from "../model/expand";
import { address, embeddable } from "./terraform-address";
import { encodeStaticGrants, staticGrantsExpression } from "./shard-grants";
import { literal } from "./terraform-text";

export interface AccountAssignmentsProps {
  /** IAM Identity Center instance ARN. */
  readonly instanceArn: string;
  /**
   * Reference to a Terraform map permission-set name → ARN: `PermissionSets.arns`, a cross-stack/remote-state token,
   * or an expression string `${…}`.
   */
  readonly permissionSetArns: string;
  /** Reference to a Terraform map principal key → principal id (like `permissionSetArns`); grants of principals missing from it are pending. */
  readonly principalIds: string;
  /** Static grants (accounts named or given by id) this instance owns. */
  readonly grants: readonly AccessGrant[];
  /** OU and root targets this instance expands at plan time. @default - none */
  readonly ouTargets?: readonly OuTarget[];
  /**
   * What every assignment waits for and outlives: the permission sets and their policy attachments. Deleting a
   * permission set then deletes its assignments first. @default - only the implicit dependency through the ARNs
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Grant keys another instance (another shard stack) holds as static grants, mapped to that stack's name. The OU
   * expansion here leaves them out, so one AWS assignment is never two Terraform resources in two states (destroying
   * either would revoke it). Only keys of the principals and permission sets of `ouTargets` matter. @default - none
   */
  readonly heldElsewhere?: Readonly<Record<string, string>>;
  /**
   * Terraform name of the assignment resource (`aws_ssoadmin_account_assignment.<logicalId>`), for addresses that
   * must be known without synthesis (state moves between shard stacks). @default - derived from the construct path
   */
  readonly logicalId?: string;
}

export class AccountAssignments extends Construct {
  /** Reference to the Terraform map of every desired grant (pending ones included), keyed by grant key. */
  readonly desiredGrants: string;
  /** Reference to the Terraform map of the grants assigned in this plan (desired minus pending). */
  readonly assignedGrants: string;

  constructor(scope: Construct, id: string, props: AccountAssignmentsProps) {
    super(scope, id);
    const ouTargets = props.ouTargets ?? [];
    const principalIds = embeddable(props.principalIds);
    const permissionSetArns = embeddable(props.permissionSetArns);
    const principalType = (kind: string) => (kind === "group" ? "GROUP" : "USER");

    // The static grants travel as one JSON string decoded by Terraform (shard-grants.ts): cdktf resolves every string
    // of a literal map (three passes), which costs seconds at 20,000 grants. Keys stay readable in plans.
    const staticJson = new TerraformLocal(this, "static-json", literal(encodeStaticGrants(props.grants)));
    const staticGrants = new TerraformLocal(this, "static", `\${${staticGrantsExpression(`jsondecode(${address(staticJson)})`)}}`);

    let desired = staticGrants;
    if (ouTargets.length > 0) {
      const targets = new TerraformLocal(
        this,
        "ou-targets",
        Object.fromEntries(
          ouTargets.map((t) => [
            literal(t.key),
            {
              principal: literal(principalKey(t.principal)),
              principal_type: principalType(t.principal.kind),
              permission_set: literal(t.permissionSet),
              target_id: t.targetId,
              exclude: [...t.excludeAccountIds],
            },
          ]),
        ),
      );
      // Static grants of the same principal and permission set held by another shard stay there.
      // (One JSON string like the static grants: a principal with a root target may hold thousands of static grants.)
      const elsewhere = Object.keys(props.heldElsewhere ?? {}).length
        ? new TerraformLocal(this, "held-elsewhere", `\${jsondecode(${address(new TerraformLocal(this, "held-elsewhere-json", literal(JSON.stringify(props.heldElsewhere))))})}`)
        : undefined;
      const notElsewhere = elsewhere ? ` && lookup(${address(elsewhere)}, format("%s/%s/%s", t.principal, t.permission_set, a.id), "") == ""` : "";
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
          `if ${active} && !contains(t.exclude, a.id)${notElsewhere} }]...)}`,
      );
      desired = new TerraformLocal(this, "desired", `\${merge(${address(fromOus)}, ${address(staticGrants)})}`);
    }
    this.desiredGrants = desired.fqn;
    const assigned = new TerraformLocal(
      this,
      "assigned",
      `\${{ for k, g in ${address(desired)} : k => g if lookup(${principalIds}, g.principal, null) != null }}`,
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
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
    if (props.logicalId) assignment.overrideLogicalId(props.logicalId);
  }
}
