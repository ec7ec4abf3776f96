/**
 * The import file (`imports:` in the federation file): Terraform import blocks for objects that already exist, written
 * by `federation adopt` and rendered into each stack's JSON by the app (src/adopt/stack-imports.ts), so the first plan
 * after adopting imports them instead of creating them. Pure: parsing and validation only.
 *
 * Format (JSON): `{"format": "federation-imports", "version": 1, "stacks": {"<stack>": [{"to": "<address>", "id": "<import id>"}]}}`.
 * `to` is a resource instance address in that stack (`aws_ssoadmin_permission_set.<logical id>["<name>"]`), `id` the
 * provider's import id. Import blocks of objects that are already in the state are no-ops, so the file may stay.
 */
import { JsonInputError, parseJsonSafely } from "../safe-json";

export const IMPORTS_FORMAT = "federation-imports";
export const IMPORTS_VERSION = 1;

export interface ImportBlock {
  /** Resource instance address in the stack: `type.name` or `type.name["key"]`. */
  readonly to: string;
  /** The provider's import id. */
  readonly id: string;
}

export interface ImportsFile {
  readonly format: typeof IMPORTS_FORMAT;
  readonly version: typeof IMPORTS_VERSION;
  /** Import blocks by stack name, each list sorted by address. */
  readonly stacks: Readonly<Record<string, readonly ImportBlock[]>>;
}

/** What the loader resolved for `imports:`. */
export interface ResolvedImports {
  /** The path as written in the federation file. */
  readonly file: string;
  readonly content?: ImportsFile;
  readonly error?: { readonly kind: "missing" | "invalid"; readonly reason: string };
}

const STACK = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** `type.name` with an optional `["key"]` (the key in HCL string syntax: no raw quote, backslash or control character). */
const ADDRESS = /^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*(?:\["(?:[^"\\\u0000-\u001f]|\\["\\])*"\]|\[0\])?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Parses and checks an import file; the reason names the first problem (with its JSON path). */
export function parseImportsFile(text: string): { content: ImportsFile } | { reason: string } {
  let data: unknown;
  try {
    // Bounded nesting; a syntax error is located, the content never quoted (src/safe-json.ts).
    data = parseJsonSafely(text, "it");
  } catch (e) {
    if (!(e instanceof JsonInputError)) throw e;
    return { reason: e.message.replace(/^it /, "it ") };
  }
  if (!isObject(data)) return { reason: "it must be a JSON object" };
  const unknown = Object.keys(data).filter((k) => !["format", "version", "stacks"].includes(k));
  if (unknown.length) return { reason: `unknown key ${JSON.stringify(unknown[0])} (known: format, version, stacks)` };
  if (data.format !== IMPORTS_FORMAT) return { reason: `"format" must be ${JSON.stringify(IMPORTS_FORMAT)}` };
  if (data.version !== IMPORTS_VERSION) return { reason: `"version" must be ${IMPORTS_VERSION}` };
  if (!isObject(data.stacks)) return { reason: `"stacks" must be an object of stack name → list of {to, id}` };
  const stacks: Record<string, ImportBlock[]> = {};
  for (const [stack, blocks] of Object.entries(data.stacks)) {
    const at = `stacks[${JSON.stringify(stack)}]`;
    if (!STACK.test(stack)) return { reason: `${at}: ${JSON.stringify(stack)} is not a stack name` };
    if (!Array.isArray(blocks)) return { reason: `${at} must be a list of {to, id}` };
    const seen = new Set<string>();
    const list: ImportBlock[] = [];
    for (const [i, b] of blocks.entries()) {
      const here = `${at}[${i}]`;
      if (!isObject(b) || Object.keys(b).some((k) => k !== "to" && k !== "id")) return { reason: `${here} must be an object with exactly "to" and "id"` };
      if (typeof b.to !== "string" || !ADDRESS.test(b.to)) return { reason: `${here}.to ${JSON.stringify(b.to)} is not a resource address (type.name, type.name["key"] or type.name[0])` };
      if (typeof b.id !== "string" || b.id === "" || CONTROL.test(b.id)) return { reason: `${here}.id must be a non-empty string without control characters` };
      if (seen.has(b.to)) return { reason: `${here}.to ${JSON.stringify(b.to)} is imported twice` };
      seen.add(b.to);
      list.push({ to: b.to, id: b.id });
    }
    stacks[stack] = list;
  }
  return { content: { format: IMPORTS_FORMAT, version: IMPORTS_VERSION, stacks } };
}

/** The import file's text: stable (stacks and blocks sorted), one block per line, so a review diff reads well. */
export function renderImportsFile(stacks: Readonly<Record<string, readonly ImportBlock[]>>): string {
  const names = Object.keys(stacks).sort(cmp);
  const body = names
    .map((name) => {
      const blocks = [...stacks[name]].sort((a, b) => cmp(a.to, b.to)).map((b) => `      ${JSON.stringify({ to: b.to, id: b.id })}`);
      return `    ${JSON.stringify(name)}: [${blocks.length ? `\n${blocks.join(",\n")}\n    ` : ""}]`;
    })
    .join(",\n");
  return `{\n  "format": ${JSON.stringify(IMPORTS_FORMAT)},\n  "version": ${IMPORTS_VERSION},\n  "stacks": {${names.length ? `\n${body}\n  ` : ""}}\n}\n`;
}

/** The resource address of an instance: `type.name["key"]` (HCL string syntax for the key). */
/**
 * The address of one instance: `type.name["key"]` (for_each), `type.name[0]` (a resource created once by a `count`
 * that is 0 or 1, like the synchronization resources once the SCIM secret has a value), else `type.name`.
 */
export function instanceAddress(resource: string, key?: string | 0): string {
  if (key === 0) return `${resource}[0]`;
  return key === undefined ? resource : `${resource}[${JSON.stringify(key)}]`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
