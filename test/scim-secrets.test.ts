/**
 * The SCIM token never appears in synthesized JSON, logs or non-sensitive outputs; and what `npm start` tells a reader
 * about provisioning. (test/scim-terraform.test.ts proves the same for what Terraform itself prints and stores.)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { provisioningSummary } from "../src/entra/provisioning-summary";
import type { LoadResult } from "../src/model/load";
import type { FederationModel } from "../src/model/model";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, modelOf, ROOT, synthAll } from "./helpers";
import { defaultConfigWith, loadDefaultWith, SCIM_STACK } from "./scim-helpers";

const SECRET_FILE = join(ROOT, "test", "fixtures", "scim", "secret-value.json");
const SECRET_VALUE = readFileSync(SECRET_FILE, "utf8");
const CANARY: string = JSON.parse(SECRET_VALUE).token;

/** Every name under which an operator might have the value at hand while synthesizing. */
const secretEnv = {
  SCIM_TOKEN: CANARY,
  SCIM_ACCESS_TOKEN: CANARY,
  SCIM_ENDPOINT: JSON.parse(SECRET_VALUE).endpoint,
  SCIM_SECRET: SECRET_VALUE,
  SCIM_SECRET_VALUE: SECRET_VALUE,
  TF_VAR_scim_token: CANARY,
  TF_VAR_scim_secret: SECRET_VALUE,
};

/** Contents of every file below a folder, concatenated. */
function readTree(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
}

describe("the SCIM token never leaves the secret", () => {
  test("the fixture's token is a canary that would be found if it leaked", () => {
    expect(CANARY).toMatch(/^scim-canary-token-/);
  });

  test.each([
    ["default", DEFAULT_CONFIG],
    ["contoso", CONTOSO_CONFIG],
  ])("GIVEN the secret value in the environment WHEN `federation synth` runs (%s) THEN no file, stdout or stderr contains the token", async (_name, file) => {
    const out = mkdtempSync(join(tmpdir(), "scim-canary-"));
    const saved = { ...process.env };
    Object.assign(process.env, secretEnv);
    const printed: string[] = [];
    const io: CliIo = { out: (t) => printed.push(t), err: (t) => printed.push(t), env: { ...process.env }, cwd: ROOT };
    try {
      expect(await runCli(["synth", "--config", file, "--out", join(out, "cdktf.out")], io)).toBe(0);
      const written = readTree(out);
      expect(written).toContain("azuread_synchronization_secret");
      expect(written).not.toContain(CANARY);
      expect(printed.join("\n")).toContain("SCIM provisioning");
      expect(printed.join("\n")).not.toContain(CANARY);
    } finally {
      process.env = saved;
      rmSync(out, { recursive: true, force: true });
    }
  });

  test("GIVEN the secret value in the environment WHEN the cdktf app entry (main.ts) synthesizes THEN neither output nor logs contain the token", () => {
    const out = mkdtempSync(join(tmpdir(), "scim-canary-main-"));
    try {
      const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "main.ts")], {
        cwd: ROOT,
        env: { ...process.env, ...secretEnv, CDKTF_OUTDIR: out },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status).toBe(0);
      const written = readTree(out);
      expect(written).toContain("azuread_synchronization_secret");
      expect(written + r.stdout + r.stderr).not.toContain(CANARY);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  const stacks = synthAll(modelOf(DEFAULT_CONFIG));

  test("the synchronization credentials that carry the endpoint and token are references to the secret's current version", () => {
    const [syncSecret] = Object.values<any>(stacks[SCIM_STACK].resource.azuread_synchronization_secret);
    const refs = syncSecret.credential.filter((c: { key: string }) => ["BaseAddress", "SecretToken"].includes(c.key));
    expect(refs).toHaveLength(2);
    for (const c of refs) expect(c.value).toMatch(/^\$\{jsondecode\(data\.aws_secretsmanager_secret_version\.[\w-]+\.secret_string\)\.(endpoint|token)\}$/);
  });

  test("every output of every stack that reads the secret value is sensitive, except the expiry date taken out of it", () => {
    const expiryOnly = /^\$\{nonsensitive\(coalesce\(try\(tostring\(jsondecode\(data\.aws_secretsmanager_secret_version\.[\w-]+\.secret_string\)\.expiresAt\), null\), "not recorded"\)\)\}$/;
    const touching: string[] = [];
    for (const [stack, json] of Object.entries(stacks)) {
      for (const [name, output] of Object.entries<{ value: unknown; sensitive?: boolean }>(json.output ?? {})) {
        const value = JSON.stringify(output.value);
        if (!/aws_secretsmanager_secret_version|secret_string|azuread_synchronization_secret/.test(value)) continue;
        touching.push(`${stack}.${name}`);
        if (typeof output.value === "string" && expiryOnly.test(output.value)) continue;
        expect({ output: `${stack}.${name}`, sensitive: output.sensitive }).toEqual({ output: `${stack}.${name}`, sensitive: true });
      }
    }
    expect(touching).toEqual(["scim-provisioning.scim_token_expires_at"]);
  });
});

describe("npm start: the provisioning section of the summary", () => {
  const summaryOf = (model: FederationModel) =>
    provisioningSummary(
      model,
      Object.entries(synthAll(model)).map(([name, json]) => ({ name, json })),
    ).join("\n");

  test("GIVEN the default file THEN it names the secret, the scope, the groups pushed on demand and the mapping fix", () => {
    const text = summaryOf(modelOf(DEFAULT_CONFIG));
    expect(text).toContain("SCIM provisioning (stack scim-provisioning");
    expect(text).toMatch(/secret +identity-federation\/scim \(created empty, AWS managed key, protected from destroy\)/);
    expect(text).toMatch(/scope +assigned users and groups only \(SyncAll=false\)/);
    expect(text).toMatch(/provision on demand +aws-sso-admins, aws-sso-read-only/);
    expect(text).toMatch(/attribute mapping fix +on \(externalId ← objectId/);
    expect(text).toMatch(/deletion guard +stop a cycle that deletes more than 50 objects/);
  });

  test("GIVEN contoso THEN the KMS key, scope all and its three groups are shown", () => {
    const text = summaryOf(modelOf(CONTOSO_CONFIG));
    expect(text).toMatch(/secret +contoso\/identity-center\/scim \(created empty, KMS key alias\/contoso-secrets/);
    expect(text).toMatch(/scope +all users and groups \(SyncAll=true\)/);
    expect(text).toMatch(/provision on demand +cloud-admins, platform-engineers, security-auditors/);
  });

  test("GIVEN provision on demand and the mapping fix turned off THEN both read off", () => {
    const text = summaryOf(
      defaultConfigWith((doc) => {
        doc.setIn(["entra", "provisioning", "provisionOnDemand"], false);
        doc.setIn(["entra", "provisioning", "externalIdFromObjectId"], false);
      }),
    );
    expect(text).toMatch(/provision on demand +off/);
    expect(text).toMatch(/attribute mapping fix +off/);
  });

  test("GIVEN provisioning off THEN the summary says SSO only and that the stack keeps only the secret container", () => {
    const text = summaryOf(defaultConfigWith((doc) => doc.setIn(["entra", "provisioning", "enabled"], false)));
    expect(text).toContain("SCIM provisioning: off (SSO only).");
    expect(text).toContain("stack scim-provisioning keeps only this container");
    expect(text).not.toContain("provision on demand");
  });
});

describe("provision-on-demand-size warning and the synthesized push", () => {
  const sixMembers = ["a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com", "f@example.com"];
  const withBigGroup = (enabled: boolean) => (doc: Parameters<Parameters<typeof loadDefaultWith>[0]>[0]) => {
    doc.setIn(["groups", "aws-sso-read-only", "members"], sixMembers);
    doc.setIn(["entra", "provisioning", "enabled"], enabled);
  };
  const partial = (r: LoadResult) => r.diagnostics.filter((d) => d.id === "federation/provision-on-demand-partial");

  test("GIVEN a group with 6 members THEN the file is valid with one warning at its members", () => {
    const result = loadDefaultWith(withBigGroup(true));
    expect(result.model).toBeDefined();
    expect(partial(result)).toEqual([expect.objectContaining({ severity: "warning", path: "groups.aws-sso-read-only.members", line: expect.any(Number) })]);
    expect(partial(result)[0].message).toContain("6 members");
  });

  test("GIVEN a group with 6 members THEN it is still pushed on demand (the rest follows in the next cycle)", () => {
    const [pod] = Object.values<any>(synthAll(defaultConfigWith(withBigGroup(true)))[SCIM_STACK].resource.azuread_synchronization_job_provision_on_demand);
    expect(Object.keys(pod.for_each)).toContain("aws-sso-read-only");
  });

  test("GIVEN the default file (1 member) or the big group with provisioning off THEN there is no warning", () => {
    expect(partial(loadDefaultWith(() => undefined))).toEqual([]);
    const off = loadDefaultWith(withBigGroup(false));
    expect(off.model).toBeDefined();
    expect(partial(off)).toEqual([]);
  });
});
