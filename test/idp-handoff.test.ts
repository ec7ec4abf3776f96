/**
 * The hand-off sheets of the identity providers other than Entra (src/handoff/): every value of the file in its step,
 * the steps in order, the IdP's warnings, Markdown escaping of free text, and the shell lines running in bash and zsh
 * (the read-back commands really print the endpoint and token from a stand-in `aws`).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { buildApp } from "../src/app";
import { renderIdpHandoff } from "../src/handoff";
import { ENTRUST_USER_MAPPINGS } from "../src/handoff/entrust";
import { code } from "../src/review/markdown";
import { loadText, modelOf, ROOT } from "./helpers";

const exampleText = (idp: string) => readFileSync(join(ROOT, "config", "examples", `${idp}.yaml`), "utf8");
const sheetOf = (text: string) => renderIdpHandoff(modelOf(loadText(text, "idp.yaml")));
const IDPS = ["entrust", "google", "okta", "saml"] as const;

/** Index of each needle in the text, which must all be there and in this order. */
function expectInOrder(text: string, needles: readonly string[]): void {
  let at = -1;
  for (const n of needles) {
    const i = text.indexOf(n, at + 1);
    if (i < 0) throw new Error(`expected ${JSON.stringify(n)} after position ${at}${text.includes(n) ? " (it is there, but earlier)" : " (missing)"}`);
    at = i;
  }
}

/** The values every sheet must show, from the example file (the AWS side is the same in all). */
const AWS_VALUES = [
  "us-east-1",
  "d-0123456789",
  "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000",
  "https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789",
  "https://d-0123456789.awsapps.com/start",
  "identity-federation/scim",
  "aws-sso-read-only",
  "aws-sso-admins",
  "bob@example.com",
  "alice@example.com",
];

describe("every sheet", () => {
  test.each(IDPS)("GIVEN the %s example WHEN its sheet is rendered THEN every AWS value, group and member of the file is in it", (idp) => {
    const sheet = sheetOf(exampleText(idp));
    for (const v of AWS_VALUES) expect(sheet).toContain(code(v).source);
    // Numbered steps in order, each once.
    const headings = [...sheet.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(headings).toEqual(headings.map((_, i) => i + 1));
    expect(headings.length).toBeGreaterThanOrEqual(5);
    // The token goes through the secret: stored before it is read back into the IdP.
    expectInOrder(sheet, ["Change identity source", "put-secret-value", "get-secret-value", "npx cdktf deploy identity-center"]);
  });

  test("GIVEN other values in the file WHEN the sheet is rendered THEN they are the ones shown (nothing is hard-coded)", () => {
    const text = exampleText("saml")
      .replace(/us-east-1/g, "eu-west-2")
      .replace(/d-0123456789/g, "d-9876543210")
      .replace("identity-federation/scim", "team/scim-token")
      .replace(/aws-sso-admins/g, "cloud-admins");
    const sheet = sheetOf(text);
    for (const v of ["eu-west-2", "d-9876543210", "team/scim-token", "cloud-admins", "https://eu-west-2.signin.aws.amazon.com/platform/saml/d-9876543210"]) expect(sheet).toContain(v);
    for (const v of ["us-east-1", "identity-federation/scim", "aws-sso-admins"]) expect(sheet).not.toContain(v);
  });

  test("GIVEN any application name (pipes, backticks, angle brackets, quotes) WHEN a sheet is rendered THEN it appears exactly as the one escaped inline span code() makes of it (code, or escaped text when it has a pipe), on one line", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...IDPS),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/.test(s) && s.trim() === s && s.length > 0),
        (idp, name) => {
          const key = idp === "okta" ? "    label: AWS IAM Identity Center" : "    name: AWS IAM Identity Center";
          const text = exampleText(idp).replace(key, () => `${key.split(":")[0]}: ${JSON.stringify(name)}`);
          const sheet = sheetOf(text);
          expect(sheet).toContain(code(name).source);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("GIVEN a synthesis WHEN it runs THEN identity-center-handoff.md next to the stacks is the IdP's sheet", () => {
    const outdir = mkdtempSync(join(tmpdir(), "idp-handoff-"));
    try {
      const model = modelOf(loadText(exampleText("entrust"), "idp.yaml"));
      buildApp(model, { outdir }).app.synth();
      expect(readFileSync(join(outdir, "identity-center-handoff.md"), "utf8")).toBe(renderIdpHandoff(model));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("the shell lines of the sheets", () => {
  const blocksOf = (sheet: string) => [...sheet.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);

  test.each(IDPS)("GIVEN the %s sheet WHEN each shell block is parsed by bash and zsh THEN both accept it", (idp) => {
    const sheet = sheetOf(exampleText(idp));
    const blocks = blocksOf(sheet);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) for (const shell of ["bash", "zsh"]) execFileSync(shell, ["-n"], { input: block });
  });

  test.each(["bash", "zsh"])("GIVEN the read-back commands WHEN run by %s against a stand-in aws THEN they print the endpoint and the token of the secret named in the file", (shell) => {
    const dir = mkdtempSync(join(tmpdir(), "idp-secret-"));
    try {
      // The stand-in answers only for the file's secret and region, and exactly the query the sheet asks for.
      const aws = join(dir, "aws");
      writeFileSync(
        aws,
        [
          "#!/bin/sh",
          `[ "$*" = "secretsmanager get-secret-value --region eu-west-2 --secret-id team/scim=prod --query SecretString --output text" ] || { echo "unexpected: $*" >&2; exit 2; }`,
          `echo '{"endpoint":"https://scim.eu-west-2.amazonaws.com/abc/scim/v2","token":"tok-123","expiresAt":"2031-01-01"}'`,
        ].join("\n"),
      );
      chmodSync(aws, 0o755);
      const text = exampleText("saml").replace(/us-east-1/g, "eu-west-2").replace("scimSecret: identity-federation/scim", "scimSecret: team/scim=prod");
      const model = modelOf(loadText(text, "idp.yaml"));
      // An "=" inside a word is literal in bash and zsh (only a leading one expands in zsh): the name reaches aws as
      // this one argument, unquoted.
      expect(model.scimSecret.name).toBe("team/scim=prod");
      expect(renderIdpHandoff(model)).toContain("--secret-id team/scim=prod ");
      const sheet = renderIdpHandoff(model);
      const read = blocksOf(sheet).find((b) => b.includes("get-secret-value")) as string;
      const env = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
      const lines = read.trim().split("\n").map((l) => l.replace(/\s+#.*$/, ""));
      expect(lines.map((l) => execFileSync(shell, ["-c", l], { env, encoding: "utf8" }).trim())).toEqual(["https://scim.eu-west-2.amazonaws.com/abc/scim/v2", "tok-123"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Entrust IDaaS", () => {
  const sheet = sheetOf(exampleText("entrust"));

  test("GIVEN the Entrust example WHEN rendered THEN every Entrust value is in its step, in the walkthrough's order", () => {
    expectInOrder(sheet, [
      "https://example.us.trustedauth.com/",
      "Download metadata file",
      "**AWS (SAML)** template",
      code("AWS IAM Identity Center").source,
      "aws-sso-metadata.xml",
      code("Example SAML signing certificate").source,
      "lifetime of **365 days**",
      code("example.com").source,
      "one metadata file per domain",
      "Change identity source",
      "Automatic provisioning → Enable",
      "put-secret-value",
      "**Generic SCIM**",
      code("AWS IAM Identity Center SCIM").source,
      "Groups to provision",
      "SCIM endpoint",
      "cannot be edited afterwards",
      "User attribute mappings",
      "**Authorize**",
      "**API Key**",
      "**Send Test SCIM**",
      "**Synchronize**",
    ]);
    for (const [scim, idaas] of ENTRUST_USER_MAPPINGS) expect(sheet).toContain(`| ${code(scim)} | ${idaas} |`);
    expect(ENTRUST_USER_MAPPINGS.map(([s]) => s)).toEqual(["displayName", "name.givenName", "name.familyName", "active"]);
  });

  test("GIVEN the Entrust example WHEN rendered THEN the walkthrough's warnings are there", () => {
    expect(sheet).toContain("Disable the provisioner while you edit its mappings");
    expect(sheet).toContain("**Authorize** again");
    expect(sheet).toMatch(/metadata stops being valid 365 days after the download/);
  });

  test("GIVEN no signing certificate and no domain WHEN rendered THEN the sheet says the tenant's defaults", () => {
    const text = exampleText("entrust").replace(/^ {4}signingCertificate: .*\n/m, "").replace(/^ {2}domain: .*\n/m, "").replace("metadataLifetimeDays: 365", "metadataLifetimeDays: 2");
    const s = sheetOf(text);
    expect(s).toContain("the tenant's default signing certificate");
    expect(s).toContain("lifetime of **2 days**");
    expect(s).not.toContain("for the domain");
  });
});

describe("Google Workspace", () => {
  test("GIVEN the Google example WHEN rendered THEN it says groups are not provisioned and names the groups whose grants wait", () => {
    const sheet = sheetOf(exampleText("google"));
    expectInOrder(sheet, ["primary domain: `example.com`", "**Amazon Web Services**", "google-idp-metadata.xml", "Auto-provisioning", "Google provisions users only"]);
    expect(sheet).toContain("the grants of `aws-sso-admins`, `aws-sso-read-only` stay **pending**");
    expect(sheet).toContain("provisions users only.** No group of this file reaches IAM Identity Center");
  });
});

describe("Okta", () => {
  test("GIVEN the Okta example WHEN rendered THEN the SSO side is the okta-sso stack and provisioning is the manual step, with the token from the secret", () => {
    const sheet = sheetOf(exampleText("okta"));
    expectInOrder(sheet, [
      "`https://example.okta.com`",
      "npx cdktf deploy okta-sso",
      "terraform -chdir=cdktf.out/stacks/okta-sso output -raw idp_metadata_url",
      "Change identity source",
      "put-secret-value",
      "Okta's API cannot configure it for this app",
      "get-secret-value",
      "Configure API Integration",
      "Push Groups",
    ]);
    expect(sheet).toContain("https://example-admin.okta.com/admin/apps/active");
  });
});

describe("generic SAML", () => {
  test("GIVEN a SAML IdP whose SCIM sends users only WHEN rendered THEN the groups step says they must be created by other means", () => {
    const sheet = sheetOf(exampleText("saml").replace("  provisionsGroups: true ", "  provisionsGroups: false "));
    expect(sheet).toContain("provisions users only (`provisionsGroups: false`)");
    expect(sheet).not.toContain("Push exactly these groups");
    expect(sheetOf(exampleText("saml"))).toContain("Push exactly these groups");
  });
});
