/**
 * The certificate set is one Entra can sign with: `signingCertificate` or `signingCertificates`, not both; at least
 * one certificate not retired; exactly one active when several are not retired (`active: true`), and the active one
 * not retired (README: Signing-certificate rotation).
 */
import { signingCertificates } from "../certificates";
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

export const signingCertificatesRule: Rule = {
  name: "signing-certificates",
  check: ({ model }) => {
    const application = model.spec.entra?.application;
    if (!application) return [];
    const keyed = application.signingCertificates;
    if (!keyed) return [];
    const path = ["entra", "application", "signingCertificates"];
    if (application.signingCertificate) return [finding(["entra", "application", "signingCertificate"], messages.certificateBothForms(), true)];
    const all = signingCertificates(application);
    if (all.length === 0) return [finding(path, messages.certificateNone())];
    const out: Finding[] = [];
    for (const c of all) if (c.active && c.retired) out.push(finding([...c.path, "retired"], messages.certificateActiveRetired(c.key)));
    const standing = all.filter((c) => !c.retired).map((c) => c.key);
    const active = all.filter((c) => keyed[c.key].active === true).map((c) => c.key);
    if (standing.length === 0) out.push(finding(path, messages.certificateAllRetired(), true));
    else if (active.length > 1) out.push(finding(path, messages.certificateSeveralActive(active), true));
    else if (active.length === 0 && standing.length > 1) out.push(finding(path, messages.certificateNoneActive(standing), true));
    return out;
  },
};
