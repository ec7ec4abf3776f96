/**
 * Stack `identity-center-assignments-<k>`: one shard of the account assignments (see src/identity-center/shards.ts for
 * which grants and OU targets live where). Every file has at least one shard stack, so growing from one to two
 * shards adds a stack instead of moving the assignments out of `identity-center`.
 *
 * Reads from `identity-center` through its state (`terraform_remote_state` on the same backend): the permission-set
 * ARNs, the principal ids found in the identity store and, when the file does not give it, the instance ARN. Those
 * are named, plain outputs of `identity-center` rather than cdktf's automatic cross-stack outputs (named after
 * construct paths and marked sensitive), so a shard's JSON changes only when its own grants do and `cdktf output`
 * shows them. A shard is planned after `identity-center` is applied (it depends on it in the manifest); planned
 * before (a per-stack CI plan), the grants of a permission set `identity-center` has not created yet wait as pending.
 */
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { AccountAssignments, deferLiteralLocals } from "../src/identity-center/account-assignments";
import { ASSIGNMENT_ADDRESS } from "../src/identity-center/shard-moves";
import type { ShardPlan } from "../src/identity-center/shards";
import type { FederationModel } from "../src/model/model";
import { terraformSafe, terraformView } from "../src/terraform/view";
import { configureBackend } from "./backend";
import { IDENTITY_CENTER_STACK, IDENTITY_CENTER_OUTPUTS } from "./identity-center";

export interface IdentityCenterAssignmentsStackProps {
  /** The grants and OU targets of this shard (`planShards`). */
  readonly shard: ShardPlan;
  /** The `identity-center` stack: its backend is where this shard reads the ARNs and principal ids from. */
  readonly identityCenter: TerraformStack;
}

export class IdentityCenterAssignmentsStack extends TerraformStack {
  readonly assignments: AccountAssignments;
  /** The static grants' JSON skips cdktf's token scans (it has no token) and is written into the final JSON. */
  private readonly withLiteralLocals = deferLiteralLocals(this);

  constructor(scope: Construct, model: FederationModel, props: IdentityCenterAssignmentsStackProps) {
    const name = props.shard.stackName;
    super(scope, name);
    configureBackend(this, model, name);
    // Everything from the file reaches Terraform through the escaped view (src/terraform/view.ts); the shard plan was
    // placed by the raw names (hashes) and is escaped here.
    const ic = terraformView(model).spec.identityCenter;
    const shard = terraformSafe(props.shard);
    new AwsProvider(this, "aws", { region: ic.region });

    const upstream = props.identityCenter.ensureBackendExists().getRemoteStateDataSource(this, IDENTITY_CENTER_STACK, IDENTITY_CENTER_STACK);
    this.assignments = new AccountAssignments(this, "account-assignments", {
      instanceArn: ic.instanceArn ?? upstream.getString(IDENTITY_CENTER_OUTPUTS.instanceArn),
      permissionSetArns: upstream.getString(IDENTITY_CENTER_OUTPUTS.permissionSetArns),
      principalIds: upstream.getString(IDENTITY_CENTER_OUTPUTS.principalIds),
      grants: shard.grants,
      ouTargets: shard.ouTargets,
      // The same address in every shard (`aws_ssoadmin_account_assignment.assignments`): state moves name it.
      logicalId: ASSIGNMENT_ADDRESS.split(".")[1],
    });
    this.addDependency(props.identityCenter);

    new TerraformOutput(this, "grant_count", {
      value: `\${length(${this.assignments.assignedGrants})}`,
      description: "Account assignments of this stack in this plan (add up every identity-center-assignments-* stack for the total)",
    });
    new TerraformOutput(this, "pending_grant_count", {
      value: `\${length(${this.assignments.pendingGrants})}`,
      description:
        "Grants of this stack waiting for a pending principal (identity-center output pending_principals) or for a permission set identity-center has not created yet",
    });
  }

  override toTerraform(): any {
    return this.withLiteralLocals(super.toTerraform());
  }
}
