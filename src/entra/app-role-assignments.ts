/**
 * Assigns groups and users to the enterprise application (`azuread_app_role_assignment`, one for_each instance per
 * principal, keyed `group:<name>` / `user:<upn>`). Only assigned principals can sign in (the service principal
 * requires assignment) and, with provisioning scope "assigned", only they are provisioned to IAM Identity Center.
 *
 * The role is chosen by display name. Gallery app roles have `value = null`, so the provider's `app_role_ids` map
 * (keyed by value) has no "User" entry (azuread #813). Instead a local collects the service principal's enabled app
 * roles that can be given to users and groups, by display name:
 *   { for r in <sp>.app_roles : r.display_name => r.id... if r.enabled && contains(r.allowed_member_types, "User") }
 * (grouped with `...`, so two roles with one display name never fail the expression; the first is used). A name the
 * application does not expose falls back to the default-access role 00000000-0000-0000-0000-000000000000, which
 * Graph accepts only for applications that declare no app roles: when the application does declare roles but none
 * of that name, a precondition stops the plan and lists the names it has (instead of an API error at apply).
 */
import { TerraformIterator, TerraformLocal } from "cdktf";
import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import type { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { Construct } from "constructs";
import { instanceAttribute } from "./groups-keys";

export { DEFAULT_APP_ROLE } from "./groups-keys";

/** The role id Graph uses for "assigned, without a specific app role". */
export const DEFAULT_ACCESS_APP_ROLE_ID = "00000000-0000-0000-0000-000000000000";

export interface AppRoleAssignee {
  /** Object id of the user or group (a Terraform reference or a literal GUID). */
  readonly objectId: string;
  /** Display name of the application's app role to assign. */
  readonly appRole: string;
}

export interface AppRoleAssignmentsProps {
  /** The enterprise application's service principal: the resource of every assignment, and the source of its app roles. */
  readonly servicePrincipal: ServicePrincipal;
  /** Who is assigned, by assignment key (`group:<name>`, `user:<upn>`; see ./groups-keys.ts). */
  readonly assignees: Readonly<Record<string, AppRoleAssignee>>;
}

export class AppRoleAssignments extends Construct {
  private readonly assignmentFqn?: string;
  private readonly keys: ReadonlySet<string>;

  constructor(scope: Construct, id: string, props: AppRoleAssignmentsProps) {
    super(scope, id);
    const keys = Object.keys(props.assignees).sort();
    this.keys = new Set(keys);
    if (keys.length === 0) return;

    const sp = props.servicePrincipal.fqn;
    const roles = new TerraformLocal(
      this,
      "app_role_ids",
      `\${{ for r in ${sp}.app_roles : r.display_name => r.id... if r.enabled && contains(r.allowed_member_types, "User") }}`,
    );
    const each = TerraformIterator.fromMap(
      Object.fromEntries(keys.map((k) => [k, { principal_object_id: props.assignees[k].objectId, app_role: props.assignees[k].appRole }])),
    );
    const assignment = new AppRoleAssignment(this, "assignments", {
      forEach: each,
      resourceObjectId: props.servicePrincipal.objectId,
      principalObjectId: each.getString("principal_object_id"),
      appRoleId: `\${try(${roles.asString}[each.value.app_role][0], "${DEFAULT_ACCESS_APP_ROLE_ID}")}`,
      lifecycle: {
        precondition: [
          {
            condition: `\${contains(keys(${roles.asString}), each.value.app_role) || length(${roles.asString}) == 0}`,
            errorMessage:
              `\${format("The enterprise application has no enabled user/group app role named %q (for %s); it has: %s. ` +
              `Set appRole to one of them.", each.value.app_role, each.key, join(", ", keys(${roles.asString})))}`,
          },
        ],
      },
    });
    this.assignmentFqn = assignment.fqn;
  }

  /** Terraform id of one assignment (`<service principal object id>/appRoleAssignment/<id>`), by assignment key. */
  assignmentId(key: string): string {
    if (!this.assignmentFqn || !this.keys.has(key)) throw new Error(`internal: no app role assignment ${JSON.stringify(key)}`);
    return instanceAttribute(this.assignmentFqn, key, "id");
  }
}
