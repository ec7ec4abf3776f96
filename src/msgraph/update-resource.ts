/** `msgraph_update_resource`: PATCHes a subset of an existing Graph object's properties and reads them back. */
import { TerraformResource, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { msgraphElement } from "./element-config";

export interface MsgraphUpdateResourceConfig extends TerraformMetaArguments {
  /** Item URL, e.g. `servicePrincipals/<object id>`. */
  readonly url: string;
  /** Request body (camelCase Graph property names). */
  readonly body: Record<string, unknown>;
  /** @default "v1.0" */
  readonly apiVersion?: "v1.0" | "beta";
  /** JMESPath exports available as `output.<name>`. */
  readonly responseExportValues?: Record<string, string>;
}

export class MsgraphUpdateResource extends TerraformResource {
  static readonly tfResourceType = "msgraph_update_resource";

  constructor(scope: Construct, id: string, private readonly config: MsgraphUpdateResourceConfig) {
    super(scope, id, msgraphElement(MsgraphUpdateResource.tfResourceType, config));
  }

  /** Exported response values (`response_export_values`). */
  get output(): string {
    return this.getStringAttribute("output");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      url: this.config.url,
      body: this.config.body,
      api_version: this.config.apiVersion,
      response_export_values: this.config.responseExportValues,
    };
  }
}
