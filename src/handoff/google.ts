/**
 * Hand-off sheet for Google Workspace: Google has no public API for SAML apps, so the IdP side is manual. Its SCIM
 * client (auto-provisioning) provisions users only: groups never reach IAM Identity Center from Google, so the
 * sheet, validation (`federation/idp-groups-not-provisioned`) and the access report say what that means for group grants.
 */
import { code } from "../review/markdown";
import { afterwardsStep, groupsTable, header, readScimValues, serviceProviderTable, type SheetValues, switchAndStoreSteps, usersLine } from "./common";

export interface GoogleSettings {
  readonly primaryDomain: string;
  readonly application: { readonly name: string };
}

export function renderGoogleHandoff(v: SheetValues, g: GoogleSettings): string {
  const metadata = "google-idp-metadata.xml";
  const assignedGroups = v.groups.filter((x) => x.assigned);
  return [
    ...header(v, "Google Workspace as the identity source of IAM Identity Center"),
    `- Google Workspace primary domain: ${code(g.primaryDomain)}; Google Admin console: https://admin.google.com/`,
    "",
    "## 1. Add the SAML app in Google Workspace",
    "",
    "1. Google Admin console → Apps → Web and mobile apps → Add app → Search for apps → **Amazon Web Services**",
    `   (the SAML app for IAM Identity Center); name it ${code(g.application.name)}.`,
    `2. Download the IdP metadata (Option 1) as ${code(metadata)}.`,
    "3. Service provider details (the file's values; IAM Identity Center shows the same under Settings → Identity source):",
    "",
    ...serviceProviderTable(v, { acs: "ACS URL", entityId: "Entity ID", startUrl: "Start URL (optional)" }),
    "",
    `4. Name ID: format \`EMAIL\`, *Basic Information → Primary email* (users' addresses in ${code(g.primaryDomain)}): it becomes the`,
    "   IAM Identity Center userName, which `user:` assignments name.",
    "5. User access: turn the app ON for the organizational units or groups whose users need AWS.",
    "",
    ...switchAndStoreSteps(v, 2, "Google", metadata),
    "## 4. Auto-provisioning in Google",
    "",
    ...readScimValues(v),
    "",
    `1. Admin console → Apps → Web and mobile apps → ${code(g.application.name)} → Auto-provisioning → Configure.`,
    "2. Access token: the `token` from the secret; Endpoint URL: the `endpoint` from the secret.",
    "3. Keep the default attribute mappings (primary email → userName, given and family name, display name).",
    "4. Provisioning scope: the groups whose **members** need AWS (Google provisions those users, not the groups).",
    "5. Turn auto-provisioning ON.",
    "",
    "## 5. Groups: Google provisions users only",
    "",
    "Google's SCIM sends users, never groups. The file's groups therefore do not reach IAM Identity Center from Google:",
    assignedGroups.length
      ? `the grants of ${assignedGroups.map((x) => code(x.name)).join(", ")} stay **pending** until a group of exactly that name exists in the identity store (created in IAM Identity Center by hand or by a sync tool that reads Google groups), and then go to its members there.`
      : "no assignment of this file names a group, so nothing waits for one.",
    "",
    ...groupsTable(v, "Members the identity-store group needs (from the file)"),
    "",
    ...usersLine(v),
    "",
    ...afterwardsStep(v, 6),
  ].join("\n");
}
