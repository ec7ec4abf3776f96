/**
 * Hand-off sheet for Entrust Identity as a Service (IDaaS): the IdP side has no Terraform provider, and the IDaaS
 * Administration API's OpenAPI description could not be found to show which of these steps it covers, so every step
 * stays manual (README: Other identity providers). The steps follow Entrust's console walkthrough
 * (../shared/reference/federation-facts.md, "Other identity providers"), with its warnings, in its order.
 */
import { cell, code, table } from "../review/markdown";
import { afterwardsStep, groupsTable, header, readScimValues, serviceProviderTable, type SheetValues, switchAndStoreSteps, usersLine } from "./common";

export interface EntrustSettings {
  readonly tenantHostname: string;
  readonly application: { readonly name: string; readonly signingCertificate?: string };
  readonly metadataLifetimeDays: number;
  readonly domain?: string;
  readonly provisionerName: string;
}

/** The Generic SCIM provisioner's user attribute mappings (SCIM attribute ← IDaaS attribute). */
export const ENTRUST_USER_MAPPINGS: readonly (readonly [scim: string, idaas: string])[] = [
  ["displayName", "User ID"],
  ["name.givenName", "First Name"],
  ["name.familyName", "Last Name"],
  ["active", "State"],
];

export function renderEntrustHandoff(v: SheetValues, e: EntrustSettings): string {
  const portal = `https://${e.tenantHostname}/`;
  const metadata = "entrust-idaas-idp-metadata.xml";
  return [
    ...header(v, "Entrust Identity as a Service as the identity source of IAM Identity Center"),
    `- IDaaS administration portal: ${code(portal)}`,
    "",
    "## 1. Download the AWS metadata",
    "",
    "IAM Identity Center → Settings → Identity source → Actions → Change identity source → External identity provider →",
    "*Download metadata file* (`aws-sso-metadata.xml`). Keep the page open. Its values must equal the file's:",
    "",
    ...serviceProviderTable(v, { acs: "IAM Identity Center Assertion Consumer Service (ACS) URL", entityId: "IAM Identity Center issuer URL", startUrl: "AWS access portal sign-in URL" }),
    "",
    "## 2. Create the AWS application in IDaaS",
    "",
    `1. IDaaS (${code(portal)}) → Applications → Add (+) → the **AWS (SAML)** template.`,
    `2. Name: ${code(e.application.name)}.`,
    "3. Upload `aws-sso-metadata.xml` from step 1 (it fills the ACS URL and the entity id above; check them).",
    `4. SAML signing certificate: ${e.application.signingCertificate ? code(e.application.signingCertificate) : "the tenant's default signing certificate"}.`,
    "5. Save. Let the groups of step 6 use the application (IDaaS resource rules), so only they can sign in.",
    "",
    "## 3. Download the IDaaS IdP metadata",
    "",
    `In the application: download the IdP metadata with a lifetime of **${e.metadataLifetimeDays} days** (IDaaS allows 2–730)` +
      `${e.domain ? ` for the domain ${code(e.domain)}` : ""}; save it as ${code(metadata)}.`,
    "IDaaS writes one metadata file per domain: download the one of the domain your users sign in with.",
    `**Warning:** the metadata stops being valid ${e.metadataLifetimeDays} days after the download: put a reminder in the calendar and`,
    "upload a fresh file (step 4) before then, or sign-in stops.",
    "",
    ...switchAndStoreSteps(v, 4, "IDaaS", metadata),
    "## 6. The Generic SCIM provisioner in IDaaS",
    "",
    ...readScimValues(v),
    "",
    `1. IDaaS → Resources → Provisioners (Provisioning) → Add → **Generic SCIM**; name: ${code(e.provisionerName)}.`,
    "2. Groups to provision: exactly these (their names are the join key in IAM Identity Center):",
    "",
    ...groupsTable(v, "Members to make in IDaaS (from the file)"),
    "",
    ...usersLine(v),
    `3. SCIM endpoint: the \`endpoint\` from the secret. **Warning:** the endpoint cannot be edited afterwards: check that it`,
    `   names ${code(`scim.${v.region}.amazonaws.com`)} before saving (a wrong one means deleting and re-creating the provisioner).`,
    "4. User attribute mappings (SCIM attribute ← IDaaS attribute):",
    "",
    ...table(["SCIM attribute", "IDaaS attribute"], ENTRUST_USER_MAPPINGS.map(([scim, idaas]) => [code(scim), cell(idaas)])),
    "",
    "5. **Authorize**: enter the `token` from the secret as the **API Key**.",
    "6. **Send Test SCIM**; it must succeed before you go on.",
    "7. Enable the provisioner, then **Synchronize**.",
    "",
    "**Warnings (IDaaS):**",
    "- Disable the provisioner while you edit its mappings, and enable it again afterwards; editing a running provisioner",
    "  can push half-edited attributes to IAM Identity Center.",
    "- When IDaaS reports that the provisioner's authorization expired (refresh tokens expire), **Authorize** again with the",
    "  token from the secret; after a token rotation the secret holds the new one.",
    "",
    ...afterwardsStep(v, 7),
  ].join("\n");
}
