/** `data "msgraph_resource"`: reads a Graph object (or collection) at plan time. */
import { TerraformDataSource, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { msgraphElement } from "./element-config";

export interface DataMsgraphResourceConfig extends TerraformMetaArguments {
  readonly url: string;
  /** @default "v1.0" */
  readonly apiVersion?: "v1.0" | "beta";
  readonly queryParameters?: Record<string, string[]>;
  readonly responseExportValues?: Record<string, string>;
}

export class DataMsgraphResource extends TerraformDataSource {
  static readonly tfResourceType = "msgraph_resource";

  constructor(scope: Construct, id: string, private readonly config: DataMsgraphResourceConfig) {
    super(scope, id, msgraphElement(DataMsgraphResource.tfResourceType, config));
  }

  get output(): string {
    return this.getStringAttribute("output");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      url: this.config.url,
      api_version: this.config.apiVersion,
      query_parameters: this.config.queryParameters,
      response_export_values: this.config.responseExportValues,
    };
  }
}
