/**
 * The Entra enterprise application for AWS IAM Identity Center: the gallery template instantiated, its service
 * principal adopted in SAML mode, the SP's identifier (issuer) and reply (ACS) URLs, a token-signing certificate and
 * its activation. Provider pitfalls handled here (../shared/reference/federation-facts.md):
 * - `use_existing` PATCHes the template's service principal, so every property that must survive is set explicitly
 *   (assignment required, enterprise + gallery feature tags, SAML mode);
 * - the template's app roles and the identifier URI are ignored on the application (the provider would strip them);
 * - the identifier URI is added after SAML mode is set (tenant URI policy exempts SAML apps);
 * - token-signing certificates are a keyed set, never deleted through the provider (its Delete picks the wrong key,
 *   azuread #1690), the active one activated through Graph (`preferredTokenSigningKeyThumbprint`), which the provider
 *   never does (./signing-certificates.ts).
 * The application and the service principal carry `prevent_destroy` unless the file opts out (`protection.allowDestroy`).
 */
import { Fn } from "cdktf";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { ApplicationIdentifierUri } from "@cdktf/provider-azuread/lib/application-identifier-uri";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { Construct } from "constructs";
import { AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID } from "../model/schema";
import type { MsgraphProvider } from "../msgraph/provider";
import { DEFAULT_CERTIFICATE_KEY } from "../model/certificates";
import { type SigningCertificateProps, SigningCertificates } from "./signing-certificates";

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
  /**
   * The token-signing certificates, by key; exactly one that is not retired is active.
   * @default - one certificate, key `default`, the provider's end date (3 years from creation), subject `CN=<displayName>`
   */
  readonly signingCertificates?: readonly SigningCertificateProps[];
  /** The msgraph provider that activates the certificate (and removes retired ones). */
  readonly msgraphProvider: MsgraphProvider;
  /** Gallery template id. @default AWS IAM Identity Center (21ed01d2-ec13-4e9e-86c1-cd546719ebc4) */
  readonly templateId?: string;
  /**
   * false for a non-gallery SAML application (the AWS guide's path, template `NON_GALLERY_TEMPLATE_ID`): its service
   * principal carries the custom-SSO feature tag instead of the gallery one (Entra's tags
   * `WindowsAzureActiveDirectoryCustomSingleSignOnApplication` vs `…GalleryApplication…`), as Entra sets them.
   * @default true
   */
  readonly gallery?: boolean;
  /**
   * Refuse any plan that destroys or replaces the application, its service principal or a signing certificate
   * (`prevent_destroy`): that would end SSO for everyone. false only with the file's explicit opt-in
   * (`protection.allowDestroy.enterpriseApplication`).
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
  /** Active signing certificate: PEM (the provider marks the value sensitive, although the certificate is public), thumbprint and expiry. */
  readonly certificatePem: string;
  readonly certificateThumbprint: string;
  readonly certificateExpiry: string;
  /** Every certificate that is not retired: key, thumbprint, end date, whether it is the active one. */
  readonly certificates: SigningCertificates;

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
      featureTags: [(props.gallery ?? true) ? { enterprise: true, gallery: true } : { enterprise: true, customSingleSignOn: true }],
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

    this.certificates = new SigningCertificates(this, {
      servicePrincipal: this.servicePrincipal,
      certificates: props.signingCertificates ?? [{ key: DEFAULT_CERTIFICATE_KEY, active: true }],
      defaultDisplayName: `CN=${props.displayName}`,
      msgraphProvider: props.msgraphProvider,
      preventDestroy: props.preventDestroy,
    });
    const certificate = this.certificates.active;

    this.servicePrincipalId = this.servicePrincipal.id;
    this.servicePrincipalObjectId = this.servicePrincipal.objectId;
    this.clientId = application.clientId;
    this.idpMetadataUrl = `https://login.microsoftonline.com/${props.tenantId}/federationmetadata/2007-06/federationmetadata.xml?appid=${application.clientId}`;
    this.idpEntityId = `https://sts.windows.net/${props.tenantId}/`;
    this.idpSignInUrl = `https://login.microsoftonline.com/${props.tenantId}/saml2`;
    this.certificatePem = Fn.format("-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n", [certificate.value]);
    // The thumbprint Graph reports as active: outputs that use it wait for the activation.
    this.certificateThumbprint = `\${${this.certificates.activation.fqn}.output.thumbprint}`;
    this.certificateExpiry = certificate.endDate;
  }
}
