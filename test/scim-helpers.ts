/** Helpers shared by the SCIM provisioning tests (test/scim-*.test.ts). */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { type LoadResult, parseFederation } from "../src/model/load";
import type { FederationModel } from "../src/model/model";
import { DEFAULT_CONFIG, modelOf, NOW } from "./helpers";

export const SCIM_STACK = "scim-provisioning";
export const ENTRA_STACK = "entra-sso";

/**
 * The default federation file with a change applied to its YAML document (`doc.setIn([...], value)` etc.), validated
 * as if it were config/federation.yaml (relative inline-policy paths resolve there).
 */
export function defaultConfigWith(change: (doc: ReturnType<typeof parseDocument>) => void): FederationModel {
  return modelOf(loadDefaultWith(change));
}

/** Like `defaultConfigWith`, but the whole load result (diagnostics included), valid or not. */
export function loadDefaultWith(change: (doc: ReturnType<typeof parseDocument>) => void): LoadResult {
  const doc = parseDocument(readFileSync(DEFAULT_CONFIG, "utf8"));
  change(doc);
  return parseFederation(doc.toString(), DEFAULT_CONFIG, { now: NOW });
}

/** The default federation file with its text rewritten, validated as if it were config/federation.yaml. */
export function defaultConfigText(rewrite: (text: string) => string): FederationModel {
  return modelOf(parseFederation(rewrite(readFileSync(DEFAULT_CONFIG, "utf8")), DEFAULT_CONFIG, { now: NOW }));
}

/**
 * Strings of a stack's JSON where an interpolation `${` opens inside another one, outside a quoted string. cdktf
 * renders a token placed after a `}` inside an expression that way, and Terraform then misreads the expression.
 */
export function nestedInterpolations(json: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      if (hasNestedInterpolation(v)) found.push(v);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(json);
  return found;
}

function hasNestedInterpolation(s: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (depth === 0) {
      if (s.startsWith("$${", i)) i += 2;
      else if (s.startsWith("${", i)) {
        depth = 1;
        i++;
      }
      continue;
    }
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (s.startsWith("${", i)) return true;
    else if (c === "{") depth++;
    else if (c === "}") depth--;
  }
  return false;
}
