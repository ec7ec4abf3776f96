/**
 * One good and at least one failing case per preflight rule (groups/PIM rules have their own file). Each failure
 * asserts the rule's id, the path and the line, so a message that points at the wrong place fails the test.
 */
import { readFileSync } from "node:fs";
import type { Diagnostic } from "../src/model/diagnostics";
import { parseFederation } from "../src/model/load";
import { rules } from "../src/model/rules";
import { DEFAULT_CONFIG, loadText, modelOf, NOW } from "./helpers";

const defaultText = readFileSync(DEFAULT_CONFIG, "utf8");
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture edit: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
}
const withId = (diags: readonly Diagnostic[], id: string) => diags.filter((d) => d.id === `federation/${id}`);

/** Expect exactly one diagnostic with this id, at this path, on the line containing `needle`. */
function expectOne(text: string, id: string, path: string, needle: string, severity: "error" | "warning" = "error"): Diagnostic {
  const r = loadText(text);
  const found = withId(r.diagnostics, id);
  expect(found).toEqual([expect.objectContaining({ path, severity, line: lineOf(text, needle) })]);
  if (severity === "error") expect(r.model).toBeUndefined();
  return found[0];
}

test("the default config passes every rule without a finding", () => {
  const model = modelOf(DEFAULT_CONFIG);
  const findings = rules.flatMap((r) => r.check({ model, now: NOW }).map((f) => `${r.name}: ${f.message.id}`));
  expect(findings).toEqual([]);
});

test("every rule lives in its own file named after it", () => {
  const names = rules.map((r) => r.name);
  expect(new Set(names).size).toBe(names.length);
  for (const name of names) expect(() => require.resolve(`../src/model/rules/${name}`)).not.toThrow();
});

describe("service-provider-urls", () => {
  test("an ACS URL of another region is refused with both regions named", () => {
    const text = edit(defaultText, "acsUrl: https://us-east-1.", "acsUrl: https://eu-west-1.");
    const d = expectOne(text, "url-region", "identityCenter.serviceProvider.acsUrl", "acsUrl:");
    expect(d.message).toContain('"eu-west-1"');
    expect(d.message).toContain('"us-east-1"');
  });
  test("an issuer URL of another region is refused", () => {
    const text = edit(defaultText, "issuerUrl: https://us-east-1.", "issuerUrl: https://us-west-2.");
    expectOne(text, "url-region", "identityCenter.serviceProvider.issuerUrl", "issuerUrl:");
  });
  test("a URL that is not an ACS URL is refused with the expected shape", () => {
    const text = edit(defaultText, "acsUrl: https://us-east-1.signin.aws.amazon.com/platform/saml/acs/", "acsUrl: https://example.com/acs/");
    const d = expectOne(text, "url-shape", "identityCenter.serviceProvider.acsUrl", "acsUrl:");
    expect(d.message).toContain("https://<region>.signin.aws.amazon.com/platform/saml/acs/<tenant-id>");
  });
  test("the newer signin.aws host is accepted", () => {
    const text = edit(defaultText, "acsUrl: https://us-east-1.signin.aws.amazon.com/", "acsUrl: https://us-east-1.signin.aws/");
    expect(loadText(text).model).toBeDefined();
  });
  test("an access portal URL of the wrong shape is refused", () => {
    const text = edit(defaultText, "accessPortalUrl: https://d-0123456789.awsapps.com/start", "accessPortalUrl: https://portal.example.com/");
    expectOne(text, "url-shape", "identityCenter.serviceProvider.accessPortalUrl", "accessPortalUrl:");
  });
  test("an identity store id that differs from the issuer's is refused", () => {
    const text = edit(defaultText, "identityStoreId: d-0123456789", "identityStoreId: d-9999999999");
    expectOne(text, "identity-store-mismatch", "identityCenter.identityStoreId", "identityStoreId:");
  });
});

describe("certificate-end-date", () => {
  /** The default file with a certificate ending this many days after the test date (dates follow the test clock). */
  const DAY = 24 * 60 * 60 * 1000;
  const endingIn = (days: number) => {
    const date = new Date(NOW.getTime() + days * DAY).toISOString().replace(".000Z", "Z");
    return edit(defaultText, "    owners: [alice@example.com]\n", `    owners: [alice@example.com]\n    signingCertificate: { endDate: "${date}" }\n`);
  };
  test("more than 3 years ahead is refused with the latest allowed date", () => {
    const d = expectOne(endingIn(3 * 366 + 30), "certificate-end-date-too-far", "entra.application.signingCertificate.endDate", "endDate:");
    const latest = new Date(NOW);
    latest.setUTCFullYear(latest.getUTCFullYear() + 3);
    expect(d.message).toContain(latest.toISOString().slice(0, 10));
  });
  test("a date in the past is refused", () => {
    expectOne(endingIn(-30), "certificate-end-date", "entra.application.signingCertificate.endDate", "endDate:");
  });
  test("a date within 60 days warns but passes", () => {
    const text = endingIn(23);
    expectOne(text, "certificate-expires-soon", "entra.application.signingCertificate.endDate", "endDate:", "warning");
    expect(loadText(text).model).toBeDefined();
  });
  test("a date well inside the window passes without a finding", () => {
    expect(loadText(endingIn(400)).diagnostics).toEqual([]);
  });
  test("a keyed certificate is checked at its own path; a retired one is not checked", () => {
    const keyed = (cert: string) =>
      edit(defaultText, "    owners: [alice@example.com]\n", `    owners: [alice@example.com]\n    signingCertificates:\n${cert}`);
    expectOne(keyed('      next: { endDate: "2001-01-01T00:00:00Z" }\n'), "certificate-end-date", "entra.application.signingCertificates.next.endDate", "endDate:");
    expect(loadText(keyed('      old: { endDate: "2001-01-01T00:00:00Z", retired: true }\n      next: {}\n')).diagnostics).toEqual([]);
  });
});

describe("the default file on any date (it names no certificate date)", () => {
  test.each(["2026-11-22T00:00:00Z", "2031-06-01T12:00:00Z", "2045-01-01T00:00:00Z"])("GIVEN today is %s THEN the default file is valid without a finding", (today) => {
    const r = parseFederation(defaultText, DEFAULT_CONFIG, { now: new Date(today) });
    expect(r.diagnostics).toEqual([]);
    expect(r.model).toBeDefined();
  });
});

describe("session-duration", () => {
  test.each(["PT13H", "PT30M", "P1D", "PT0H"])("%s is refused", (value) => {
    const text = edit(defaultText, "sessionDuration: PT8H", `sessionDuration: ${value}`);
    expectOne(text, "session-duration", "permissionSets.ViewOnlyAccess.sessionDuration", "sessionDuration: " + value);
  });
  test.each(["PT1H", "PT12H", "PT1H30M"])("%s is accepted", (value) => {
    expect(loadText(edit(defaultText, "sessionDuration: PT8H", `sessionDuration: ${value}`)).model).toBeDefined();
  });
});

describe("permission-set limits", () => {
  test("a description with a tab or emoji is refused", () => {
    const text = edit(defaultText, "description: View-only access", 'description: "View\\tonly 🚀"');
    expectOne(text, "description-charset", "permissionSets.ViewOnlyAccess.description", 'description: "View');
  });
  test("a description over 700 characters is refused", () => {
    const text = edit(defaultText, "description: View-only access", `description: ${"x".repeat(701)}`);
    expectOne(text, "too-long", "permissionSets.ViewOnlyAccess.description", "x".repeat(701));
  });
  test("a relay state over 240 characters is refused", () => {
    const text = edit(defaultText, "relayState: https://console.aws.amazon.com/", `relayState: https://console.aws.amazon.com/${"a".repeat(240)}`);
    expectOne(text, "too-long", "permissionSets.AdministratorAccess.relayState", "relayState:");
  });
  test("11 policies warn, 21 are refused", () => {
    const arns = (n: number) => `[${Array.from({ length: n }, (_, i) => `arn:aws:iam::aws:policy/P${i}`).join(", ")}]`;
    const eleven = edit(defaultText, "managedPolicies: [arn:aws:iam::aws:policy/job-function/ViewOnlyAccess]", `managedPolicies: ${arns(11)}`);
    expectOne(eleven, "too-many-managed-policies", "permissionSets.ViewOnlyAccess.managedPolicies", "P10", "warning");
    expect(loadText(eleven).model).toBeDefined();
    const many = edit(defaultText, "managedPolicies: [arn:aws:iam::aws:policy/job-function/ViewOnlyAccess]", `managedPolicies: ${arns(21)}`);
    expectOne(many, "policy-limit", "permissionSets.ViewOnlyAccess.managedPolicies", "P20");
  });
  test("a policy attached twice is refused at the second entry", () => {
    const text = edit(defaultText, "[arn:aws:iam::aws:policy/AdministratorAccess]", "[arn:aws:iam::aws:policy/AdministratorAccess, arn:aws:iam::aws:policy/AdministratorAccess]");
    expectOne(text, "duplicate-policy", "permissionSets.AdministratorAccess.managedPolicies[1]", "AdministratorAccess, arn");
  });
  test("more than 75 tags are refused", () => {
    const tags = Array.from({ length: 76 }, (_, i) => `t${i}: v`).join(", ");
    const text = edit(defaultText, "tags: { owner: platform }", `tags: { ${tags} }`);
    expectOne(text, "tag-limit", "permissionSets.AdministratorAccess.tags", "t75: v");
  });
});

describe("inline-policy", () => {
  test("a policy file that does not exist is refused", () => {
    const text = edit(defaultText, "policies/deny-leave-org.json", "policies/missing.json");
    const d = expectOne(text, "inline-policy-file", "permissionSets.AdministratorAccess.inlinePolicy", "inlinePolicy:");
    expect(d.message).toContain("policies/missing.json");
  });
  test("a policy file that is not JSON is refused with the parser's reason", () => {
    const text = edit(defaultText, "policies/deny-leave-org.json", "policies/not-json.json");
    expectOne(text, "inline-policy-json", "permissionSets.AdministratorAccess.inlinePolicy", "inlinePolicy:");
  });
  test("an inline object that is not an IAM policy is refused", () => {
    const text = edit(defaultText, "inlinePolicy: policies/deny-leave-org.json", 'inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Maybe, Action: "s3:*" }] }');
    // Written in the file: located at the element itself.
    const d = expectOne(text, "inline-policy-shape", "permissionSets.AdministratorAccess.inlinePolicy.Statement[0].Effect", "inlinePolicy:");
    expect(d.message).toContain("Effect");
  });
  test("a policy over 10,240 non-whitespace characters is refused", () => {
    const actions = Array.from({ length: 600 }, (_, i) => `"s3:GetObjectVersionTagging${i}"`).join(",");
    const text = edit(defaultText, "inlinePolicy: policies/deny-leave-org.json", `inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: [${actions}], Resource: "*" }] }`);
    expectOne(text, "inline-policy-size", "permissionSets.AdministratorAccess.inlinePolicy", "inlinePolicy:");
  });
});

describe("accounts and assignments", () => {
  test("two accounts with one id are refused at the second", () => {
    const text = edit(defaultText, 'sandbox: { id: "444444444444" }', 'sandbox: { id: "333333333333" }');
    const d = expectOne(text, "duplicate-account-id", "accounts.sandbox.id", "sandbox: {");
    expect(d.message).toContain('"staging"');
  });
  test("an account id of the wrong shape is refused", () => {
    const text = edit(defaultText, 'sandbox: { id: "444444444444" }', 'sandbox: { id: "4444" }');
    expectOne(text, "invalid-format", "accounts.sandbox.id", "sandbox: {");
  });
  test("an unknown account name suggests the nearest", () => {
    const text = edit(defaultText, "accounts: [prod, staging, sandbox] }\n  - { group: aws-sso-admins", "accounts: [prod, stagin, sandbox] }\n  - { group: aws-sso-admins");
    const d = expectOne(text, "unknown-account", "assignments[0].accounts[1]", "stagin,");
    expect(d.message).toContain('did you mean "staging"?');
  });
  test("an unknown group and permission set are each named", () => {
    const text = edit(defaultText, "{ group: aws-sso-read-only, permissionSet: ViewOnlyAccess", "{ group: aws-sso-readonly, permissionSet: ViewOnly");
    const r = loadText(text);
    expect(withId(r.diagnostics, "unknown-group")).toEqual([expect.objectContaining({ path: "assignments[0].group", line: lineOf(text, "aws-sso-readonly") })]);
    expect(withId(r.diagnostics, "unknown-permission-set")).toEqual([expect.objectContaining({ path: "assignments[0].permissionSet" })]);
    expect(withId(r.diagnostics, "unknown-group")[0].message).toContain('did you mean "aws-sso-read-only"?');
  });
  test("an assignment with both a group and a user is refused", () => {
    const text = edit(defaultText, "{ group: aws-sso-read-only,", "{ group: aws-sso-read-only, user: bob@example.com,");
    expectOne(text, "assignment-principal", "assignments[0]", "user: bob@example.com");
  });
  test("an assignment without a principal is refused", () => {
    const text = edit(defaultText, "{ group: aws-sso-read-only, permissionSet: ViewOnlyAccess,", "{ permissionSet: ViewOnlyAccess,");
    expectOne(text, "assignment-principal", "assignments[0]", "{ permissionSet: ViewOnlyAccess,");
  });
  test("an assignment without targets is refused", () => {
    const text = edit(defaultText, "permissionSet: ViewOnlyAccess, accounts: [management] }", "permissionSet: ViewOnlyAccess }");
    expectOne(text, "assignment-targets", "assignments[2]", "permissionSet: ViewOnlyAccess }");
  });
  test("a target listed twice (once by name, once by id) is refused", () => {
    const text = edit(defaultText, "accounts: [prod, staging, sandbox] }", 'accounts: [prod, staging, sandbox, "222222222222"] }');
    expectOne(text, "duplicate-target", "assignments[0].accounts[3]", 'sandbox, "222222222222"');
  });
  test("an assignment whose every account is excluded warns", () => {
    const text = edit(defaultText, "accounts: [management] }", "accounts: [management], excludeAccounts: [management] }");
    expectOne(text, "assignment-empty", "assignments[2]", "excludeAccounts: [management]", "warning");
  });
  test("an OU id and a root id are accepted as targets", () => {
    const text = edit(defaultText, "accounts: [management] }", "organizationalUnits: [ou-ab12-34cd5678, r-ab12] }");
    expect(loadText(text).model).toBeDefined();
  });
});

describe("access-control-attributes", () => {
  test("more than 50 attributes are refused", () => {
    const attrs = Array.from({ length: 51 }, (_, i) => `    A${i}: "\${path:enterprise.a${i}}"`).join("\n");
    const text = edit(defaultText, '    Department: "${path:enterprise.department}"', attrs);
    expectOne(text, "abac-limit", "identityCenter.accessControlAttributes", "A0:");
  });
  test("an attribute source of the wrong shape is refused", () => {
    const text = edit(defaultText, '"${path:enterprise.department}"', '"enterprise.department"');
    expectOne(text, "invalid-format", "identityCenter.accessControlAttributes.Department", "Department:");
  });
});

describe("principal references", () => {
  test("a UPN with Terraform template characters is refused (it would be evaluated inside keys)", () => {
    const text = edit(defaultText, "members: [bob@example.com]", 'members: ["b${1}ob@example.com"]');
    expectOne(text, "invalid-format", "groups.aws-sso-read-only.members[0]", "b${1}ob@example.com");
  });
});
