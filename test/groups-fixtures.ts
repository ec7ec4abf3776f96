/**
 * Federation files for the group, app-role and PIM tests: a minimal valid file around the `groups:` and
 * `assignments:` a test gives, as YAML text (for line numbers) or built from objects (for reordering).
 */
import { stringify } from "yaml";
import type { FederationModel } from "../src/model/model";
import { loadText, modelOf, synthAll } from "./helpers";

/** The sections every test file has: version, entra, identityCenter. */
export const HEADER = `version: 1
entra:
  tenantId: 00000000-0000-0000-0000-000000000000
identityCenter:
  region: us-east-1
  serviceProvider:
    acsUrl: https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000
    issuerUrl: https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789
    accessPortalUrl: https://d-0123456789.awsapps.com/start
  scimSecret: identity-federation/scim
`;

export const BASE = `${HEADER}permissionSets:
  ViewOnlyAccess:
    managedPolicies: [arn:aws:iam::aws:policy/job-function/ViewOnlyAccess]
`;

/** A whole file: BASE + the given `groups:` / `assignments:` YAML (already indented under their key). */
export function fileWith(groups: string, assignments = ""): string {
  return `${BASE}groups:\n${groups}${assignments ? `assignments:\n${assignments}` : ""}`;
}

/** A whole file from objects: `groups` as a mapping (its key order is kept), `assignments` as a list. */
export function fileFrom(groups: Record<string, unknown>, assignments: unknown[] = []): string {
  return `${BASE}${stringify({ groups, assignments })}`;
}

/** One assignment per group, so no group-usage warnings get in the way. */
export function assignEach(names: readonly string[]): unknown[] {
  return names.map((group) => ({ group, permissionSet: "ViewOnlyAccess", accounts: ["111111111111"] }));
}

/** `groups` groups of `members` members each (3,000 users in all), each group assigned (`npm run bench` synthesizes it too). */
export function manyGroups(groups: number, members: number): string {
  const many: Record<string, unknown> = {};
  for (let g = 0; g < groups; g++) many[`team-${g}`] = { members: Array.from({ length: members }, (_, m) => `user${(g * 7 + m) % 3000}@example.com`) };
  return fileFrom(many, assignEach(Object.keys(many)));
}

/** 1-based line of the first line containing `needle` (what diagnostics point at). */
export function lineOf(text: string, needle: string, after = 0): number {
  const lines = text.split("\n");
  for (let i = after; i < lines.length; i++) if (lines[i].includes(needle)) return i + 1;
  throw new Error(`${JSON.stringify(needle)} is not in the text`);
}

export function modelFrom(text: string): FederationModel {
  return modelOf(loadText(text));
}

export function entraSso(model: FederationModel): Record<string, any> {
  return synthAll(model)["entra-sso"];
}
