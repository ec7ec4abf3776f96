/**
 * Provision on demand: push each group assigned to the enterprise application to IAM Identity Center at once, instead
 * of waiting for the next cycle (≈ 40 minutes, the first one hours). The group object only: the provider's `subject`
 * has just `object_id` and `object_type_name` (`synchronization_job_provision_on_demand_resource.go`, v3.9.0), so
 * Graph's `links.members` cannot be sent; the members arrive with the job's cycles, which start in the same deploy.
 * One resource iterates over the groups, keyed by group name, so adding, removing or reordering groups touches only
 * that group's entry.
 *
 * The call is made once, when the entry is created; it runs again when the group's app role assignment is recreated
 * (its id is a trigger), which is exactly when Entra would otherwise wait for a cycle. Provider facts
 * (federation-facts.md): one group per call (the rule `provision-on-demand-size` warns that members follow later), at
 * most 5 calls per 10 seconds, the result is not checked by the provider, and it must run after the app role
 * assignment (azuread #1423) — the assignment id in the triggers orders it.
 */
import { type ITerraformDependable, TerraformIterator, TerraformLocal, Token } from "cdktf";
import { SynchronizationJobProvisionOnDemand } from "@cdktf/provider-azuread/lib/synchronization-job-provision-on-demand";
import { Construct } from "constructs";
import { address } from "../terraform/address";
import { DEFAULT_PROVISIONING_RULE_ID } from "../model/schema";
import type { AssignedGroup } from "./assigned-group";

export interface ProvisionOnDemandProps {
  /** Resource id of the enterprise application's service principal (`/servicePrincipals/<object id>`). */
  readonly servicePrincipalId: string;
  /** Terraform id of the synchronization job. */
  readonly synchronizationJobId: string;
  /** Groups assigned to the application, by group name. */
  readonly groups: ReadonlyMap<string, AssignedGroup>;
  /** Synchronization rule of the job's schema that provisions groups. @default DEFAULT_PROVISIONING_RULE_ID */
  readonly ruleId?: string;
  /** What must be in place first (e.g. the attribute-mapping fix, the job's start). @default - only the job */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** A boolean Terraform expression (without `${}`, known at plan time): the pushes exist only while it holds. @default - always */
  readonly when?: string;
}

export class ProvisionOnDemand extends Construct {
  constructor(scope: Construct, id: string, props: ProvisionOnDemandProps) {
    super(scope, id);
    const names = [...props.groups.keys()].sort();
    if (names.length === 0) return;

    const entries: Record<string, { object_id: string; app_role_assignment_id: string }> = {};
    for (const name of names) {
      const group = props.groups.get(name) as AssignedGroup;
      entries[name] = { object_id: group.objectId, app_role_assignment_id: group.appRoleAssignmentId };
    }
    let each = TerraformIterator.fromMap(entries);
    if (props.when) {
      const groups = new TerraformLocal(this, "assigned_groups", entries);
      each = TerraformIterator.fromMap(Token.asAnyMap(`\${{ for name, group in ${address(groups)} : name => group if ${props.when} }}`));
    }
    new SynchronizationJobProvisionOnDemand(this, "groups", {
      forEach: each,
      servicePrincipalId: props.servicePrincipalId,
      synchronizationJobId: props.synchronizationJobId,
      parameter: [
        {
          ruleId: props.ruleId ?? DEFAULT_PROVISIONING_RULE_ID,
          subject: [{ objectId: each.getString("object_id"), objectTypeName: "Group" }],
        },
      ],
      triggers: { app_role_assignment_id: each.getString("app_role_assignment_id") },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
