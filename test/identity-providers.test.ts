/**
 * Other identity providers (identityProvider: entrust | okta | google | saml): the example files validate and
 * synthesize; the AWS stacks of one access model are the same whatever the IdP (and differ from Entra's only in the
 * principal-matching inputs and Entra's IdP outputs); validation knows which settings belong to which IdP, with path
 * and line; the default (Entra) file's stacks are unchanged by naming the default explicitly.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { IDENTITY_PROVIDERS } from "../src/idp/providers";
import type { LoadResult } from "../src/model/load";
import { DEFAULT_CONFIG, loadFile, loadText, modelOf, ROOT, synthAll } from "./helpers";

const EXAMPLES = join(ROOT, "config", "examples");
const example = (idp: string) => join(EXAMPLES, `${idp}.yaml`);
const OTHER_IDPS = ["entrust", "google", "okta", "saml"] as const;
const AWS_STACKS = ["identity-center", "identity-center-assignments-0", "scim-provisioning"];

const errors = (r: LoadResult) => r.diagnostics.filter((d) => d.severity === "error");
const ids = (r: LoadResult) => r.diagnostics.map((d) => d.id);

/** The 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${JSON.stringify(needle)}`);
  return i + 1;
}

/** An example file with exact text edits applied (each must match once). */
function edited(idp: string, ...edits: [from: string, to: string][]): string {
  let text = readFileSync(example(idp), "utf8");
  for (const [from, to] of edits) {
    if (text.split(from).length !== 2) throw new Error(`${idp}.yaml must contain exactly one ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

describe("the example files", () => {
  test("GIVEN config/examples WHEN listed THEN there is one complete file per identity provider other than the default (next to the common Entra setups, test/config-examples.test.ts)", () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml")).sort();
    expect(files).toEqual(expect.arrayContaining(IDENTITY_PROVIDERS.filter((p) => p !== "entra").map((p) => `${p}.yaml`)));
    const idpOf = (f: string) => loadFile(join(EXAMPLES, f)).model?.spec.identityProvider;
    expect(files.filter((f) => idpOf(f) !== "entra").sort()).toEqual(OTHER_IDPS.map((p) => `${p}.yaml`));
  });

  test.each(OTHER_IDPS)("GIVEN config/examples/%s.yaml WHEN validated THEN it has no error and names its IdP", (idp) => {
    const r = loadFile(example(idp));
    expect(errors(r)).toEqual([]);
    expect(r.model?.spec.identityProvider).toBe(idp);
    // Only Google (users-only SCIM) warns, once per group an assignment uses.
    expect(ids(r)).toEqual(idp === "google" ? ["federation/idp-groups-not-provisioned", "federation/idp-groups-not-provisioned"] : []);
  });

  test.each(OTHER_IDPS)("GIVEN config/examples/%s.yaml WHEN synthesized THEN there are the AWS stacks, Okta's stack for Okta, and no Entra stack", (idp) => {
    const stacks = synthAll(modelOf(example(idp)));
    expect(Object.keys(stacks).sort()).toEqual([...AWS_STACKS, ...(idp === "okta" ? ["okta-sso"] : [])].sort());
    const providers = Object.values(stacks).flatMap((s) => Object.keys(s.terraform.required_providers ?? {}));
    expect(providers).not.toContain("azuread");
    expect(providers).not.toContain("msgraph");
    // identity-center reads no other stack under another IdP.
    expect(stacks["identity-center"].data?.terraform_remote_state).toBeUndefined();
  });
});

describe("the AWS side does not depend on the IdP", () => {
  const json = (idp: string) => synthAll(modelOf(example(idp)));

  test("GIVEN the same access model under Entrust, Google, Okta and generic SAML WHEN synthesized THEN every AWS stack is byte-identical", () => {
    const [first, ...rest] = OTHER_IDPS.map(json);
    for (const other of rest) for (const stack of AWS_STACKS) expect(JSON.stringify(other[stack])).toBe(JSON.stringify(first[stack]));
  });

  test("GIVEN the examples WHEN their access sections are compared THEN they hold one access model (identityCenter, permissionSets, accounts, assignments)", () => {
    const access = (idp: string) => {
      const s = modelOf(example(idp)).spec;
      return JSON.stringify([s.identityCenter, s.permissionSets, s.accounts, s.assignments]);
    };
    for (const idp of OTHER_IDPS) expect(access(idp)).toBe(access("okta"));
  });

  test("GIVEN the default Entra file and the Okta example (same access model) WHEN identity-center is compared THEN it differs only in Entra's matching inputs and Entra's IdP outputs", () => {
    const entra = synthAll(modelOf(DEFAULT_CONFIG))["identity-center"];
    const okta = json("okta")["identity-center"];
    // The stated difference, removed from Entra's JSON: the entra-sso remote state, the object ids matched as
    // externalId (Okta's principals have none: name only), and the four outputs with Entra's IdP values.
    const stripped = structuredClone(entra);
    delete stripped.data.terraform_remote_state;
    const wantedId = Object.keys(stripped.locals).find((k) => k.startsWith("principals_wanted"));
    expect(wantedId).toBeDefined();
    for (const w of Object.values<any>(stripped.locals[wantedId as string])) {
      expect(w.object_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-entra-sso\./);
      w.object_id = "";
    }
    for (const o of ["idp_metadata_url", "idp_entity_id", "idp_sign_in_url", "idp_certificate_pem"]) {
      expect(stripped.output[o]).toBeDefined();
      delete stripped.output[o];
      delete stripped["//"].outputs["identity-center"]["idp-handoff"][o];
    }
    for (const o of ["sp_acs_url", "sp_issuer_url"]) {
      // Same value; the description names Entra there and "the identity provider" here.
      expect(okta.output[o].value).toBe(stripped.output[o].value);
      stripped.output[o].description = okta.output[o].description;
    }
    expect(JSON.stringify(stripped)).toBe(JSON.stringify(okta));
    expect(JSON.stringify(entra)).not.toBe(JSON.stringify(okta));
  });

  test("GIVEN another IdP WHEN scim-provisioning is synthesized THEN it is exactly Entra's with provisioning off: the secret container only", () => {
    const entraOff = modelOf(loadText(readFileSync(DEFAULT_CONFIG, "utf8").replace("    enabled: true               # false: SSO only, no SCIM", "    enabled: false"), "../../config/federation.yaml"));
    const off = synthAll(entraOff)["scim-provisioning"];
    const okta = json("okta")["scim-provisioning"];
    expect(Object.keys(okta.resource)).toEqual(["aws_secretsmanager_secret"]);
    expect(okta.data).toBeUndefined();
    expect(JSON.stringify(okta)).toBe(JSON.stringify(off));
  });

  test("GIVEN the assignment shard WHEN synthesized under Entra and under Okta THEN it is byte-identical", () => {
    expect(JSON.stringify(json("okta")["identity-center-assignments-0"])).toBe(JSON.stringify(synthAll(modelOf(DEFAULT_CONFIG))["identity-center-assignments-0"]));
  });
});

describe("the default file is unchanged", () => {
  test("GIVEN the default file WHEN it says identityProvider: entra explicitly THEN every stack synthesizes exactly as without it", () => {
    const text = readFileSync(DEFAULT_CONFIG, "utf8");
    const explicit = modelOf(loadText(text.replace("version: 1\n", "version: 1\nidentityProvider: entra\n"), "../../config/federation.yaml"));
    const implicit = modelOf(DEFAULT_CONFIG);
    expect(implicit.spec.identityProvider).toBe("entra");
    const a = synthAll(implicit);
    const b = synthAll(explicit);
    expect(Object.keys(a).sort()).toEqual(["entra-sso", "identity-center", "identity-center-assignments-0", "scim-provisioning"]);
    for (const stack of Object.keys(a)) expect(JSON.stringify(b[stack])).toBe(JSON.stringify(a[stack]));
  });
});

describe("validation knows which settings belong to which IdP", () => {
  test("GIVEN a PIM block under Okta WHEN validated THEN one error per Entra-only setting, at its path and line", () => {
    const text = edited("okta", [
      "    description: Administrators\n",
      "    description: Administrators\n    eligibleMembers:\n      - { principal: bob@example.com, duration: P180D }\n    activation: { maximumDuration: PT4H }\n",
    ]);
    const r = loadText(text);
    const found = errors(r).filter((d) => d.id === "federation/idp-entra-only-setting");
    expect(found.map((d) => [d.path, d.line])).toEqual([
      ["groups.aws-sso-admins.eligibleMembers", lineOf(text, "eligibleMembers:")],
      ["groups.aws-sso-admins.activation", lineOf(text, "activation:")],
    ]);
    expect(found[0].message).toContain("PIM for groups");
    expect(found[0].message).toContain('"okta"');
    expect(r.model).toBeUndefined();
  });

  test.each([
    ["objectId", "    objectId: 3f2a0000-0000-0000-0000-000000000000\n"],
    ["owners", "    owners: [alice@example.com]\n"],
    ["appRole", "    appRole: msiam_access\n"],
  ])("GIVEN %s on a group under Entrust WHEN validated THEN it is refused at its line", (key, line) => {
    const text = edited("entrust", ["    description: Administrators\n", `    description: Administrators\n${line}`]);
    const r = loadText(text);
    const found = errors(r).filter((d) => d.id === "federation/idp-entra-only-setting");
    expect(found.map((d) => [d.path, d.line])).toEqual([[`groups.aws-sso-admins.${key}`, lineOf(text, `${key}:`)]]);
  });

  test("GIVEN the default app role written out under Okta WHEN validated THEN it is no error (it is the default)", () => {
    expect(errors(loadText(edited("okta", ["    description: Administrators\n", "    description: Administrators\n    appRole: User\n"])))).toEqual([]);
  });

  test("GIVEN an entra: section under Okta WHEN validated THEN it is refused at its key, naming both", () => {
    const text = edited("okta", ["okta:\n", "entra:\n  tenantId: 00000000-0000-0000-0000-000000000000\n\nokta:\n"]);
    const r = loadText(text);
    const e = errors(r).filter((d) => d.id === "federation/idp-section-mismatch");
    expect(e.map((d) => [d.path, d.line])).toEqual([["entra", lineOf(text, "entra:")]]);
    expect(e[0].message).toContain("identityProvider is \"okta\"");
  });

  test("GIVEN an okta: section and no identityProvider WHEN validated THEN the default (Entra) refuses it and asks for entra:", () => {
    const text = edited("okta", ["identityProvider: okta\n", ""]);
    const r = loadText(text);
    expect(errors(r).map((d) => [d.id, d.path])).toEqual([
      ["federation/idp-section-missing", "entra"],
      ["federation/idp-section-mismatch", "okta"],
    ]);
    expect(errors(r)[1].message).toContain("(the default)");
  });

  test.each(OTHER_IDPS)("GIVEN identityProvider: %s without its section WHEN validated THEN one error says which section is missing", (idp) => {
    const text = readFileSync(example(idp), "utf8").replace(new RegExp(`^${idp}:\\n(?:  .*\\n|\\s*\\n)*`, "m"), "");
    const r = loadText(text);
    expect(errors(r).map((d) => [d.id, d.message])).toEqual([["federation/idp-section-missing", `identityProvider is "${idp}", so the file needs its section \`${idp}:\``]]);
  });

  test("GIVEN the Entra file without entra: WHEN validated THEN entra: is required", () => {
    const text = readFileSync(DEFAULT_CONFIG, "utf8").replace(/^entra:\n(?:  .*\n)*/m, "");
    expect(errors(loadText(text)).map((d) => [d.id, d.path])).toEqual([["federation/idp-section-missing", "entra"]]);
  });

  test.each(["Okta", "OKTA", "azure", "entra-id", ""])("GIVEN identityProvider %j (a case variant or unknown name) WHEN validated THEN it is refused with the allowed values", (value) => {
    const text = edited("okta", ["identityProvider: okta\n", `identityProvider: ${JSON.stringify(value)}\n`]);
    const r = loadText(text);
    const e = errors(r).find((d) => d.path === "identityProvider");
    expect(e?.id).toBe("federation/invalid-value");
    expect(e?.line).toBe(lineOf(text, "identityProvider:"));
    for (const p of IDENTITY_PROVIDERS) expect(e?.message).toContain(`"${p}"`);
  });

  test("GIVEN an Entra object id as a member or user under Google WHEN validated THEN each is refused at its line", () => {
    const guid = "3f2a0000-0000-0000-0000-0000000000aa";
    const text = edited(
      "google",
      ["    members: [alice@example.com]\n", `    members: [alice@example.com, ${guid}]\n`],
      ["  - { group: aws-sso-admins, permissionSet: ViewOnlyAccess, accounts: [management] }\n", `  - { group: aws-sso-admins, permissionSet: ViewOnlyAccess, accounts: [management] }\n  - { user: "${guid.toUpperCase()}", permissionSet: ViewOnlyAccess, accounts: [management] }\n`],
    );
    const found = errors(loadText(text)).filter((d) => d.id === "federation/idp-principal-format");
    expect(found.map((d) => d.path)).toEqual(["groups.aws-sso-admins.members[1]", "assignments[3].user"]);
  });

  test.each([
    [2, true],
    [730, true],
    [1, false],
    [731, false],
    [365.5, false],
  ])("GIVEN an Entrust metadata lifetime of %d days WHEN validated THEN it is %s (2-730)", (days, ok) => {
    const text = edited("entrust", ["  metadataLifetimeDays: 365", `  metadataLifetimeDays: ${days}`]);
    const e = errors(loadText(text));
    if (ok) expect(e).toEqual([]);
    else expect(e.map((d) => [d.path, d.line])).toEqual([["entrust.metadataLifetimeDays", lineOf(text, "metadataLifetimeDays")]]);
  });

  test.each([
    ["okta", "  orgName: example ", "  orgName: exa.mple "],
    ["okta", "  baseUrl: okta.com ", "  baseUrl: https://okta.com "],
    ["entrust", "  tenantHostname: example.us.trustedauth.com", "  tenantHostname: example"],
    ["google", "  primaryDomain: example.com", "  primaryDomain: example com"],
  ])("GIVEN %s with a malformed value WHEN validated THEN one format error at its line", (idp, from, to) => {
    const text = edited(idp, [from, to]);
    const e = errors(loadText(text));
    expect(e.map((d) => [d.id, d.line])).toEqual([["federation/invalid-format", lineOf(text, to.trim())]]);
  });

  test("GIVEN a generic SAML IdP whose SCIM sends users only WHEN validated THEN every group an assignment uses warns, the unused one does not", () => {
    const text = edited("saml", ["  provisionsGroups: true ", "  provisionsGroups: false "], ["  aws-sso-admins:\n", "  unused:\n    description: not assigned\n  aws-sso-admins:\n"]);
    const r = loadText(text);
    expect(r.diagnostics.filter((d) => d.id === "federation/idp-groups-not-provisioned").map((d) => d.path)).toEqual(["groups.aws-sso-read-only", "groups.aws-sso-admins"]);
  });
});
