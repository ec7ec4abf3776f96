/**
 * Sharding of account assignments without synthesis: the hash, where each grant and OU target lives, what moves when
 * the count changes, the automatic count and its warning, and the `federation shards` command.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeStaticGrantKeys, encodeStaticGrants } from "../src/identity-center/shard-grants";
import { grantAddress, moveScript } from "../src/identity-center/shard-moves";
import { s3StateKey } from "../src/model/patterns";
import { shellWord } from "../src/shell";
import { accountShard, hash64, jumpHash, ouTargetShard, pairKey, planShards, shardMoves, shardStackName } from "../src/identity-center/shards";
import type { FederationModel } from "../src/model/model";
import { diffFederations } from "../src/review/diff";
import { renderDiffMarkdown } from "../src/review/diff-markdown";
import { assignmentShardCount, automaticShardCount, expansionOf, GRANTS_PER_SHARD } from "../src/model/shard-count";
import { DEFAULT_CONFIG, loadText, modelOf, runCliCaptured } from "./helpers";
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

  test("every static grant lands in exactly one shard (its pair's home when the pair has an OU target, else its account's), and the shards together hold them all", () => {
    const model = contosoModel(4);
    const { grants, ouTargets } = expansionOf(model);
    const plan = planShards({ grants, ouTargets }, 4);
    expect(plan.map((s) => s.stackName)).toEqual([0, 1, 2, 3].map(shardStackName));
    const held = plan.flatMap((s) => s.grants.map((g) => g.key));
    expect(held.sort()).toEqual(grants.map((g) => g.key));
    const ouPairs = new Set(ouTargets.map((t) => pairKey(t.principal, t.permissionSet)));
    for (const s of plan) {
      for (const g of s.grants) {
        const expected = ouPairs.has(pairKey(g.principal, g.permissionSet)) ? ouTargetShard(g.principal, g.permissionSet, 4) : accountShard(g.accountId, 4);
        expect([g.key, s.index]).toEqual([g.key, expected]);
      }
    }
    expect(plan.flatMap((s) => s.ouTargets.map((t) => t.key)).sort()).toEqual(ouTargets.map((t) => t.key));
  });

  test("GIVEN a pair with an OU target THEN its static grants are in its home even where their account hashes elsewhere; a pair without one stays with the accounts", () => {
    const plan = planShards(expansionOf(contosoModel(4)), 4);
    const where = new Map(plan.flatMap((s) => s.grants.map((g) => [g.key, s.index] as const)));
    // platform-engineers/PlatformPowerUser has an OU target, home 2: its grants on …02 (account shard 3) and …03 (0) are in 2.
    expect([accountShard("900000000002", 4), accountShard("900000000003", 4)]).toEqual([3, 0]);
    expect(where.get("group:platform-engineers/PlatformPowerUser/900000000002")).toBe(2);
    expect(where.get("group:platform-engineers/PlatformPowerUser/900000000003")).toBe(2);
    // cloud-admins/BreakGlass has none: …02 and …09 are in their account's shard, 3.
    expect(where.get("group:cloud-admins/BreakGlass/900000000002")).toBe(3);
    expect(where.get("group:cloud-admins/BreakGlass/900000000009")).toBe(3);
    expect(plan.map((s) => s.grants.length)).toEqual([0, 1, 2, 2]);
  });

  test("all OU targets of one principal and permission set share a home shard, which also holds every static grant of that pair", () => {
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
    // Every one of the readers' 40 grants is at home, though most of their accounts hash elsewhere.
    const readers = grants.filter((g) => g.principal.name === "readers").map((g) => g.key);
    expect(readers).toHaveLength(40);
    expect(grants.filter((g) => g.principal.name === "readers" && accountShard(g.accountId, 4) !== home).length).toBeGreaterThan(10);
    expect(plan[home].grants.filter((g) => g.principal.name === "readers").map((g) => g.key)).toEqual(readers);
    for (const s of plan) if (s.index !== home) expect(s.grants.filter((g) => g.principal.name === "readers")).toEqual([]);
    // The admins (no OU target) stay with their accounts.
    for (const s of plan) for (const g of s.grants.filter((x) => x.principal.name === "admins")) expect(accountShard(g.accountId, 4)).toBe(s.index);
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

/** The moves of one file between two counts. */
const countMoves = (model: FederationModel, from: number, to: number) => shardMoves({ expansion: expansionOf(model), count: from }, { expansion: expansionOf(model), count: to });

describe("what moves when the count changes", () => {
  test("GIVEN 1 → 4 shards THEN the grants of pairs without an OU target whose account now hashes elsewhere move one by one, and a pair with one moves whole with its home", () => {
    const e = expansionOf(contosoModel());
    const m = countMoves(contosoModel(), 1, 4);
    expect(m.grants).toEqual([
      { key: "group:cloud-admins/BreakGlass/900000000002", from: 0, to: 3 },
      { key: "group:cloud-admins/BreakGlass/900000000009", from: 0, to: 3 },
      { key: "user:breakglass@contoso.example/BreakGlass/900000000001", from: 0, to: 1 },
    ]);
    expect(m.grants).toEqual(
      e.grants.filter((g) => !g.key.startsWith("group:platform-engineers/") && accountShard(g.accountId, 4) !== 0).map((g) => ({ key: g.key, from: 0, to: accountShard(g.accountId, 4) })),
    );
    // The platform engineers' static grants (…02, …03) are not listed: they move with the pair, whose home is now 2.
    // The auditors' home stays 0: nothing to move.
    expect(m.ouPairs).toEqual([{ pair: "group:platform-engineers/PlatformPowerUser", from: 0, to: 2 }]);
  });

  test("GIVEN the same count THEN nothing moves, and the script says so", () => {
    const m = countMoves(contosoModel(), 4, 4);
    expect(m).toEqual({ from: 4, to: 4, grants: [], ouPairs: [] });
    expect(moveScript({ moves: m, state: { kind: "local" }, configFile: "f.yaml" })).toContain("nothing to move");
  });
});

describe("what moves between two versions of a file (same count)", () => {
  // 40 accounts over 4 stacks; the readers' pair has its home in one of them, most of its accounts hash elsewhere.
  const home = ouTargetShard({ kind: "group", name: "readers" }, "ViewOnlyAccess", 4);
  const plain = manyAccountsModel(40, { shards: 4 });
  const withOu = manyAccountsModel(40, { shards: 4, ou: true });
  const layout = (model: FederationModel) => ({ expansion: expansionOf(model), count: 4 });
  const readers = (model: FederationModel) => expansionOf(model).grants.filter((g) => g.principal.name === "readers");

  test("GIVEN a pair gains its first OU target THEN each of its static grants outside the home moves there, and nothing else moves", () => {
    const m = shardMoves(layout(plain), layout(withOu));
    const expected = readers(plain)
      .filter((g) => accountShard(g.accountId, 4) !== home)
      .map((g) => ({ key: g.key, from: accountShard(g.accountId, 4), to: home }));
    expect(expected.length).toBeGreaterThan(10);
    expect(m).toEqual({ from: 4, to: 4, grants: expected, ouPairs: [] });
  });

  test("GIVEN a pair loses its last OU target THEN its static grants go back to their accounts' stacks", () => {
    const m = shardMoves(layout(withOu), layout(plain));
    expect(m.grants).toEqual(
      readers(plain)
        .filter((g) => accountShard(g.accountId, 4) !== home)
        .map((g) => ({ key: g.key, from: home, to: accountShard(g.accountId, 4) })),
    );
    expect(m.ouPairs).toEqual([]);
  });

  test("GIVEN a static grant added to or removed from a pair with an OU target THEN nothing moves (it is in the home either way)", () => {
    const added = manyAccountsModel(40, { shards: 4, ou: true, extra: [40] });
    expect(accountShard(accountIdOf(40), 4)).not.toBe(home);
    expect(shardMoves(layout(withOu), layout(added))).toEqual({ from: 4, to: 4, grants: [], ouPairs: [] });
    expect(shardMoves(layout(added), layout(withOu))).toEqual({ from: 4, to: 4, grants: [], ouPairs: [] });
  });

  test("GIVEN the OU target dropped for a static grant on an account it reached THEN that key (possibly OU-derived in the home) moves to its account's stack", () => {
    const extra = [41, 42, 43, 44, 45].find((i) => accountShard(accountIdOf(i), 4) !== home) as number;
    const m = shardMoves(layout(withOu), layout(manyAccountsModel(40, { shards: 4, extra: [extra] })));
    expect(m.grants).toContainEqual({ key: `group:readers/ViewOnlyAccess/${accountIdOf(extra)}`, from: home, to: accountShard(accountIdOf(extra), 4) });
  });

  test("GIVEN a static grant of a pair without OU target added THEN it is not listed (it is in no state yet)", () => {
    expect(shardMoves(layout(plain), layout(manyAccountsModel(40, { shards: 4, extra: [40] })))).toEqual({ from: 4, to: 4, grants: [], ouPairs: [] });
  });

  test("GIVEN the count and the OU targets change together THEN both kinds of move are in one list", () => {
    const m = shardMoves({ expansion: expansionOf(plain), count: 1 }, layout(withOu));
    const moved = new Map(m.grants.map((g) => [g.key, g.to]));
    // The readers go to their new home (from the single stack), the admins to their account's stack.
    for (const g of readers(plain)) expect(moved.get(g.key)).toBe(home === 0 ? undefined : home);
    for (const g of expansionOf(plain).grants.filter((x) => x.principal.name === "admins")) {
      expect(moved.get(g.key)).toBe(accountShard(g.accountId, 4) === 0 ? undefined : accountShard(g.accountId, 4));
    }
    expect(m.ouPairs).toEqual([]);
  });
});

describe("the state-move script", () => {
  const moves = countMoves(contosoModel(), 1, 4);

  test("local state: one guarded `terraform state mv -state=… -state-out=…` per listed grant, a filtered loop per OU pair", () => {
    const script = moveScript({ moves, state: { kind: "local" }, configFile: "contoso.yaml" });
    expect(script.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    expect(script).toContain("set -euo pipefail");
    const address = shellWord(grantAddress("user:breakglass@contoso.example/BreakGlass/900000000001"));
    expect(address).toBe(`'aws_ssoadmin_account_assignment.assignments["user:breakglass@contoso.example/BreakGlass/900000000001"]'`);
    expect(script).toContain(
      `grep -qxF -- ${address} .shard-moves/identity-center-assignments-0.list && terraform state mv -state=terraform.identity-center-assignments-0.tfstate -state-out=terraform.identity-center-assignments-1.tfstate ${address} ${address}`,
    );
    expect(script.split("\n").filter((l) => l.includes("terraform state mv") && l.startsWith("grep -qxF"))).toHaveLength(moves.grants.length);
    // The pair's loop moves its static grants too (they live in its home): none is excluded, and none is listed alone.
    expect(script).toContain(
      `prefix='aws_ssoadmin_account_assignment.assignments["group:platform-engineers/PlatformPowerUser/'\n` +
        `{ grep -F -- "$prefix" .shard-moves/identity-center-assignments-0.list || true; } | while IFS= read -r address; do` +
        ` [[ "\${address#"$prefix"}" =~ ^[0-9]{12}\\"\\]$ ]] || continue;` +
        ` terraform state mv -state=terraform.identity-center-assignments-0.tfstate -state-out=terraform.identity-center-assignments-2.tfstate "$address" "$address"; done`,
    );
    expect(script).not.toContain("grep -vxF");
    expect(script).not.toContain(grantAddress("group:platform-engineers/PlatformPowerUser/900000000002"));
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
    const m = countMoves(contosoModel(), 4, 2);
    expect(m.grants.every((g) => g.to < 2)).toBe(true);
    expect(m.ouPairs.every((p) => p.to < 2)).toBe(true);
    // Listed one by one: the grants of pairs without OU target in stacks 2 and 3 (the OU pair moves whole, or stays).
    const ouPairs = new Set(expansionOf(contosoModel()).ouTargets.map((t) => pairKey(t.principal, t.permissionSet)));
    const plain = expansionOf(contosoModel()).grants.filter((g) => !ouPairs.has(pairKey(g.principal, g.permissionSet)));
    expect(m.grants.filter((g) => g.from >= 2).length).toBe(plain.filter((g) => accountShard(g.accountId, 4) >= 2).length);
    expect(m.ouPairs).toEqual([{ pair: "group:platform-engineers/PlatformPowerUser", from: 2, to: ouTargetShard({ kind: "group", name: "platform-engineers" }, "PlatformPowerUser", 2) }]);
    const script = moveScript({ moves: m, state: { kind: "local" }, configFile: "c.yaml" });
    expect(script).toContain("# identity-center-assignments-2, identity-center-assignments-3 are no longer synthesized");
  });

  test("GIVEN a base file THEN the header names it and the step is to synthesize the new file", () => {
    const m = shardMoves({ expansion: expansionOf(manyAccountsModel(40, { shards: 4 })), count: 4 }, { expansion: expansionOf(manyAccountsModel(40, { shards: 4, ou: true })), count: 4 });
    const script = moveScript({ moves: m, state: { kind: "local" }, configFile: "head.yaml", base: "origin/main:config/federation.yaml" });
    expect(script).toContain("# State moves from the layout of origin/main:config/federation.yaml (4 assignment stacks) to head.yaml (4) (federation shards --base).");
    expect(script).toContain("# 1. Synthesize the new file (npm start).");
    expect(script.split("\n").filter((l) => l.startsWith("grep -qxF"))).toHaveLength(m.grants.length);
  });

  test("a UPN with an apostrophe is quoted for bash", () => {
    expect(shellWord(grantAddress("user:o'brien@example.com/PS/111111111111"))).toBe(`'aws_ssoadmin_account_assignment.assignments["user:o'\\''brien@example.com/PS/111111111111"]'`);
  });
});

describe("federation diff: the assignment-stack layout", () => {
  const diff = (base: FederationModel, head: FederationModel) => diffFederations(base, head, { baseLabel: "origin/main:config/federation.yaml", headLabel: "head.yaml" });
  const layoutChanges = (d: ReturnType<typeof diff>) => d.changed.filter((c) => c.area === "identity-center" && c.note);

  test("GIVEN the automatic count growing from 1 to 2 THEN one change entry says so and names `federation shards --from 1`, as a change, not an escalation", () => {
    const d = diff(manyAccountsModel(1800), manyAccountsModel(2000));
    // The only escalation is the admins' new grants themselves: the layout change is none.
    expect(d.escalations.map((e) => [e.kind, e.subject])).toEqual([["privileged-grant", "group:admins/AdministratorAccess"]]);
    const [entry, ...rest] = layoutChanges(d);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ area: "identity-center", subject: "assignment stacks", field: "count", before: 1, after: 2 });
    expect(entry.note).toContain("spread over 2 stacks instead of 1 (before: 1 (automatic: 1980 static grants); after: 2 (automatic: 2200 static grants))");
    expect(entry.note).toContain("Before deploying, run `federation shards --from 1` and the state moves it prints");
    expect(entry.note).toContain("would destroy each moved grant in its old stack and recreate it in the new one");
    expect(entry.note).toContain("Pin `identityCenter.assignmentShards: 2`");
    const md = renderDiffMarkdown(d);
    expect(md).toContain("#### IAM Identity Center: changes");
    expect(md).toContain("- **assignment stacks** (count): The account assignments are spread over 2 stacks instead of 1");
  });

  test("GIVEN a pinned count changed THEN the entry stands next to the setting's own change, without the pinning advice", () => {
    const d = diff(manyAccountsModel(40, { shards: 2 }), manyAccountsModel(40, { shards: 3 }));
    expect(d.changed.filter((c) => c.area === "identity-center").map((c) => [c.subject, c.field, c.before, c.after])).toEqual([
      ["identityCenter", "assignmentShards", 2, 3],
      ["assignment stacks", "count", 2, 3],
    ]);
    expect(layoutChanges(d)[0].note).toContain("`federation shards --from 2`");
    expect(layoutChanges(d)[0].note).not.toContain("Pin");
  });

  test("GIVEN the effective count unchanged (grants added below the threshold, or auto pinned at its value) THEN no layout entry", () => {
    expect(layoutChanges(diff(manyAccountsModel(100), manyAccountsModel(120)))).toEqual([]);
    expect(layoutChanges(diff(manyAccountsModel(2000), manyAccountsModel(2000, { shards: 2 })))).toEqual([]);
    expect(layoutChanges(diff(manyAccountsModel(40, { shards: 4, ou: true }), manyAccountsModel(40, { shards: 4, ou: true, extra: [40] })))).toEqual([]);
  });

  test("GIVEN a pair gaining its first OU target in four stacks THEN an entry says its static grants move into its home and names `federation shards --base`", () => {
    const home = ouTargetShard({ kind: "group", name: "readers" }, "ViewOnlyAccess", 4);
    const d = diff(manyAccountsModel(40, { shards: 4 }), manyAccountsModel(40, { shards: 4, ou: true }));
    const moved = expansionOf(manyAccountsModel(40, { shards: 4 })).grants.filter((g) => g.principal.name === "readers" && accountShard(g.accountId, 4) !== home);
    const [entry, ...rest] = layoutChanges(d);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      subject: "group:readers/ViewOnlyAccess",
      field: "stack of its static grants",
      before: [...new Set(moved.map((g) => accountShard(g.accountId, 4)))].sort().map(shardStackName),
      after: [shardStackName(home)],
    });
    expect(entry.note).toContain(`group:readers/ViewOnlyAccess gains its first OU/root target: ${moved.length} static grants of it move into its home stack ${shardStackName(home)}`);
    expect(entry.note).toContain("run `federation shards --base origin/main:config/federation.yaml`");
    // The OU target itself is reviewed as ever (an organization grant).
    expect(d.escalations.map((e) => e.kind)).toEqual(["organization-grant"]);
  });

  test("GIVEN a pair losing its last OU target THEN the entry says its static grants go back to their accounts' stacks", () => {
    const [entry] = layoutChanges(diff(manyAccountsModel(40, { shards: 4, ou: true }), manyAccountsModel(40, { shards: 4 })));
    expect(entry.subject).toBe("group:readers/ViewOnlyAccess");
    expect(entry.note).toContain("loses its last OU/root target");
    expect(entry.note).toContain("`federation shards --base origin/main:config/federation.yaml`");
  });

  test("GIVEN one stack THEN gaining an OU target moves nothing and adds no entry", () => {
    expect(layoutChanges(diff(manyAccountsModel(40, { shards: 1 }), manyAccountsModel(40, { shards: 1, ou: true })))).toEqual([]);
  });

  test("GIVEN the count and a pair's OU targets changing together THEN the count entry points at --base, which covers both", () => {
    const changes = layoutChanges(diff(manyAccountsModel(40, { shards: 2 }), manyAccountsModel(40, { shards: 4, ou: true })));
    expect(changes.map((c) => c.subject)).toEqual(["assignment stacks", "group:readers/ViewOnlyAccess"]);
    expect(changes[0].note).toContain("(with the OU-target changes below, `federation shards --base origin/main:config/federation.yaml` instead: it covers both)");
  });
});

describe("federation shards", () => {
  const run = (args: string[]) => runCliCaptured(["shards", ...args]);

  test("prints the layout: one line per assignment stack with its grants, accounts and OU targets", async () => {
    const r = await run(["--config", "test/fixtures/contoso.yaml"]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe("test/fixtures/contoso.yaml: 1 assignment stack (automatic: 5 static grants, one stack per 2000; pin identityCenter.assignmentShards to keep it)");
    expect(lines[1].trim().split(/\s{2,}/)).toEqual(["stack", "static grants", "accounts", "OU targets"]);
    expect(lines[2].split(/\s+/).filter(Boolean)).toEqual(["identity-center-assignments-0", "5", "4", "2"]);
  });

  test("--to previews another count: the OU pair's home holds its static grants", async () => {
    const r = await run(["--config", "test/fixtures/contoso.yaml", "--to", "4"]);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split("\n").slice(2).map((l) => l.trim().split(/\s+/));
    expect(rows.map((c) => c[0])).toEqual([0, 1, 2, 3].map(shardStackName));
    expect(rows[2]).toEqual(["identity-center-assignments-2", "2", "2", "1"]);
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

  test("--base prints the moves from another version of the file: a pair gaining its first OU target takes its static grants home", async () => {
    const dir = mkdtempSync(join(tmpdir(), "federation-shards-base-"));
    try {
      writeFileSync(join(dir, "base.yaml"), manyAccountsYaml(40, { shards: 4 }));
      writeFileSync(join(dir, "head.yaml"), manyAccountsYaml(40, { shards: 4, ou: true }));
      const r = await run(["--config", join(dir, "head.yaml"), "--base", join(dir, "base.yaml")]);
      expect([r.code, r.err]).toEqual([0, ""]);
      const moves = shardMoves({ expansion: expansionOf(manyAccountsModel(40, { shards: 4 })), count: 4 }, { expansion: expansionOf(manyAccountsModel(40, { shards: 4, ou: true })), count: 4 });
      expect(moves.grants.length).toBeGreaterThan(10);
      expect(r.out).toContain(`# State moves from the layout of ${join(dir, "base.yaml")} (4 assignment stacks)`);
      const moved = r.out.split("\n").filter((l) => l.startsWith("grep -qxF"));
      expect(moved).toHaveLength(moves.grants.length);
      for (const m of moves.grants) expect(r.out).toContain(`-state-out=terraform.${shardStackName(m.to)}.tfstate ${shellWord(grantAddress(m.key))}`);
      // The same file as its own base: nothing moves.
      const same = await run(["--config", join(dir, "head.yaml"), "--base", join(dir, "head.yaml")]);
      expect(same.out).toContain("nothing to move");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("GIVEN an invalid --base THEN exit 1 with its errors, no script", async () => {
    const r = await run(["--config", "test/fixtures/contoso.yaml", "--base", "test/fixtures/does-not-exist.yaml"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("is not valid");
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
