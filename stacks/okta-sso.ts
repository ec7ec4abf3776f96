/**
 * Stack `okta-sso` (identityProvider: okta): the Okta side of SSO as code — Okta's AWS IAM Identity Center catalogue
 * app with the file's ACS URL and entity id, the groups, their listed members, their assignment to the app and the
 * users assigned directly — and the IdP values IAM Identity Center needs, as outputs. Okta's API cannot configure
 * provisioning for this app: that step, with the token read from the SCIM secret, is on the hand-off sheet
 * (`cdktf.out/identity-center-handoff.md`, src/handoff/okta.ts).
 *
 * No other stack reads from this one: `identity-center` matches principals by name, so it deploys independently.
 * The okta provider takes its credentials from the environment (`OKTA_API_TOKEN`, or OAuth `OKTA_API_CLIENT_ID` …).
 */
import { TerraformOutput, TerraformStack } from "cdktf";
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import type { Construct } from "constructs";
import { OKTA_SSO_STACK } from "../src/handoff/okta";
import type { FederationModel } from "../src/model/model";
import { destroyProtection } from "../src/model/protection";
import { OktaAwsApplication } from "../src/okta/aws-application";
import { OktaDirectory } from "../src/okta/directory";
import { OktaGroups } from "../src/okta/groups";
import { terraformView } from "../src/terraform/view";
import { configureBackend } from "./backend";

export { OKTA_SSO_STACK };

/** Okta provider versions whose schema the binding (@cdktf/provider-okta 14.1.1 = okta/okta 4.20.0) was generated from. */
export const OKTA_PROVIDER_CONSTRAINT = "~> 4.20.0";

export class OktaSsoStack extends TerraformStack {
  readonly application: OktaAwsApplication;
  readonly groups: OktaGroups;

  constructor(scope: Construct, model: FederationModel) {
    super(scope, OKTA_SSO_STACK);
    configureBackend(this, model, OKTA_SSO_STACK);
    // Everything from the file reaches Terraform through the escaped view (src/terraform/view.ts).
    const tf = terraformView(model);
    const spec = tf.spec;
    const okta = spec.okta;
    if (spec.identityProvider !== "okta" || !okta) throw new Error("internal: the okta-sso stack is built only for identityProvider okta");
    new OktaProvider(this, "okta", { orgName: okta.orgName, baseUrl: okta.baseUrl });
    // The binding's own constraint (~> 4.0) admits any later 4.x; pin the minor version whose schema it was built from.
    this.addOverride("terraform.required_providers.okta.version", OKTA_PROVIDER_CONSTRAINT);

    const sp = spec.identityCenter.serviceProvider;
    this.application = new OktaAwsApplication(this, "aws-application", {
      label: okta.application.label,
      acsUrl: sp.acsUrl,
      issuerUrl: sp.issuerUrl,
      preventDestroy: destroyProtection(tf).enterpriseApplication,
    });

    const users = spec.assignments.flatMap((a) => (a.user !== undefined ? [a.user] : []));
    const groups = Object.fromEntries(Object.entries(spec.groups).map(([name, g]) => [name, { description: g.description, members: g.members ?? [] }]));
    const directory = new OktaDirectory(this, "directory", { logins: [...users, ...Object.values(groups).flatMap((g) => g.members)] });
    this.groups = new OktaGroups(this, "groups", { groups, users, appId: this.application.appId, directory });

    const out = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    out("idp_metadata_url", this.application.metadataUrl, "Okta IdP SAML metadata URL (IAM Identity Center: Settings > Identity source > External IdP)");
    out("idp_entity_id", this.application.entityId, "Okta IdP issuer (entity id)");
    out("idp_sign_in_url", this.application.signInUrl, "Okta IdP sign-in URL (HTTP-POST binding)");
    out("idp_certificate", this.application.certificate, "Okta SAML signing certificate of the app (public)");
    out("application_id", this.application.appId, "Okta app id of the AWS IAM Identity Center app");
    const ids = [...this.groups.groupIds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out("group_ids", Object.fromEntries(ids), "Okta group id of every group in the file, by group name");
  }
}
