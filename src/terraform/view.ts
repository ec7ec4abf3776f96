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
 * A deep copy of plain data (objects, arrays, Maps, Sets) with every string and key escaped for Terraform. Numbers,
 * booleans, null and undefined are kept. Only for data that came from the federation file: cdktf tokens (references)
 * are not user text and must not pass through here (a token is refused, as a bug).
 */
export function terraformSafe<T>(value: T): T {
  return safe(value, new Map()) as T;
}

function safe(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value === "string") return text(value);
  if (value === null || typeof value !== "object") return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const x of value) out.push(safe(x, seen));
    return Object.freeze(out);
  }
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    seen.set(value, out);
    for (const [k, v] of value) out.set(safe(k, seen), safe(v, seen));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    seen.set(value, out);
    for (const x of value) out.add(safe(x, seen));
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Error(`internal: terraformSafe got a ${proto?.constructor?.name ?? "class"} instance, not plain data`);
  const out: Record<string, unknown> = Object.create(proto);
  seen.set(value, out);
  // defineProperty: every key is an own data property, whatever its name.
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, text(k), { value: safe(v, seen), enumerable: true });
  return Object.freeze(out);
}

function text(s: string): string {
  // The loader refuses cdktf's markers in user text (rule cdktf-markers); one here is a token passed by mistake.
  if (s.includes("{TfToken[")) throw new Error(`internal: terraformSafe got a cdktf token (${JSON.stringify(s)}); only file data is escaped`);
  return literal(s);
}
