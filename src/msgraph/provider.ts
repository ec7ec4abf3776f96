/**
 * A small typed binding for the `microsoft/msgraph` Terraform provider: no prebuilt CDKTF binding exists, and we
 * need only the provider and three generic Graph resources. Attribute names follow the provider's docs (v0.5).
 */
import { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";

export const MSGRAPH_PROVIDER_SOURCE = "microsoft/msgraph";
export const MSGRAPH_PROVIDER_VERSION = ">= 0.5.0, < 1.0.0";

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
