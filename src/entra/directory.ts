/**
 * Resolves principals written in the federation file (UPNs or object ids) to Entra object ids. UPNs are looked up
 * with one `azuread_user` data source iterated over the sorted set of UPNs, so each lookup is keyed by the UPN
 * itself (`data.azuread_user.users["bob@example.com"]`) and adding or reordering people never shifts another's key.
 */
import { TerraformIterator } from "cdktf";
import { DataAzureadUser } from "@cdktf/provider-azuread/lib/data-azuread-user";
import { Construct } from "constructs";
import { isGuid } from "../model/patterns";
import { hclString } from "../terraform/text";

export interface EntraDirectoryProps {
  /** Every principal reference the stack will resolve (UPNs and object ids; duplicates are fine). */
  readonly principals: readonly string[];
}

export class EntraDirectory extends Construct {
  private readonly upns: ReadonlySet<string>;
  private readonly users?: DataAzureadUser;

  constructor(scope: Construct, id: string, props: EntraDirectoryProps) {
    super(scope, id);
    const upns = [...new Set(props.principals.filter((p) => !isGuid(p)).map((p) => p.toLowerCase()))].sort();
    this.upns = new Set(upns);
    if (upns.length > 0) {
      const each = TerraformIterator.fromList(upns);
      this.users = new DataAzureadUser(this, "users", { forEach: each, userPrincipalName: each.value });
    }
  }

  /** The object id of a principal: as written when it is a GUID, else a reference to the UPN lookup. */
  objectId(principal: string): string {
    if (isGuid(principal)) return principal.toLowerCase();
    const upn = principal.toLowerCase();
    if (!this.users || !this.upns.has(upn)) {
      throw new Error(`internal: principal ${JSON.stringify(principal)} was not declared to the EntraDirectory`);
    }
    return `\${${this.users.fqn}[${hclString(upn)}].object_id}`;
  }
}
