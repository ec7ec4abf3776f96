/**
 * Sharding proven by Terraform itself, provider-free: the assignment stacks of a sharded file assign exactly what one
 * stack would, never one key twice (a static grant of a principal and permission set with an OU target lives in the
 * stack that expands the OU), grants of a permission set identity-center has not created yet wait instead of failing
 * the plan, and the state-move script of `federation shards --from`/`--base` really moves every grant to its new
 * stack's state file.
 */
import { moveScript } from "../src/identity-center/shard-moves";
import { shardMoves, shardStackName } from "../src/identity-center/shards";
import { expansionOf } from "../src/model/shard-count";
import { forEachOf, loadText, modelOf, synthAll, type SynthesizedStacks } from "./helpers";
import { evaluate, type Fixture, fakeObjectId } from "./identity-center-harness";
import { contosoModel, contosoText, keysIn, writeStates } from "./shards-fixtures";
import { withTerraform } from "./terraform";

const fixture: Fixture = {
  groups: [
    { group_id: "g-pe", display_name: "platform-engineers", external_ids: [{ id: fakeObjectId("platform-engineers") }] },
    { group_id: "g-ca", display_name: "cloud-admins", external_ids: [{ id: fakeObjectId("cloud-admins") }] },
    { group_id: "g-sa", display_name: "Security Auditors", external_ids: [{ id: "3f2a0000-0000-0000-0000-000000000001" }] },
  ],
  // breakglass@contoso.example is not provisioned: its grant is pending (not in any state).
  ouAccounts: {
    // 02 and 03 are also granted by name (static, in the pair's home stack 2, whose accounts' stacks are 3 and 0); 04
    // and 06 only through the OU; 01 is excluded.
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

  test("a static grant also reached through its pair's OU is assigned once, by the pair's home stack, whatever its account's stack", () => {
    const pe = (id: string) => `group:platform-engineers/PlatformPowerUser/${id}`;
    expect(four.assignmentsByStack[shardStackName(2)]).toEqual([pe("900000000002"), pe("900000000003"), pe("900000000004"), pe("900000000006")]);
    expect(four.assignmentsByStack[shardStackName(3)]).toEqual(["group:cloud-admins/BreakGlass/900000000002", "group:cloud-admins/BreakGlass/900000000009"]);
    expect(four.assignmentsByStack[shardStackName(0)]).toEqual(["group:security-auditors/Auditor/900000000002", "group:security-auditors/Auditor/900000000004"]);
    const all = Object.values(four.assignmentsByStack).flat();
    expect(new Set(all).size).toBe(all.length);
  });

  test("GIVEN a static grant of the pair also in its account's stack (the placement this replaced) THEN the same grant is two resources in two states (the check can fail)", () => {
    const stack3 = JSON.parse(JSON.stringify(sharded[shardStackName(3)]));
    const name = Object.keys(stack3.locals).find((n) => n.includes("_static-json_")) as string;
    const groups = JSON.parse(stack3.locals[name]);
    groups["group:platform-engineers/PlatformPowerUser"] = { principal: "group:platform-engineers", principal_type: "GROUP", permission_set: "PlatformPowerUser", accounts: ["900000000002"] };
    stack3.locals[name] = JSON.stringify(groups);
    expect(() => evaluate({ ...sharded, [shardStackName(3)]: stack3 }, fixture)).toThrow(/group:platform-engineers\/PlatformPowerUser\/900000000002 is assigned by two stacks/);
  });
});

describe("a permission set identity-center has not created yet", () => {
  /** The stacks as a shard plans them before identity-center is applied: the ARN map it reads lacks `set`. */
  const withoutSet = (stacks: SynthesizedStacks, set: string): SynthesizedStacks => {
    const ic = JSON.parse(JSON.stringify(stacks["identity-center"]));
    delete forEachOf(ic, "aws_ssoadmin_permission_set")[set];
    return { ...stacks, "identity-center": ic };
  };
  const breakGlass = (keys: string[]) => keys.filter((k) => k.includes("/BreakGlass/"));

  test.each([1, 4])("GIVEN %i stack(s) THEN its grants wait as pending (counted, not assigned) and every other grant is assigned as before", (count) => {
    const stacks = synthAll(contosoModel(count));
    const all = evaluate(stacks, fixture);
    const r = evaluate(withoutSet(stacks, "BreakGlass"), fixture);
    // cloud-admins' two BreakGlass grants wait (the user's was pending already: not provisioned).
    expect(breakGlass(Object.keys(all.assignments))).toEqual(["group:cloud-admins/BreakGlass/900000000002", "group:cloud-admins/BreakGlass/900000000009"]);
    expect(Object.keys(r.assignments).sort()).toEqual(Object.keys(all.assignments).filter((k) => !k.includes("/BreakGlass/")).sort());
    expect([r.grant_count, r.pending_grant_count]).toEqual([all.grant_count - 2, all.pending_grant_count + 2]);
  });

  test("GIVEN the check removed THEN the shard's plan fails on the missing ARN (the check can fail)", () => {
    const stacks = withoutSet(synthAll(contosoModel(4)), "BreakGlass");
    const stack3 = JSON.parse(JSON.stringify(stacks[shardStackName(3)]));
    const name = Object.keys(stack3.locals).find((n) => n.includes("_static-assigned_")) as string;
    stack3.locals[name] = (stack3.locals[name] as string).replace(/ && lookup\([^)]*\.permission_sets, g\.permission_set, false\)/, "");
    expect(stack3.locals[name]).not.toContain("permission_sets");
    expect(() => evaluate({ ...stacks, [shardStackName(3)]: stack3 }, fixture)).toThrow(/Invalid index/);
  });
});

describe("federation shards --from / --base: the state-move script", () => {
  const SHARDS = [0, 1, 2, 3].map(shardStackName);

  test("GIVEN the state of one stack THEN the script moves every grant into the state file of its stack in four, skipping the pending one", () => {
    const before = evaluate(synthAll(contosoModel(1)), fixture).assignmentsByStack;
    const after = evaluate(synthAll(contosoModel(4)), fixture).assignmentsByStack;
    // A group named `platform-engineers/PlatformPowerUser` would have keys under the OU pair's prefix: not the pair's.
    const lookalike = "group:platform-engineers/PlatformPowerUser/Other/900000000004";
    withTerraform("shard-moves-", (tf) => {
      // The state the one-stack deploy left (the pending user grant is not there).
      writeStates(tf, { [SHARDS[0]]: [...before[SHARDS[0]], lookalike] });
      const e = expansionOf(contosoModel());
      tf.write(moveScript({ moves: shardMoves({ expansion: e, count: 1 }, { expansion: e, count: 4 }), state: { kind: "local" }, configFile: "contoso.yaml" }), "move.sh");
      tf.bash("move.sh");
      for (const stack of SHARDS) expect([stack, keysIn(tf, stack)]).toEqual([stack, stack === SHARDS[0] ? [...after[stack], lookalike].sort() : after[stack]]);
    });
  });

  test("GIVEN a pair gaining its first OU target THEN the --base script moves its static grants into the home's state; after the deploy every key is in one stack", () => {
    const OU_LINE = "  - { group: platform-engineers, permissionSet: PlatformPowerUser, organizationalUnits: [ou-zx90-workload1], excludeAccounts: [contoso-root] }\n";
    expect(contosoText(4)).toContain(OU_LINE);
    const base = modelOf(loadText(contosoText(4).replace(OU_LINE, ""), "base.yaml"));
    const head = contosoModel(4);
    const before = evaluate(synthAll(base), fixture).assignmentsByStack;
    const after = evaluate(synthAll(head), fixture).assignmentsByStack;
    // Before: the platform engineers' grants on …02 and …03 are in their accounts' stacks (3 and 0).
    expect(before[SHARDS[3]]).toContain("group:platform-engineers/PlatformPowerUser/900000000002");
    expect(before[SHARDS[0]]).toContain("group:platform-engineers/PlatformPowerUser/900000000003");
    const held = new Set(Object.values(before).flat());
    withTerraform("shard-moves-base-", (tf) => {
      writeStates(tf, before);
      const moves = shardMoves({ expansion: expansionOf(base), count: 4 }, { expansion: expansionOf(head), count: 4 });
      tf.write(moveScript({ moves, state: { kind: "local" }, configFile: "contoso.yaml", base: "base.yaml" }), "move.sh");
      tf.bash("move.sh");
      // Every grant already deployed is now in the stack that holds it after the change; the OU-only ones (…04, …06) are for the deploy to create.
      for (const stack of SHARDS) expect([stack, keysIn(tf, stack)]).toEqual([stack, after[stack].filter((k) => held.has(k))]);
      expect(after[SHARDS[2]].filter((k) => !held.has(k))).toEqual(["group:platform-engineers/PlatformPowerUser/900000000004", "group:platform-engineers/PlatformPowerUser/900000000006"]);
    });
  });
});
