/**
 * Sharding proven by Terraform itself, provider-free: the assignment stacks of a sharded file assign exactly what one
 * stack would, never one key twice (a static grant in one stack reached through an OU expanded in another), and the
 * state-move script of `federation shards --from` really moves every grant to its new stack's state file.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { moveScript } from "../src/identity-center/shard-moves";
import { shardMoves, shardStackName } from "../src/identity-center/shards";
import { expansionOf } from "../src/model/shard-count";
import { synthAll } from "./helpers";
import { evaluate, type Fixture, fakeObjectId, TERRAFORM } from "./identity-center-harness";
import { contosoModel } from "./shards-fixtures";

const fixture: Fixture = {
  groups: [
    { group_id: "g-pe", display_name: "platform-engineers", external_ids: [{ id: fakeObjectId("platform-engineers") }] },
    { group_id: "g-ca", display_name: "cloud-admins", external_ids: [{ id: fakeObjectId("cloud-admins") }] },
    { group_id: "g-sa", display_name: "Security Auditors", external_ids: [{ id: "3f2a0000-0000-0000-0000-000000000001" }] },
  ],
  // breakglass@contoso.example is not provisioned: its grant is pending (not in any state).
  ouAccounts: {
    // 02 and 03 are also granted by name (static, in stacks 3 and 0); 04 and 06 only through the OU.
    "ou-zx90-workload1": [
      { id: "900000000002", state: "ACTIVE" },
      { id: "900000000003", state: "ACTIVE" },
      { id: "900000000004", state: "ACTIVE" },
      { id: "900000000006", state: "ACTIVE" },
      { id: "900000000001", state: "ACTIVE" },
    ],
    "r-zx90": [
      { id: "900000000002", state: "ACTIVE" },
      { id: "900000000004", state: "ACTIVE" },
    ],
  },
};

describe("static grants and OU targets across stacks", () => {
  const one = evaluate(synthAll(contosoModel(1)), fixture);
  const sharded = synthAll(contosoModel(4));
  const four = evaluate(sharded, fixture);

  test("four stacks assign exactly what one stack assigns, with the same arguments and the same counts", () => {
    expect(Object.keys(one.assignments).length).toBe(8);
    expect(four.assignments).toEqual(one.assignments);
    expect([four.grant_count, four.pending_grant_count]).toEqual([one.grant_count, one.pending_grant_count]);
    expect([four.grant_count, four.pending_grant_count]).toEqual([8, 1]);
  });

  test("a static grant also reached through an OU expanded in another stack is assigned once, by the stack of its account", () => {
    const pe = (id: string) => `group:platform-engineers/PlatformPowerUser/${id}`;
    expect(four.assignmentsByStack[shardStackName(3)]).toContain(pe("900000000002"));
    expect(four.assignmentsByStack[shardStackName(0)]).toContain(pe("900000000003"));
    expect(four.assignmentsByStack[shardStackName(2)]).toEqual([pe("900000000004"), pe("900000000006")]);
    const all = Object.values(four.assignmentsByStack).flat();
    expect(new Set(all).size).toBe(all.length);
  });

  test("GIVEN the home stack without its held-elsewhere filter THEN the same grant would be two resources in two states (the check can fail)", () => {
    const home = JSON.parse(JSON.stringify(sharded[shardStackName(2)]));
    const name = Object.keys(home.locals).find((n) => n.includes("_ou-grants_")) as string;
    home.locals[name] = (home.locals[name] as string).replace(/ && lookup\(local\.[\w-]+, format\([^)]*\), ""\) == ""/, "");
    expect(home.locals[name]).not.toContain("held-elsewhere");
    expect(() => evaluate({ ...sharded, [shardStackName(2)]: home }, fixture)).toThrow(/assigned by two stacks/);
  });
});

describe("federation shards --from: the state-move script", () => {
  test("GIVEN the state of one stack THEN the script moves every grant into the state file of its stack in four, skipping the pending one", () => {
    const before = evaluate(synthAll(contosoModel(1)), fixture).assignmentsByStack;
    const after = evaluate(synthAll(contosoModel(4)), fixture).assignmentsByStack;
    const dir = mkdtempSync(join(tmpdir(), "shard-moves-"));
    const stateFile = (stack: string) => join(dir, `terraform.${stack}.tfstate`);
    try {
      // The state the one-stack deploy left: one instance per assigned key (the pending user grant is not there).
      writeFileSync(
        stateFile(shardStackName(0)),
        JSON.stringify({
          version: 4,
          terraform_version: "1.11.4",
          serial: 1,
          lineage: "00000000-0000-4000-8000-000000000001",
          outputs: {},
          resources: [
            {
              mode: "managed",
              type: "aws_ssoadmin_account_assignment",
              name: "assignments",
              provider: 'provider["registry.terraform.io/hashicorp/aws"]',
              instances: before[shardStackName(0)].map((key) => ({ index_key: key, schema_version: 0, attributes: { id: key }, sensitive_attributes: [] })),
            },
          ],
          check_results: null,
        }),
      );
      const script = moveScript({ moves: shardMoves(expansionOf(contosoModel()), 1, 4), state: { kind: "local" }, configFile: "contoso.yaml" });
      writeFileSync(join(dir, "move.sh"), script);
      // The script calls `terraform`: TERRAFORM_BIN's folder goes first on the PATH.
      const bin = TERRAFORM.includes("/") ? TERRAFORM.slice(0, TERRAFORM.lastIndexOf("/")) : undefined;
      const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
      if (bin) env.PATH = `${bin}:${process.env.PATH ?? ""}`;
      execFileSync("bash", ["move.sh"], { cwd: dir, env, stdio: "pipe" });
      const keysIn = (stack: string): string[] => {
        try {
          const state = JSON.parse(readFileSync(stateFile(stack), "utf8"));
          return state.resources.flatMap((r: any) => r.instances.map((i: any) => i.index_key)).sort();
        } catch {
          return [];
        }
      };
      for (const stack of [0, 1, 2, 3].map(shardStackName)) expect([stack, keysIn(stack)]).toEqual([stack, after[stack]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
