/**
 * The SCIM token never leaves its secret, whichever way the tools are run. A recognizable canary token is put
 * wherever a token could enter — the environment (SCIM_*, TF_VAR_*, cloud credentials), a secret-value JSON, a plan
 * JSON with the token in sensitive values, a `terraform output -json` file — and every command runs:
 * `validate`, `validate --base`, `synth` (with assignment shards), `report` (with `--pending`), `diff`, `plan-summary`,
 * `shards --from`, and main.ts as cdktf runs it. The canary must appear in no written file, no stdout, no stderr, no
 * console call and no jest snapshot; every Terraform output of every stack that derives from the secret must be
 * sensitive. (test/scim-terraform.test.ts proves the same for what Terraform itself prints and stores.)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, loadText, modelOf, readTree, ROOT, synthAll, type SynthesizedStacks } from "./helpers";
import { defaultConfigWith } from "./scim-helpers";

const CANARY = "scim-canary-token-9e4d2b71-secrets-canary-never-print";
/** The SCIM fixture's own canary (test/fixtures/scim/secret-value.json). */
const FIXTURE_VALUE = readFileSync(join(ROOT, "test", "fixtures", "scim", "secret-value.json"), "utf8");
const FIXTURE_CANARY: string = JSON.parse(FIXTURE_VALUE).token;
const SECRET_VALUE = JSON.stringify({ endpoint: "https://scim.us-east-1.amazonaws.com/AbC123de-4567/scim/v2", token: CANARY, expiresAt: "2027-11-20" });

/** Every way an operator or CI might have the token at hand while running the tools. */
const SECRET_ENV: Record<string, string> = {
  SCIM_TOKEN: CANARY,
  SCIM_ACCESS_TOKEN: CANARY,
  SCIM_SECRET: SECRET_VALUE,
  SCIM_SECRET_VALUE: FIXTURE_VALUE,
  TF_VAR_scim_token: CANARY,
  TF_VAR_scim_secret: SECRET_VALUE,
  TF_VAR_token: FIXTURE_CANARY,
  AWS_SECRET_ACCESS_KEY: CANARY,
  ARM_CLIENT_SECRET: CANARY,
  GITHUB_TOKEN: CANARY,
};

/** A `terraform show -json` plan of scim-provisioning as Terraform writes it: the token in clear, marked sensitive. */
function planWithToken(): unknown {
  const credential = (token: string) => [
    { key: "BaseAddress", value: "https://scim.us-east-1.amazonaws.com/AbC123de-4567/scim/v2" },
    { key: "SecretToken", value: token },
    { key: "SyncAll", value: "false" },
  ];
  const hidden = { credential: [{ value: true }, { value: true }, { value: true }] };
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    variables: { scim_token: { value: CANARY } },
    planned_values: { root_module: { resources: [{ address: "azuread_synchronization_secret.sync", values: { credential: credential(CANARY) }, sensitive_values: hidden }] } },
    resource_changes: [
      {
        address: "azuread_synchronization_secret.sync",
        mode: "managed",
        type: "azuread_synchronization_secret",
        name: "sync",
        change: { actions: ["update"], before: { credential: credential(FIXTURE_CANARY) }, after: { credential: credential(CANARY) }, after_unknown: {}, before_sensitive: hidden, after_sensitive: hidden },
      },
      {
        address: "data.aws_secretsmanager_secret_version.current",
        mode: "data",
        type: "aws_secretsmanager_secret_version",
        name: "current",
        change: { actions: ["read"], before: null, after: { secret_string: SECRET_VALUE, name: "identity-federation/scim" }, after_unknown: {}, after_sensitive: { secret_string: true } },
      },
      {
        // An older provider that does not mark the value: only harmless attributes ever show values.
        address: "azuread_synchronization_secret.unmarked",
        mode: "managed",
        type: "azuread_synchronization_secret",
        name: "unmarked",
        change: { actions: ["create"], before: null, after: { credential: credential(CANARY) }, after_unknown: {} },
      },
    ],
    output_changes: { "cross-stack-output-token": { actions: ["create"], before: null, after: CANARY, after_unknown: false, before_sensitive: false, after_sensitive: true } },
    configuration: { root_module: {} },
    prior_state: { values: { root_module: { resources: [{ address: "data.aws_secretsmanager_secret_version.current", values: { secret_string: SECRET_VALUE }, sensitive_values: { secret_string: true } }] } } },
    checks: [],
  };
}

const leaks = (text: string) => [CANARY, FIXTURE_CANARY].filter((c) => text.includes(c));

describe("GIVEN the token in the environment, a secret JSON, a plan and an outputs file WHEN every command runs", () => {
  let dir: string;
  const printed: string[] = [];
  const saved = { ...process.env };
  const codes: Record<string, number> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secrets-canary-"));
    mkdirSync(join(dir, "policies"));
    writeFileSync(join(dir, "policies", "deny-leave-org.json"), readFileSync(join(ROOT, "config", "policies", "deny-leave-org.json")));
    writeFileSync(join(dir, "secret-value.json"), SECRET_VALUE);
    writeFileSync(join(dir, "plan.json"), JSON.stringify(planWithToken()));
    writeFileSync(
      join(dir, "outputs.json"),
      JSON.stringify({ pending_principals: { sensitive: false, value: ["group:aws-sso-admins"] }, "cross-stack-output-token": { sensitive: true, value: CANARY } }),
    );
    // Contoso in three assignment stacks, so shard stacks are synthesized and planned for too.
    writeFileSync(join(dir, "sharded.yaml"), readFileSync(CONTOSO_CONFIG, "utf8").replace("  region: eu-central-1\n", "  region: eu-central-1\n  assignmentShards: 3\n"));

    Object.assign(process.env, SECRET_ENV);
    // Whatever a command writes, through its io or around it.
    const grab = (...args: unknown[]) => {
      printed.push(args.map((a) => (typeof a === "string" ? a : Buffer.isBuffer(a) ? a.toString("utf8") : JSON.stringify(a))).join(" "));
    };
    const spies = [
      jest.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => (grab(chunk), true)),
      jest.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (grab(chunk), true)),
      ...(["log", "info", "warn", "error", "debug"] as const).map((m) => jest.spyOn(console, m).mockImplementation(grab)),
    ];
    const io: CliIo = { out: grab, err: grab, env: { ...process.env }, cwd: dir };
    const runs: Record<string, string[]> = {
      validate: ["validate", "--config", DEFAULT_CONFIG],
      "validate --base": ["validate", "--config", "sharded.yaml", "--base", DEFAULT_CONFIG],
      synth: ["synth", "--config", "sharded.yaml", "--out", join(dir, "cdktf.out")],
      "synth default": ["synth", "--config", DEFAULT_CONFIG, "--out", join(dir, "default.out")],
      report: ["report", "--config", DEFAULT_CONFIG, "--pending", "outputs.json"],
      "report json": ["report", "--config", "sharded.yaml", "--format", "json"],
      diff: ["diff", "--base", DEFAULT_CONFIG, "--head", "sharded.yaml"],
      "diff json": ["diff", "--base", DEFAULT_CONFIG, "--head", "sharded.yaml", "--format", "json"],
      "plan-summary": ["plan-summary", "plan.json"],
      "plan-summary json": ["plan-summary", "plan.json", "--format", "json"],
      shards: ["shards", "--config", "sharded.yaml", "--from", "1"],
    };
    try {
      for (const [name, args] of Object.entries(runs)) codes[name] = await runCli(args, io);
    } finally {
      for (const s of spies) s.mockRestore();
      process.env = saved;
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("every command ran to completion (a command that failed early would prove nothing)", () => {
    expect(codes).toEqual({
      validate: 0,
      "validate --base": 0,
      synth: 0,
      "synth default": 0,
      report: 0,
      "report json": 0,
      diff: 0,
      "diff json": 0,
      "plan-summary": 0,
      "plan-summary json": 0,
      shards: 0,
    });
    const all = printed.join("\n");
    // Each left its mark, so the outputs searched below are the real ones.
    for (const mark of ["valid —", "Synthesized", "identity-center-assignments-2", "Access review", "azuread_synchronization_secret", "terraform state mv", "group:aws-sso-admins"]) {
      expect(all).toContain(mark);
    }
  });

  test("THEN no stdout, stderr or console output contains the token", () => {
    expect(leaks(printed.join("\n"))).toEqual([]);
  });

  test("THEN no synthesized file contains it (every stack, the shards, the manifest and the hand-off sheet)", () => {
    const out = join(dir, "cdktf.out");
    expect(readdirSync(join(out, "stacks")).sort()).toEqual([
      "entra-sso",
      "identity-center",
      "identity-center-assignments-0",
      "identity-center-assignments-1",
      "identity-center-assignments-2",
      "scim-provisioning",
    ]);
    for (const written of [readTree(out), readTree(join(dir, "default.out"))]) {
      expect(written).toContain("azuread_synchronization_secret");
      expect(leaks(written)).toEqual([]);
    }
  });

  test("THEN the only files holding it are the inputs the test wrote (nothing was copied elsewhere)", () => {
    const holders = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => statSync(join(dir, f)).isFile() && leaks(readFileSync(join(dir, f), "utf8")).length > 0)
      .sort();
    expect(holders).toEqual(["outputs.json", "plan.json", "secret-value.json"]);
  });
});

describe("GIVEN the token in the environment WHEN the cdktf app entry (main.ts) synthesizes as `cdktf synth` runs it", () => {
  test("THEN neither the output nor the logs contain it", () => {
    const out = mkdtempSync(join(tmpdir(), "secrets-canary-main-"));
    try {
      const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "main.ts")], {
        cwd: ROOT,
        env: { ...process.env, ...SECRET_ENV, CDKTF_OUTDIR: out },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status).toBe(0);
      const written = readTree(out);
      expect(written).toContain("azuread_synchronization_secret");
      expect(leaks(written + r.stdout + r.stderr)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("jest snapshots", () => {
  test("no snapshot file holds a canary or any test token", () => {
    const snapshots = join(ROOT, "test", "__snapshots__");
    const files = readdirSync(snapshots).filter((f) => f.endsWith(".snap"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(join(snapshots, f), "utf8");
      expect({ file: f, canaries: text.match(/canary/gi) ?? [], leaks: leaks(text) }).toEqual({ file: f, canaries: [], leaks: [] });
    }
  });
});

/**
 * Outputs that derive from the secret, across stacks: a local or output is tainted when its expression reads the
 * secret's value (`data.aws_secretsmanager_secret_version`), Entra's synchronization secret, a tainted local, or a
 * tainted output of another stack through `terraform_remote_state`.
 */
function taintedOutputs(stacks: SynthesizedStacks): { name: string; value: unknown; sensitive?: boolean }[] {
  const sources = [/data\.aws_secretsmanager_secret_version\./, /\bazuread_synchronization_secret\./];
  const taintedLocals = new Map<string, Set<string>>();
  const tainted = new Map<string, { name: string; value: unknown; sensitive?: boolean }>();
  let changed = true;
  while (changed) {
    changed = false;
    const remoteTainted = new Set([...tainted.values()].map((o) => o.name.split(".")[1]));
    const reads = (stack: string, text: string) =>
      sources.some((s) => s.test(text)) ||
      [...(taintedLocals.get(stack) ?? [])].some((l) => text.includes(`local.${l}`)) ||
      [...text.matchAll(/data\.terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)/g)].some((m) => remoteTainted.has(m[1]));
    for (const [stack, json] of Object.entries(stacks)) {
      const locals = taintedLocals.get(stack) ?? new Set<string>();
      taintedLocals.set(stack, locals);
      for (const [name, value] of Object.entries<unknown>(json.locals ?? {})) {
        if (!locals.has(name) && reads(stack, JSON.stringify(value))) (locals.add(name), (changed = true));
      }
      for (const [name, output] of Object.entries<{ value: unknown; sensitive?: boolean }>(json.output ?? {})) {
        const key = `${stack}.${name}`;
        if (!tainted.has(key) && reads(stack, JSON.stringify(output.value))) (tainted.set(key, { name: key, ...output }), (changed = true));
      }
    }
  }
  return [...tainted.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * The one value that may be taken out unmarked, the expiry date: `${!local.<ready> ? "<no value>" : nonsensitive(...)}`
 * whose `nonsensitive` part reads the secret only as `jsondecode(<secret version>[0].secret_string).expiresAt` and
 * reads nothing else (no other local, variable, module, remote state or resource).
 */
function readsOnlyExpiry(value: unknown): boolean {
  const m = typeof value === "string" ? /^\$\{!local\.scim-secret_value_ready_[0-9A-F]+ \? "[^"]*" : (nonsensitive\([\s\S]*\))\}$/.exec(value) : null;
  if (!m) return false;
  const expiry = /jsondecode\(data\.aws_secretsmanager_secret_version\.[\w-]+\[0\]\.secret_string\)\.expiresAt\b/g;
  const rest = m[1].replace(expiry, "EXPIRY");
  return rest !== m[1] && !/secret_string|\b(data|local|var|module|azuread_\w+|aws_\w+|msgraph_\w+|terraform_data)\./.test(rest);
}

const EXPIRY = ["scim-provisioning.scim_token_expires_at"];

describe.each<[string, () => SynthesizedStacks, string[]]>([
  ["the default file", () => synthAll(modelOf(DEFAULT_CONFIG)), EXPIRY],
  ["contoso in three assignment stacks", () => synthAll(modelOf(loadText(readFileSync(CONTOSO_CONFIG, "utf8").replace("  region: eu-central-1\n", "  region: eu-central-1\n  assignmentShards: 3\n")))), EXPIRY],
  ["the default file with an existing secret", () => synthAll(defaultConfigWith((doc) => doc.setIn(["identityCenter", "scimSecret"], { name: "shared/scim", existing: true }))), EXPIRY],
  ["the default file with provisioning off (the value is not read)", () => synthAll(defaultConfigWith((doc) => doc.setIn(["entra", "provisioning", "enabled"], false))), []],
])("outputs of every stack: %s", (_name, synth, expected) => {
  const stacks = synth();

  test("every output derived from the secret is sensitive, except the expiry date, which reads nothing else", () => {
    const unmarked = taintedOutputs(stacks).filter((o) => !o.sensitive);
    expect(unmarked.map((o) => o.name)).toEqual(expected);
    for (const o of unmarked) expect({ output: o.name, readsOnlyExpiry: readsOnlyExpiry(o.value) }).toEqual({ output: o.name, readsOnlyExpiry: true });
  });

  test("only scim-provisioning reads the secret, and no stack declares a variable (TF_VAR_* cannot reach any of them)", () => {
    for (const [stack, json] of Object.entries(stacks)) {
      const text = JSON.stringify(json);
      if (stack !== "scim-provisioning") expect({ stack, reads: /aws_secretsmanager_secret_version|azuread_synchronization_secret/.test(text) }).toEqual({ stack, reads: false });
      expect({ stack, variables: json.variable ?? {} }).toEqual({ stack, variables: {} });
    }
  });
});
