/**
 * The state-move script of `federation shards` is shell we generate from names in the file (issue 12: shell
 * injection). Existing groups may be named almost anything, user names may hold quotes: with generated hostile names
 * the script, run by real bash and zsh with the real `terraform` on local state files, runs no command it did not
 * mean (a canary file is never created), and moves every grant under exactly its name; a name with a line break or
 * a tab is refused by validation, with its line.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { moveScript } from "../src/identity-center/shard-moves";
import { ouTargetShard, planShards, shardMoves, shardStackName } from "../src/identity-center/shards";
import { expansionOf } from "../src/model/shard-count";
import { runs, toYaml } from "./arbitraries";
import { loadText } from "./helpers";
import { keysIn, writeStates } from "./shards-fixtures";
import { terraformEnv, withTerraform } from "./terraform";

const SHELLS = ["bash", "zsh"].filter((s) => {
  try {
    execFileSync(s, ["-c", "true"]);
    return true;
  } catch {
    return false;
  }
});

const HEAD = {
  version: 1,
  entra: { tenantId: "00000000-0000-0000-0000-000000000000" },
  identityCenter: {
    region: "us-east-1",
    serviceProvider: {
      acsUrl: "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000",
      issuerUrl: "https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789",
      accessPortalUrl: "https://d-0123456789.awsapps.com/start",
    },
    scimSecret: "fed/scim",
  },
  permissionSets: { Admin: { managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"] } },
};
const ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];
/** Shell syntax a name might carry: every one would run `touch PWNED` if it reached the shell unquoted. */
const PIECES = ["'", '"', "\\", "$(touch PWNED)", "`touch PWNED`", ";touch PWNED;", "&& touch PWNED", "| touch PWNED", "$HOME", "$x", "!!", "*", "?", "[a]", "~", "#", " ", ">PWNED", "<", "é", "/", "=x", "{a,b}", "$'\\x41'", "%"];
const hostileName = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }).map((p) => `g${p.join("")}`);

describe.each(SHELLS)("the state-move script in %s", (shell) => {
  test("GIVEN existing groups and users with shell syntax in their names WHEN the script moves 1 -> 4 stacks THEN no injected command runs and every grant lands in its stack under exactly its key", () => {
    fc.assert(
      fc.property(fc.uniqueArray(hostileName, { minLength: 2, maxLength: 3, selector: (s) => s.toLowerCase() }), fc.constantFrom("o'brien", "a+b", "x=y"), (groups, local) => {
        const user = `${local}@example.com`;
        const doc = {
          ...HEAD,
          groups: Object.fromEntries(groups.map((g, i) => [g, { objectId: `3f2a000${i}-0000-0000-0000-000000000000` }])),
          assignments: [
            ...groups.map((g, i) => ({ group: g, permissionSet: "Admin", accounts: ACCOUNTS.slice(i, i + 3), ...(i === 0 ? { organizationalUnits: ["ou-ab12-34cd5678"] } : {}) })),
            { user, permissionSet: "Admin", accounts: ACCOUNTS },
          ],
        };
        const r = loadText(toYaml(doc), "shell.yaml");
        if (!r.model) throw new Error(r.diagnostics.map((d) => `${d.path}: ${d.message}`).join("\n"));
        const e = expansionOf(r.model);
        const ouPair = `group:${groups[0]}/Admin`;
        const ouDerived = `${ouPair}/999999999999`;
        const script = moveScript({ moves: shardMoves({ expansion: e, count: 1 }, { expansion: e, count: 4 }), state: { kind: "local" }, configFile: "shell.yaml" });
        const expected = new Map<string, string[]>();
        for (const shard of planShards(e, 4)) expected.set(shard.stackName, shard.grants.map((g) => g.key));
        expected.get(shardStackName(ouTargetShard({ kind: "group", name: groups[0] }, "Admin", 4)))?.push(ouDerived);
        withTerraform("shards-shell-", (tf) => {
          writeStates(tf, { [shardStackName(0)]: [...e.grants.map((g) => g.key), ouDerived] });
          tf.write(script, "move.sh");
          execFileSync(shell, ["move.sh"], { cwd: tf.dir, env: terraformEnv(), stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
          expect(readdirSync(tf.dir, { recursive: true, encoding: "utf8" }).filter((f) => f.includes("PWNED"))).toEqual([]);
          for (const stack of [0, 1, 2, 3].map(shardStackName)) expect([stack, keysIn(tf, stack)]).toEqual([stack, (expected.get(stack) ?? []).sort()]);
        });
      }),
      { ...runs(4), endOnFailure: true },
    );
  }, 300_000);
});

test("GIVEN an existing group, an account or a reference with a line break or a tab WHEN validated THEN each is refused with its line", () => {
  const doc = {
    ...HEAD,
    groups: { "ops\necho PWNED": { objectId: "3f2a0000-0000-0000-0000-000000000000" } },
    accounts: { "prod\tx": { id: "111111111111" } },
    assignments: [{ group: "ops\necho PWNED", permissionSet: "Admin", accounts: ["prod\tx"] }],
  };
  const r = loadText(toYaml(doc), "breaks.yaml");
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => [d.id, d.path, d.line !== undefined])).toEqual([
    ["federation/control-character", 'groups["ops\\necho PWNED"]', true],
    ["federation/control-character", 'accounts["prod\\tx"]', true],
  ]);
});

test("GIVEN a name with a line break that validation was bypassed for WHEN the script is written and run THEN the line break stays inside its comment and its quoted address, and no command runs", () => {
  const group = "ops\ntouch PWNED;";
  const expansion = {
    grants: ACCOUNTS.map((id) => ({ key: `group:${group}/Admin/${id}`, principal: { kind: "group" as const, name: group }, permissionSet: "Admin", accountId: id, sources: [] })),
    ouTargets: [{ key: `group:${group}/Admin/r-ab12`, principal: { kind: "group" as const, name: group }, permissionSet: "Admin", targetId: "r-ab12", excludeAccountIds: [], sources: [] }],
  };
  const script = moveScript({ moves: shardMoves({ expansion, count: 1 }, { expansion, count: 4 }), state: { kind: "local" }, configFile: "x.yaml" });
  expect(script).toContain("# Every grant of group:ops\\u{a}touch PWNED;/Admin");
  for (const shell of SHELLS) {
    withTerraform("shards-shell-break-", (tf) => {
      writeStates(tf, { [shardStackName(0)]: expansion.grants.map((g) => g.key) });
      tf.write(script, "move.sh");
      execFileSync(shell, ["move.sh"], { cwd: tf.dir, env: terraformEnv(), stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
      expect(readdirSync(tf.dir, { recursive: true, encoding: "utf8" }).filter((f) => f.includes("PWNED"))).toEqual([]);
    });
  }
});
