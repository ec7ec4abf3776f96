/**
 * The `npm start` summary section for an identity provider other than Entra: where its side lives (a stack or the
 * hand-off sheet), the service-provider values it is configured with, what SCIM provisions and how principals are
 * matched. Pure: reads only the model.
 */
import type { FederationModel } from "../model/model";
import { identityProviderOf, matchingText } from "./providers";

export function idpSummary(model: FederationModel): string[] {
  const spec = model.spec;
  const idp = identityProviderOf(spec);
  const sp = spec.identityCenter.serviceProvider;
  const groups = Object.keys(spec.groups).length;
  return [
    `Identity provider ${idp.title} (identityProvider: ${idp.kind}), SAML SSO and SCIM provisioning:`,
    `  IdP side               ${idp.side === "code" ? `stack ${idp.stack} (app, ${groups} group(s), memberships, assignments); provisioning by hand` : "by hand"}: cdktf.out/identity-center-handoff.md`,
    `  ACS URL                ${sp.acsUrl}`,
    `  entity id (issuer)     ${sp.issuerUrl}`,
    `  access portal          ${sp.accessPortalUrl}`,
    `  SCIM token             from the secret ${model.scimSecret.name} (stack scim-provisioning holds only the secret), entered in the IdP by hand`,
    `  groups                 ${idp.provisionsGroups ? `${groups} pushed by the IdP's SCIM` : `NOT provisioned (${idp.title}'s SCIM sends users only): group grants stay pending until the groups exist in IAM Identity Center`}`,
    `  principal matching     ${matchingText(idp)}`,
  ];
}
