/**
 * The SAML token-signing certificates of the file, normalized: `signingCertificate` (one certificate, the contract's
 * first form, also what an absent entry means) is the keyed form `signingCertificates: { default: … }`, so moving
 * from one to the other changes nothing in Terraform. Pure (no cdktf): the rules, the constructs, the summary and the
 * hand-off sheet read the same list.
 */
import type { Federation } from "./schema";

/** The key of the certificate `signingCertificate` (or no entry at all) declares. */
export const DEFAULT_CERTIFICATE_KEY = "default";

export interface SigningCertificate {
  /** The name under `signingCertificates:` (`default` for `signingCertificate`). */
  readonly key: string;
  /** RFC 3339 end date as written; absent: the provider's default (3 years from creation). */
  readonly endDate?: string;
  /** Subject; absent: `CN=<application display name>`. */
  readonly displayName?: string;
  /** Marked (or, being the only one not retired, taken as) the certificate Entra signs with. */
  readonly active: boolean;
  /** To be removed from Entra and from Terraform state (README: Signing-certificate rotation). */
  readonly retired: boolean;
  /** Where it is written in the file, for messages. */
  readonly path: readonly string[];
}

type Application = NonNullable<Federation["entra"]>["application"];

/** Every certificate of the application, sorted by key. */
export function signingCertificates(application: Application): SigningCertificate[] {
  const base = ["entra", "application"];
  if (!application.signingCertificates) {
    const c = application.signingCertificate;
    return [{ key: DEFAULT_CERTIFICATE_KEY, endDate: c?.endDate, displayName: c?.displayName, active: true, retired: false, path: [...base, "signingCertificate"] }];
  }
  const entries = Object.entries(application.signingCertificates).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const standing = entries.filter(([, c]) => !c.retired);
  const marked = entries.filter(([, c]) => c.active === true);
  return entries.map(([key, c]) => ({
    key,
    endDate: c.endDate,
    displayName: c.displayName,
    active: marked.length > 0 ? c.active === true : standing.length === 1 && !c.retired,
    retired: c.retired === true,
    path: [...base, "signingCertificates", key],
  }));
}

/** The certificate Entra signs with; undefined only in a file the `signing-certificates` rule refuses. */
export function activeSigningCertificate(application: Application): SigningCertificate | undefined {
  const active = signingCertificates(application).filter((c) => c.active && !c.retired);
  return active.length === 1 ? active[0] : undefined;
}
