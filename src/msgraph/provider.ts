/**
 * A small typed binding for the `microsoft/msgraph` Terraform provider: no prebuilt CDKTF binding exists, and we
 * need only the provider and three generic Graph resources. Attribute names follow the provider's 0.3.0 schema (the
 * registry's generated documentation of 0.3.0; attributes added after 0.3.0, such as `when` on resource actions, are
 * not used).
 */
import { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { MSGRAPH_VERSION } from "../terraform/versions";

export const MSGRAPH_PROVIDER_SOURCE = "microsoft/msgraph";
/** The msgraph version constraint (src/terraform/versions.ts: how it was chosen). */
export const MSGRAPH_PROVIDER_VERSION = MSGRAPH_VERSION;

export interface MsgraphProviderProps {
  /** Entra tenant id. @default - from ARM_TENANT_ID */
  readonly tenantId?: string;
  /** Provider alias. @default - the default provider */
  readonly alias?: string;
}

export class MsgraphProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, private readonly props: MsgraphProviderProps = {}) {
    super(scope, id, {
      terraformResourceType: "msgraph",
      terraformGeneratorMetadata: { providerName: "msgraph", providerVersionConstraint: MSGRAPH_PROVIDER_VERSION },
      terraformProviderSource: MSGRAPH_PROVIDER_SOURCE,
    });
    this.alias = props.alias;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { tenant_id: this.props.tenantId, alias: this.alias };
  }
}
