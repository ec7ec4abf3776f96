/**
 * Evaluates the identity-center stack and its assignment shard stacks with the real `terraform` binary,
 * provider-free: each stack becomes a local module holding its synthesized `locals` verbatim; every data source,
 * resource and cross-stack reference they read is replaced by a typed input variable (types follow the aws 6.25
 * schemas) fed with fixture data. A shard reads `identity-center`'s outputs exactly as in the stack (through
 * `terraform_remote_state`), here from the identity-center module's outputs, so an output a shard needs but
 * identity-center does not have fails the evaluation. One `terraform init` (local modules only, no provider) and
 * one `apply`, offline, in a fraction of a second.
 */
import { createHash } from "node:crypto";
import { address, blocks, forEachOf, only, type SynthesizedStacks } from "./helpers";
import { withTerraform } from "./terraform";

export interface ExternalId {
  readonly id: string;
  readonly issuer?: string;
}
export interface FixtureGroup {
  readonly group_id: string;
  readonly display_name: string;
  readonly external_ids?: readonly ExternalId[] | null;
}
export interface FixtureUser {
  readonly user_id: string;
  readonly user_name: string;
  readonly external_ids?: readonly ExternalId[] | null;
}
export interface FixtureAccount {
  readonly id: string;
  /** AWS Organizations account state (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION); "" when not returned. */
  readonly state?: string;
  /** The retired account status; "" when not returned. */
  readonly status?: string;
}

export interface Fixture {
  /** The identity store's groups (`data aws_identitystore_groups`). */
  readonly groups?: readonly FixtureGroup[];
  /** The identity store's users (`data aws_identitystore_users`). */
  readonly users?: readonly FixtureUser[];
  /** Accounts below each OU or root id (`data aws_organizations_organizational_unit_descendant_accounts`). */
  readonly ouAccounts?: Readonly<Record<string, readonly FixtureAccount[]>>;
  /** Entra object ids by group name / UPN (what `entra-sso` exports). @default fakeObjectId(name) */
  readonly objectIds?: Readonly<Record<string, string>>;
}

export type AssignmentArguments = { principal_id: string; principal_type: string; permission_set_arn: string; target_id: string; target_type: string };

export interface Evaluation {
  readonly pending_principals: string[];
  readonly principal_matches: Record<string, string>;
  /** Summed over the assignment stacks. */
  readonly grant_count: number;
  /** Summed over the assignment stacks. */
  readonly pending_grant_count: number;
  /** Every account-assignment instance of every assignment stack: key → its arguments as Terraform would send them. */
  readonly assignments: Record<string, AssignmentArguments>;
  /** The instance keys of each assignment stack (by stack name). */
  readonly assignmentsByStack: Record<string, string[]>;
  /** Extra expressions evaluated in the identity-center stack (by name). */
  readonly extra: Record<string, unknown>;
}

const SHARD_PREFIX = "identity-center-assignments-";

const EXTERNAL_IDS = "list(object({ id = string, issuer = string }))";
const TYPES = {
  groups: `list(object({ group_id = string, display_name = string, description = string, external_ids = ${EXTERNAL_IDS} }))`,
  users: `list(object({ user_id = string, user_name = string, display_name = string, external_ids = ${EXTERNAL_IDS} }))`,
  ou: "map(object({ id = string, parent_id = string, accounts = list(object({ arn = string, email = string, id = string, joined_method = string, joined_timestamp = string, name = string, state = string, status = string })) }))",
  sets: "map(object({ arn = string }))",
};

/** Replaces references to data sources, resources and remote state with fixture variables. */
function rewrite(text: string, json: Record<string, any>): string {
  let out = text;
  const swap = (kind: "resource" | "data", type: string, variable: string) => {
    if (Object.keys(blocks(json, type, kind)).length > 0) out = out.split(address(json, type, kind)).join(variable);
  };
  swap("data", "aws_identitystore_groups", "{ groups = var.fx_groups }");
  swap("data", "aws_identitystore_users", "{ users = var.fx_users }");
  swap("data", "aws_organizations_organizational_unit_descendant_accounts", "var.fx_ou");
  // (The text is JSON: quotes inside an expression are escaped.)
  swap("data", "aws_ssoadmin_instances", JSON.stringify('{ arns = ["arn:aws:sso:::instance/ssoins-fixture"], identity_store_ids = ["d-fixture"] }').slice(1, -1));
  swap("resource", "aws_ssoadmin_permission_set", "var.fx_permission_sets");
  // A shard reads identity-center's outputs; identity-center reads entra-sso's.
  out = out.replace(/data\.terraform_remote_state\.identity-center\.outputs\./g, "var.fx_ic.");
  return out.replace(/data\.terraform_remote_state\.[\w-]+\.outputs\./g, "var.fx_remote.");
}

/** A deterministic Entra object id for a group name or UPN (what `entra-sso` would export), lower-case. */
export function fakeObjectId(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Remote-state outputs the locals read (`outputs.<name>["<key>"].object_id` / `.display_name`): object ids from the
 * fixture, display names equal to the key (what entra-sso exports for an existing group named like its key).
 */
function remoteOutputs(text: string, objectIds: Readonly<Record<string, string>>): Record<string, Record<string, { object_id: string; display_name: string }>> {
  const out: Record<string, Record<string, { object_id: string; display_name: string }>> = {};
  for (const m of text.matchAll(/outputs\.([\w-]+)\[\\?"([^"\\]+)\\?"\]\.(?:object_id|display_name)/g)) {
    const [, output, key] = m;
    out[output] ??= {};
    out[output][key] = { object_id: objectIds[key] ?? fakeObjectId(key), display_name: key };
  }
  return out;
}

/** Arguments of the single account-assignment resource of a stack as one `for` expression over its `for_each`. */
function assignmentsExpression(json: Record<string, any>): unknown {
  if (Object.keys(blocks(json, "aws_ssoadmin_account_assignment")).length === 0) return {};
  const a = only(json, "aws_ssoadmin_account_assignment");
  const arg = (v: string) => (v.startsWith("${") ? v.slice(2, -1).replace(/each\.value/g, "v").replace(/each\.key/g, "k") : JSON.stringify(v));
  const fields = ["principal_id", "principal_type", "permission_set_arn", "target_id", "target_type"].map((f) => `${f} = ${arg(a[f])}`);
  return `\${{ for k, v in ${a.for_each.slice(2, -1)} : k => { ${fields.join(", ")} } }}`;
}

/** A module directory's configuration: the stack's locals verbatim and the given outputs, rewritten. */
function moduleConfig(json: Record<string, any>, outputs: Record<string, unknown>, variables: readonly string[]): Record<string, unknown> {
  const config = JSON.parse(rewrite(JSON.stringify({ locals: json.locals ?? {}, output: Object.fromEntries(Object.entries(outputs).map(([n, v]) => [n, { value: v }])) }), json));
  if (Object.keys(config.locals).length === 0) delete config.locals;
  config.variable = Object.fromEntries(variables.map((v) => [v, { type: "any" }]));
  return config;
}

/**
 * Evaluates identity-center (principal resolution, pending, the outputs shards read) and every
 * `identity-center-assignments-*` stack (OU merge, exclusions, ACTIVE filter, keys held by another shard, pending
 * grants) against a fixture. `extra` maps names to output values evaluated in the identity-center stack: any JSON
 * taken from the synthesized stack (Terraform reads its strings as templates, as it would in the stack), or
 * expressions written against the stack's addresses; both are rewritten like the locals.
 */
export function evaluate(stacks: SynthesizedStacks, fixture: Fixture, extra: Record<string, unknown> = {}): Evaluation {
  const ic = stacks["identity-center"];
  if (!ic) throw new Error("no identity-center stack");
  const shardNames = Object.keys(stacks)
    .filter((n) => n.startsWith(SHARD_PREFIX))
    .sort((a, b) => Number(a.slice(SHARD_PREFIX.length)) - Number(b.slice(SHARD_PREFIX.length)));

  // identity-center: what the report reads, what shards read (only those outputs: others need more fixtures), extras.
  const shardText = shardNames.map((n) => JSON.stringify(stacks[n])).join("\n");
  const read = new Set([...shardText.matchAll(/data\.terraform_remote_state\.identity-center\.outputs\.([\w-]+)/g)].map((m) => m[1]));
  const icOutputs: Record<string, unknown> = {
    pending_principals: ic.output?.pending_principals?.value ?? [],
    principal_matches: ic.output?.principal_matches?.value ?? {},
  };
  for (const name of read) {
    if (!ic.output?.[name]) throw new Error(`an assignment stack reads identity-center output ${name}, which identity-center does not have`);
    icOutputs[name] = ic.output[name].value;
  }
  for (const [name, expression] of Object.entries(extra)) icOutputs[`extra_${name}`] = expression;

  const localsText = JSON.stringify(ic.locals ?? {});
  const setNames = Object.keys(blocks(ic, "aws_ssoadmin_permission_set")).length > 0 ? Object.keys(forEachOf(ic, "aws_ssoadmin_permission_set")) : [];
  const tfvars = {
    fx_groups: (fixture.groups ?? []).map((g) => ({
      group_id: g.group_id,
      display_name: g.display_name,
      description: null,
      external_ids: g.external_ids === null ? null : (g.external_ids ?? []).map((e) => ({ id: e.id, issuer: e.issuer ?? null })),
    })),
    fx_users: (fixture.users ?? []).map((u) => ({
      user_id: u.user_id,
      user_name: u.user_name,
      display_name: u.user_name,
      external_ids: u.external_ids === null ? null : (u.external_ids ?? []).map((e) => ({ id: e.id, issuer: e.issuer ?? null })),
    })),
    fx_ou: Object.fromEntries(
      Object.entries(fixture.ouAccounts ?? {}).map(([parent, accounts]) => [
        parent,
        {
          id: parent,
          parent_id: parent,
          accounts: accounts.map((acc) => ({
            arn: `arn:aws:organizations::000000000000:account/o-example/${acc.id}`,
            email: `${acc.id}@example.com`,
            id: acc.id,
            joined_method: "CREATED",
            joined_timestamp: "2024-01-01T00:00:00Z",
            name: `account-${acc.id}`,
            state: acc.state ?? "",
            status: acc.status ?? "",
          })),
        },
      ]),
    ),
    fx_permission_sets: Object.fromEntries(setNames.map((n) => [n, { arn: `arn:aws:sso:::permissionSet/ssoins-test/ps-${n}` }])),
    fx_remote: remoteOutputs(localsText, fixture.objectIds ?? {}),
  };

  const modules: Record<string, Record<string, unknown>> = {
    ic: moduleConfig(ic, icOutputs, ["fx_groups", "fx_users", "fx_permission_sets", "fx_remote"]),
  };
  const root: Record<string, any> = {
    variable: {
      fx_groups: { type: TYPES.groups },
      fx_users: { type: TYPES.users },
      fx_ou: { type: TYPES.ou },
      fx_permission_sets: { type: TYPES.sets },
      fx_remote: { type: "any" },
    },
    module: {
      ic: { source: "./ic", fx_groups: "${var.fx_groups}", fx_users: "${var.fx_users}", fx_permission_sets: "${var.fx_permission_sets}", fx_remote: "${var.fx_remote}" },
    },
    output: Object.fromEntries(Object.keys(icOutputs).map((n) => [n, { value: `\${module.ic.${n}}` }])),
  };
  shardNames.forEach((name, i) => {
    const json = stacks[name];
    modules[`shard${i}`] = moduleConfig(
      json,
      { assignments: assignmentsExpression(json), grant_count: json.output?.grant_count?.value ?? 0, pending_grant_count: json.output?.pending_grant_count?.value ?? 0 },
      ["fx_ou", "fx_ic"],
    );
    root.module[`shard${i}`] = { source: `./shard${i}`, fx_ou: "${var.fx_ou}", fx_ic: "${module.ic}" };
    root.output[`shard${i}`] = { value: `\${module.shard${i}}` };
  });

  return withTerraform("ic-terraform-", (tf) => {
    tf.write(root);
    for (const [name, config] of Object.entries(modules)) tf.write(config, `${name}/main.tf.json`);
    tf.write(tfvars, "fixture.tfvars.json");
    tf.init();
    tf.apply("-var-file=fixture.tfvars.json");
    const raw = tf.outputs();
    const assignments: Record<string, AssignmentArguments> = {};
    const assignmentsByStack: Record<string, string[]> = {};
    let grantCount = 0;
    let pendingCount = 0;
    shardNames.forEach((name, i) => {
      const shard = raw[`shard${i}`]?.value ?? {};
      const mine = (shard.assignments ?? {}) as Record<string, AssignmentArguments>;
      for (const [key, value] of Object.entries(mine)) {
        if (assignments[key]) throw new Error(`grant ${key} is assigned by two stacks: ${Object.keys(assignmentsByStack).find((s) => assignmentsByStack[s].includes(key))} and ${name}`);
        assignments[key] = value;
      }
      assignmentsByStack[name] = Object.keys(mine).sort();
      grantCount += Number(shard.grant_count ?? 0);
      pendingCount += Number(shard.pending_grant_count ?? 0);
    });
    return {
      pending_principals: raw.pending_principals?.value as string[],
      principal_matches: raw.principal_matches?.value as Record<string, string>,
      grant_count: grantCount,
      pending_grant_count: pendingCount,
      assignments,
      assignmentsByStack,
      extra: Object.fromEntries(Object.keys(extra).map((n) => [n, raw[`extra_${n}`]?.value])),
    };
  });
}
