/**
 * Plans, states and outputs as the real Terraform 1.11 writes them (`terraform show -json`, `terraform output -json`,
 * `terraform plan -json`), for the review tools' tests: nothing here is written by hand but the configurations.
 *
 * - Provider-free (`terraform_data`, outputs, `moved`/`removed`/`check` blocks, the built-in `terraform_remote_state`),
 *   so they run wherever `terraform` does: a first deploy, then a change of everything Terraform can plan (update,
 *   replacement with its forcing path, deletion, a move, a forget, a read deferred to apply, a failing check, outputs
 *   added, changed, removed and a sensitive one changed), no change, and a destroy. A canary token flows through a
 *   sensitive variable into a resource and a sensitive output: plan JSON carries it in clear.
 * - With the real AWS provider (a filesystem mirror, test/terraform.ts `awsMirror`), offline: a first deploy of
 *   permission sets, account assignments keyed like ours and a Secrets Manager secret version; then a change planned
 *   with `-refresh=false` against a state built from the first plan's planned values (unknown ids and ARNs filled in):
 *   a grant moved to another account, a renamed (replaced) permission set, a session change.
 */
import { awsMirror, TerraformWorkspace, withTerraform } from "./terraform";

export const TOKEN_BEFORE = "CANARY-scim-token-before-7f3a";
export const TOKEN_AFTER = "CANARY-scim-token-after-91c2";

export interface ProviderFreePlans {
  readonly created: any;
  readonly changed: any;
  readonly unchanged: any;
  readonly destroy: any;
  /** `terraform show -json` without a plan file, after an apply. */
  readonly state: any;
  /** `terraform show -json` in a directory without state: `{"format_version":"1.0"}`. */
  readonly emptyState: any;
  /** `terraform output -json` after an apply. */
  readonly outputs: any;
  /** `terraform plan -json` (the machine-readable log, one JSON object a line). */
  readonly planLog: string;
}

const grants = (keys: string[]) => `[${keys.map((k) => JSON.stringify(k)).join(", ")}]`;

const BEFORE = `
variable "token" {
  type      = string
  sensitive = true
  default   = "${TOKEN_BEFORE}"
}
resource "terraform_data" "grant" {
  for_each = toset(${grants(["group:a/Admin/111111111111", "group:b/Read/222222222222", "group:c/Read/333333333333"])})
  input    = each.key
}
resource "terraform_data" "set" {
  for_each         = { Admin = "PT1H", Read = "PT8H" }
  input            = { session_duration = each.value, name = each.key }
  triggers_replace = each.key
}
resource "terraform_data" "old" {
  input = "x"
}
resource "terraform_data" "kept" {
  input = "y"
}
resource "terraform_data" "secret" {
  input = var.token
}
output "plain" {
  value = "one"
}
output "gone" {
  value = "bye"
}
output "secret" {
  value     = var.token
  sensitive = true
}
`;

const AFTER = `
variable "token" {
  type      = string
  sensitive = true
  default   = "${TOKEN_AFTER}"
}
resource "terraform_data" "grant" {
  for_each = toset(${grants(["group:a/Admin/111111111111", "group:b/Read/222222222222", "group:d/Read/444444444444"])})
  input    = each.key
}
resource "terraform_data" "set" {
  for_each         = { Admin = "PT2H", Read = "PT8H" }
  input            = { session_duration = each.value, name = each.key }
  triggers_replace = each.key == "Read" ? "Read-v2" : each.key
}
moved {
  from = terraform_data.old
  to   = terraform_data.renamed
}
resource "terraform_data" "renamed" {
  input = "x"
}
removed {
  from = terraform_data.kept
  lifecycle {
    destroy = false
  }
}
resource "terraform_data" "secret" {
  input = var.token
}
data "terraform_remote_state" "later" {
  backend = "local"
  config  = { path = terraform_data.grant["group:d/Read/444444444444"].output }
}
check "grants" {
  assert {
    condition     = length(terraform_data.grant) == 5
    error_message = "expected five grants"
  }
}
output "plain" {
  value = "two"
}
output "added" {
  value = terraform_data.grant["group:d/Read/444444444444"].output
}
output "secret" {
  value     = var.token
  sensitive = true
}
`;

const showSaved = (tf: TerraformWorkspace, ...planArgs: string[]) => {
  tf.ok("plan", "-input=false", "-no-color", "-out=plan.out", ...planArgs);
  return tf.showPlan("plan.out");
};

let providerFree: ProviderFreePlans | undefined;

/** The provider-free plans (made once per test file, about 3 s). */
export function providerFreePlans(): ProviderFreePlans {
  if (providerFree) return providerFree;
  const emptyState = withTerraform("plans-empty-", (tf) => JSON.parse(tf.ok("show", "-json", "-no-color").stdout));
  providerFree = withTerraform("plans-", (tf) => {
    tf.write(BEFORE, "main.tf");
    tf.init();
    const created = showSaved(tf);
    tf.apply();
    const unchanged = showSaved(tf);
    const state = JSON.parse(tf.ok("show", "-json", "-no-color").stdout);
    const outputs = tf.outputs();
    const planLog = tf.ok("plan", "-json", "-input=false").stdout;
    const destroy = showSaved(tf, "-destroy");
    tf.write(AFTER, "main.tf");
    const changed = showSaved(tf);
    return { created, changed, unchanged, destroy, state, emptyState, outputs, planLog };
  });
  return providerFree;
}

/**
 * A first plan with `import` blocks, as after `federation adopt` (provider-free: the built-in `terraform_data` imports
 * any id): an import with nothing else to do (`no-op`), an import that also updates, imports of `for_each` instances
 * keyed like our grants, one gated on a count like the synchronization job (`for_each = … ? [0] : []`), and a create.
 */
const IMPORTS = `
locals {
  ready = true
}
resource "terraform_data" "kept" {}
resource "terraform_data" "changed" {
  input = "x"
}
resource "terraform_data" "grant" {
  for_each = toset(${grants(["group:a/Admin/111111111111", "group:b/Read/222222222222"])})
}
resource "terraform_data" "job" {
  count = local.ready ? 1 : 0
}
resource "terraform_data" "new" {}
import {
  to = terraform_data.kept
  id = "kept-1"
}
import {
  to = terraform_data.changed
  id = "changed-1"
}
import {
  for_each = toset(${grants(["group:a/Admin/111111111111", "group:b/Read/222222222222"])})
  to       = terraform_data.grant[each.key]
  id       = "assignment-\${each.key}"
}
import {
  for_each = (local.ready ? 1 : 0) > 0 ? [0] : []
  to       = terraform_data.job[each.value]
  id       = "/servicePrincipals/sp/synchronization/jobs/job-1"
}
`;

let imports: any;

/** The plan of IMPORTS (`terraform show -json`), made once per test file. */
export function importPlan(): any {
  if (imports) return imports;
  imports = withTerraform("plans-imports-", (tf) => {
    tf.write(IMPORTS, "main.tf");
    tf.init();
    return showSaved(tf);
  });
  return imports;
}

export interface AwsPlans {
  readonly created: any;
  readonly changed: any;
}

const awsConfig = (version: string, body: string) => `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "${version}" }
  }
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAOFFLINEEXAMPLE"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
${body}`;

const awsBody = (sessions: Record<string, string>, grantKeys: string[], token: string) => `
locals {
  instance = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
}
resource "aws_ssoadmin_permission_set" "sets" {
  for_each         = ${JSON.stringify(sessions).replace(/":/g, '" =')}
  name             = each.key
  instance_arn     = local.instance
  session_duration = each.value
}
resource "aws_ssoadmin_account_assignment" "assignments" {
  for_each           = toset(${grants(grantKeys)})
  instance_arn       = local.instance
  permission_set_arn = aws_ssoadmin_permission_set.sets[split("/", each.key)[1]].arn
  principal_id       = "90676e2a44-11111111-2222-3333-4444-555555555555"
  principal_type     = "GROUP"
  target_id          = split("/", each.key)[2]
  target_type        = "AWS_ACCOUNT"
}
resource "aws_secretsmanager_secret_version" "scim" {
  secret_id     = "identity-federation/scim"
  secret_string = jsonencode({ endpoint = "https://scim.us-east-1.amazonaws.com/x/scim/v2", token = "${token}" })
}
`;

/** Local state with the resources of a plan's planned values, unknown ids and ARNs filled in (for `-refresh=false`). */
function stateFrom(plan: any): unknown {
  const byResource = new Map<string, { mode: string; type: string; name: string; each?: string; instances: unknown[] }>();
  for (const r of plan.planned_values.root_module.resources) {
    const id = `${r.mode}.${r.type}.${r.name}`;
    const entry = byResource.get(id) ?? { mode: r.mode, type: r.type, name: r.name, ...(r.index !== undefined ? { each: "map" } : {}), instances: [] as unknown[] };
    const suffix = String(r.index ?? r.name).replace(/[^\w]/g, "-");
    const attributes = { ...r.values, id: r.values.id ?? `id-${suffix}`, arn: r.values.arn ?? `arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-${suffix}` };
    entry.instances.push({ ...(r.index !== undefined ? { index_key: r.index } : {}), schema_version: 0, attributes, sensitive_attributes: [] });
    byResource.set(id, entry);
  }
  return {
    version: 4,
    terraform_version: plan.terraform_version,
    serial: 1,
    lineage: "0b7c3e1a-0000-4000-8000-000000000001",
    outputs: {},
    resources: [...byResource.values()].map((r) => ({ ...r, provider: 'provider["registry.terraform.io/hashicorp/aws"]' })),
    check_results: null,
  };
}

let aws: AwsPlans | undefined;

/** Plans of the real AWS provider (needs `awsMirror()`; about 5 s). */
export function awsPlans(): AwsPlans {
  if (aws) return aws;
  const mirror = awsMirror();
  if (!mirror) throw new Error("awsPlans() needs the AWS provider mirror (describeWithAwsMirror)");
  aws = withTerraform(
    "plans-aws-",
    (tf) => {
      tf.write(awsConfig(mirror.version, awsBody({ Admin: "PT1H", Read: "PT8H" }, ["group:admins/Admin/111111111111", "group:readers/Read/222222222222"], TOKEN_BEFORE)), "main.tf");
      tf.init();
      const created = showSaved(tf);
      tf.write(stateFrom(created), "terraform.tfstate");
      tf.write(awsConfig(mirror.version, awsBody({ Administrator: "PT1H", Read: "PT4H" }, ["group:admins/Administrator/111111111111", "group:readers/Read/333333333333"], TOKEN_AFTER)), "main.tf");
      const changed = showSaved(tf, "-refresh=false");
      return { created, changed };
    },
    mirror.env,
  );
  return aws;
}
