/**
 * The two kinds of enterprise application a federation can use (`entra.application.kind`), and what each means for
 * the constructs:
 * - `gallery` (default): the AWS IAM Identity Center gallery application (template 21ed01d2-…), provisioning from
 *   Entra's `aWSSingleSignon` synchronization template (the EntraSynchronization default);
 * - `non-gallery`: a SAML application made with "Create your own application" (the AWS guide's path, template
 *   8adf8e6e-…), provisioning from Entra's generic SCIM template `scim`.
 * `entra.provisioning.synchronizationTemplateId` overrides the template (an adopted file says what the live job uses).
 * Pure: no cdktf import.
 */
import { AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID, type Federation, NON_GALLERY_TEMPLATE_ID } from "../model/schema";

/**
 * Entra's generic SCIM synchronization template, which a non-gallery application's provisioning uses (Microsoft's
 * provisioning docs create such a job with `{"templateId": "scim"}`; its job ids start with `scim.`).
 */
export const GENERIC_SCIM_TEMPLATE_ID = "scim";

type Entra = NonNullable<Federation["entra"]>;

export type ApplicationKind = Entra["application"]["kind"];

/** The EnterpriseApplication props of a kind. */
export function applicationKindProps(kind: ApplicationKind): { templateId: string; gallery: boolean } {
  return kind === "non-gallery" ? { templateId: NON_GALLERY_TEMPLATE_ID, gallery: false } : { templateId: AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID, gallery: true };
}

/** The synchronization template of the file: the explicit one, else the kind's (undefined: the construct's default, aWSSingleSignon). */
export function synchronizationTemplateId(entra: Entra): string | undefined {
  return entra.provisioning.synchronizationTemplateId ?? (entra.application.kind === "non-gallery" ? GENERIC_SCIM_TEMPLATE_ID : undefined);
}
