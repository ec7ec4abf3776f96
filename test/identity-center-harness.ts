/**
 * Evaluates the identity-center stack's own Terraform expressions with the real `terraform` binary, provider-free:
 * the synthesized `locals` are copied verbatim; every data source, resource and cross-stack reference they read is
 * replaced by a typed input variable (types follow the aws 6.25 schemas) fed with fixture data; outputs expose the
 * results. `terraform init` needs no provider for this, so it runs offline in a fraction of a second.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The terraform binary (≥ 1.5): `TERRAFORM_BIN`, else `terraform` on the PATH. */
export const TERRAFORM = process.env.TERRAFORM_BIN ?? "terraform";

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

export interface Evaluation {
  readonly pending_principals: string[];
  readonly principal_matches: Record<string, string>;
  readonly grant_count: number;
  readonly pending_grant_count: number;
  /** Every account-assignment instance: key → its arguments as Terraform would send them. */
  readonly assignments: Record<string, { principal_id: string; principal_type: string; permission_set_arn: string; target_id: string; target_type: string }>;
  /** Extra expressions evaluated (by name). */
  readonly extra: Record<string, unknown>;
}

const EXTERNAL_IDS = "list(object({ id = string, issuer = string }))";
const TYPES = {
  groups: `list(object({ group_id = string, display_name = string, description = string, external_ids = ${EXTERNAL_IDS} }))`,
  users: `list(object({ user_id = string, user_name = string, display_name = string, external_ids = ${EXTERNAL_IDS} }))`,
  ou: "map(object({ id = string, parent_id = string, accounts = list(object({ arn = string, email = string, id = string, joined_method = string, joined_timestamp = string, name = string, state = string, status = string })) }))",
  sets: "map(object({ arn = string }))",
};

/** The single block id of a type, or undefined. */
function blockId(json: Record<string, any>, kind: "resource" | "data", type: string): string | undefined {
  const ids = Object.keys(json[kind]?.[type] ?? {});
  if (ids.length > 1) throw new Error(`expected at most one ${kind} ${type}`);
  return ids[0];
}

/** Replaces references to data sources, resources and remote state with fixture variables. */
function rewrite(text: string, json: Record<string, any>): string {
  let out = text;
  const swap = (kind: "resource" | "data", type: string, variable: string) => {
    const id = blockId(json, kind, type);
    if (id) out = out.split(`${kind === "data" ? "data." : ""}${type}.${id}`).join(variable);
  };
  swap("data", "aws_identitystore_groups", "{ groups = var.fx_groups }");
  swap("data", "aws_identitystore_users", "{ users = var.fx_users }");
  swap("data", "aws_organizations_organizational_unit_descendant_accounts", "var.fx_ou");
  swap("resource", "aws_ssoadmin_permission_set", "var.fx_permission_sets");
  return out.replace(/data\.terraform_remote_state\.[\w-]+\.outputs\./g, "var.fx_remote.");
}

/** A deterministic Entra object id for a group name or UPN (what `entra-sso` would export), lower-case. */
export function fakeObjectId(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Remote-state outputs the locals read (`outputs.<name>["<key>"].object_id`), filled from fixture object ids. */
function remoteOutputs(text: string, objectIds: Readonly<Record<string, string>>): Record<string, Record<string, { object_id: string }>> {
  const out: Record<string, Record<string, { object_id: string }>> = {};
  for (const m of text.matchAll(/outputs\.([\w-]+)\[\\?"([^"\\]+)\\?"\]\.object_id/g)) {
    const [, output, key] = m;
    out[output] ??= {};
    out[output][key] = { object_id: objectIds[key] ?? fakeObjectId(key) };
  }
  return out;
}

/**
 * Evaluates the stack's locals and assignment arguments against a fixture. `extra` maps names to output values: any
 * JSON taken from the synthesized stack (Terraform reads its strings as templates, as it would in the stack), or
 * expressions written against the stack's addresses; both are rewritten like the locals.
 */
export function evaluate(json: Record<string, any>, fixture: Fixture, extra: Record<string, unknown> = {}): Evaluation {
  const localsText = JSON.stringify(json.locals ?? {});
  const outputs: Record<string, { value: unknown }> = {};
  const stackOutput = (name: string, fallback: unknown) => ({ value: json.output?.[name]?.value ?? fallback });
  outputs.pending_principals = stackOutput("pending_principals", []);
  outputs.principal_matches = stackOutput("principal_matches", {});
  outputs.grant_count = stackOutput("grant_count", 0);
  outputs.pending_grant_count = stackOutput("pending_grant_count", 0);

  const assignmentId = blockId(json, "resource", "aws_ssoadmin_account_assignment");
  if (assignmentId) {
    const a = json.resource.aws_ssoadmin_account_assignment[assignmentId];
    const arg = (v: string) => (v.startsWith("${") ? v.slice(2, -1).replace(/each\.value/g, "v").replace(/each\.key/g, "k") : JSON.stringify(v));
    const forEach = a.for_each.slice(2, -1);
    const fields = ["principal_id", "principal_type", "permission_set_arn", "target_id", "target_type"].map((f) => `${f} = ${arg(a[f])}`);
    outputs.assignments = { value: `\${{ for k, v in ${forEach} : k => { ${fields.join(", ")} } }}` };
  } else {
    outputs.assignments = { value: {} };
  }
  for (const [name, expression] of Object.entries(extra)) outputs[`extra_${name}`] = { value: expression };

  const setNames = Object.keys(json.resource?.aws_ssoadmin_permission_set?.[blockId(json, "resource", "aws_ssoadmin_permission_set") ?? ""]?.for_each ?? {});
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

  const config = JSON.parse(rewrite(JSON.stringify({ locals: json.locals ?? {}, output: outputs }), json));
  config.variable = {
    fx_groups: { type: TYPES.groups },
    fx_users: { type: TYPES.users },
    fx_ou: { type: TYPES.ou },
    fx_permission_sets: { type: TYPES.sets },
    fx_remote: { type: "any" },
  };

  const dir = mkdtempSync(join(tmpdir(), "ic-terraform-"));
  try {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config, null, 1));
    writeFileSync(join(dir, "fixture.tfvars.json"), JSON.stringify(tfvars, null, 1));
    const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
    const run = (args: string[]) => execFileSync(TERRAFORM, [`-chdir=${dir}`, ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    try {
      run(["init", "-input=false", "-no-color"]);
      run(["apply", "-auto-approve", "-input=false", "-no-color", "-var-file=fixture.tfvars.json"]);
    } catch (e) {
      const err = e as { code?: string; stderr?: string; stdout?: string; message: string };
      if (err.code === "ENOENT") throw new Error(`cannot run ${TERRAFORM}: install Terraform >= 1.5 or set TERRAFORM_BIN`);
      throw new Error(`terraform failed:\n${err.stderr ?? ""}${err.stdout ?? ""}`);
    }
    const raw = JSON.parse(run(["output", "-json"])) as Record<string, { value: unknown }>;
    const value = (name: string) => raw[name]?.value;
    return {
      pending_principals: value("pending_principals") as string[],
      principal_matches: value("principal_matches") as Record<string, string>,
      grant_count: value("grant_count") as number,
      pending_grant_count: value("pending_grant_count") as number,
      assignments: (value("assignments") ?? {}) as Evaluation["assignments"],
      extra: Object.fromEntries(Object.keys(extra).map((n) => [n, value(`extra_${n}`)])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
