/**
 * The one way tests run the real `terraform` binary: offline, provider-free configurations (locals, variables,
 * outputs, local modules, the built-in `terraform_data`) in a throwaway directory, with an environment that no user
 * or CI setting can change. Terraform is required: when it is missing the test fails with how to provide it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";

const MISSING = "these tests run Terraform >= 1.10 (offline; providers only from a local mirror): install it on the PATH or set TERRAFORM_BIN=/path/to/terraform";

let binary: string | undefined;

/** The terraform binary as an absolute path: `TERRAFORM_BIN` (a path, or a name looked up on the PATH), else `terraform` on the PATH. */
export function terraformBinary(): string {
  if (binary) return binary;
  const wanted = process.env.TERRAFORM_BIN || "terraform";
  const candidates = wanted.includes("/")
    ? [resolve(wanted)]
    : (process.env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, wanted));
  const found = candidates.find(isExecutableFile);
  if (!found) throw new Error(process.env.TERRAFORM_BIN ? `TERRAFORM_BIN=${process.env.TERRAFORM_BIN} is not an executable file; ${MISSING}` : `terraform is not on the PATH; ${MISSING}`);
  binary = found;
  return found;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The environment of every Terraform run: the test process's, without any `TF_*` or `CHECKPOINT_*` setting (user CLI
 * config, plugin cache, data dir, `TF_CLI_ARGS*`, `TF_VAR_*`, workspace, logging), with an empty CLI configuration,
 * no prompts and no version check; the binary's folder first on the PATH, so scripts that call `terraform` get it.
 */
export function terraformEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(TF_|CHECKPOINT_)/.test(name)) env[name] = value;
  return {
    ...env,
    PATH: [dirname(terraformBinary()), process.env.PATH].filter(Boolean).join(delimiter),
    TF_CLI_CONFIG_FILE: "/dev/null",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
  };
}

export interface TerraformResult {
  readonly args: readonly string[];
  /** The exit status (1 for a plan or apply that Terraform refused). */
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A Terraform output as `terraform output -json` prints it. */
export interface TerraformOutputValue {
  readonly value: any;
  readonly sensitive: boolean;
}

/** A fresh working directory for Terraform: write the configuration, run commands in it, then `remove()`. */
export class TerraformWorkspace {
  readonly dir: string;

  /** `env`: settings on top of `terraformEnv()` (the AWS mirror's CLI configuration: `awsMirror().env`). */
  constructor(
    prefix = "terraform-",
    private readonly env: NodeJS.ProcessEnv = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  /** Writes a file of the workspace (`main.tf.json` unless named; `ic/main.tf.json` for a local module): JSON unless a string. */
  write(content: unknown, file = "main.tf.json"): this {
    const path = join(this.dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 1));
    return this;
  }

  /** Runs a terraform command; whatever its exit status, the result is returned (a refused plan is what a test reads). */
  run(...args: string[]): TerraformResult {
    const r = spawnSync(terraformBinary(), args, { cwd: this.dir, env: { ...terraformEnv(), ...this.env }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
    if (r.error) throw new Error(`cannot run ${terraformBinary()} ${args.join(" ")}: ${r.error.message}`);
    return { args, status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  }

  /** Runs a command that must succeed and returns its result; otherwise throws with everything Terraform printed. */
  ok(...args: string[]): TerraformResult {
    const r = this.run(...args);
    if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
    return r;
  }

  /** `terraform init` (needed for local modules; no provider is ever downloaded). */
  init(): void {
    this.ok("init", "-input=false", "-no-color");
  }

  /** `terraform plan` with extra arguments (`-json`, `-out=…`); the result whatever the exit status. */
  plan(...args: string[]): TerraformResult {
    return this.run("plan", "-input=false", "-no-color", ...args);
  }

  /** `terraform apply -auto-approve`, which must succeed. */
  apply(...args: string[]): TerraformResult {
    return this.ok("apply", "-auto-approve", "-input=false", "-no-color", ...args);
  }

  /** The root module's outputs after an apply. */
  outputs(): Record<string, TerraformOutputValue> {
    return JSON.parse(this.ok("output", "-json", "-no-color").stdout);
  }

  /** A saved plan as `terraform show -json` gives it. */
  showPlan(planFile: string): any {
    return JSON.parse(this.ok("show", "-json", "-no-color", planFile).stdout);
  }

  /** Runs a bash script of the workspace that calls `terraform` itself (the same binary and environment). */
  bash(script: string): string {
    return execFileSync("bash", [script], { cwd: this.dir, env: { ...terraformEnv(), ...this.env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs `use` in a fresh workspace and removes the workspace afterwards, whether it passed or threw. */
export function withTerraform<T>(prefix: string, use: (tf: TerraformWorkspace) => T, env: NodeJS.ProcessEnv = {}): T {
  const tf = new TerraformWorkspace(prefix, env);
  try {
    return use(tf);
  } finally {
    tf.remove();
  }
}

// ---- Terraform with the real AWS provider, from a filesystem mirror ------------------------------------------------

/** The root of a Terraform filesystem mirror holding hashicorp/aws (default /opt/tf-plugins). */
export const AWS_MIRROR_ENV = "FEDERATION_AWS_MIRROR";
const DEFAULT_AWS_MIRROR = "/opt/tf-plugins";

export interface AwsMirror {
  /** The mirror root (`<root>/registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/terraform-provider-aws_*`). */
  readonly root: string;
  /** The provider version it holds (the newest, when several). */
  readonly version: string;
  /** Settings for `TerraformWorkspace`: a CLI configuration that installs providers from the mirror only. */
  readonly env: NodeJS.ProcessEnv;
}

let mirror: AwsMirror | null | undefined;

/** The AWS provider mirror, or undefined when there is none (no network: the provider cannot be downloaded). */
export function awsMirror(): AwsMirror | undefined {
  if (mirror !== undefined) return mirror ?? undefined;
  const root = resolve(process.env[AWS_MIRROR_ENV] || DEFAULT_AWS_MIRROR);
  const dir = join(root, "registry.terraform.io", "hashicorp", "aws");
  const platform = `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;
  let versions: string[] = [];
  try {
    versions = readdirSync(dir).filter((v) => readdirSync(join(dir, v, platform)).some((f) => f.startsWith("terraform-provider-aws_")));
  } catch {
    versions = [];
  }
  const version = versions.sort((a, b) => a.localeCompare(b, "en", { numeric: true })).pop();
  if (!version) {
    mirror = null;
    return undefined;
  }
  const config = join(mkdtempSync(join(tmpdir(), "aws-mirror-")), "terraform.rc");
  writeFileSync(config, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(root)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
  mirror = { root, version, env: { TF_CLI_CONFIG_FILE: config } };
  return mirror;
}

/**
 * `describe` for tests that run the real AWS provider. Without the mirror they fail, with one message saying where it
 * was looked for and how to make one: they are never skipped (a missing provider must not pass as a green run).
 */
export function describeWithAwsMirror(title: string, body: (mirror: AwsMirror) => void): void {
  const found = awsMirror();
  if (found) {
    describe(title, () => body(found));
    return;
  }
  const why =
    `no AWS provider mirror at ${process.env[AWS_MIRROR_ENV] || DEFAULT_AWS_MIRROR}: set ${AWS_MIRROR_ENV}=<filesystem mirror root>, ` +
    "or make one once where the registry is reachable (terraform providers mirror <dir>, in a folder whose configuration requires hashicorp/aws)";
  describe(title, () =>
    test("the AWS provider mirror is present", () => {
      throw new Error(why);
    }),
  );
}
