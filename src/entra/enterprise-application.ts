/**
 * The Entra enterprise application for AWS IAM Identity Center: the gallery template instantiated, its service
 * principal adopted in SAML mode, the SP's identifier (issuer) and reply (ACS) URLs, a token-signing certificate and
 * its activation. Provider pitfalls handled here (../shared/reference/federation-facts.md):
 * - `use_existing` PATCHes the template's service principal, so every property that must survive is set explicitly
 *   (assignment required, enterprise + gallery feature tags, SAML mode);
 * - the template's app roles and the identifier URI are ignored on the application (the provider would strip them);
 * - the identifier URI is added after SAML mode is set (tenant URI policy exempts SAML apps);
 * - the token-signing certificate is activated through Graph (`preferredTokenSigningKeyThumbprint`), which the
 *   azuread provider never does.
 * The application and the service principal carry `prevent_destroy` unless the file opts out (`protection.allowDestroy`).
 */
import { Fn } from "cdktf";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { ApplicationIdentifierUri } from "@cdktf/provider-azuread/lib/application-identifier-uri";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { ServicePrincipalTokenSigningCertificate } from "@cdktf/provider-azuread/lib/service-principal-token-signing-certificate";
import { Construct } from "constructs";
import { AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID } from "../model/schema";
import type { MsgraphProvider } from "../msgraph/provider";
import { MsgraphUpdateResource } from "../msgraph/update-resource";

export interface EnterpriseApplicationProps {
  /** Entra tenant id (for the IdP URLs). */
  readonly tenantId: string;
  /** Display name of the application and its service principal. */
  readonly displayName: string;
  /** IAM Identity Center ACS URL: the SAML reply URL. */
  readonly acsUrl: string;
  /** IAM Identity Center issuer URL: the SAML identifier (entity id of the service provider). */
  readonly issuerUrl: string;
  /** AWS access portal URL: the sign-on URL users start from. */
  readonly accessPortalUrl: string;
  /** Who Entra notifies about certificate expiry. @default - nobody */
  readonly notificationEmails?: readonly string[];
  /** Owner object ids of the application and service principal. @default - the deploying principal only */
  readonly ownerObjectIds?: readonly string[];
  /** End date of the token-signing certificate (ISO-8601, ≤ 3 years ahead). @default - the provider's default (3 years from creation) */
  readonly certificateEndDate?: string;
  /** Certificate subject. @default `CN=<displayName>` */
  readonly certificateDisplayName?: string;
  /** The msgraph provider that activates the certificate. */
  readonly msgraphProvider: MsgraphProvider;
  /** Gallery template id. @default AWS IAM Identity Center (21ed01d2-ec13-4e9e-86c1-cd546719ebc4) */
  readonly templateId?: string;
  /**
   * Refuse any plan that destroys or replaces the application or its service principal (`prevent_destroy`): that
   * would end SSO for everyone. false only with the file's explicit opt-in (`protection.allowDestroy`).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

export class EnterpriseApplication extends Construct {
  /** Resource id of the service principal (`/servicePrincipals/<object id>`), what azuread resources take. */
  readonly servicePrincipalId: string;
  /** Object id of the service principal (bare GUID). */
  readonly servicePrincipalObjectId: string;
  /** Application (client) id. */
  readonly clientId: string;
  /** The service principal, for app role lookups (`appRoles`). */
  readonly servicePrincipal: ServicePrincipal;
  /** Values the IAM Identity Center console needs (Settings > Identity source > External IdP). */
  readonly idpMetadataUrl: string;
  readonly idpEntityId: string;
  readonly idpSignInUrl: string;
  /** Active signing certificate: PEM, thumbprint and expiry. */
  readonly certificatePem: string;
  readonly certificateThumbprint: string;
  readonly certificateExpiry: string;

  constructor(scope: Construct, id: string, props: EnterpriseApplicationProps) {
    super(scope, id);
    const owners = props.ownerObjectIds?.length ? [...props.ownerObjectIds] : undefined;
    // Absent rather than false when lifted, so the synthesized JSON shows protection only where it applies.
    const preventDestroy = (props.preventDestroy ?? true) ? true : undefined;

    const application = new Application(this, "application", {
      displayName: props.displayName,
      templateId: props.templateId ?? AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID,
      owners,
      web: { redirectUris: [props.acsUrl] },
      lifecycle: {
        // The template's app roles would be removed by the provider (azuread #950); the identifier URI is managed
        // by azuread_application_identifier_uri below.
        ignoreChanges: ["app_role", "identifier_uris"],
        preventDestroy,
      },
    });

    this.servicePrincipal = new ServicePrincipal(this, "service-principal", {
      clientId: application.clientId,
      useExisting: true,
      appRoleAssignmentRequired: true,
      featureTags: [{ enterprise: true, gallery: true }],
      preferredSingleSignOnMode: "saml",
      loginUrl: props.accessPortalUrl,
      notificationEmailAddresses: props.notificationEmails?.length ? [...props.notificationEmails] : undefined,
      owners,
      lifecycle: preventDestroy ? { preventDestroy } : undefined,
    });

    new ApplicationIdentifierUri(this, "identifier-uri", {
      applicationId: application.id,
      identifierUri: props.issuerUrl,
      dependsOn: [this.servicePrincipal],
    });

    const certificate = new ServicePrincipalTokenSigningCertificate(this, "signing-certificate", {
      servicePrincipalId: this.servicePrincipal.id,
      displayName: props.certificateDisplayName ?? `CN=${props.displayName}`,
      endDate: props.certificateEndDate,
      // A new end date replaces the certificate: create the new one (and activate it) before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });

    const activation = new MsgraphUpdateResource(this, "signing-certificate-activation", {
      provider: props.msgraphProvider,
      url: `servicePrincipals/${this.servicePrincipal.objectId}`,
      body: { preferredTokenSigningKeyThumbprint: certificate.thumbprint },
      responseExportValues: { thumbprint: "preferredTokenSigningKeyThumbprint" },
    });

    this.servicePrincipalId = this.servicePrincipal.id;
    this.servicePrincipalObjectId = this.servicePrincipal.objectId;
    this.clientId = application.clientId;
    this.idpMetadataUrl = `https://login.microsoftonline.com/${props.tenantId}/federationmetadata/2007-06/federationmetadata.xml?appid=${application.clientId}`;
    this.idpEntityId = `https://sts.windows.net/${props.tenantId}/`;
    this.idpSignInUrl = `https://login.microsoftonline.com/${props.tenantId}/saml2`;
    this.certificatePem = Fn.format("-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n", [certificate.value]);
    // The thumbprint Graph reports as active: outputs that use it wait for the activation.
    this.certificateThumbprint = `\${${activation.fqn}.output.thumbprint}`;
    this.certificateExpiry = certificate.endDate;
  }
}
