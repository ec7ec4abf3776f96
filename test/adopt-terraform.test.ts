/**
 * The first plan of an adopted file, by the real Terraform with the real AWS provider (5.100.0 from the filesystem
 * mirror /opt/tf-plugins, its schema validating every argument) and `terraform test` + `mock_provider`: the AWS stacks
 * (`identity-center`, `identity-center-assignments-*`) plan imports only — every import target is imported, nothing
 * that exists is created or destroyed, nothing changes; the only creates are the state-only destroy guards
 * (`terraform_data`). Data sources and the stacks' remote state are fed what the services and `entra-sso` would
 * return for the scenario (`override_data`). The Entra stacks need azuread and msgraph providers, which are not
 * available here: their import blocks are checked at synthesis level (test/adopt-roundtrip.test.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adopt, synthesize } from "../src/adopt/adopt";
import type { Adopted } from "../src/adopt/adopt";
import { readSnapshot } from "../src/adopt/read";
import type { StackJson } from "../src/synth-output";
import { ids, type Scenario, scenarioSource, smallScenario } from "./adopt-scenario";
import { NOW } from "./helpers";
import { terraformBinary, terraformEnv } from "./terraform";

const MIRROR = "/opt/tf-plugins";
const AWS_VERSION = "5.100.0";

async function adopted(s: Scenario, manageGroups: boolean | Set<string>): Promise<{ a: Adopted; stacks: StackJson[] }> {
  const snapshot = await readSnapshot(scenarioSource(s, 2), { appId: ids.appId(s), groupDetails: manageGroups === true ? true : undefined });
  const out = adopt(snapshot, { file: join(tmpdir(), "adopted", "federation.yaml"), sourceLabel: "scenario", now: NOW, manageGroups: manageGroups === true ? true : undefined });
  if (!out.ok) throw new Error(out.problems.join("\n"));
  return { a: out.adopted, stacks: synthesize(out.adopted.model) };
}

/** HCL for a JSON value (JSON is HCL expression syntax; `${` must not interpolate). */
const hcl = (v: unknown) => JSON.stringify(v).replace(/\$\{/g, "$${");

/** What `entra-sso`'s state would give for each cross-stack output the stack reads. */
function entraOutputs(stack: StackJson, entra: StackJson, s: Scenario, a: Adopted): Record<string, unknown> {
  const names = [...new Set([...JSON.stringify(stack.json).matchAll(/data\.terraform_remote_state\.cross-stack-reference-input-entra-sso\.outputs\.([\w-]+)/g)].map((m) => m[1]))];
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const expr = String(entra.json.output?.[name]?.value ?? "");
    const ref = /^\$\{(data\.)?([a-z_]+)\.([\w-]+)(?:\.([a-z_]+))?\}$/.exec(expr);
    if (!ref) throw new Error(`unexpected cross-stack output ${name}: ${expr}`);
    const [, data, type, logical, attr] = ref;
    const block = entra.json[data ? "data" : "resource"][type][logical];
    const keys: string[] = typeof block.for_each === "string" ? JSON.parse(/toset\((\[.*\])\)/s.exec(block.for_each)?.[1] ?? "[]") : Object.keys(block.for_each ?? {});
    if (type === "azuread_group_without_members") out[name] = Object.fromEntries(keys.map((k) => [k, { object_id: a.naming.groupObjectIds.get(k), display_name: k }]));
    else if (type === "azuread_group") out[name] = Object.fromEntries(keys.map((k) => [k, { object_id: a.naming.groupObjectIds.get(k), display_name: s.groups.find((g) => ids.group(s, g.name) === a.naming.groupObjectIds.get(k))?.name }]));
    else if (type === "azuread_user") out[name] = Object.fromEntries(keys.map((k) => [k, { object_id: a.naming.userObjectIds.get(k) ?? ids.user(s, k) }]));
    else if (attr === "client_id") out[name] = ids.appId(s);
    else if (attr === "value") out[name] = "MIIBcertificate";
    else throw new Error(`no stand-in for cross-stack output ${name}: ${expr}`);
  }
  return out;
}

interface PlanResult {
  readonly status: number;
  readonly output: string;
  readonly imported: string[];
  readonly created: string[];
  readonly summary?: { import: number; add: number; change: number; destroy: number };
}

function planStack(stack: StackJson, overrides: { data: Record<string, unknown>; state: Record<string, unknown>; resources: Record<string, unknown> }): PlanResult {
  const dir = mkdtempSync(join(tmpdir(), "adopt-plan-"));
  try {
    const json = structuredClone(stack.json);
    json.terraform.required_providers.aws.version = AWS_VERSION;
    delete json.terraform.backend;
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(json));
    // Imported instances need an override (mock providers cannot import); instances other resources read an ARN
    // from get the real one (the provider validates ARNs), the others one block per resource.
    const targets = [...new Set(((json.import ?? []) as { to: string }[]).map((i) => i.to.replace(/\[.*$/s, "")))].filter((t) => !Object.keys(overrides.resources).some((r) => r.startsWith(`${t}[`))).sort();
    const test = [
      'mock_provider "aws" {',
      ...targets.map((t) => `  override_resource {\n    target = ${t}\n  }`),
      ...Object.entries(overrides.resources).map(([t, v]) => `  override_resource {\n    target = ${t}\n    values = ${hcl(v)}\n  }`),
      ...Object.entries(overrides.data).map(([t, v]) => `  override_data {\n    target = ${t}\n    values = ${hcl(v)}\n  }`),
      "}",
      ...Object.entries(overrides.state).map(([t, v]) => `override_data {\n  target = ${t}\n  values = ${hcl(v)}\n}`),
      'run "first_plan" {\n  command = plan\n}',
    ].join("\n");
    mkdirSync(join(dir, "tests"));
    writeFileSync(join(dir, "tests", "first-plan.tftest.hcl"), `${test}\n`);
    writeFileSync(join(dir, "cli.tfrc"), `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(MIRROR)}\n  }\n}\n`);
    const env = { ...terraformEnv(), TF_CLI_CONFIG_FILE: join(dir, "cli.tfrc") };
    const run = (...args: string[]) => spawnSync(terraformBinary(), args, { cwd: dir, env, encoding: "utf8", timeout: 300_000, maxBuffer: 256 * 1024 * 1024 });
    const init = run("init", "-input=false", "-no-color");
    if (init.status !== 0) throw new Error(`terraform init failed:\n${init.stderr}${init.stdout}`);
    const r = run("test", "-verbose", "-no-color");
    const output = `${r.stdout}${r.stderr}`;
    const m = /Plan: (\d+) to import, (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(output);
    return {
      status: r.status ?? 1,
      output: output.split("\n").filter((l) => /Error|error:/.test(l)).join("\n") || output.slice(0, 4000),
      imported: [...output.matchAll(/# (\S+) will be imported/g)].map((x) => x[1]).sort(),
      created: [...output.matchAll(/# (\S+) will be created/g)].map((x) => x[1]).sort(),
      summary: m ? { import: Number(m[1]), add: Number(m[2]), change: Number(m[3]), destroy: Number(m[4]) } : undefined,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function overridesFor(stack: StackJson, stacks: StackJson[], s: Scenario, a: Adopted) {
  const data: Record<string, unknown> = {};
  const state: Record<string, unknown> = {};
  const resources: Record<string, unknown> = {};
  for (const [logical, block] of Object.entries<Record<string, unknown>>(stack.json.resource?.aws_ssoadmin_permission_set ?? {})) {
    for (const name of Object.keys((block.for_each ?? {}) as object)) resources[`aws_ssoadmin_permission_set.${logical}[${JSON.stringify(name)}]`] = { arn: a.naming.permissionSetArns.get(name) };
  }
  for (const [type, byName] of Object.entries<Record<string, unknown>>(stack.json.data ?? {})) {
    for (const logical of Object.keys(byName)) {
      const target = `data.${type}.${logical}`;
      if (type === "aws_identitystore_groups") {
        data[target] = { groups: s.groups.map((g) => ({ group_id: ids.icGroup(s, g.name), display_name: g.name, description: "", external_ids: [{ id: ids.group(s, g.name), issuer: "https://scim.example" }] })) };
      } else if (type === "aws_identitystore_users") {
        data[target] = { users: s.users.map((u) => ({ user_id: ids.icUser(s, u), user_name: u, display_name: u, external_ids: [{ id: ids.user(s, u), issuer: "https://scim.example" }] })) };
      } else if (type === "terraform_remote_state" && logical.includes("entra-sso")) {
        state[target] = { outputs: entraOutputs(stack, stacks.find((x) => x.name === "entra-sso") as StackJson, s, a) };
      } else if (type === "terraform_remote_state" && logical === "identity-center") {
        state[target] = {
          outputs: {
            instance_arn: s.instanceArn,
            permission_set_arns: Object.fromEntries(a.naming.permissionSetArns),
            principal_ids: Object.fromEntries(a.naming.principalIds),
          },
        };
      } else throw new Error(`no stand-in for data source ${target}`);
    }
  }
  return { data, state, resources };
}

describe("the first plan of an adopted file (real Terraform, AWS provider 5.100.0 from the mirror, mock_provider)", () => {
  beforeAll(() => {
    if (!existsSync(join(MIRROR, "registry.terraform.io", "hashicorp", "aws", AWS_VERSION))) throw new Error(`the AWS provider ${AWS_VERSION} is not in ${MIRROR}`);
  });

  it.each([
    ["existing groups (objectId entries)", false],
    ["managed groups", true],
  ] as const)("GIVEN a console-made setup adopted with %s WHEN the AWS stacks are planned THEN every import block imports, nothing that exists is created, changed or destroyed", async (_label, manage) => {
    const s = smallScenario();
    const { a, stacks } = await adopted(s, manage);
    const aws = stacks.filter((x) => x.name.startsWith("identity-center"));
    expect(aws.map((x) => x.name)).toEqual(["identity-center", "identity-center-assignments-0"]);
    for (const stack of aws) {
      const r = planStack(stack, overridesFor(stack, stacks, s, a));
      expect({ stack: stack.name, status: r.status, output: r.status === 0 ? "" : r.output }).toEqual({ stack: stack.name, status: 0, output: "" });
      const expected = (a.plan.imports[stack.name] ?? []).map((b) => b.to).sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(r.imported).toEqual(expected);
      // Only the destroy guards are new (state only); they are exactly the not-importable instances of the stack.
      expect(r.created).toEqual(a.plan.outcomes.filter((o) => o.stack === stack.name && o.kind !== "import").map((o) => o.address).sort());
      expect(r.created.every((c) => c.startsWith("terraform_data."))).toBe(true);
      expect(r.summary).toEqual({ import: expected.length, add: r.created.length, change: 0, destroy: 0 });
    }
  }, 180_000);

  it("GIVEN an import block for an instance the stack does not have WHEN planned THEN Terraform refuses the plan instead of ignoring it (the check can fail)", async () => {
    const s = smallScenario();
    const { a, stacks } = await adopted(s, false);
    const shard = structuredClone(stacks.find((x) => x.name === "identity-center-assignments-0") as StackJson);
    // An import target outside the configuration (a key the stack does not have) is an error, not a silent create.
    shard.json.import = [...shard.json.import, { to: 'aws_ssoadmin_account_assignment.assignments["group:nobody/ViewOnlyAccess/999999999999"]', id: "x" }];
    const r = planStack(shard, overridesFor(shard, stacks, s, a));
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/Configuration for import target does not exist/);
  }, 120_000);
});
