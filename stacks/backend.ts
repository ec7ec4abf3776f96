/**
 * What every stack declares about where and with what it runs (every stack calls `configureBackend`, so stacks added
 * later get the same): state — local (the default, in cdktf.out) or, when `state.s3` is configured, an encrypted S3
 * backend with native S3 locking (`use_lockfile`), one key per stack under `keyPrefix`; the Terraform version
 * (`required_version`) and the pinned azuread and msgraph versions of whichever of those providers the stack uses
 * (src/terraform/versions.ts says how each pin was chosen).
 *
 * Escaping (src/terraform/view.ts): Terraform decodes a backend block without an evaluation context, so its strings
 * are taken literally (`$${x}` would stay `$${x}`): the backend gets the values as written. Other stacks read this
 * state through `terraform_remote_state`, a data source whose config Terraform reads as templates: it gets the same
 * values escaped. Both read back as the file has them (test/terraform-readback.test.ts, against Terraform's own S3
 * backend and a local fake S3 endpoint).
 */
import {
  Aspects,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  type IAspect,
  LocalBackend,
  S3Backend,
  type S3BackendConfig,
  TerraformProvider,
  type TerraformStack,
} from "cdktf";
import { join } from "node:path";
import type { Construct, IConstruct } from "constructs";
import type { FederationModel } from "../src/model/model";
import { s3StateKey } from "../src/model/patterns";
import { AZUREAD_VERSION, MSGRAPH_VERSION, TERRAFORM_VERSION } from "../src/terraform/versions";
import { terraformSafe } from "../src/terraform/view";

/** Provider version constraints that replace the bindings' own (the azuread bindings would pin exactly 3.7.0). */
const PINNED_PROVIDERS: Readonly<Record<string, string>> = { azuread: AZUREAD_VERSION, msgraph: MSGRAPH_VERSION };

export function configureBackend(stack: TerraformStack, model: FederationModel, stackName: string): void {
  pinVersions(stack);
  const s3 = model.spec.state?.s3;
  if (!s3) {
    new FederationLocalBackend(stack);
    return;
  }
  const backend = new FederationS3Backend(stack, {
    bucket: s3.bucket,
    key: s3StateKey(s3.keyPrefix, stackName),
    region: s3.region,
    encrypt: true,
    kmsKeyId: s3.kmsKeyId,
  });
  // cdktf 0.21 has no typed use_lockfile (Terraform ≥ 1.10 native S3 locking).
  backend.addOverride("use_lockfile", true);
}

/**
 * The Terraform version every stack requires, and the azuread and msgraph constraints of src/terraform/versions.ts
 * for the providers the stack holds (the prebuilt azuread bindings would pin exactly 3.7.0). Every stack of the
 * federation has them; a stack of your own that uses our constructs gets them with this call.
 */
export function pinVersions(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", TERRAFORM_VERSION);
  // At synthesis, after every construct exists: providers are added after this call.
  Aspects.of(stack).add(new PinProviderVersions(stack));
}

class PinProviderVersions implements IAspect {
  constructor(private readonly stack: TerraformStack) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformProvider)) return;
    const version = PINNED_PROVIDERS[node.terraformResourceType];
    if (version) this.stack.addOverride(`terraform.required_providers.${node.terraformResourceType}.version`, version);
  }
}

/** cdktf's S3 backend; remote-state readers get its configuration escaped (cdktf 0.21 copies it verbatim). */
class FederationS3Backend extends S3Backend {
  constructor(
    scope: Construct,
    private readonly config: S3BackendConfig,
  ) {
    super(scope, config);
  }

  override getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): DataTerraformRemoteStateS3 {
    return new DataTerraformRemoteStateS3(scope, name, { ...terraformSafe(this.config), workspace: "${terraform.workspace}" });
  }
}

/**
 * cdktf's default local backend (the same JSON as the one cdktf adds by itself: `terraform.<stack>.tfstate` in the
 * directory synthesis runs in); remote-state readers get that path escaped (a directory may contain `${`).
 */
class FederationLocalBackend extends LocalBackend {
  private readonly statePath: string;

  constructor(stack: TerraformStack) {
    const path = join(process.cwd(), `terraform.${stack.node.id}.tfstate`);
    super(stack, { path });
    this.statePath = path;
  }

  override getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): DataTerraformRemoteStateLocal {
    return new DataTerraformRemoteStateLocal(scope, name, { path: terraformSafe(this.statePath), workspace: "${terraform.workspace}" });
  }
}
