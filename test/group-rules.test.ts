/**
 * The preflight rules about groups and PIM (src/model/rules: group-names, existing-group-settings, group-members,
 * pim-activation, group-usage, provision-on-demand-size): each passes a good file and reports a bad one once, with
 * its id, path and line. No synthesis: these run on the model only.
 */
import type { Diagnostic } from "../src/model/diagnostics";
import { fileWith, lineOf } from "./groups-fixtures";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, loadFile, loadText } from "./helpers";

const assigned = (...groups: string[]) =>
  groups.map((g) => `  - { group: "${g}", permissionSet: ViewOnlyAccess, accounts: ["111111111111"] }\n`).join("");

/** Diagnostics of a file, without those of other rules unless asked. */
function diagnosticsOf(text: string, idPrefix = "federation/"): Diagnostic[] {
  return loadText(text).diagnostics.filter((d) => d.id.startsWith(idPrefix));
}

function only1(text: string, id: string): Diagnostic {
  const found = diagnosticsOf(text).filter((d) => d.id === id);
  if (found.length !== 1) throw new Error(`expected one ${id}, got ${JSON.stringify(loadText(text).diagnostics, null, 1)}`);
  return found[0];
}

const GROUP_IDS = [
  "scim-unsafe-name",
  "reserved-group-name",
  "group-name-length",
  "group-name-template",
  "group-name-case",
  "existing-group-settings",
  "duplicate-member",
  "member-and-eligible",
  "pim-maximum-duration",
  "pim-approvers-required",
  "pim-approvers-unused",
  "pim-activation-unused",
  "pim-eligibility-two-ends",
  "pim-eligibility-expiry",
  "pim-eligibility-duration",
  "pim-eligibility-too-long",
  "pim-self-approval",
  "eligible-group-unassigned",
  "group-unassigned",
  "provision-on-demand-partial",
].map((id) => `federation/${id}`);

describe("good files", () => {
  test.each([
    ["the default file", DEFAULT_CONFIG],
    ["the Contoso fixture", CONTOSO_CONFIG],
  ])("GIVEN %s WHEN validated THEN no group or PIM rule reports anything", (_name, file) => {
    const r = loadFile(file);
    expect(r.model).toBeDefined();
    expect(r.diagnostics.filter((d) => GROUP_IDS.includes(d.id))).toEqual([]);
  });
});

describe("group-names", () => {
  test("GIVEN a group name with SCIM-unsafe characters WHEN validated THEN one error at the name's key", () => {
    const text = fileWith(`  "ops:admins":\n    members: [a@example.com]\n`, assigned("ops:admins"));
    const d = only1(text, "federation/scim-unsafe-name");
    expect(d).toMatchObject({ severity: "error", path: 'groups["ops:admins"]', line: lineOf(text, '"ops:admins":') });
    expect(d.message).toContain('":"');
  });

  test("GIVEN the reserved name AWSAdministrators WHEN validated THEN one error", () => {
    const text = fileWith(`  AWSAdministrators: {}\n`, assigned("AWSAdministrators"));
    expect(only1(text, "federation/reserved-group-name")).toMatchObject({ path: "groups.AWSAdministrators", line: lineOf(text, "AWSAdministrators: {}") });
  });

  test("GIVEN a name of 129 characters WHEN validated THEN one error; 128 characters pass", () => {
    const long = "g".repeat(129);
    const text = fileWith(`  ${long}: {}\n`, assigned(long));
    expect(only1(text, "federation/group-name-length")).toMatchObject({ path: `groups.${long}`, line: lineOf(text, `${long}: {}`) });
    const ok = "g".repeat(128);
    expect(diagnosticsOf(fileWith(`  ${ok}: {}\n`, assigned(ok)), "federation/group-name")).toEqual([]);
  });

  test("GIVEN a name with a Terraform template sequence WHEN validated THEN one error, for existing groups too", () => {
    const text = fileWith(`  "team-\${env}":\n    objectId: 3f2a0000-0000-0000-0000-000000000000\n`, assigned("team-${env}"));
    expect(only1(text, "federation/group-name-template")).toMatchObject({ path: 'groups["team-${env}"]', line: lineOf(text, "team-${env}") });
  });

  test("GIVEN two created groups whose names differ only in case WHEN validated THEN one error at the second", () => {
    const text = fileWith(`  aws-admins: {}\n  AWS-Admins: {}\n`, assigned("aws-admins", "AWS-Admins"));
    const d = only1(text, "federation/group-name-case");
    expect(d).toMatchObject({ path: "groups.AWS-Admins", line: lineOf(text, "AWS-Admins: {}") });
    expect(d.message).toContain('"aws-admins"');
  });

  test("GIVEN an existing group whose label is a reserved or SCIM-unsafe name WHEN validated THEN nothing is reported (the label is not its Entra name)", () => {
    const text = fileWith(`  "Administrator":\n    objectId: 3f2a0000-0000-0000-0000-000000000000\n`, assigned("Administrator"));
    expect(diagnosticsOf(text, "federation/reserved-group-name")).toEqual([]);
  });
});

describe("existing-group-settings", () => {
  test("GIVEN an existing group with members and a description WHEN validated THEN one error naming both keys, at the first", () => {
    const text = fileWith(
      `  sec:\n    objectId: 3f2a0000-0000-0000-0000-000000000000\n    description: Security\n    members: [a@example.com]\n`,
      assigned("sec"),
    );
    const d = only1(text, "federation/existing-group-settings");
    expect(d).toMatchObject({ severity: "error", path: "groups.sec.description", line: lineOf(text, "description: Security") });
    expect(d.message).toContain('"description", "members"');
  });

  test("GIVEN an existing group with only objectId and appRole WHEN validated THEN it is accepted", () => {
    const text = fileWith(`  sec:\n    objectId: 3f2a0000-0000-0000-0000-000000000000\n    appRole: msiam_access\n`, assigned("sec"));
    expect(loadText(text).diagnostics).toEqual([]);
  });
});

describe("group-members", () => {
  test("GIVEN a member listed twice in different case WHEN validated THEN one error at the second", () => {
    const text = fileWith(`  g:\n    members:\n      - ann@example.com\n      - Ann@Example.com\n`, assigned("g"));
    expect(only1(text, "federation/duplicate-member")).toMatchObject({ path: "groups.g.members[1]", line: lineOf(text, "- Ann@Example.com") });
  });

  test("GIVEN a principal that is both standing and eligible WHEN validated THEN one error at the eligible entry", () => {
    const text = fileWith(`  g:\n    members: [ann@example.com]\n    eligibleMembers:\n      - principal: ann@example.com\n`, assigned("g"));
    expect(only1(text, "federation/member-and-eligible")).toMatchObject({
      path: "groups.g.eligibleMembers[0].principal",
      line: lineOf(text, "- principal: ann@example.com"),
    });
  });

  test("GIVEN an owner and an eligible member each listed twice WHEN validated THEN one error each", () => {
    const text = fileWith(
      `  g:\n    owners: [o@example.com, o@example.com]\n    eligibleMembers:\n      - principal: e@example.com\n      - principal: E@example.com\n`,
      assigned("g"),
    );
    const found = diagnosticsOf(text).filter((d) => d.id === "federation/duplicate-member");
    expect(found.map((d) => [d.path, d.line])).toEqual([
      ["groups.g.owners[1]", lineOf(text, "owners:")],
      ["groups.g.eligibleMembers[1].principal", lineOf(text, "- principal: E@example.com")],
    ]);
  });
});

describe("pim-activation", () => {
  const pim = (activation: string, eligible = "      - principal: e@example.com\n") =>
    fileWith(`  jit:\n    eligibleMembers:\n${eligible}    activation:\n${activation}`, assigned("jit"));

  test.each(["PT45M", "PT24H30M", "PT10M", "P2D"])("GIVEN maximumDuration %s WHEN validated THEN one error at it", (value) => {
    const text = pim(`      maximumDuration: ${value}\n`);
    expect(only1(text, "federation/pim-maximum-duration")).toMatchObject({
      path: "groups.jit.activation.maximumDuration",
      line: lineOf(text, `maximumDuration: ${value}`),
    });
  });

  test.each(["PT30M", "PT4H", "PT23H30M", "P1D", "PT90M"])("GIVEN maximumDuration %s WHEN validated THEN it is accepted", (value) => {
    expect(loadText(pim(`      maximumDuration: ${value}\n`)).diagnostics).toEqual([]);
  });

  test("GIVEN approval required without approvers WHEN validated THEN one error at requireApproval", () => {
    const text = pim(`      requireApproval: true\n`);
    expect(only1(text, "federation/pim-approvers-required")).toMatchObject({ path: "groups.jit.activation.requireApproval", line: lineOf(text, "requireApproval: true") });
  });

  test("GIVEN approvers while approval is off WHEN validated THEN a warning, not an error", () => {
    const text = pim(`      approvers: [x@example.com]\n`);
    const d = only1(text, "federation/pim-approvers-unused");
    expect(d).toMatchObject({ severity: "warning", path: "groups.jit.activation.approvers", line: lineOf(text, "approvers: [x@example.com]") });
    expect(loadText(text).model).toBeDefined();
  });

  test("GIVEN activation rules on a group without eligible members WHEN validated THEN a warning that they are not applied", () => {
    const text = fileWith(`  g:\n    members: [a@example.com]\n    activation:\n      maximumDuration: PT1H\n`, assigned("g"));
    const d = only1(text, "federation/pim-activation-unused");
    expect(d).toMatchObject({ severity: "warning", path: "groups.g.activation", line: lineOf(text, "maximumDuration: PT1H") });
    expect(d.message).toContain("not applied");
  });

  test("GIVEN an approver listed twice WHEN validated THEN one error at the second", () => {
    const text = pim(`      requireApproval: true\n      approvers:\n        - x@example.com\n        - X@example.com\n`);
    expect(only1(text, "federation/duplicate-member")).toMatchObject({ path: "groups.jit.activation.approvers[1]", line: lineOf(text, "- X@example.com") });
  });

  test("GIVEN an eligible member who is the only approver WHEN validated THEN a warning at that member; a second approver silences it", () => {
    const text = pim(`      requireApproval: true\n      approvers: [e@example.com]\n`);
    expect(only1(text, "federation/pim-self-approval")).toMatchObject({
      severity: "warning",
      path: "groups.jit.eligibleMembers[0].principal",
      line: lineOf(text, "- principal: e@example.com"),
    });
    expect(diagnosticsOf(pim(`      requireApproval: true\n      approvers: [e@example.com, f@example.com]\n`), "federation/pim-self")).toEqual([]);
  });

  test("GIVEN an eligibility with both duration and permanent WHEN validated THEN one error at the entry", () => {
    const text = pim(`      maximumDuration: PT1H\n`, `      - { principal: e@example.com, duration: P30D, permanent: true }\n`);
    expect(only1(text, "federation/pim-eligibility-two-ends")).toMatchObject({ path: "groups.jit.eligibleMembers[0]", line: lineOf(text, "- { principal: e@example.com") });
  });

  test("GIVEN an eligibility shorter than a day WHEN validated THEN one error at its duration", () => {
    const text = pim(`      maximumDuration: PT1H\n`, `      - principal: e@example.com\n        duration: PT12H\n`);
    expect(only1(text, "federation/pim-eligibility-duration")).toMatchObject({
      path: "groups.jit.eligibleMembers[0].duration",
      line: lineOf(text, "duration: PT12H"),
    });
  });

  test("GIVEN an eligibility of 400 days WHEN validated THEN one error (PIM allows at most 365); P365D passes", () => {
    const text = pim(`      maximumDuration: PT1H\n`, `      - principal: e@example.com\n        duration: P400D\n`);
    const d = only1(text, "federation/pim-eligibility-too-long");
    expect(d).toMatchObject({ path: "groups.jit.eligibleMembers[0].duration", line: lineOf(text, "duration: P400D") });
    expect(d.message).toContain("400 days");
    expect(loadText(pim(`      maximumDuration: PT1H\n`, `      - { principal: e@example.com, duration: P365D }\n`)).diagnostics).toEqual([]);
  });

  test("GIVEN an expiration date in the past, or more than 365 days ahead of today WHEN validated THEN one error each", () => {
    const text = pim(
      `      maximumDuration: PT1H\n`,
      `      - { principal: e@example.com, expirationDate: "2026-01-01" }\n      - { principal: f@example.com, expirationDate: "2028-01-01T00:00:00Z" }\n`,
    );
    expect(only1(text, "federation/pim-eligibility-expiry")).toMatchObject({
      path: "groups.jit.eligibleMembers[0].expirationDate",
      line: lineOf(text, '"2026-01-01"'),
    });
    expect(only1(text, "federation/pim-eligibility-too-long")).toMatchObject({
      path: "groups.jit.eligibleMembers[1].expirationDate",
      line: lineOf(text, '"2028-01-01T00:00:00Z"'),
    });
  });
});

describe("group-usage", () => {
  test("GIVEN a group no assignment uses WHEN validated THEN a warning at its name", () => {
    const text = fileWith(`  used: {}\n  idle:\n    members: [a@example.com]\n`, assigned("used"));
    const d = only1(text, "federation/group-unassigned");
    expect(d).toMatchObject({ severity: "warning", path: "groups.idle", line: lineOf(text, "idle:") });
  });

  test("GIVEN a PIM group no assignment uses WHEN validated THEN the eligible-group warning instead", () => {
    const text = fileWith(`  used: {}\n  jit:\n    eligibleMembers: [{ principal: e@example.com }]\n`, assigned("used"));
    expect(only1(text, "federation/eligible-group-unassigned")).toMatchObject({ severity: "warning", path: "groups.jit", line: lineOf(text, "jit:") });
    expect(diagnosticsOf(text, "federation/group-unassigned")).toEqual([]);
  });
});

describe("provision-on-demand-size", () => {
  const members = (n: number) => `  big:\n    members: [${Array.from({ length: n }, (_, i) => `u${i}@example.com`).join(", ")}]\n`;

  test("GIVEN a group with 6 standing members and provision on demand WHEN validated THEN a warning at its members", () => {
    const text = fileWith(members(6), assigned("big"));
    const d = only1(text, "federation/provision-on-demand-partial");
    expect(d).toMatchObject({ severity: "warning", path: "groups.big.members", line: lineOf(text, "members: [u0@") });
    expect(d.message).toContain("6 members");
  });

  test("GIVEN 5 members, or provisioning on demand turned off WHEN validated THEN nothing is reported", () => {
    expect(diagnosticsOf(fileWith(members(5), assigned("big")), "federation/provision-on-demand")).toEqual([]);
    const off = fileWith(members(6), assigned("big")).replace(
      "  tenantId: 00000000-0000-0000-0000-000000000000\n",
      "  tenantId: 00000000-0000-0000-0000-000000000000\n  provisioning: { provisionOnDemand: false }\n",
    );
    expect(diagnosticsOf(off, "federation/provision-on-demand")).toEqual([]);
  });
});
