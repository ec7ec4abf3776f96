/**
 * Stack `entra-sso`: the Entra side of SSO — enterprise application, SAML, signing certificate (+ activation),
 * and the IdP values IAM Identity Center needs.
 */
import { TerraformOutput, TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import type { Construct } from "constructs";
import type { AssignedGroup } from "../src/entra/assigned-group";
import { EntraDirectory } from "../src/entra/directory";
import { EnterpriseApplication } from "../src/entra/enterprise-application";
import type { FederationModel } from "../src/model/model";
import { MsgraphProvider } from "../src/msgraph/provider";
import { configureBackend } from "./backend";

export const ENTRA_SSO_STACK = "entra-sso";

export class EntraSsoStack extends TerraformStack {
  readonly application: EnterpriseApplication;
  readonly directory: EntraDirectory;
  /** Every group assigned to the application, by group name (filled by the groups construct). */
  readonly assignedGroups = new Map<string, AssignedGroup>();

  constructor(scope: Construct, model: FederationModel) {
    super(scope, ENTRA_SSO_STACK);
    configureBackend(this, model, ENTRA_SSO_STACK);
    const { entra, identityCenter } = model.spec;
    new AzureadProvider(this, "azuread", { tenantId: entra.tenantId });
    const msgraph = new MsgraphProvider(this, "msgraph", { tenantId: entra.tenantId });

    this.directory = new EntraDirectory(this, "directory", { principals: entraPrincipals(model) });
    const app = entra.application;
    this.application = new EnterpriseApplication(this, "enterprise-application", {
      tenantId: entra.tenantId,
      displayName: app.displayName,
      acsUrl: identityCenter.serviceProvider.acsUrl,
      issuerUrl: identityCenter.serviceProvider.issuerUrl,
      accessPortalUrl: identityCenter.serviceProvider.accessPortalUrl,
      notificationEmails: app.notificationEmails,
      ownerObjectIds: app.owners.map((o) => this.directory.objectId(o)),
      certificateEndDate: app.signingCertificate?.endDate,
      certificateDisplayName: app.signingCertificate?.displayName,
      msgraphProvider: msgraph,
    });

    const out = (id: string, value: string, description: string) => new TerraformOutput(this, id, { value, description });
    out("idp_metadata_url", this.application.idpMetadataUrl, "IdP SAML metadata URL (IAM Identity Center: Settings > Identity source > External IdP)");
    out("idp_entity_id", this.application.idpEntityId, "IdP issuer (entity id)");
    out("idp_sign_in_url", this.application.idpSignInUrl, "IdP sign-in URL");
    out("signing_certificate_pem", this.application.certificatePem, "Active SAML signing certificate (public, PEM)");
    out("signing_certificate_thumbprint", this.application.certificateThumbprint, "Thumbprint of the active signing certificate");
    out("signing_certificate_expiry", this.application.certificateExpiry, "Expiry of the active signing certificate");
    out("service_principal_object_id", this.application.servicePrincipalObjectId, "Object id of the enterprise application");
    out("application_client_id", this.application.clientId, "Application (client) id");
  }
}

/** Every principal reference the Entra stack resolves: app owners, group owners/members/eligible/approvers, direct users. */
export function entraPrincipals(model: FederationModel): string[] {
  const spec = model.spec;
  const out: string[] = [...spec.entra.application.owners];
  for (const g of Object.values(spec.groups)) {
    out.push(...(g.owners ?? []), ...(g.members ?? []), ...(g.eligibleMembers ?? []).map((e) => e.principal), ...(g.activation?.approvers ?? []));
  }
  for (const a of spec.assignments) if (a.user) out.push(a.user);
  return out;
}
