/**
 * What `npm start` prints after a synth: per stack what was synthesized, then sections about the federation that a
 * reader checks before deploying. Add a section: a function of the model and the synthesized stacks.
 */
import { countBlocks, type StackJson } from "./synth-output";
import type { FederationModel } from "./model/model";
import { groupsSummary } from "./entra/groups-summary";
import { provisioningSummary } from "./entra/provisioning-summary";
import { identityCenterSummary } from "./identity-center/summary";
import { idpSummary } from "./idp/summary";
import { activeSigningCertificate } from "./model/certificates";
import { destroyProtection } from "./model/protection";

export type SummarySection = (model: FederationModel, stacks: readonly StackJson[]) => string[];

const stacksSection: SummarySection = (_model, stacks) => [
  "Stacks:",
  ...stacks.map(
    (s) =>
      `  ${s.name.padEnd(32)} ${String(countBlocks(s.json, "resource")).padStart(4)} resources  ` +
      `${String(countBlocks(s.json, "data")).padStart(3)} data sources  ${String(countBlocks(s.json, "output")).padStart(3)} outputs`,
  ),
];

const ssoSection: SummarySection = (model) => {
  const { entra, identityCenter } = model.spec;
  if (!entra) return idpSummary(model);
  const sp = identityCenter.serviceProvider;
  const cert = activeSigningCertificate(entra.application);
  return [
    `Enterprise application "${entra.application.displayName}" (gallery: AWS IAM Identity Center), SAML SSO:`,
    `  reply URL (ACS)        ${sp.acsUrl}`,
    `  identifier (issuer)    ${sp.issuerUrl}`,
    `  sign-on URL            ${sp.accessPortalUrl}`,
    `  signing certificate    ${cert?.key ?? "?"}: ${cert?.endDate ? `ends ${cert.endDate}` : "provider default (3 years from creation)"}, activated through Graph`,
    "Hand-off to IAM Identity Center (Settings > Identity source > External identity provider):",
    `  IdP issuer URL         https://sts.windows.net/${entra.tenantId}/`,
    `  IdP sign-in URL        https://login.microsoftonline.com/${entra.tenantId}/saml2`,
    "  IdP metadata URL       known after `cdktf deploy entra-sso` (output idp_metadata_url)",
  ];
};

/** Groups, standing members, PIM eligibility and activation rules, what is assigned to the application. */
const groupsSection: SummarySection = (model) => (model.spec.entra ? groupsSummary(model) : []);

/** SCIM provisioning: secret, scope, provision on demand, attribute-mapping fix. */
const provisioningSection: SummarySection = (model, stacks) => (model.spec.entra ? provisioningSummary(model, stacks) : []);

/** Permission sets, grants per principal, OU/root targets, ABAC, pending principals. */
const identityCenterSection: SummarySection = (model) => identityCenterSummary(model);

/** What Terraform refuses to destroy or replace, and every opt-in that lifts it (README: Guard rails). */
const protectionSection: SummarySection = (model) => {
  const p = destroyProtection(model);
  const allowed = "DESTROY ALLOWED (protection.allowDestroy";
  const names = (xs: readonly string[]) => (xs.length <= 10 ? xs.join(", ") : `${xs.slice(0, 10).join(", ")}, +${xs.length - 10} more`);
  const optedIn = new Set(model.spec.protection?.allowDestroy.permissionSets ?? []);
  const released = p.releasedPermissionSets.filter((n) => optedIn.has(n) && (p.holdings.has(n) || !(n in model.spec.permissionSets)));
  return [
    "Destroy protection (Terraform refuses to destroy or replace these):",
    ...(model.spec.identityProvider === "entra" || model.spec.identityProvider === "okta"
      ? [`  ${(model.spec.identityProvider === "okta" ? "Okta application" : "enterprise application").padEnd(22)} ${p.enterpriseApplication ? `protected (${model.spec.identityProvider === "okta" ? "the app" : "application and service principal"})` : `${allowed}.enterpriseApplication)`}`]
      : []),
    `  SCIM secret            ${model.scimSecret.existing ? "existing, not managed here" : p.scimSecret ? "protected" : `${allowed}.scimSecret)`}`,
    `  permission sets        ${p.protectedPermissionSets.length ? `${p.protectedPermissionSets.length} guarded (they hold grants): ${names(p.protectedPermissionSets)}` : "none hold grants"}`,
    ...(released.length ? [`                         ${allowed}.permissionSets): ${names(released)}`] : []),
  ];
};

export const summarySections: SummarySection[] = [
  stacksSection,
  ssoSection,
  groupsSection,
  provisioningSection,
  identityCenterSection,
  protectionSection,
];

export function summarize(model: FederationModel, stacks: readonly StackJson[]): string {
  return summarySections
    .map((section) => section(model, stacks))
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join("\n"))
    .join("\n\n");
}
