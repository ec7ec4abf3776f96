/**
 * Resolves the users the file names (group members, `user:` assignments) to Okta user ids: one `data okta_user`
 * iterated over the sorted set of logins (lower-case), searched by `profile.login`, so each lookup is keyed by the
 * login itself (`data.okta_user.users["bob@example.com"]`) and adding or reordering people never shifts another's key.
 * A login Okta does not know fails the plan (the data source finds no user).
 */
import { TerraformIterator } from "cdktf";
import { DataOktaUser } from "@cdktf/provider-okta/lib/data-okta-user";
import { Construct } from "constructs";
import { hclString } from "../terraform/text";

export interface OktaDirectoryProps {
  /** Every login the stack resolves (duplicates and case variants are fine). */
  readonly logins: readonly string[];
}

export class OktaDirectory extends Construct {
  private readonly logins: ReadonlySet<string>;
  private readonly users?: DataOktaUser;

  constructor(scope: Construct, id: string, props: OktaDirectoryProps) {
    super(scope, id);
    const logins = [...new Set(props.logins.map((l) => l.toLowerCase()))].sort();
    this.logins = new Set(logins);
    if (logins.length === 0) return;
    const each = TerraformIterator.fromList(logins);
    this.users = new DataOktaUser(this, "users", {
      forEach: each,
      search: [{ name: "profile.login", comparison: "eq", value: each.value }],
      // Only the id is needed: skip reading every user's groups and admin roles.
      skipGroups: true,
      skipRoles: true,
    });
  }

  /** A reference to the Okta user id of a login that was declared. */
  userId(login: string): string {
    const key = login.toLowerCase();
    if (!this.users || !this.logins.has(key)) throw new Error(`internal: login ${JSON.stringify(login)} was not declared to the OktaDirectory`);
    return `\${${this.users.fqn}[${hclString(key)}].id}`;
  }
}
