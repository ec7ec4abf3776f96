/** Federation files for the sharding tests: the contoso file with a pinned shard count, and generated larger files. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FederationModel } from "../src/model/model";
import { CONTOSO_CONFIG, loadText, modelOf } from "./helpers";
import { BASE_IDENTITY_CENTER, federationYaml } from "./identity-center-fixtures";
import type { TerraformWorkspace } from "./terraform";

/**
 * The contoso file with `identityCenter.assignmentShards: n`. With 4: accounts 900000000001 → shard 1,
 * 900000000002 → 3, 900000000003 → 0, 900000000009 → 3; the OU home of platform-engineers/PlatformPowerUser is 2 (so its
 * static grants on …02 and …03 are in 2 as well, not in their accounts' stacks) and the root target of
 * security-auditors/Auditor is at home in 0.
 */
export function contosoText(shards?: number | "auto"): string {
  const text = readFileSync(CONTOSO_CONFIG, "utf8");
  return shards === undefined ? text : text.replace("  region: eu-central-1\n", `  region: eu-central-1\n  assignmentShards: ${shards}\n`);
}

export function contosoModel(shards?: number | "auto"): FederationModel {
  return modelOf(loadText(contosoText(shards), "contoso-sharded.yaml"));
}

/** A 12-digit account id for a number. */
export const accountIdOf = (i: number): string => String(100000000000 + i * 7919);

/**
 * One group with one permission set on `accounts` accounts (by id), a second group on every tenth of them, and,
 * optionally, an OU target for the first group: `accounts * 1.1` static grants.
 */
export function manyAccountsYaml(accounts: number, options: { shards?: number | "auto"; ou?: boolean; extra?: readonly number[] } = {}): string {
  const ids = Array.from({ length: accounts }, (_, i) => accountIdOf(i));
  return federationYaml({
    identityCenter: { ...BASE_IDENTITY_CENTER, ...(options.shards !== undefined ? { assignmentShards: options.shards } : {}) },
    accounts: {},
    assignments: [
      { group: "readers", permissionSet: "ViewOnlyAccess", accounts: [...ids, ...(options.extra ?? []).map(accountIdOf)], ...(options.ou ? { organizationalUnits: ["ou-ab12-11111111"] } : {}) },
      { group: "admins", permissionSet: "AdministratorAccess", accounts: ids.filter((_, i) => i % 10 === 0) },
    ],
  });
}

export function manyAccountsModel(accounts: number, options: Parameters<typeof manyAccountsYaml>[1] = {}): FederationModel {
  return modelOf(loadText(manyAccountsYaml(accounts, options)));
}


const stateFile = (stack: string) => `terraform.${stack}.tfstate`;

/** What a deploy leaves in each assignment stack's local state file: one instance per assigned key. */
export function writeStates(tf: TerraformWorkspace, byStack: Record<string, readonly string[]>): void {
  Object.entries(byStack).forEach(([stack, keys], i) => {
    if (keys.length === 0) return;
    tf.write(
      {
        version: 4,
        terraform_version: "1.11.4",
        serial: 1,
        lineage: `00000000-0000-4000-8000-00000000000${i}`,
        outputs: {},
        resources: [
          {
            mode: "managed",
            type: "aws_ssoadmin_account_assignment",
            name: "assignments",
            provider: 'provider["registry.terraform.io/hashicorp/aws"]',
            instances: keys.map((key) => ({ index_key: key, schema_version: 0, attributes: { id: key }, sensitive_attributes: [] })),
          },
        ],
        check_results: null,
      },
      stateFile(stack),
    );
  });
}

/** The instance keys in an assignment stack's local state file (none when it has no state file). */
export function keysIn(tf: TerraformWorkspace, stack: string): string[] {
  try {
    const state = JSON.parse(readFileSync(join(tf.dir, stateFile(stack)), "utf8"));
    return state.resources.flatMap((r: { instances: { index_key: string }[] }) => r.instances.map((i) => i.index_key)).sort();
  } catch {
    return [];
  }
}
