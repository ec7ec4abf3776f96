/**
 * The semantic rules on the structurally valid parts of a file whose structure has errors, so one run shows both
 * kinds of error instead of the semantic ones only after the structure is fixed.
 *
 * Every structure problem prunes the unit that holds it: an entry of `groups` / `permissionSets` / `accounts` (by
 * name), an element of `assignments` (by position, mapped back to the file's positions), or elsewhere the deepest
 * optional key above the problem. A problem in a required part (`version`, `entra.tenantId`, `identityCenter.region`,
 * …) cannot be pruned: then no rule runs, as before. The rules run on what is left, and a finding is kept only when
 * pruning cannot have caused it: errors only (warnings wait for a valid file), nothing in a section (`entra`,
 * `identityCenter`, `state`) in which something was pruned, and no "unknown group / permission set / account" for a
 * name that was pruned (for none at all when an unknown top-level key went: `groupz:` may hold the groups).
 */
import type { z } from "zod";
import { IDENTITY_PROVIDERS } from "../idp/providers";
import type { PathSegment } from "./diagnostics";
import type { Finding } from "./rules";
import { type Federation, federationSchema } from "./schema";

type Issue = z.core.$ZodIssue;
type Path = readonly PathSegment[];

const COLLECTIONS = new Set(["groups", "permissionSets", "accounts"]);
/** Reference errors and the collection whose pruned names make them moot. */
const REFERENCE_IDS: Record<string, string> = {
  "federation/unknown-group": "groups",
  "federation/unknown-permission-set": "permissionSets",
  "federation/unknown-account": "accounts",
};
/** Pruning reveals no new problems in practice (zod reports all in one pass); a bound keeps it that way. */
const MAX_ROUNDS = 3;

class Pruning {
  /** Whole collections (`groups`, `assignments`, …) whose value was not a collection. */
  readonly collections = new Set<string>();
  /** Entry names pruned per collection. */
  readonly entries = new Map<string, Set<string>>();
  /** Assignment positions in the file. */
  readonly assignments = new Set<number>();
  /** Keys deleted elsewhere (sections), in file coordinates. */
  readonly deletions: Path[] = [];
  /** An unknown top-level key went (a misspelt `groupz:` may hold what references point to). */
  private unknownTopLevel = false;

  /** Prunes the unit holding `path`; false when it is a required part that cannot go. */
  add(path: Path): boolean {
    const [head, second] = path;
    if (head === undefined) return false;
    if (typeof head === "string" && COLLECTIONS.has(head)) {
      if (second === undefined) this.collections.add(head);
      else this.entries.set(head, (this.entries.get(head) ?? new Set()).add(String(second)));
      return true;
    }
    if (head === "assignments") {
      if (typeof second === "number") this.assignments.add(second);
      else this.collections.add(head);
      return true;
    }
    for (let i = path.length; i >= 1; i--) {
      const at = path.slice(0, i);
      if (typeof at[i - 1] === "string" && deletable(at)) {
        this.deletions.push(at);
        if (at.length === 1 && !Object.hasOwn(federationSchema.shape, at[0])) this.unknownTopLevel = true;
        return true;
      }
    }
    return false;
  }

  /** A copy of `data` without the pruned parts, and for each remaining assignment its position in the file. */
  apply(data: Record<string, unknown>): { data: Record<string, unknown>; assignmentIndex: number[] } {
    const out = structuredClone(data);
    for (const c of this.collections) delete out[c];
    for (const [c, names] of this.entries) {
      const entries = out[c];
      if (isRecord(entries)) for (const n of names) delete entries[n];
    }
    let assignmentIndex: number[] = [];
    if (Array.isArray(out.assignments)) {
      assignmentIndex = out.assignments.map((_, i) => i).filter((i) => !this.assignments.has(i));
      out.assignments = assignmentIndex.map((i) => (out.assignments as unknown[])[i]);
    }
    for (const path of this.deletions) {
      const parent = path.slice(0, -1).reduce<unknown>((node, seg) => (isRecord(node) ? node[seg as string] : undefined), out);
      if (isRecord(parent)) delete parent[path[path.length - 1] as string];
    }
    return { data: out, assignmentIndex };
  }

  /** Whether a finding (in file coordinates) may stand although parts of the file were pruned. */
  keeps(f: Finding, path: Path, data: Record<string, unknown>): boolean {
    if (f.message.severity !== "error") return false;
    const head = String(path[0]);
    if (this.deletions.some((d) => d[0] === head)) return false;
    const collection = REFERENCE_IDS[f.message.id];
    if (collection) {
      const ref = valueAt(data, path);
      if (this.unknownTopLevel || this.collections.has(collection) || (typeof ref === "string" && this.entries.get(collection)?.has(ref))) return false;
    }
    return true;
  }
}

/**
 * Runs `check` (the rules) on the valid parts of `data` whose structure failed with `issues`; returns the findings
 * that stand, with paths in the file's coordinates. Empty when a required part is broken.
 */
export function rulesOnValidParts(data: Record<string, unknown>, issues: readonly Issue[], check: (spec: Federation) => readonly Finding[]): Finding[] {
  const pruning = new Pruning();
  let current = issues;
  let assignmentIndex: number[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (const issue of current) {
      for (const path of issuePaths(issue)) if (!pruning.add(toFile(path, assignmentIndex))) return [];
    }
    const pruned = pruning.apply(data);
    assignmentIndex = pruned.assignmentIndex;
    const parsed = federationSchema.safeParse(pruned.data);
    if (parsed.success) {
      return check(parsed.data)
        .map((f) => ({ ...f, path: toFile(f.path, assignmentIndex) }))
        .filter((f) => pruning.keeps(f, f.path, data));
    }
    current = parsed.error.issues;
  }
  return [];
}

function issuePaths(issue: Issue): Path[] {
  const path = issue.path as PathSegment[];
  return issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...path, k]) : [path];
}

/** Maps an assignment position in the pruned data back to the file. */
function toFile(path: Path, assignmentIndex: readonly number[]): Path {
  if (path[0] !== "assignments" || typeof path[1] !== "number" || assignmentIndex.length === 0) return path;
  return ["assignments", assignmentIndex[path[1]] ?? path[1], ...path.slice(2)];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function valueAt(data: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, seg) => (node !== null && typeof node === "object" ? (node as Record<PathSegment, unknown>)[seg] : undefined), data);
}

// --- which keys may go: unknown keys, optional keys, record entries (from the schema itself) ---------------------

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  options?: AnySchema[];
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  element?: AnySchema;
}
const defOf = (s: AnySchema) => s._zod.def as unknown as Def;

function unwrap(s: AnySchema): AnySchema[] {
  const def = defOf(s);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === "union" && def.options) return def.options.flatMap(unwrap);
  if (def.type === "pipe" && def.in) return unwrap(def.in);
  return [s];
}

function schemasAt(path: Path): AnySchema[] {
  let schemas: AnySchema[] = unwrap(federationSchema);
  for (const seg of path) {
    schemas = schemas.flatMap((s) => {
      const def = defOf(s);
      if (def.type === "object" && def.shape && typeof seg === "string" && Object.hasOwn(def.shape, seg)) return unwrap(def.shape[seg]);
      if (def.type === "record" && def.valueType) return unwrap(def.valueType);
      if (def.type === "array" && def.element && typeof seg === "number") return unwrap(def.element);
      return [];
    });
  }
  return schemas;
}

function deletable(path: Path): boolean {
  const key = String(path[path.length - 1]);
  // An identity provider's section (`entra:`, `okta:`, …) is required by the IdP that uses it: a required part.
  if (path.length === 1 && (IDENTITY_PROVIDERS as readonly string[]).includes(key)) return false;
  return schemasAt(path.slice(0, -1)).some((s) => {
    const def = defOf(s);
    if (def.type === "record") return true;
    if (def.type !== "object" || !def.shape) return false;
    return !Object.hasOwn(def.shape, key) || def.shape[key]._zod.optin === "optional";
  });
}
