/**
 * Plans never stop on "Output refers to sensitive values": every output of every stack that reads a value a provider
 * marks sensitive says `sensitive = true` (one check over whatever stacks `buildApp` produces, with the sensitive
 * attributes of test/fixtures/provider-schemas/), and what the check counts is what Terraform itself does.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkedConfigurations } from "./checked-configs";
import { allBlocks, ROOT, synthAll } from "./helpers";
import { BUILTIN_TYPES, outputSensitivity, sensitiveAttributes, withoutNonsensitive } from "./sensitive-outputs";
import { withTerraform } from "./terraform";

const configurations = checkedConfigurations().map(([name, model]) => [name, synthAll(model)] as const);

describe.each(configurations)("GIVEN %s WHEN every stack is synthesized", (_name, stacks) => {
  test("THEN every resource and data source type is in a provider schema file (or is Terraform's own)", () => {
    const listed = sensitiveAttributes();
    const types = new Set(Object.values(stacks).flatMap((json) => allBlocks(json).map(([type]) => type)));
    expect([...types].filter((t) => !listed.has(t) && !BUILTIN_TYPES.has(t)).sort()).toEqual([]);
  });

  test("THEN every output that reads a sensitive provider attribute is marked sensitive", () => {
    const unmarked = outputSensitivity(stacks).filter((o) => o.reads.length > 0 && !o.declared);
    expect(unmarked).toEqual([]);
  });

  test("THEN the active certificate's PEM (Entra files) is such an output, and is marked", () => {
    if (!stacks["entra-sso"]) return expect(Object.keys(stacks).some((n) => n.startsWith("entra"))).toBe(false);
    const pem = outputSensitivity(stacks).find((o) => o.stack === "entra-sso" && o.output === "signing_certificate_pem");
    expect(pem?.declared).toBe(true);
    expect(pem?.reads.some((r) => r.startsWith("azuread_service_principal_token_signing_certificate.") && r.endsWith(".value"))).toBe(true);
  });
});

describe("the check itself", () => {
  const entra = configurations[0][1]["entra-sso"];
  const unmarkedPem = { "entra-sso": { ...entra, output: { ...entra.output, signing_certificate_pem: { ...entra.output.signing_certificate_pem, sensitive: undefined } } } };

  test("GIVEN the certificate PEM output without sensitive (today's main) THEN it is reported", () => {
    const found = outputSensitivity(unmarkedPem).filter((o) => o.reads.length > 0 && !o.declared);
    expect(found.map((o) => o.output)).toEqual(["signing_certificate_pem"]);
  });

  const stack = (output: Record<string, unknown>, locals: Record<string, unknown> = {}, extra: Record<string, any> = {}) => ({
    s: { resource: { azuread_synchronization_secret: { sync: {} }, terraform_data: { keep: { input: "${azuread_synchronization_secret.sync.credential}" } } }, ...extra, locals, output },
  });
  const readsOf = (s: Record<string, any>, name = "o") => (outputSensitivity(s).find((o) => o.output === name) as { reads: readonly string[] }).reads;

  test("GIVEN a nested sensitive attribute THEN reading it, its block or the whole resource counts; a sibling attribute does not", () => {
    expect(readsOf(stack({ o: { value: "${azuread_synchronization_secret.sync.credential[0].value}" } }))).toEqual(["azuread_synchronization_secret.sync.credential.value"]);
    expect(readsOf(stack({ o: { value: "${azuread_synchronization_secret.sync}" } }))).toHaveLength(1);
    expect(readsOf(stack({ o: { value: "${azuread_synchronization_secret.sync.credential[0].key}" } }))).toEqual([]);
    expect(readsOf(stack({ o: { value: "${azuread_synchronization_secret.sync.id}" } }))).toEqual([]);
  });

  test("GIVEN a chain of locals and a terraform_data input THEN the sensitive value is followed through them", () => {
    expect(readsOf(stack({ o: { value: "${local.a}" } }, { a: "${upper(local.b)}", b: { x: "${data.aws_secretsmanager_secret_version.v.secret_string}" } }, { data: { aws_secretsmanager_secret_version: { v: {} } } }))).toEqual([
      "data.aws_secretsmanager_secret_version.v.secret_string",
    ]);
    expect(readsOf(stack({ o: { value: "${terraform_data.keep.output}" } }))).toHaveLength(1);
  });

  test("GIVEN nonsensitive(...) or a remote-state output THEN nothing sensitive is read", () => {
    expect(withoutNonsensitive('${nonsensitive(can(regex("(", x.secret_string)) ? 1 : 2)} and y')).toBe("${NONSENSITIVE} and y");
    expect(readsOf(stack({ o: { value: "${nonsensitive(azuread_synchronization_secret.sync.credential[0].value)}" } }))).toEqual([]);
    expect(readsOf(stack({ o: { value: "${data.terraform_remote_state.x.outputs.token}" } }))).toEqual([]);
  });

  test("GIVEN a type no schema file lists THEN the check refuses to guess", () => {
    expect(() => outputSensitivity({ s: { resource: { aws_new_thing: { x: {} } }, output: { o: { value: "${aws_new_thing.x.id}" } } } })).toThrow(
      "no provider schema lists aws_new_thing: run npm run provider-schemas",
    );
  });
});

describe("what Terraform does with sensitive values in outputs (the check's premise, provider-free)", () => {
  const producer = {
    variable: { secret: { type: "string", sensitive: true, default: "s3cr3t-value" } },
    locals: { derived: "${upper(var.secret)}" },
  };
  const planOf = (output: Record<string, unknown>) =>
    withTerraform("sensitive-premise-", (tf) => tf.write({ ...producer, output }).plan());

  test("an unmarked output of a sensitive value stops the plan, directly or through a local", () => {
    for (const value of ["${var.secret}", "${local.derived}", "${{ pem = var.secret }}"]) {
      const r = planOf({ o: { value } });
      expect({ value, status: r.status }).toEqual({ value, status: 1 });
      expect(r.stderr).toContain("Output refers to sensitive values");
    }
  });

  test("the same outputs marked sensitive, or wrapped in nonsensitive(), plan", () => {
    expect(planOf({ o: { value: "${local.derived}", sensitive: true } }).status).toBe(0);
    expect(planOf({ o: { value: "${nonsensitive(local.derived)}" } }).status).toBe(0);
  });

  test("a sensitive output stays readable where the hand-off reads it: terraform output -raw and -json print the value", () => {
    withTerraform("sensitive-premise-", (tf) => {
      tf.write({ ...producer, output: { pem: { value: "${var.secret}", sensitive: true } } }).apply();
      expect(tf.ok("output", "-raw", "pem").stdout).toBe("s3cr3t-value");
      expect(JSON.parse(tf.ok("output", "-json").stdout).pem).toMatchObject({ sensitive: true, value: "s3cr3t-value" });
      expect(tf.ok("output").stdout).toContain("<sensitive>");
    });
  });

  test("an output of another stack read through terraform_remote_state is not sensitive in the reading stack", () => {
    withTerraform("sensitive-premise-", (tf) => {
      tf.write({ ...producer, output: { token: { value: "${var.secret}", sensitive: true } } }, "producer/main.tf.json");
      tf.ok("-chdir=producer", "apply", "-auto-approve", "-input=false", "-no-color");
      tf.write({
        data: { terraform_remote_state: { p: { backend: "local", config: { path: "producer/terraform.tfstate" } } } },
        output: { o: { value: "${data.terraform_remote_state.p.outputs.token}" } },
      });
      const r = tf.plan();
      expect(r.status).toBe(0);
    });
  });
});

describe("the checked-in provider schema files", () => {
  const file = (name: string) => JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "provider-schemas", name), "utf8"));

  test("the aws file comes from the real provider's schema and lists the SCIM secret value", () => {
    const aws = file("aws.json");
    expect(aws.source).toContain("terraform providers schema -json");
    expect(aws.types["data.aws_secretsmanager_secret_version"]).toEqual(expect.arrayContaining(["secret_string", "secret_binary"]));
  });

  test("the same run recorded that the real aws schema marks secret_string: unmarked refused, marked planned (terraform test, mock_provider)", () => {
    expect(file("aws.json").premise).toEqual({
      "unmarked output of data.aws_secretsmanager_secret_version.secret_string": "refused: Output refers to sensitive values",
      "marked output of data.aws_secretsmanager_secret_version.secret_string": "planned",
    });
  });

  test("the azuread file cites a source file at the pinned tag for every type, and lists the certificate and credential values", () => {
    const azuread = file("azuread.json");
    for (const [type, entry] of Object.entries<any>(azuread.types)) {
      expect({ type, files: entry.files.every((f: string) => / @ v3\.9\.0$/.test(f)) }).toEqual({ type, files: true });
    }
    expect(azuread.types.azuread_service_principal_token_signing_certificate.sensitive).toEqual(["value"]);
    expect(azuread.types.azuread_synchronization_secret.sensitive).toEqual(["credential.value"]);
  });

  test("every msgraph entry says where it was read", () => {
    for (const [type, entry] of Object.entries<any>(file("msgraph.json").types)) expect({ type, read: typeof entry.read }).toEqual({ type, read: "string" });
  });
});
