/**
 * A signing certificate deleted from the file without being retired first (README: Signing-certificate rotation).
 * Its resource then leaves the configuration, and with it its `prevent_destroy`: Terraform deletes it through the
 * azuread provider, whose Delete picks the key to remove by an inverted comparison (azuread <= 3.9.0,
 * `internal/services/serviceprincipals/service_principal_token_signing_certificate_resource.go` v3.9.0 line 279,
 * upstream #1690): with two certificates present it removes the other one's keys, possibly the active one's. Only
 * `retired: true` removes a certificate safely (src/entra/signing-certificates.ts), so `federation diff` and
 * `validate --base` warn: a deploy hazard (an SSO outage), not an access change, like a set removed with its grants.
 */
import type { Diagnostic } from "../model/diagnostics";
import { signingCertificates } from "../model/certificates";
import { type Message, messages } from "../model/messages";
import type { FederationModel } from "../model/model";
import type { SourceMap } from "../model/source";
import { locatedDiagnostic } from "./head-source";

export interface CertificateRemovedNotRetired {
  /** The certificate's name in the base (`default` for `signingCertificate` or no entry). */
  readonly key: string;
  readonly message: Message;
}

/**
 * Certificates the base has and does not retire that the head no longer names. Nothing when either side has no
 * Entra application (another IdP: the whole entra-sso stack goes, behind the enterprise application's protection).
 */
export function certificatesRemovedNotRetired(base: FederationModel, head: FederationModel): CertificateRemovedNotRetired[] {
  const before = base.spec.entra?.application;
  const after = head.spec.entra?.application;
  if (!before || !after) return [];
  const kept = new Set(signingCertificates(after).map((c) => c.key));
  return signingCertificates(before)
    .filter((c) => !c.retired && !kept.has(c.key))
    .map((c) => ({ key: c.key, message: messages.certificateRemovedNotRetired(c.key, c.active) }));
}

/** The same as located warnings for `validate --base`, at the head's certificate entry (`headSource`: the loader's source map, for the line). */
export function certificateRemovalDiagnostics(base: FederationModel, head: FederationModel, headSource?: SourceMap): Diagnostic[] {
  const removed = certificatesRemovedNotRetired(base, head);
  if (removed.length === 0) return [];
  const application = head.spec.entra?.application;
  const entry = application?.signingCertificates ? "signingCertificates" : application?.signingCertificate ? "signingCertificate" : undefined;
  const path = ["entra", "application", ...(entry ? [entry] : [])];
  return removed.map((r) => locatedDiagnostic(headSource, path, r.message, { key: true }));
}
