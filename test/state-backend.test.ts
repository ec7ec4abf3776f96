/**
 * Terraform state of every stack. With `state.s3`: one encrypted object per stack under `keyPrefix`, native S3 locking,
 * the KMS key when given, and cross-stack reads (`terraform_remote_state`) from the same bucket and the producer's
 * key. Without it: local state files, one per stack. State holds the SCIM token (README: Terraform state), so no stack
 * may fall back to an unencrypted or shared location.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, loadText, modelOf, ROOT, synthAll } from "./helpers";

/** Contoso with its state in S3 under a KMS key, a prefix written with a trailing slash, and three assignment stacks. */
const contosoText = readFileSync(CONTOSO_CONFIG, "utf8")
  .replace("  region: eu-central-1\n", "  region: eu-central-1\n  assignmentShards: 3\n")
  .replace("keyPrefix: federation }", "keyPrefix: teams/identity/, kmsKeyId: alias/contoso-state }");
const STACKS = ["entra-sso", "identity-center", "identity-center-assignments-0", "identity-center-assignments-1", "identity-center-assignments-2", "scim-provisioning"];

describe("GIVEN state.s3 WHEN every stack is synthesized", () => {
  const stacks = synthAll(modelOf(loadText(contosoText)));

  test("THEN every stack, the assignment shards included, keeps its state in its own encrypted, locked object under keyPrefix", () => {
    expect(Object.keys(stacks).sort()).toEqual(STACKS);
    for (const [name, json] of Object.entries(stacks)) {
      expect({ name, backend: json.terraform.backend }).toEqual({
        name,
        backend: {
          s3: {
            bucket: "contoso-tf-state",
            region: "eu-central-1",
            key: `teams/identity/${name}.tfstate`,
            encrypt: true,
            kms_key_id: "alias/contoso-state",
            use_lockfile: true,
          },
        },
      });
    }
  });

  test("THEN no two stacks share a state object", () => {
    const keys = Object.values(stacks).map((json) => json.terraform.backend.s3.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("THEN every cross-stack read comes from the same bucket, encrypted, at the key of a stack of this app", () => {
    const reads = Object.entries(stacks).flatMap(([name, json]) =>
      Object.values<{ backend: string; config: Record<string, unknown> }>(json.data?.terraform_remote_state ?? {}).map((r) => ({ name, ...r })),
    );
    // identity-center and scim-provisioning read entra-sso; each shard reads identity-center.
    expect(reads.map((r) => `${r.name} <- ${String(r.config.key)}`).sort()).toEqual([
      "identity-center <- teams/identity/entra-sso.tfstate",
      "identity-center-assignments-0 <- teams/identity/identity-center.tfstate",
      "identity-center-assignments-1 <- teams/identity/identity-center.tfstate",
      "identity-center-assignments-2 <- teams/identity/identity-center.tfstate",
      "scim-provisioning <- teams/identity/entra-sso.tfstate",
    ]);
    for (const r of reads) {
      expect(r).toMatchObject({ backend: "s3", config: { bucket: "contoso-tf-state", region: "eu-central-1", encrypt: true, kms_key_id: "alias/contoso-state" } });
    }
  });
});

describe("GIVEN no state section", () => {
  const stacks = synthAll(modelOf(DEFAULT_CONFIG));

  test("THEN every stack keeps local state in its own file terraform.<stack>.tfstate (git-ignored), and reads its inputs from those files", () => {
    for (const [name, json] of Object.entries(stacks)) {
      expect(Object.keys(json.terraform.backend)).toEqual(["local"]);
      expect(json.terraform.backend.local.path).toMatch(new RegExp(`(^|/)terraform\\.${name}\\.tfstate$`));
      for (const r of Object.values<{ backend: string; config: { path: string } }>(json.data?.terraform_remote_state ?? {})) {
        expect(r.backend).toBe("local");
        expect(r.config.path).toMatch(/(^|\/)terraform\.[\w-]+\.tfstate$/);
      }
    }
    expect(readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n")).toEqual(expect.arrayContaining(["*.tfstate", "*.tfstate.*"]));
  });
});
