/**
 * No input makes the CLI crash (issue 12: exit 70 unreachable). The review commands run in-process on generated
 * inputs: files with every field (test/arbitraries.ts), built-in JavaScript names as tag, ABAC and policy keys
 * (`toString`, `constructor`, …), hostile text, random and deeply nested JSON as plans and outputs. Every run ends with
 * a documented exit code (0 done, 1 invalid input, 2 usage, 3 escalation, 4 lockout) and never throws.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { type AnyDoc, fullFederationDoc, hostileText, runs, toYaml } from "./arbitraries";
import { runCliCaptured } from "./helpers";

const EXITS = [0, 1, 2, 3, 4];
const BUILT_INS = ["toString", "constructor", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString"];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "never-crash-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => runCliCaptured(args, { cwd: dir });

let n = 0;
const write = (content: string, ext = "yaml") => {
  const f = join(dir, `in-${n++}.${ext}`);
  writeFileSync(f, content);
  return f;
};

/** A generated file with built-in names as keys where the file allows any key, and some hostile text. */
const awkwardDoc = fc.tuple(fullFederationDoc, fc.subarray(BUILT_INS, { minLength: 1 }), hostileText).map(([doc, names, text]): AnyDoc => {
  const out = structuredClone(doc);
  const first = Object.keys(out.permissionSets)[0];
  out.permissionSets[first].tags = Object.fromEntries(names.map((k, i) => [k, `v${i}`]));
  out.identityCenter.accessControlAttributes = Object.fromEntries(names.map((k) => [k, "${path:enterprise.department}"]));
  if (typeof out.identityCenter.scimSecret === "object") out.identityCenter.scimSecret.tags = Object.fromEntries(names.map((k) => [k, "x"]));
  const group = Object.keys(out.groups)[0];
  if (group && !out.groups[group].objectId) out.groups[group].description = text;
  out.permissionSets[first].inlinePolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: Object.fromEntries(names.map((k) => [k, { [k]: "x" }])) }] };
  return out;
});

test("GIVEN generated base and head files (built-in names as keys, hostile text) WHEN diffed, reported and laid out THEN every exit code is a documented one", async () => {
  await fc.assert(
    fc.asyncProperty(awkwardDoc, fc.oneof(awkwardDoc, fullFederationDoc), fc.constantFrom("markdown", "json"), async (base, head, format) => {
      const b = write(toYaml(base));
      const h = write(toYaml(head));
      for (const args of [
        ["diff", "--base", b, "--head", h, "--format", format, "--fail-on-escalation"],
        ["diff", "--base", h, "--head", b, "--format", format],
        ["report", "--config", h, "--format", format],
        ["validate", "--config", h, "--base", b],
        ["shards", "--config", h, "--base", b],
        ["shards", "--config", b, "--from", "3"],
      ]) {
        const r = await run(args);
        expect({ args: args.join(" "), documented: EXITS.includes(r.code), internal: r.err.includes("internal") }).toEqual({ args: args.join(" "), documented: true, internal: false });
      }
    }),
    { ...runs(40), endOnFailure: true },
  );
}, 120_000);

/** Arbitrary JSON shaped a little like a plan (or not at all), sometimes nested very deep. */
const planLike = fc.oneof(
  fc.jsonValue(),
  fc.record({
    format_version: fc.oneof(fc.constant("1.2"), fc.string()),
    resource_changes: fc.oneof(
      fc.array(
        fc.record({
          address: fc.oneof(fc.string(), hostileText, fc.constant("aws_ssoadmin_account_assignment.assignments[\"group:x/P/111111111111\"]")),
          type: fc.oneof(fc.constantFrom("aws_ssoadmin_account_assignment", "aws_ssoadmin_permission_set", "azuread_group_without_members"), fc.string()),
          index: fc.oneof(fc.string(), hostileText, fc.integer()),
          change: fc.record({ actions: fc.array(fc.constantFrom("create", "delete", "update", "no-op", "read", "x")), before: fc.jsonValue(), after: fc.jsonValue(), after_unknown: fc.jsonValue() }),
        }),
      ),
      fc.jsonValue(),
    ),
    output_changes: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...BUILT_INS)), fc.jsonValue()),
    checks: fc.jsonValue(),
  }),
);
const deep = fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom("[", '{"a":')).map(([depth, open]) => {
  const close = open === "[" ? "]" : "}";
  return `{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","change":{"actions":["update"],"before":{"x":${open.repeat(depth)}1${close.repeat(depth)}},"after":{}}}]}`;
});

test("GIVEN random, hostile and deeply nested plan JSON WHEN summarized THEN exit 0 or 1, never a crash", async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(planLike.map((p) => JSON.stringify(p)), deep, fc.string(), hostileText), fc.constantFrom("markdown", "json"), async (text, format) => {
      const r = await run(["plan-summary", write(text, "json"), "--format", format]);
      expect([0, 1]).toContain(r.code);
    }),
    runs(150),
  );
});

test("GIVEN random and deeply nested outputs JSON as --pending WHEN reported THEN exit 0 or 1, never a crash", async () => {
  const config = write(toYaml(fc.sample(fullFederationDoc, { numRuns: 1, seed: 3 })[0]));
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), deep, fc.string()), async (text) => {
      const r = await run(["report", "--config", config, "--pending", write(text, "json")]);
      expect([0, 1]).toContain(r.code);
    }),
    runs(100),
  );
});
