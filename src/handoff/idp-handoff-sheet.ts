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
import type { FederationModel } from "../model/model";
import { HANDOFF_FILE } from "../identity-center/handoff-document";
import { literal } from "../terraform/text";
import { renderIdpHandoff } from "./index";

export interface IdpHandoffSheetProps {
  /** The federation file (its identity provider must not be Entra). */
  readonly model: FederationModel;
}

export class IdpHandoffSheet extends Construct {
  constructor(scope: Construct, id: string, props: IdpHandoffSheetProps) {
    super(scope, id);
    const document = renderIdpHandoff(props.model);
    const sp = props.model.spec.identityCenter.serviceProvider;
    const out = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description, staticId: true });
    out("sp_acs_url", literal(sp.acsUrl), "IAM Identity Center ACS URL, as configured in the identity provider");
    out("sp_issuer_url", literal(sp.issuerUrl), "IAM Identity Center issuer URL, as configured in the identity provider");
    out("access_portal_url", literal(sp.accessPortalUrl), "AWS access portal URL");
    addCustomSynthesis(this, { onSynthesize: (session) => writeFileSync(join(session.outdir, HANDOFF_FILE), document) });
  }
}
