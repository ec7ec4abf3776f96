/**
 * Review tools under other identity providers: `federation diff` shows a switch of IdP as an identity-source change
 * with its consequences (every principal re-resolved), the access report says how principals are matched, and
 * report / diff / shards / validate run unchanged on every example file (real CLI processes).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffFederations } from "../src/review/diff";
import { renderDiffMarkdown } from "../src/review/diff-markdown";
import { buildReport } from "../src/review/report";
import { renderReportMarkdown } from "../src/review/report-markdown";
import { DEFAULT_CONFIG, loadText, modelOf, ROOT, synthAll } from "./helpers";
import { evaluate } from "./identity-center-harness";

const example = (idp: string) => join(ROOT, "config", "examples", `${idp}.yaml`);
const diff = (base: string, head: string) => diffFederations(modelOf(base), modelOf(head), { baseLabel: "base", headLabel: "head" });

describe("federation diff: a switch of identity provider", () => {
  test("GIVEN the Entra default and the Okta example WHEN diffed THEN the switch is an identity-source change naming every principal, and a warning", () => {
    const d = diff(DEFAULT_CONFIG, example("okta"));
    const change = d.changed.find((c) => c.subject === "identityProvider");
    expect(change).toMatchObject({ area: "sso", field: "provider", before: "entra", after: "okta" });
    expect(change?.note).toContain("Every principal is resolved again (group:aws-sso-admins, group:aws-sso-read-only)");
    expect(change?.note).toContain("matched by name only");
    expect(d.warnings.map((w) => w.id)).toContain("federation/identity-source-change");
    expect(d.warnings.find((w) => w.id === "federation/identity-source-change")?.message).toContain("from Microsoft Entra ID to Okta");
    const md = renderDiffMarkdown(d);
    expect(md).toContain("| `identityProvider` | provider | `entra` | `okta` |");
    expect(md).toContain("[federation/identity-source-change]");
  });

  test("GIVEN a switch to Google WHEN diffed THEN the note says group grants wait (users-only SCIM)", () => {
    const note = diff(example("okta"), example("google")).changed.find((c) => c.subject === "identityProvider")?.note;
    expect(note).toContain("Google Workspace provisions users only: every group grant stays pending");
    // Okta → Entrust: both provision groups, no such sentence.
    expect(diff(example("okta"), example("entrust")).changed.find((c) => c.subject === "identityProvider")?.note).not.toContain("provisions users only");
  });

  test("GIVEN the same IdP on both sides WHEN diffed THEN there is no identity-source change, and an IdP setting change is a plain SSO change", () => {
    const head = modelOf(loadText(readFileSync(example("entrust"), "utf8").replace("metadataLifetimeDays: 365", "metadataLifetimeDays: 180"), "head.yaml"));
    const d = diffFederations(modelOf(example("entrust")), head, { baseLabel: "base", headLabel: "head" });
    expect(d.warnings).toEqual([]);
    expect(d.changed).toEqual([{ area: "sso", subject: "entrust", field: "metadataLifetimeDays", before: 365, after: 180 }]);
    expect(diff(DEFAULT_CONFIG, DEFAULT_CONFIG).changed).toEqual([]);
  });
});

describe("federation report: how principals are matched", () => {
  test("GIVEN the Entra default WHEN reported THEN every principal is matched by external id then name, and the markdown is as before", () => {
    const r = buildReport(modelOf(DEFAULT_CONFIG), { label: "default" });
    expect(r.identitySource).toMatchObject({ provider: "entra", matching: "external-id-then-name", groupsProvisioned: true });
    expect(r.principals.map((p) => p.matchedBy)).toEqual(r.principals.map(() => "external-id-then-name"));
    expect(renderReportMarkdown(r)).not.toContain("Identity source:");
  });

  test.each(["okta", "entrust", "saml"])("GIVEN the %s example WHEN reported THEN it says principals are matched by name only", (idp) => {
    const r = buildReport(modelOf(example(idp)), { label: idp });
    expect(r.identitySource).toMatchObject({ provider: idp, matching: "name", groupsProvisioned: true });
    expect(r.principals.every((p) => p.matchedBy === "name" && p.provisionedByIdp === undefined)).toBe(true);
    expect(renderReportMarkdown(r)).toContain("principals are matched by name only");
  });

  test("GIVEN the Google example WHEN reported THEN every group is marked as not provisioned by the IdP", () => {
    const r = buildReport(modelOf(example("google")), { label: "google" });
    expect(r.identitySource.groupsProvisioned).toBe(false);
    expect(r.principals.filter((p) => p.kind === "group").map((p) => p.provisionedByIdp)).toEqual([false, false]);
    const md = renderReportMarkdown(r);
    expect(md).toContain("Google Workspace provisions users only:");
    expect(md).toContain("`aws-sso-admins` ⚠️ not provisioned by the IdP");
  });
});

describe("the CLI on every IdP (real processes)", () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin", "federation.js"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

  test.each(["okta", "entrust", "google", "saml"])("GIVEN config/examples/%s.yaml WHEN validate, report, shards and diff against the default run THEN each exits 0", (idp) => {
    const file = `config/examples/${idp}.yaml`;
    for (const args of [["validate", "--config", file], ["report", "--config", file, "--format", "json"], ["shards", "--config", file], ["diff", "--base", "config/federation.yaml", "--head", file]]) {
      const r = cli(...args);
      expect({ args, status: r.status, stderr: r.stderr.includes("Error:") }).toEqual({ args, status: 0, stderr: false });
    }
  });

  test("GIVEN a PIM block under Okta WHEN validated by the CLI THEN exit 1 with the error at its path and line", () => {
    const dir = mkdtempSync(join(tmpdir(), "idp-cli-"));
    const text = readFileSync(example("okta"), "utf8").replace("    description: Administrators\n", "    description: Administrators\n    eligibleMembers: [{ principal: bob@example.com, duration: P30D }]\n");
    writeFileSync(join(dir, "okta.yaml"), text);
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "federation.js"), "validate", "--config", "okta.yaml"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    const line = text.split("\n").findIndex((l) => l.includes("eligibleMembers")) + 1;
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`:${line}:5: error groups.aws-sso-admins.eligibleMembers: "eligibleMembers" is a Microsoft Entra ID setting (PIM for groups: just-in-time membership)`);
    expect(r.stderr).toContain("[federation/idp-entra-only-setting]");
  });
});

describe("principal resolution under another IdP, evaluated by Terraform", () => {
  const text = readFileSync(example("okta"), "utf8").replace(
    "  - { group: aws-sso-admins, permissionSet: ViewOnlyAccess, accounts: [management] }\n",
    "  - { group: aws-sso-admins, permissionSet: ViewOnlyAccess, accounts: [management] }\n  - { user: break-glass@example.com, permissionSet: AdministratorAccess, accounts: [management] }\n",
  );
  const stacks = synthAll(modelOf(loadText(text, "okta.yaml")));

  test("GIVEN groups provisioned by Okta (Okta ids as externalId) and a user in another case WHEN evaluated THEN all are matched by name and assigned", () => {
    const r = evaluate(stacks, {
      groups: [
        { group_id: "g-ro", display_name: "aws-sso-read-only", external_ids: [{ id: "00g1abcdEFGH", issuer: "okta" }] },
        { group_id: "g-admin", display_name: "aws-sso-admins", external_ids: null },
      ],
      users: [{ user_id: "u-bg", user_name: "Break-Glass@Example.com", external_ids: [] }],
    });
    expect(r.principal_matches).toEqual({ "group:aws-sso-admins": "name", "group:aws-sso-read-only": "name", "user:break-glass@example.com": "name" });
    expect(r.pending_principals).toEqual([]);
    expect(r.grant_count).toBe(8);
    expect(r.assignments["user:break-glass@example.com/AdministratorAccess/111111111111"].principal_id).toBe("u-bg");
  });

  test("GIVEN a group Okta has not pushed yet WHEN evaluated THEN it is pending and its grants wait, the plan does not fail", () => {
    const r = evaluate(stacks, { groups: [{ group_id: "g-ro", display_name: "aws-sso-read-only" }], users: [] });
    expect(r.pending_principals).toEqual(["group:aws-sso-admins", "user:break-glass@example.com"]);
    expect(r.grant_count).toBe(3);
    expect(r.pending_grant_count).toBe(5);
  });
});
