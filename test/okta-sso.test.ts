/**
 * The okta-sso stack as synthesized: the AWS IAM Identity Center catalogue app with the file's ACS URL and entity id,
 * groups, memberships, app assignments and direct users, keyed by names; every block checked against the okta
 * provider's schema at v4.20.0 (read from its source: test/fixtures/okta/provider-schema-4.20.0.json), since no okta
 * provider binary is available here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allBlocks, blocks, forEachOf, loadText, modelOf, only, ROOT, synthAll } from "./helpers";

const EXAMPLE = join(ROOT, "config", "examples", "okta.yaml");
const exampleText = readFileSync(EXAMPLE, "utf8");
const stackOf = (text: string) => synthAll(modelOf(loadText(text, "okta.yaml")))["okta-sso"];
const example = stackOf(exampleText);

interface AttributeSchema {
  readonly kind: "required" | "optional" | "computed";
  readonly deprecated?: boolean;
  readonly block?: Record<string, AttributeSchema>;
}
const SCHEMA: Record<string, Record<string, AttributeSchema>> = JSON.parse(
  readFileSync(join(ROOT, "test", "fixtures", "okta", "provider-schema-4.20.0.json"), "utf8"),
).schemas;
/** Meta-arguments Terraform itself reads, and cdktf's metadata. */
const META = new Set(["//", "for_each", "count", "depends_on", "lifecycle", "provider"]);

/** Every argument a block sets is a settable, non-deprecated attribute of the provider schema; every required one is set. */
function schemaProblems(type: string, attrs: Record<string, unknown>, schema: Record<string, AttributeSchema>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(attrs)) {
    if (META.has(name)) continue;
    const a = schema[name];
    if (!a) out.push(`${type}.${name}: not in the okta 4.20.0 schema`);
    else if (a.kind === "computed") out.push(`${type}.${name}: computed only, cannot be set`);
    else if (a.deprecated) out.push(`${type}.${name}: deprecated`);
    else if (a.block) for (const item of value as Record<string, unknown>[]) out.push(...schemaProblems(`${type}.${name}`, item, a.block));
  }
  for (const [name, a] of Object.entries(schema)) if (a.kind === "required" && !(name in attrs)) out.push(`${type}.${name}: required but not set`);
  return out;
}

describe("okta-sso as synthesized", () => {
  test("GIVEN the Okta example WHEN synthesized THEN every okta block matches the provider schema at v4.20.0", () => {
    const found = allBlocks(example);
    expect(found.map(([type]) => type).sort()).toEqual(["data.okta_user", "okta_app_group_assignment", "okta_app_saml", "okta_group", "okta_group_memberships"]);
    for (const [type, , attrs] of found) expect(schemaProblems(type, attrs, SCHEMA[type])).toEqual([]);
  });

  test("GIVEN a schema check WHEN a block sets an unknown, a computed or a deprecated argument, or misses a required one THEN it is reported (the check can fail)", () => {
    expect(schemaProblems("okta_group", { name: "x", users: [] }, SCHEMA.okta_group)).toEqual(["okta_group.users: not in the okta 4.20.0 schema"]);
    expect(schemaProblems("okta_app_saml", { label: "x", metadata_url: "u" }, SCHEMA.okta_app_saml)).toEqual(["okta_app_saml.metadata_url: computed only, cannot be set"]);
    expect(schemaProblems("okta_group", { name: "x", skip_users: true }, SCHEMA.okta_group)).toEqual(["okta_group.skip_users: deprecated"]);
    expect(schemaProblems("okta_group_memberships", { group_id: "g" }, SCHEMA.okta_group_memberships)).toEqual(["okta_group_memberships.users: required but not set"]);
  });

  test("GIVEN the file's service-provider values WHEN synthesized THEN the app is Okta's AWS IAM Identity Center catalogue app with that ACS URL and entity id", () => {
    const app = only(example, "okta_app_saml");
    const spec = modelOf(EXAMPLE).spec;
    expect(app.preconfigured_app).toBe("amazon_aws_sso");
    expect(app.label).toBe("AWS IAM Identity Center");
    expect(app.status).toBe("ACTIVE");
    expect(JSON.parse(app.app_settings_json)).toEqual({ acsURL: spec.identityCenter.serviceProvider.acsUrl, entityID: spec.identityCenter.serviceProvider.issuerUrl });
    expect(app.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("GIVEN protection.allowDestroy.enterpriseApplication WHEN synthesized THEN the Okta app may be destroyed, and only then", () => {
    const text = `${exampleText}\nprotection:\n  allowDestroy: { enterpriseApplication: true }\n`;
    expect(only(stackOf(text), "okta_app_saml").lifecycle).toBeUndefined();
  });

  test("GIVEN groups with members and a direct user WHEN synthesized THEN groups, memberships, app assignments and app users are keyed by group name and lower-case login", () => {
    const text = exampleText.replace(
      "  - { group: aws-sso-admins, permissionSet: ViewOnlyAccess, accounts: [management] }\n",
      "  - { group: aws-sso-admins, permissionSet: ViewOnlyAccess, accounts: [management] }\n  - { user: Break-Glass@Example.com, permissionSet: AdministratorAccess, accounts: [management] }\n",
    );
    const json = stackOf(text);
    expect(forEachOf(json, "okta_group")).toEqual({ "aws-sso-admins": { description: "Administrators" }, "aws-sso-read-only": { description: "Read-only access to AWS" } });
    expect(only(json, "okta_group").name).toBe("${each.key}");
    const group = (name: string) => `\${okta_group.${Object.keys(blocks(json, "okta_group"))[0]}["${name}"].id}`;
    const user = (login: string) => `\${data.okta_user.${Object.keys(blocks(json, "okta_user", "data"))[0]}["${login}"].id}`;
    expect(forEachOf(json, "okta_group_memberships")).toEqual({
      "aws-sso-admins": { group_id: group("aws-sso-admins"), users: [user("alice@example.com")] },
      "aws-sso-read-only": { group_id: group("aws-sso-read-only"), users: [user("bob@example.com")] },
    });
    // Non-authoritative: members added in Okta stay.
    expect(only(json, "okta_group_memberships").track_all_users).toBeUndefined();
    expect(forEachOf(json, "okta_app_group_assignment")).toEqual({ "aws-sso-admins": group("aws-sso-admins"), "aws-sso-read-only": group("aws-sso-read-only") });
    expect(forEachOf(json, "okta_app_user")).toEqual({ "break-glass@example.com": user("break-glass@example.com") });
    const lookup = only(json, "okta_user", "data");
    expect(lookup.for_each).toBe('${toset(["alice@example.com", "bob@example.com", "break-glass@example.com"])}');
    expect(lookup.search).toEqual([{ name: "profile.login", comparison: "eq", value: "${each.value}" }]);
    expect(schemaProblems("okta_app_user", only(json, "okta_app_user"), SCHEMA.okta_app_user)).toEqual([]);
  });

  test("GIVEN the groups reordered WHEN synthesized THEN the stack is byte-identical", () => {
    const reordered = exampleText.replace(
      "  aws-sso-read-only:\n    description: Read-only access to AWS\n    members: [bob@example.com]\n  aws-sso-admins:\n    description: Administrators\n    members: [alice@example.com]\n",
      "  aws-sso-admins:\n    description: Administrators\n    members: [alice@example.com]\n  aws-sso-read-only:\n    description: Read-only access to AWS\n    members: [bob@example.com]\n",
    );
    expect(reordered).not.toBe(exampleText);
    expect(JSON.stringify(stackOf(reordered))).toBe(JSON.stringify(example));
  });

  test("GIVEN free text with Terraform template syntax WHEN synthesized THEN it reaches Okta literally", () => {
    const text = exampleText.replace("    label: AWS IAM Identity Center", "    label: AWS ${local.x} %{ if true }").replace("    description: Administrators", "    description: Admins ${var.y}");
    const json = stackOf(text);
    expect(only(json, "okta_app_saml").label).toBe("AWS $${local.x} %%{ if true }");
    expect(forEachOf(json, "okta_group")["aws-sso-admins"].description).toBe("Admins $${var.y}");
  });

  test("GIVEN the Okta example WHEN synthesized THEN the provider is pinned to the binding's minor version and configured from the file", () => {
    expect(example.terraform.required_providers.okta).toEqual({ source: "okta/okta", version: "~> 4.20.0" });
    expect(example.provider.okta).toEqual([{ org_name: "example", base_url: "okta.com" }]);
    expect(Object.keys(example.output).sort()).toEqual(["application_id", "group_ids", "idp_certificate", "idp_entity_id", "idp_metadata_url", "idp_sign_in_url"]);
  });
});
