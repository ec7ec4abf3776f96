/**
 * The import file in the contract (`imports:`): validated by the loader (one located error per problem), rendered into
 * the stacks' JSON as Terraform `import` blocks, refused at synthesis when a block names a resource its stack does
 * not have; and the application kind's defaults.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { addImportBlocks } from "../src/adopt/stack-imports";
import { instanceAddress, parseImportsFile, renderImportsFile } from "../src/model/imports";
import { parseFederation } from "../src/model/load";
import { DEFAULT_CONFIG, modelOf, NOW, synthAll } from "./helpers";

const base = readFileSync(DEFAULT_CONFIG, "utf8");
const withImports = (imports: string | undefined, extra = "") =>
  parseFederation(`${base}\nimports: federation.imports.json\n${extra}`, DEFAULT_CONFIG, {
    now: NOW,
    readFile: (p) => (p.endsWith("federation.imports.json") ? imports : p.endsWith("deny-leave-org.json") ? readFileSync(join(DEFAULT_CONFIG, "..", "policies", "deny-leave-org.json"), "utf8") : undefined),
  });

const ps = "aws_ssoadmin_permission_set.permission-sets_permission-set_210F94CC";

describe("the import file", () => {
  it("GIVEN a valid import file WHEN the federation file names it THEN the stacks get exactly its import blocks", () => {
    const text = renderImportsFile({ "identity-center": [{ to: instanceAddress(ps, "ViewOnlyAccess"), id: "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-1,arn:aws:sso:::instance/ssoins-0123456789abcdef" }] });
    const model = modelOf(withImports(text));
    const stacks = synthAll(model);
    expect(stacks["identity-center"].import).toEqual([{ to: `${ps}["ViewOnlyAccess"]`, id: "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-1,arn:aws:sso:::instance/ssoins-0123456789abcdef" }]);
    for (const name of Object.keys(stacks).filter((n) => n !== "identity-center")) expect(stacks[name].import).toBeUndefined();
  });

  it.each([
    ["missing", undefined, /import file "federation\.imports\.json" does not exist/],
    ["not JSON", "{", /is not a federation import file: it is not valid JSON/],
    ["another format", '{"format":"x","version":1,"stacks":{}}', /"format" must be "federation-imports"/],
    ["an unknown key", '{"format":"federation-imports","version":1,"stacks":{},"extra":1}', /unknown key "extra"/],
    ["a bad address", '{"format":"federation-imports","version":1,"stacks":{"entra-sso":[{"to":"not an address","id":"x"}]}}', /stacks\["entra-sso"\]\[0\]\.to "not an address" is not a resource address/],
    ["a duplicate target", `{"format":"federation-imports","version":1,"stacks":{"entra-sso":[{"to":"a.b","id":"x"},{"to":"a.b","id":"y"}]}}`, /"a\.b" is imported twice/],
    ["an id with a newline", '{"format":"federation-imports","version":1,"stacks":{"entra-sso":[{"to":"a.b","id":"x\\ny"}]}}', /\.id must be a non-empty string without control characters/],
  ])("GIVEN an import file (%s) WHEN validated THEN one located error at `imports`", (_label, text, message) => {
    const r = withImports(text);
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe("imports");
    expect(errors[0].line).toBe(base.split("\n").length + 1);
    expect(errors[0].message).toMatch(message);
    expect(r.model).toBeUndefined();
  });

  it("GIVEN an import block for a resource its stack does not have WHEN synthesized THEN synthesis stops naming it", () => {
    const text = renderImportsFile({ "identity-center": [{ to: "aws_ssoadmin_permission_set.renamed_1234", id: "x" }] });
    expect(() => synthAll(modelOf(withImports(text)))).toThrow(/aws_ssoadmin_permission_set\.renamed_1234 is not a resource of stack identity-center .* run federation adopt again/);
  });

  it("GIVEN an import file for a stack the federation does not have WHEN synthesized THEN synthesis stops naming it", () => {
    expect(() => addImportBlocks([], { file: "f.json", content: { format: "federation-imports", version: 1, stacks: { ghost: [{ to: "a.b", id: "x" }] } } })).toThrow(
      /stack "ghost" is not part of this federation/,
    );
  });

  it("GIVEN any blocks WHEN rendered and parsed back THEN they are the same, sorted (property)", () => {
    const key = fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !/[\u0000-\u001f\u007f]/.test(k));
    const block = fc.record({ to: key.map((k) => instanceAddress("aws_x.y", k)), id: fc.string({ minLength: 1, maxLength: 40 }).filter((k) => !/[\u0000-\u001f\u007f]/.test(k)) });
    fc.assert(
      fc.property(fc.uniqueArray(block, { selector: (b) => b.to, maxLength: 8 }), (blocks) => {
        const parsed = parseImportsFile(renderImportsFile({ "identity-center": blocks }));
        expect(parsed).toEqual({ content: { format: "federation-imports", version: 1, stacks: { "identity-center": [...blocks].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0)) } } });
      }),
    );
  });
});

describe("entra.application.kind", () => {
  it("GIVEN no kind WHEN loaded THEN it is the gallery application", () => {
    expect(modelOf(withImports(renderImportsFile({}))).spec.entra?.application.kind).toBe("gallery");
  });

  it("GIVEN an unknown kind WHEN loaded THEN one error lists the kinds", () => {
    const r = parseFederation(base.replace("    displayName: AWS IAM Identity Center\n", "    displayName: AWS IAM Identity Center\n    kind: custom\n"), DEFAULT_CONFIG, { now: NOW });
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.path, d.message])).toEqual([["entra.application.kind", '"custom" is not allowed; use one of "gallery", "non-gallery"']]);
  });
});
