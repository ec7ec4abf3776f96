/**
 * PIM for groups: the member-role management policy from `activation`, one eligibility schedule per eligible
 * principal, created after the policy. Asserted on synthesized JSON; the pure settings helpers on their own.
 */
import { ELIGIBILITY_JUSTIFICATION } from "../src/entra/pim-for-groups";
import {
  DEFAULT_ELIGIBILITY_DURATION,
  canonicalActivationDuration,
  eligibilityWindow,
  rfc3339,
} from "../src/entra/pim-settings";
import { quoted } from "../src/terraform/text";
import { assignEach, entraSso, fileFrom, modelFrom } from "./groups-fixtures";
import { blocks, CONTOSO_CONFIG, DEFAULT_CONFIG, documentationText, forEachOf, modelOf, only } from "./helpers";
import { withTerraform } from "./terraform";

const POLICY = "azuread_group_role_management_policy";
const SCHEDULE = "azuread_privileged_access_group_eligibility_schedule";

const defaultJson = entraSso(modelOf(DEFAULT_CONFIG));
const contosoJson = entraSso(modelOf(CONTOSO_CONFIG));

const groupRef = (json: Record<string, any>, name: string) =>
  `\${azuread_group_without_members.${Object.keys(blocks(json, "azuread_group_without_members"))[0]}[${quoted(name)}].object_id}`;
const userRef = (json: Record<string, any>, upn: string) =>
  `\${data.azuread_user.${Object.keys(blocks(json, "azuread_user", "data"))[0]}[${quoted(upn)}].object_id}`;

/** A one-group file with PIM, assigned so no usage warning interferes. */
const pimFile = (group: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  entraSso(modelFrom(fileFrom({ jit: group, ...extra }, assignEach(["jit", ...Object.keys(extra)]))));

describe("member-role management policy", () => {
  test("GIVEN the default file WHEN synthesized THEN the admins group gets a member policy, keyed by its name, with the file's activation rules and approver", () => {
    const policy = only(defaultJson, POLICY);
    expect(policy).toMatchObject({
      group_id: "${each.value.group_id}",
      role_id: "member",
      activation_rules: {
        maximum_duration: "${each.value.maximum_duration}",
        require_approval: "${each.value.require_approval}",
        require_justification: "${each.value.require_justification}",
        require_multifactor_authentication: "${each.value.require_multifactor_authentication}",
        require_ticket_info: "${each.value.require_ticket_info}",
      },
      eligible_assignment_rules: { expiration_required: "${each.value.expiration_required}" },
    });
    expect(policy.for_each).toEqual({
      "aws-sso-admins": {
        group_id: groupRef(defaultJson, "aws-sso-admins"),
        maximum_duration: "PT4H",
        require_approval: true,
        require_justification: true,
        require_multifactor_authentication: true,
        require_ticket_info: false,
        approvers: [{ object_id: userRef(defaultJson, "carol@example.com"), type: "singleUser" }],
        expiration_required: true,
      },
    });
  });

  test("GIVEN per-group approvers WHEN Terraform evaluates the synthesized dynamic blocks THEN a group requiring approval gets one stage with one primary_approver per approver, a group without approval none", () => {
    const approving = only(contosoJson, POLICY);
    const open = only(pimFile({ eligibleMembers: [{ principal: "eve@example.com" }], activation: { requireApproval: false } }), POLICY);
    for (const policy of [approving, open]) expect(policy.activation_rules).not.toHaveProperty("approval_stage");
    // The synthesized expressions, evaluated by Terraform as the dynamic blocks would be: each.value → v,
    // approval_stage.value → stage, primary_approver.value → approver (resource references become plain strings).
    const stages = (policy: any) => {
      const stage = policy.activation_rules.dynamic.approval_stage;
      const approver = stage.content.dynamic.primary_approver;
      const inner = (x: string) => x.replace(/^\$\{([\s\S]*)\}$/, "$1");
      const content = Object.entries(approver.content as Record<string, string>)
        .map(([k, v]) => `${k} = ${inner(v).replace(/primary_approver\.value/g, "approver")}`)
        .join(", ");
      return (
        `{ for k, v in local.policies : k => [for stage in ${inner(stage.for_each).replace(/each\.value/g, "v")} : ` +
        `[for approver in ${inner(approver.for_each).replace(/approval_stage\.value/g, "stage")} : { ${content} }]] }`
      );
    };
    // References to resources and data sources become plain values: `id:<key>` for object ids, a fixed approver type.
    const plain = (value: any): any =>
      Array.isArray(value)
        ? value.map(plain)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
          : typeof value !== "string" || !value.startsWith("${")
            ? value
            : value.includes("azuread_directory_object")
              ? "groupMembers"
              : value.replace(/^\$\{.*\["([^"]+)"\]\.object_id\}$/, "id:$1");
    const evaluated = withTerraform("pim-stages-", (tf) => {
      tf.write({
        locals: { policies: { ...plain(approving.for_each), ...plain(open.for_each) } },
        output: { approving: { value: `\${${stages(approving)}}` }, open: { value: `\${${stages(open)}}` } },
      });
      tf.apply();
      return tf.outputs();
    });
    expect(evaluated.approving.value["cloud-admins"]).toEqual([
      expect.arrayContaining([
        { object_id: "0f0f0f0f-0000-1111-2222-333344445555", type: "groupMembers" },
        { object_id: "id:dana@contoso.example", type: "singleUser" },
      ]),
    ]);
    expect(evaluated.approving.value["cloud-admins"][0]).toHaveLength(2);
    expect(evaluated.open.value.jit).toEqual([]);
  });

  test("GIVEN a permanent eligible member WHEN synthesized THEN the policy allows eligibility without expiry", () => {
    expect(forEachOf(contosoJson, POLICY)["cloud-admins"].expiration_required).toBe(false);
  });

  test("GIVEN an approver given as an object id WHEN synthesized THEN its type is looked up so a group approves as groupMembers and a user as singleUser", () => {
    const lookup = only(contosoJson, "azuread_directory_object", "data");
    expect(lookup).toMatchObject({ for_each: '${toset(["0f0f0f0f-0000-1111-2222-333344445555"])}', object_id: "${each.value}" });
    const name = Object.keys(blocks(contosoJson, "azuread_directory_object", "data"))[0];
    const admins = forEachOf(contosoJson, POLICY)["cloud-admins"];
    expect(admins.approvers).toEqual([
      {
        object_id: "0f0f0f0f-0000-1111-2222-333344445555",
        type: `\${data.azuread_directory_object.${name}["0f0f0f0f-0000-1111-2222-333344445555"].type == "Group" ? "groupMembers" : "singleUser"}`,
      },
      { object_id: userRef(contosoJson, "dana@contoso.example"), type: "singleUser" },
    ]);
    expect(admins).toMatchObject({ maximum_duration: "PT2H30M", require_ticket_info: true });
  });

  test("GIVEN no approval required WHEN synthesized THEN the group's policy has no approvers (so no approval stage) and nothing is looked up", () => {
    const json = pimFile({
      eligibleMembers: [{ principal: "eve@example.com" }],
      activation: { maximumDuration: "PT1H", requireApproval: false, approvers: ["1f1f1f1f-0000-1111-2222-333344445555"] },
    });
    expect(forEachOf(json, POLICY).jit).toMatchObject({ require_approval: false, approvers: [] });
    expect(blocks(json, "azuread_directory_object", "data")).toEqual({});
  });

  test("GIVEN eligible members but no activation block WHEN synthesized THEN the policy gets the documented defaults (PT8H, justification and MFA, no approval)", () => {
    const json = pimFile({ eligibleMembers: [{ principal: "eve@example.com" }] });
    expect(forEachOf(json, POLICY).jit).toEqual({
      group_id: groupRef(json, "jit"),
      maximum_duration: "PT8H",
      require_approval: false,
      require_justification: true,
      require_multifactor_authentication: true,
      require_ticket_info: false,
      approvers: [],
      expiration_required: true,
    });
  });

  test.each([
    ["PT90M", "PT1H30M"],
    ["PT24H", "P1D"],
    ["P1D", "P1D"],
    ["PT30M", "PT30M"],
    ["PT23H30M", "PT23H30M"],
  ])("GIVEN maximumDuration %s WHEN synthesized THEN the policy says %s (the provider's literal list)", (given, expected) => {
    const json = pimFile({ eligibleMembers: [{ principal: "eve@example.com" }], activation: { maximumDuration: given } });
    expect(forEachOf(json, POLICY).jit.maximum_duration).toBe(expected);
    expect(canonicalActivationDuration(given)).toBe(expected);
  });

  test("GIVEN groups without eligible members WHEN synthesized THEN no policy, schedule or approver lookup is declared", () => {
    const json = entraSso(modelFrom(fileFrom({ plain: { members: ["ann@example.com"] } }, assignEach(["plain"]))));
    expect(blocks(json, POLICY)).toEqual({});
    expect(blocks(json, SCHEDULE)).toEqual({});
    expect(blocks(json, "azuread_directory_object", "data")).toEqual({});
  });

  test("GIVEN two PIM groups WHEN synthesized THEN one policy resource holds both, keyed by group name", () => {
    const json = pimFile({ eligibleMembers: [{ principal: "eve@example.com" }] }, { ops: { eligibleMembers: [{ principal: "fay@example.com" }] } });
    const policies = forEachOf(json, POLICY);
    expect(Object.keys(policies).sort()).toEqual(["jit", "ops"]);
    expect(policies.ops.group_id).toBe(groupRef(json, "ops"));
  });
});

describe("eligibility schedules", () => {
  test("GIVEN the default file WHEN synthesized THEN bob is eligible for the admins group for P180D, as a member, by bare object ids", () => {
    const schedule = only(defaultJson, SCHEDULE);
    expect(schedule).toMatchObject({
      group_id: "${each.value.group_id}",
      principal_id: "${each.value.principal_id}",
      assignment_type: "member",
      duration: "${each.value.duration}",
      expiration_date: "${each.value.expiration_date}",
      permanent_assignment: "${each.value.permanent_assignment}",
      justification: ELIGIBILITY_JUSTIFICATION,
    });
    expect(schedule.for_each).toEqual({
      "aws-sso-admins/bob@example.com": {
        group_id: groupRef(defaultJson, "aws-sso-admins"),
        principal_id: userRef(defaultJson, "bob@example.com"),
        duration: "P180D",
        expiration_date: null,
        permanent_assignment: null,
      },
    });
    expect(JSON.stringify(schedule)).not.toMatch(/\.id\}/);
  });

  test("GIVEN a policy and schedules WHEN synthesized THEN every schedule depends on the member policy (created first, azuread #1450)", () => {
    const policyName = Object.keys(blocks(contosoJson, POLICY))[0];
    expect(only(contosoJson, SCHEDULE).depends_on).toEqual([`${POLICY}.${policyName}`]);
    expect(only(defaultJson, SCHEDULE).depends_on).toEqual([`${POLICY}.${Object.keys(blocks(defaultJson, POLICY))[0]}`]);
  });

  test("GIVEN an expiration date and a permanent member WHEN synthesized THEN each window is set alone, the date in RFC 3339", () => {
    const each = forEachOf(contosoJson, SCHEDULE);
    expect(each["cloud-admins/erin@contoso.example"]).toMatchObject({ duration: null, expiration_date: "2027-03-31T00:00:00Z", permanent_assignment: null });
    expect(each["cloud-admins/frank@contoso.example"]).toMatchObject({ duration: null, expiration_date: null, permanent_assignment: true });
  });

  test("GIVEN an eligible member without duration, date or permanent WHEN synthesized THEN the eligibility lasts the default P365D, never permanent", () => {
    const json = pimFile({ eligibleMembers: [{ principal: "Eve@Example.com" }] });
    expect(forEachOf(json, SCHEDULE)).toEqual({
      "jit/eve@example.com": expect.objectContaining({ duration: DEFAULT_ELIGIBILITY_DURATION, expiration_date: null, permanent_assignment: null }),
    });
    expect(DEFAULT_ELIGIBILITY_DURATION).toBe("P365D");
    expect(forEachOf(json, POLICY).jit.expiration_required).toBe(true);
  });

  test("GIVEN eligible members and approvers in another order WHEN synthesized THEN policy and schedules are identical", () => {
    const members = [{ principal: "eve@example.com", duration: "P30D" }, { principal: "fay@example.com", permanent: true }, { principal: "gus@example.com" }];
    const activation = (approvers: string[]) => ({ requireApproval: true, approvers });
    const a = pimFile({ eligibleMembers: members, activation: activation(["xena@example.com", "1f1f1f1f-0000-1111-2222-333344445555"]) });
    const b = pimFile({ eligibleMembers: [...members].reverse(), activation: activation(["1f1f1f1f-0000-1111-2222-333344445555", "xena@example.com"]) });
    expect(b.resource[POLICY]).toEqual(a.resource[POLICY]);
    expect(b.resource[SCHEDULE]).toEqual(a.resource[SCHEDULE]);
    expect(Object.keys(forEachOf(a, SCHEDULE)).sort()).toEqual(["jit/eve@example.com", "jit/fay@example.com", "jit/gus@example.com"]);
  });

  test("GIVEN an eligible member removed WHEN synthesized THEN only that eligibility disappears", () => {
    const before = forEachOf(pimFile({ eligibleMembers: [{ principal: "eve@example.com" }, { principal: "fay@example.com" }] }), SCHEDULE);
    const after = forEachOf(pimFile({ eligibleMembers: [{ principal: "fay@example.com" }] }), SCHEDULE);
    const { ["jit/eve@example.com"]: removed, ...rest } = before;
    expect(removed).toBeDefined();
    expect(after).toEqual(rest);
  });
});

describe("PIM settings helpers", () => {
  test("GIVEN each kind of window WHEN resolved THEN exactly one of duration, expiration date or permanent results", () => {
    expect(eligibilityWindow({ principal: "a@b.c", duration: "P30D" })).toEqual({ kind: "duration", duration: "P30D", defaulted: false });
    expect(eligibilityWindow({ principal: "a@b.c" })).toEqual({ kind: "duration", duration: "P365D", defaulted: true });
    expect(eligibilityWindow({ principal: "a@b.c", permanent: true })).toEqual({ kind: "permanent" });
    expect(eligibilityWindow({ principal: "a@b.c", permanent: false, duration: "P7D" })).toEqual({ kind: "duration", duration: "P7D", defaulted: false });
    expect(eligibilityWindow({ principal: "a@b.c", expirationDate: "2027-01-02" })).toEqual({ kind: "expirationDate", expirationDate: "2027-01-02T00:00:00Z" });
  });

  test("GIVEN dates in the shapes the file accepts WHEN normalized THEN they are RFC 3339 in UTC", () => {
    expect(rfc3339("2027-03-31")).toBe("2027-03-31T00:00:00Z");
    expect(rfc3339("2027-03-31T10:15Z")).toBe("2027-03-31T10:15:00Z");
    expect(rfc3339("2027-03-31T10:15:00+02:00")).toBe("2027-03-31T08:15:00Z");
  });
});

test("eligibility end dates are normalized to UTC RFC 3339 without fractional seconds", () => {
  expect(rfc3339("2027-03-31")).toBe("2027-03-31T00:00:00Z");
  expect(rfc3339("2027-03-31T10:15:00.250Z")).toBe("2027-03-31T10:15:00Z");
  expect(rfc3339("2027-03-31T12:15:00+02:00")).toBe("2027-03-31T10:15:00Z");
});

describe("what the README promises about ended eligibilities", () => {
  // The PIM section lives in docs/stacks.md; the whole documentation is read, so it may move again.
  const readme = documentationText();

  test("GIVEN the provider keeps an ended eligibility in state (azuread v3.9.0 Read) THEN the README does not promise its re-creation and names the renewal", () => {
    expect(readme).not.toMatch(/next deploy is expected to create it again/);
    expect(readme).toContain("An eligibility that has ended is not\nre-created by the next deploy");
    expect(readme).toContain("terraform -chdir=cdktf.out/stacks/entra-sso state rm '<address>'");
  });
});
