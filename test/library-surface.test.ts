/**
 * The library's public surface (src/index.ts, the package's only export): exactly the names listed here, so it
 * changes only on purpose; `buildApp` into an App or a construct of the caller's; `loadFederation`; and the API
 * reference TypeDoc builds from the doc comments (`npm run docs`), warnings fatal. The packed package is tested from
 * outside the repository in test/packed-consumer.test.ts.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import * as library from "../src/index";
import { DEFAULT_CONFIG, modelOf, ROOT, synthAll } from "./helpers";

const PUBLIC_NAMES = [
  "AccountAssignments",
  "ENTRA_SSO_STACK",
  "EnterpriseApplication",
  "EntraSsoStack",
  "FederationFileError",
  "IDENTITY_CENTER_STACK",
  "IdentityCenterAssignmentsStack",
  "IdentityCenterInstance",
  "IdentityCenterStack",
  "MsgraphProvider",
  "OKTA_SSO_STACK",
  "OktaSsoStack",
  "PermissionSets",
  "PlanFormatError",
  "PrincipalResolver",
  "SCIM_PROVISIONING_STACK",
  "ScimProvisioningStack",
  "buildApp",
  "buildReport",
  "diffFederations",
  "expand",
  "formatDiagnostic",
  "grantKey",
  "loadFederation",
  "loadFederationFile",
  "parseFederation",
  "pinVersions",
  "planShards",
  "principalKey",
  "renderDiffMarkdown",
  "renderPlanSummaryMarkdown",
  "renderReportMarkdown",
  "summarizePlan",
  "terraformSafe",
];

test("GIVEN the entry point THEN it exports exactly the public names (a change of the surface changes this list)", () => {
  expect(Object.keys(library).sort()).toEqual(PUBLIC_NAMES);
});

test("GIVEN package.json THEN its exports map and types point at the compiled entry point, and cdktf and constructs are peers", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  expect(pkg.exports["."]).toEqual({ types: "./dist/src/index.d.ts", default: "./dist/src/index.js" });
  expect(pkg.types).toBe("dist/src/index.d.ts");
  expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["cdktf", "constructs"]);
  expect(pkg.dependencies.cdktf).toBeUndefined();
  expect(pkg.private).toBe(true);
});

/** A stack's JSON without cdktf's metadata comment (it names the construct path). */
const body = (stack: Record<string, unknown>) => JSON.stringify({ ...stack, "//": undefined });

describe("buildApp", () => {
  const model = modelOf(DEFAULT_CONFIG);

  function synthIn(outdir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    for (const [name, s] of Object.entries<any>(manifest.stacks)) out[name] = body(JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), "utf8")));
    return out;
  }

  test("GIVEN an App of the caller's with a stack of its own WHEN buildApp puts the federation into it THEN the stacks are there, next to the caller's, and synthesize as in a new App", () => {
    const outdir = mkdtempSync(join(tmpdir(), "federation-scope-"));
    try {
      const app = new App({ outdir });
      const mine = new TerraformStack(app, "mine");
      new AwsProvider(mine, "aws", { region: "eu-west-1" });
      new library.PermissionSets(mine, "sets", { instanceArn: "arn:aws:sso:::instance/ssoins-1", permissionSets: [{ name: "Mine" }] });
      const built = library.buildApp(model, { scope: app });
      expect(built.app).toBe(app);
      app.synth();
      const stacks = synthIn(outdir);
      expect(Object.keys(stacks).sort()).toEqual(["entra-sso", "identity-center", "identity-center-assignments-0", "mine", "scim-provisioning"]);
      const alone = synthAll(model);
      for (const name of Object.keys(alone)) expect([name, stacks[name]]).toEqual([name, body(alone[name])]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("GIVEN a construct inside the caller's App WHEN it is the scope THEN the stacks go below it, with the same names and dependencies", () => {
    const outdir = mkdtempSync(join(tmpdir(), "federation-scope-"));
    try {
      const app = new App({ outdir });
      const holder = new Construct(app, "identity");
      const built = library.buildApp(model, { scope: holder });
      expect(built.identityCenter.node.path).toBe("identity/identity-center");
      expect(built.assignmentShards[0].dependencies.map((d) => d.node.id)).toEqual(["identity-center"]);
      app.synth();
      const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
      expect(Object.keys(manifest.stacks).sort()).toEqual(["entra-sso", "identity-center", "identity-center-assignments-0", "scim-provisioning"]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("GIVEN a scope and an outdir WHEN buildApp is called THEN it refuses (the outdir belongs to the caller's App)", () => {
    expect(() => library.buildApp(model, { scope: Testing.app(), outdir: "x" })).toThrow("give outdir to your own App");
  });
});

describe("loadFederation", () => {
  test("GIVEN a valid file THEN the model", () => {
    expect(library.loadFederation(DEFAULT_CONFIG).spec.permissionSets.AdministratorAccess.sessionDuration).toBe("PT1H");
  });

  test("GIVEN a file with an error THEN a FederationFileError with every diagnostic and the located errors in its message", () => {
    const dir = mkdtempSync(join(tmpdir(), "federation-load-"));
    try {
      const file = join(dir, "bad.yaml");
      cpSync(join(ROOT, "config", "policies"), join(dir, "policies"), { recursive: true });
      writeFileSync(file, readFileSync(DEFAULT_CONFIG, "utf8").replace("sessionDuration: PT8H", "sessionDuration: PT13H"));
      let error: unknown;
      try {
        library.loadFederation(file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(library.FederationFileError);
      const e = error as InstanceType<typeof library.FederationFileError>;
      expect(e.diagnostics.map((d) => d.id)).toContain("federation/session-duration");
      expect(e.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: 1 error\\n.*bad\\.yaml:\\d+:\\d+: error permissionSets\\.ViewOnlyAccess\\.sessionDuration`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the API reference", () => {
  test("GIVEN npm run docs WHEN TypeDoc builds it (warnings are errors: every type the surface names is documented) THEN the constructs' props carry their doc comments and defaults", () => {
    const out = mkdtempSync(join(tmpdir(), "federation-api-"));
    try {
      const r = spawnSync("npm", ["run", "docs", "--silent", "--", "--out", out], { cwd: ROOT, encoding: "utf8", timeout: 180_000 });
      expect([r.status, r.stderr.replace(/\u001b\[[0-9;]*m/g, "")]).toEqual([0, ""]);
      // A page's text as a reader sees it (tags dropped, entities decoded, white space folded).
      const page = (p: string) => readFileSync(join(out, p), "utf8").replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, " ");
      const props = page("interfaces/EnterpriseApplicationProps.html");
      expect(props).toContain("Who Entra notifies about certificate expiry. Default- nobody");
      expect(props).toContain("Owner object ids of the application and service principal. Default- the deploying principal only");
      expect(page("interfaces/PermissionSetDefinition.html")).toContain("ISO-8601, PT1H–PT12H. DefaultPT1H");
      expect(page("functions/buildApp.html")).toContain("Every stack of the federation described by model");
      expect(page("classes/AccountAssignments.html")).toContain("AccountAssignmentsProps");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
