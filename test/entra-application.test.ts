/** The enterprise application in the synthesized `entra-sso` stack: what Terraform will be asked to do. */
import { CONTOSO_CONFIG, DEFAULT_CONFIG, modelOf, NOW, only, synthAll } from "./helpers";
import { defaultConfigWith } from "./scim-helpers";

const TEMPLATE = "21ed01d2-ec13-4e9e-86c1-cd546719ebc4";

describe.each([
  {
    name: "default config",
    file: DEFAULT_CONFIG,
    displayName: "AWS IAM Identity Center",
    tenant: "00000000-0000-0000-0000-000000000000",
    acs: "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000",
    issuer: "https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789",
    portal: "https://d-0123456789.awsapps.com/start",
    emails: ["identity-ops@example.com"],
    endDate: undefined,
    certName: "CN=AWS IAM Identity Center",
  },
  {
    name: "contoso config",
    file: CONTOSO_CONFIG,
    displayName: "Contoso AWS SSO",
    tenant: "9a8b7c6d-1111-2222-3333-444455556666",
    acs: "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/0a1b2c3d-4444-5555-6666-777788889999",
    issuer: "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-99887766aa",
    portal: "https://contoso.awsapps.com/start",
    emails: ["secops@contoso.example", "iam-team@contoso.example"],
    endDate: "2027-06-30T00:00:00Z",
    certName: "CN=Contoso AWS SSO",
  },
])("$name", (c) => {
  const stack = synthAll(modelOf(c.file))["entra-sso"];
  const app = only(stack, "azuread_application");
  const sp = only(stack, "azuread_service_principal");
  const cert = only(stack, "azuread_service_principal_token_signing_certificate");
  const activation = only(stack, "msgraph_update_resource");
  const uri = only(stack, "azuread_application_identifier_uri");
  const ref = (type: string) => `${type}.${Object.keys(stack.resource[type])[0]}`;

  test("instantiates the AWS IAM Identity Center gallery template with the configured name and ACS reply URL", () => {
    expect(app.template_id).toBe(TEMPLATE);
    expect(app.display_name).toBe(c.displayName);
    expect(app.web.redirect_uris).toEqual([c.acs]);
  });

  test("keeps the template's app roles and the separately managed identifier URI out of the application's diff", () => {
    expect(app.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["app_role", "identifier_uris"]));
  });

  test("adopts the template's service principal in SAML mode with assignment required and enterprise/gallery tags", () => {
    expect(sp).toMatchObject({
      client_id: `\${${ref("azuread_application")}.client_id}`,
      use_existing: true,
      app_role_assignment_required: true,
      preferred_single_sign_on_mode: "saml",
      login_url: c.portal,
      notification_email_addresses: c.emails,
    });
    expect(sp.feature_tags).toEqual([{ enterprise: true, gallery: true }]);
  });

  test("adds the Identity Center issuer as identifier URI only after SAML mode is set", () => {
    expect(uri.identifier_uri).toBe(c.issuer);
    expect(uri.application_id).toBe(`\${${ref("azuread_application")}.id}`);
    expect(uri.depends_on).toEqual([ref("azuread_service_principal")]);
  });

  test("creates the signing certificate with the configured end date (the provider's default without one), never replaced or deleted through the provider", () => {
    expect(cert).toMatchObject({
      service_principal_id: `\${${ref("azuread_service_principal")}.id}`,
      display_name: c.certName,
    });
    expect(cert.end_date).toBe(c.endDate);
    // azuread's Delete picks the wrong key (#1690): prevent_destroy instead of create_before_destroy.
    expect(cert.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("activates the certificate by PATCHing preferredTokenSigningKeyThumbprint through msgraph", () => {
    expect(activation.url).toBe(`servicePrincipals/\${${ref("azuread_service_principal")}.object_id}`);
    expect(activation.body).toEqual({ preferredTokenSigningKeyThumbprint: `\${${ref("azuread_service_principal_token_signing_certificate")}.thumbprint}` });
    expect(stack.terraform.required_providers.msgraph.source).toBe("microsoft/msgraph");
    expect(stack.provider.msgraph[0].tenant_id).toBe(c.tenant);
    expect(stack.provider.azuread[0].tenant_id).toBe(c.tenant);
  });

  test("outputs every value the IAM Identity Center console needs", () => {
    const out = stack.output;
    expect(out.idp_entity_id.value).toBe(`https://sts.windows.net/${c.tenant}/`);
    expect(out.idp_sign_in_url.value).toBe(`https://login.microsoftonline.com/${c.tenant}/saml2`);
    expect(out.idp_metadata_url.value).toBe(
      `https://login.microsoftonline.com/${c.tenant}/federationmetadata/2007-06/federationmetadata.xml?appid=\${${ref("azuread_application")}.client_id}`,
    );
    expect(out.signing_certificate_pem.value).toContain("-----BEGIN CERTIFICATE-----");
    expect(out.signing_certificate_pem.value).toContain(`${ref("azuread_service_principal_token_signing_certificate")}.value`);
    expect(out.signing_certificate_pem.sensitive).toBe(true);
    expect(out.signing_certificate_thumbprint.value).toBe(`\${${ref("msgraph_update_resource")}.output.thumbprint}`);
    expect(out.signing_certificate_expiry.value).toBe(`\${${ref("azuread_service_principal_token_signing_certificate")}.end_date}`);
  });

  test("resolves UPN owners through the directory lookup and passes object ids through", () => {
    const users = only(stack, "azuread_user", "data");
    const lookup = `data.azuread_user.${Object.keys(stack.data.azuread_user)[0]}`;
    const owners: string[] = app.owners;
    expect(sp.owners).toEqual(owners);
    const model = modelOf(c.file);
    for (const owner of model.spec.entra!.application.owners) {
      if (owner.includes("@")) {
        expect(owners).toContain(`\${${lookup}["${owner}"].object_id}`);
        expect(users.for_each).toContain(JSON.stringify(owner));
      } else {
        expect(owners).toContain(owner);
      }
    }
  });
});

test("GIVEN an end date two years after the test date THEN the certificate carries it; the subject follows the application name", () => {
  const end = new Date(Date.UTC(NOW.getUTCFullYear() + 2, 0, 31)).toISOString().replace(".000Z", "Z");
  const model = defaultConfigWith((doc) => doc.setIn(["entra", "application", "signingCertificate"], { endDate: end }));
  const cert = only(synthAll(model)["entra-sso"], "azuread_service_principal_token_signing_certificate");
  expect(cert.end_date).toBe(end);
  expect(cert.display_name).toBe("CN=AWS IAM Identity Center");
});

test("GIVEN protection.allowDestroy.enterpriseApplication THEN the certificates lose prevent_destroy with the application", () => {
  const model = defaultConfigWith((doc) => doc.setIn(["protection"], { allowDestroy: { enterpriseApplication: true } }));
  expect(only(synthAll(model)["entra-sso"], "azuread_service_principal_token_signing_certificate").lifecycle).toBeUndefined();
});

test("an S3 state configuration gives an encrypted, locked backend keyed per stack", () => {
  const stack = synthAll(modelOf(CONTOSO_CONFIG))["entra-sso"];
  expect(stack.terraform.backend.s3).toEqual({
    bucket: "contoso-tf-state",
    key: "federation/entra-sso.tfstate",
    region: "eu-central-1",
    encrypt: true,
    use_lockfile: true,
  });
});

test("free text with Terraform template syntax reaches Entra literally (escaped, never interpolated)", () => {
  const model = modelOf(DEFAULT_CONFIG);
  const text = "Ops ${local.x} %{ if true }y%{ endif }";
  const spec = {
    ...model.spec,
    entra: { ...model.spec.entra!, application: { ...model.spec.entra!.application, displayName: text } },
    groups: { ...model.spec.groups, "aws-sso-read-only": { ...model.spec.groups["aws-sso-read-only"], description: text } },
  };
  const stacks = synthAll({ ...model, spec });
  const escaped = "Ops $${local.x} %%{ if true }y%%{ endif }";
  expect(only(stacks["entra-sso"], "azuread_application").display_name).toBe(escaped);
  expect(only(stacks["entra-sso"], "azuread_service_principal_token_signing_certificate").display_name).toBe(`CN=${escaped}`);
  expect(JSON.stringify(stacks["entra-sso"].resource)).not.toContain('"Ops ${local.x}');
  expect(JSON.stringify(stacks["entra-sso"].resource)).toContain(JSON.stringify(escaped).slice(1, -1));
});
