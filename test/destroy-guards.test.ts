/**
 * Destroy protection: `prevent_destroy` on the enterprise application, its service principal and the SCIM secret; a
 * guard per permission set that holds grants; the file's opt-ins (`protection.allowDestroy`) and their warnings.
 * The guards' plan-time behaviour is proven by Terraform itself: the synthesized guard, `moved` blocks and ARN map
 * run against stand-ins for the permission sets (`terraform_data`, built into Terraform: no provider, no cloud).
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DESTROY_GUARD_ADDRESS, RELEASED_GUARD_ADDRESS } from "../src/identity-center/permission-set-destroy-guard";
import type { FederationModel } from "../src/model/model";
import { diffFederations } from "../src/review/diff";
import { renderDiffMarkdown } from "../src/review/diff-markdown";
import { summarize } from "../src/summary";
import { blocks, CONTOSO_CONFIG, DEFAULT_CONFIG, loadText, modelOf, only, synthAll } from "./helpers";
import { BASE_IDENTITY_CENTER, federationYaml, type FileParts } from "./identity-center-fixtures";
import { loadDefaultWith } from "./scim-helpers";
import { TerraformWorkspace } from "./terraform";

const IC = "identity-center";
const GUARD = DESTROY_GUARD_ADDRESS.split(".")[1];

/** The guard block of the identity-center stack (undefined when there is none). */
const guardOf = (stacks: Record<string, any>) => blocks(stacks[IC], "terraform_data")[GUARD];
const movesOf = (stacks: Record<string, any>): { from: string; to: string }[] => stacks[IC].moved ?? [];
const released = (name: string) => ({ from: `${DESTROY_GUARD_ADDRESS}["${name}"]`, to: `${RELEASED_GUARD_ADDRESS}["${name}"]` });

const SETS = {
  ViewOnlyAccess: { managedPolicies: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] },
  AdministratorAccess: { managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
  Billing: { managedPolicies: ["arn:aws:iam::aws:policy/job-function/Billing"] },
};
const GROUPS = { readers: { members: ["bob@example.com"] }, admins: { members: ["carol@example.com"] } };
const ASSIGNMENTS = [
  { group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["prod", "staging"] },
  { group: "admins", permissionSet: "AdministratorAccess", accounts: ["prod"] },
];

/** A file from parts: three sets (Billing holds no grant), two groups, two assignments, plus `extra` top-level keys. */
function fileText(parts: FileParts = {}, extra = ""): string {
  return federationYaml({ groups: GROUPS, permissionSets: SETS, assignments: ASSIGNMENTS, ...parts }) + extra;
}
const model = (parts: FileParts = {}, extra = ""): FederationModel => modelOf(loadText(fileText(parts, extra)));
const optIn = (names: string) => `protection: { allowDestroy: { permissionSets: [${names}] } }\n`;
/** The file without AdministratorAccess and its grant. */
const WITHOUT_ADMIN: FileParts = { assignments: [ASSIGNMENTS[0]], permissionSets: { ViewOnlyAccess: SETS.ViewOnlyAccess, Billing: SETS.Billing } };
/** The file with AdministratorAccess renamed to Administrators, grants and all. */
const RENAMED: FileParts = {
  permissionSets: { ViewOnlyAccess: SETS.ViewOnlyAccess, Administrators: SETS.AdministratorAccess, Billing: SETS.Billing },
  assignments: [ASSIGNMENTS[0], { ...ASSIGNMENTS[1], permissionSet: "Administrators" }],
};

describe("the enterprise application, its service principal and the SCIM secret refuse destruction", () => {
  const stacks = synthAll(modelOf(DEFAULT_CONFIG));

  test("GIVEN no opt-in THEN the application and the service principal carry prevent_destroy (the application keeps its ignore_changes)", () => {
    expect(only(stacks["entra-sso"], "azuread_application").lifecycle).toEqual({ ignore_changes: ["app_role", "identifier_uris"], prevent_destroy: true });
    expect(only(stacks["entra-sso"], "azuread_service_principal").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("GIVEN no opt-in THEN the created SCIM secret carries prevent_destroy", () => {
    expect(only(stacks["scim-provisioning"], "aws_secretsmanager_secret").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("GIVEN allowDestroy for the application and the secret THEN prevent_destroy is gone from exactly those three resources", () => {
    const opted = synthAll(modelOf(loadDefaultWith((doc) => doc.set("protection", { allowDestroy: { enterpriseApplication: true, scimSecret: true } }))));
    expect(only(opted["entra-sso"], "azuread_application").lifecycle).toEqual({ ignore_changes: ["app_role", "identifier_uris"] });
    expect(only(opted["entra-sso"], "azuread_service_principal").lifecycle).toBeUndefined();
    expect(only(opted["scim-provisioning"], "aws_secretsmanager_secret").lifecycle).toBeUndefined();
    // Everything else keeps its protection: the permission sets that hold grants are still guarded.
    expect(Object.keys(guardOf(opted).for_each)).toEqual(["AdministratorAccess", "ViewOnlyAccess"]);
  });

  test("GIVEN only the secret opted in THEN the application keeps prevent_destroy", () => {
    const opted = synthAll(modelOf(loadDefaultWith((doc) => doc.set("protection", { allowDestroy: { scimSecret: true } }))));
    expect(only(opted["entra-sso"], "azuread_service_principal").lifecycle).toEqual({ prevent_destroy: true });
    expect(only(opted["scim-provisioning"], "aws_secretsmanager_secret").lifecycle).toBeUndefined();
  });
});

describe("permission sets that hold grants are guarded", () => {
  test("GIVEN sets with and without grants THEN one guard per set with grants, keyed by name, replaced with the set's ARN, with prevent_destroy", () => {
    const stacks = synthAll(model());
    const guard = guardOf(stacks);
    expect(guard.for_each).toEqual({ AdministratorAccess: "AdministratorAccess", ViewOnlyAccess: "ViewOnlyAccess" });
    expect(guard.lifecycle).toEqual({ prevent_destroy: true });
    const arns = Object.entries<string>(stacks[IC].locals).find(([, v]) => typeof v === "string" && v.includes("aws_ssoadmin_permission_set."))?.[0];
    expect(guard.triggers_replace).toEqual({ permission_set_arn: `\${local.${arns}[each.key]}` });
    // Billing holds no grant: its guard (if a former plan created one) is released.
    expect(movesOf(stacks)).toEqual([released("Billing")]);
  });

  test("GIVEN an OU or root target THEN its set counts as holding grants (contoso: Auditor is granted only on the root)", () => {
    const stacks = synthAll(modelOf(CONTOSO_CONFIG));
    expect(Object.keys(guardOf(stacks).for_each)).toEqual(["Auditor", "BreakGlass", "PlatformPowerUser"]);
    expect(movesOf(stacks)).toEqual([]);
  });

  test("GIVEN a set opted in THEN it is not guarded and its guard is released; the other sets stay guarded", () => {
    const stacks = synthAll(model({}, optIn("AdministratorAccess")));
    expect(Object.keys(guardOf(stacks).for_each)).toEqual(["ViewOnlyAccess"]);
    expect(movesOf(stacks)).toEqual([released("AdministratorAccess"), released("Billing")]);
  });

  test("GIVEN an opted-in name that is no longer in the file THEN its guard is released so the change that removes the set can apply", () => {
    const stacks = synthAll(model(WITHOUT_ADMIN, optIn("AdministratorAccess")));
    expect(Object.keys(guardOf(stacks).for_each)).toEqual(["ViewOnlyAccess"]);
    expect(movesOf(stacks)).toEqual([released("AdministratorAccess"), released("Billing")]);
  });

  test("GIVEN permission sets, groups, accounts and assignments in another order THEN the guard and moved blocks are identical", () => {
    const a = synthAll(model());
    const b = synthAll(
      model({
        permissionSets: { Billing: SETS.Billing, AdministratorAccess: SETS.AdministratorAccess, ViewOnlyAccess: SETS.ViewOnlyAccess },
        assignments: [...ASSIGNMENTS].reverse(),
        accounts: { staging: { id: "333333333333" }, prod: { id: "222222222222" }, management: { id: "111111111111" } },
      }),
    );
    expect(guardOf(b)).toEqual(guardOf(a));
    expect(movesOf(b)).toEqual(movesOf(a));
  });

  test("GIVEN no terraform binary on the PATH THEN synthesis with guards still works (nothing probes the Terraform version)", () => {
    const { buildApp } = require("../src/app") as typeof import("../src/app");
    const out = mkdtempSync(join(tmpdir(), "destroy-guards-no-terraform-"));
    const path = process.env.PATH;
    try {
      process.env.PATH = "";
      expect(() => buildApp(model({}, optIn("Billing")), { outdir: out }).app.synth()).not.toThrow();
    } finally {
      process.env.PATH = path;
      rmSync(out, { recursive: true, force: true });
    }
  });

  test("GIVEN no permission set holds a grant THEN the guard has no instance and every set's guard is released", () => {
    const stacks = synthAll(model({ assignments: [] }));
    expect(guardOf(stacks).for_each).toEqual({});
    expect(movesOf(stacks).map((m) => m.from)).toEqual(["AdministratorAccess", "Billing", "ViewOnlyAccess"].map((n) => `${DESTROY_GUARD_ADDRESS}["${n}"]`));
  });
});

describe("npm start says what is protected and what may be destroyed", () => {
  const summary = (m: FederationModel) => summarize(m, Object.entries(synthAll(m)).map(([name, json]) => ({ name, json })));

  test("GIVEN no opt-in THEN the application, the secret and the sets that hold grants read protected", () => {
    const text = summary(model());
    expect(text).toContain("enterprise application protected (application and service principal)");
    expect(text).toMatch(/SCIM secret +protected\n/);
    expect(text).toContain("permission sets        2 guarded (they hold grants): AdministratorAccess, ViewOnlyAccess");
    expect(text).toMatch(/identity-federation\/scim \(created empty, AWS managed key, protected from destroy\)/);
    expect(text).not.toContain("DESTROY ALLOWED");
  });

  test("GIVEN opt-ins THEN each reads DESTROY ALLOWED, naming its opt-in", () => {
    const text = summary(modelOf(loadDefaultWith((doc) => doc.set("protection", { allowDestroy: { enterpriseApplication: true, scimSecret: true } }))));
    expect(text).toContain("enterprise application DESTROY ALLOWED (protection.allowDestroy.enterpriseApplication)");
    expect(text).toMatch(/SCIM secret +DESTROY ALLOWED \(protection\.allowDestroy\.scimSecret\)/);
    expect(text).toContain("created empty, AWS managed key, DESTROY ALLOWED (protection.allowDestroy.scimSecret)");
    expect(summary(model(WITHOUT_ADMIN, optIn("AdministratorAccess")))).toContain("DESTROY ALLOWED (protection.allowDestroy.permissionSets): AdministratorAccess");
  });
});

describe("opt-ins warn loudly, with path and line", () => {
  /** One id per kind of opt-in (permission sets keep `destroy-allowed`), and one for an opt-in that changes nothing. */
  const OPT_IN_IDS = ["destroy-allowed", "destroy-allowed-application", "destroy-allowed-scim-secret", "destroy-opt-in-unused"].map((id) => `federation/${id}`);
  const warnings = (text: string) => loadText(text).diagnostics.filter((d) => OPT_IN_IDS.includes(d.id));

  test("GIVEN no protection section THEN there is no destroy-allowed warning", () => {
    expect(warnings(fileText())).toEqual([]);
  });

  test("GIVEN every kind of opt-in THEN one warning each names what may be destroyed, at its line", () => {
    const text = fileText(
      {},
      "protection:\n  allowDestroy:\n    enterpriseApplication: true\n    scimSecret: true\n    permissionSets: [AdministratorAccess, Retired, Billing]\n",
    );
    const lines = text.split("\n");
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    const found = warnings(text);
    expect(found.map((d) => [d.id, d.path, d.line, d.severity])).toEqual([
      ["federation/destroy-allowed-application", "protection.allowDestroy.enterpriseApplication", lineOf("enterpriseApplication: true"), "warning"],
      ["federation/destroy-allowed-scim-secret", "protection.allowDestroy.scimSecret", lineOf("scimSecret: true"), "warning"],
      ["federation/destroy-allowed", "protection.allowDestroy.permissionSets[0]", lineOf("permissionSets: [AdministratorAccess"), "warning"],
      ["federation/destroy-allowed", "protection.allowDestroy.permissionSets[1]", lineOf("permissionSets: [AdministratorAccess"), "warning"],
      ["federation/destroy-opt-in-unused", "protection.allowDestroy.permissionSets[2]", lineOf("permissionSets: [AdministratorAccess"), "warning"],
    ]);
    const [app, secret, admin, retired, billing] = found.map((d) => d.message);
    expect(app).toMatch(/enterprise application and its service principal.*ends SSO to AWS for everyone/);
    expect(secret).toMatch(/SCIM secret "identity-federation\/scim", the only copy of the provisioning token/);
    expect(admin).toMatch(/permission set "AdministratorAccess" holds 1 grant\(s\) and may now be destroyed or replaced/);
    expect(retired).toMatch(/permission set "Retired" is no longer under permissionSets and may now be destroyed/);
    expect(billing).toMatch(/permission set "Billing" is allowed to be destroyed but it holds no grants.*changes nothing/);
    expect(loadText(text).model).toBeDefined();
  });

  test("GIVEN scimSecret opted in for an existing secret THEN the warning says it has no effect", () => {
    const text = fileText({ identityCenter: { ...BASE_IDENTITY_CENTER, scimSecret: { name: "shared/scim", existing: true } } }, "protection: { allowDestroy: { scimSecret: true } }\n");
    expect(warnings(text).map((d) => [d.id, d.message])).toEqual([
      ["federation/destroy-opt-in-unused", expect.stringMatching(/SCIM secret "shared\/scim" is allowed to be destroyed but it is `existing: true`/)],
    ]);
  });

  test("GIVEN a malformed opt-in THEN it is an error at its path, not a silent no-op", () => {
    const r = loadText(fileText({}, "protection: { allowDestroy: { permissionSets: [\"not a name\"], everything: true } }\n"));
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.id, d.path])).toEqual(
      expect.arrayContaining([
        ["federation/invalid-format", "protection.allowDestroy.permissionSets[0]"],
        ["federation/unknown-key", "protection.allowDestroy.everything"],
      ]),
    );
  });
});

describe("federation diff shows reviewers the opt-ins a change adds", () => {
  const diff = (base: FederationModel, head: FederationModel) => diffFederations(base, head, { baseLabel: "base", headLabel: "head" });

  test("GIVEN a change that adds an opt-in THEN it is a destroy-allowed warning and a protection change; an opt-in already in the base is not repeated", () => {
    const before = model();
    const after = model({}, `protection: { allowDestroy: { enterpriseApplication: true, permissionSets: [AdministratorAccess] } }\n`);
    const d = diff(before, after);
    expect(d.warnings.filter((w) => w.id.startsWith("federation/destroy-allowed")).map((w) => [w.id, w.subject])).toEqual([
      ["federation/destroy-allowed-application", "protection.allowDestroy.enterpriseApplication"],
      ["federation/destroy-allowed", "protection.allowDestroy.permissionSets:AdministratorAccess"],
    ]);
    expect(d.changed.filter((c) => c.area === "protection")).toEqual([
      { area: "protection", subject: "protection.allowDestroy", field: "enterpriseApplication", before: false, after: true },
      { area: "protection", subject: "protection.allowDestroy", field: "permissionSets", added: ["AdministratorAccess"], removed: [] },
    ]);
    expect(renderDiffMarkdown(d)).toMatch(/#### Warnings[\s\S]*may now be destroyed or replaced[\s\S]*#### Destroy protection/);
    expect(diff(after, after).warnings).toEqual([]);
  });

  test("GIVEN a guarded set renamed THEN the rename warning gives the two-change procedure", () => {
    const [w] = diff(model(), model(RENAMED)).warnings;
    expect(w).toMatchObject({ id: "federation/permission-set-rename" });
    expect(w.message).toContain("add the new set and move the grants to it, deploy, then remove the old set");
  });
});

/**
 * Terraform's view: the synthesized guard block, its `moved` blocks and the permission-set ARN map, with each
 * permission set played by a `terraform_data` stand-in (same `for_each` map; replaced when its instance ARN changes,
 * as the real set is; its `id` stands for the ARN). Apply one file, then plan the next one.
 */
describe("Terraform refuses to destroy or replace a guarded permission set, and only that", () => {
  let tf: TerraformWorkspace;

  beforeAll(() => {
    tf = new TerraformWorkspace("destroy-guards-");
    // Every test starts from the same deployed file: applied once, its state copied back by start().
    apply(synthAll(model()));
    copyFileSync(join(tf.dir, "terraform.tfstate"), join(tf.dir, "start.tfstate"));
  });
  afterAll(() => tf?.remove());

  /** The permission sets and their guards of a synthesized identity-center stack, with stand-ins for the sets. */
  function standIn(stacks: Record<string, any>): object {
    const ic = stacks[IC];
    const [[setId, sets]] = Object.entries<any>(ic.resource.aws_ssoadmin_permission_set);
    const setAddress = `aws_ssoadmin_permission_set.${setId}`;
    const [[arnsName, arns]] = Object.entries<string>(ic.locals).filter(([, v]) => typeof v === "string" && v.includes(`${setAddress} `));
    return {
      locals: { [arnsName]: arns.replace(setAddress, `terraform_data.${setId}`).replace("set.arn", "set.id") },
      resource: { terraform_data: { [setId]: { for_each: sets.for_each, input: "${each.value}", triggers_replace: sets.instance_arn }, ...ic.resource.terraform_data } },
      ...(ic.moved ? { moved: ic.moved } : {}),
    };
  }

  function apply(stacks: Record<string, any>): void {
    tf.write(standIn(stacks)).apply();
  }

  /** Plans the next file: the actions per address (moves shown as `moved from …`), or the error Terraform gives. */
  function plan(stacks: Record<string, any>): { actions?: Record<string, string>; error?: string } {
    const r = tf.write(standIn(stacks)).plan("-out=next.plan");
    if (r.status !== 0) return { error: r.stderr.replace(/\s+/g, " ") };
    const changes = tf.showPlan("next.plan").resource_changes ?? [];
    const actions: Record<string, string> = {};
    for (const c of changes) {
      const act = (c.change.actions as string[]).join("+");
      const name = c.address.startsWith("terraform_data.permission_set_destroy_guard") ? c.address.replace(/^terraform_data\./, "guard:") : `set${c.address.slice(c.address.indexOf("["))}`;
      if (act !== "no-op" || c.previous_address) actions[name] = c.previous_address ? `${act} (moved from ${c.previous_address.replace(/^terraform_data\./, "")})` : act;
    }
    return { actions };
  }

  const start = () => copyFileSync(join(tf.dir, "start.tfstate"), join(tf.dir, "terraform.tfstate"));

  test("GIVEN a guarded set WHEN the file removes it with its grants THEN the plan fails naming the set's guard", () => {
    start();
    const r = plan(synthAll(model(WITHOUT_ADMIN)));
    expect(r.error).toContain("Instance cannot be destroyed");
    expect(r.error).toContain('terraform_data.permission_set_destroy_guard["AdministratorAccess"] has lifecycle.prevent_destroy set');
  });

  test("GIVEN the same removal WITH the opt-in THEN the plan destroys exactly that set and its guard", () => {
    start();
    const r = plan(synthAll(model(WITHOUT_ADMIN, optIn("AdministratorAccess"))));
    expect(r.error).toBeUndefined();
    expect(r.actions).toEqual({
      'set["AdministratorAccess"]': "delete",
      'guard:permission_set_destroy_guard_released["AdministratorAccess"]': 'delete (moved from permission_set_destroy_guard["AdministratorAccess"])',
    });
  });

  test("GIVEN guarded sets WHEN the file moves them to another instance (every set replaced) THEN the plan fails", () => {
    start();
    const r = plan(synthAll(model({ identityCenter: { ...BASE_IDENTITY_CENTER, instanceArn: "arn:aws:sso:::instance/ssoins-fedcba9876543210" } })));
    expect(r.error).toContain("Instance cannot be destroyed");
  });

  test("GIVEN a guarded set renamed THEN refused; with the old name opted in THEN the old set goes and the new one comes, guarded", () => {
    start();
    expect(plan(synthAll(model(RENAMED))).error).toContain('terraform_data.permission_set_destroy_guard["AdministratorAccess"] has lifecycle.prevent_destroy set');
    expect(plan(synthAll(model(RENAMED, optIn("AdministratorAccess"))))).toEqual({
      actions: {
        'set["AdministratorAccess"]': "delete",
        'set["Administrators"]': "create",
        'guard:permission_set_destroy_guard["Administrators"]': "create",
        'guard:permission_set_destroy_guard_released["AdministratorAccess"]': 'delete (moved from permission_set_destroy_guard["AdministratorAccess"])',
      },
    });
  });

  test("GIVEN a set without grants WHEN the file removes it THEN nothing refuses: only that set is destroyed", () => {
    start();
    const r = plan(synthAll(model({ permissionSets: { ViewOnlyAccess: SETS.ViewOnlyAccess, AdministratorAccess: SETS.AdministratorAccess } })));
    expect(r).toEqual({ actions: { 'set["Billing"]': "delete" } });
  });

  test("GIVEN a set that loses its last grant THEN its guard is released (no change to the set), and removing the set later needs no opt-in", () => {
    start();
    const unassigned = synthAll(model({ assignments: [ASSIGNMENTS[0]] }));
    expect(plan(unassigned)).toEqual({
      actions: { 'guard:permission_set_destroy_guard_released["AdministratorAccess"]': 'delete (moved from permission_set_destroy_guard["AdministratorAccess"])' },
    });
    apply(unassigned);
    expect(plan(synthAll(model(WITHOUT_ADMIN)))).toEqual({ actions: { 'set["AdministratorAccess"]': "delete" } });
  });

  test("GIVEN a set that gains its first grant, and a reordered file THEN a guard is created and nothing else changes", () => {
    start();
    const r = plan(synthAll(model({ assignments: [...ASSIGNMENTS, { group: "readers", permissionSet: "Billing", accounts: ["management"] }].reverse() })));
    expect(r).toEqual({ actions: { 'guard:permission_set_destroy_guard["Billing"]': "create" } });
  });

  test("GIVEN ordinary edits of a guarded set (description, session) THEN they update in place and no guard is touched", () => {
    start();
    const r = plan(synthAll(model({ permissionSets: { ...SETS, AdministratorAccess: { ...SETS.AdministratorAccess, description: "Admins", sessionDuration: "PT2H" } } })));
    expect(r).toEqual({ actions: { 'set["AdministratorAccess"]': "update" } });
  });
});
