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
 * - minus pending grants, which wait without failing the plan and are counted as pending, not assigned:
 *   - grants whose principal is not in `principalIds` yet (see PrincipalResolver);
 *   - grants whose permission set is not in `permissionSetArns` yet: a shard stack reads the ARNs from the
 *     `identity-center` state, which lacks a set that change adds until `identity-center` is applied. Without this,
 *     the plan of every shard holding a grant of the new set would fail ("Invalid index"), in every per-stack CI plan
 *     of the pull request that adds the set and grants it. The next deploy after `identity-center` assigns them.
 *     (The check is on the map's keys, which are known at plan even where the ARNs themselves are not yet.)
 *   Both checks are index lookups in maps built once, per principal and permission set (a pair) or OU target, not
 *   per grant: Terraform evaluates these locals in 0.2–0.3 s of CPU at 2,000 grants (`npm run bench`; 0.38 s before).
 * Keys depend only on names, account ids and data sources (all known at plan); ARNs and principal ids are values
 * and may be unknown.
 *
 * One instance of this construct can hold any subset of grants and OU targets, so assignments can be split into
 * several stacks (shards) that each pass their own subset and read the permission-set ARNs and principal ids through
 * cross-stack references. A static grant and an OU target that can yield the same key must be in the same instance
 * (src/identity-center/shards.ts places them so): two instances would make one AWS assignment two resources.
 */
import { TerraformIterator, TerraformLocal, TerraformStack } from "cdktf";
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

/** Stacks that put the text of their literal locals into the JSON after cdktf's resolution (`deferLiteralLocals`). */
const lateStacks = new WeakSet<TerraformStack>();

/**
 * A local whose value is one large literal string with no token in it (the static grants: ~100 KB per 2,000 grants).
 * cdktf scans every string it resolves for tokens, in three passes per synthesis (prepare, element, stack); in a
 * stack that opted in (`deferLiteralLocals`) the local is an empty placeholder during those passes and its text is
 * written into the stack's final JSON instead: the same bytes, without the scans. Anywhere else it is a plain local.
 */
class LiteralLocal extends TerraformLocal {
  constructor(
    scope: Construct,
    id: string,
    readonly text: string,
  ) {
    super(scope, id, text);
  }

  override toTerraform(): any {
    return lateStacks.has(TerraformStack.of(this)) ? { locals: { [this.friendlyUniqueId]: "" } } : super.toTerraform();
  }
}

/**
 * Opts a stack in (from its constructor, before any synthesis pass) and returns what its `toTerraform()` override must
 * apply to `super.toTerraform()`: the text of every literal local of the stack put in place.
 */
export function deferLiteralLocals(stack: TerraformStack): (tf: any) => any {
  lateStacks.add(stack);
  return (tf) => {
    for (const c of stack.node.findAll()) if (c instanceof LiteralLocal) tf.locals[c.friendlyUniqueId] = c.text;
    return tf;
  };
}

export class AccountAssignments extends Construct {
  /** Terraform expression of the map of every desired grant (assigned and pending), keyed by grant key. */
  readonly desiredGrants: string;
  /** Reference to the Terraform map of the grants assigned in this plan (desired minus pending principals and permission sets). */
  readonly assignedGrants: string;
  /** Reference to the Terraform map of the grants waiting in this plan for their principal or their permission set. */
  readonly pendingGrants: string;

  constructor(scope: Construct, id: string, props: AccountAssignmentsProps) {
    super(scope, id);
    const ouTargets = props.ouTargets ?? [];
    const principalIds = embeddable(props.principalIds);
    const permissionSetArns = embeddable(props.permissionSetArns);
    const principalType = (kind: string) => (kind === "group" ? "GROUP" : "USER");

    // Which principals and permission sets exist, as maps to `true` built once: a grant is then two index lookups
    // (the filter used to call `keys()` and `contains()` per grant, linear in the map: 86 % of Terraform's work on
    // these locals). A map's keys are known at plan even where its values (ids, ARNs) are not, so this map is known
    // and the filter never turns the for_each unknown.
    const known = new TerraformLocal(this, "known", {
      principals: `\${tomap({ for k, v in ${principalIds} : k => true })}`,
      permission_sets: `\${tomap({ for k, v in ${permissionSetArns} : k => true })}`,
    });
    // Every grant of one principal and permission set (a pair) is ready or pending together: the filter runs once per
    // pair (static) or per OU target, not once per grant.
    const ready = (x: string) => `lookup(${address(known)}.principals, ${x}.principal, false) && lookup(${address(known)}.permission_sets, ${x}.permission_set, false)`;

    // The static grants travel as one JSON string decoded by Terraform (shard-grants.ts): cdktf resolves every string
    // of a literal map (three passes), which costs seconds at 20,000 grants. Keys stay readable in plans.
    const staticJson = new LiteralLocal(this, "static-json", encodeStaticGrants(props.grants));
    const pairs = new TerraformLocal(this, "static-pairs", `\${jsondecode(${address(staticJson)})}`);
    const staticAssigned = new TerraformLocal(this, "static-assigned", `\${${staticGrantsExpression(address(pairs), ready("g"))}}`);
    const staticPending = new TerraformLocal(this, "static-pending", `\${${staticGrantsExpression(address(pairs), `!(${ready("g")})`)}}`);

    const assignedParts = [address(staticAssigned)];
    const pendingParts = [address(staticPending)];
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
      // An account counts when its state (or, before the `status` retirement, its status) is ACTIVE. Each attribute is
      // read through its own try(): aws 5.x returns no `state` attribute at all (its schema has `status` only), and a
      // missing attribute inside one try() would hide the status too (test/aws-stacks-terraform.test.ts plans it).
      // An account counts when its state (or, before the `status` retirement, its status) is ACTIVE. Each attribute is
      // read through its own try(): aws 5.x returns no `state` attribute at all (its schema has `status` only), and a
      // missing attribute inside one try() would hide the status too (test/aws-stacks-terraform.test.ts plans it).
      const active = `try(coalesce(try(a.state, null), try(a.status, null)), "") == "ACTIVE"`;
      const fromOus = (condition: string) =>
        `\${merge([for t in ${address(targets)} : { for a in ${address(accounts)}[t.target_id].accounts : ` +
        `format("%s/%s/%s", t.principal, t.permission_set, a.id) => { principal = t.principal, principal_type = t.principal_type, permission_set = t.permission_set, account_id = a.id } ` +
        `if ${active} && !contains(t.exclude, a.id) } if ${condition}]...)}`;
      assignedParts.unshift(address(new TerraformLocal(this, "ou-assigned", fromOus(ready("t")))));
      pendingParts.unshift(address(new TerraformLocal(this, "ou-pending", fromOus(`!(${ready("t")})`))));
    }
    // `merge` collapses a grant reached through several targets, or through a target and a static grant, into one key;
    // the key holds its pair, so every copy of a grant is on the same side (assigned or pending).
    const union = (parts: string[]) => (parts.length === 1 ? `\${${parts[0]}}` : `\${merge(${parts.join(", ")})}`);
    const assigned = new TerraformLocal(this, "assigned", union(assignedParts));
    const pending = new TerraformLocal(this, "pending", union(pendingParts));
    this.assignedGrants = address(assigned);
    this.pendingGrants = address(pending);
    this.desiredGrants = `merge(${address(pending)}, ${address(assigned)})`;

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
