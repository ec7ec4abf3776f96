/**
 * A permission set removed in the same change as its grants would fail half-way on deploy (the set is deleted by
 * identity-center while the assignment stacks, deployed after it, still hold its assignments): diff and validate --base
 * warn and give the two-change procedure. Ordinary removals do not warn.
 */
import { readFileSync } from "node:fs";
import { diffFederations } from "../src/review/diff";
import { renameDiagnostics } from "../src/review/rename-diagnostics";
import { DEFAULT_CONFIG, loadText, modelOf } from "./helpers";

const text = readFileSync(DEFAULT_CONFIG, "utf8");
const edit = (from: string, to: string, source = text) => {
  if (!source.includes(from)) throw new Error(`fixture edit: ${from} not found`);
  return source.replace(from, to);
};
const ADMIN_GRANTS = "  - { group: aws-sso-admins, permissionSet: AdministratorAccess, accounts: [prod, staging, sandbox] }\n";
const ADMIN_SET = text.slice(text.indexOf("  AdministratorAccess:\n"), text.indexOf("\naccounts:"));
const base = modelOf(loadText(text, "base.yaml"));
const warningsOf = (headText: string) =>
  diffFederations(base, modelOf(loadText(headText, "head.yaml")), { baseLabel: "base", headLabel: "head" }).warnings.filter(
    (w) => w.id === "federation/permission-set-removed-with-grants",
  );

test("GIVEN a set and its grants removed in one change THEN diff warns with the grant count and the procedure", () => {
  const head = edit(ADMIN_SET, "", edit(ADMIN_GRANTS, ""));
  const [w, ...rest] = warningsOf(head);
  expect(rest).toEqual([]);
  expect(w.subject).toBe("permissionSet:AdministratorAccess");
  expect(w.message).toContain("removed in the same change as its 3 grant(s)");
  expect(w.message).toContain("remove the grants first and deploy, then remove the set");
});

test("GIVEN only the grants removed (the set stays) THEN no warning: that is the first of the two changes", () => {
  expect(warningsOf(edit(ADMIN_GRANTS, ""))).toEqual([]);
});

test("GIVEN a set without grants removed THEN no warning", () => {
  const withSpare = edit("accounts:\n  management:", "  Spare:\n    description: unused\n    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]\n\naccounts:\n  management:");
  const spareBase = modelOf(loadText(withSpare, "base.yaml"));
  const r = diffFederations(spareBase, modelOf(loadText(text, "head.yaml")), { baseLabel: "base", headLabel: "head" });
  expect(r.warnings.filter((w) => w.id === "federation/permission-set-removed-with-grants")).toEqual([]);
});

test("GIVEN a renamed set (same policies and grants under a new name) THEN the rename warning, not the removal one", () => {
  const head = edit("  AdministratorAccess:\n", "  Administrators:\n").replace("permissionSet: AdministratorAccess", "permissionSet: Administrators");
  const r = diffFederations(base, modelOf(loadText(head, "head.yaml")), { baseLabel: "base", headLabel: "head" });
  expect(r.warnings.map((w) => w.id)).toContain("federation/permission-set-rename");
  expect(r.warnings.map((w) => w.id)).not.toContain("federation/permission-set-removed-with-grants");
});

test("validate --base reports it as a located warning on permissionSets", () => {
  const head = edit(ADMIN_SET, "", edit(ADMIN_GRANTS, ""));
  const diagnostics = renameDiagnostics(base, modelOf(loadText(head, "head.yaml")));
  expect(diagnostics).toEqual([
    expect.objectContaining({ severity: "warning", id: "federation/permission-set-removed-with-grants", path: "permissionSets" }),
  ]);
});
