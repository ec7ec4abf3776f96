/**
 * PIM for groups (just-in-time membership): for every group with `eligibleMembers`, the member-role management
 * policy (activation rules) and one eligibility schedule per eligible principal. Eligible principals are not
 * standing members: they become members only while an activation lasts.
 *
 * - Policies: one `azuread_group_role_management_policy` for_each keyed by group name, role "member". Entra creates
 *   the policy with every group; the provider adopts it. Approvers differ per group, so the approval stage is a
 *   `dynamic` block (none when approval is off; one `primary_approver` per approver, sorted). Eligibility without
 *   expiry is allowed only when some member of the group is `permanent` (the default policy requires expiry,
 *   azuread #1450).
 * - Schedules: one `azuread_privileged_access_group_eligibility_schedule` for_each keyed `<group>/<principal>`,
 *   bare object ids (`group_id`, `principal_id`), assignment type "member", depending on the policies: created after
 *   them, so a permanent eligibility meets a policy that already allows it.
 * - Approvers given as UPNs are users; approvers given as object ids are looked up (`azuread_directory_object`) so a
 *   group id becomes a "groupMembers" approver and a user id a "singleUser" one.
 */
import { TerraformIterator } from "cdktf";
import { DataAzureadDirectoryObject } from "@cdktf/provider-azuread/lib/data-azuread-directory-object";
import { GroupRoleManagementPolicy } from "@cdktf/provider-azuread/lib/group-role-management-policy";
import { PrivilegedAccessGroupEligibilitySchedule } from "@cdktf/provider-azuread/lib/privileged-access-group-eligibility-schedule";
import { Construct } from "constructs";
import { isGuid } from "../model/patterns";
import type { GroupSpec } from "../model/schema";
import type { EntraDirectory } from "./directory";
import { hclString } from "../terraform/text";
import { membershipKey, principalKey, sortByKey } from "./groups-keys";
import { allowsPermanentEligibility, canonicalActivationDuration, effectiveActivation, eligibilityWindow } from "./pim-settings";

/** Recorded on every eligibility (Entra shows it in the assignment's history). */
export const ELIGIBILITY_JUSTIFICATION = "Eligibility declared in the federation file (managed by Terraform)";

export interface PimGroup {
  /** The group's spec from the file (`eligibleMembers`, `activation`). */
  readonly spec: GroupSpec;
  /** The group's object id (bare GUID or a reference to one). */
  readonly objectId: string;
}

export interface PimForGroupsProps {
  /** Groups by name; only those with `eligibleMembers` get a policy and schedules. */
  readonly groups: Readonly<Record<string, PimGroup>>;
  /** Resolves eligible principals and approvers (UPNs or object ids) to object ids. */
  readonly directory: EntraDirectory;
}

export class PimForGroups extends Construct {
  constructor(scope: Construct, id: string, props: PimForGroupsProps) {
    super(scope, id);
    const names = Object.keys(props.groups)
      .filter((n) => (props.groups[n].spec.eligibleMembers ?? []).length > 0)
      .sort();
    if (names.length === 0) return;

    const approversOf = (name: string): string[] => {
      const a = effectiveActivation(props.groups[name].spec);
      return a.requireApproval ? sortByKey(a.approvers) : [];
    };
    const approverIds = [...new Set(names.flatMap((n) => approversOf(n).filter(isGuid).map(principalKey)))].sort();
    let approverTypes: DataAzureadDirectoryObject | undefined;
    if (approverIds.length > 0) {
      const each = TerraformIterator.fromList(approverIds);
      approverTypes = new DataAzureadDirectoryObject(this, "approver-types", { forEach: each, objectId: each.value });
    }
    const approverType = (approver: string): string => {
      if (!isGuid(approver)) return "singleUser";
      const lookup = `${(approverTypes as DataAzureadDirectoryObject).fqn}[${hclString(principalKey(approver))}]`;
      return `\${${lookup}.type == "Group" ? "groupMembers" : "singleUser"}`;
    };

    const policy = TerraformIterator.fromMap(
      Object.fromEntries(
        names.map((name) => {
          const group = props.groups[name];
          const a = effectiveActivation(group.spec);
          const approvers = approversOf(name);
          return [
            name,
            {
              group_id: group.objectId,
              maximum_duration: canonicalActivationDuration(a.maximumDuration),
              require_approval: a.requireApproval,
              require_justification: a.requireJustification,
              require_multifactor_authentication: a.requireMfa,
              require_ticket_info: a.requireTicket,
              approvers: approvers.map((p) => ({ object_id: props.directory.objectId(p), type: approverType(p) })),
              expiration_required: !allowsPermanentEligibility(group.spec),
            },
          ];
        }),
      ),
    );
    const policies = new GroupRoleManagementPolicy(this, "member-policies", {
      forEach: policy,
      groupId: policy.getString("group_id"),
      roleId: "member",
      activationRules: {
        maximumDuration: policy.getString("maximum_duration"),
        requireApproval: policy.getBoolean("require_approval"),
        requireJustification: policy.getBoolean("require_justification"),
        requireMultifactorAuthentication: policy.getBoolean("require_multifactor_authentication"),
        requireTicketInfo: policy.getBoolean("require_ticket_info"),
      },
      eligibleAssignmentRules: { expirationRequired: policy.getBoolean("expiration_required") },
    });
    // One approval stage when approval is required, with one primary_approver block per approver.
    policies.addOverride("activation_rules.dynamic.approval_stage", {
      for_each: "${each.value.require_approval ? [each.value.approvers] : []}",
      content: {
        dynamic: {
          primary_approver: {
            for_each: "${approval_stage.value}",
            content: { object_id: "${primary_approver.value.object_id}", type: "${primary_approver.value.type}" },
          },
        },
      },
    });

    const schedules: Record<string, Record<string, string | boolean | null>> = {};
    for (const name of names) {
      const group = props.groups[name];
      for (const member of group.spec.eligibleMembers ?? []) {
        const key = membershipKey(name, member.principal);
        if (key in schedules) throw new Error(`internal: eligibility key ${JSON.stringify(key)} is not unique`);
        const w = eligibilityWindow(member);
        schedules[key] = {
          group_id: group.objectId,
          principal_id: props.directory.objectId(member.principal),
          duration: w.kind === "duration" ? w.duration : null,
          expiration_date: w.kind === "expirationDate" ? w.expirationDate : null,
          permanent_assignment: w.kind === "permanent" ? true : null,
        };
      }
    }
    const each = TerraformIterator.fromMap(schedules);
    new PrivilegedAccessGroupEligibilitySchedule(this, "eligibility", {
      forEach: each,
      groupId: each.getString("group_id"),
      principalId: each.getString("principal_id"),
      assignmentType: "member",
      duration: each.getString("duration"),
      expirationDate: each.getString("expiration_date"),
      permanentAssignment: each.getBoolean("permanent_assignment"),
      justification: ELIGIBILITY_JUSTIFICATION,
      dependsOn: [policies],
    });
  }
}
