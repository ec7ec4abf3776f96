/**
 * The Entra groups of the federation file: security groups we create, their owners and standing members, and
 * existing groups (with `objectId`) that are only looked up, never created or changed.
 *
 * Membership design (azuread 3.7.0): groups are `azuread_group_without_members` and every standing membership is one
 * `azuread_group_member` instance keyed `<group>/<principal>`. The alternative, authoritative `members` on
 * `azuread_group`, rewrites the whole set on every change and makes the provider list every member on each refresh
 * (azuread #862, #954: minutes for large groups); it is also the only place a membership shows up in a plan, as one
 * long set diff. With one instance per membership, removing a person from the file destroys exactly that instance
 * (Entra removes the member) and nothing else changes. Not managed: members added outside the file (they stay, and
 * `azuread_group_member` refuses to create a membership that already exists: import it or remove it first).
 *
 * Two for_each resources cover any number of groups and members; keys come from names (./groups-keys.ts).
 */
import { TerraformIterator } from "cdktf";
import { DataAzureadGroup } from "@cdktf/provider-azuread/lib/data-azuread-group";
import { GroupMember } from "@cdktf/provider-azuread/lib/group-member";
import { GroupWithoutMembers } from "@cdktf/provider-azuread/lib/group-without-members";
import { Construct } from "constructs";
import type { GroupSpec } from "../model/schema";
import type { EntraDirectory } from "./directory";
import { instanceAttribute, membershipKey, sortByKey } from "./groups-keys";

export interface EntraGroupsProps {
  /** The `groups:` of the federation file, by name. A group with `objectId` is existing: looked up, never changed. */
  readonly groups: Readonly<Record<string, GroupSpec>>;
  /** Resolves owners and members (UPNs or object ids) to object ids; every one must have been declared to it. */
  readonly directory: EntraDirectory;
  /**
   * Refuse to create a group when Entra already has one with the same display name (checked at plan and apply).
   * Display names are the SCIM join key in IAM Identity Center, so a duplicate would provision the wrong group.
   * @default true
   */
  readonly preventDuplicateNames?: boolean;
}

export class EntraGroups extends Construct {
  /** Object id by group name: a Terraform reference for created groups, the literal id for existing ones. */
  readonly objectIds: ReadonlyMap<string, string>;
  /** Entra display name by group name: the name itself for created groups, read from Entra for existing ones. */
  readonly displayNames: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: EntraGroupsProps) {
    super(scope, id);
    const names = Object.keys(props.groups).sort();
    const created = names.filter((n) => !props.groups[n].objectId);
    const existing = names.filter((n) => props.groups[n].objectId);
    const objectIds = new Map<string, string>();
    const displayNames = new Map<string, string>();

    if (created.length > 0) {
      const each = TerraformIterator.fromMap(
        Object.fromEntries(
          created.map((name) => {
            const g = props.groups[name];
            // Sorted: owners are a set in Entra, so the file's order must not show up as a change.
            const owners = sortByKey(g.owners ?? []).map((o) => props.directory.objectId(o));
            // null: the provider keeps its default (the deploying principal becomes the owner).
            return [name, { description: g.description ?? null, owners: owners.length ? owners : null }];
          }),
        ),
      );
      const groups = new GroupWithoutMembers(this, "groups", {
        forEach: each,
        displayName: each.key,
        description: each.getString("description"),
        owners: each.getList("owners"),
        securityEnabled: true,
        mailEnabled: false,
        preventDuplicateNames: props.preventDuplicateNames ?? true,
      });
      for (const name of created) {
        objectIds.set(name, instanceAttribute(groups.fqn, name, "object_id"));
        displayNames.set(name, instanceAttribute(groups.fqn, name, "display_name"));
      }

      const memberships: Record<string, { group_object_id: string; member_object_id: string }> = {};
      for (const name of created) {
        for (const m of props.groups[name].members ?? []) {
          const key = membershipKey(name, m);
          if (key in memberships) throw new Error(`internal: membership key ${JSON.stringify(key)} is not unique`);
          memberships[key] = { group_object_id: objectIds.get(name) as string, member_object_id: props.directory.objectId(m) };
        }
      }
      if (Object.keys(memberships).length > 0) {
        const member = TerraformIterator.fromMap(memberships);
        new GroupMember(this, "members", {
          forEach: member,
          groupObjectId: member.getString("group_object_id"),
          memberObjectId: member.getString("member_object_id"),
        });
      }
    }

    if (existing.length > 0) {
      // Read, never managed: fails the plan when the id does not exist and yields the display name (the SCIM join key).
      // The data source also lists the group's members, so a very large existing group makes the plan slower.
      const each = TerraformIterator.fromMap(Object.fromEntries(existing.map((n) => [n, (props.groups[n].objectId as string).toLowerCase()])));
      const lookup = new DataAzureadGroup(this, "existing", { forEach: each, objectId: each.value });
      for (const name of existing) {
        objectIds.set(name, (props.groups[name].objectId as string).toLowerCase());
        displayNames.set(name, instanceAttribute(lookup.fqn, name, "display_name"));
      }
    }

    this.objectIds = objectIds;
    this.displayNames = displayNames;
  }

  /** The object id of a group in the file (see `objectIds`). */
  objectId(name: string): string {
    const id = this.objectIds.get(name);
    if (id === undefined) throw new Error(`internal: group ${JSON.stringify(name)} is not in the federation file`);
    return id;
  }
}
