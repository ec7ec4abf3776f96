/**
 * What every stack declares about where and with what it runs (every stack calls `configureBackend`, so stacks added
 * later get the same): state — local (the default, in cdktf.out) or, when `state.s3` is configured, an encrypted S3
 * backend with native S3 locking (`use_lockfile`), one key per stack under `keyPrefix`; the Terraform version
 * (`required_version`) and the pinned azuread and msgraph versions of whichever of those providers the stack uses
 * (src/terraform/versions.ts says how each pin was chosen).
 */
import { Aspects, type IAspect, S3Backend, TerraformProvider, type TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { FederationModel } from "../src/model/model";
import { AZUREAD_VERSION, MSGRAPH_VERSION, TERRAFORM_VERSION } from "../src/terraform/versions";

/** Provider version constraints that replace the bindings' own (the azuread bindings would pin exactly 3.7.0). */
const PINNED_PROVIDERS: Readonly<Record<string, string>> = { azuread: AZUREAD_VERSION, msgraph: MSGRAPH_VERSION };

export function configureBackend(stack: TerraformStack, model: FederationModel, stackName: string): void {
  stack.addOverride("terraform.required_version", TERRAFORM_VERSION);
  // At synthesis, after every construct exists: providers are added after this call.
  Aspects.of(stack).add(new PinProviderVersions(stack));
  const s3 = model.spec.state?.s3;
  if (!s3) return;
  const backend = new S3Backend(stack, {
    bucket: s3.bucket,
    key: `${s3.keyPrefix.replace(/\/+$/, "")}/${stackName}.tfstate`,
    region: s3.region,
    encrypt: true,
    kmsKeyId: s3.kmsKeyId,
  });
  // cdktf 0.21 has no typed use_lockfile (Terraform ≥ 1.10 native S3 locking).
  backend.addOverride("use_lockfile", true);
}

class PinProviderVersions implements IAspect {
  constructor(private readonly stack: TerraformStack) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformProvider)) return;
    const version = PINNED_PROVIDERS[node.terraformResourceType];
    if (version) this.stack.addOverride(`terraform.required_providers.${node.terraformResourceType}.version`, version);
  }
}
