/**
 * Review tools at enterprise size: 20,000 grants (200 groups × 100 accounts). The diff and the report index by key
 * (no per-grant scans), so they stay well under a second each; the bound here is loose and only catches a quadratic
 * regression (measured on the build machine: diff ≈ 0.65 s, report ≈ 0.3 s).
 */
import { readFileSync } from "node:fs";
import { diffFederations } from "../src/review/diff";
import { renderDiffMarkdown } from "../src/review/diff-markdown";
import { buildReport } from "../src/review/report";
import { DEFAULT_CONFIG, loadText, modelOf } from "./helpers";

// The default file's header (entra, identityCenter) without the management account, which this generated inventory does not name.
const HEADER = readFileSync(DEFAULT_CONFIG, "utf8").split("\ngroups:")[0].replace(/\n  managementAccount: .*/, "");

/** 200 groups × 100 accounts; `variant` gives team-5 the privileged Set0 and team-7 a new member. */
function federation(variant: boolean): string {
  const lines = [HEADER, "groups:"];
  for (let g = 0; g < 200; g++) lines.push(`  team-${g}:`, `    members: [u${g}a@example.com${variant && g === 7 ? `, new${g}@example.com` : ""}]`);
  lines.push("permissionSets:");
  for (let p = 0; p < 20; p++) {
    lines.push(`  Set${p}:`, "    sessionDuration: PT2H", `    managedPolicies: [arn:aws:iam::aws:policy/${p === 0 ? "AdministratorAccess" : `ExamplePolicy${p}`}]`);
  }
  lines.push("accounts:");
  for (let a = 0; a < 100; a++) lines.push(`  acct-${a}: { id: "${100000000000 + a}" }`);
  lines.push("assignments:");
  const accounts = Array.from({ length: 100 }, (_, a) => `acct-${a}`).join(", ");
  for (let g = 0; g < 200; g++) lines.push(`  - { group: team-${g}, permissionSet: Set${variant && g === 5 ? 0 : g % 20}, accounts: [${accounts}] }`);
  return `${lines.join("\n")}\n`;
}

test("GIVEN 20,000 grants WHEN one group gets the privileged set THEN the diff finds exactly that, quickly, and the markdown stays short", () => {
  const base = modelOf(loadText(federation(false), "scale-base.yaml"));
  const head = modelOf(loadText(federation(true), "scale-head.yaml"));
  const started = Date.now();
  const d = diffFederations(base, head, { baseLabel: "base", headLabel: "head" });
  const ms = Date.now() - started;
  expect(d.summary).toMatchObject({ escalations: 1, grantsAdded: 100, grantsRemoved: 100 });
  expect(d.escalations[0]).toMatchObject({ kind: "privileged-grant", subject: "group:team-5/Set0" });
  expect(d.escalations[0].accounts).toHaveLength(100);
  expect(d.added.members).toEqual([{ group: "team-7", principal: "new7@example.com" }]);
  expect(ms).toBeLessThan(10000);
  expect(renderDiffMarkdown(d).length).toBeLessThan(65000);
}, 60000);

test("GIVEN 20,000 grants WHEN reported THEN every grant is counted once, quickly", () => {
  const model = modelOf(loadText(federation(false), "scale-base.yaml"));
  const started = Date.now();
  const r = buildReport(model, { label: "scale" });
  expect(Date.now() - started).toBeLessThan(10000);
  expect(r.summary).toEqual({ principals: 200, grants: 20000, accounts: 100, organizationTargets: 0, privilegedGrants: 1000 });
}, 60000);
