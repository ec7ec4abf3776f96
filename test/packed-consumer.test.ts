/**
 * The published surface works outside this repository: the package is packed (`npm pack`, which builds it through
 * `prepare`), installed with its peer dependencies into a temporary project (from the local npm cache, else the
 * registry), and a small consumer CDKTF app, plain JavaScript run by `node`, builds the whole federation from its own
 * file into its own App next to a stack of its own made of our constructs, and synthesizes. The same app in
 * TypeScript type-checks against the package's declarations through its `exports` map; internals cannot be imported;
 * the packed files are only those `files` lists; the bin works from the installed package.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./helpers";

const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const COPIED = ["bin", "src", "stacks", "config", "docs", "scripts", "main.ts", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json", "README.md"];
const version = (name: string): string => JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version;

let work: string;
let consumer: string;
let tarball: string;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const e = { ...process.env, ...env };
  delete e.FEDERATION_FROM_SOURCES;
  delete e.FEDERATION_CONFIG;
  return spawnSync(command, args, { cwd, env: e, encoding: "utf8", timeout: 240_000 });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "federation-packed-"));
  const project = join(work, "project");
  mkdirSync(project);
  for (const entry of COPIED) if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(project, entry), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(project, "node_modules"), "dir");
  const packed = run("npm", ["pack", "--silent", "--pack-destination", work], project);
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}${packed.stdout}`);
  tarball = join(work, packed.stdout.trim().split("\n").pop() as string);

  consumer = join(work, "consumer");
  mkdirSync(consumer);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer-app", version: "1.0.0", private: true }));
  const deps = [tarball, `cdktf@${version("cdktf")}`, `constructs@${version("constructs")}`, `@cdktf/provider-aws@${version("@cdktf/provider-aws")}`];
  const installed = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...deps], consumer);
  if (installed.status !== 0) throw new Error(`npm install failed:\n${installed.stderr}${installed.stdout}`);
  // The consumer's own federation file, next to its own policy file.
  cpSync(join(ROOT, "config", "federation.yaml"), join(consumer, "federation.yaml"));
  cpSync(join(ROOT, "config", "policies"), join(consumer, "policies"), { recursive: true });
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The consumer app: the whole federation into its App, and a stack of its own with our constructs. */
const APP = `
const { App, TerraformStack } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const federation = require("${PKG.name}");

const app = new App({ outdir: process.argv[2] });
const built = federation.buildApp(federation.loadFederation("federation.yaml"), { scope: app });

class PlatformPermissionSets extends TerraformStack {
  constructor(scope, id) {
    super(scope, id);
    federation.pinVersions(this);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    const instance = new federation.IdentityCenterInstance(this, "instance");
    const sets = new federation.PermissionSets(this, "permission-sets", {
      instanceArn: instance.instanceArn,
      permissionSets: [{ name: "DataEngineer", sessionDuration: "PT4H", managedPolicies: ["arn:aws:iam::aws:policy/job-function/DataScientist"] }],
    });
    new federation.AccountAssignments(this, "assignments", {
      instanceArn: instance.instanceArn,
      permissionSetArns: sets.arns,
      principalIds: "\${{ \\"group:data-engineers\\" = \\"9a1b0000-0000-0000-0000-000000000000\\" }}",
      grants: federation.expand({ spec: { assignments: [{ group: "data-engineers", permissionSet: "DataEngineer", accounts: ["555555555555"] }], accounts: {} } }).grants,
    });
  }
}
new PlatformPermissionSets(app, "platform-permission-sets");
app.synth();
console.log(JSON.stringify({ sameApp: built.app === app, shards: built.assignmentShards.length }));
`;

test("GIVEN the packed package WHEN listed THEN it holds the compiled library with declarations, the CLI bundle, the config and docs, and no sources or tests", () => {
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
  expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/src/index.js", "dist/src/index.d.ts", "dist/stacks/entra-sso.d.ts", "dist/bundle/cli.js", "bin/federation.js", "config/federation.schema.json", "docs/cli.md", "docs/library.md", "config/examples/sso-only.yaml"]));
  expect(files.filter((f) => /^(src|stacks|test)\/|\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
  expect(files.filter((f) => f.endsWith(".cache") || f.startsWith("docs/api/"))).toEqual([]);
});

test("GIVEN a consumer CDKTF app outside the repository WHEN plain node runs it THEN the federation's stacks and its own stack synthesize into its App", () => {
  writeFileSync(join(consumer, "app.js"), APP);
  const r = run(process.execPath, ["app.js", "cdktf.out"], consumer);
  expect([r.status, r.stderr]).toEqual([0, ""]);
  expect(JSON.parse(r.stdout.trim().split("\n").pop() as string)).toEqual({ sameApp: true, shards: 1 });
  const manifest = JSON.parse(readFileSync(join(consumer, "cdktf.out", "manifest.json"), "utf8"));
  expect(Object.keys(manifest.stacks).sort()).toEqual(["entra-sso", "identity-center", "identity-center-assignments-0", "platform-permission-sets", "scim-provisioning"]);
  const own = JSON.parse(readFileSync(join(consumer, "cdktf.out", "stacks", "platform-permission-sets", "cdk.tf.json"), "utf8"));
  expect(Object.keys(own.resource.aws_ssoadmin_permission_set)).toHaveLength(1);
  const set = Object.values<any>(own.resource.aws_ssoadmin_permission_set)[0];
  expect(Object.keys(JSON.parse(JSON.stringify(set.for_each)))).toEqual(["DataEngineer"]);
  expect(Object.keys(own.resource.aws_ssoadmin_account_assignment)).toHaveLength(1);
  expect(own.terraform.required_version).toBe(">= 1.10.0");
  // The federation's own stacks are the same as this repository synthesizes them (their JSON names the same resources).
  const ic = JSON.parse(readFileSync(join(consumer, "cdktf.out", "stacks", "identity-center", "cdk.tf.json"), "utf8"));
  expect(Object.keys(ic.resource.aws_ssoadmin_permission_set)).toHaveLength(1);
  expect(JSON.stringify(ic)).toContain("AdministratorAccess");
}, 120_000);

test("GIVEN the same app in TypeScript WHEN tsc checks it with node16 resolution THEN the declarations resolve through the exports map and type-check", () => {
  writeFileSync(
    join(consumer, "app.ts"),
    `import { App, TerraformStack } from "cdktf";
import { buildApp, loadFederation, PermissionSets, type PermissionSetDefinition, type FederationApp, diffFederations, renderDiffMarkdown } from "${PKG.name}";
const app = new App();
const model = loadFederation("federation.yaml");
const built: FederationApp = buildApp(model, { scope: app });
const set: PermissionSetDefinition = { name: "x", sessionDuration: "PT1H" };
new PermissionSets(new TerraformStack(app, "mine"), "sets", { instanceArn: "arn:aws:sso:::instance/ssoins-1", permissionSets: [set] });
const markdown: string = renderDiffMarkdown(diffFederations(model, model, { baseLabel: "a", headLabel: "b" }));
// @ts-expect-error a required prop is missing: the declarations are real, not any
new PermissionSets(app, "wrong", { permissionSets: [] });
void built; void markdown;
`,
  );
  writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "node16", moduleResolution: "node16", target: "ES2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["app.ts"] }));
  const r = run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], consumer);
  expect([r.status, r.stdout, r.stderr]).toEqual([0, "", ""]);
}, 120_000);

test("GIVEN the installed package WHEN a module outside the exports map is required THEN node refuses it; package.json and the schema are exported", () => {
  const probe = `
    const codes = [];
    for (const p of ["${PKG.name}/dist/src/app", "${PKG.name}/dist/src/model/load.js", "${PKG.name}/src/index"]) {
      try { require(p); codes.push("loaded " + p); } catch (e) { codes.push(e.code); }
    }
    console.log(JSON.stringify({ codes, version: require("${PKG.name}/package.json").version, schema: typeof require("${PKG.name}/federation.schema.json") }));`;
  const r = run(process.execPath, ["-e", probe], consumer);
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ codes: ["ERR_PACKAGE_PATH_NOT_EXPORTED", "ERR_PACKAGE_PATH_NOT_EXPORTED", "ERR_PACKAGE_PATH_NOT_EXPORTED"], version: PKG.version, schema: "object" });
});

test("GIVEN the installed package WHEN its bin runs THEN it is the compiled CLI (no notice about sources), on the consumer's own file", () => {
  const v = run("npx", ["--no-install", "federation", "--version"], consumer);
  expect([v.status, v.stdout.trim(), v.stderr]).toEqual([0, PKG.version, ""]);
  const r = run("npx", ["--no-install", "federation", "validate", "--config", "federation.yaml"], consumer);
  expect([r.status, r.stderr]).toEqual([0, ""]);
  expect(r.stdout).toContain("federation.yaml: valid — ");
  expect(readdirSync(join(consumer, "node_modules", PKG.name))).not.toContain("src");
});
