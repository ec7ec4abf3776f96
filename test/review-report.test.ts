/** The access report: per principal what they hold where, standing vs eligible members, OU/root targets, pending. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePending } from "../src/review/pending";
import { buildReport } from "../src/review/report";
import { renderReportMarkdown } from "../src/review/report-markdown";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, loadText, modelOf, ROOT } from "./helpers";

const BASE = join(ROOT, "test", "fixtures", "review", "base.yaml");
const report = (pending?: string[]) => buildReport(modelOf(BASE), { label: "base.yaml", pending });
const principal = (key: string, pending?: string[]) => {
  const p = report(pending).principals.find((x) => x.key === key);
  if (!p) throw new Error(`no principal ${key}`);
  return p;
};

describe("access per principal", () => {
  test("GIVEN groups and a direct user WHEN reported THEN every principal appears once, sorted by key", () => {
    expect(report().principals.map((p) => p.key)).toEqual([
      "group:admins",
      "group:auditors",
      "group:operators",
      "group:readers",
      "user:breakglass@review.example",
    ]);
  });

  test("GIVEN a PIM group WHEN reported THEN its members are eligible (just in time) with expiry and activation rules, none standing", () => {
    const admins = principal("group:admins");
    expect(admins.members).toEqual({
      standing: [],
      eligible: [
        { principal: "ann@review.example", expiry: "P30D" },
        { principal: "bob@review.example", expiry: "permanent" },
      ],
      activation: expect.objectContaining({ maximumDuration: "PT1H", requireApproval: true, approvers: ["carol@review.example"], requireMfa: true }),
      existingObjectId: undefined,
    });
    expect(admins.access).toEqual([
      {
        permissionSet: "Admin",
        privileged: true,
        sessionDuration: "PT1H",
        accounts: [
          { id: "100000000002", name: "prod" },
          { id: "100000000003", name: "stage" },
          { id: "100000000004", name: "dev" },
        ],
        organizationalUnits: [],
      },
    ]);
  });

  test("GIVEN OU and root targets WHEN reported THEN they are shown as targets with their exclusions, not as accounts", () => {
    expect(principal("group:operators").access[0].organizationalUnits).toEqual([
      {
        targetId: "ou-rv12-workloads",
        scope: "ou",
        excludeAccounts: [
          { id: "100000000001", name: "root-mgmt" },
          { id: "100000000002", name: "prod" },
        ],
      },
    ]);
    expect(principal("group:auditors").access[0]).toMatchObject({ permissionSet: "Auditor", accounts: [], organizationalUnits: [{ targetId: "r-rv12", scope: "root" }] });
    expect(principal("group:auditors").members?.existingObjectId).toBe("9e9e9e9e-0000-1111-2222-333333333333");
  });

  test("GIVEN an eligible member without an expiry WHEN reported THEN the PIM default is shown as a default", () => {
    const text = readFileSync(BASE, "utf8").replace("{ principal: pete@review.example, duration: P90D }", "{ principal: pete@review.example }");
    const r = buildReport(modelOf(loadText(text, "review/head.yaml")), { label: "x" });
    expect(r.principals.find((p) => p.key === "group:operators")?.members?.eligible).toEqual([{ principal: "pete@review.example", expiry: "P365D (default)" }]);
  });

  test("permission sets say why they are privileged and how far they reach", () => {
    const sets = Object.fromEntries(report().permissionSets.map((p) => [p.name, p]));
    expect(sets.Admin).toMatchObject({ privileged: ["managed policy AdministratorAccess"], principals: 2, accounts: 4, organizationalUnits: 0 });
    expect(sets.Operator).toMatchObject({ privileged: [], permissionsBoundary: "customer-managed /ops-boundary", inlinePolicy: true, organizationalUnits: 1 });
    expect(report().summary).toEqual({ principals: 5, grants: 9, accounts: 4, organizationTargets: 2, privilegedGrants: 4 });
  });

  test("GIVEN the default and the contoso files WHEN reported THEN totals follow from their assignments", () => {
    expect(buildReport(modelOf(DEFAULT_CONFIG), { label: "d" }).summary).toEqual({ principals: 2, grants: 7, accounts: 4, organizationTargets: 0, privilegedGrants: 3 });
    const contoso = buildReport(modelOf(CONTOSO_CONFIG), { label: "c" });
    expect(contoso.summary.organizationTargets).toBe(2);
    expect(contoso.principals.map((p) => p.key)).toContain("user:breakglass@contoso.example");
  });
});

describe("pending principals", () => {
  test("GIVEN terraform output -json with pending_principals WHEN reported THEN matching principals are pending and strays are listed", () => {
    const pending = parsePending({ pending_principals: { sensitive: false, type: ["list", "string"], value: ["group:readers", "group:ghost-group"] } });
    const r = report(pending);
    expect(r.principals.filter((p) => p.pending).map((p) => p.key)).toEqual(["group:readers"]);
    expect(r.principals.every((p) => p.pending !== undefined)).toBe(true);
    expect(r.unmatchedPending).toEqual(["group:ghost-group"]);
    expect(r.summary.pending).toBe(1);
  });

  test("GIVEN no pending list WHEN reported THEN pending is unknown, not false", () => {
    const r = report();
    expect(r.principals.every((p) => p.pending === undefined)).toBe(true);
    expect(r.summary.pending).toBeUndefined();
    expect(r.unmatchedPending).toBeUndefined();
  });
  // The shapes --pending reads (real terraform and cdktf outputs) and refuses: test/review-pending.test.ts.
});

describe("markdown", () => {
  test("GIVEN the base fixture with a pending group WHEN rendered THEN tables show members, targets, privilege and pending", () => {
    const md = renderReportMarkdown(report(["readers"]));
    expect(md).toContain("| group `admins` | no standing members; eligible (just in time): `ann@review.example` (P30D), `bob@review.example` (permanent); activation: max PT1H, requires approval by `carol@review.example`, justification, MFA | `Admin` ★ | PT1H | prod (100000000002), stage (100000000003), dev (100000000004) |");
    expect(md).toContain("every ACTIVE account below ou-rv12-workloads except root-mgmt (100000000001), prod (100000000002)");
    expect(md).toContain("whole organization (root r-rv12)");
    expect(md).toContain("| group `readers` ⏳ pending |");
    expect(md).toContain("Not yet provisioned into IAM Identity Center");
    expect(md).toMatchSnapshot();
  });

  test("GIVEN a principal with many accounts WHEN rendered THEN the cell is cut with a count", () => {
    const md = renderReportMarkdown(report(), { maxAccounts: 2 });
    expect(md).toContain("prod (100000000002), stage (100000000003), +1 more");
  });
});
