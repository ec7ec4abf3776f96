/**
 * Hand-off sheet for any SAML 2.0 identity provider with a SCIM 2.0 client: the service-provider values, the SCIM
 * endpoint and token from the secret, the groups to push, in the order IAM Identity Center needs them.
 */
import { cell, code } from "../review/markdown";
import { afterwardsStep, groupsTable, header, readScimValues, serviceProviderTable, type SheetValues, switchAndStoreSteps, usersLine } from "./common";

export interface SamlSettings {
  readonly name: string;
  readonly application: { readonly name: string };
  readonly provisionsGroups: boolean;
}

export function renderSamlHandoff(v: SheetValues, s: SamlSettings): string {
  const metadata = "idp-metadata.xml";
  return [
    ...header(v, `${s.name} (SAML 2.0 + SCIM) as the identity source of IAM Identity Center`),
    "",
    `## 1. The SAML application in ${cell(s.name)}`,
    "",
    `1. Create a SAML 2.0 application named ${code(s.application.name)} (if ${cell(s.name)} has an IAM Identity Center or`,
    "   \"AWS SSO\" catalogue app, use it), with these service-provider values:",
    "",
    ...serviceProviderTable(v, { acs: "Assertion Consumer Service (ACS) / Reply URL", entityId: "SP entity id / Audience", startUrl: "Default relay state / start URL (optional)" }),
    "",
    "2. NameID: the user's e-mail address (format `emailAddress`), equal to the userName SCIM sends: IAM Identity Center",
    "   matches the SAML subject to the provisioned userName, and `user:` assignments name it.",
    "3. Sign the assertion (SHA-256); assign the application to the groups of step 4.",
    `4. Download the IdP metadata as ${code(metadata)}.`,
    "",
    ...switchAndStoreSteps(v, 2, s.name, metadata),
    `## 4. SCIM provisioning in ${cell(s.name)}`,
    "",
    ...readScimValues(v),
    "",
    "1. SCIM base URL: the `endpoint` from the secret; authentication: HTTP header `Authorization: Bearer <token>` with the",
    "   `token` from the secret.",
    "2. Users need userName, givenName, familyName and displayName; one e-mail, no multi-valued attributes.",
    `3. ${s.provisionsGroups ? "Push exactly these groups (their display names are the join key in IAM Identity Center):" : `${cell(s.name)}'s SCIM client provisions users only (\`provisionsGroups: false\`): these groups must be created in IAM Identity Center by other means, with these names and members, or their grants stay pending:`}`,
    "",
    ...groupsTable(v),
    "",
    ...usersLine(v),
    "",
    ...afterwardsStep(v, 5),
  ].join("\n");
}
