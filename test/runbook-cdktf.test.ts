/**
 * Every `npx cdktf …` command of the README, of docs/*.md and of the generated hand-off sheet, run as written (by bash, in a copy of
 * the project) with the real cdktf CLI (cdktf-cli 0.21.0) and the real Terraform, offline: Terraform's CLI
 * configuration installs providers only from an empty filesystem mirror. So each run must get through cdktf's
 * synthesis, stack selection and dependency check ("The following dependencies are not included in the stacks to
 * run" is a usage error there) and stop at provider installation (`terraform init`), the first step that needs a
 * provider.
 *
 * The order cdktf runs the selected stacks in is computed with cdktf's own selection and scheduling functions
 * (`@cdktf/cli-core` stack-helpers, the code bundled into cdktf-cli 0.21.0; test/cdktf-cli-core.js) on the
 * manifest each run wrote, printed and asserted. The runbook itself is walked in order: a dependency a command leaves out with
 * `--ignore-missing-stack-dependencies` was deployed by an earlier step, and an `output` reads a deployed stack.
 * Finally the hand-off sheet's own shell lines (`terraform -chdir=cdktf.out/stacks/entra-sso output -raw …`) run in
 * bash and zsh after a cdktf init and a re-synthesis by `npm start`, against a local state.
 *
 * The steps after `federation adopt` (README and what adopt prints for an adopted export) are walked the same way:
 * each diff only after the stacks it reads were deployed; the printed commands also run with the real cdktf CLI on the
 * adopted file.
 *
 * Convention: a command the README tells users to run is written `npx cdktf …` in backticks, optionally after an
 * environment prefix (`FEDERATION_CONFIG=… npx cdktf …`); `cdktf …` without `npx` is prose about cdktf.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { HANDOFF_FILE } from "../src/identity-center/handoff-document";
import { readSnapshot } from "../src/adopt/read";
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { ids, scenarioSource, smallScenario, writeExport } from "./adopt-scenario";
import { cdktfCliCore } from "./cdktf-cli";
import { DEFAULT_CONFIG, ROOT, documentationText, installedShells, modelOf, synthesizedFile } from "./helpers";
import { terraformEnv } from "./terraform";

const CDKTF_VERSION = "0.21.0";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
/** The README and the docs/ pages: every command of the documentation. */
const DOCS = documentationText();
const sheet = synthesizedFile(modelOf(DEFAULT_CONFIG), HANDOFF_FILE);

/** An environment prefix of a command (`FEDERATION_CONFIG=out/federation.yaml `), as the docs and adopt write it. */
const ENV_PREFIX = "(?:[A-Z_][A-Z0-9_]*=(?:'[^'`]*'|[^\\s'`]+) )*";

/** `npx cdktf …` commands of a Markdown text, in order: inline code and lines of ```sh blocks, with their environment prefix. */
function cdktfCommands(markdown: string): string[] {
  const inline = [...markdown.matchAll(new RegExp(`\`(${ENV_PREFIX}npx cdktf [^\`]+)\``, "g"))].map((m) => ({ at: m.index ?? 0, text: m[1] }));
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1].split("\n").flatMap((line, i) => (new RegExp(`^\\s*${ENV_PREFIX}npx cdktf `).test(line) ? [{ at: (m.index ?? 0) + i, text: line.trim() }] : [])),
  );
  return [...inline, ...blocks].sort((a, b) => a.at - b.at).map((c) => c.text);
}

/** Commands printed by the CLI (one a line, indented), with their environment prefix. */
function printedCdktfCommands(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter((l) => new RegExp(`^${ENV_PREFIX}npx cdktf `).test(l));
}

/** The README's numbered runbook, in order. */
const runbookSection = README.slice(README.indexOf("## Deploy runbook"), README.indexOf("### How the commands pick stacks"));
const ADOPT_PAGE = readFileSync(join(ROOT, "docs", "adopt-and-drift.md"), "utf8");
/** The steps after `federation adopt` (docs/adopt-and-drift.md), in order. */
const adoptSection = ADOPT_PAGE.slice(ADOPT_PAGE.indexOf("**The first deploys**"), ADOPT_PAGE.indexOf("**A non-gallery application**"));
const readmeCommands = cdktfCommands(DOCS);
const sheetCommands = cdktfCommands(sheet);

/**
 * Stacks that only a file for another identity provider has: the commands naming them run with that example file
 * (`FEDERATION_CONFIG`, which the cdktf app reads), as a user of that IdP would.
 */
const CONFIG_FOR_STACK: Record<string, string> = { "okta-sso": "config/examples/okta.yaml" };
const configFor = (argv: readonly string[]): string | undefined => argv.map((a) => CONFIG_FOR_STACK[a]).find((c) => c !== undefined);

/** The arguments a shell passes to `npx` for a command line (the shell parses quotes, globs and comments). */
function argvIn(shell: "bash" | "zsh", command: string): string[] {
  const r = spawnSync(shell, ["-c", `npx() { printf '%s\\0' "$@"; }\n${command}`], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${shell} could not run ${command}: ${r.stderr}`);
  return r.stdout.split("\0").slice(0, -1);
}

interface Invocation {
  readonly verb: "deploy" | "output" | "diff";
  readonly patterns: readonly string[];
  readonly ignoreMissing: boolean;
}

function invocation(argv: readonly string[]): Invocation {
  const [tool, verb, ...rest] = argv;
  if (tool !== "cdktf" || !["deploy", "output", "diff"].includes(verb)) throw new Error(`not a cdktf deploy/output/diff command: ${argv.join(" ")}`);
  const patterns: string[] = [];
  let ignoreMissing = false;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--ignore-missing-stack-dependencies") ignoreMissing = true;
    else if (rest[i] === "--outputs-file") i++; // where the outputs go: no effect on which stacks run
    else if (rest[i].startsWith("-")) throw new Error(`the test does not know the flag ${rest[i]}: teach it what it does to stack selection`);
    else patterns.push(rest[i]);
  }
  return { verb: verb as Invocation["verb"], patterns, ignoreMissing };
}

interface ManifestStack {
  readonly name: string;
  readonly dependencies: string[];
}

/**
 * The stacks a command selects (in the order cdktf initializes them, one after another) and the waves it runs them in
 * (stacks started together), computed by cdktf's own functions in test/cdktf-cli-core.js.
 */
function cdktfOrder(stacks: readonly ManifestStack[], inv: Invocation): { selected: string[]; waves: string[][] } {
  return cdktfCliCore({ op: "order", stacks, ...inv });
}

const show = (waves: readonly string[][]) => waves.map((w) => w.join(" + ")).join(" → ");

/** What each command must run, in cdktf's order (default file: one assignment stack). */
const EXPECTED_ORDER: Record<string, string> = {
  "cdktf deploy entra-sso": "entra-sso",
  "cdktf output entra-sso": "entra-sso",
  "cdktf deploy scim-provisioning --ignore-missing-stack-dependencies": "scim-provisioning",
  "cdktf output scim-provisioning": "scim-provisioning",
  "cdktf deploy entra-sso identity-center identity-center-assignments-*": "entra-sso → identity-center → identity-center-assignments-0",
  "cdktf output identity-center": "identity-center",
  "cdktf output identity-center --outputs-file outputs.json": "identity-center",
  "cdktf deploy *": "entra-sso → identity-center + scim-provisioning → identity-center-assignments-0",
  "cdktf diff identity-center": "identity-center",
  "cdktf deploy okta-sso": "okta-sso",
  // Adopting an existing federation: one stack at a time, each after the stacks it reads.
  "cdktf diff entra-sso": "entra-sso",
  "cdktf diff scim-provisioning": "scim-provisioning",
  "cdktf deploy identity-center --ignore-missing-stack-dependencies": "identity-center",
  "cdktf diff identity-center-assignments-0": "identity-center-assignments-0",
};

// ---- the project copy the commands run in, and Terraform without providers -------------------------------------

let work: string;
let project: string;
let cliConfig: string;
let mirror: string;

beforeAll(() => {
  expect(JSON.parse(readFileSync(join(ROOT, "node_modules", "cdktf-cli", "package.json"), "utf8")).version).toBe(CDKTF_VERSION);
  expect(JSON.parse(readFileSync(join(ROOT, "node_modules", "@cdktf", "cli-core", "package.json"), "utf8")).version).toBe(CDKTF_VERSION);
  work = mkdtempSync(join(tmpdir(), "runbook-"));
  project = join(work, "project");
  const skip = new Set(["node_modules", ".git", "cdktf.out", "coverage", "bench-out"]);
  cpSync(ROOT, project, {
    recursive: true,
    filter: (src) => {
      const rel = relative(ROOT, src);
      const name = basename(src);
      return !(skip.has(rel.split("/")[0]) || name === ".terraform" || name.endsWith(".tfstate") || name.startsWith(".cdktf.out."));
    },
  });
  symlinkSync(join(ROOT, "node_modules"), join(project, "node_modules"));
  mirror = join(work, "empty-provider-mirror");
  mkdirSync(mirror);
  cliConfig = join(work, "terraform.rc");
  writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The environment of a user's shell here: Terraform from the suite, providers only from the empty mirror. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // CI: cdktf prints plain lines instead of its interactive progress display.
  const env: NodeJS.ProcessEnv = { ...terraformEnv(), TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", CI: "1" };
  delete env.FEDERATION_CONFIG;
  delete env.CDKTF_OUTDIR;
  return { ...env, ...extra };
}

const ANSI = /\u001b\[[0-9;]*m/g;

function runInProject(shell: "bash" | "zsh", command: string, env = userEnv()): { status: number; output: string; seconds: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync(shell, ["-c", command], { cwd: project, env, encoding: "utf8", timeout: 180_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) throw r.error;
  return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}`.replace(ANSI, ""), seconds };
}

// ---- the tests ---------------------------------------------------------------------------------------------------

describe("the commands found", () => {
  test("GIVEN the README (with docs/) and the hand-off sheet THEN each names the deploy commands of every stack (the extraction found the runbook)", () => {
    expect(readmeCommands).toEqual(
      expect.arrayContaining([
        "npx cdktf deploy entra-sso",
        "npx cdktf deploy scim-provisioning --ignore-missing-stack-dependencies",
        "npx cdktf deploy entra-sso identity-center 'identity-center-assignments-*'",
        "npx cdktf deploy '*'",
      ]),
    );
    expect(sheetCommands).toEqual(
      expect.arrayContaining(["npx cdktf deploy entra-sso", "npx cdktf deploy entra-sso identity-center 'identity-center-assignments-*'"]),
    );
  });

  test("GIVEN every command THEN bash and zsh pass cdktf the same arguments (no glob or quote that only one shell reads as meant)", () => {
    for (const command of new Set([...readmeCommands, ...sheetCommands])) for (const shell of installedShells()) expect([command, shell, argvIn(shell, command)]).toEqual([command, shell, argvIn("bash", command)]);
  });
});

describe("each command with the real cdktf CLI, offline", () => {
  const commands = new Map<string, string>();
  for (const command of [...readmeCommands, ...sheetCommands]) {
    const key = argvIn("bash", command).join(" ");
    if (!commands.has(key)) commands.set(key, command);
  }

  test.each([...commands.entries()].map(([key, command]) => [command, key]))(
    "GIVEN `%s` WHEN run as written THEN cdktf selects and orders the stacks and stops only at provider installation",
    (command, key) => {
      const config = configFor(argvIn("bash", command));
      const run = runInProject("bash", command, config ? userEnv({ FEDERATION_CONFIG: config }) : userEnv());
      const manifest = JSON.parse(readFileSync(join(project, "cdktf.out", "manifest.json"), "utf8"));
      const stacks: ManifestStack[] = Object.values<ManifestStack>(manifest.stacks).map((s) => ({ name: s.name, dependencies: s.dependencies }));
      const inv = invocation(argvIn("bash", command));
      const { selected, waves } = cdktfOrder(stacks, inv);
      console.log(`${command}\n  cdktf runs: ${show(waves)}\n  stopped at provider installation after ${run.seconds.toFixed(1)} s (exit ${run.status})`);

      expect(run.output).not.toMatch(/Usage Error|dependencies are not included|Could not find stack|more than one stack/);
      expect(run.output).toContain("Initializing provider plugins...");
      expect(run.output).toContain("Failed to query available provider packages");
      expect(run.output).toContain(mirror);
      expect(run.status).toBe(1);
      // cdktf initializes the selected stacks one after another before running any: the first one is where it stopped.
      const initialized = /^(\S+)\s+Initializing the backend\.\.\./m.exec(run.output)?.[1];
      expect(initialized).toBe(selected[0]);
      expect([key, show(waves)]).toEqual([key, EXPECTED_ORDER[key]]);
    },
    180_000,
  );

  test("GIVEN the runbook's steps in order THEN a dependency left out with --ignore-missing-stack-dependencies, and every stack an output reads, was deployed by an earlier step", () => {
    const deployed = new Set<string>();
    const manifest = JSON.parse(synthesizedFile(modelOf(DEFAULT_CONFIG), "manifest.json"));
    const stacks: ManifestStack[] = Object.values<ManifestStack>(manifest.stacks);
    const steps = cdktfCommands(runbookSection);
    expect(steps[0]).toBe("npx cdktf deploy entra-sso");
    for (const command of steps) {
      const inv = invocation(argvIn("bash", command));
      const names = new Set(cdktfOrder(stacks, inv).selected);
      if (inv.verb === "deploy") {
        const leftOut = stacks.filter((s) => names.has(s.name)).flatMap((s) => s.dependencies).filter((d) => !names.has(d));
        expect([command, leftOut.filter((d) => !deployed.has(d))]).toEqual([command, []]);
        if (inv.ignoreMissing) expect([command, names.size]).toEqual([command, 1]);
        for (const n of names) deployed.add(n);
      } else {
        expect([command, [...names].filter((n) => !deployed.has(n))]).toEqual([command, []]);
      }
    }
    expect([...deployed].sort()).toEqual(stacks.map((s) => s.name).sort());
  });
});

/**
 * Walks adoption steps in order: a stack's diff, and a deploy that leaves a dependency out, need every stack the
 * selected ones read (`terraform_remote_state`) deployed by an earlier step; at the end every stack was deployed.
 * Returns the problems (empty when the order holds).
 */
function adoptionOrderProblems(steps: readonly string[], stacks: readonly ManifestStack[]): string[] {
  const deployed = new Set<string>();
  const problems: string[] = [];
  for (const command of steps) {
    const inv = invocation(argvIn("bash", command));
    const names = new Set(cdktfOrder(stacks, inv).selected);
    const reads = stacks.filter((st) => names.has(st.name)).flatMap((st) => st.dependencies);
    const missing = (inv.verb === "deploy" ? reads.filter((d) => !names.has(d)) : reads).filter((d) => !deployed.has(d));
    if (missing.length) problems.push(`${command}: reads ${[...new Set(missing)].join(", ")}, not deployed yet`);
    if (inv.verb === "deploy") for (const n of names) deployed.add(n);
  }
  const never = stacks.map((st) => st.name).filter((n) => !deployed.has(n));
  if (never.length) problems.push(`never deployed: ${never.join(", ")}`);
  return problems;
}

describe("the steps after federation adopt", () => {
  test("GIVEN the README's steps in order THEN each diff and deploy runs after the stacks it reads were deployed, and every stack is deployed", () => {
    const steps = cdktfCommands(adoptSection);
    expect(steps.map((c) => argvIn("bash", c).slice(1).join(" "))).toEqual([
      "diff entra-sso",
      "deploy entra-sso",
      "diff scim-provisioning",
      "deploy scim-provisioning --ignore-missing-stack-dependencies",
      "diff identity-center",
      "deploy identity-center --ignore-missing-stack-dependencies",
      "diff identity-center-assignments-0",
      "deploy entra-sso identity-center identity-center-assignments-*",
      "deploy *",
    ]);
    const stacks: ManifestStack[] = Object.values<ManifestStack>(JSON.parse(synthesizedFile(modelOf(DEFAULT_CONFIG), "manifest.json")).stacks);
    expect(adoptionOrderProblems(steps, stacks)).toEqual([]);
    // The walk can fail: a diff of identity-center before entra-sso is deployed is refused.
    expect(adoptionOrderProblems(["npx cdktf diff identity-center", ...steps], stacks)).toEqual(["npx cdktf diff identity-center: reads entra-sso, not deployed yet"]);
  });

  test("GIVEN an adopted export WHEN the commands `federation adopt` prints run in its order with the real cdktf CLI, offline THEN each selects its stacks and stops only at provider installation, and the order holds", async () => {
    const s = smallScenario();
    const recorder = scenarioSource(s, 2);
    await readSnapshot(recorder, { appId: ids.appId(s) });
    const exportDir = join(work, "adopt-export");
    writeExport(exportDir, recorder.answered);
    const out: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: () => undefined, env: {}, cwd: project };
    expect(await runCli(["adopt", "--from", exportDir, "--app-id", ids.appId(s), "--out", "adopted/federation.yaml"], io)).toBe(0);
    const printed = printedCdktfCommands(out.join("\n"));
    expect(printed[0]).toBe("FEDERATION_CONFIG=adopted/federation.yaml npx cdktf diff entra-sso");
    const unique = [...new Map(printed.map((c) => [c, c])).values()];
    let stacks: ManifestStack[] = [];
    for (const command of unique) {
      const run = runInProject("bash", command);
      const manifest = JSON.parse(readFileSync(join(project, "cdktf.out", "manifest.json"), "utf8"));
      stacks = Object.values<ManifestStack>(manifest.stacks).map((st) => ({ name: st.name, dependencies: st.dependencies }));
      const { selected, waves } = cdktfOrder(stacks, invocation(argvIn("bash", command)));
      console.log(`${command}\n  cdktf runs: ${show(waves)}\n  stopped at provider installation after ${run.seconds.toFixed(1)} s (exit ${run.status})`);
      expect([command, run.output]).toEqual([command, expect.not.stringMatching(/Usage Error|dependencies are not included|Could not find stack|more than one stack|error: /)]);
      expect([command, run.output]).toEqual([command, expect.stringContaining("Failed to query available provider packages")]);
      expect([command, /^(\S+)\s+Initializing the backend\.\.\./m.exec(run.output)?.[1]]).toEqual([command, selected[0]]);
    }
    // The synthesized stacks carry the adopted import blocks (the run synthesized the adopted file, not the default).
    expect(readFileSync(join(project, "cdktf.out", "stacks", "identity-center", "cdk.tf.json"), "utf8")).toContain('"import"');
    expect(adoptionOrderProblems(printed, stacks)).toEqual([]);
  }, 600_000);
});

describe("the hand-off sheet's own commands after npm start", () => {
  const lines = /```sh\n([\s\S]*?)```/.exec(sheet)?.[1].split("\n").filter((l) => l.trim() && !/^\s*npx cdktf /.test(l)) ?? [];

  test("GIVEN entra-sso initialized by cdktf and deployed (a local state with its outputs) WHEN npm start re-synthesizes and the sheet's lines run in bash and in zsh THEN they print the deployed values into the files the sheet names", () => {
    expect(lines.map((l) => l.split(" ")[0])).toEqual(["curl", "terraform"]);
    // cdktf's init configures the stack's backend (.terraform/) before it stops at the providers.
    expect(runInProject("bash", "npx cdktf deploy entra-sso").output).toContain("Initializing the backend...");
    expect(existsSync(join(project, "cdktf.out", "stacks", "entra-sso", ".terraform", "terraform.tfstate"))).toBe(true);
    const metadataUrl = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/federationmetadata/2007-06/federationmetadata.xml?appid=11112222-3333-4444-5555-666677778888";
    const pem = "-----BEGIN CERTIFICATE-----\nMIIC8DCCAdigAwIBAgIQ\n-----END CERTIFICATE-----\n";
    writeFileSync(
      join(project, "terraform.entra-sso.tfstate"),
      JSON.stringify({
        version: 4,
        terraform_version: "1.11.4",
        serial: 3,
        lineage: "5d1e7c2a-0000-4000-8000-000000000001",
        outputs: { idp_metadata_url: { value: metadataUrl, type: "string" }, signing_certificate_pem: { value: pem, type: "string", sensitive: true } },
        resources: [],
        check_results: null,
      }),
    );
    const start = runInProject("bash", "npm start --silent");
    expect([start.status, start.output]).toEqual([0, expect.stringContaining("Synthesized")]);
    expect(existsSync(join(project, "cdktf.out", "stacks", "entra-sso", ".terraform", "terraform.tfstate"))).toBe(true);

    const bin = join(work, "stub-bin");
    mkdirSync(bin, { recursive: true });
    // curl stands in for the download: it records its arguments and writes the file -o names.
    writeFileSync(join(bin, "curl"), '#!/bin/sh\nprintf "%s\\n" "$@" > "$CURL_ARGS"\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && printf "<EntityDescriptor/>" > "$2"; shift; done\n', { mode: 0o755 });
    for (const shell of installedShells()) {
      const args = join(work, `curl-args-${shell}`);
      rmSync(join(project, "entra-signing-certificate.pem"), { force: true });
      const r = runInProject(shell, lines.join("\n"), userEnv({ PATH: `${bin}:${terraformEnv().PATH}`, CURL_ARGS: args }));
      expect([shell, r.status, r.output]).toEqual([shell, 0, ""]);
      expect(readFileSync(args, "utf8").split("\n")).toEqual(["-fsS", metadataUrl, "-o", "entra-idp-metadata.xml", ""]);
      expect(readFileSync(join(project, "entra-signing-certificate.pem"), "utf8")).toBe(pem);
    }
  }, 120_000);
});
