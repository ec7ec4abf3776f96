/**
 * Fixture data and computed values for stand-ins (./stand-ins.ts) of the `entra-sso` stack: directory lookups answer
 * with made-up object ids, the gallery service principal has its two app roles, a certificate's key id and thumbprint
 * are derived from its Terraform name (so a test can name them), and the activation reports the thumbprint it set.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers";
import { type StandInOptions, standIn } from "./stand-ins";

/** The stand-in key id of a certificate resource (its Verify key), by the resource's Terraform name. */
export const certificateKeyId = (name: string) => `verify-${hash(name)}`;
/** The stand-in thumbprint of a certificate resource, by its Terraform name. */
export const certificateThumbprint = (name: string) => hash(`thumb:${name}`).toUpperCase();

const hash = (s: string) => createHash("sha1").update(s).digest("hex").slice(0, 16);

/** What Graph returns for `GET servicePrincipals/<id>` (the retirement's credential read). */
export interface ServicePrincipalCredentials {
  readonly key_credentials: readonly Record<string, unknown>[];
  readonly password_credentials: readonly Record<string, unknown>[];
  readonly preferred_thumbprint: string | null;
}

/** Keys of a synthesized `for_each` (a literal map, or cdktf's `${toset([...])}` of a list). */
export function forEachKeys(forEach: unknown): string[] {
  if (typeof forEach === "string") {
    const m = /^\$\{toset\((\[.*\])\)\}$/s.exec(forEach);
    if (!m) throw new Error(`unexpected for_each ${forEach}`);
    return JSON.parse(m[1]);
  }
  return Object.keys(forEach as object);
}

export function entraStandIn(stack: Record<string, any>, credentials?: ServicePrincipalCredentials): Record<string, any> {
  const data: Record<string, unknown> = {};
  for (const [type, byName] of Object.entries<Record<string, any>>(stack.data ?? {})) {
    for (const [name, block] of Object.entries<any>(byName)) {
      const address = `data.${type}.${name}`;
      const keys = block.for_each !== undefined ? forEachKeys(block.for_each) : undefined;
      const perKey = (value: (k: string) => unknown) => Object.fromEntries((keys ?? []).map((k) => [k, value(k)]));
      if (type === "azuread_user") data[address] = perKey((upn) => ({ object_id: `user-${hash(upn)}` }));
      else if (type === "azuread_group") data[address] = perKey((k) => ({ display_name: `Existing ${k}`, object_id: k }));
      else if (type === "azuread_directory_object") data[address] = perKey(() => ({ type: "User" }));
      else if (type === "msgraph_resource") {
        if (!credentials) throw new Error(`entra stand-in: ${address} needs the service principal's credentials`);
        data[address] = { output: credentials };
      } else throw new Error(`entra stand-in: no fixture for ${address}`);
    }
  }
  const computed: StandInOptions["computed"] = (type, attrs, instance, address) => {
    const name = address.split(".")[1];
    switch (type) {
      case "azuread_application":
        return { client_id: "client-0000", object_id: "application-0000" };
      case "azuread_service_principal":
        return {
          object_id: "sp-0000",
          app_roles: [
            { display_name: "User", id: "8774f594-1d59-4279-b9d9-59ef09a23530", enabled: true, allowed_member_types: ["User"] },
            { display_name: "msiam_access", id: "e7f1a7f3-9eda-48e0-9963-bd67bf531afd", enabled: true, allowed_member_types: ["User"] },
          ],
        };
      case "azuread_service_principal_token_signing_certificate":
        return {
          key_id: certificateKeyId(name),
          thumbprint: certificateThumbprint(name),
          value: `MIIstand-in-${name}`,
          end_date: attrs.end_date ?? "2029-11-22T00:00:00Z",
        };
      case "azuread_group_without_members":
        return { object_id: `group-${instance}`, display_name: attrs.display_name };
      case "msgraph_update_resource":
        return { output: { thumbprint: (attrs.body as any)?.preferredTokenSigningKeyThumbprint ?? null } };
      default:
        return {};
    }
  };
  return standIn(stack, {
    data,
    computed,
    forceNew: azureadForceNew(),
  });
}

/** Top-level ForceNew arguments of every azuread resource type, from its schema at the pinned tag (azuread.json). */
export function azureadForceNew(): Record<string, string[]> {
  const types: Record<string, { forceNew: string[] }> = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "provider-schemas", "azuread.json"), "utf8")).types;
  return Object.fromEntries(Object.entries(types).map(([t, e]) => [t, e.forceNew.filter((p) => !p.includes("."))]));
}
