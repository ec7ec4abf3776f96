/** The element config every msgraph binding passes to cdktf: its Terraform type plus the meta-arguments given. */
import type { TerraformMetaArguments, TerraformResourceConfig } from "cdktf";

export function msgraphElement(terraformResourceType: string, meta: TerraformMetaArguments): TerraformResourceConfig {
  return {
    terraformResourceType,
    terraformGeneratorMetadata: { providerName: "msgraph" },
    provider: meta.provider,
    dependsOn: meta.dependsOn,
    count: meta.count,
    lifecycle: meta.lifecycle,
    forEach: meta.forEach,
  };
}
