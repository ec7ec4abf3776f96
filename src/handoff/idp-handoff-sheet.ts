/**
 * The identity-center stack's hand-off for an identity provider other than Entra: the sheet of that IdP
 * (src/handoff/index.ts), written next to the synthesized stacks on every synthesis as `identity-center-handoff.md`
 * (the same file the Entra hand-off writes), and the service-provider values as outputs. It references no other
 * stack, so the identity-center stack synthesizes to the same JSON whatever that IdP is.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformOutput } from "cdktf";
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import { HANDOFF_FILE } from "../identity-center/handoff-document";

export interface IdpHandoffSheetProps {
  /** The sheet, for people (`renderIdpHandoff` of the federation file as written; its identity provider is not Entra). */
  readonly document: string;
  /** The service-provider values from the file, Terraform-safe (from `terraformView`). */
  readonly serviceProvider: { readonly acsUrl: string; readonly issuerUrl: string; readonly accessPortalUrl: string };
}

export class IdpHandoffSheet extends Construct {
  constructor(scope: Construct, id: string, props: IdpHandoffSheetProps) {
    super(scope, id);
    const { document, serviceProvider: sp } = props;
    const out = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description, staticId: true });
    out("sp_acs_url", sp.acsUrl, "IAM Identity Center ACS URL, as configured in the identity provider");
    out("sp_issuer_url", sp.issuerUrl, "IAM Identity Center issuer URL, as configured in the identity provider");
    out("access_portal_url", sp.accessPortalUrl, "AWS access portal URL");
    addCustomSynthesis(this, { onSynthesize: (session) => writeFileSync(join(session.outdir, HANDOFF_FILE), document) });
  }
}
