/**
 * The SAML token-signing certificates of the enterprise application, as a set keyed by name, rotated without ever
 * letting the azuread provider delete one (README: Signing-certificate rotation).
 *
 * Why: azuread ≤ 3.9.0 deletes a token-signing certificate by the wrong key. Its Delete
 * (`internal/services/serviceprincipals/service_principal_token_signing_certificate_resource.go`, v3.7.0 and v3.9.0
 * alike) takes the customKeyIdentifier of the last key credential whose keyId is *not* the one to delete (inverted
 * comparison, upstream #1690, unreleased fix) and PATCHes the service principal without every credential carrying it:
 * with two certificates present that is the other certificate, possibly the active one. So:
 * - every certificate is its own resource (construct id `signing-certificate` for key `default`, the address the
 *   single-certificate contract always had, `signing-certificate-key-<key>` for the others) with `prevent_destroy`:
 *   no plan can delete or replace one through the provider (a new end date is a new key, not a replacement);
 * - the active one is activated through Graph (`preferredTokenSigningKeyThumbprint`, which the provider never sets,
 *   azuread #823); adding a certificate with `active: true` creates it and moves the activation in one deploy;
 * - a retired certificate leaves Terraform through a `removed { lifecycle { destroy = false } }` block (forgotten,
 *   never deleted by the provider) and leaves Entra through one Graph PATCH that does what the provider's Delete
 *   means to do, right: from the service principal's key and password credentials it drops exactly those whose
 *   customKeyIdentifier is that of the retired certificate's key (its keyId, recorded at creation in
 *   `terraform_data.…records["<key>"]`), and keeps every other one. The PATCH refuses to run (precondition) while Graph
 *   still signs with a retired certificate, or if the active certificate's key would not survive it;
 * - the records keep each certificate's keyId and thumbprint after its resource is gone (`ignore_changes = [input]`).
 */
import { TerraformIterator, TerraformLocal, TerraformStack } from "cdktf";
import type { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { ServicePrincipalTokenSigningCertificate } from "@cdktf/provider-azuread/lib/service-principal-token-signing-certificate";
import { Construct } from "constructs";
import { DEFAULT_CERTIFICATE_KEY } from "../model/certificates";
import { DataMsgraphResource } from "../msgraph/data-resource";
import type { MsgraphProvider } from "../msgraph/provider";
import { MsgraphResourceAction } from "../msgraph/resource-action";
import { MsgraphUpdateResource } from "../msgraph/update-resource";
import { address } from "../terraform/address";
import { ForgetBlocks, TerraformData } from "../terraform/terraform-data";
import { hclString } from "../terraform/text";

export interface SigningCertificateProps {
  /** Name of the certificate (`[A-Za-z0-9][A-Za-z0-9_-]*`): part of its Terraform address. */
  readonly key: string;
  /** End date (RFC 3339, ≤ 3 years ahead). Fixed once created. @default - the provider's default (3 years from creation) */
  readonly endDate?: string;
  /** Subject. @default `CN=<application display name>` */
  readonly displayName?: string;
  /** The certificate Entra signs with; exactly one certificate that is not retired has it. @default false */
  readonly active?: boolean;
  /** Remove it from Entra (exactly its keys) and forget it in Terraform. @default false */
  readonly retired?: boolean;
}

export interface SigningCertificatesProps {
  /** The enterprise application's service principal. */
  readonly servicePrincipal: ServicePrincipal;
  /** The certificates; at least one not retired, exactly one of those active. */
  readonly certificates: readonly SigningCertificateProps[];
  /** Subject of certificates without one (`CN=<application display name>`). */
  readonly defaultDisplayName: string;
  /** The msgraph provider that activates certificates and removes retired ones. */
  readonly msgraphProvider: MsgraphProvider;
  /** `prevent_destroy` on every certificate. false only with `protection.allowDestroy.enterpriseApplication`. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * Creates the certificates directly in `scope` (the enterprise application), so the default certificate keeps its
 * address. Not a construct of its own for that reason.
 */
export class SigningCertificates {
  /** The active certificate. */
  readonly active: ServicePrincipalTokenSigningCertificate;
  /** The Graph PATCH that activates it; `output.thumbprint` is what Graph reports as active. */
  readonly activation: MsgraphUpdateResource;
  /** Every certificate that is not retired, by key. */
  readonly certificates: ReadonlyMap<string, ServicePrincipalTokenSigningCertificate>;

  constructor(scope: Construct, props: SigningCertificatesProps) {
    const all = [...props.certificates].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (new Set(all.map((c) => c.key)).size !== all.length) throw new Error("internal: certificate keys are not unique");
    const standing = all.filter((c) => !c.retired);
    const active = standing.filter((c) => c.active);
    if (active.length !== 1 || all.some((c) => c.active && c.retired)) {
      throw new Error(`internal: exactly one active certificate expected, got ${JSON.stringify(active.map((c) => c.key))}`);
    }
    const sp = props.servicePrincipal;
    const lifecycle = (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined;

    const certificates = new Map<string, ServicePrincipalTokenSigningCertificate>();
    for (const c of standing) {
      certificates.set(
        c.key,
        new ServicePrincipalTokenSigningCertificate(scope, certificateId(c.key), {
          servicePrincipalId: sp.id,
          displayName: c.displayName ?? props.defaultDisplayName,
          endDate: c.endDate,
          lifecycle,
        }),
      );
    }
    this.certificates = certificates;
    this.active = certificates.get(active[0].key) as ServicePrincipalTokenSigningCertificate;

    this.activation = new MsgraphUpdateResource(scope, "signing-certificate-activation", {
      provider: props.msgraphProvider,
      url: `servicePrincipals/${sp.objectId}`,
      body: { preferredTokenSigningKeyThumbprint: this.active.thumbprint },
      responseExportValues: { thumbprint: "preferredTokenSigningKeyThumbprint" },
    });

    // What identifies each certificate in Graph once its resource has left the configuration.
    const records = new TerraformData(scope, "signing-certificate-records", {
      forEach: TerraformIterator.fromMap(
        Object.fromEntries(
          all.map((c) => {
            const cert = certificates.get(c.key);
            return [c.key, cert ? { key_id: cert.keyId, thumbprint: cert.thumbprint } : null];
          }),
        ),
      ),
      input: "${each.value}",
      lifecycle: { ignoreChanges: ["input"] },
    });

    const retired = all.filter((c) => c.retired).map((c) => c.key);
    if (retired.length === 0) return;

    // Forgotten by Terraform: the provider's Delete never runs for them.
    const stack = TerraformStack.of(scope);
    new ForgetBlocks(
      scope,
      "signing-certificate-forget",
      retired.map((key) => `${ServicePrincipalTokenSigningCertificate.tfResourceType}.${stack.getLogicalId(new Construct(scope, certificateId(key)).node)}`),
    );

    // Removed from Entra by one PATCH, computed from the credentials Graph has after every certificate change of this
    // deploy (depends_on defers the read to apply time when one changes).
    const credentials = new DataMsgraphResource(scope, "signing-certificate-credentials", {
      provider: props.msgraphProvider,
      url: `servicePrincipals/${sp.objectId}`,
      responseExportValues: {
        key_credentials: "keyCredentials",
        password_credentials: "passwordCredentials",
        preferred_thumbprint: "preferredTokenSigningKeyThumbprint",
      },
      dependsOn: [...certificates.values(), this.activation],
    });
    const d = `${address(credentials)}.output`;
    const r = address(records);
    const retiredKeys = `[${retired.map((k) => hclString(k)).join(", ")}]`;
    const retiredKeyIds = `[for k in ${retiredKeys} : lower(${r}[k].output.key_id) if try(${r}[k].output.key_id, null) != null]`;
    const retiredThumbprints = `[for k in ${retiredKeys} : upper(${r}[k].output.thumbprint) if try(${r}[k].output.thumbprint, null) != null]`;
    // customKeyIdentifier of every key credential of a retired certificate (its Sign and Verify keys share it, and so
    // does the password credential of its private key); "" where a credential has none.
    const cki = (c: string) => `try(coalesce(${c}.customKeyIdentifier, ""), "")`;
    const ckis = new TerraformLocal(
      scope,
      "signing_certificate_retired_identifiers",
      `\${toset([for c in ${d}.key_credentials : ${cki("c")} if contains(${retiredKeyIds}, lower(c.keyId))])}`,
    );
    const kept = new TerraformLocal(scope, "signing_certificate_kept_credentials", {
      keyCredentials: `\${[for c in ${d}.key_credentials : c if !contains(${address(ckis)}, ${cki("c")})]}`,
      passwordCredentials: `\${[for c in ${d}.password_credentials : c if !contains(${address(ckis)}, ${cki("c")})]}`,
    });
    const activeKeyId = `lower(${address(this.active)}.key_id)`;
    new MsgraphResourceAction(scope, "signing-certificate-retirement", {
      provider: props.msgraphProvider,
      resourceUrl: `servicePrincipals/${sp.objectId}`,
      method: "PATCH",
      body: `\${${address(kept)}}`,
      lifecycle: {
        precondition: [
          {
            condition: `\${!contains(${retiredThumbprints}, try(upper(${d}.preferred_thumbprint), ""))}`,
            errorMessage:
              `Entra still signs with a certificate marked retired (${retired.join(", ")}). Activate another one (active: true), ` +
              "deploy, give IAM Identity Center the new certificate, and retire the old one in a later deploy (README: Signing-certificate rotation).",
          },
          {
            condition: `\${contains([for c in ${address(kept)}.keyCredentials : lower(c.keyId)], ${activeKeyId})}`,
            errorMessage: "Retiring would remove the active signing certificate's key from Entra; nothing was changed (README: Signing-certificate rotation).",
          },
        ],
      },
    });
  }
}

/** Construct id of a certificate (its Terraform address derives from it). */
export function certificateId(key: string): string {
  return key === DEFAULT_CERTIFICATE_KEY ? "signing-certificate" : `signing-certificate-key-${key}`;
}
