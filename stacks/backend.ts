/**
 * State for every stack: local (the default, in cdktf.out) or, when `state.s3` is configured, an encrypted S3
 * backend with native S3 locking (`use_lockfile`), one key per stack under `keyPrefix`.
 */
import { S3Backend, type TerraformStack } from "cdktf";
import type { FederationModel } from "../src/model/model";

export function configureBackend(stack: TerraformStack, model: FederationModel, stackName: string): void {
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
