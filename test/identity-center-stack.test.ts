/**
 * The synthesized `identity-center` stack and its assignment stack (`identity-center-assignments-0`: these files are
 * small, so one shard; sharding itself is tested in shards-*.test.ts): what Terraform will be asked to do, on the
 * default file, the contoso file and focused fixtures. The plan-time logic of the expressions is evaluated in
 * identity-center-terraform.test.ts.
 */
import { DataTerraformRemoteStateLocal, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AccountAssignments } from "../src/identity-center/account-assignments";
import { expand } from "../src/model/expand";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, blocks, modelOf, only, synthAll } from "./helpers";
import { BASE_IDENTITY_CENTER, BASE_PERMISSION_SETS, modelFrom } from "./identity-center-fixtures";

const IC = "identity-center";
const SHARD0 = "identity-center-assignments-0";
/** How a shard reads identity-center's outputs. */
const UPSTREAM = "data.terraform_remote_state.identity-center.outputs";

/** `type.id` of the single block of a type (data sources: `data.type.id`). */
function addr(json: Record<string, any>, type: string, kind: "resource" | "data" = "resource"): string {
  const ids = Object.keys(blocks(json, type, kind));
  if (ids.length !== 1) throw new Error(`expected one ${kind} ${type}, found ${ids.length}`);
  return `${kind === "data" ? "data." : ""}${type}.${ids[0]}`;
}

/** The local whose name contains `part` (logical ids carry a hash suffix). */
function local(json: Record<string, any>, part: string): { name: string; value: any } {
  const names = Object.keys(json.locals ?? {}).filter((n) => n.includes(`_${part}_`));
  if (names.length !== 1) throw new Error(`expected one local *_${part}_*, found ${names.join(", ")}`);
  return { name: `local.${names[0]}`, value: json.locals[names[0]] };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Terraform's reading of a template literal: `$${` → `${`, `%%{` → `%{`. */
const untemplate = (s: string) => s.replace(/([$%])\1\{/g, "$1{");

/** The static grants map, as Terraform decodes it. */
function staticGrants(json: Record<string, any>): Record<string, any> {
  // Grouped by principal and permission set (shard-grants.ts); Terraform's `static` local rebuilds one entry per account.
  const groups = JSON.parse(untemplate(local(json, "static-json").value)) as Record<string, { principal: string; principal_type: string; permission_set: string; accounts: string[] }>;
  return Object.fromEntries(
    Object.entries(groups).flatMap(([pair, g]) =>
      g.accounts.map((a) => [`${pair}/${a}`, { principal: g.principal, principal_type: g.principal_type, permission_set: g.permission_set, account_id: a }]),
    ),
  );
}

/** Every for_each key per resource/data type (literal maps and sets only). */
function forEachKeys(json: Record<string, any>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const kind of ["resource", "data"] as const) {
    for (const [type, byId] of Object.entries<Record<string, any>>(json[kind] ?? {})) {
      for (const b of Object.values(byId)) if (b.for_each && typeof b.for_each === "object") out[type] = Object.keys(b.for_each).sort();
    }
  }
  return out;
}

describe("default file", () => {
  const model = modelOf(DEFAULT_CONFIG);
  const stacks = synthAll(model);
  const ic = stacks[IC];
  const shard = stacks[SHARD0];

  test("configures the AWS provider in identityCenter.region and uses the instance and identity store from the file", () => {
    expect(ic.provider.aws).toEqual([{ region: "us-east-1" }]);
    expect(blocks(ic, "aws_ssoadmin_instances", "data")).toEqual({});
    expect(only(ic, "aws_ssoadmin_permission_set").instance_arn).toBe("arn:aws:sso:::instance/ssoins-0123456789abcdef");
    expect(only(ic, "aws_identitystore_groups", "data").identity_store_id).toBe("d-0123456789");
  });

  test("creates one permission set per name with description, session duration, relay state and tags", () => {
    const ps = only(ic, "aws_ssoadmin_permission_set");
    expect(ps.for_each).toEqual({
      AdministratorAccess: { description: "Full administrator access, just in time", session_duration: "PT1H", relay_state: "https://console.aws.amazon.com/", tags: { owner: "platform" } },
      ViewOnlyAccess: { description: "View-only access", session_duration: "PT8H", relay_state: null, tags: null },
    });
    expect(ps).toMatchObject({
      name: "${each.key}",
      description: "${each.value.description}",
      session_duration: "${each.value.session_duration}",
      relay_state: "${each.value.relay_state}",
      tags: "${each.value.tags}",
    });
  });

  test("attaches AWS-managed policies keyed <set>/<policy ARN> to the permission set of that name", () => {
    const att = only(ic, "aws_ssoadmin_managed_policy_attachment");
    expect(att.for_each).toEqual({
      "AdministratorAccess/arn:aws:iam::aws:policy/AdministratorAccess": { permission_set: "AdministratorAccess", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      "ViewOnlyAccess/arn:aws:iam::aws:policy/job-function/ViewOnlyAccess": { permission_set: "ViewOnlyAccess", policy_arn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" },
    });
    expect(att.permission_set_arn).toBe(`\${${addr(ic, "aws_ssoadmin_permission_set")}[each.value.permission_set].arn}`);
    expect(att.managed_policy_arn).toBe("${each.value.policy_arn}");
  });

  test("puts the inline policy file in as canonical JSON (sorted keys, no whitespace)", () => {
    const inline = only(ic, "aws_ssoadmin_permission_set_inline_policy");
    expect(Object.keys(inline.for_each)).toEqual(["AdministratorAccess"]);
    expect(inline.for_each.AdministratorAccess).toBe(
      '{"Statement":[{"Action":"organizations:LeaveOrganization","Effect":"Deny","Resource":"*","Sid":"DenyLeaveOrganization"}],"Version":"2012-10-17"}',
    );
    expect(inline.permission_set_arn).toBe(`\${${addr(ic, "aws_ssoadmin_permission_set")}[each.key].arn}`);
    expect(inline.inline_policy).toBe("${each.value}");
  });

  test("has no boundary or customer-managed attachments when no set declares them", () => {
    expect(blocks(ic, "aws_ssoadmin_permissions_boundary_attachment")).toEqual({});
    expect(blocks(ic, "aws_ssoadmin_customer_managed_policy_attachment")).toEqual({});
  });

  test("turns on ABAC with each attribute's source passed to AWS verbatim (escaped from Terraform interpolation)", () => {
    const abac = only(ic, "aws_ssoadmin_instance_access_control_attributes");
    expect(abac.instance_arn).toBe("arn:aws:sso:::instance/ssoins-0123456789abcdef");
    expect(abac.attribute).toEqual([{ key: "Department", value: [{ source: ["$${path:enterprise.department}"] }] }]);
  });

  test("assigns the seven grants of the file through one for_each resource keyed by grant key, in the one assignment stack", () => {
    expect(blocks(ic, "aws_ssoadmin_account_assignment")).toEqual({});
    const grants = staticGrants(shard);
    expect(Object.keys(grants).sort()).toEqual(expand(model).grants.map((g) => g.key));
    expect(grants["group:aws-sso-admins/ViewOnlyAccess/111111111111"]).toEqual({
      principal: "group:aws-sso-admins",
      principal_type: "GROUP",
      permission_set: "ViewOnlyAccess",
      account_id: "111111111111",
    });
    const a = only(shard, "aws_ssoadmin_account_assignment");
    expect(a).toMatchObject({
      for_each: `\${${local(shard, "assigned").name}}`,
      instance_arn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
      permission_set_arn: `\${${UPSTREAM}.permission_set_arns[each.value.permission_set]}`,
      principal_id: `\${${UPSTREAM}.principal_ids[each.value.principal]}`,
      principal_type: "${each.value.principal_type}",
      target_id: "${each.value.account_id}",
      target_type: "AWS_ACCOUNT",
    });
  });

  test("the assignment stack reads the permission-set ARNs and principal ids identity-center outputs, from identity-center's state", () => {
    expect(only(shard, "terraform_remote_state", "data")).toMatchObject({ backend: "local", config: { path: expect.stringMatching(/terraform\.identity-center\.tfstate$/) } });
    expect(ic.output.permission_set_arns.value).toBe(`\${${local(ic, "arns").name}}`);
    expect(local(ic, "arns").value).toBe(`\${{ for name, set in ${addr(ic, "aws_ssoadmin_permission_set")} : name => set.arn }}`);
    expect(ic.output.principal_ids.value).toBe(`\${${local(ic, "ids").name}}`);
    // Plain outputs: shown by `cdktf output`, and their names are the contract the shards read.
    expect(ic.output.permission_set_arns.sensitive).toBeUndefined();
    expect(ic.output.principal_ids.sensitive).toBeUndefined();
    // Policies live with their sets in identity-center; a shard has nothing to wait for in its own state.
    expect(Object.keys(shard.resource)).toEqual(["aws_ssoadmin_account_assignment"]);
    expect(only(shard, "aws_ssoadmin_account_assignment").depends_on).toBeUndefined();
  });

  test("drops pending grants from the for_each map: only grants whose principal was found and whose permission set exists are assigned", () => {
    // The principals and permission sets that exist, as maps built once from the upstream maps' keys.
    expect(local(shard, "known").value).toEqual({
      principals: `\${tomap({ for k, v in ${UPSTREAM}.principal_ids : k => true })}`,
      permission_sets: `\${tomap({ for k, v in ${UPSTREAM}.permission_set_arns : k => true })}`,
    });
    const ready = `lookup(${local(shard, "known").name}.principals, g.principal, false) && lookup(${local(shard, "known").name}.permission_sets, g.permission_set, false)`;
    // The grant map is rebuilt from the grouped JSON, one key per account, each group checked once (evaluated in
    // identity-center-terraform.test.ts); the rest is pending.
    expect(local(shard, "static-pairs").value).toBe(`\${jsondecode(${local(shard, "static-json").name})}`);
    expect(local(shard, "static-assigned").value).toContain(`for pair, g in ${local(shard, "static-pairs").name} :`);
    expect(local(shard, "static-assigned").value).toContain('format("%s/%s", pair, a) =>');
    expect(local(shard, "static-assigned").value).toMatch(new RegExp(`\\} if ${escapeRegExp(ready)}\\]\\.\\.\\.\\)\\}$`));
    expect(local(shard, "static-pending").value).toMatch(new RegExp(`\\} if !\\(${escapeRegExp(ready)}\\)\\]\\.\\.\\.\\)\\}$`));
    expect(local(shard, "assigned").value).toBe(`\${${local(shard, "static-assigned").name}}`);
    expect(local(shard, "pending").value).toBe(`\${${local(shard, "static-pending").name}}`);
  });

  test("resolves each group by the Entra object id exported by entra-sso (cross-stack), with its name for the fallback", () => {
    const wanted = local(ic, "wanted").value;
    expect(Object.keys(wanted)).toEqual(["group:aws-sso-admins", "group:aws-sso-read-only"]);
    const remote = addr(ic, "terraform_remote_state", "data");
    expect(wanted["group:aws-sso-read-only"]).toEqual({
      kind: "group",
      name: "aws-sso-read-only",
      object_id: expect.stringMatching(new RegExp(`^\\$\\{${remote.replace(/\./g, "\\.")}\\.outputs\\.[\\w-]+\\["aws-sso-read-only"\\]\\.object_id\\}$`)),
    });
    const output = /outputs\.([\w-]+)\[/.exec(wanted["group:aws-sso-read-only"].object_id)?.[1] as string;
    expect(stacks["entra-sso"].output[output]).toBeDefined();
  });

  test("lists identity-store groups with the plural data source (never fails on a missing group) and no users when no user is assigned", () => {
    expect(only(ic, "aws_identitystore_groups", "data")).toMatchObject({ identity_store_id: "d-0123456789" });
    expect(blocks(ic, "aws_identitystore_group", "data")).toEqual({});
    expect(blocks(ic, "aws_identitystore_users", "data")).toEqual({});
  });

  test("outputs pending principals, how principals were matched and permission-set ARNs; the assignment stack its grant counts", () => {
    expect(ic.output.pending_principals.value).toBe(`\${${local(ic, "pending").name}}`);
    expect(ic.output.principal_matches.value).toBe(`\${${local(ic, "matched-by").name}}`);
    expect(ic.output.permission_set_arns.value).toBe(`\${${local(ic, "arns").name}}`);
    expect(ic.output.grant_count).toBeUndefined();
    expect(shard.output.grant_count.value).toBe(`\${length(${local(shard, "assigned").name})}`);
    expect(shard.output.pending_grant_count.value).toBe(`\${length(${local(shard, "pending").name})}`);
    expect(ic.output.instance_arn.value).toBe("arn:aws:sso:::instance/ssoins-0123456789abcdef");
    expect(ic.output.identity_store_id.value).toBe("d-0123456789");
  });

  test("reads no AWS Organizations data when no assignment targets an OU or the root", () => {
    expect(blocks(ic, "aws_organizations_organizational_unit_descendant_accounts", "data")).toEqual({});
    expect(blocks(shard, "aws_organizations_organizational_unit_descendant_accounts", "data")).toEqual({});
  });
});

describe("contoso file", () => {
  const model = modelOf(CONTOSO_CONFIG);
  const stacks = synthAll(model);
  const ic = stacks[IC];
  const shard = stacks[SHARD0];

  test("looks the instance up in eu-central-1 and fails the plan with a clear message when there is none", () => {
    expect(ic.provider.aws).toEqual([{ region: "eu-central-1" }]);
    const lookup = only(ic, "aws_ssoadmin_instances", "data");
    expect(lookup.lifecycle.postcondition).toEqual([
      { condition: "${length(self.arns) == 1}", error_message: expect.stringContaining("No IAM Identity Center instance was found") },
    ]);
    const ref = addr(ic, "aws_ssoadmin_instances", "data");
    expect(only(ic, "aws_ssoadmin_permission_set").instance_arn).toBe(`\${tolist(${ref}.arns)[0]}`);
    expect(only(ic, "aws_identitystore_groups", "data").identity_store_id).toBe(`\${tolist(${ref}.identity_store_ids)[0]}`);
  });

  test("keeps state in the configured S3 backend under the stack's own key, and the assignment stack reads identity-center's from there", () => {
    expect(ic.terraform.backend.s3).toMatchObject({ bucket: "contoso-tf-state", key: "federation/identity-center.tfstate", region: "eu-central-1", encrypt: true, use_lockfile: true });
    expect(shard.terraform.backend.s3).toMatchObject({ bucket: "contoso-tf-state", key: `federation/${SHARD0}.tfstate`, region: "eu-central-1", encrypt: true, use_lockfile: true });
    expect(only(shard, "terraform_remote_state", "data")).toMatchObject({
      backend: "s3",
      config: { bucket: "contoso-tf-state", key: "federation/identity-center.tfstate", region: "eu-central-1" },
    });
  });

  test("attaches customer-managed policies by name and path, keyed <set>/<path><name>", () => {
    const att = only(ic, "aws_ssoadmin_customer_managed_policy_attachment");
    expect(att.for_each).toEqual({ "PlatformPowerUser//contoso/contoso-guardrails": { permission_set: "PlatformPowerUser", name: "contoso-guardrails", path: "/contoso/" } });
    expect(att.customer_managed_policy_reference).toEqual({ name: "${each.value.name}", path: "${each.value.path}" });
  });

  test("attaches both kinds of permissions boundary from one resource: an AWS-managed ARN, or a customer-managed reference block", () => {
    const b = only(ic, "aws_ssoadmin_permissions_boundary_attachment");
    expect(b.for_each).toEqual({
      BreakGlass: { managed_policy_arn: "arn:aws:iam::aws:policy/PowerUserAccess", customer_managed_policy: [] },
      PlatformPowerUser: { managed_policy_arn: null, customer_managed_policy: [{ name: "contoso-boundary", path: "/" }] },
    });
    expect(b.permissions_boundary).toEqual({
      managed_policy_arn: "${each.value.managed_policy_arn}",
      dynamic: {
        customer_managed_policy_reference: {
          for_each: "${each.value.customer_managed_policy}",
          content: { name: "${customer_managed_policy_reference.value.name}", path: "${customer_managed_policy_reference.value.path}" },
        },
      },
    });
  });

  test("writes an inline policy given inline in the file as canonical JSON too", () => {
    expect(only(ic, "aws_ssoadmin_permission_set_inline_policy").for_each).toEqual({
      Auditor: '{"Statement":[{"Action":["s3:GetObject"],"Effect":"Deny","Resource":"*","Sid":"DenyS3Data"}],"Version":"2012-10-17"}',
    });
  });

  test("reads every OU and root target once from AWS Organizations (descendant accounts, for_each over the ids)", () => {
    expect(blocks(ic, "aws_organizations_organizational_unit_descendant_accounts", "data")).toEqual({});
    const ou = only(shard, "aws_organizations_organizational_unit_descendant_accounts", "data");
    expect(ou.for_each).toBe('${toset(["ou-zx90-workload1", "r-zx90"])}');
    expect(ou.parent_id).toBe("${each.value}");
    expect(local(shard, "ou-targets").value).toEqual({
      "group:platform-engineers/PlatformPowerUser/ou-zx90-workload1": {
        principal: "group:platform-engineers",
        principal_type: "GROUP",
        permission_set: "PlatformPowerUser",
        target_id: "ou-zx90-workload1",
        exclude: ["900000000001"],
      },
      "group:security-auditors/Auditor/r-zx90": { principal: "group:security-auditors", principal_type: "GROUP", permission_set: "Auditor", target_id: "r-zx90", exclude: [] },
    });
  });

  test("merges OU-derived grants (ACTIVE, not excluded, same key shape) with the static grants", () => {
    const ouGrants = local(shard, "ou-assigned").value as string;
    const data = addr(shard, "aws_organizations_organizational_unit_descendant_accounts", "data");
    expect(ouGrants).toContain(`for a in ${data}[t.target_id].accounts`);
    expect(ouGrants).toContain('format("%s/%s/%s", t.principal, t.permission_set, a.id)');
    expect(ouGrants).toContain('try(coalesce(try(a.state, null), try(a.status, null)), "") == "ACTIVE"');
    expect(ouGrants).toContain("!contains(t.exclude, a.id)");
    expect(local(shard, "assigned").value).toBe(`\${merge(${local(shard, "ou-assigned").name}, ${local(shard, "static-assigned").name})}`);
    expect(local(shard, "pending").value).toBe(`\${merge(${local(shard, "ou-pending").name}, ${local(shard, "static-pending").name})}`);
  });

  test("matches the existing group by its literal object id and the direct user by the object id entra-sso resolved for the UPN", () => {
    const wanted = local(ic, "wanted").value;
    expect(wanted["group:security-auditors"]).toEqual({
      kind: "group",
      name: expect.stringMatching(/\["security-auditors"\]\.display_name\}$/),
      object_id: "3f2a0000-0000-0000-0000-000000000001",
    });
    expect(wanted["user:breakglass@contoso.example"]).toEqual({
      kind: "user",
      name: "breakglass@contoso.example",
      object_id: expect.stringMatching(/^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\["breakglass@contoso\.example"\]\.object_id\}$/),
    });
    expect(only(ic, "aws_identitystore_users", "data").identity_store_id).toContain("identity_store_ids");
  });

  test("customer-managed policies and boundaries stay with their sets in identity-center; the assignment stack reads the instance it looked up", () => {
    expect(Object.keys(ic.resource)).toEqual(expect.arrayContaining(["aws_ssoadmin_customer_managed_policy_attachment", "aws_ssoadmin_permissions_boundary_attachment"]));
    expect(Object.keys(shard.resource)).toEqual(["aws_ssoadmin_account_assignment"]);
    // No instanceArn in the file: identity-center looks it up, the shard reads identity-center's output.
    expect(only(shard, "aws_ssoadmin_account_assignment").instance_arn).toBe(`\${${UPSTREAM}.instance_arn}`);
    expect(ic.output.instance_arn.value).toBe(`\${tolist(${addr(ic, "aws_ssoadmin_instances", "data")}.arns)[0]}`);
  });

  test("ABAC attributes in key order, each escaped", () => {
    expect(only(ic, "aws_ssoadmin_instance_access_control_attributes").attribute).toEqual([
      { key: "CostCenter", value: [{ source: ["$${path:enterprise.costCenter}"] }] },
      { key: "Team", value: [{ source: ["$${path:enterprise.department}"] }] },
    ]);
  });
});

describe("stability of addresses and keys", () => {
  const assignments = [
    { group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["prod", "staging"] },
    { group: "admins", permissionSet: "AdministratorAccess", accounts: ["prod"], organizationalUnits: ["ou-ab12-34cd5678"], excludeAccounts: ["management"] },
    { user: "bob@example.com", permissionSet: "ViewOnlyAccess", accounts: ["management"] },
  ];
  const groups = { readers: { description: "Readers" }, admins: { description: "Admins" } };
  const sets = { ...BASE_PERMISSION_SETS, Unused: { managedPolicies: ["arn:aws:iam::aws:policy/SecurityAudit"] } };

  test("reordering assignments, targets, groups and permission sets synthesizes the identical identity-center and assignment stacks", () => {
    const pick = (all: Record<string, any>) => ({ [IC]: all[IC], [SHARD0]: all[SHARD0] });
    const a = pick(synthAll(modelFrom({ groups, permissionSets: sets, assignments })));
    expect(a[SHARD0]).toBeDefined();
    const reordered = pick(synthAll(
      modelFrom({
        groups: { admins: groups.admins, readers: groups.readers },
        permissionSets: Object.fromEntries(Object.entries(sets).reverse()),
        assignments: [...assignments].reverse().map((x) => ({ ...x, ...(x.accounts ? { accounts: [...x.accounts].reverse() } : {}) })),
      }),
    ));
    expect(reordered).toEqual(a);
  });

  test("renaming an unrelated permission set changes only that set's keys, not one grant key", () => {
    const all = synthAll(modelFrom({ groups, permissionSets: sets, assignments }));
    const a = all[IC];
    const { Unused, ...rest } = sets;
    const allB = synthAll(modelFrom({ groups, permissionSets: { ...rest, Retired: Unused }, assignments }));
    const b = allB[IC];
    // The assignment stack does not change at all.
    expect(allB[SHARD0]).toEqual(all[SHARD0]);
    expect(Object.keys(staticGrants(all[SHARD0]))).toHaveLength(4);
    const ka = forEachKeys(a);
    const kb = forEachKeys(b);
    expect(kb.aws_ssoadmin_permission_set).toEqual(ka.aws_ssoadmin_permission_set.map((k) => (k === "Unused" ? "Retired" : k)).sort());
    expect(kb.aws_ssoadmin_managed_policy_attachment).toEqual(
      ka.aws_ssoadmin_managed_policy_attachment.map((k) => k.replace(/^Unused\//, "Retired/")).sort(),
    );
    // Logical ids (resource addresses) come from construct names, not from the content.
    for (const kind of ["resource", "data"] as const) {
      for (const type of Object.keys(a[kind])) expect(Object.keys(b[kind][type] ?? {})).toEqual(Object.keys(a[kind][type]));
    }
  });
});

describe("escaping user text", () => {
  test("policy variables and template sequences in policies and descriptions reach AWS literally", () => {
    const m = modelFrom({
      permissionSets: {
        SelfService: {
          description: "Own ${aws:username} resources, %{ not a directive }",
          inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:GetUser", Resource: "arn:aws:iam::*:user/${aws:username}" }] },
        },
      },
      assignments: [{ group: "readers", permissionSet: "SelfService", accounts: ["prod"] }],
    });
    const ic = synthAll(m)[IC];
    expect(only(ic, "aws_ssoadmin_permission_set").for_each.SelfService.description).toBe("Own $${aws:username} resources, %%{ not a directive }");
    expect(only(ic, "aws_ssoadmin_permission_set_inline_policy").for_each.SelfService).toContain('"Resource":"arn:aws:iam::*:user/$${aws:username}"');
  });
});

describe("AccountAssignments on its own (as a shard stack uses it)", () => {
  const model = modelOf(CONTOSO_CONFIG);
  const { grants, ouTargets } = expand(model);
  const mine = grants.filter((g) => g.accountId === "900000000002");
  const synthShard = (refs: (stack: TerraformStack) => { arns: string; ids: string }) => {
    const stack = new TerraformStack(Testing.app(), "shard-1");
    const { arns, ids } = refs(stack);
    new AccountAssignments(stack, "assignments", {
      instanceArn: "arn:aws:sso:::instance/ssoins-shard",
      permissionSetArns: arns,
      principalIds: ids,
      grants: mine,
      ouTargets: ouTargets.filter((t) => t.targetId === "r-zx90"),
    });
    new TerraformOutput(stack, "noop", { value: "x" });
    return JSON.parse(Testing.synth(stack));
  };

  test("GIVEN a subset of grants and remote-state references to ARNs and principal ids THEN it synthesizes just those, wired to the references", () => {
    const json = synthShard((stack) => {
      const main = new DataTerraformRemoteStateLocal(stack, "main", { path: "main.tfstate" });
      return { arns: main.getString("permission_set_arns"), ids: main.getString("principal_ids") };
    });
    expect(Object.keys(staticGrants(json)).sort()).toEqual(mine.map((g) => g.key));
    expect(only(json, "aws_organizations_organizational_unit_descendant_accounts", "data").for_each).toBe('${toset(["r-zx90"])}');
    const a = only(json, "aws_ssoadmin_account_assignment");
    expect(a.permission_set_arn).toBe("${data.terraform_remote_state.main.outputs.permission_set_arns[each.value.permission_set]}");
    expect(a.principal_id).toBe("${data.terraform_remote_state.main.outputs.principal_ids[each.value.principal]}");
    expect(local(json, "known").value.principals).toBe("${tomap({ for k, v in data.terraform_remote_state.main.outputs.principal_ids : k => true })}");
    expect(local(json, "known").value.permission_sets).toBe("${tomap({ for k, v in data.terraform_remote_state.main.outputs.permission_set_arns : k => true })}");
    expect(a.depends_on).toBeUndefined();
  });

  test("GIVEN the references as plain ${…} expressions THEN they are embedded the same way", () => {
    const json = synthShard(() => ({ arns: "${var.arns}", ids: "${var.ids}" }));
    const a = only(json, "aws_ssoadmin_account_assignment");
    expect(a.permission_set_arn).toBe("${var.arns[each.value.permission_set]}");
    expect(a.principal_id).toBe("${var.ids[each.value.principal]}");
  });
});

describe("edge cases", () => {
  test("GIVEN no assignments THEN permission sets are still created, with no assignment resource and no identity-store listing", () => {
    const ic = synthAll(modelFrom({ assignments: [] }))[IC];
    expect(Object.keys(only(ic, "aws_ssoadmin_permission_set").for_each)).toEqual(["AdministratorAccess", "ViewOnlyAccess"]);
    expect(blocks(ic, "aws_ssoadmin_account_assignment")).toEqual({});
    expect(blocks(ic, "aws_identitystore_groups", "data")).toEqual({});
    expect(blocks(ic, "aws_identitystore_users", "data")).toEqual({});
    expect(ic.output.pending_principals).toBeDefined();
    expect(ic.output.grant_count).toBeUndefined();
  });

  test("GIVEN only the instance ARN THEN it is used as given and only the identity store id is looked up", () => {
    const { identityStoreId: _omitted, ...rest } = BASE_IDENTITY_CENTER;
    const ic = synthAll(modelFrom({ identityCenter: rest, assignments: [{ group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["prod"] }] }))[IC];
    expect(only(ic, "aws_ssoadmin_permission_set").instance_arn).toBe(BASE_IDENTITY_CENTER.instanceArn);
    expect(only(ic, "aws_identitystore_groups", "data").identity_store_id).toBe(`\${tolist(${addr(ic, "aws_ssoadmin_instances", "data")}.identity_store_ids)[0]}`);
  });

  test("GIVEN no ABAC attributes THEN no access-control-attributes resource (removing them turns ABAC off)", () => {
    expect(BASE_IDENTITY_CENTER).not.toHaveProperty("accessControlAttributes");
    const ic = synthAll(modelFrom({}))[IC];
    expect(blocks(ic, "aws_ssoadmin_instance_access_control_attributes")).toEqual({});
  });
});

test("an existing Entra group falls back to its real display name (read by entra-sso), never to its key in the file", () => {
  const ic = synthAll(modelOf(CONTOSO_CONFIG))[IC];
  const wanted = Object.entries(ic.locals as Record<string, any>).find(([k]) => k.startsWith("principals_wanted"))![1];
  expect(wanted["group:security-auditors"].object_id).toBe("3f2a0000-0000-0000-0000-000000000001");
  expect(wanted["group:security-auditors"].name).toMatch(/^\$\{data\.terraform_remote_state\.[^}]*entra-sso[^}]*\["security-auditors"\]\.display_name\}$/);
  // A group created by entra-sso has the file's name as its display name.
  expect(wanted["group:platform-engineers"].name).toBe("platform-engineers");
});
