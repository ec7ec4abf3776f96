/**
 * The one path user text takes into Terraform. Terraform reads every string of the synthesized JSON, object keys
 * included, as a template: `${…}` and `%{…}` in a description, an app role, a KMS key id or a policy would be
 * evaluated (`${file("/proc/self/environ")}` in an error message prints the environment). So no construct or stack
 * ever sees the file's text as written:
 *
 * - `terraformView(model)` is the model with every string and every object key escaped once (`literal()`: `${` →
 *   `$${`, `%{` → `%%{`), walked generically, so a field added to the schema tomorrow is escaped without anyone
 *   remembering it. Stacks read the file only through it (test/terraform-boundary.test.ts checks the sources).
 * - `terraformSafe(x)` does the same to data derived from the raw model (the expansion, a shard plan): derive from the
 *   raw model first (hash placement must use the names as written), then make it safe.
 * - Constructs receive safe text and never escape again (a second `literal()` would show `$${` to the user); inside a
 *   hand-written expression they quote safe text with `hclString()`.
 * - Backend blocks are the one place Terraform does NOT read templates (it decodes them without an evaluation
 *   context): stacks/backend.ts gives the backend the raw values and `terraform_remote_state` (a data source, read as
 *   templates) the escaped ones.
 * Proven by test/terraform-readback.test.ts: hostile text planted in every string leaf of generated files is read back
 * by the real `terraform` exactly as written, in every stack, backend and remote-state block.
 */
import type { FederationModel } from "../model/model";
import { literal } from "./text";

const views = new WeakMap<object, FederationModel>();

/** The model as Terraform must receive it: every string and object key escaped (see the module comment). */
export function terraformView(model: FederationModel): FederationModel {
  let view = views.get(model);
  if (!view) {
    view = terraformSafe(model);
    views.set(model, view);
  }
  return view;
}

/**
 * Plain data (objects, arrays, Maps, Sets) with every string and key escaped for Terraform: a copy where something
 * changes, the same object where nothing does (text without `{` is its own literal), so the common case costs a walk
 * and no allocation. Numbers, booleans, null and undefined are kept. Only for data that came from the federation
 * file: cdktf tokens (references) are not user text and must not pass through here (a token is refused, as a bug).
 * Treat the result as read-only, like the model.
 */
export function terraformSafe<T>(value: T): T {
  if (value !== null && typeof value === "object" && nothingToEscape(value)) return value;
  return safe(value, new Map()) as T;
}

/**
 * The fast path for large derived data (a shard plan of thousands of grants): a walk that allocates nothing and stops
 * at the first string or key that holds `${`, `%{` or a cdktf token, or at anything `safe()` treats specially (a Map,
 * a Set, an instance of a class); then `safe()` does the work (and refuses what it must). A cycle ends the walk with a
 * RangeError: `safe()` handles it. (A `JSON.stringify` with a replacer did the same check at about 3x the cost: a
 * quarter of a 100,000-grant synthesis, `npm run bench`.)
 */
function nothingToEscape(value: object): boolean {
  try {
    return clean(value);
  } catch {
    return false;
  }
}

const cleanText = (s: string): boolean => !s.includes("{") || !/[$%]\{|\{TfToken\[/.test(s);

function clean(value: unknown): boolean {
  if (typeof value === "string") return cleanText(value);
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!clean(value[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const source = value as Record<string, unknown>;
  for (const k of Object.keys(source)) if (!cleanText(k) || !clean(source[k])) return false;
  return true;
}

function safe(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value === "string") return text(value);
  if (value === null || typeof value !== "object") return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  seen.set(value, value);
  let out: unknown = value;
  if (Array.isArray(value)) {
    let items: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const x = safe(value[i], seen);
      if (items === undefined && x !== value[i]) items = value.slice(0, i);
      if (items !== undefined) items.push(x);
    }
    if (items !== undefined) out = items;
  } else if (value instanceof Map) {
    const before = [...value];
    const entries = before.map(([k, v]) => [safe(k, seen), safe(v, seen)] as const);
    if (entries.some(([k, v], i) => k !== before[i][0] || v !== before[i][1])) out = new Map(entries);
  } else if (value instanceof Set) {
    const before = [...value];
    const items = before.map((x) => safe(x, seen));
    if (items.some((x, i) => x !== before[i])) out = new Set(items);
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new Error(`internal: terraformSafe got a ${proto?.constructor?.name ?? "class"} instance, not plain data`);
    // Copy lazily: only from the first key or value that changes.
    const source = value as Record<string, unknown>;
    const keys = Object.keys(source);
    let copy: Record<string, unknown> | undefined;
    const define = (k: string, v: unknown) => Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = source[k];
      const k2 = text(k);
      const v2 = safe(v, seen);
      if (copy === undefined && (k2 !== k || v2 !== v)) {
        copy = Object.create(proto) as Record<string, unknown>;
        // defineProperty: every key is an own data property, whatever its name.
        for (let j = 0; j < i; j++) define(keys[j], source[keys[j]]);
      }
      if (copy !== undefined) define(k2, v2);
    }
    if (copy !== undefined) out = copy;
  }
  seen.set(value, out);
  return out;
}

function text(s: string): string {
  // The loader refuses cdktf's markers in user text (rule cdktf-markers); one here is a token passed by mistake.
  if (s.includes("{TfToken[")) throw new Error(`internal: terraformSafe got a cdktf token (${JSON.stringify(s)}); only file data is escaped`);
  return literal(s);
}
