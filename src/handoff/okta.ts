/**
 * Hand-off sheet for Okta. The Okta side of SSO is code (stack `okta-sso`: the AWS IAM Identity Center catalogue app,
 * groups, memberships, assignments), but Okta's API cannot configure provisioning (the API integration and Push
 * Groups) of this catalogue app, so that part is manual, with the SCIM secret as the source of the token.
 */
import { code } from "../review/markdown";
import { shellCommand } from "../shell";
import { afterwardsStep, groupsTable, header, readScimValues, serviceProviderTable, type SheetValues, switchAndStoreSteps, usersLine } from "./common";

export const OKTA_SSO_STACK = "okta-sso";

export interface OktaSettings {
  readonly orgName: string;
  readonly baseUrl: string;
  readonly application: { readonly label: string };
}

export function renderOktaHandoff(v: SheetValues, o: OktaSettings): string {
  const admin = `https://${o.orgName}-admin.${o.baseUrl}/admin/apps/active`;
  const metadata = "okta-idp-metadata.xml";
  const output = (name: string) => shellCommand("terraform", `-chdir=cdktf.out/stacks/${OKTA_SSO_STACK}`, "output", "-raw", name);
  return [
    ...header(v, "Okta as the identity source of IAM Identity Center"),
    `- Okta org: ${code(`https://${o.orgName}.${o.baseUrl}`)}; admin console: ${code(admin)}`,
    "",
    "## 1. Deploy the Okta side",
    "",
    `\`npx cdktf deploy ${OKTA_SSO_STACK}\` creates the app ${code(o.application.label)} from Okta's AWS IAM Identity Center catalogue`,
    "entry (ACS URL and entity id from `identityCenter.serviceProvider`), the groups, their members and their assignment to",
    "the app (the okta provider reads `OKTA_API_TOKEN`, or OAuth settings, from the environment). The app is configured with:",
    "",
    ...serviceProviderTable(v, { acs: "ACS URL (app setting acsURL)", entityId: "Entity ID (app setting entityID)", startUrl: "AWS access portal" }),
    "",
    "Then fetch its metadata:",
    "",
    "```sh",
    `curl -fsS "$(${output("idp_metadata_url")})" -o ${metadata}`,
    "```",
    "",
    ...switchAndStoreSteps(v, 2, "Okta", metadata),
    "## 4. Provisioning in Okta (Okta's API cannot configure it for this app)",
    "",
    ...readScimValues(v),
    "",
    `1. Okta admin console → Applications → ${code(o.application.label)} → Provisioning → Configure API Integration →`,
    "   Enable API integration. Base URL: the `endpoint` from the secret; API Token: the `token` from the secret.",
    "   **Test API Credentials**, then Save.",
    "2. Provisioning → To App → Edit: enable Create Users, Update User Attributes and Deactivate Users; Save.",
    "3. Push Groups → Push Groups → Find groups by name: push each of these groups (assigning a group to the app",
    "   provisions its members as users; only a pushed group reaches IAM Identity Center as a group):",
    "",
    ...groupsTable(v, "Members (managed by okta-sso)"),
    "",
    ...usersLine(v),
    "",
    ...afterwardsStep(v, 5),
  ].join("\n");
}
