/**
 * The external-IdP hand-off (outputs and the generated identity-center-handoff.md, on every synthesis path) and the
 * identity-center section of the `npm start` summary.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../src/app";
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { HANDOFF_FILE, renderHandoff } from "../src/identity-center/handoff-document";
import { identityCenterSummary } from "../src/identity-center/summary";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, ROOT, modelOf, synthAll } from "./helpers";
import { BASE_ACCOUNTS, modelFrom } from "./identity-center-fixtures";

const tmp = () => mkdtempSync(join(tmpdir(), "ic-handoff-"));

describe("hand-off outputs of the identity-center stack", () => {
  const stacks = synthAll(modelOf(DEFAULT_CONFIG));
  const out = stacks["identity-center"].output;

  test("expose the service-provider values from the file", () => {
    expect(out.sp_acs_url.value).toBe("https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000");
    expect(out.sp_issuer_url.value).toBe("https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789");
    expect(out.access_portal_url.value).toBe("https://d-0123456789.awsapps.com/start");
  });

  test("expose the Entra IdP values, read from entra-sso where they are only known after its deploy", () => {
    expect(out.idp_entity_id.value).toBe("https://sts.windows.net/00000000-0000-0000-0000-000000000000/");
    expect(out.idp_sign_in_url.value).toBe("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2");
    expect(out.idp_metadata_url.value).toMatch(
      /^https:\/\/login\.microsoftonline\.com\/00000000-0000-0000-0000-000000000000\/federationmetadata\/2007-06\/federationmetadata\.xml\?appid=\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\}$/,
    );
    expect(out.idp_certificate_pem.value).toMatch(/^\$\{format\("-----BEGIN CERTIFICATE-----\\n%s\\n-----END CERTIFICATE-----\\n", data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\)\}$/);
    for (const ref of [out.idp_metadata_url.value, out.idp_certificate_pem.value]) {
      const name = /outputs\.([\w-]+)/.exec(ref)?.[1] as string;
      expect(stacks["entra-sso"].output[name]).toBeDefined();
    }
  });
});

describe("identity-center-handoff.md", () => {
  test("buildApp().app.synth() (the cdktf synth/deploy path of main.ts) writes the sheet next to the stacks, and identity-center deploys after entra-sso only (not after SCIM), the assignment stack after it", () => {
    const dir = tmp();
    try {
      buildApp(modelOf(CONTOSO_CONFIG), { outdir: dir }).app.synth();
      const sheet = readFileSync(join(dir, HANDOFF_FILE), "utf8");
      expect(sheet).toContain("| Assertion Consumer Service (ACS) URL | `https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/0a1b2c3d-4444-5555-6666-777788889999` |");
      expect(sheet).toContain("| Issuer URL | `https://eu-central-1.signin.aws.amazon.com/platform/saml/d-99887766aa` |");
      expect(sheet).toContain("| AWS access portal sign-in URL | `https://contoso.awsapps.com/start` |");
      expect(sheet).toContain("| IdP sign-in URL | `https://login.microsoftonline.com/9a8b7c6d-1111-2222-3333-444455556666/saml2` |");
      expect(sheet).toContain("| IdP issuer URL | `https://sts.windows.net/9a8b7c6d-1111-2222-3333-444455556666/` |");
      expect(sheet).toContain("after deploy: `terraform -chdir=cdktf.out/stacks/entra-sso output -raw idp_metadata_url`");
      expect(sheet).toContain("IAM Identity Center region: `eu-central-1`\n");
      expect(sheet).toContain("expires 2027-06-30T00:00:00Z");
      expect(sheet).toContain("test/fixtures/contoso.yaml");
      // cdktf deploy '*' follows the manifest: entra-sso, then scim-provisioning and identity-center side by side (the
      // AWS half never waits for the SCIM token), then the assignment stacks (test/runbook-cdktf.test.ts runs it).
      const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
      expect(manifest.stacks["identity-center"].dependencies).toEqual(["entra-sso"]);
      expect(manifest.stacks["identity-center-assignments-0"].dependencies).toEqual(["identity-center"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("`federation synth` (npm start) writes it into the output folder it swaps in", async () => {
    const dir = tmp();
    const out = join(dir, "cdktf.out");
    const lines: string[] = [];
    const io: CliIo = { out: (t) => lines.push(t), err: (t) => lines.push(t), env: {}, cwd: ROOT };
    try {
      expect(await runCli(["synth", "--config", DEFAULT_CONFIG, "--out", out], io)).toBe(0);
      const sheet = readFileSync(join(out, HANDOFF_FILE), "utf8");
      expect(sheet).toContain("identity store `d-0123456789`");
      expect(sheet).toContain("`https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000`");
      expect(lines.join("\n")).toContain(`${HANDOFF_FILE} next to the synthesized stacks`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("`cdktf synth` (main.ts under tsx, CDKTF_OUTDIR) writes it too", () => {
    const dir = tmp();
    try {
      const r = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), ["main.ts"], {
        cwd: ROOT,
        env: { ...process.env, CDKTF_OUTDIR: dir, FEDERATION_CONFIG: CONTOSO_CONFIG },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status).toBe(0);
      expect(existsSync(join(dir, "stacks", "identity-center", "cdk.tf.json"))).toBe(true);
      expect(readFileSync(join(dir, HANDOFF_FILE), "utf8")).toContain("https://contoso.awsapps.com/start");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("values known at synthesis are written out; the others come with the command that prints them", () => {
    const sheet = renderHandoff({
      federationFile: "f.yaml",
      region: "eu-west-1",
      tenantId: "t",
      acsUrl: "https://acs",
      issuerUrl: "https://issuer",
      accessPortalUrl: "https://portal",
      idpMetadataUrl: "https://metadata?appid=known",
      entraStack: "entra-sso",
      identityCenterStack: "identity-center",
    });
    expect(sheet).toContain("| IdP metadata URL | `https://metadata?appid=known` |");
    expect(sheet).toContain("| IdP sign-in URL | after deploy: `terraform -chdir=cdktf.out/stacks/entra-sso output -raw idp_sign_in_url` |");
    expect(sheet).toContain("Certificate: the provider default (3 years from creation)");
    expect(sheet).not.toContain("identity store");
  });
});

describe("npm start summary: IAM Identity Center section", () => {
  test("lists permission sets with policies and session, grants per principal, OU targets with exclusions, ABAC and the pending note", () => {
    const text = identityCenterSummary(modelOf(CONTOSO_CONFIG)).join("\n");
    expect(text).toContain("IAM Identity Center (eu-central-1, instance looked up at plan time, identity store looked up at plan time):");
    expect(text).toContain("Permission sets (3):");
    expect(text).toMatch(/PlatformPowerUser +session PT4H; PowerUserAccess; customer-managed \/contoso\/contoso-guardrails; boundary \/contoso-boundary/);
    expect(text).toMatch(/Auditor +session PT12H; SecurityAudit, job-function\/ViewOnlyAccess; inline policy/);
    expect(text).toContain("Grants: 5 to named accounts + 2 OU/root targets expanded at plan time, 4 principals:");
    expect(text).toMatch(/group:cloud-admins +2 grants \(BreakGlass ×2\)/);
    expect(text).toMatch(/group:security-auditors +0 grants \+ 1 OU\/root target/);
    expect(text).toContain("group:platform-engineers → PlatformPowerUser in ou-zx90-workload1, except contoso-root (900000000001)");
    expect(text).toContain("group:security-auditors → Auditor in r-zx90 (the whole organization)");
    expect(text).toContain("ABAC attributes: CostCenter ← ${path:enterprise.costCenter}, Team ← ${path:enterprise.department}");
    expect(text).toContain("pending_principals");
  });

  test("a large file prints a bounded summary: the first 25 principals and a count of the rest", () => {
    const groups = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`team-${String(i).padStart(2, "0")}`, { description: "t" }]));
    const m = modelFrom({
      groups,
      accounts: BASE_ACCOUNTS,
      assignments: Object.keys(groups).map((g) => ({ group: g, permissionSet: "ViewOnlyAccess", accounts: ["prod", "staging"] })),
    });
    const lines = identityCenterSummary(m);
    expect(lines).toContain("  Grants: 80 to named accounts, 40 principals:");
    expect(lines.filter((l) => /^ {4}group:team-\d\d +2 grants/.test(l))).toHaveLength(25);
    expect(lines).toContain("    … and 15 more");
  });
});
