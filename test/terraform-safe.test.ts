/**
 * terraformSafe (src/terraform/view.ts): every string and key of plain data escaped once, the same object back when
 * nothing needs escaping (its fast path), whatever the shape: generated data, with template sequences planted in
 * strings and keys, and Maps and Sets below plain objects (which the fast path must hand to the full walk).
 */
import fc from "fast-check";
import { literal } from "../src/terraform/text";
import { terraformSafe } from "../src/terraform/view";

/** Text that often holds `${`, `%{`, `$`, `%` or `{` next to ordinary characters. */
const text = fc.array(fc.constantFrom("${", "%{", "$", "%", "{", "}", "a", "b", " ", "é"), { maxLength: 6 }).map((xs) => xs.join(""));
const data = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, text, fc.integer(), fc.boolean(), fc.constant(null), tie("array"), tie("object"), tie("map"), tie("set")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(text, tie("value"), { maxKeys: 4 }),
  map: fc.array(fc.tuple(text, tie("value")), { maxLength: 3 }).map((es) => new Map(es)),
  set: fc.array(tie("value"), { maxLength: 3 }).map((xs) => new Set(xs)),
})).object;

/** What terraformSafe must return, written out independently. */
function expected(v: unknown): unknown {
  if (typeof v === "string") return literal(v);
  if (Array.isArray(v)) return v.map(expected);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [expected(k), expected(x)]));
  if (v instanceof Set) return new Set([...v].map(expected));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [literal(k), expected(x)]));
  return v;
}

const needsEscaping = (v: unknown): boolean => JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : x instanceof Set ? [...x] : x))?.match(/[$%]\{/) !== null;

test("GIVEN generated plain data (strings and keys with template sequences, Maps and Sets inside) THEN every string and key is escaped once, and clean data comes back as the same object", () => {
  fc.assert(
    fc.property(data, (v) => {
      const out = terraformSafe(v);
      expect(out).toEqual(expected(v));
      if (!needsEscaping(v)) expect(out).toBe(v);
    }),
    { numRuns: 500 },
  );
});

test("GIVEN a template sequence only inside a Map or a Set below clean objects THEN it is escaped (the fast path does not stop there)", () => {
  expect(terraformSafe({ a: [{ m: new Map([["k", "${x}"]]) }] })).toEqual({ a: [{ m: new Map([["k", "$${x}"]]) }] });
  expect(terraformSafe({ s: new Set(["%{ if }"]) })).toEqual({ s: new Set(["%%{ if }"]) });
});

test("GIVEN a cdktf token or a class instance in the data THEN it is refused as a bug, not passed on", () => {
  expect(() => terraformSafe({ a: ["${TfToken[TOKEN.1]}"] })).toThrow(/cdktf token/);
  expect(() => terraformSafe({ a: [new Date(0)] })).toThrow(/Date instance/);
});

test("GIVEN data with a cycle (never made by the loader) THEN the walk ends, and the strings it copies are escaped", () => {
  const v: Record<string, unknown> = { name: "${x}" };
  v.self = v;
  const out = terraformSafe(v) as Record<string, unknown>;
  expect(out.name).toBe("$${x}");
});
