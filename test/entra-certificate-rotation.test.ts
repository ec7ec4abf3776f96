/**
 * Signing-certificate rotation, planned and applied by Terraform itself on provider-free stand-ins of the synthesized
 * `entra-sso` stack (test/stand-ins.ts): one workspace goes through the deploys of the README procedure, and every
 * plan is read from `terraform show -json`. The azuread provider deletes a certificate by the wrong key (#1690), so
 * the property that matters is that no plan ever deletes a certificate through the provider.
 */
import { NOW } from "./helpers";
import { synthAll } from "./helpers";
import { certificateKeyId, certificateThumbprint, entraStandIn, type ServicePrincipalCredentials } from "./entra-stand-ins";
import { defaultConfigWith, ENTRA_STACK } from "./scim-helpers";
import { standInName } from "./stand-ins";
import { type TerraformWorkspace, withTerraform } from "./terraform";

const CERT = "azuread_service_principal_token_signing_certificate";
/** The address the single certificate has always had (construct path entra-sso/enterprise-application/signing-certificate). */
const LEGACY = "enterprise-application_signing-certificate_06BE4A72";
const inYears = (years: number) => new Date(Date.UTC(NOW.getUTCFullYear() + years, NOW.getUTCMonth(), NOW.getUTCDate())).toISOString().replace(".000Z", "Z");

type Certificates = Record<string, { endDate?: string; active?: boolean; retired?: boolean }> | undefined;

/** entra-sso of the default file with these certificates (undefined: no certificate entry, the single default). */
function entraWith(certificates: Certificates): Record<string, any> {
  const model = defaultConfigWith((doc) => {
    doc.deleteIn(["entra", "application", "signingCertificate"]);
    if (certificates) doc.setIn(["entra", "application", "signingCertificates"], certificates);
  });
  return synthAll(model)[ENTRA_STACK];
}

const certNames = (stack: Record<string, any>) => Object.keys(stack.resource[CERT] ?? {});
const standInOf = (type: string, name: string) => `terraform_data.${standInName(type, name)}`;

interface Planned {
  readonly status: number;
  readonly errors: string;
  readonly changes: Record<string, string[]>;
}

function plan(tf: TerraformWorkspace, config: Record<string, any>): Planned {
  tf.write(config);
  const r = tf.plan("-out=plan.out");
  if (r.status !== 0) return { status: r.status, errors: r.stderr + r.stdout, changes: {} };
  const json = tf.showPlan("plan.out");
  return { status: 0, errors: "", changes: Object.fromEntries((json.resource_changes ?? []).map((c: any) => [c.address, c.change.actions])) };
}

const deletes = (p: Planned) => Object.entries(p.changes).filter(([, a]) => a.includes("delete")).map(([addr]) => addr);
const certificateDeletes = (p: Planned) => deletes(p).filter((addr) => addr.includes(`${CERT}__`));

/** Graph's key and password credentials of the service principal: a Sign and a Verify key per certificate, one password. */
function credentials(names: readonly string[], preferred: string): ServicePrincipalCredentials {
  return {
    key_credentials: names.flatMap((n) => [
      { keyId: `sign-${n}`, customKeyIdentifier: `CKI-${n}`, usage: "Sign", type: "AsymmetricX509Cert" },
      { keyId: certificateKeyId(n), customKeyIdentifier: `CKI-${n}`, usage: "Verify", type: "AsymmetricX509Cert" },
    ]),
    password_credentials: [...names.map((n) => ({ keyId: `password-${n}`, customKeyIdentifier: `CKI-${n}` })), { keyId: "unrelated", customKeyIdentifier: null }],
    preferred_thumbprint: preferred,
  };
}

describe("GIVEN the application deployed with its single certificate WHEN it is rotated as the README says", () => {
  const initial = entraWith(undefined);
  const added = entraWith({ default: {}, "cert-next": { endDate: inYears(2), active: true } });
  const retired = entraWith({ default: { retired: true }, "cert-next": { endDate: inYears(2), active: true } });
  const cleaned = entraWith({ "cert-next": { endDate: inYears(2), active: true } });
  const next = certNames(added).find((n) => n !== LEGACY) as string;

  const steps: Record<string, Planned> = {};
  let outputsAfterAdd: Record<string, any> = {};
  let retirementBody: any;
  beforeAll(() => {
    withTerraform("cert-rotation-", (tf) => {
      tf.write(entraStandIn(initial)).apply();
      steps.add = plan(tf, entraStandIn(added));
      tf.apply("plan.out");
      outputsAfterAdd = tf.outputs();
      // Entra still signing with the old certificate: the retirement must refuse.
      steps.retireTooEarly = plan(tf, entraStandIn(retired, credentials([LEGACY, next], certificateThumbprint(LEGACY))));
      // Graph data where the active certificate's keys carry the retired one's identifier: the PATCH would drop them.
      const tangled = credentials([LEGACY, next], certificateThumbprint(next));
      const shared = { ...tangled, key_credentials: tangled.key_credentials.map((c) => ({ ...c, customKeyIdentifier: `CKI-${LEGACY}` })) };
      steps.retireActiveKeys = plan(tf, entraStandIn(retired, shared));
      steps.retire = plan(tf, entraStandIn(retired, credentials([LEGACY, next], certificateThumbprint(next))));
      tf.apply("plan.out");
      const state = JSON.parse(tf.ok("show", "-json").stdout);
      retirementBody = state.values.root_module.resources.find((r: any) => r.address.startsWith("terraform_data.msgraph_resource_action__"))?.values.input.body;
      steps.cleanUp = plan(tf, entraStandIn(cleaned));
      tf.apply("plan.out");
      // A new end date on the existing key would replace it, and a replacement deletes through the provider.
      steps.newEndDate = plan(tf, entraStandIn(entraWith({ "cert-next": { endDate: inYears(1), active: true } })));
    });
  });

  test("the single certificate keeps the address it always had, so upgrading replaces nothing", () => {
    expect(certNames(initial)).toEqual([LEGACY]);
    expect(certNames(added)).toContain(LEGACY);
  });

  test("adding a certificate creates it and moves the activation to it; the old one is untouched and nothing is deleted", () => {
    expect(steps.add.status).toBe(0);
    expect(steps.add.changes[standInOf(CERT, next)]).toEqual(["create"]);
    expect(steps.add.changes[standInOf(CERT, LEGACY)]).toEqual(["no-op"]);
    const activation = Object.keys(steps.add.changes).find((a) => a.startsWith("terraform_data.msgraph_update_resource__")) as string;
    expect(steps.add.changes[activation]).toEqual(["update"]);
    expect(deletes(steps.add)).toEqual([]);
  });

  test("after that deploy Graph's active thumbprint is the new certificate's, and both certificates are listed", () => {
    expect(outputsAfterAdd.signing_certificate_thumbprint.value).toBe(certificateThumbprint(next));
    expect(outputsAfterAdd.signing_certificates.value).toEqual({
      default: { active: false, end_date: "2029-11-22T00:00:00Z", thumbprint: certificateThumbprint(LEGACY) },
      "cert-next": { active: true, end_date: inYears(2), thumbprint: certificateThumbprint(next) },
    });
    expect(outputsAfterAdd.signing_certificate_pem.sensitive).toBe(true);
    expect(outputsAfterAdd.signing_certificate_pem.value).toContain(`MIIstand-in-${next}`);
  });

  test("retiring while Entra still signs with the retired certificate is refused before anything changes", () => {
    expect(steps.retireTooEarly.status).toBe(1);
    expect(steps.retireTooEarly.errors).toContain("Entra still signs with a certificate marked retired (default)");
  });

  test("a PATCH that would also drop the active certificate's key is refused before anything changes", () => {
    expect(steps.retireActiveKeys.status).toBe(1);
    expect(steps.retireActiveKeys.errors).toContain("Retiring would remove the active signing certificate's key");
  });

  test("retiring forgets the old certificate (no provider Delete) and plans one Graph PATCH", () => {
    expect(steps.retire.status).toBe(0);
    expect(steps.retire.changes[standInOf(CERT, LEGACY)]).toEqual(["forget"]);
    expect(steps.retire.changes[standInOf(CERT, next)]).toEqual(["no-op"]);
    const patch = Object.entries(steps.retire.changes).filter(([a]) => a.startsWith("terraform_data.msgraph_resource_action__"));
    expect(patch.map(([, a]) => a)).toEqual([["create"]]);
    expect(deletes(steps.retire)).toEqual([]);
  });

  test("the PATCH keeps every credential but exactly the retired certificate's keys and password", () => {
    expect(retirementBody.keyCredentials.map((c: any) => c.keyId)).toEqual([`sign-${next}`, certificateKeyId(next)]);
    expect(retirementBody.passwordCredentials.map((c: any) => c.keyId)).toEqual([`password-${next}`, "unrelated"]);
  });

  test("deleting the retired entry afterwards deletes no certificate (only the record and the finished PATCH)", () => {
    expect(steps.cleanUp.status).toBe(0);
    expect(certificateDeletes(steps.cleanUp)).toEqual([]);
    expect(steps.cleanUp.changes[standInOf(CERT, next)]).toEqual(["no-op"]);
  });

  test("a new end date on an existing certificate is refused by prevent_destroy instead of replacing it", () => {
    expect(steps.newEndDate.status).toBe(1);
    expect(steps.newEndDate.errors).toContain("Instance cannot be destroyed");
  });

  test("no plan of the whole procedure deletes a certificate", () => {
    for (const p of Object.values(steps)) expect(certificateDeletes(p)).toEqual([]);
  });
});
