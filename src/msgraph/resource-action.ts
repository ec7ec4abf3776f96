/**
 * `msgraph_resource_action`: performs one Graph request (GET/POST/PUT/PATCH/DELETE) when created, and again whenever
 * its arguments change (Update re-executes). Its Read never calls Graph: it keeps the state as it is
 * (microsoft/terraform-provider-msgraph `internal/services/msgraph_resource_action.go`, Read and Update), so nothing
 * done to the Graph object afterwards shows in a plan. Delete does nothing.
 */
import { TerraformResource, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { msgraphElement } from "./element-config";

export interface MsgraphResourceActionConfig extends TerraformMetaArguments {
  /** Resource path, e.g. `servicePrincipals/<id>/synchronization/jobs/<jobId>`. */
  readonly resourceUrl: string;
  /** Appended to the resource URL, e.g. `schema`. */
  readonly action?: string;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Request body; may be a Terraform expression string (`${…}`) that evaluates to an object. */
  readonly body?: Record<string, unknown> | string;
  /** @default "v1.0" */
  readonly apiVersion?: "v1.0" | "beta";
  readonly responseExportValues?: Record<string, string>;
}

export class MsgraphResourceAction extends TerraformResource {
  static readonly tfResourceType = "msgraph_resource_action";

  constructor(scope: Construct, id: string, private readonly config: MsgraphResourceActionConfig) {
    super(scope, id, msgraphElement(MsgraphResourceAction.tfResourceType, config));
  }

  get output(): string {
    return this.getStringAttribute("output");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      resource_url: this.config.resourceUrl,
      action: this.config.action,
      method: this.config.method,
      body: this.config.body,
      api_version: this.config.apiVersion,
      response_export_values: this.config.responseExportValues,
    };
  }
}
