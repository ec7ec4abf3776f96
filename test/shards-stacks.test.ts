/**
 * The synthesized assignment stacks `identity-center-assignments-<k>`: what each holds, how it reads identity-center,
 * the deploy order, and that a change lands in one stack.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../src/app";
import { decodeStaticGrantKeys } from "../src/identity-center/shard-grants";
import { ASSIGNMENT_ADDRESS } from "../src/identity-center/shard-moves";
import { s3StateKey } from "../src/model/patterns";
import { accountShard, ouTargetShard, shardStackName } from "../src/identity-center/shards";
import { expansionOf } from "../src/model/shard-count";
import { DEFAULT_CONFIG, blocks, loadText, modelOf, only, synthAll } from "./helpers";
import { accountIdOf, contosoModel, manyAccountsYaml } from "./shards-fixtures";

const SHARDS = [0, 1, 2, 3].map(shardStackName);
const untemplate = (s: string) => s.replace(/([$%])\1\{/g, "$1{");

/** The local whose name contains `part` (logical ids carry a hash suffix), or undefined. */
function local(json: Record<string, any>, part: string): { name: string; value: any } | undefined {
  const name = Object.keys(json.locals ?? {}).find((n) => n.includes(`_${part}_`));
  return name ? { name: `local.${name}`, value: json.locals[name] } : undefined;
}

const staticKeys = (json: Record<string, any>): string[] => decodeStaticGrantKeys(untemplate(local(json, "static-json")?.value ?? "{}")).sort();

describe("contoso with assignmentShards: 4", () => {
  const model = contosoModel(4);
  const stacks = synthAll(model);
  const ic = stacks["identity-center"];

  test("synthesizes identity-center plus four assignment stacks, and no assignment in identity-center", () => {
    expect(Object.keys(stacks).sort()).toEqual(["entra-sso", "identity-center", ...SHARDS, "scim-provisioning"].sort());
    expect(blocks(ic, "aws_ssoadmin_account_assignment")).toEqual({});
  });

  test("every static grant is in exactly one stack (its pair's OU home, else its account's), and together they are the model's expansion", () => {
    const perStack = SHARDS.map((s) => staticKeys(stacks[s]));
    expect(perStack.flat().sort()).toEqual(expansionOf(model).grants.map((g) => g.key));
    expect(new Set(perStack.flat()).size).toBe(perStack.flat().length);
    // Accounts …02 and …09 hash to 3; the platform engineers' grant on …02 is in their OU home, 2, with the one on …03.
    expect(perStack[3]).toEqual(["group:cloud-admins/BreakGlass/900000000002", "group:cloud-admins/BreakGlass/900000000009"]);
    expect(perStack[2]).toEqual(["group:platform-engineers/PlatformPowerUser/900000000002", "group:platform-engineers/PlatformPowerUser/900000000003"]);
    expect(perStack[0]).toEqual([]);
  });

  test("each OU target is expanded only in its home stack, next to the pair's static grants: merge collapses a key reached both ways, no stack filters another's keys", () => {
    const home = stacks[SHARDS[2]];
    expect(Object.keys(local(home, "ou-targets")?.value ?? {})).toEqual(["group:platform-engineers/PlatformPowerUser/ou-zx90-workload1"]);
    expect(only(home, "aws_organizations_organizational_unit_descendant_accounts", "data").for_each).toBe('${toset(["ou-zx90-workload1"])}');
    expect(local(home, "assigned")?.value).toBe(`\${merge(${local(home, "ou-assigned")?.name}, ${local(home, "static-assigned")?.name})}`);
    expect(local(home, "ou-assigned")?.value).toContain('if try(coalesce(try(a.state, null), try(a.status, null)), "") == "ACTIVE" && !contains(t.exclude, a.id) } if lookup(');
    expect(Object.keys(local(stacks[SHARDS[0]], "ou-targets")?.value ?? {})).toEqual(["group:security-auditors/Auditor/r-zx90"]);
    for (const s of [SHARDS[1], SHARDS[3]]) expect(blocks(stacks[s], "aws_organizations_organizational_unit_descendant_accounts", "data")).toEqual({});
    for (const s of SHARDS) expect(Object.keys(stacks[s].locals).filter((n) => n.includes("held"))).toEqual([]);
  });

  test("a grant waits (pending) while its principal or its permission set is missing from identity-center's maps", () => {
    for (const s of SHARDS) {
      const arns = "data.terraform_remote_state.identity-center.outputs.permission_set_arns";
      const ids = "data.terraform_remote_state.identity-center.outputs.principal_ids";
      expect(local(stacks[s], "known")?.value).toEqual({ principals: `\${tomap({ for k, v in ${ids} : k => true })}`, permission_sets: `\${tomap({ for k, v in ${arns} : k => true })}` });
      const known = local(stacks[s], "known")?.name;
      const ready = `lookup(${known}.principals, g.principal, false) && lookup(${known}.permission_sets, g.permission_set, false)`;
      expect(local(stacks[s], "static-assigned")?.value).toContain(` if ${ready}]...)`);
      expect(local(stacks[s], "static-pending")?.value).toContain(` if !(${ready})]...)`);
      expect(stacks[s].output.pending_grant_count.description).toContain("a permission set identity-center has not created yet");
    }
  });

  test("every stack reads only outputs identity-center has, from identity-center's state in the same S3 bucket", () => {
    for (const s of SHARDS) {
      const json = stacks[s];
      expect(only(json, "terraform_remote_state", "data")).toMatchObject({
        backend: "s3",
        config: { bucket: "contoso-tf-state", key: "federation/identity-center.tfstate", region: "eu-central-1" },
      });
      const read = [...JSON.stringify(json).matchAll(/data\.terraform_remote_state\.identity-center\.outputs\.([\w-]+)/g)].map((m) => m[1]);
      expect(new Set(read)).toEqual(new Set(["instance_arn", "permission_set_arns", "principal_ids"]));
      for (const name of read) expect([name, ic.output[name]?.value]).toEqual([name, expect.any(String)]);
    }
  });

  test("each stack keeps its own state under the key the state-move script uses, and names its resource as the script does", () => {
    for (const s of SHARDS) {
      expect(stacks[s].terraform.backend.s3.key).toBe(s3StateKey("federation", s));
      const [type, name] = ASSIGNMENT_ADDRESS.split(".");
      expect(Object.keys(stacks[s].resource[type])).toEqual([name]);
    }
  });

  test("`cdktf deploy '*'` plans every assignment stack after identity-center (manifest dependencies)", () => {
    const dir = mkdtempSync(join(tmpdir(), "federation-shards-"));
    try {
      buildApp(model, { outdir: dir }).app.synth();
      const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
      for (const s of SHARDS) expect([s, manifest.stacks[s].dependencies]).toEqual([s, ["identity-center"]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a change lands in one stack", () => {
  // 40 accounts by id over 4 stacks; account 40 is added to one assignment.
  const synth = (extra: number[], ou = false) => synthAll(modelOf(loadText(manyAccountsYaml(40, { shards: 4, extra, ou }))));
  const changed = (a: Record<string, any>, b: Record<string, any>) => Object.keys({ ...a, ...b }).filter((s) => JSON.stringify(a[s]) !== JSON.stringify(b[s])).sort();

  test("GIVEN one account added to one assignment THEN only the stack of that account changes (identity-center does not)", () => {
    const before = synth([]);
    const after = synth([40]);
    const diff = changed(before, after);
    expect(diff).toHaveLength(1);
    expect(diff[0]).toMatch(/^identity-center-assignments-\d$/);
    expect(staticKeys(after[diff[0]])).toEqual([...staticKeys(before[diff[0]]), "group:readers/ViewOnlyAccess/100000316760"].sort());
  });

  test("GIVEN the pair also has an OU target THEN only its OU home stack changes, not the stack of the account (adding or removing it moves nothing between states)", () => {
    const account = accountShard(accountIdOf(40), 4);
    const home = ouTargetShard({ kind: "group", name: "readers" }, "ViewOnlyAccess", 4);
    expect(account).not.toBe(home);
    const before = synth([], true);
    const after = synth([40], true);
    expect(changed(before, after)).toEqual([shardStackName(home)]);
    expect(staticKeys(after[shardStackName(home)])).toEqual([...staticKeys(before[shardStackName(home)]), `group:readers/ViewOnlyAccess/${accountIdOf(40)}`].sort());
    expect(staticKeys(after[shardStackName(account)])).not.toContain(`group:readers/ViewOnlyAccess/${accountIdOf(40)}`);
  });
});

describe("small files", () => {
  test("the default file gets exactly one assignment stack", () => {
    const names = Object.keys(synthAll(modelOf(DEFAULT_CONFIG))).filter((s) => s.startsWith("identity-center-assignments-"));
    expect(names).toEqual([shardStackName(0)]);
  });

  test("GIVEN more stacks pinned than accounts THEN the empty ones still synthesize (a stack set that only grows on purpose), assigning nothing", () => {
    const stacks = synthAll(contosoModel(8));
    const empty = [0, 1, 2, 3, 4, 5, 6, 7].map(shardStackName).filter((s) => staticKeys(stacks[s]).length === 0 && !local(stacks[s], "ou-targets"));
    expect(empty.length).toBeGreaterThan(0);
    for (const s of empty) {
      expect(local(stacks[s], "static-json")?.value).toBe("{}");
      expect(blocks(stacks[s], "aws_organizations_organizational_unit_descendant_accounts", "data")).toEqual({});
    }
  });
});
