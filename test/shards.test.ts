/**
 * Sharding of account assignments without synthesis: the hash, where each grant and OU target lives, what moves when
 * the count changes, the automatic count and its warning, and the `federation shards` command.
 */
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { decodeStaticGrantKeys, encodeStaticGrants } from "../src/identity-center/shard-grants";
import { grantAddress, moveScript, s3StateKey, shellQuote } from "../src/identity-center/shard-moves";
import { accountShard, hash64, jumpHash, ouTargetShard, pairKey, planShards, shardMoves, shardStackName } from "../src/identity-center/shards";
import { assignmentShardCount, automaticShardCount, expansionOf, GRANTS_PER_SHARD } from "../src/model/shard-count";
import { DEFAULT_CONFIG, loadText, modelOf, ROOT } from "./helpers";
import { accountIdOf, contosoModel, contosoText, manyAccountsModel, manyAccountsYaml } from "./shards-fixtures";

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => accountIdOf(from + i));

describe("the hash", () => {
  test("jump consistent hash matches the published test vectors of the reference implementations", () => {
    // Vectors shared by the Go, Python and C ports of Lamping & Veach (e.g. dgryski/go-jump, lithammer/python-jump-consistent-hash).
    const vectors: [bigint, number, number][] = [
      [1n, 1, 0],
      [42n, 57, 43],
      [0xdead10ccn, 1, 0],
      [0xdead10ccn, 666, 361],
      [256n, 1024, 520],
      [1n, 128, 55],
      [129n, 128, 120],
      [128n, 100000000, 38172097],
      [18446744073709551615n, 128, 92],
    ];
    for (const [key, buckets, expected] of vectors) expect([key, buckets, jumpHash(key, buckets)]).toEqual([key, buckets, expected]);
  });

  test("GIVEN a bucket count below one THEN it refuses instead of returning -1", () => {
    expect(() => jumpHash(1n, 0)).toThrow(RangeError);
  });

  test("the 64-bit key of a text is the first 8 bytes of its SHA-256 (stable across runs, machines and versions)", () => {
    // Values from `sha256sum`: where a grant's state lives must never change with an implementation detail.
    expect(hash64("123456789012")).toBe(0x2a33349e7e606a8an);
    expect(hash64("group:platform-engineers/PlatformPowerUser")).toBe(0x452b4401fae802c9n);
  });

  test("placements are a contract: known account ids and pairs keep their shard (changing the algorithm would move state)", () => {
    expect(["900000000001", "900000000002", "900000000003", "900000000009"].map((id) => accountShard(id, 4))).toEqual([1, 3, 0, 3]);
    expect(ouTargetShard({ kind: "group", name: "platform-engineers" }, "PlatformPowerUser", 4)).toBe(2);
    expect(ouTargetShard({ kind: "group", name: "security-auditors" }, "Auditor", 4)).toBe(0);
  });
});

describe("where a grant lives", () => {
  test("every account has one shard in range; 2,000 accounts spread over 11 shards within ±30% of the mean", () => {
    const counts = new Array(11).fill(0);
    for (const id of ids(2000)) counts[accountShard(id, 11)]++;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2000);
    for (const c of counts) expect(Math.abs(c - 2000 / 11)).toBeLessThan(0.3 * (2000 / 11));
  });

  test("GIVEN accounts added with the count fixed THEN no existing account changes shard", () => {
    const before = planShards(expansionOf(manyAccountsModel(300, { shards: 5 })), 5);
    const after = planShards(expansionOf(manyAccountsModel(300, { shards: 5, extra: [900, 901, 902, 903, 904, 905] })), 5);
    const where = (plan: typeof before) => new Map(plan.flatMap((s) => s.grants.map((g) => [g.key, s.index] as const)));
    const a = where(before);
    const b = where(after);
    expect(b.size).toBe(a.size + 6);
    for (const [key, shard] of a) expect([key, b.get(key)]).toEqual([key, shard]);
  });

  test("GIVEN the count grows from N to N+1 THEN about 1/(N+1) of the accounts move, every one of them to the new shard", () => {
    const accounts = ids(2000);
    for (let n = 1; n <= 16; n++) {
      const moved = accounts.filter((id) => accountShard(id, n) !== accountShard(id, n + 1));
      expect(moved.every((id) => accountShard(id, n + 1) === n)).toBe(true);
      const share = moved.length / accounts.length;
      expect(share).toBeGreaterThan(0.6 / (n + 1));
      expect(share).toBeLessThan(1.4 / (n + 1));
    }
  });

  test("every static grant lands in exactly one shard, the one of its account, and the shards together hold them all", () => {
    const model = contosoModel(4);
    const { grants, ouTargets } = expansionOf(model);
    const plan = planShards({ grants, ouTargets }, 4);
    expect(plan.map((s) => s.stackName)).toEqual([0, 1, 2, 3].map(shardStackName));
    const held = plan.flatMap((s) => s.grants.map((g) => g.key));
    expect(held.sort()).toEqual(grants.map((g) => g.key));
    for (const s of plan) for (const g of s.grants) expect(accountShard(g.accountId, 4)).toBe(s.index);
    expect(plan.flatMap((s) => s.ouTargets.map((t) => t.key)).sort()).toEqual(ouTargets.map((t) => t.key));
  });

  test("all OU targets of one principal and permission set share a home shard, which knows the pair's static grants held elsewhere", () => {
    const model = modelOf(
      loadText(
        manyAccountsYaml(40, { shards: 4, ou: true }).replace(
          "organizationalUnits:\n      - ou-ab12-11111111",
          "organizationalUnits:\n      - ou-ab12-11111111\n      - ou-ab12-22222222\n      - r-ab12",
        ),
      ),
    );
    const { ouTargets, grants } = expansionOf(model);
    expect(ouTargets).toHaveLength(3);
    const plan = planShards(expansionOf(model), 4);
    const home = ouTargetShard({ kind: "group", name: "readers" }, "ViewOnlyAccess", 4);
    expect(plan[home].ouTargets.map((t) => t.targetId)).toEqual(["ou-ab12-11111111", "ou-ab12-22222222", "r-ab12"]);
    for (const s of plan) if (s.index !== home) expect(s.ouTargets).toEqual([]);
    // The readers' grants held by the other shards, each mapped to its stack; none of the admins' (no OU target).
    const elsewhere = grants.filter((g) => g.principal.name === "readers" && accountShard(g.accountId, 4) !== home);
    expect(elsewhere.length).toBeGreaterThan(10);
    expect(plan[home].heldElsewhere).toEqual(Object.fromEntries(elsewhere.map((g) => [g.key, shardStackName(accountShard(g.accountId, 4))])));
    for (const s of plan) if (s.index !== home) expect(s.heldElsewhere).toEqual({});
  });

  test("the pair key is the grant key prefix of everything an OU target yields", () => {
    const g = expansionOf(contosoModel()).grants[0];
    expect(g.key.startsWith(`${pairKey(g.principal, g.permissionSet)}/`)).toBe(true);
  });
});

describe("the static grants of a stack as one JSON string", () => {
  test("groups each principal and permission set with its accounts, and decodes to exactly the grant keys", () => {
    const { grants } = expansionOf(manyAccountsModel(300));
    const json = encodeStaticGrants(grants);
    expect(decodeStaticGrantKeys(json).sort()).toEqual(grants.map((g) => g.key));
    expect(JSON.parse(json)["group:admins/AdministratorAccess"]).toEqual({
      principal: "group:admins",
      principal_type: "GROUP",
      permission_set: "AdministratorAccess",
      accounts: ids(300).filter((_, i) => i % 10 === 0),
    });
    // One short string per grant instead of one object: well under half the size.
    const perGrant = JSON.stringify(Object.fromEntries(grants.map((g) => [g.key, { principal: "group:x", principal_type: "GROUP", permission_set: g.permissionSet, account_id: g.accountId }])));
    expect(json.length).toBeLessThan(perGrant.length / 3);
  });

  test("a user principal is typed USER; no grants is an empty object", () => {
    const { grants } = expansionOf(contosoModel());
    expect(JSON.parse(encodeStaticGrants(grants))["user:breakglass@contoso.example/BreakGlass"]).toMatchObject({ principal_type: "USER", accounts: ["900000000001"] });
    expect(encodeStaticGrants([])).toBe("{}");
  });
});

describe("how many shards", () => {
  test("automatic: one per 2,000 static grants, at least one, at most 64", () => {
    expect([0, 1, 2000, 2001, 20100, 4000000].map(automaticShardCount)).toEqual([1, 1, 1, 2, 11, 64]);
    expect(GRANTS_PER_SHARD).toBe(2000);
  });

  test("small files (the default and contoso) get one shard", () => {
    expect(assignmentShardCount(modelOf(DEFAULT_CONFIG))).toEqual({ count: 1, automatic: true, staticGrants: 7 });
    expect(assignmentShardCount(contosoModel()).count).toBe(1);
  });

  test("GIVEN 2,200 static grants and no setting THEN two shards; GIVEN assignmentShards: 5 THEN five, whatever the size", () => {
    expect(assignmentShardCount(manyAccountsModel(2000))).toEqual({ count: 2, automatic: true, staticGrants: 2200 });
    expect(assignmentShardCount(contosoModel(5))).toEqual({ count: 5, automatic: false, staticGrants: 5 });
  });

  test("the expansion is computed once per model and shared", () => {
    const model = contosoModel();
    expect(expansionOf(model)).toBe(expansionOf({ spec: model.spec }));
  });
});

describe("the automatic-count warning", () => {
  const warnings = (text: string) => loadText(text).diagnostics.filter((d) => d.id === "federation/assignment-shards-auto");

  test("GIVEN an automatic count above one THEN one warning at identityCenter.assignmentShards recommends pinning that count; the file stays valid", () => {
    const text = manyAccountsYaml(2000);
    const r = loadText(text);
    expect(r.model).toBeDefined();
    const w = warnings(text);
    expect(w).toEqual([expect.objectContaining({ severity: "warning", path: "identityCenter.assignmentShards", line: text.split("\n").indexOf("identityCenter:") + 2 })]);
    expect(w[0].message).toContain("2200 static grants need 2 assignment stacks");
    expect(w[0].message).toContain("pin `assignmentShards: 2`");
    expect(w[0].message).toContain("federation shards --from");
  });

  test("GIVEN the count pinned, or automatic and one, THEN no warning", () => {
    expect(warnings(manyAccountsYaml(2000, { shards: 2 }))).toEqual([]);
    expect(warnings(manyAccountsYaml(2000, { shards: "auto" }).replace("assignmentShards: auto", "assignmentShards: 3"))).toEqual([]);
    expect(warnings(manyAccountsYaml(100))).toEqual([]);
    expect(warnings(contosoText())).toEqual([]);
  });

  test("GIVEN assignmentShards: auto written out THEN the warning points at that line", () => {
    const text = manyAccountsYaml(2000, { shards: "auto" });
    expect(warnings(text)).toEqual([expect.objectContaining({ line: text.split("\n").findIndex((l) => l.includes("assignmentShards: auto")) + 1 })]);
  });
});

describe("what moves when the count changes", () => {
  test("GIVEN 1 → 4 shards THEN exactly the grants whose account now hashes elsewhere move, and OU pairs whose home changes", () => {
    const e = expansionOf(contosoModel());
    const m = shardMoves(e, 1, 4);
    expect(m.grants).toEqual(e.grants.filter((g) => accountShard(g.accountId, 4) !== 0).map((g) => ({ key: g.key, from: 0, to: accountShard(g.accountId, 4) })));
    expect(m.grants.length).toBeGreaterThan(0);
    expect(m.ouPairs).toEqual([
      {
        pair: "group:platform-engineers/PlatformPowerUser",
        from: 0,
        to: 2,
        staticKeys: ["group:platform-engineers/PlatformPowerUser/900000000002", "group:platform-engineers/PlatformPowerUser/900000000003"],
      },
    ]);
  });

  test("GIVEN the same count THEN nothing moves, and the script says so", () => {
    const m = shardMoves(expansionOf(contosoModel()), 4, 4);
    expect(m).toEqual({ from: 4, to: 4, grants: [], ouPairs: [] });
    expect(moveScript({ moves: m, state: { kind: "local" }, configFile: "f.yaml" })).toContain("nothing to move");
  });
});

describe("the state-move script", () => {
  const moves = shardMoves(expansionOf(contosoModel()), 1, 4);

  test("local state: one guarded `terraform state mv -state=… -state-out=…` per static grant, a filtered loop per OU pair", () => {
    const script = moveScript({ moves, state: { kind: "local" }, configFile: "contoso.yaml" });
    expect(script.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    expect(script).toContain("set -euo pipefail");
    const address = shellQuote(grantAddress("user:breakglass@contoso.example/BreakGlass/900000000001"));
    expect(address).toBe(`'aws_ssoadmin_account_assignment.assignments["user:breakglass@contoso.example/BreakGlass/900000000001"]'`);
    expect(script).toContain(
      `grep -qxF -- ${address} .shard-moves/identity-center-assignments-0.list && terraform state mv -state=terraform.identity-center-assignments-0.tfstate -state-out=terraform.identity-center-assignments-1.tfstate ${address} ${address}`,
    );
    expect(script.split("\n").filter((l) => l.includes("terraform state mv") && l.startsWith("grep -qxF"))).toHaveLength(moves.grants.length);
    expect(script).toContain(
      `{ grep -F -- 'aws_ssoadmin_account_assignment.assignments["group:platform-engineers/PlatformPowerUser/' .shard-moves/identity-center-assignments-0.list || true; }` +
        ` | { grep -vxF -e ${shellQuote(grantAddress("group:platform-engineers/PlatformPowerUser/900000000002"))} -e ${shellQuote(grantAddress("group:platform-engineers/PlatformPowerUser/900000000003"))} || true; }` +
        ` | while IFS= read -r address; do terraform state mv -state=terraform.identity-center-assignments-0.tfstate -state-out=terraform.identity-center-assignments-2.tfstate "$address" "$address"; done`,
    );
    expect(script).not.toContain("state pull");
  });

  test("S3 state: pulled through a backend-only directory per stack (same bucket and key as the stack), moved, pushed back", () => {
    const script = moveScript({ moves, state: { kind: "s3", bucket: "contoso-tf-state", region: "eu-central-1", keyPrefix: "federation/", kmsKeyId: "alias/k" }, configFile: "c.yaml" });
    const backend = JSON.stringify({
      terraform: { backend: { s3: { bucket: "contoso-tf-state", key: "federation/identity-center-assignments-2.tfstate", region: "eu-central-1", encrypt: true, kms_key_id: "alias/k", use_lockfile: true } } },
    });
    expect(s3StateKey("federation/", "identity-center-assignments-2")).toBe("federation/identity-center-assignments-2.tfstate");
    expect(script).toContain(`printf '%s\\n' '${backend}' > .shard-moves/identity-center-assignments-2/backend.tf.json`);
    expect(script).toContain("terraform -chdir=.shard-moves/identity-center-assignments-2 init -input=false -no-color > /dev/null");
    expect(script).toContain("terraform -chdir=.shard-moves/identity-center-assignments-2 state pull > .shard-moves/identity-center-assignments-2.tfstate");
    expect(script).toContain("[ -s .shard-moves/identity-center-assignments-2.tfstate ] || rm -f .shard-moves/identity-center-assignments-2.tfstate");
    expect(script).toContain("-state=.shard-moves/identity-center-assignments-0.tfstate -state-out=.shard-moves/identity-center-assignments-1.tfstate");
    expect(script).toContain("[ ! -f .shard-moves/identity-center-assignments-2.tfstate ] || terraform -chdir=.shard-moves/identity-center-assignments-2 state push ../identity-center-assignments-2.tfstate");
    // Pushes come after every move.
    expect(script.lastIndexOf("state mv")).toBeLessThan(script.indexOf("state push"));
  });

  test("GIVEN fewer stacks THEN everything leaves the dropped stacks, and the script says their state is now empty", () => {
    const m = shardMoves(expansionOf(contosoModel()), 4, 2);
    expect(m.grants.every((g) => g.to < 2)).toBe(true);
    expect(m.grants.filter((g) => g.from >= 2).length).toBe(expansionOf(contosoModel()).grants.filter((g) => accountShard(g.accountId, 4) >= 2).length);
    const script = moveScript({ moves: m, state: { kind: "local" }, configFile: "c.yaml" });
    expect(script).toContain("# identity-center-assignments-2, identity-center-assignments-3 are no longer synthesized");
  });

  test("a UPN with an apostrophe is quoted for bash", () => {
    expect(shellQuote(grantAddress("user:o'brien@example.com/PS/111111111111"))).toBe(`'aws_ssoadmin_account_assignment.assignments["user:o'\\''brien@example.com/PS/111111111111"]'`);
  });
});

describe("federation shards", () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: ROOT };
    const code = await runCli(["shards", ...args], io);
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  test("prints the layout: one line per assignment stack with its grants, accounts and OU targets", async () => {
    const r = await run(["--config", "test/fixtures/contoso.yaml"]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe("test/fixtures/contoso.yaml: 1 assignment stack (automatic: 5 static grants, one stack per 2000; pin identityCenter.assignmentShards to keep it)");
    expect(lines[2].split(/\s+/).filter(Boolean)).toEqual(["identity-center-assignments-0", "5", "4", "2", "0"]);
  });

  test("--to previews another count; the OU keys held elsewhere are counted", async () => {
    const r = await run(["--config", "test/fixtures/contoso.yaml", "--to", "4"]);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split("\n").slice(2).map((l) => l.trim().split(/\s+/));
    expect(rows.map((c) => c[0])).toEqual([0, 1, 2, 3].map(shardStackName));
    expect(rows[2]).toEqual(["identity-center-assignments-2", "0", "0", "1", "2"]);
    expect(rows.reduce((n, c) => n + Number(c[1]), 0)).toBe(5);
    expect(r.out).toContain("previewing 4; the file gives 1");
  });

  test("--from prints a bash script whose header is the layout, with the moves from that count", async () => {
    const r = await run(["--config", "test/fixtures/contoso.yaml", "--from", "1", "--to", "4"]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith("#!/usr/bin/env bash\n# test/fixtures/contoso.yaml: 4 assignment stacks")).toBe(true);
    expect(r.out).toContain("# State moves for 1 -> 4 assignment stacks");
    // contoso keeps its state in S3: pull, move, push.
    expect(r.out).toContain("state pull");
    expect(r.out).toContain(`key":"federation/identity-center-assignments-3.tfstate"`);
  });

  test("GIVEN a count outside 1..64 or not a number THEN a usage error (exit 2)", async () => {
    for (const bad of [["--from", "0"], ["--from", "x"], ["--to", "65"], ["--to", "2.5"]]) {
      const r = await run(["--config", "test/fixtures/contoso.yaml", ...bad]);
      expect([bad, r.code]).toEqual([bad, 2]);
      expect(r.err).toContain("must be a whole number from 1 to 64");
    }
  });

  test("GIVEN an invalid file THEN exit 1 with its errors, no layout", async () => {
    const r = await run(["--config", "test/fixtures/does-not-exist.yaml"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
  });
});
