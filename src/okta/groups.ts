/**
 * The Okta side of the file's groups and direct users: every group created (`okta_group`, named after its key, with
 * its description), its listed members added (`okta_group_memberships`, one per group: non-authoritative, so members
 * added in Okta stay; `track_all_users` stays false), every group assigned to the AWS app (`okta_app_group_assignment`,
 * one per group rather than the authoritative `okta_app_group_assignments`, which would remove assignments made
 * outside this file) and every `user:` of an assignment assigned to the app (`okta_app_user`). Each kind is one
 * `for_each` resource keyed by group name or login, so reordering is no change and a rename touches only that group.
 *
 * Provider pitfall (okta/okta v4.20.0, okta/resource_okta_group_memberships.go): Update computes the users to add and
 * calls `diag.FromErr(err)` on a failed add without returning it, so a member that could not be added is not reported
 * by that apply; the next plan shows the membership again (Read lists the group's users).
 */
import { TerraformIterator } from "cdktf";
import { AppGroupAssignment } from "@cdktf/provider-okta/lib/app-group-assignment";
import { AppUser } from "@cdktf/provider-okta/lib/app-user";
import { Group } from "@cdktf/provider-okta/lib/group";
import { GroupMemberships } from "@cdktf/provider-okta/lib/group-memberships";
import { Construct } from "constructs";
import { instanceAttribute } from "../entra/groups-keys";
import type { OktaDirectory } from "./directory";

export interface OktaGroupSpec {
  readonly description?: string;
  /** Okta logins of standing members. */
  readonly members: readonly string[];
}

export interface OktaGroupsProps {
  /** The groups by name. */
  readonly groups: Readonly<Record<string, OktaGroupSpec>>;
  /** Logins assigned to the app directly. @default - none */
  readonly users?: readonly string[];
  /** The AWS app's id. */
  readonly appId: string;
  readonly directory: OktaDirectory;
}

export class OktaGroups extends Construct {
  /** Okta group id by group name (references). */
  readonly groupIds: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: OktaGroupsProps) {
    super(scope, id);
    const names = Object.keys(props.groups).sort();
    const groupIds = new Map<string, string>();
    this.groupIds = groupIds;
    if (names.length > 0) {
      const each = TerraformIterator.fromMap(Object.fromEntries(names.map((n) => [n, { description: props.groups[n].description ?? null }])));
      // (No skip_users: at okta 4.20.0 it is deprecated and does nothing, resource_okta_group.go.)
      const groups = new Group(this, "groups", { forEach: each, name: each.key, description: each.getString("description") });
      for (const n of names) groupIds.set(n, instanceAttribute(groups.fqn, n, "id"));

      const withMembers = names.filter((n) => props.groups[n].members.length > 0);
      if (withMembers.length > 0) {
        const m = TerraformIterator.fromMap(
          Object.fromEntries(
            withMembers.map((n) => [
              n,
              { group_id: groupIds.get(n) as string, users: [...new Set(props.groups[n].members.map((l) => l.toLowerCase()))].sort().map((l) => props.directory.userId(l)) },
            ]),
          ),
        );
        new GroupMemberships(this, "memberships", { forEach: m, groupId: m.getString("group_id"), users: m.getList("users") });
      }

      const a = TerraformIterator.fromMap(Object.fromEntries(names.map((n) => [n, groupIds.get(n) as string])));
      new AppGroupAssignment(this, "app-assignments", { forEach: a, appId: props.appId, groupId: a.value });
    }

    const users = [...new Set((props.users ?? []).map((u) => u.toLowerCase()))].sort();
    if (users.length > 0) {
      const u = TerraformIterator.fromMap(Object.fromEntries(users.map((l) => [l, props.directory.userId(l)])));
      new AppUser(this, "app-users", { forEach: u, appId: props.appId, userId: u.value });
    }
  }
}
