/**
 * Stack `entra-sso`: the Entra side of SSO — enterprise application, SAML, signing certificate (+ activation),
 * and the IdP values IAM Identity Center needs; the groups, their members, their assignment to the application and
 * PIM for groups (just-in-time membership).
 */
import { TerraformOutput, TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import type { Construct } from "constructs";
import { type AppRoleAssignee, AppRoleAssignments, DEFAULT_APP_ROLE } from "../src/entra/app-role-assignments";
import type { AssignedGroup } from "../src/entra/assigned-group";
import { EntraDirectory } from "../src/entra/directory";
import { EnterpriseApplication } from "../src/entra/enterprise-application";
import { EntraGroups } from "../src/entra/groups";
import { entraOf } from "../src/idp/providers";
import { groupAssignmentKey, userAssignmentKey } from "../src/entra/groups-keys";
import { PimForGroups } from "../src/entra/pim-for-groups";
import { signingCertificates } from "../src/model/certificates";
import type { FederationModel } from "../src/model/model";
import { destroyProtection } from "../src/model/protection";
import { MsgraphProvider } from "../src/msgraph/provider";
import { applicationKindProps } from "../src/adopt/application-kind";
import { terraformView } from "../src/terraform/view";
import { configureBackend } from "./backend";

export const ENTRA_SSO_STACK = "entra-sso";

export class EntraSsoStack extends TerraformStack {
  readonly application: EnterpriseApplication;
  readonly directory: EntraDirectory;
  /** The groups of the file: object ids and display names by group name. */
  readonly groups: EntraGroups;
  /** Every group assigned to the application, by group name (filled by the groups construct). */
  readonly assignedGroups = new Map<string, AssignedGroup>();

  constructor(scope: Construct, model: FederationModel) {
    super(scope, ENTRA_SSO_STACK);
    configureBackend(this, model, ENTRA_SSO_STACK);
    // Everything from the file reaches Terraform through the escaped view (src/terraform/view.ts).
    const tf = terraformView(model);
    const { identityCenter } = tf.spec;
    const entra = entraOf(tf.spec);
    new AzureadProvider(this, "azuread", { tenantId: entra.tenantId });
    const msgraph = new MsgraphProvider(this, "msgraph", { tenantId: entra.tenantId });

    this.directory = new EntraDirectory(this, "directory", { principals: entraPrincipals(tf) });
    const app = entra.application;
    this.application = new EnterpriseApplication(this, "enterprise-application", {
      tenantId: entra.tenantId,
      displayName: app.displayName,
      acsUrl: identityCenter.serviceProvider.acsUrl,
      issuerUrl: identityCenter.serviceProvider.issuerUrl,
      accessPortalUrl: identityCenter.serviceProvider.accessPortalUrl,
      notificationEmails: app.notificationEmails,
      ownerObjectIds: app.owners.map((o) => this.directory.objectId(o)),
      signingCertificates: signingCertificates(app),
      msgraphProvider: msgraph,
      preventDestroy: destroyProtection(tf).enterpriseApplication,
      ...applicationKindProps(app.kind),
    });

    const out = (id: string, value: unknown, description: string, sensitive?: boolean) => new TerraformOutput(this, id, { value, description, sensitive });
    out("idp_metadata_url", this.application.idpMetadataUrl, "IdP SAML metadata URL (IAM Identity Center: Settings > Identity source > External IdP)");
    out("idp_entity_id", this.application.idpEntityId, "IdP issuer (entity id)");
    out("idp_sign_in_url", this.application.idpSignInUrl, "IdP sign-in URL");
    // Sensitive because the provider marks the certificate's `value` so (an unmarked output would stop every plan);
    // the certificate itself is public: `terraform output -raw signing_certificate_pem` prints it.
    out("signing_certificate_pem", this.application.certificatePem, "Active SAML signing certificate (public, PEM; terraform output -raw)", true);
    out("signing_certificate_thumbprint", this.application.certificateThumbprint, "Thumbprint of the active signing certificate");
    out("signing_certificate_expiry", this.application.certificateExpiry, "Expiry of the active signing certificate");
    out(
      "signing_certificates",
      Object.fromEntries(
        [...this.application.certificates.certificates].map(([key, c]) => [
          key,
          { thumbprint: c.thumbprint, end_date: c.endDate, active: c === this.application.certificates.active },
        ]),
      ),
      "Every signing certificate that is not retired, by name: thumbprint, end date, whether Entra signs with it",
    );
    out("service_principal_object_id", this.application.servicePrincipalObjectId, "Object id of the enterprise application");
    out("application_client_id", this.application.clientId, "Application (client) id");

    // Groups, standing members, assignment to the application, PIM for groups.
    const groups = tf.spec.groups;
    this.groups = new EntraGroups(this, "groups", { groups, directory: this.directory });
    const assignees: Record<string, AppRoleAssignee> = {};
    for (const [name, g] of Object.entries(groups)) assignees[groupAssignmentKey(name)] = { objectId: this.groups.objectId(name), appRole: g.appRole };
    for (const a of tf.spec.assignments) {
      if (a.user) assignees[userAssignmentKey(a.user)] = { objectId: this.directory.objectId(a.user), appRole: DEFAULT_APP_ROLE };
    }
    const appRoleAssignments = new AppRoleAssignments(this, "app-role-assignments", {
      servicePrincipal: this.application.servicePrincipal,
      assignees,
    });
    new PimForGroups(this, "pim", {
      groups: Object.fromEntries(Object.entries(groups).map(([name, spec]) => [name, { spec, objectId: this.groups.objectId(name) }])),
      directory: this.directory,
    });
    for (const name of Object.keys(groups)) {
      this.assignedGroups.set(name, {
        objectId: this.groups.objectId(name),
        appRoleAssignmentId: appRoleAssignments.assignmentId(groupAssignmentKey(name)),
      });
    }
    const byName = (m: ReadonlyMap<string, string>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    new TerraformOutput(this, "group_object_ids", { value: byName(this.groups.objectIds), description: "Entra object id of every group in the file, by group name" });
    new TerraformOutput(this, "group_display_names", {
      value: byName(this.groups.displayNames),
      description: "Entra display name (the SCIM join key in IAM Identity Center) of every group in the file, by group name",
    });
  }
}

/**
 * Every principal reference the Entra stack resolves: app owners, group owners/members/eligible/approvers, direct
 * users (of the escaped view, `terraformView(model)`).
 */
export function entraPrincipals(view: FederationModel): string[] {
  const spec = view.spec;
  const out: string[] = [...entraOf(spec).application.owners];
  for (const g of Object.values(spec.groups)) {
    out.push(...(g.owners ?? []), ...(g.members ?? []), ...(g.eligibleMembers ?? []).map((e) => e.principal), ...(g.activation?.approvers ?? []));
  }
  for (const a of spec.assignments) if (a.user) out.push(a.user);
  return out;
}
