/**
 * Okta's AWS IAM Identity Center catalogue app (Okta Integration Network name `amazon_aws_sso`) as an
 * `okta_app_saml` (okta/okta 4.20.0, the version `@cdktf/provider-okta` 14.1.1 binds): with `preconfigured_app`
 * the catalogue entry supplies the SAML settings, and `app_settings_json` carries the two values IAM Identity Center
 * gives (`acsURL`, `entityID`: the ACS URL and the issuer URL of `identityCenter.serviceProvider`). The provider
 * docs at that version (docs/resources/app_saml.md) list `label` as the only required argument and, without
 * `preconfigured_app`, nine SAML arguments that a catalogue app does not need.
 *
 * Exports the IdP values IAM Identity Center needs (metadata URL, entity id, sign-in URL, certificate). Not managed
 * here, because Okta's API cannot: the app's provisioning settings (API integration, Push Groups): a hand-off step.
 */
import { AppSaml } from "@cdktf/provider-okta/lib/app-saml";
import { Construct } from "constructs";

/** Okta Integration Network name of the "AWS IAM Identity Center" app. */
export const OKTA_AWS_IDENTITY_CENTER_APP = "amazon_aws_sso";

export interface OktaAwsApplicationProps {
  /** The app's label in Okta (what users see on their dashboard). */
  readonly label: string;
  /** IAM Identity Center ACS URL (`identityCenter.serviceProvider.acsUrl`). */
  readonly acsUrl: string;
  /** IAM Identity Center issuer URL (`identityCenter.serviceProvider.issuerUrl`): the app's `entityID`. */
  readonly issuerUrl: string;
  /** Refuse any plan that destroys or replaces the app (SSO stops for everyone). @default true */
  readonly preventDestroy?: boolean;
}

export class OktaAwsApplication extends Construct {
  readonly app: AppSaml;
  /** The app's id (`0oa…`): what group and user assignments attach to. */
  readonly appId: string;
  readonly metadataUrl: string;
  readonly entityId: string;
  readonly signInUrl: string;
  readonly certificate: string;

  constructor(scope: Construct, id: string, props: OktaAwsApplicationProps) {
    super(scope, id);
    this.app = new AppSaml(this, "app", {
      label: props.label,
      preconfiguredApp: OKTA_AWS_IDENTITY_CENTER_APP,
      appSettingsJson: JSON.stringify({ acsURL: props.acsUrl, entityID: props.issuerUrl }),
      status: "ACTIVE",
      lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
    });
    this.appId = this.app.id;
    this.metadataUrl = this.app.metadataUrl;
    this.entityId = this.app.entityUrl;
    this.signInUrl = this.app.httpPostBinding;
    this.certificate = this.app.certificate;
  }
}
