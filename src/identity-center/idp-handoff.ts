/**
 * The external-IdP hand-off: IAM Identity Center has no API for its identity source, so everything the console needs
 * is collected here — the Entra IdP values (from the enterprise application, through cross-stack references) and the
 * service-provider values from the federation file — as outputs of this stack and as a sheet written next to the
 * synthesized stacks (`<outdir>/identity-center-handoff.md`) on every synthesis, whichever way it runs.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformOutput, Token } from "cdktf";
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import { plainText } from "../terraform/text";
import { HANDOFF_FILE, type HandoffValues, renderHandoff } from "./handoff-document";

export interface IdpHandoffProps {
  /**
   * Values for the sheet and the service-provider outputs, Terraform-safe (from `terraformView`); the sheet shows them
   * as the file has them. Values known only after deploy are left undefined there.
   */
  readonly sheet: HandoffValues;
  /** IdP metadata URL (a reference into the Entra stack). */
  readonly idpMetadataUrl: string;
  /** IdP entity id (issuer). */
  readonly idpEntityId: string;
  /** IdP sign-in URL. */
  readonly idpSignInUrl: string;
  /** Active signing certificate, PEM. */
  readonly idpCertificatePem: string;
  /** File name under the synthesis output directory. @default identity-center-handoff.md */
  readonly fileName?: string;
}

export class IdpHandoff extends Construct {
  constructor(scope: Construct, id: string, props: IdpHandoffProps) {
    super(scope, id);
    const s = props.sheet;
    const plain = (value: string) => (Token.isUnresolved(value) ? undefined : value);
    const values: HandoffValues = {
      ...s,
      idpEntityId: s.idpEntityId ?? plain(props.idpEntityId),
      idpSignInUrl: s.idpSignInUrl ?? plain(props.idpSignInUrl),
      idpMetadataUrl: s.idpMetadataUrl ?? plain(props.idpMetadataUrl),
    };
    // The sheet is for people: the text as written, not Terraform's escaped form.
    const document = renderHandoff(
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? plainText(v) : v])) as unknown as HandoffValues,
    );

    const out = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description, staticId: true });
    out("idp_metadata_url", props.idpMetadataUrl, "Entra IdP SAML metadata URL (IAM Identity Center: Settings > Identity source > External IdP)");
    out("idp_entity_id", props.idpEntityId, "Entra IdP issuer URL (entity id)");
    out("idp_sign_in_url", props.idpSignInUrl, "Entra IdP sign-in URL");
    out("idp_certificate_pem", props.idpCertificatePem, "Entra SAML signing certificate (public, PEM)");
    out("sp_acs_url", s.acsUrl, "IAM Identity Center ACS URL, as configured in Entra");
    out("sp_issuer_url", s.issuerUrl, "IAM Identity Center issuer URL, as configured in Entra");
    out("access_portal_url", s.accessPortalUrl, "AWS access portal URL");

    const fileName = props.fileName ?? HANDOFF_FILE;
    addCustomSynthesis(this, {
      onSynthesize: (session) => writeFileSync(join(session.outdir, fileName), document),
    });
  }
}
