/**
 * Plan summary on plans the real Terraform 1.11 writes (test/real-plans.ts: provider-free plans everywhere, plans of
 * the real AWS provider where its mirror is): grouping by meaning, replacements and deletions flagged, output
 * changes as Terraform shapes them (`output_changes.<name>.actions`), forgotten and deferred resources, failed checks,
 * no secret values, and everything that is not a plan refused with a message saying what it is.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli";
import { readJsonInput } from "../src/commands/input";
import { actionOf, categoryOf, parseGrantKey, PlanFormatError, type PlanSummary, summarizePlan } from "../src/review/plan-summary";
import { renderPlanSummaryMarkdown } from "../src/review/plan-summary-markdown";
import { capturedIo, ROOT } from "./helpers";
import { awsPlans, importPlan, providerFreePlans, TOKEN_AFTER, TOKEN_BEFORE } from "./real-plans";
import { describeWithAwsMirror } from "./terraform";

const plans = providerFreePlans();
const category = (s: PlanSummary, c: string) => s.categories.find((x) => x.category === c)?.changes ?? [];
const copy = (x: unknown): any => JSON.parse(JSON.stringify(x));

const capture = (cwd = ROOT) => capturedIo(cwd);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "plan-summary-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const p = join(work, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
};

describe("plans Terraform writes, provider-free", () => {
  test("GIVEN a first deploy WHEN summarized THEN every resource is a create and every output a create, nothing flagged", () => {
    const s = summarizePlan(plans.created);
    expect(s).toMatchObject({ terraformVersion: "1.11.4", formatVersion: plans.created.format_version, errored: false });
    expect(s.totals).toMatchObject({ create: 8, update: 0, replace: 0, delete: 0, unknown: 0 });
    expect(s.outputs).toEqual([
      { name: "gone", action: "create" },
      { name: "plain", action: "create" },
      { name: "secret", action: "create" },
    ]);
    expect(s.flagged).toEqual([]);
    expect(s.notes).toEqual([]);
  });

  test("GIVEN a change of everything Terraform can plan WHEN summarized THEN each action is read from change.actions as Terraform writes it", () => {
    const s = summarizePlan(plans.changed);
    expect(s.totals).toEqual({ create: 1, update: 2, replace: 1, delete: 1, forget: 1, read: 1, "no-op": 3, unknown: 0 });
    expect(category(s, "other").map((c) => [c.address, c.action])).toEqual([
      ['terraform_data.grant["group:c/Read/333333333333"]', "delete"],
      ['terraform_data.grant["group:d/Read/444444444444"]', "create"],
      ["terraform_data.kept", "forget"],
      ["terraform_data.secret", "update"],
      ['terraform_data.set["Admin"]', "update"],
      ['terraform_data.set["Read"]', "replace"],
    ]);
    expect(s.notes).toEqual([]);
  });

  test("GIVEN a replacement and a deletion WHEN summarized THEN both are flagged with Terraform's reason and the forcing path", () => {
    const s = summarizePlan(plans.changed);
    expect(s.flagged.map((c) => [c.address, c.action, c.reason, c.replacePaths])).toEqual([
      ['terraform_data.grant["group:c/Read/333333333333"]', "delete", "delete_because_each_key", undefined],
      ['terraform_data.set["Read"]', "replace", "replace_because_cannot_update", ["triggers_replace"]],
    ]);
    expect(renderPlanSummaryMarkdown(s)).toContain("forced by: triggers_replace");
  });

  test("GIVEN output changes (Terraform puts actions directly on each output) WHEN summarized THEN added, changed and removed outputs show their action", () => {
    expect(summarizePlan(plans.changed).outputs).toEqual([
      { name: "added", action: "create" },
      { name: "gone", action: "delete" },
      { name: "plain", action: "update" },
      { name: "secret", action: "update" },
    ]);
    expect(summarizePlan(plans.destroy).outputs.map((o) => o.action)).toEqual(["delete", "delete", "delete"]);
  });

  test("GIVEN a removed block with destroy = false WHEN summarized THEN the resource is a forget, not a deletion, and says it is left in place", () => {
    const forgotten = summarizePlan(plans.changed).categories.flatMap((c) => c.changes).find((c) => c.action === "forget");
    expect(forgotten).toMatchObject({ address: "terraform_data.kept", reason: "delete_because_no_resource_config" });
    expect(forgotten?.consequence).toContain("not destroyed");
    expect(renderPlanSummaryMarkdown(summarizePlan(plans.changed))).toContain("| ⊘ forget | `terraform_data.kept` |");
  });

  test("GIVEN a moved resource and a data read deferred to apply WHEN summarized THEN they are counted (no-op, read) and not listed as changes", () => {
    const s = summarizePlan(plans.changed);
    const listed = s.categories.flatMap((c) => c.changes).map((c) => c.address);
    expect(listed).not.toContain("terraform_data.renamed");
    expect(listed).not.toContain("data.terraform_remote_state.later");
    expect(s.totals.read).toBe(1);
  });

  test("GIVEN a check block that fails WHEN summarized THEN its message is listed", () => {
    expect(summarizePlan(plans.changed).failedChecks).toEqual([{ address: "check.grants", status: "fail", problems: ["expected five grants"] }]);
  });

  test("GIVEN a plan without changes WHEN rendered THEN it says so and flags nothing", () => {
    const s = summarizePlan(plans.unchanged);
    expect([s.flagged, s.categories, s.outputs]).toEqual([[], [], []]);
    expect(renderPlanSummaryMarkdown(s)).toContain("No changes.");
  });

  test("GIVEN a destroy plan WHEN summarized THEN every resource is a deletion and flagged", () => {
    const s = summarizePlan(plans.destroy);
    expect(s.totals.delete).toBe(8);
    expect(s.flagged).toHaveLength(8);
  });

  test("GIVEN a plan carrying a token in clear (a sensitive variable, resource input and output) WHEN summarized as JSON or markdown THEN the token appears nowhere", () => {
    expect(JSON.stringify(plans.changed)).toContain(TOKEN_AFTER); // the premise: Terraform writes it in clear
    const s = summarizePlan(plans.changed);
    for (const text of [JSON.stringify(s), renderPlanSummaryMarkdown(s)]) {
      expect(text).not.toContain(TOKEN_AFTER);
      expect(text).not.toContain(TOKEN_BEFORE);
    }
    expect(category(s, "other").find((c) => c.address === "terraform_data.secret")?.attributes).toEqual([{ attribute: "input" }, { attribute: "output" }]);
  });

  test("GIVEN a real plan marked as stopped on an error WHEN rendered THEN the markdown says it is incomplete", () => {
    const p = copy(plans.changed);
    p.errored = true;
    expect(renderPlanSummaryMarkdown(summarizePlan(p))).toContain("The plan stopped on an error");
  });
});

describe("what is not a plan is refused", () => {
  test.each<[string, () => unknown, string]>([
    ["Terraform state (`terraform show -json` without a plan)", () => plans.state, "it has no planned_values, so it is Terraform state (`terraform show -json` without a plan file)"],
    ["an empty state", () => plans.emptyState, "an empty state from `terraform show -json` looks like this"],
    ["`terraform output -json`", () => plans.outputs, "not a Terraform plan: this is `terraform output -json`"],
    ["a line of the `terraform plan -json` log", () => JSON.parse(plans.planLog.split("\n")[0]), "this is a line of the `terraform plan -json` log"],
    ["a list", () => [plans.changed], "the JSON is a list, not an object"],
    ["an object without format_version", () => ({ resource_changes: [] }), "it has no format_version"],
    ["format 2.0", () => ({ ...copy(plans.changed), format_version: "2.0" }), 'format_version "2.0" is not supported'],
    ["a number as format_version", () => ({ ...copy(plans.changed), format_version: 1.2 }), "format_version 1.2 is not supported"],
  ])("GIVEN %s WHEN summarized THEN a clear format error", (_name, json, message) => {
    expect(() => summarizePlan(json())).toThrow(PlanFormatError);
    expect(() => summarizePlan(json())).toThrow(message);
  });

  test.each<[string, (p: any) => void, string]>([
    ["actions missing from a resource change", (p) => delete p.resource_changes[0].change.actions, "resource_changes[0].change.actions is not a non-empty list of action names"],
    ["an empty action list", (p) => (p.resource_changes[1].change.actions = []), "resource_changes[1].change.actions is not a non-empty list"],
    ["a resource change without address", (p) => delete p.resource_changes[2].address, "resource_changes[2].address is not a non-empty string"],
    ["an unknown mode", (p) => (p.resource_changes[0].mode = "ephemeral"), 'resource_changes[0].mode is not "managed" or "data"'],
    ["resource_changes not a list", (p) => (p.resource_changes = {}), "resource_changes is not a list"],
    ["output changes nested under change (not Terraform's shape)", (p) => (p.output_changes.plain = { change: p.output_changes.plain }), "output_changes.plain.actions is not a non-empty list"],
    ["no configuration", (p) => delete p.configuration, "configuration is not an object"],
  ])("GIVEN a real plan with %s WHEN summarized THEN refused naming the field", (_name, breakIt, message) => {
    const p = copy(plans.changed);
    breakIt(p);
    expect(() => summarizePlan(p)).toThrow(`not a valid Terraform plan: ${message}`);
  });

  test.each([
    [["create"], "create"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["forget"], "forget"],
    [["read"], "read"],
    [["no-op"], "no-op"],
    [["update", "delete"], "unknown"],
    [["replace"], "unknown"],
    [["unknown"], "unknown"],
    [["create", "forget"], "unknown"],
  ])("actions %j read as %s", (actions, expected) => {
    expect(actionOf(actions)).toBe(expected);
  });

  test("GIVEN actions this version does not know WHEN summarized THEN listed as unknown with a note, never dropped", () => {
    const p = copy(plans.changed);
    p.resource_changes.find((rc: any) => rc.address === "terraform_data.kept").change.actions = ["create", "forget"];
    const s = summarizePlan(p);
    expect(s.categories.flatMap((c) => c.changes).find((c) => c.address === "terraform_data.kept")?.action).toBe("unknown");
    expect(s.notes).toEqual(["1 change(s) with actions this version does not know are listed as unknown"]);
  });

  test("grant keys parse from the right: principal names may contain slashes, set names and account ids cannot; types map to categories", () => {
    expect(parseGrantKey("group:team/a/Admin/123456789012")).toEqual({ principal: "group:team/a", permissionSet: "Admin", accountId: "123456789012" });
    expect(parseGrantKey("user:x@y.z/Read.Only/123456789012")).toEqual({ principal: "user:x@y.z", permissionSet: "Read.Only", accountId: "123456789012" });
    expect(parseGrantKey("group:a/Admin/ou-ab12-34cd5678")).toBeUndefined();
    expect(parseGrantKey(7)).toBeUndefined();
    expect(categoryOf("aws_ssoadmin_customer_managed_policy_attachment")).toBe("permission-sets");
    expect(categoryOf("azuread_synchronization_job_provision_on_demand")).toBe("provisioning");
    expect(categoryOf("azuread_group_without_members")).toBe("groups");
    expect(categoryOf("azuread_privileged_access_group_eligibility_schedule")).toBe("memberships");
    expect(categoryOf("azuread_service_principal")).toBe("sso-app");
    expect(categoryOf("google_storage_bucket")).toBe("other");
  });
});

describe("Okta resources (okta-sso stack)", () => {
  // No okta provider binary here: a real provider-free plan with a replacement and a deletion, its two resources
  // given the Okta types the okta-sso stack synthesizes (stacks/okta-sso.ts).
  const OKTA: [type: string, category: string, replace: string, remove: string][] = [
    ["okta_app_saml", "sso-app", "SSO stops until IAM Identity Center gets its IdP metadata", "SSO and provisioning stop"],
    ["okta_group", "groups", "recreated with a new id", "its members lose the access it carries"],
    ["okta_group_memberships", "memberships", "removed and added again", "the group's listed members are removed"],
    ["okta_app_group_assignment", "sso-app", "its members cannot sign in to AWS in between", "its members cannot sign in to AWS"],
    ["okta_app_user", "sso-app", "they cannot sign in to AWS in between", "they cannot sign in to AWS"],
  ];
  test.each(OKTA)("GIVEN %s replaced and deleted WHEN summarized THEN it is under %s and both are flagged with what they break", (type, cat, replace, remove) => {
    const p = copy(plans.changed);
    const replaced = p.resource_changes.find((rc: any) => rc.address === 'terraform_data.set["Read"]');
    const deleted = p.resource_changes.find((rc: any) => rc.address === 'terraform_data.grant["group:c/Read/333333333333"]');
    for (const [rc, name] of [[replaced, "replaced"], [deleted, "deleted"]]) Object.assign(rc, { type, name, address: `${type}.${name}`, index: undefined });
    const s = summarizePlan(p);
    expect(category(s, "other").filter((c) => c.type === type)).toEqual([]);
    expect(category(s, cat).map((c) => [c.address, c.action])).toEqual([[`${type}.deleted`, "delete"], [`${type}.replaced`, "replace"]]);
    expect(s.flagged.filter((c) => c.type === type).map((c) => [c.action, c.consequence])).toEqual([
      ["delete", expect.stringContaining(remove)],
      ["replace", expect.stringContaining(replace)],
    ]);
    expect(renderPlanSummaryMarkdown(s)).toContain(`\`${type}.replaced\``);
  });
});

describeWithAwsMirror("plans of the real AWS provider", () => {
  test("GIVEN a first deploy of permission sets, grants and the SCIM secret value WHEN summarized THEN grants show principal, set and account from their key, and the token appears nowhere", () => {
    const { created } = awsPlans();
    expect(JSON.stringify(created)).toContain(TOKEN_BEFORE);
    const s = summarizePlan(created);
    expect(category(s, "grants").map((c) => [c.action, c.grant])).toEqual([
      ["create", { principal: "group:admins", permissionSet: "Admin", accountId: "111111111111" }],
      ["create", { principal: "group:readers", permissionSet: "Read", accountId: "222222222222" }],
    ]);
    expect(category(s, "permission-sets").map((c) => c.address)).toEqual(['aws_ssoadmin_permission_set.sets["Admin"]', 'aws_ssoadmin_permission_set.sets["Read"]']);
    expect(category(s, "provisioning").map((c) => c.address)).toEqual(["aws_secretsmanager_secret_version.scim"]);
    for (const text of [JSON.stringify(s), renderPlanSummaryMarkdown(s)]) expect(text).not.toContain(TOKEN_BEFORE);
  });

  test("GIVEN a renamed permission set, a grant moved to another account and a shorter session WHEN summarized THEN the replacement and the revoked grants lead, with what they break", () => {
    const { changed } = awsPlans();
    const s = summarizePlan(changed);
    const set = s.flagged.find((c) => c.type === "aws_ssoadmin_permission_set");
    expect(set).toMatchObject({ address: 'aws_ssoadmin_permission_set.sets["Admin"]', action: "delete", consequence: expect.stringContaining("everyone holding it loses that access") });
    expect(s.flagged.filter((c) => c.type === "aws_ssoadmin_account_assignment").map((c) => [c.key, c.action, c.consequence])).toEqual([
      ["group:admins/Admin/111111111111", "delete", "access is revoked"],
      ["group:readers/Read/222222222222", "delete", "access is revoked"],
    ]);
    expect(category(s, "grants").filter((c) => c.action === "create").map((c) => c.key)).toEqual(["group:admins/Administrator/111111111111", "group:readers/Read/333333333333"]);
    const read = category(s, "permission-sets").find((c) => c.address === 'aws_ssoadmin_permission_set.sets["Read"]');
    expect(read).toMatchObject({ action: "update" });
    expect(read?.attributes).toContainEqual({ attribute: "session_duration", before: "PT8H", after: "PT4H" });
    for (const text of [JSON.stringify(s), renderPlanSummaryMarkdown(s)]) for (const t of [TOKEN_BEFORE, TOKEN_AFTER]) expect(text).not.toContain(t);
  });
});

describe("federation plan-summary", () => {
  test("GIVEN a plan file WHEN run with --format json --title THEN exit 0 and stable JSON", async () => {
    const c = capture();
    expect(await runCli(["plan-summary", file("changed.json", plans.changed), "--format", "json", "--title", "identity-center"], c.io)).toBe(0);
    const json = JSON.parse(c.out());
    expect(json).toMatchObject({ format: "federation-plan-summary", version: 1, title: "identity-center", terraformVersion: "1.11.4" });
    expect(Object.keys(json)).toEqual(["format", "version", "title", "terraformVersion", "formatVersion", "errored", "totals", "categories", "flagged", "imports", "outputs", "drift", "failedChecks", "notes"]);
  });

  test("GIVEN - as the file WHEN the real CLI reads a plan from a pipe THEN it summarizes it", () => {
    const p = spawnSync(process.execPath, [join(ROOT, "bin", "federation.js"), "plan-summary", "-", "--title", "piped"], { input: JSON.stringify(plans.changed), encoding: "utf8" });
    expect([p.status, p.stderr]).toEqual([0, ""]);
    expect(p.stdout).toContain("### Terraform plan: `piped`");
    expect(p.stdout).toContain("⚠️ 1 replacement");
  });

  test("GIVEN state, outputs or a plan log instead of a plan WHEN run THEN exit 1 with what it is, nothing else printed", async () => {
    for (const [name, content, message] of [
      ["state.json", plans.state, "it has no planned_values, so it is Terraform state"],
      ["outputs.json", plans.outputs, "this is `terraform output -json`"],
      ["plan-log.json", plans.planLog, "is not valid JSON"],
    ] as const) {
      const c = capture();
      expect(await runCli(["plan-summary", file(name, content)], c.io)).toBe(1);
      expect(c.err()).toContain(message);
      expect(c.out()).toBe("");
    }
  });

  test("GIVEN a missing file, a folder, a named pipe or no file WHEN run THEN exit 1, 1, 1 (at once) and 2 with a message", async () => {
    let c = capture();
    expect(await runCli(["plan-summary", join(work, "nope.json")], c.io)).toBe(1);
    expect(c.err()).toContain("cannot read plan: plan JSON");
    expect(c.err()).toContain("does not exist");
    c = capture();
    expect(await runCli(["plan-summary", work], c.io)).toBe(1);
    expect(c.err()).toContain("is not a regular file (a directory)");
    const fifo = join(work, "plan.fifo");
    spawnSync("mkfifo", [fifo]);
    c = capture();
    expect(await runCli(["plan-summary", fifo], c.io)).toBe(1);
    expect(c.err()).toContain("is not a regular file (a named pipe)");
    c = capture();
    expect(await runCli(["plan-summary"], c.io)).toBe(2);
    expect(c.err()).toContain("usage: federation plan-summary");
  });

  test("GIVEN - with stdin on a terminal WHEN the real CLI runs THEN it stops at once with how to pipe the plan, instead of waiting", () => {
    // `script` gives the process a pseudo-terminal as stdin.
    const bin = join(ROOT, "bin", "federation.js");
    const r = spawnSync("script", ["-qec", `${process.execPath} ${bin} plan-summary -`, "/dev/null"], { encoding: "utf8", timeout: 20_000, input: "" });
    expect(r.error).toBeUndefined();
    expect(r.stdout).toContain("stdin is a terminal; pipe it in (`terraform show -json plan.out | federation … -`)");
    expect(r.status).toBe(1);
  });

  test("GIVEN stdin larger than the limit WHEN read THEN refused as too large; within the limit it is read whole", () => {
    const path = file("big.json", JSON.stringify({ padding: "x".repeat(5000) }));
    const fd = openSync(path, "r");
    try {
      expect(() => readJsonInput("-", work, { what: "plan JSON", maxBytes: 4096, producer: "terraform show -json plan.out" }, fd)).toThrow("plan JSON on stdin is too large (more than 4,096 bytes)");
    } finally {
      closeSync(fd);
    }
    const fd2 = openSync(path, "r");
    try {
      expect(readJsonInput("-", work, { what: "plan JSON", maxBytes: 6000, producer: "terraform show -json plan.out" }, fd2)).toEqual({ padding: "x".repeat(5000) });
    } finally {
      closeSync(fd2);
    }
  });
});

describe("a first plan with import blocks (real Terraform, as after federation adopt)", () => {
  const plan = importPlan();

  test("GIVEN imports with nothing else to do, an import that also updates and a create WHEN summarized THEN every import is listed with its id and action, none vanishes", () => {
    const s = summarizePlan(plan);
    expect(s.imports).toEqual([
      { address: "terraform_data.changed", type: "terraform_data", category: "other", id: "changed-1", action: "update" },
      { address: 'terraform_data.grant["group:a/Admin/111111111111"]', type: "terraform_data", category: "other", id: "assignment-group:a/Admin/111111111111", action: "no-op" },
      { address: 'terraform_data.grant["group:b/Read/222222222222"]', type: "terraform_data", category: "other", id: "assignment-group:b/Read/222222222222", action: "no-op" },
      { address: "terraform_data.job[0]", type: "terraform_data", category: "other", id: "/servicePrincipals/sp/synchronization/jobs/job-1", action: "no-op" },
      { address: "terraform_data.kept", type: "terraform_data", category: "other", id: "kept-1", action: "no-op" },
    ]);
    // The no-op imports are listed in their category (not only counted); the create is not an import.
    expect(category(s, "other").map((c) => [c.address, c.action, c.importing?.id])).toEqual([
      ["terraform_data.changed", "update", "changed-1"],
      ['terraform_data.grant["group:a/Admin/111111111111"]', "no-op", "assignment-group:a/Admin/111111111111"],
      ['terraform_data.grant["group:b/Read/222222222222"]', "no-op", "assignment-group:b/Read/222222222222"],
      ["terraform_data.job[0]", "no-op", "/servicePrincipals/sp/synchronization/jobs/job-1"],
      ["terraform_data.kept", "no-op", "kept-1"],
      ["terraform_data.new", "create", undefined],
    ]);
    expect(s.totals).toMatchObject({ create: 1, update: 1, "no-op": 4 });
  });

  test("GIVEN the same plan WHEN rendered THEN the header counts the imports like Terraform, and each row says import (and what else happens)", () => {
    const m = renderPlanSummaryMarkdown(summarizePlan(plan));
    expect(m).toContain("**5 to import, 1 to add, 1 to change, 0 to replace, 0 to destroy**");
    expect(m).toContain("| ⇐ import | `terraform_data.kept` | imported from `kept-1` |");
    expect(m).toContain("| ⇐ import, \\~ update | `terraform_data.changed` | imported from `changed-1`; input, output |");
    expect(m).toContain("| ⇐ import | `terraform_data.job[0]` | imported from `/servicePrincipals/sp/synchronization/jobs/job-1` |");
    expect(m).toMatch(/\| \\\+ create \| `terraform_data\.new` \| {2}\|/);
  });

  test("GIVEN a plan without imports WHEN rendered THEN the header has no import count and the JSON an empty list", () => {
    const s = summarizePlan(plans.changed);
    expect(s.imports).toEqual([]);
    expect(renderPlanSummaryMarkdown(s)).not.toMatch(/to import|⇐ import/);
  });

  test("GIVEN change.importing that is not an object WHEN summarized THEN the plan is refused naming the field", () => {
    const broken = copy(plan);
    broken.resource_changes[0].change.importing = "kept-1";
    expect(() => summarizePlan(broken)).toThrow("not a valid Terraform plan: resource_changes[0].change.importing is not an object");
  });
});
