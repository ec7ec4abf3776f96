/**
 * Expansion: assignments (principal × permission set × targets) → grants with stable keys, and OU/root targets
 * resolved at plan time. Pure: no synthesis.
 */
import fc from "fast-check";
import { expand, grantKey, ouTargetKey, principalKey } from "../src/model/expand";
import { DEFAULT_CONFIG, CONTOSO_CONFIG, modelOf } from "./helpers";
import { modelFrom } from "./identity-center-fixtures";

const keys = (m: Parameters<typeof expand>[0]) => expand(m).grants.map((g) => g.key);

describe("grant keys", () => {
  test("a grant key is principal/permission set/account id, for groups and users", () => {
    expect(grantKey({ kind: "group", name: "admins" }, "AdministratorAccess", "111111111111")).toBe("group:admins/AdministratorAccess/111111111111");
    expect(grantKey({ kind: "user", name: "bob@example.com" }, "ViewOnlyAccess", "222222222222")).toBe("user:bob@example.com/ViewOnlyAccess/222222222222");
    expect(principalKey({ kind: "user", name: "bob@example.com" })).toBe("user:bob@example.com");
    expect(ouTargetKey({ kind: "group", name: "g" }, "P", "ou-ab12-34cd5678")).toBe("group:g/P/ou-ab12-34cd5678");
  });
});

describe("expand", () => {
  test("GIVEN accounts by name and by id WHEN expanded THEN both become the account id and the name is kept when known", () => {
    const m = modelFrom({ assignments: [{ group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["prod", "333333333333", "444444444444"] }] });
    const { grants } = expand(m);
    expect(grants.map((g) => [g.key, g.accountName])).toEqual([
      ["group:readers/ViewOnlyAccess/222222222222", "prod"],
      ["group:readers/ViewOnlyAccess/333333333333", "staging"],
      ["group:readers/ViewOnlyAccess/444444444444", undefined],
    ]);
    expect(grants[0].sources).toEqual([{ assignment: 0, target: "account:prod" }]);
  });

  test("GIVEN the same account by name in one assignment and by id in another THEN it is one grant with both sources", () => {
    const m = modelFrom({
      assignments: [
        { group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["prod"] },
        { group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["222222222222"] },
      ],
    });
    const { grants } = expand(m);
    expect(grants).toHaveLength(1);
    expect(grants[0].sources.map((s) => s.target)).toEqual(["account:prod", "account:222222222222"]);
  });

  test("GIVEN excludeAccounts THEN the excluded account gets no grant from that assignment, whether named or given by id", () => {
    const m = modelFrom({
      assignments: [{ group: "admins", permissionSet: "AdministratorAccess", accounts: ["management", "prod", "staging"], excludeAccounts: ["111111111111", "staging"] }],
    });
    expect(keys(m)).toEqual(["group:admins/AdministratorAccess/222222222222"]);
  });

  test("GIVEN an exclusion in one assignment THEN another assignment still grants that account (exclusions are per assignment)", () => {
    const m = modelFrom({
      assignments: [
        { group: "admins", permissionSet: "AdministratorAccess", accounts: ["prod", "management"], excludeAccounts: ["management"] },
        { group: "admins", permissionSet: "AdministratorAccess", accounts: ["management"] },
      ],
    });
    expect(keys(m)).toEqual(["group:admins/AdministratorAccess/111111111111", "group:admins/AdministratorAccess/222222222222"]);
  });

  test("GIVEN OU and root targets THEN they become plan-time targets keyed like grants, with their exclusions resolved to ids", () => {
    const m = modelFrom({
      assignments: [
        { group: "admins", permissionSet: "AdministratorAccess", organizationalUnits: ["ou-ab12-34cd5678", "r-ab12"], excludeAccounts: ["management"] },
      ],
    });
    const { grants, ouTargets } = expand(m);
    expect(grants).toEqual([]);
    expect(ouTargets.map((t) => [t.key, t.targetId, t.excludeAccountIds])).toEqual([
      ["group:admins/AdministratorAccess/ou-ab12-34cd5678", "ou-ab12-34cd5678", ["111111111111"]],
      ["group:admins/AdministratorAccess/r-ab12", "r-ab12", ["111111111111"]],
    ]);
  });

  test("GIVEN an account both named and below an OU of the same assignment THEN the named grant is static and the OU target stays (Terraform merges them into one key)", () => {
    const m = modelFrom({
      assignments: [{ group: "admins", permissionSet: "AdministratorAccess", accounts: ["prod"], organizationalUnits: ["ou-ab12-34cd5678"] }],
    });
    const { grants, ouTargets } = expand(m);
    expect(grants.map((g) => g.key)).toEqual(["group:admins/AdministratorAccess/222222222222"]);
    expect(ouTargets.map((t) => t.key)).toEqual(["group:admins/AdministratorAccess/ou-ab12-34cd5678"]);
  });

  test("GIVEN two assignments naming the same OU with different exclusions THEN only accounts both exclude stay excluded", () => {
    const m = modelFrom({
      assignments: [
        { group: "admins", permissionSet: "AdministratorAccess", organizationalUnits: ["ou-ab12-34cd5678"], excludeAccounts: ["management", "prod"] },
        { group: "admins", permissionSet: "AdministratorAccess", organizationalUnits: ["ou-ab12-34cd5678"], excludeAccounts: ["prod"] },
      ],
    });
    const { ouTargets } = expand(m);
    expect(ouTargets).toHaveLength(1);
    expect(ouTargets[0].excludeAccountIds).toEqual(["222222222222"]);
    expect(ouTargets[0].sources.map((s) => s.assignment)).toEqual([0, 1]);
  });

  test("GIVEN a user principal THEN its grants are keyed user:<userName>", () => {
    const m = modelFrom({ assignments: [{ user: "break-glass@example.com", permissionSet: "AdministratorAccess", accounts: ["management"] }] });
    const { grants, principals } = expand(m);
    expect(grants.map((g) => [g.key, g.principal])).toEqual([
      ["user:break-glass@example.com/AdministratorAccess/111111111111", { kind: "user", name: "break-glass@example.com" }],
    ]);
    expect(principals).toEqual([{ kind: "user", name: "break-glass@example.com" }]);
  });

  test("lists every principal once, sorted, including one whose only targets are OUs or whose accounts are all excluded", () => {
    const m = modelFrom({
      assignments: [
        { group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["prod"], excludeAccounts: ["prod"] },
        { group: "admins", permissionSet: "AdministratorAccess", organizationalUnits: ["r-ab12"] },
        { group: "admins", permissionSet: "ViewOnlyAccess", accounts: ["prod"] },
        { user: "zed@example.com", permissionSet: "ViewOnlyAccess", accounts: ["prod"] },
      ],
    });
    expect(expand(m).principals.map(principalKey)).toEqual(["group:admins", "group:readers", "user:zed@example.com"]);
  });

  test("the default file expands to the tutorial's seven grants", () => {
    expect(keys(modelOf(DEFAULT_CONFIG))).toEqual([
      "group:aws-sso-admins/AdministratorAccess/222222222222",
      "group:aws-sso-admins/AdministratorAccess/333333333333",
      "group:aws-sso-admins/AdministratorAccess/444444444444",
      "group:aws-sso-admins/ViewOnlyAccess/111111111111",
      "group:aws-sso-read-only/ViewOnlyAccess/222222222222",
      "group:aws-sso-read-only/ViewOnlyAccess/333333333333",
      "group:aws-sso-read-only/ViewOnlyAccess/444444444444",
    ]);
  });

  test("the contoso file: an existing group on the root, an OU with an exclusion, a user, an account id outside the inventory", () => {
    const e = expand(modelOf(CONTOSO_CONFIG));
    expect(e.grants.map((g) => g.key)).toEqual([
      "group:cloud-admins/BreakGlass/900000000002",
      "group:cloud-admins/BreakGlass/900000000009",
      "group:platform-engineers/PlatformPowerUser/900000000002",
      "group:platform-engineers/PlatformPowerUser/900000000003",
      "user:breakglass@contoso.example/BreakGlass/900000000001",
    ]);
    expect(e.ouTargets.map((t) => [t.key, t.excludeAccountIds])).toEqual([
      ["group:platform-engineers/PlatformPowerUser/ou-zx90-workload1", ["900000000001"]],
      ["group:security-auditors/Auditor/r-zx90", []],
    ]);
  });
});

describe("key stability", () => {
  const assignments = [
    { group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["prod", "staging", "444444444444"] },
    { group: "admins", permissionSet: "AdministratorAccess", accounts: ["prod"], organizationalUnits: ["ou-ab12-34cd5678", "r-ab12"], excludeAccounts: ["management"] },
    { user: "bob@example.com", permissionSet: "ViewOnlyAccess", accounts: ["management"] },
  ];
  const snapshot = (m: Parameters<typeof expand>[0]) => {
    const e = expand(m);
    return { grants: e.grants.map((g) => g.key), ous: e.ouTargets.map((t) => [t.key, t.excludeAccountIds]) };
  };

  test("reordering assignments, their targets and the permission sets changes no key (property: any permutation)", () => {
    const base = snapshot(modelFrom({ assignments }));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(assignments, { minLength: assignments.length, maxLength: assignments.length }),
        fc.boolean(),
        fc.boolean(),
        (order, reverseTargets, reverseSets) => {
          const shuffled = order.map((a) => {
            const copy: Record<string, unknown> = { ...a };
            if (reverseTargets) for (const k of ["accounts", "organizationalUnits", "excludeAccounts"]) if (Array.isArray(copy[k])) copy[k] = [...(copy[k] as string[])].reverse();
            return copy;
          });
          const sets = reverseSets ? { AdministratorAccess: { managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"] }, ViewOnlyAccess: { sessionDuration: "PT8H", managedPolicies: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] } } : undefined;
          expect(snapshot(modelFrom({ assignments: shuffled, permissionSets: sets }))).toEqual(base);
        },
      ),
      { numRuns: 25 },
    );
  });

  test("renaming an unrelated permission set changes no grant key; renaming the used one changes exactly its keys", () => {
    const withSets = (extra: string) =>
      modelFrom({
        permissionSets: { ...{ ViewOnlyAccess: { managedPolicies: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] } }, [extra]: { managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"] } },
        assignments: [{ group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["prod", "staging"] }],
      });
    expect(keys(withSets("Unused"))).toEqual(keys(withSets("RenamedUnused")));

    const renamedUsed = modelFrom({
      permissionSets: { ReadOnly: { managedPolicies: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] } },
      assignments: [{ group: "readers", permissionSet: "ReadOnly", accounts: ["prod", "staging"] }],
    });
    expect(keys(renamedUsed)).toEqual(["group:readers/ReadOnly/222222222222", "group:readers/ReadOnly/333333333333"]);
  });

  test("renaming an account in the inventory (same id) changes no grant key", () => {
    const a = modelFrom({ assignments: [{ group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["prod"] }] });
    const b = modelFrom({
      accounts: { management: { id: "111111111111" }, production: { id: "222222222222" } },
      assignments: [{ group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["production"] }],
    });
    expect(keys(a)).toEqual(keys(b));
  });
});

test("a user named with different case in two assignments is one principal and one grant key", () => {
  const base = modelOf(DEFAULT_CONFIG);
  const spec = {
    ...base.spec,
    assignments: [
      { user: "Dave@Example.com", permissionSet: "ViewOnlyAccess", accounts: ["prod"] },
      { user: "dave@example.com", permissionSet: "ViewOnlyAccess", accounts: ["222222222222"] },
    ],
  };
  const { grants } = expand({ spec });
  expect(grants.map((g) => g.key)).toEqual(["user:dave@example.com/ViewOnlyAccess/222222222222"]);
  expect(grants[0].sources).toHaveLength(2);
});
