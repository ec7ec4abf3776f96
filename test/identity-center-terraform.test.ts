/**
 * The plan-time logic of the identity-center stack and its assignment stacks, proven by Terraform itself: the
 * synthesized locals (principal matching and pending in identity-center; OU merge, exclusions, ACTIVE filter and
 * pending grants in identity-center-assignments-*, wired to identity-center's outputs) are evaluated by the local
 * `terraform` binary against fixture data shaped like the aws 6.25 data sources (see identity-center-harness.ts).
 * No provider, no cloud.
 */
import { expand } from "../src/model/expand";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, blocks, modelOf, synthAll } from "./helpers";
import { evaluate, fakeObjectId, type FixtureGroup } from "./identity-center-harness";
import { modelFrom } from "./identity-center-fixtures";

const IC = "identity-center";
const only1 = (json: Record<string, any>, type: string) => Object.values(blocks(json, type))[0] as any;

describe("default file: principal resolution and pending grants", () => {
  const model = modelOf(DEFAULT_CONFIG);
  const stacks = synthAll(model);
  const ic = stacks[IC];
  const allKeys = expand(model).grants.map((g) => g.key);
  const readOnly = (extra: Partial<FixtureGroup> = {}): FixtureGroup => ({
    group_id: "g-read-only",
    display_name: "aws-sso-read-only",
    external_ids: [{ id: fakeObjectId("aws-sso-read-only"), issuer: null as unknown as string }],
    ...extra,
  });
  const admins = (extra: Partial<FixtureGroup> = {}): FixtureGroup => ({
    group_id: "g-admins",
    display_name: "aws-sso-admins",
    external_ids: [{ id: fakeObjectId("aws-sso-admins") }],
    ...extra,
  });

  test("GIVEN both groups provisioned with their object id as externalId THEN all seven grants are assigned with the right ids and ARNs", () => {
    const r = evaluate(stacks, { groups: [readOnly(), admins(), { group_id: "g-other", display_name: "unrelated" }] });
    expect(Object.keys(r.assignments).sort()).toEqual(allKeys);
    expect(r.assignments["group:aws-sso-admins/AdministratorAccess/222222222222"]).toEqual({
      principal_id: "g-admins",
      principal_type: "GROUP",
      permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-test/ps-AdministratorAccess",
      target_id: "222222222222",
      target_type: "AWS_ACCOUNT",
    });
    expect(r.assignments["group:aws-sso-read-only/ViewOnlyAccess/444444444444"].principal_id).toBe("g-read-only");
    expect(r.pending_principals).toEqual([]);
    expect(r.principal_matches).toEqual({ "group:aws-sso-admins": "external-id", "group:aws-sso-read-only": "external-id" });
    expect([r.grant_count, r.pending_grant_count]).toEqual([7, 0]);
  });

  test("GIVEN an empty identity store (SCIM has not run yet) THEN the plan assigns nothing and lists both groups as pending, without failing", () => {
    const r = evaluate(stacks, { groups: [] });
    expect(r.assignments).toEqual({});
    expect(r.pending_principals).toEqual(["group:aws-sso-admins", "group:aws-sso-read-only"]);
    expect([r.grant_count, r.pending_grant_count]).toEqual([0, 7]);
  });

  test("GIVEN only one group provisioned THEN its grants are assigned and the other's wait", () => {
    const r = evaluate(stacks, { groups: [readOnly()] });
    expect(Object.keys(r.assignments).sort()).toEqual(allKeys.filter((k) => k.startsWith("group:aws-sso-read-only/")));
    expect(r.pending_principals).toEqual(["group:aws-sso-admins"]);
    expect(r.pending_grant_count).toBe(4);
  });

  test("GIVEN a group renamed in Entra (identity store shows the new name) THEN it keeps every grant under the same keys, matched by external id", () => {
    const r = evaluate(stacks, { groups: [readOnly({ display_name: "AWS Read Only (renamed)" }), admins({ display_name: "Cloud Admins 2027" })] });
    expect(Object.keys(r.assignments).sort()).toEqual(allKeys);
    expect(r.principal_matches).toEqual({ "group:aws-sso-admins": "external-id", "group:aws-sso-read-only": "external-id" });
  });

  test("GIVEN groups provisioned without externalId (mapping fix not applied yet) THEN they are matched by display name", () => {
    const r = evaluate(stacks, { groups: [readOnly({ external_ids: null }), admins({ external_ids: [] })] });
    expect(Object.keys(r.assignments).sort()).toEqual(allKeys);
    expect(r.principal_matches).toEqual({ "group:aws-sso-admins": "name", "group:aws-sso-read-only": "name" });
  });

  test("GIVEN a same-named group that belongs to another Entra object THEN it is not taken by name: the grants stay pending", () => {
    const r = evaluate(stacks, { groups: [readOnly(), admins({ external_ids: [{ id: "0badc0de-0000-4000-8000-000000000000" }] })] });
    expect(r.pending_principals).toEqual(["group:aws-sso-admins"]);
    expect(Object.keys(r.assignments).every((k) => k.startsWith("group:aws-sso-read-only/"))).toBe(true);
  });

  test("matches external ids case-insensitively", () => {
    const r = evaluate(stacks, { groups: [readOnly({ external_ids: [{ id: fakeObjectId("aws-sso-read-only").toUpperCase() }] }), admins()] });
    expect(r.principal_matches["group:aws-sso-read-only"]).toBe("external-id");
    expect(r.pending_principals).toEqual([]);
  });

  test("passes ABAC sources and the inline policy to AWS exactly as written in the file", () => {
    const abac = only1(ic, "aws_ssoadmin_instance_access_control_attributes").attribute;
    const policies = only1(ic, "aws_ssoadmin_permission_set_inline_policy").for_each;
    const r = evaluate(stacks, {}, { abac, policies });
    expect(r.extra.abac).toEqual([{ key: "Department", value: [{ source: ["${path:enterprise.department}"] }] }]);
    expect(JSON.parse((r.extra.policies as Record<string, string>).AdministratorAccess)).toEqual(model.inlinePolicies.AdministratorAccess.document);
  });
});

describe("contoso file: OU and root targets, exclusions, users", () => {
  const model = modelOf(CONTOSO_CONFIG);
  const stacks = synthAll(model);
  const groups: FixtureGroup[] = [
    { group_id: "g-pe", display_name: "platform-engineers", external_ids: [{ id: fakeObjectId("platform-engineers") }] },
    { group_id: "g-ca", display_name: "cloud-admins", external_ids: [{ id: fakeObjectId("cloud-admins") }] },
    { group_id: "g-sa", display_name: "Security Auditors", external_ids: [{ id: "3f2a0000-0000-0000-0000-000000000001" }] },
  ];
  const workload = [
    { id: "900000000002", state: "ACTIVE", status: "ACTIVE" }, // also granted by name: one grant
    { id: "900000000004", state: "ACTIVE" },
    { id: "900000000005", state: "SUSPENDED", status: "SUSPENDED" },
    { id: "900000000001", state: "ACTIVE" }, // excluded: contoso-root
    { id: "900000000006", status: "ACTIVE" }, // state not returned: the retired status decides
    { id: "900000000007", state: "PENDING_CLOSURE", status: "ACTIVE" }, // state wins over status
    { id: "900000000008", state: "PENDING_ACTIVATION" },
  ];
  const root = [...workload, { id: "900000000003", state: "ACTIVE" }, { id: "900000000009", state: "CLOSED" }];

  test("expands OUs to ACTIVE accounts minus exclusions, the root to the whole organization, and collapses overlaps into one key", () => {
    const r = evaluate(stacks, { groups, users: [{ user_id: "u-bg", user_name: "breakglass@contoso.example" }], ouAccounts: { "ou-zx90-workload1": workload, "r-zx90": root } });
    expect(Object.keys(r.assignments).sort()).toEqual([
      "group:cloud-admins/BreakGlass/900000000002",
      "group:cloud-admins/BreakGlass/900000000009",
      "group:platform-engineers/PlatformPowerUser/900000000002",
      "group:platform-engineers/PlatformPowerUser/900000000003",
      "group:platform-engineers/PlatformPowerUser/900000000004",
      "group:platform-engineers/PlatformPowerUser/900000000006",
      "group:security-auditors/Auditor/900000000001",
      "group:security-auditors/Auditor/900000000002",
      "group:security-auditors/Auditor/900000000003",
      "group:security-auditors/Auditor/900000000004",
      "group:security-auditors/Auditor/900000000006",
      "user:breakglass@contoso.example/BreakGlass/900000000001",
    ]);
    expect(r.assignments["group:security-auditors/Auditor/900000000003"]).toMatchObject({ principal_id: "g-sa", permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-test/ps-Auditor" });
    expect(r.assignments["user:breakglass@contoso.example/BreakGlass/900000000001"]).toMatchObject({ principal_id: "u-bg", principal_type: "USER" });
    expect(r.pending_principals).toEqual([]);
  });

  test("GIVEN an exclusion THEN an excluded account below the OU gets no grant even when ACTIVE", () => {
    const r = evaluate(stacks, { groups, ouAccounts: { "ou-zx90-workload1": [{ id: "900000000001", state: "ACTIVE" }], "r-zx90": [] } });
    expect(Object.keys(r.assignments).filter((k) => k.includes("/PlatformPowerUser/900000000001"))).toEqual([]);
  });

  test("matches the user by userName case-insensitively, and by external id when the identity store has the object id", () => {
    const byName = evaluate(stacks, { groups, users: [{ user_id: "u-bg", user_name: "BreakGlass@Contoso.example" }], ouAccounts: { "ou-zx90-workload1": [], "r-zx90": [] } });
    expect(byName.principal_matches["user:breakglass@contoso.example"]).toBe("name");
    const byId = evaluate(stacks, {
      groups,
      users: [{ user_id: "u-bg", user_name: "renamed@contoso.example", external_ids: [{ id: fakeObjectId("breakglass@contoso.example") }] }],
      ouAccounts: { "ou-zx90-workload1": [], "r-zx90": [] },
    });
    expect(byId.principal_matches["user:breakglass@contoso.example"]).toBe("external-id");
    expect(byId.assignments["user:breakglass@contoso.example/BreakGlass/900000000001"].principal_id).toBe("u-bg");
  });

  test("GIVEN OUs with no ACTIVE account and an unprovisioned user THEN only static grants of found principals are planned", () => {
    const r = evaluate(stacks, { groups, ouAccounts: { "ou-zx90-workload1": [{ id: "900000000005", state: "SUSPENDED" }], "r-zx90": [] } });
    expect(Object.keys(r.assignments).sort()).toEqual([
      "group:cloud-admins/BreakGlass/900000000002",
      "group:cloud-admins/BreakGlass/900000000009",
      "group:platform-engineers/PlatformPowerUser/900000000002",
      "group:platform-engineers/PlatformPowerUser/900000000003",
    ]);
    expect(r.pending_principals).toEqual(["user:breakglass@contoso.example"]);
    expect(r.pending_grant_count).toBe(1);
  });
});

describe("overlapping OU targets and unusual names", () => {
  test("an account reached through a parent OU, a nested OU and by name is one grant; a UPN with ' and + is matched as text", () => {
    const upn = "o'brien+ops@example.com";
    const m = modelFrom({
      assignments: [{ user: upn, permissionSet: "ViewOnlyAccess", accounts: ["prod"], organizationalUnits: ["ou-ab12-parent01", "ou-ab12-child001"] }],
    });
    const r = evaluate(synthAll(m), {
      users: [{ user_id: "u-ops", user_name: upn }],
      ouAccounts: {
        "ou-ab12-parent01": [{ id: "222222222222", state: "ACTIVE" }, { id: "555555555555", state: "ACTIVE" }],
        "ou-ab12-child001": [{ id: "555555555555", state: "ACTIVE" }],
      },
    });
    expect(Object.keys(r.assignments).sort()).toEqual([`user:${upn}/ViewOnlyAccess/222222222222`, `user:${upn}/ViewOnlyAccess/555555555555`]);
    expect(r.principal_matches).toEqual({ [`user:${upn}`]: "name" });
    expect(r.grant_count).toBe(2);
  });
});
