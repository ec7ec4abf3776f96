/**
 * Loading is total: whatever the bytes, the loader returns diagnostics and never throws; every diagnostic has a
 * stable id and a message; a model comes back only when there is no error; and a diagnostic about a part of the
 * document that exists points at that part's line. Searched with random text, YAML-shaped token soup, random JSON
 * values, and valid files with one random part broken or cut off.
 */
import fc from "fast-check";
import { isMap, LineCounter, parseDocument } from "yaml";
import type { Diagnostic, PathSegment } from "../src/model/diagnostics";
import type { LoadResult } from "../src/model/load";
import { federationDoc, runs, toYaml } from "./arbitraries";
import { loadText } from "./helpers";

/** Problems with the file as a whole: they have no path and need no line. */
const FILE_LEVEL = new Set(["file-too-large", "not-text", "empty-file", "too-deep", "yaml-aliases", "too-many-problems"].map((id) => `federation/${id}`));

function expectWellFormed(r: LoadResult): void {
  for (const d of r.diagnostics) {
    expect(d.id).toMatch(/^federation\/[a-z0-9-]+$/);
    expect(d.message.length).toBeGreaterThan(0);
    expect(["error", "warning"]).toContain(d.severity);
    if (!FILE_LEVEL.has(d.id)) expect({ id: d.id, path: d.path, line: typeof d.line }).toEqual({ id: d.id, path: d.path, line: "number" });
  }
  const errors = r.diagnostics.filter((d) => d.severity === "error").length;
  expect(r.model === undefined).toBe(errors > 0);
}

/** `groups["a b"].members[0]` → ["groups", "a b", "members", 0] (the inverse of formatPath). */
function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of path.matchAll(/\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
  }
  return out;
}

/** Lines a diagnostic about `path` may point at (its key's and its value's), or undefined when the path is not in the text. */
function linesOf(text: string, path: PathSegment[]): Set<number> | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (path.length === 0 || !doc.hasIn(path)) return undefined;
  const lines = new Set<number>();
  const value = doc.getIn(path, true) as { range?: [number, number] } | undefined;
  if (value?.range) lines.add(lc.linePos(value.range[0]).line);
  const parent = doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => String((p.key as { value?: unknown })?.value) === String(path[path.length - 1]));
    const key = pair?.key as { range?: [number, number] } | undefined;
    if (key?.range) lines.add(lc.linePos(key.range[0]).line);
  }
  return lines;
}

const YAML_TOKENS = [
  "version: 1\n", "entra:\n", "identityCenter:\n", "groups:\n", "assignments:\n", "  ", "    ", "- ", "? ", ": ", "[", "]", "{", "}", ",",
  "&a ", "*a", "!!str ", "!!binary ", "!x ", "<<: ", "---\n", "...\n", "# c\n", '"', "'", "\\", "\t", "\r", "\r\n", "\n", "|\n", ">-\n",
  "x", "1", "111111111111", "null", "~", "true", "yes", ".inf", "__proto__", "toString", "\uFEFF", "\u0000", "\u202E", "а", "%YAML 1.1\n",
  "tenantId: 00000000-0000-0000-0000-000000000000\n", "permissionSet: P\n", "accounts: [a]\n",
];
const yamlSoup = fc.array(fc.constantFrom(...YAML_TOKENS), { maxLength: 60 }).map((t) => t.join(""));

/** A path to some part of a valid file, chosen by a list of random numbers. */
function somePath(doc: unknown, picks: readonly number[]): PathSegment[] {
  const path: PathSegment[] = [];
  let node = doc;
  for (const pick of picks) {
    if (Array.isArray(node) && node.length) {
      const i = pick % node.length;
      path.push(i);
      node = node[i];
    } else if (node && typeof node === "object" && Object.keys(node).length) {
      const keys = Object.keys(node);
      const k = keys[pick % keys.length];
      path.push(k);
      node = (node as Record<string, unknown>)[k];
    } else break;
  }
  return path;
}

type Mutation = { kind: "replace"; value: unknown } | { kind: "delete" } | { kind: "add"; key: string; value: unknown };

function mutate(doc: unknown, path: PathSegment[], m: Mutation): unknown {
  const copy = structuredClone(doc) as Record<PathSegment, unknown>;
  if (path.length === 0) return m.kind === "replace" ? m.value : copy;
  const parent = path.slice(0, -1).reduce<Record<PathSegment, unknown>>((n, s) => n[s] as Record<PathSegment, unknown>, copy);
  const last = path[path.length - 1];
  if (m.kind === "replace") parent[last] = m.value;
  else if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target && typeof target === "object" && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
    else if (Array.isArray(target)) target.push(m.value);
    else parent[last] = { [m.key]: m.value };
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value): Mutation => ({ kind: "replace", value })),
  fc.constant<Mutation>({ kind: "delete" }),
  fc.record({ key: fc.constantFrom("extra", "membres", "sesionDuration", "id", "toString", "x"), value: fc.jsonValue({ maxDepth: 2 }) }).map((r): Mutation => ({ kind: "add", ...r })),
);

describe("loading never throws and always explains itself", () => {
  test("for arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => expectWellFormed(loadText(text))), runs(50));
  });

  test("for YAML-shaped token soup (anchors, tags, merges, BOMs, NULs, tabs, CRs, directives)", () => {
    fc.assert(fc.property(yamlSoup, (text) => expectWellFormed(loadText(text))), runs(150));
  });

  test("for arbitrary JSON values written as YAML", () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => expectWellFormed(loadText(toYaml(value)))), runs(60));
  });

  test("for a valid file cut off after any line", () => {
    fc.assert(
      fc.property(federationDoc, fc.nat(), (doc, cut) => {
        const lines = toYaml(doc).split("\n");
        expectWellFormed(loadText(lines.slice(0, cut % lines.length).join("\n")));
      }),
      runs(30),
    );
  });

  test("for a valid file with one part replaced, deleted or given an extra key: errors point at the line of the part they name", () => {
    fc.assert(
      fc.property(federationDoc, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), mutation, (doc, picks, m) => {
        const text = toYaml(mutate(doc, somePath(doc, picks), m));
        const r = loadText(text);
        expectWellFormed(r);
        for (const d of r.diagnostics as Diagnostic[]) {
          const lines = linesOf(text, parsePath(d.path));
          if (lines && d.line !== undefined) expect({ path: d.path, id: d.id, line: d.line, ok: lines.has(d.line) }).toEqual({ path: d.path, id: d.id, line: d.line, ok: true });
        }
      }),
      runs(50),
    );
  });
});
