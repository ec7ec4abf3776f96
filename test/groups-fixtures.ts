/**
 * Federation files for the group, app-role and PIM tests: a minimal valid file around the `groups:` and
 * `assignments:` a test gives, as YAML text (for line numbers) or built from objects (for reordering).
 */
import { stringify } from "yaml";
import type { FederationModel } from "../src/model/model";
import { type SynthesizedStacks, loadText, modelOf, synthAll } from "./helpers";

export const BASE = `version: 1
entra:
  tenantId: 00000000-0000-0000-0000-000000000000
identityCenter:
  region: us-east-1
  serviceProvider:
    acsUrl: https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000
    issuerUrl: https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789
    accessPortalUrl: https://d-0123456789.awsapps.com/start
  scimSecret: identity-federation/scim
permissionSets:
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

export type { SynthesizedStacks };

/**
 * Every instance address a for_each resource or data source of the stack will have: `type.name["key"]`
 * (`data.` prefixed for data sources); a resource without for_each is one address. What a plan shows.
 */
export function addresses(json: Record<string, any>): string[] {
  const out: string[] = [];
  for (const kind of ["resource", "data"] as const) {
    for (const [type, byName] of Object.entries<Record<string, any>>(json[kind] ?? {})) {
      for (const [name, block] of Object.entries<any>(byName)) {
        const base = `${kind === "data" ? "data." : ""}${type}.${name}`;
        const forEach = block.for_each;
        if (forEach === undefined) out.push(base);
        else if (typeof forEach === "string") out.push(...setKeys(forEach).map((k) => `${base}[${JSON.stringify(k)}]`));
        else out.push(...Object.keys(forEach).map((k) => `${base}[${JSON.stringify(k)}]`));
      }
    }
  }
  return out.sort();
}

/** Keys of a `${toset([...])}` for_each (how cdktf writes a list iterator). */
function setKeys(expression: string): string[] {
  const m = /^\$\{toset\((\[.*\])\)\}$/s.exec(expression);
  if (!m) throw new Error(`unexpected for_each expression ${expression}`);
  return JSON.parse(m[1]) as string[];
}

/** The for_each map of the only resource (or data source) of a type. */
export function forEachOf(json: Record<string, any>, type: string, kind: "resource" | "data" = "resource"): Record<string, any> {
  const all = Object.values<any>(json[kind]?.[type] ?? {});
  if (all.length !== 1) throw new Error(`expected exactly one ${kind} ${type}, found ${all.length}`);
  return all[0].for_each;
}
