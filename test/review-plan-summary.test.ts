/**
 * Plan summary on plan JSON fixtures written to Terraform's documented format (internals/json-format: resource_changes
 * with address, mode, type, name, index, change.actions/before/after, action_reason, replace_paths): grouping by
 * meaning, replacements and deletions flagged, robustness to unknown types and missing fields, no secret values.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { actionOf, categoryOf, parseGrantKey, PlanFormatError, type PlanSummary, summarizePlan } from "../src/review/plan-summary";
import { renderPlanSummaryMarkdown } from "../src/review/plan-summary-markdown";
import { ROOT } from "./helpers";

const PLANS = join(ROOT, "test", "fixtures", "plans");
const plan = (name: string): unknown => JSON.parse(readFileSync(join(PLANS, `${name}.json`), "utf8"));
const category = (s: PlanSummary, c: string) => s.categories.find((x) => x.category === c)?.changes ?? [];

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: ROOT };
  return { io, out: () => out.join("\n"), err: () => err.join("\n") };
}

describe("grouping by meaning", () => {
  const s = summarizePlan(plan("identity-center"), { title: "identity-center" });

  test("GIVEN account assignments keyed by grant WHEN summarized THEN each grant shows principal, set and account from its key", () => {
    expect(category(s, "grants").map((c) => [c.action, c.grant])).toEqual([
      ["create", { principal: "group:readers", permissionSet: "Admin", accountId: "100000000002" }],
      ["delete", { principal: "group:readers", permissionSet: "ReadOnly", accountId: "100000000004" }],
    ]);
  });

  test("GIVEN permission-set resources WHEN summarized THEN they are one category with harmless values shown", () => {
    const sets = category(s, "permission-sets");
    expect(sets.map((c) => c.address)).toEqual([
      'aws_ssoadmin_managed_policy_attachment.managed["Operator/arn:aws:iam::aws:policy/IAMFullAccess"]',
      'aws_ssoadmin_permission_set.sets["Admin"]',
      'aws_ssoadmin_permission_set.sets["Operator"]',
      'aws_ssoadmin_permission_set_inline_policy.inline["Operator"]',
    ]);
    const operator = sets.find((c) => c.address.endsWith('["Operator"]') && c.type === "aws_ssoadmin_permission_set");
    expect(operator?.attributes).toEqual([{ attribute: "session_duration", before: "PT2H", after: "PT4H" }, { attribute: "tags" }]);
  });

  test("GIVEN no-ops and data reads WHEN summarized THEN they are counted, not listed", () => {
    expect(s.totals).toMatchObject({ create: 3, update: 3, replace: 1, delete: 2, read: 1, "no-op": 1, unknown: 0 });
    expect(s.categories.flatMap((c) => c.changes).map((c) => c.action)).not.toContain("no-op");
    expect(s.categories.flatMap((c) => c.changes).map((c) => c.address)).not.toContain("data.aws_identitystore_groups.all");
  });

  test("GIVEN resource types it does not know WHEN summarized THEN they land in other, not dropped", () => {
    expect(category(s, "other").map((c) => c.address)).toEqual(["random_pet.legacy", "terraform_data.handoff"]);
  });

  test("GIVEN Entra resources WHEN summarized THEN groups, memberships/PIM and the SSO app are separate categories", () => {
    const e = summarizePlan(plan("entra-sso"));
    expect(e.categories.map((c) => c.category)).toEqual(["groups", "memberships", "sso-app"]);
    expect(category(e, "groups").map((c) => [c.type, c.key, c.action])).toEqual([
      ["azuread_group_without_members", "legacy-admins", "delete"],
      ["azuread_group_without_members", "newcomers", "create"],
      ["azuread_group_without_members", "role-admins", "replace"],
    ]);
    expect(category(e, "memberships").map((c) => c.type)).toEqual([
      "azuread_group_member",
      "azuread_group_role_management_policy",
      "azuread_privileged_access_group_eligibility_schedule",
    ]);
  });

  test("outputs that change and drift are reported; unchanged outputs are not", () => {
    expect(s.outputs).toEqual([{ name: "pending_principals", action: "update" }]);
    expect(s.drift).toBe(1);
  });
});

describe("replacements and deletions are flagged", () => {
  test("GIVEN a permission set replaced because its name changed WHEN summarized THEN it is flagged with reason, forcing path and consequence", () => {
    const s = summarizePlan(plan("identity-center"));
    const admin = s.flagged.find((c) => c.type === "aws_ssoadmin_permission_set");
    expect(admin).toMatchObject({
      action: "replace",
      reason: "replace_because_cannot_update",
      replacePaths: ["name"],
      attributes: [{ attribute: "name", before: "Admin", after: "Administrator" }],
    });
    expect(admin?.consequence).toContain("recreated (new suffix) in every account");
    expect(s.flagged.map((c) => c.action)).toEqual(["delete", "replace", "delete"]);
  });

  test("GIVEN Entra groups (as the stack synthesizes them) deleted and replaced WHEN summarized THEN they are flagged as groups, with what each breaks", () => {
    const s = summarizePlan(plan("entra-sso"));
    const groups = s.flagged.filter((c) => c.type === "azuread_group_without_members");
    expect(groups.map((c) => [c.key, c.action, c.category])).toEqual([
      ["legacy-admins", "delete", "groups"],
      ["role-admins", "replace", "groups"],
    ]);
    expect(groups[0].consequence).toBe("the Entra group is deleted: its members lose the access it carries");
    expect(groups[1]).toMatchObject({ reason: "replace_because_cannot_update", replacePaths: ["assignable_to_role"] });
    expect(groups[1].consequence).toContain("the Entra group is recreated with a new object id");
    expect(category(s, "other")).toEqual([]);
  });

  test("GIVEN the enterprise application replaced and groups deleted and replaced WHEN rendered THEN they lead the markdown with what they break", () => {
    const md = renderPlanSummaryMarkdown(summarizePlan(plan("entra-sso"), { title: "entra-sso" }));
    const flagged = md.slice(md.indexOf("#### ⚠️ Replacements and deletions"), md.indexOf("#### Groups"));
    expect(flagged).toContain("| ± replace | `azuread_application.enterprise_application_app_1A2B3C` | a new enterprise application: SSO stops");
    expect(flagged).toContain("forced by: template_id");
    expect(flagged).toContain('| − delete | `azuread_group_without_members.groups_BFA5505B["legacy-admins"]` | the Entra group is deleted');
    expect(flagged).toContain('| ± replace | `azuread_group_without_members.groups_BFA5505B["role-admins"]` | the Entra group is recreated with a new object id');
    expect(flagged).toContain("forced by: assignable_to_role");
    expect(md).toContain("**4 to add, 3 to change, 2 to replace, 1 to destroy** · ⚠️ 2 replacements, ⚠️ 1 deletion");
  });

  test("GIVEN a plan without changes WHEN rendered THEN it says so and flags nothing", () => {
    const s = summarizePlan(plan("no-changes"));
    expect(s.flagged).toEqual([]);
    expect(renderPlanSummaryMarkdown(s)).toContain("No changes.");
  });
});

describe("robustness", () => {
  test("GIVEN entries with missing fields, odd actions and unknown types WHEN summarized THEN nothing throws and every oddity is noted", () => {
    const s = summarizePlan(plan("malformed"));
    expect(s.notes).toEqual(["the plan has no format_version; read as format 1.x", "2 resource change(s) without an address or type were skipped"]);
    expect(s.totals.unknown).toBe(2);
    expect(category(s, "groups")).toMatchObject([{ address: "module.legacy.azuread_group_without_members.old[0]", type: "azuread_group_without_members", action: "delete", key: 0 }]);
    expect(category(s, "grants")).toMatchObject([{ key: "not-a-grant-key" }]);
    expect(category(s, "grants")[0].grant).toBeUndefined();
    expect(category(s, "other")).toMatchObject([{ type: "something_new", action: "update", attributes: [] }]);
    expect(s.failedChecks).toEqual([]);
    expect(() => renderPlanSummaryMarkdown(s)).not.toThrow();
  });

  test("GIVEN a plan that stopped on an error WHEN rendered THEN the markdown says it is incomplete", () => {
    const s = summarizePlan(plan("errored"));
    expect(s.errored).toBe(true);
    expect(renderPlanSummaryMarkdown(s)).toContain("The plan stopped on an error");
  });

  test("GIVEN an unsupported major format version or not an object WHEN summarized THEN a clear format error", () => {
    expect(() => summarizePlan(plan("future-format"))).toThrow(PlanFormatError);
    expect(() => summarizePlan(plan("future-format"))).toThrow('format_version "2.0" is not supported');
    expect(() => summarizePlan([1, 2])).toThrow("not a JSON object");
  });

  test.each([
    [["create"], "create"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["read"], "read"],
    [["no-op"], "no-op"],
    [["update", "delete"], "unknown"],
    [["replace"], "unknown"],
    [undefined, "unknown"],
    ["create", "unknown"],
  ])("actions %j read as %s", (actions, expected) => {
    expect(actionOf(actions)).toBe(expected);
  });

  test("grant keys parse from the right: principal names may contain slashes, set names and account ids cannot", () => {
    expect(parseGrantKey("group:team/a/Admin/123456789012")).toEqual({ principal: "group:team/a", permissionSet: "Admin", accountId: "123456789012" });
    expect(parseGrantKey("user:x@y.z/Read.Only/123456789012")).toEqual({ principal: "user:x@y.z", permissionSet: "Read.Only", accountId: "123456789012" });
    expect(parseGrantKey("group:a/Admin/ou-ab12-34cd5678")).toBeUndefined();
    expect(parseGrantKey(7)).toBeUndefined();
    expect(categoryOf("aws_ssoadmin_customer_managed_policy_attachment")).toBe("permission-sets");
    expect(categoryOf("azuread_synchronization_job_provision_on_demand")).toBe("provisioning");
    expect(categoryOf("google_storage_bucket")).toBe("other");
  });
});

describe("secrets stay out", () => {
  test("GIVEN a plan carrying the SCIM token and a sensitive description WHEN summarized as JSON or markdown THEN no secret value appears", () => {
    const s = summarizePlan(plan("scim-provisioning-sensitive"));
    const outputs = [JSON.stringify(s), renderPlanSummaryMarkdown(s)];
    for (const text of outputs) {
      expect(text).not.toMatch(/CANARY/);
      expect(text).not.toContain("scim.eu-west-1.amazonaws.com");
    }
    const secret = category(s, "provisioning").find((c) => c.type === "aws_secretsmanager_secret");
    expect(secret?.attributes).toEqual([{ attribute: "description", before: "(sensitive)", after: "(sensitive)" }]);
    expect(category(s, "provisioning").find((c) => c.type === "azuread_synchronization_secret")?.attributes).toEqual([{ attribute: "credential" }]);
  });

  test("GIVEN a failing precondition WHEN summarized THEN its message is listed", () => {
    expect(summarizePlan(plan("scim-provisioning-sensitive")).failedChecks).toEqual([
      {
        address: "data.aws_secretsmanager_secret_version.scim_value",
        status: "fail",
        problems: ["The SCIM token in review/scim expired on 2026-12-01: rotate it (README: token rotation)."],
      },
    ]);
  });
});

describe("federation plan-summary", () => {
  test("GIVEN a plan file WHEN run with --format json --title THEN exit 0 and stable JSON", async () => {
    const c = capture();
    expect(await runCli(["plan-summary", join(PLANS, "identity-center.json"), "--format", "json", "--title", "identity-center"], c.io)).toBe(0);
    const json = JSON.parse(c.out());
    expect(json).toMatchObject({ format: "federation-plan-summary", version: 1, title: "identity-center", terraformVersion: "1.11.4" });
    expect(Object.keys(json)).toEqual(["format", "version", "title", "terraformVersion", "formatVersion", "errored", "totals", "categories", "flagged", "outputs", "drift", "failedChecks", "notes"]);
  });

  test("GIVEN - as the file WHEN the real CLI reads a plan from stdin THEN it summarizes it", () => {
    const p = spawnSync(process.execPath, [join(ROOT, "bin", "federation.js"), "plan-summary", "-", "--title", "piped"], {
      input: readFileSync(join(PLANS, "entra-sso.json")),
      encoding: "utf8",
    });
    expect(p.status).toBe(0);
    expect(p.stdout).toContain("### Terraform plan: `piped`");
    expect(p.stdout).toContain("⚠️ 2 replacements");
  });

  test("GIVEN an unsupported plan, a missing file or no file WHEN run THEN exit 1, 1 and 2 with a message", async () => {
    let c = capture();
    expect(await runCli(["plan-summary", join(PLANS, "future-format.json")], c.io)).toBe(1);
    expect(c.err()).toContain("is not supported");
    c = capture();
    expect(await runCli(["plan-summary", join(PLANS, "nope.json")], c.io)).toBe(1);
    expect(c.err()).toContain('cannot read plan');
    c = capture();
    expect(await runCli(["plan-summary"], c.io)).toBe(2);
    expect(c.err()).toContain("usage: federation plan-summary");
  });
});
