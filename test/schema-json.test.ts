/** config/federation.schema.json is generated from the zod schema; editors rely on it being current. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderJsonSchema } from "../src/model/json-schema";
import { ROOT } from "./helpers";

test("the committed editor schema matches the zod schema (run `npm run schema` when this fails)", () => {
  expect(readFileSync(join(ROOT, "config", "federation.schema.json"), "utf8")).toBe(renderJsonSchema());
});

test("the editor schema knows the contract's sections and refuses unknown top-level keys", () => {
  const schema = JSON.parse(renderJsonSchema());
  expect(Object.keys(schema.properties)).toEqual(
    expect.arrayContaining(["version", "identityProvider", "entra", "okta", "entrust", "google", "saml", "identityCenter", "groups", "permissionSets", "accounts", "assignments", "state"]),
  );
  expect(schema.additionalProperties).toBe(false);
  // entra: is required only when identityProvider is entra (the default): a rule, not the schema (src/model/rules/identity-provider.ts).
  expect(schema.required).toEqual(expect.arrayContaining(["version", "identityCenter"]));
  expect(schema.required).not.toContain("entra");
});
