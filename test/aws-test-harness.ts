/**
 * Plans synthesized AWS stacks with the real AWS provider and `terraform test`, offline: `mock_provider "aws"` (the
 * provider's real schema and validation, no API call) and `override_data` for what the stacks read at plan time
 * (IAM Identity Center instance, identity store, OUs, remote state). Each stack's JSON is used as synthesized, in a
 * copy where only two things are adapted for the run: the aws version constraint (to the mirrored version) and the
 * backend (removed: `terraform test` keeps state in memory, and an S3 backend would need the network at init).
 *
 * One `terraform test -json -verbose` per call: every run block's status and diagnostics, and for `command = plan`
 * the plan Terraform prints (resource_changes with actions and planned values, output_changes), for `apply` the
 * state's outputs. Run blocks share state through `state_key`.
 */
import { blocks } from "./helpers";
import { type AwsMirror, withTerraform } from "./terraform";

/** The pinned AWS provider of the synthesized stacks (package.json: @cdktf/provider-aws 21.22.1). */
export const PINNED_AWS_VERSION = "6.25.0";

/** A copy of a synthesized stack for the mirrored provider: only the aws version constraint and the backend differ. */
export function adaptForMirror(json: Record<string, any>, mirror: AwsMirror): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(json));
  const aws = copy.terraform?.required_providers?.aws;
  if (aws?.version !== PINNED_AWS_VERSION) throw new Error(`expected the stack to pin aws ${PINNED_AWS_VERSION}, found ${JSON.stringify(aws)}`);
  aws.version = mirror.version;
  delete copy.terraform.backend;
  return copy;
}

/** A value as an HCL expression: JSON is HCL's object/tuple syntax; template sequences are escaped. */
export function hcl(value: unknown): string {
  return JSON.stringify(value).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}

/** `data.<type>.<logical id>` of the single data source of a type in a stack (its address in plans and overrides). */
export function dataAddress(json: Record<string, any>, type: string): string {
  const ids = Object.keys(blocks(json, type, "data"));
  if (ids.length !== 1) throw new Error(`expected one data ${type}, found ${ids.length}`);
  return `data.${type}.${ids[0]}`;
}

export interface Override {
  /** A data source address, or one instance of it (`data.x.y["ou-…"]`). */
  readonly target: string;
  readonly values: unknown;
}

export interface Run {
  readonly name: string;
  /** The module folder (a key of `modules`). */
  readonly module: string;
  readonly command: "plan" | "apply";
  readonly stateKey?: string;
  readonly overrides?: readonly Override[];
  /** HCL conditions checked by Terraform in the run, with their messages. */
  readonly asserts?: readonly { readonly condition: string; readonly message: string }[];
  /** Checkable objects expected to fail (`expect_failures`), e.g. a data source's postcondition. */
  readonly expectFailures?: readonly string[];
}

export interface RunResult {
  readonly status: string;
  readonly diagnostics: readonly string[];
  /** For `command = plan`: the plan as `terraform test -verbose` prints it. */
  readonly plan?: any;
  /** For `command = apply`: the state as `terraform test -verbose` prints it. */
  readonly state?: any;
}

/** `mock_provider "aws"` with valid ARNs for what an apply computes (the provider validates ARNs it is given later). */
const MOCK_PROVIDER = `
mock_provider "aws" {
  mock_resource "aws_ssoadmin_permission_set" {
    defaults = {
      arn = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef"
    }
  }
}
`;

function renderRun(r: Run): string {
  const lines = [`run "${r.name}" {`, `  command = ${r.command}`, `  module {`, `    source = "./${r.module}"`, `  }`];
  if (r.stateKey) lines.push(`  state_key = "${r.stateKey}"`);
  for (const o of r.overrides ?? []) lines.push(`  override_data {`, `    target = ${o.target}`, `    values = ${hcl(o.values)}`, `  }`);
  for (const a of r.asserts ?? []) lines.push(`  assert {`, `    condition     = ${a.condition}`, `    error_message = ${hcl(a.message)}`, `  }`);
  if (r.expectFailures?.length) lines.push(`  expect_failures = [${r.expectFailures.join(", ")}]`);
  lines.push("}");
  return lines.join("\n");
}

/** Writes the modules and one test file of `runs`, runs `terraform test`, and returns each run's result by name. */
export function terraformTest(mirror: AwsMirror, modules: Record<string, Record<string, any>>, runs: readonly Run[]): Record<string, RunResult> {
  return withTerraform(
    "aws-test-",
    (tf) => {
      tf.write("# root of the test: every run names its module\n", "main.tf");
      for (const [name, json] of Object.entries(modules)) tf.write(json, `${name}/cdk.tf.json`);
      tf.write(`${MOCK_PROVIDER}\n${runs.map(renderRun).join("\n\n")}\n`, "tests/stacks.tftest.hcl");
      tf.init();
      const r = tf.run("test", "-json", "-verbose", "-no-color");
      const results: Record<string, { status: string; diagnostics: string[]; plan?: any; state?: any }> = {};
      const fileDiagnostics: string[] = [];
      for (const line of r.stdout.split("\n").filter(Boolean)) {
        const m = JSON.parse(line);
        const run = m["@testrun"] as string | undefined;
        const entry = run ? (results[run] ??= { status: "unknown", diagnostics: [] }) : undefined;
        if (m.type === "test_run" && m.test_run?.progress === "complete") entry!.status = m.test_run.status;
        else if (m.type === "diagnostic") (entry?.diagnostics ?? fileDiagnostics).push(`${m.diagnostic.summary}: ${m.diagnostic.detail ?? ""}`.trim());
        else if (m.type === "test_plan") entry!.plan = m.test_plan;
        else if (m.type === "test_state") entry!.state = m.test_state;
      }
      const missing = runs.filter((x) => !results[x.name]);
      if (missing.length) throw new Error(`terraform test did not run ${missing.map((x) => x.name).join(", ")}:\n${fileDiagnostics.join("\n")}\n${r.stderr}`);
      return results;
    },
    mirror.env,
  );
}

/** The planned instances of a plan: address → actions joined (`create`, `no-op`, `delete,create`). */
export function plannedActions(plan: any): Record<string, string> {
  return Object.fromEntries((plan?.resource_changes ?? []).filter((rc: any) => rc.mode === "managed").map((rc: any) => [rc.address, rc.change.actions.join(",")]));
}

/** An output's planned value (known at plan time), or undefined. */
export function plannedOutput(plan: any, name: string): unknown {
  return plan?.output_changes?.[name]?.after;
}
