/**
 * The Terraform expressions of the `scim-provisioning` stack, evaluated by Terraform itself. The expressions are taken
 * from the synthesized JSON as they are; only the reference to what a provider would read (the secret value, the job's
 * schema) is replaced by a local or a variable holding a fixture. Provider-free Terraform (locals, variables, outputs,
 * the built-in `terraform_data`) runs here without any download.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { address, CONTOSO_CONFIG, DEFAULT_CONFIG, modelOf, only, ROOT, synthAll } from "./helpers";
import { SCIM_STACK } from "./scim-helpers";
import { withTerraform } from "./terraform";

const FIXTURES = join(ROOT, "test", "fixtures", "scim");
/** Stands for the SCIM token: it must never show up in anything Terraform prints or stores. */
const CANARY = "scim-canary-token-7c1e0d9a-never-print-me";

const scim = synthAll(modelOf(DEFAULT_CONFIG))[SCIM_STACK];
const contosoScim = synthAll(modelOf(CONTOSO_CONFIG))[SCIM_STACK];

/** Replaces every occurrence of a reference in a synthesized expression. */
const substitute = (expression: string, reference: string, replacement: string): string => {
  expect(expression).toContain(reference);
  return expression.split(reference).join(replacement);
};

/** The local `ready` of the SCIM secret: whether it has a value (the condition every Entra-side resource waits for). */
const readyLocal = (json: Record<string, any>) => `local.${Object.keys(json.locals).find((l) => l.startsWith("scim-secret_value_ready_"))}`;

describe("attribute-mapping fix, evaluated by Terraform on a realistic synchronization schema", () => {
  // The PUT body is the local the action sends; it rewrites the schema read, once the secret has a value.
  const fixedLocal = Object.keys(scim.locals).find((l) => l.startsWith("attribute-mapping-fix_fixed_schema_")) as string;
  const body: string = substitute(scim.locals[fixedLocal], readyLocal(scim), "true");
  const schemaRef = `${address(scim, "msgraph_resource", "data")}[0].output.all`;
  const input = JSON.parse(readFileSync(join(FIXTURES, "synchronization-schema.json"), "utf8"));
  const sparseInput = JSON.parse(readFileSync(join(FIXTURES, "sparse-schema.json"), "utf8"));
  /** Phone mappings an operator changed: work ← mobile (the one number) and fax ← a custom attribute. */
  const attributeMapping = (source: string, target: string) => ({ source: { name: source, type: "Attribute" }, targetAttributeName: target });
  const customPhones = {
    synchronizationRules: [
      {
        objectMappings: [
          {
            sourceObjectName: "User",
            attributeMappings: [attributeMapping("mobile", 'phoneNumbers[type eq "work"].value'), attributeMapping("extensionAttribute3", 'phoneNumbers[type eq "fax"].value')],
          },
        ],
      },
    ],
  };

  let fixed: any;
  let twice: any;
  let sparse: any;
  let custom: any;
  // Terraform must evaluate the generated expression without errors: a failed apply fails every test below with its message.
  beforeAll(() => {
    const config = {
      locals: {
        schema: `\${jsondecode(file("${join(FIXTURES, "synchronization-schema.json")}"))}`,
        sparse: `\${jsondecode(file("${join(FIXTURES, "sparse-schema.json")}"))}`,
        fixed: substitute(body, schemaRef, "local.schema"),
        twice: substitute(body, schemaRef, "local.fixed"),
        sparse_fixed: substitute(body, schemaRef, "local.sparse"),
        custom: customPhones,
        custom_fixed: substitute(body, schemaRef, "local.custom"),
      },
      output: {
        fixed: { value: "${jsonencode(local.fixed)}" },
        twice: { value: "${jsonencode(local.twice)}" },
        sparse: { value: "${jsonencode(local.sparse_fixed)}" },
        custom: { value: "${jsonencode(local.custom_fixed)}" },
      },
    };
    const outputs = withTerraform("scim-terraform-", (tf) => {
      tf.write(config).apply();
      return tf.outputs();
    });
    fixed = JSON.parse(outputs.fixed.value);
    twice = JSON.parse(outputs.twice.value);
    sparse = JSON.parse(outputs.sparse.value);
    custom = JSON.parse(outputs.custom.value);
  });

  const mappings = (schema: any, sourceObject: string): any[] =>
    schema.synchronizationRules[0].objectMappings.find((m: any) => m.sourceObjectName === sourceObject).attributeMappings;
  const byTarget = (list: any[], target: string) => list.filter((m) => m.targetAttributeName === target);

  test("the fixture is the AWS template's mapping: externalId from mailNickname, mobile and fax phone numbers present", () => {
    expect(byTarget(mappings(input, "User"), "externalId")[0].source.name).toBe("mailNickname");
    expect(byTarget(mappings(input, "User"), 'phoneNumbers[type eq "mobile"].value')).toHaveLength(1);
    expect(byTarget(mappings(input, "User"), 'phoneNumbers[type eq "fax"].value')).toHaveLength(1);
  });

  test("a user's SCIM externalId comes from the Entra objectId; the mapping keeps its other properties", () => {
    const [before] = byTarget(mappings(input, "User"), "externalId");
    const after = byTarget(mappings(fixed, "User"), "externalId");
    expect(after).toEqual([{ ...before, source: { expression: "[objectId]", name: "objectId", parameters: [], type: "Attribute" } }]);
  });

  test("the mobile and fax phone mappings are dropped; the work phone stays", () => {
    const targets = mappings(fixed, "User").map((m) => m.targetAttributeName);
    expect(targets).not.toContain('phoneNumbers[type eq "mobile"].value');
    expect(targets).not.toContain('phoneNumbers[type eq "fax"].value');
    expect(targets).toContain('phoneNumbers[type eq "work"].value');
    expect(mappings(fixed, "User").some((m) => ["mobile", "facsimileTelephoneNumber"].includes(m.source.name))).toBe(false);
  });

  test("phone mappings are judged by their target: work ← mobile stays, fax from any source is dropped", () => {
    expect(custom.synchronizationRules[0].objectMappings[0].attributeMappings).toEqual([attributeMapping("mobile", 'phoneNumbers[type eq "work"].value')]);
  });

  test("every other user mapping is unchanged and in its order", () => {
    const untouched = (list: any[]) =>
      list.filter((m) => m.targetAttributeName !== "externalId" && !/^phoneNumbers\[type eq "(mobile|fax)"\]/.test(m.targetAttributeName));
    expect(untouched(mappings(fixed, "User"))).toEqual(untouched(mappings(input, "User")));
    expect(mappings(fixed, "User")).toHaveLength(mappings(input, "User").length - 2);
  });

  test("group mappings (externalId already from objectId) are unchanged", () => {
    expect(mappings(fixed, "Group")).toEqual(mappings(input, "Group"));
  });

  test("directories, rule and object-mapping properties pass through; read-only @odata.context and version are not sent back", () => {
    const { ["@odata.context"]: _context, version: _version, synchronizationRules: rulesIn, ...restIn } = input;
    const { synchronizationRules: rulesOut, ...restOut } = fixed;
    expect(restOut).toEqual(restIn);
    expect(Object.keys(fixed)).not.toContain("@odata.context");
    expect(Object.keys(fixed)).not.toContain("version");
    const strip = (rules: any[]) => rules.map(({ objectMappings, ...r }) => ({ ...r, objectMappings: objectMappings.map(({ attributeMappings: _a, ...m }: any) => m) }));
    expect(strip(rulesOut)).toEqual(strip(rulesIn));
  });

  test("the transformation is idempotent: applied to its own output it changes nothing (no diff on the next plan)", () => {
    expect(twice).toEqual(fixed);
  });

  test("a sparse document like the Graph docs example (empty objects, missing properties) passes through unchanged", () => {
    expect(sparse).toEqual(sparseInput);
  });
});

describe("SCIM secret checks, evaluated by Terraform", () => {
  const versionRef = (json: Record<string, any>) => `${address(json, "aws_secretsmanager_secret_version", "data")}[0].secret_string`;
  const versionsRef = `${address(scim, "aws_secretsmanager_secret_versions", "data")}[0].versions`;
  const valueChecks = (json: Record<string, any>): Array<{ condition: string; error_message: string }> =>
    only(json, "azuread_synchronization_secret").lifecycle.precondition;
  const readyExpression: string = scim.locals[readyLocal(scim).slice("local.".length)];
  const expiryOutput: string = substitute(scim.output.scim_token_expires_at.value, readyLocal(scim), "true");

  const endpoint = (region: string) => `https://scim.${region}.amazonaws.com/AbC123de-4567-89f0-abcd-ef1234567890/scim/v2`;
  const value = (v: Record<string, unknown>) => JSON.stringify(v);
  const good = { endpoint: endpoint("us-east-1"), token: CANARY, expiresAt: "2099-12-31" };

  /** Secret values checked against the default config's conditions (us-east-1) and the expected message (or none). */
  const valueCases: Record<string, { json: Record<string, any>; value: string; expect?: string }> = {
    valid: { json: scim, value: value(good) },
    valid_without_expiry: { json: scim, value: value({ endpoint: endpoint("us-east-1"), token: CANARY }) },
    valid_trailing_slash: { json: scim, value: value({ ...good, endpoint: `${endpoint("us-east-1")}/` }) },
    valid_contoso: { json: contosoScim, value: value({ ...good, endpoint: endpoint("eu-central-1") }) },
    empty: { json: scim, value: "", expect: "is not a JSON object" },
    not_json: { json: scim, value: `endpoint=${endpoint("us-east-1")} token=${CANARY}`, expect: "is not a JSON object" },
    json_array: { json: scim, value: JSON.stringify([endpoint("us-east-1"), CANARY]), expect: "is not a JSON object" },
    endpoint_missing: { json: scim, value: value({ token: CANARY }), expect: '"endpoint" is missing or is not an IAM Identity Center SCIM endpoint' },
    endpoint_not_scim: { json: scim, value: value({ ...good, endpoint: "https://example.com/scim/v2" }), expect: '"endpoint" is missing or is not' },
    wrong_region: { json: scim, value: value({ ...good, endpoint: endpoint("eu-west-1") }), expect: "belongs to another region than identityCenter.region (us-east-1)" },
    wrong_region_contoso: { json: contosoScim, value: value(good), expect: "belongs to another region than identityCenter.region (eu-central-1)" },
    token_missing: { json: scim, value: value({ endpoint: endpoint("us-east-1"), expiresAt: "2099-12-31" }), expect: '"token" is missing or empty' },
    token_blank: { json: scim, value: value({ ...good, token: "  " }), expect: '"token" is missing or empty' },
    expiry_malformed: { json: scim, value: value({ ...good, expiresAt: "31.12.2099" }), expect: '"expiresAt" must be a date YYYY-MM-DD' },
    expiry_impossible: { json: scim, value: value({ ...good, expiresAt: "2099-13-45" }), expect: '"expiresAt" must be a date YYYY-MM-DD' },
    expired: { json: scim, value: value({ ...good, expiresAt: "2020-01-01" }), expect: "the SCIM access token has expired" },
  };
  /** Version lists of the secret, and whether the stack takes it as having a value (`ready`). */
  const versionCases: Record<string, { versions: unknown[]; ready: boolean }> = {
    has_current: { versions: [{ version_id: "v2", version_stages: ["AWSCURRENT"] }, { version_id: "v1", version_stages: ["AWSPREVIOUS"] }], ready: true },
    no_versions: { versions: [], ready: false },
    only_previous: { versions: [{ version_id: "v1", version_stages: ["AWSPREVIOUS"] }], ready: false },
    stages_missing: { versions: [{ version_id: "v1" }], ready: false },
  };

  /** Errors Terraform reported, by terraform_data name. */
  let errors: Record<string, string[]>;
  let ready: Record<string, boolean>;
  let expiry: Record<string, { value: string; sensitive: boolean }>;
  let printed: string;
  beforeAll(() => {
    const variable: Record<string, object> = {};
    const resource: Record<string, object> = {};
    for (const [name, c] of Object.entries(valueCases)) {
      variable[name] = { type: "string", sensitive: true, default: c.value };
      resource[`value_${name}`] = {
        input: name,
        lifecycle: {
          precondition: valueChecks(c.json).map((p) => ({ condition: substitute(p.condition, versionRef(c.json), `var.${name}`), error_message: p.error_message })),
        },
      };
    }
    const locals = Object.fromEntries(Object.entries(versionCases).map(([name, c]) => [`versions_${name}`, c.versions]));
    const readyOutputs = Object.fromEntries(
      Object.keys(versionCases).map((name) => [`ready_${name}`, { value: substitute(readyExpression, versionsRef, `local.versions_${name}`) }]),
    );
    const plan = withTerraform("scim-terraform-", (tf) => tf.write({ variable, locals, resource: { terraform_data: resource } }).plan("-json"));
    ready = withTerraform("scim-terraform-", (tf) => {
      tf.write({ locals, output: readyOutputs }).apply();
      return Object.fromEntries(Object.entries(tf.outputs()).map(([k, v]) => [k.replace(/^ready_/, ""), v.value]));
    });
    printed = plan.stdout + plan.stderr;
    errors = {};
    for (const line of plan.stdout.split("\n").filter((l) => l.startsWith("{"))) {
      const msg = JSON.parse(line);
      if (msg.type !== "diagnostic" || msg.diagnostic.severity !== "error") continue;
      const name = /terraform_data\.([a-z_]+)/.exec(`${msg.diagnostic.address ?? ""} ${msg.diagnostic.range?.filename ?? ""} ${msg.diagnostic.snippet?.context ?? ""}`)?.[1] ?? "?";
      (errors[name] ??= []).push(`${msg.diagnostic.summary}: ${msg.diagnostic.detail}`);
    }

    // The expiry output, on a value that passes every check and on one without expiresAt.
    const outputs = {
      variable: {
        with_expiry: { type: "string", sensitive: true, default: value(good) },
        without_expiry: { type: "string", sensitive: true, default: value({ endpoint: good.endpoint, token: CANARY }) },
        token_in_expiry: { type: "string", sensitive: true, default: value({ ...good, expiresAt: CANARY }) },
      },
      output: {
        with_expiry: { value: substitute(expiryOutput, versionRef(scim), "var.with_expiry") },
        without_expiry: { value: substitute(expiryOutput, versionRef(scim), "var.without_expiry") },
        token_in_expiry: { value: substitute(expiryOutput, versionRef(scim), "var.token_in_expiry") },
        no_value: { value: substitute(substitute(scim.output.scim_token_expires_at.value, readyLocal(scim), "false"), versionRef(scim), "var.with_expiry") },
      },
    };
    withTerraform("scim-terraform-", (tf) => {
      const apply = tf.write(outputs).apply();
      const output = tf.ok("output", "-json", "-no-color");
      expiry = JSON.parse(output.stdout);
      const state = readdirSync(tf.dir).filter((f) => f.endsWith(".tfstate")).map((f) => readFileSync(join(tf.dir, f), "utf8"));
      printed += apply.stdout + apply.stderr + output.stdout + output.stderr + state.join("\n");
    });
  });

  test.each(Object.entries(valueCases).filter(([, c]) => !c.expect).map(([name]) => name))("GIVEN a good value (%s) THEN every check passes", (name) => {
    expect(errors[`value_${name}`]).toBeUndefined();
  });

  test.each(Object.entries(valueCases).filter(([, c]) => c.expect).map(([name, c]) => [name, c.expect as string]))(
    "GIVEN a bad value (%s) THEN the plan fails with exactly one clear message: %s",
    (name, message) => {
      expect(errors[`value_${name}`]).toHaveLength(1);
      expect(errors[`value_${name}`][0]).toContain("precondition failed");
      expect(errors[`value_${name}`][0]).toContain(message);
    },
  );

  test("Terraform evaluated every case: one error per bad value, none elsewhere", () => {
    const bad = Object.values(valueCases).filter((c) => c.expect).length;
    expect(Object.values(errors).flat()).toHaveLength(bad);
  });

  test.each(Object.entries(versionCases).map(([name, c]) => [name, c.ready] as const))(
    "GIVEN the secret's versions (%s) THEN the stack takes it as having a value: %s (only a current version counts)",
    (name, expected) => {
      expect(ready[name]).toBe(expected);
    },
  );

  test("no error is attributed to an unknown case (every diagnostic names its terraform_data)", () => {
    expect(errors["?"]).toBeUndefined();
  });

  test("the expiry output shows the date from the secret, not sensitive, and 'not recorded' without one", () => {
    expect(expiry.with_expiry).toMatchObject({ value: "2099-12-31", sensitive: false });
    expect(expiry.without_expiry).toMatchObject({ value: "not recorded", sensitive: false });
  });

  test("while the secret has no value the expiry output says so (and reads nothing)", () => {
    expect(expiry.no_value).toMatchObject({ value: "no value stored yet", sensitive: false });
  });

  test("a token pasted into expiresAt is not unwrapped: the output says it is not a date and hides the value", () => {
    expect(expiry.token_in_expiry).toMatchObject({ value: "not a date (hidden)", sensitive: false });
  });

  test("the token appears nowhere in what Terraform printed or stored, including failed checks", () => {
    expect(printed.length).toBeGreaterThan(0);
    expect(printed).not.toContain(CANARY);
  });
});
