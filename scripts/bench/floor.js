/**
 * The floor the benchmark measures our synthesis against: the least a program can do to produce our assignment
 * stacks. It reads the federation file with the fastest parser at hand (js-yaml, no positions, no validation),
 * expands the grants (accounts by name or id, exclusions, OU targets, one key per grant), places them in shards (the
 * same jump hash) and writes each `identity-center-assignments-<k>/cdk.tf.json` with the writer cdktf uses. Everything
 * else is hard-coded: the expressions, the construct ids, the provider block. `npm run bench` checks that its files
 * are byte-identical to ours, so the floor cannot cut a corner that changes the output.
 *
 * Plain JavaScript, run by `node` (no compile step, no cdktf): usage `node scripts/bench/floor.js <file.yaml> <outdir>`.
 * Supports what the benchmark's generated files use (local state, a given instance ARN, `assignmentShards` pinned or auto).
 */
"use strict";
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join, resolve } = require("node:path");
const { load, CORE_SCHEMA } = require("js-yaml");
// cdktf's own JSON writer (sorted keys, two-space indent).
const stringify = createRequire(require.resolve("cdktf"))("json-stable-stringify");

const [file, outdir] = process.argv.slice(2);
const spec = load(readFileSync(file, "utf8"), { schema: CORE_SCHEMA });

const literal = (text) => text.replace(/([$%])\{/g, "$1$1{");
const ref = (r) => (/^\d{12}$/.test(r) ? r : spec.accounts?.[r]?.id);

// Expansion: static grants by key, OU targets by key (exclusions of every assignment naming a target, intersected).
const grants = new Map();
const ous = new Map();
for (const a of spec.assignments) {
  const principal = a.group !== undefined ? `group:${a.group}` : `user:${a.user.toLowerCase()}`;
  const type = a.group !== undefined ? "GROUP" : "USER";
  const pair = `${principal}/${a.permissionSet}`;
  const excluded = new Set((a.excludeAccounts ?? []).map(ref).filter(Boolean));
  for (const r of a.accounts ?? []) {
    const id = ref(r);
    if (id === undefined || excluded.has(id)) continue;
    const key = `${pair}/${id}`;
    if (!grants.has(key)) grants.set(key, { key, pair, principal, type, set: a.permissionSet, id });
  }
  for (const target of a.organizationalUnits ?? []) {
    const key = `${pair}/${target}`;
    const t = ous.get(key);
    if (t) t.exclude = new Set([...t.exclude].filter((x) => excluded.has(x)));
    else ous.set(key, { key, pair, principal, type, set: a.permissionSet, target, exclude: excluded });
  }
}
const byKey = (x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
const staticGrants = [...grants.values()].sort(byKey);
const ouTargets = [...ous.values()].sort(byKey);

// Placement: jump consistent hash of SHA-256's first 8 bytes; a pair with an OU target lives in its home.
const setting = spec.identityCenter.assignmentShards ?? "auto";
const count = setting === "auto" ? Math.min(64, Math.max(1, Math.ceil(staticGrants.length / 2000))) : setting;
const jump = (text) => {
  let k = createHash("sha256").update(text, "utf8").digest().readBigUInt64BE(0);
  let b = -1;
  let j = 0;
  while (j < count) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & 0xffffffffffffffffn;
    j = Math.floor((b + 1) * (2 ** 31 / (Number(k >> 33n) + 1)));
  }
  return b;
};
const homes = new Map(ouTargets.map((t) => [t.pair, 0]));
for (const pair of homes.keys()) homes.set(pair, jump(pair));
const accountShard = new Map();
const shards = Array.from({ length: count }, () => ({ grants: [], ous: [] }));
for (const g of staticGrants) {
  let s = homes.get(g.pair);
  if (s === undefined) {
    s = accountShard.get(g.id);
    if (s === undefined) accountShard.set(g.id, (s = jump(g.id)));
  }
  shards[s].grants.push(g);
}
for (const t of ouTargets) shards[homes.get(t.pair)].ous.push(t);

// The stacks.
const P = "account-assignments_";
const L = { assigned: `${P}assigned_77343383`, known: `${P}known_79287989`, pending: `${P}pending_52A6C49D`, staticAssigned: `${P}static-assigned_FD504E82`,
  staticJson: `${P}static-json_3F35F63D`, staticPairs: `${P}static-pairs_29E35B78`, staticPending: `${P}static-pending_F5E8229E`, ouTargets: `${P}ou-targets_2191AB29`,
  ouAssigned: `${P}ou-assigned_2E0DA193`, ouPending: `${P}ou-pending_7027A9B0`, ouAccounts: `${P}ou-accounts_35C85677` };
const UP = "data.terraform_remote_state.identity-center.outputs";
const ready = (x) => `lookup(local.${L.known}.principals, ${x}.principal, false) && lookup(local.${L.known}.permission_sets, ${x}.permission_set, false)`;
const fromPairs = (cond) => `\${merge([for pair, g in local.${L.staticPairs} : { for a in g.accounts : format("%s/%s", pair, a) => { principal = g.principal, principal_type = g.principal_type, permission_set = g.permission_set, account_id = a } } if ${cond}]...)}`;
const fromOus = (cond) => `\${merge([for t in local.${L.ouTargets} : { for a in data.aws_organizations_organizational_unit_descendant_accounts.${L.ouAccounts}[t.target_id].accounts : format("%s/%s/%s", t.principal, t.permission_set, a.id) => { principal = t.principal, principal_type = t.principal_type, permission_set = t.permission_set, account_id = a.id } if try(coalesce(try(a.state, null), try(a.status, null)), "") == "ACTIVE" && !contains(t.exclude, a.id) } if ${cond}]...)}`;
const cwd = process.cwd();
const ic = spec.identityCenter;

shards.forEach((shard, index) => {
  const name = `identity-center-assignments-${index}`;
  const groups = {};
  for (const g of shard.grants) (groups[g.pair] ??= { principal: g.principal, principal_type: g.type, permission_set: g.set, accounts: [] }).accounts.push(g.id);
  const locals = {
    [L.known]: { permission_sets: `\${tomap({ for k, v in ${UP}.permission_set_arns : k => true })}`, principals: `\${tomap({ for k, v in ${UP}.principal_ids : k => true })}` },
    [L.staticAssigned]: fromPairs(ready("g")),
    [L.staticJson]: literal(JSON.stringify(groups)),
    [L.staticPairs]: `\${jsondecode(local.${L.staticJson})}`,
    [L.staticPending]: fromPairs(`!(${ready("g")})`),
  };
  const data = { terraform_remote_state: { "identity-center": { backend: "local", config: { path: resolve(cwd, "terraform.identity-center.tfstate") }, workspace: "${terraform.workspace}" } } };
  if (shard.ous.length > 0) {
    locals[L.ouTargets] = Object.fromEntries(shard.ous.map((t) => [literal(t.key), { exclude: [...t.exclude].sort(), permission_set: literal(t.set), principal: literal(t.principal), principal_type: t.type, target_id: t.target }]));
    locals[L.ouAssigned] = fromOus(ready("t"));
    locals[L.ouPending] = fromOus(`!(${ready("t")})`);
    locals[L.assigned] = `\${merge(local.${L.ouAssigned}, local.${L.staticAssigned})}`;
    locals[L.pending] = `\${merge(local.${L.ouPending}, local.${L.staticPending})}`;
    data.aws_organizations_organizational_unit_descendant_accounts = {
      [L.ouAccounts]: {
        "//": { metadata: { path: `${name}/account-assignments/ou-accounts`, uniqueId: L.ouAccounts } },
        for_each: `\${toset([${[...new Set(shard.ous.map((t) => t.target))].sort().map((t) => JSON.stringify(t)).join(", ")}])}`,
        parent_id: "${each.value}",
      },
    };
  } else {
    locals[L.assigned] = `\${local.${L.staticAssigned}}`;
    locals[L.pending] = `\${local.${L.staticPending}}`;
  }
  const stack = {
    "//": { metadata: { backend: "local", overrides: { stack: ["terraform"] }, stackName: name, version: "0.21.0" }, outputs: { [name]: { grant_count: "grant_count", pending_grant_count: "pending_grant_count" } } },
    data,
    locals,
    output: {
      grant_count: { description: "Account assignments of this stack in this plan (add up every identity-center-assignments-* stack for the total)", value: `\${length(local.${L.assigned})}` },
      pending_grant_count: {
        description: "Grants of this stack waiting for a pending principal (identity-center output pending_principals) or for a permission set identity-center has not created yet",
        value: `\${length(local.${L.pending})}`,
      },
    },
    provider: { aws: [{ region: ic.region }] },
    resource: {
      aws_ssoadmin_account_assignment: {
        assignments: {
          "//": { metadata: { path: `${name}/account-assignments/assignment`, uniqueId: "assignments" } },
          for_each: `\${local.${L.assigned}}`,
          instance_arn: ic.instanceArn,
          permission_set_arn: `\${${UP}.permission_set_arns[each.value.permission_set]}`,
          principal_id: `\${${UP}.principal_ids[each.value.principal]}`,
          principal_type: "${each.value.principal_type}",
          target_id: "${each.value.account_id}",
          target_type: "AWS_ACCOUNT",
        },
      },
    },
    terraform: { backend: { local: { path: resolve(cwd, `terraform.${name}.tfstate`) } }, required_providers: { aws: { source: "aws", version: "6.25.0" } }, required_version: ">= 1.10.0" },
  };
  const dir = join(outdir, "stacks", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), stringify(stack, { space: 2 }));
});
