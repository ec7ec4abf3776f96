/**
 * Entra groups, standing memberships, existing groups, app role assignments and what the entra-sso stack hands to
 * other stacks: asserted on the synthesized Terraform JSON of the default file, the Contoso fixture and small files.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformOutput, TerraformStack } from "cdktf";
import { buildApp } from "../src/app";
import { DEFAULT_ACCESS_APP_ROLE_ID } from "../src/entra/app-role-assignments";
import { groupsSummary } from "../src/entra/groups-summary";
import { quoted } from "../src/terraform/text";
import { assignEach, entraSso, fileFrom, manyGroups, modelFrom } from "./groups-fixtures";
import { blocks, CONTOSO_CONFIG, DEFAULT_CONFIG, forEachOf, instanceAddresses, modelOf, only } from "./helpers";
import { withTerraform } from "./terraform";

const GROUP = "azuread_group_without_members";
const MEMBER = "azuread_group_member";
const ASSIGNMENT = "azuread_app_role_assignment";

const defaultJson = entraSso(modelOf(DEFAULT_CONFIG));
const contosoJson = entraSso(modelOf(CONTOSO_CONFIG));

/** The reference a for_each value holds for a created group's object id. */
const groupRef = (json: Record<string, any>, name: string) =>
  `\${${GROUP}.${Object.keys(blocks(json, GROUP))[0]}[${quoted(name)}].object_id}`;
const userRef = (json: Record<string, any>, upn: string) =>
  `\${data.azuread_user.${Object.keys(blocks(json, "azuread_user", "data"))[0]}[${quoted(upn)}].object_id}`;

describe("Entra groups", () => {
  test("GIVEN the default file WHEN synthesized THEN each group is one security-enabled, not mail-enabled instance keyed by its name", () => {
    const group = only(defaultJson, GROUP);
    expect(Object.keys(group.for_each).sort()).toEqual(["aws-sso-admins", "aws-sso-read-only"]);
    expect(group).toMatchObject({
      display_name: "${each.key}",
      description: "${each.value.description}",
      owners: "${each.value.owners}",
      security_enabled: true,
      mail_enabled: false,
      prevent_duplicate_names: true,
    });
    expect(group.for_each["aws-sso-read-only"].description).toBe("Read-only access to AWS");
    expect(blocks(defaultJson, "azuread_group")).toEqual({});
  });

  test("GIVEN group owners as UPNs WHEN synthesized THEN they are resolved object ids, and a group without owners keeps the provider default", () => {
    const groups = forEachOf(contosoJson, GROUP);
    expect(groups["platform-engineers"].owners).toEqual([userRef(contosoJson, "dana@contoso.example")]);
    expect(groups["cloud-admins"].owners).toBeNull();
  });

  test("GIVEN standing members WHEN synthesized THEN there is one membership per group and principal, keyed <group>/<principal>, with bare object ids", () => {
    const members = forEachOf(contosoJson, MEMBER);
    expect(Object.keys(members).sort()).toEqual([
      "cloud-admins/gina@contoso.example",
      "platform-engineers/7c7c7c7c-1234-5678-9abc-def012345678",
      "platform-engineers/erin@contoso.example",
      "platform-engineers/frank@contoso.example",
    ]);
    expect(members["platform-engineers/erin@contoso.example"]).toEqual({
      group_object_id: groupRef(contosoJson, "platform-engineers"),
      member_object_id: userRef(contosoJson, "erin@contoso.example"),
    });
    expect(members["platform-engineers/7c7c7c7c-1234-5678-9abc-def012345678"].member_object_id).toBe("7c7c7c7c-1234-5678-9abc-def012345678");
    expect(only(contosoJson, MEMBER)).toMatchObject({ group_object_id: "${each.value.group_object_id}", member_object_id: "${each.value.member_object_id}" });
  });

  test("GIVEN a principal only eligible through PIM WHEN synthesized THEN it is not a standing member of that group", () => {
    const members = Object.keys(forEachOf(defaultJson, MEMBER));
    expect(members).toEqual(["aws-sso-read-only/bob@example.com"]);
    expect(members).not.toContain("aws-sso-admins/bob@example.com");
  });

  test("GIVEN an existing group (objectId) WHEN synthesized THEN it is looked up and assigned, never created, owned or given members", () => {
    expect(Object.keys(forEachOf(contosoJson, GROUP))).not.toContain("security-auditors");
    expect(Object.keys(forEachOf(contosoJson, MEMBER)).some((k) => k.startsWith("security-auditors/"))).toBe(false);
    const lookup = only(contosoJson, "azuread_group", "data");
    expect(lookup).toMatchObject({ for_each: { "security-auditors": "3f2a0000-0000-0000-0000-000000000001" }, object_id: "${each.value}" });
    expect(forEachOf(contosoJson, ASSIGNMENT)["group:security-auditors"]).toEqual({
      app_role: "User",
      principal_object_id: "3f2a0000-0000-0000-0000-000000000001",
    });
  });

  test("GIVEN a file with no groups WHEN synthesized THEN no group, membership or group lookup is declared", () => {
    const json = entraSso(modelFrom(fileFrom({})));
    expect(blocks(json, GROUP)).toEqual({});
    expect(blocks(json, MEMBER)).toEqual({});
    expect(blocks(json, "azuread_group", "data")).toEqual({});
    expect(blocks(json, ASSIGNMENT)).toEqual({});
    expect(json.output.group_object_ids.value).toEqual({});
  });
});

describe("App role assignments", () => {
  test("GIVEN groups and a directly assigned user WHEN synthesized THEN each is assigned to the enterprise application, keyed group:<name> / user:<upn>", () => {
    const assignment = only(contosoJson, ASSIGNMENT);
    expect(Object.keys(assignment.for_each).sort()).toEqual([
      "group:cloud-admins",
      "group:platform-engineers",
      "group:security-auditors",
      "user:breakglass@contoso.example",
    ]);
    const sp = Object.keys(blocks(contosoJson, "azuread_service_principal"))[0];
    expect(assignment.resource_object_id).toBe(`\${azuread_service_principal.${sp}.object_id}`);
    expect(assignment.principal_object_id).toBe("${each.value.principal_object_id}");
    expect(assignment.for_each["group:platform-engineers"].principal_object_id).toBe(groupRef(contosoJson, "platform-engineers"));
    expect(assignment.for_each["user:breakglass@contoso.example"]).toEqual({
      app_role: "User",
      principal_object_id: userRef(contosoJson, "breakglass@contoso.example"),
    });
  });

  test("GIVEN the gallery app (roles without value) WHEN synthesized THEN the role is selected by display name from the service principal's enabled user/group roles, never via app_role_ids", () => {
    const sp = Object.keys(blocks(defaultJson, "azuread_service_principal"))[0];
    const [localName, expression] = Object.entries<string>(defaultJson.locals).find(([k]) => k.includes("app_role_ids")) as [string, string];
    expect(expression).toBe(
      `\${{ for r in azuread_service_principal.${sp}.app_roles : r.display_name => r.id... if r.enabled && contains(r.allowed_member_types, "User") }}`,
    );
    const assignment = only(defaultJson, ASSIGNMENT);
    expect(assignment.app_role_id).toBe(`\${try(local.${localName}[each.value.app_role][0], "${DEFAULT_ACCESS_APP_ROLE_ID}")}`);
    expect(JSON.stringify(defaultJson)).not.toContain("app_role_ids[");
    const [precondition] = assignment.lifecycle.precondition;
    expect(precondition.condition).toBe(`\${contains(keys(local.${localName}), each.value.app_role) || length(local.${localName}) == 0}`);
    expect(precondition.error_message).toContain("has no enabled user/group app role named %q");
  });

  test("GIVEN a group with appRole msiam_access WHEN synthesized THEN its assignment asks for that role and the others keep User", () => {
    const json = entraSso(
      modelFrom(fileFrom({ special: { appRole: "msiam_access" }, plain: {} }, assignEach(["special", "plain"]))),
    );
    const each = forEachOf(json, ASSIGNMENT);
    expect(each["group:special"].app_role).toBe("msiam_access");
    expect(each["group:plain"].app_role).toBe("User");
  });

  test("GIVEN the same user named in two assignments in different letter case WHEN synthesized THEN the user is assigned once", () => {
    const json = entraSso(
      modelFrom(
        fileFrom({}, [
          { user: "Dave@Example.com", permissionSet: "ViewOnlyAccess", accounts: ["111111111111"] },
          { user: "dave@example.com", permissionSet: "ViewOnlyAccess", accounts: ["222222222222"] },
        ]),
      ),
    );
    expect(Object.keys(forEachOf(json, ASSIGNMENT))).toEqual(["user:dave@example.com"]);
  });
});

describe("App role selection, evaluated by Terraform", () => {
  /** The gallery app's roles as Graph returns them: display names, no values. */
  const GALLERY_ROLES = [
    { allowed_member_types: ["User"], description: "User", display_name: "User", enabled: true, id: "8774f594-1d59-4279-b9d9-59ef09a23530", value: null },
    { allowed_member_types: ["User"], description: "msiam_access", display_name: "msiam_access", enabled: true, id: "e7f1a7f3-9eda-48e0-9963-bd67bf531afd", value: null },
    { allowed_member_types: ["Application"], description: "app", display_name: "Reader", enabled: true, id: "0a0a0a0a-0000-0000-0000-000000000001", value: "Reader" },
    { allowed_member_types: ["User"], description: "off", display_name: "Retired", enabled: false, id: "0a0a0a0a-0000-0000-0000-000000000002", value: null },
  ];

  /**
   * Runs the synthesized role local, app_role_id and precondition in provider-free Terraform: the service principal's
   * `app_roles` become a local holding `roles`, the assignment a `terraform_data` with the same for_each keys.
   */
  function plan(roles: unknown[], wanted: Record<string, string>): { status: number; out: string } {
    const sp = Object.keys(blocks(defaultJson, "azuread_service_principal"))[0];
    const [localName, expression] = Object.entries<string>(defaultJson.locals).find(([k]) => k.includes("app_role_ids")) as [string, string];
    const assignment = only(defaultJson, ASSIGNMENT);
    const reference = `azuread_service_principal.${sp}.app_roles`;
    expect(expression).toContain(reference);
    const config = {
      locals: { sp_app_roles: roles, [localName]: expression.split(reference).join("local.sp_app_roles") },
      resource: {
        terraform_data: {
          assignment: {
            for_each: Object.fromEntries(Object.entries(wanted).map(([k, role]) => [k, { app_role: role }])),
            input: assignment.app_role_id,
            lifecycle: assignment.lifecycle,
          },
        },
      },
    };
    const r = withTerraform("app-role-", (tf) => tf.write(config).plan());
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  }

  test("GIVEN the gallery app's roles WHEN the plan evaluates the assignments THEN User and msiam_access resolve by display name to their ids", () => {
    const { status, out } = plan(GALLERY_ROLES, { "group:a": "User", "group:b": "msiam_access" });
    expect(status).toBe(0);
    expect(out).toMatch(/terraform_data\.assignment\["group:a"\][\s\S]*?input\s+= "8774f594-1d59-4279-b9d9-59ef09a23530"/);
    expect(out).toMatch(/terraform_data\.assignment\["group:b"\][\s\S]*?input\s+= "e7f1a7f3-9eda-48e0-9963-bd67bf531afd"/);
  });

  test("GIVEN a role name the app lacks, or one only applications or nobody can hold WHEN planned THEN the precondition stops the plan and lists the roles it has", () => {
    for (const missing of ["Admin", "Reader", "Retired"]) {
      const { status, out } = plan(GALLERY_ROLES, { "group:x": missing });
      expect(status).not.toBe(0);
      expect(out).toContain("Resource precondition failed");
      expect(out.replace(/\s+/g, " ")).toContain(`no enabled user/group app role named "${missing}" (for group:x); it has: User, msiam_access.`);
    }
  });

  test("GIVEN an application without app roles WHEN planned THEN every assignment falls back to default access", () => {
    const { status, out } = plan([], { "group:a": "User", "user:z@example.com": "User" });
    expect(status).toBe(0);
    expect(out.match(new RegExp(`input\\s+= "${DEFAULT_ACCESS_APP_ROLE_ID}"`, "g"))).toHaveLength(2);
  });
});

describe("What the stack hands to other stacks", () => {
  test("GIVEN created and existing groups WHEN the app is built THEN assignedGroups holds every group by name, an existing one with its literal object id", () => {
    const outdir = mkdtempSync(join(tmpdir(), "groups-"));
    try {
      const { entraSso: stack } = buildApp(modelOf(CONTOSO_CONFIG), { outdir });
      expect([...stack!.assignedGroups.keys()].sort()).toEqual(["cloud-admins", "platform-engineers", "security-auditors"]);
      expect(stack!.assignedGroups.get("security-auditors")?.objectId).toBe("3f2a0000-0000-0000-0000-000000000001");
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("GIVEN another stack that uses assignedGroups WHEN synthesized THEN it reads the group's object id and its assignment's Terraform id through remote state", () => {
    const outdir = mkdtempSync(join(tmpdir(), "groups-xstack-"));
    try {
      const { app, entraSso: stack } = buildApp(modelOf(DEFAULT_CONFIG), { outdir });
      const consumer = new TerraformStack(app, "probe-consumer");
      const admins = stack!.assignedGroups.get("aws-sso-admins");
      new TerraformOutput(consumer, "admins", { value: { object_id: admins?.objectId, assignment: admins?.appRoleAssignmentId } });
      app.synth();
      const probe = JSON.parse(readFileSync(join(outdir, "stacks", "probe-consumer", "cdk.tf.json"), "utf8"));
      const value = probe.output.admins.value;
      expect(value.object_id).toMatch(
        /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-entra-sso\.outputs\.cross-stack-output-\S+\["aws-sso-admins"\]\.object_id\}$/,
      );
      expect(value.assignment).toMatch(/^\$\{data\.terraform_remote_state\.\S+\.outputs\.cross-stack-output-azuread_app_role_assignment\S*\["group:aws-sso-admins"\]\.id\}$/);
      const sso = JSON.parse(readFileSync(join(outdir, "stacks", "entra-sso", "cdk.tf.json"), "utf8"));
      const exported = Object.values<any>(sso.output).filter((o) => o.sensitive).map((o) => o.value);
      const assignmentName = Object.keys(sso.resource[ASSIGNMENT])[0];
      expect(exported).toContain(`\${${ASSIGNMENT}.${assignmentName}}`);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("GIVEN created and existing groups WHEN synthesized THEN group_object_ids and group_display_names map every group name", () => {
    const ids = contosoJson.output.group_object_ids.value;
    const names = contosoJson.output.group_display_names.value;
    expect(Object.keys(ids)).toEqual(["cloud-admins", "platform-engineers", "security-auditors"]);
    expect(ids["cloud-admins"]).toBe(groupRef(contosoJson, "cloud-admins"));
    expect(ids["security-auditors"]).toBe("3f2a0000-0000-0000-0000-000000000001");
    expect(names["cloud-admins"]).toBe(groupRef(contosoJson, "cloud-admins").replace(".object_id}", ".display_name}"));
    const lookup = Object.keys(blocks(contosoJson, "azuread_group", "data"))[0];
    expect(names["security-auditors"]).toBe(`\${data.azuread_group.${lookup}["security-auditors"].display_name}`);
  });
});

describe("Keys come from names, not positions", () => {
  const groups = {
    alpha: { description: "A", owners: ["olga@example.com", "oscar@example.com"], members: ["ann@example.com", "ben@example.com", "cid@example.com"] },
    beta: { members: ["ben@example.com", "11111111-2222-3333-4444-555555555555"] },
    gamma: { objectId: "3f2a0000-0000-0000-0000-0000000000aa", appRole: "msiam_access" },
  };
  const users = [{ user: "zoe@example.com", permissionSet: "ViewOnlyAccess", accounts: ["111111111111"] }];
  const original = entraSso(modelFrom(fileFrom(groups, [...assignEach(Object.keys(groups)), ...users])));

  test("GIVEN the same groups, members and owners in another order WHEN synthesized THEN the entra-sso stack is identical", () => {
    const reordered = {
      gamma: groups.gamma,
      beta: { members: [...groups.beta.members].reverse() },
      alpha: { ...groups.alpha, owners: [...groups.alpha.owners].reverse(), members: [...groups.alpha.members].reverse() },
    };
    const json = entraSso(modelFrom(fileFrom(reordered, [...users, ...assignEach(Object.keys(reordered)).reverse()])));
    expect(instanceAddresses(json)).toEqual(instanceAddresses(original));
    expect(json.resource).toEqual(original.resource);
    expect(json.data).toEqual(original.data);
    expect(json.output).toEqual(original.output);
  });

  test("GIVEN one member removed from a group WHEN synthesized THEN only that membership disappears and nothing else changes", () => {
    const fewer = { ...groups, alpha: { ...groups.alpha, members: ["ann@example.com", "cid@example.com"] } };
    const json = entraSso(modelFrom(fileFrom(fewer, [...assignEach(Object.keys(groups)), ...users])));
    const before = instanceAddresses(original);
    const after = instanceAddresses(json);
    expect(before.filter((a) => !after.includes(a))).toEqual([expect.stringMatching(/^azuread_group_member\.\S+\["alpha\/ben@example\.com"\]$/)]);
    expect(after.filter((a) => !before.includes(a))).toEqual([]);
    const { ["alpha/ben@example.com"]: removed, ...rest } = forEachOf(original, MEMBER);
    expect(removed).toBeDefined();
    expect(forEachOf(json, MEMBER)).toEqual(rest);
    expect(json.resource[GROUP]).toEqual(original.resource[GROUP]);
    expect(json.resource[ASSIGNMENT]).toEqual(original.resource[ASSIGNMENT]);
  });

  test("GIVEN a group renamed WHEN synthesized THEN only that group's instances change keys; other groups keep theirs", () => {
    const renamed = { alpha: groups.alpha, delta: groups.beta, gamma: groups.gamma };
    const json = entraSso(modelFrom(fileFrom(renamed, [...assignEach(Object.keys(renamed)), ...users])));
    const gone = instanceAddresses(original).filter((a) => !instanceAddresses(json).includes(a));
    expect(gone.length).toBeGreaterThan(0);
    for (const a of gone) expect(a).toMatch(/\["(beta|group:beta|beta\/[^"]+)"\]$/);
  });
});

describe("Scale", () => {
  // How long this synthesis takes is a goal of `npm run bench` (the same file, synthesized by the CLI).
  test("GIVEN 1,000 groups with 10 members each WHEN synthesized THEN it stays one group, one membership and one assignment resource", () => {
    const json = entraSso(modelFrom(manyGroups(1000, 10)));
    expect(Object.keys(blocks(json, GROUP))).toHaveLength(1);
    expect(Object.keys(forEachOf(json, GROUP))).toHaveLength(1000);
    expect(Object.keys(forEachOf(json, MEMBER))).toHaveLength(10_000);
    expect(Object.keys(forEachOf(json, ASSIGNMENT))).toHaveLength(1000);
  }, 120_000);
});

describe("Summary", () => {
  test("GIVEN the Contoso file WHEN summarized THEN it lists standing members, PIM eligibility with its end, activation rules and what is assigned", () => {
    const text = groupsSummary(modelOf(CONTOSO_CONFIG)).join("\n");
    expect(text).toContain('Entra groups and users assigned to "Contoso AWS SSO" (3 groups, 1 user)');
    expect(text).toMatch(/platform-engineers\s+created, app role "User", owners dana@contoso\.example/);
    expect(text).toMatch(/standing members\s+erin@contoso\.example, frank@contoso\.example, 7c7c7c7c-1234-5678-9abc-def012345678/);
    expect(text).toMatch(/PIM eligible\s+erin@contoso\.example until 2027-03-31T00:00:00Z/);
    expect(text).toMatch(/PIM eligible\s+frank@contoso\.example permanently/);
    expect(text).toMatch(/activation\s+at most PT2H30M; approval by dana@contoso\.example, 0f0f0f0f-0000-1111-2222-333344445555; requires justification, MFA, ticket/);
    expect(text).toMatch(/security-auditors\s+existing group 3f2a0000-0000-0000-0000-000000000001, app role "User"; members managed outside this file/);
    expect(text).toContain('users assigned directly (app role "User"): breakglass@contoso.example');
  });

  test("GIVEN a group with many members WHEN summarized THEN the list is cut with a count of the rest", () => {
    const members = Array.from({ length: 12 }, (_, i) => `m${String(i).padStart(2, "0")}@example.com`);
    const text = groupsSummary(modelFrom(fileFrom({ big: { members } }, assignEach(["big"])))).join("\n");
    expect(text).toContain("m07@example.com … and 4 more");
    expect(text).not.toContain("m08@example.com");
  });
});
