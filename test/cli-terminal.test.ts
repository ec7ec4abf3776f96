/**
 * How the CLI speaks to a terminal and to CI: colour only on a terminal and never under NO_COLOR; progress of long
 * work drawn in place on a terminal only; in GitHub Actions, validate's and diff's findings also as workflow commands
 * on the lines they are about, escaped by GitHub's rules. The terminal is a real pseudo-terminal (`script`).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { runCli } from "../src/cli";
import { escapeData, escapeProperty, subjectPath, workflowCommand } from "../src/commands/annotations";
import type { CliIo } from "../src/commands/io";
import { highlight, useColor } from "../src/commands/style";
import { DEFAULT_CONFIG, modelOf, ROOT } from "./helpers";

const BIN = join(ROOT, "bin", "federation.js");
const WARNS = join(ROOT, "config", "examples", "google.yaml");
const ESC = "\u001b";

function capture(env: NodeJS.ProcessEnv = {}, cwd = ROOT, terminal = false) {
  const out: string[] = [];
  const err: string[] = [];
  const raw: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd, terminal: terminal ? { write: (t) => raw.push(t) } : undefined };
  return { io, out: () => out.join("\n"), err: () => err.join("\n"), raw: () => raw.join("") };
}

/** The CLI as a process whose stdin, stdout and stderr are a pseudo-terminal (util-linux `script`). */
function onTerminal(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const r = spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8", env: { ...process.env, FEDERATION_FROM_SOURCES: "1", TERM: "xterm", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  expect(r.error).toBeUndefined();
  return r.stdout;
}

function piped(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, FEDERATION_FROM_SOURCES: "1", ...env } });
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "federation-terminal-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("colour", () => {
  test.each([
    [{}, true, true],
    [{ NO_COLOR: "" }, true, true],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "0" }, true, false],
    [{ TERM: "dumb" }, true, false],
    [{}, false, false],
  ])("GIVEN env %j and a terminal %s THEN colour is %s", (env, tty, expected) => {
    expect(useColor(env as NodeJS.ProcessEnv, tty)).toBe(expected);
  });

  test("GIVEN diagnostic lines WHEN highlighted THEN only the severity word and refusals are coloured, the text unchanged", () => {
    const line = "config/x.yaml:12:3: warning groups.a: an error here [federation/x]";
    expect(highlight(line)).toBe(`config/x.yaml:12:3: ${ESC}[33mwarning${ESC}[0m groups.a: an error here [federation/x]`);
    expect(highlight("refusing: it exists").replace(/\u001b\[[0-9;]*m/g, "")).toBe("refusing: it exists");
    expect(highlight("plain text: nothing")).toBe("plain text: nothing");
  });

  test("GIVEN a file with warnings WHEN validate runs on a terminal THEN warnings are yellow; under NO_COLOR and through a pipe there is no escape sequence", () => {
    const coloured = onTerminal(["validate", "--config", WARNS]);
    expect(coloured).toContain(`${ESC}[33mwarning${ESC}[0m`);
    expect(coloured).toContain(`${ESC}[32mvalid${ESC}[0m`);
    expect(onTerminal(["validate", "--config", WARNS], { NO_COLOR: "1" })).not.toMatch(/\u001b\[[0-9;]*m/);
    const p = piped(["validate", "--config", WARNS]);
    expect(p.status).toBe(0);
    expect(`${p.stdout}${p.stderr}`).not.toContain(ESC);
  });

  test("GIVEN an escape sequence in the file WHEN its error prints on a terminal THEN it is shown as \\u001b, never sent", () => {
    const file = join(work, "escape.yaml");
    writeFileSync(file, `${readFileSync(DEFAULT_CONFIG, "utf8")}"x\\e[2J\\e[31m": 1\n`);
    cpSync(join(ROOT, "config", "policies"), join(work, "policies"), { recursive: true });
    const printed = onTerminal(["validate", "--config", file]);
    expect(printed).toContain("\\u001b[2J");
    expect(printed).not.toContain(`${ESC}[2J`);
    expect(printed).toContain(`${ESC}[1m${ESC}[31merror${ESC}[0m`);
  });
});

describe("progress", () => {
  const sharded = join(ROOT, "config", "examples", "large-organization.yaml");

  test("GIVEN stderr is a terminal WHEN synth runs THEN the stacks are counted in place and the line is cleared at the end; stdout and stderr lines carry none of it", async () => {
    const c = capture({}, ROOT, true);
    expect(await runCli(["synth", "--config", sharded, "--out", join(work, "out-progress")], c.io)).toBe(0);
    const raw = c.raw();
    const stacks = (/Synthesized (\d+) stacks/.exec(c.out()) ?? [])[1];
    expect(Number(stacks)).toBeGreaterThan(4);
    expect(raw).toMatch(/^\rsynthesizing stacks \[[#.]{30}\] 1\//);
    expect(raw).toContain(`synthesizing stacks [${"#".repeat(30)}] ${stacks}/${stacks}`);
    expect(raw.endsWith(`\r${ESC}[K`)).toBe(true);
    expect(`${c.out()}${c.err()}`).not.toMatch(/[\r\u001b]/);
  });

  test("GIVEN stderr is not a terminal WHEN synth and diff run THEN nothing is drawn", async () => {
    const c = capture();
    expect(await runCli(["synth", "--config", DEFAULT_CONFIG, "--out", join(work, "out-plain")], c.io)).toBe(0);
    expect(await runCli(["diff", "--base", DEFAULT_CONFIG, "--head", DEFAULT_CONFIG], c.io)).toBe(0);
    expect(c.raw()).toBe("");
    const p = piped(["diff", "--base", DEFAULT_CONFIG, "--head", DEFAULT_CONFIG]);
    expect(p.stderr).not.toContain("\r");
  });

  test("GIVEN stderr is a terminal WHEN diff reads its files THEN it says what it reads, and clears the line", async () => {
    const c = capture({}, ROOT, true);
    expect(await runCli(["diff", "--base", DEFAULT_CONFIG, "--head", DEFAULT_CONFIG], c.io)).toBe(0);
    expect(c.raw()).toMatch(/^\rreading the base \[\.{30}\] 0\/3\u001b\[K/);
    expect(c.raw().endsWith(`\r${ESC}[K`)).toBe(true);
  });

  test("GIVEN a real terminal WHEN synth runs THEN the progress reaches it", () => {
    expect(onTerminal(["synth", "--config", sharded, "--out", join(work, "out-tty")])).toContain("synthesizing stacks [");
  });
});

describe("GitHub annotations", () => {
  /** What GitHub's runner reads back (the inverse of @actions/core's escapes). */
  const unescapeProperty = (s: string) => s.replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
  const unescapeData = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");

  /** A workflow command line as the runner splits it: level, properties, message. */
  function parseCommand(line: string) {
    const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) return undefined;
    const props = Object.fromEntries((m[2] ?? "").split(",").filter(Boolean).map((p) => [p.slice(0, p.indexOf("=")), unescapeProperty(p.slice(p.indexOf("=") + 1))]));
    return { level: m[1], props, message: unescapeData(m[3]) };
  }

  test("GIVEN any text WHEN written as a workflow command THEN it is one line the runner reads back exactly, properties and message", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("%", "\r", "\n", ":", ",", "=", "a", "é", "::", "%0A", "%25") }), fc.string(), (message, title) => {
        const line = workflowCommand("warning", message, { file: `dir,with:odd/${title}.yaml`, line: 3, col: 7, title });
        expect(line).not.toMatch(/[\r\n]/);
        expect(parseCommand(line)).toEqual({ level: "warning", props: { file: `dir,with:odd/${title}.yaml`, line: "3", col: "7", title }, message });
      }),
      { numRuns: 300 },
    );
    expect(escapeData("100%\r\n")).toBe("100%25%0D%0A");
    expect(escapeProperty("a:b,c%")).toBe("a%3Ab%2Cc%25");
  });

  function repo(): string {
    const dir = mkdtempSync(join(work, "repo-"));
    mkdirSync(join(dir, "config"));
    cpSync(DEFAULT_CONFIG, join(dir, "config", "federation.yaml"));
    cpSync(join(ROOT, "config", "policies"), join(dir, "config", "policies"), { recursive: true });
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: dir, stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    return dir;
  }

  const lineOf = (file: string, text: string) => readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;

  test("GIVEN GITHUB_ACTIONS=true and a file with an error and a hostile key WHEN validate runs THEN each diagnostic has its twin annotation at the same line and column, one line each", async () => {
    const dir = repo();
    const file = join(dir, "config", "federation.yaml");
    writeFileSync(file, `${readFileSync(file, "utf8").replace("sessionDuration: PT8H", "sessionDuration: PT13H")}"x%0A::error::y,z:w": 1\n`);
    const c = capture({ GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: dir }, dir);
    expect(await runCli(["validate", "--config", "config/federation.yaml"], c.io)).toBe(1);
    const lines = c.err().split("\n");
    const diagnostics = lines.filter((l) => /^config\/federation\.yaml:\d+:\d+: error /.test(l));
    const commands = lines.map(parseCommand).filter((x) => x !== undefined);
    expect(diagnostics.length).toBe(2);
    expect(commands.length).toBe(2);
    for (const [i, d] of diagnostics.entries()) {
      const [, line, col, rest] = /^config\/federation\.yaml:(\d+):(\d+): error (.*)$/.exec(d) ?? [];
      expect(commands[i]).toEqual({ level: "error", props: { file: "config/federation.yaml", line, col, title: expect.stringMatching(/^federation\//) }, message: rest });
    }
    expect(commands.some((x) => x?.message.includes('"x%0A::error::y,z:w"'))).toBe(true);
    expect(Number(commands[0]?.props.line)).toBe(lineOf(file, "sessionDuration: PT13H"));
  });

  test("GIVEN no GITHUB_ACTIONS (or another value) WHEN validate runs THEN no workflow command", async () => {
    for (const env of [{}, { GITHUB_ACTIONS: "false" }]) {
      const c = capture(env);
      expect(await runCli(["validate", "--config", WARNS], c.io)).toBe(0);
      expect(c.err()).not.toMatch(/^::/m);
      expect(c.err()).toContain("warning");
    }
  });

  test("GIVEN GITHUB_ACTIONS=true and a change that widens access WHEN diff runs THEN the escalation is annotated on the assignment's line: a warning, an error with --fail-on-escalation; stdout stays the diff", async () => {
    const dir = repo();
    const file = join(dir, "config", "federation.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("{ group: aws-sso-read-only, permissionSet: ViewOnlyAccess", "{ group: aws-sso-read-only, permissionSet: AdministratorAccess"));
    const env = { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: dir };
    const plain = capture(env, dir);
    expect(await runCli(["diff", "--base", "HEAD:config/federation.yaml", "--head", "config/federation.yaml"], plain.io)).toBe(0);
    const annotations = plain.err().split("\n").map(parseCommand).filter((x) => x !== undefined);
    expect(annotations).toEqual([
      {
        level: "warning",
        props: { file: "config/federation.yaml", line: String(lineOf(file, "{ group: aws-sso-read-only, permissionSet: AdministratorAccess")), col: "5", title: "Access escalation: privileged-grant" },
        message: expect.stringContaining("group aws-sso-read-only gains AdministratorAccess"),
      },
    ]);
    expect(plain.out()).not.toContain("::");
    const failing = capture(env, dir);
    expect(await runCli(["diff", "--base", "HEAD:config/federation.yaml", "--head", "config/federation.yaml", "--fail-on-escalation"], failing.io)).toBe(3);
    expect(failing.err()).toMatch(/^::error file=config\/federation\.yaml,line=\d+,col=5,title=Access escalation%3A privileged-grant::/m);
  });

  test("GIVEN a permission-set rename WHEN diff runs in CI THEN the warning points at the new set's name; with --fail-on-warning it is an error", async () => {
    const dir = repo();
    const file = join(dir, "config", "federation.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/ViewOnlyAccess/g, "ReadOnlyAccess").replace("arn:aws:iam::aws:policy/job-function/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"));
    const c = capture({ GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: dir }, dir);
    expect(await runCli(["diff", "--base", "HEAD:config/federation.yaml", "--head", "config/federation.yaml", "--fail-on-warning"], c.io)).toBe(5);
    const rename = c.err().split("\n").map(parseCommand).find((x) => x?.props.title === "federation/permission-set-rename");
    expect(rename).toMatchObject({ level: "error", props: { file: "config/federation.yaml", line: String(lineOf(file, "  ReadOnlyAccess:")) } });
  });

  test("GIVEN diff subjects THEN each points into the file where a reviewer would look", () => {
    const spec = modelOf(DEFAULT_CONFIG).spec;
    expect(subjectPath(spec, "permissionSet:AdministratorAccess")).toEqual(["permissionSets", "AdministratorAccess"]);
    expect(subjectPath(spec, "group:aws-sso-read-only/ViewOnlyAccess")).toEqual(["assignments", spec.assignments.findIndex((a) => a.group === "aws-sso-read-only")]);
    expect(subjectPath(spec, "group:aws-sso-read-only/member:bob@example.com")).toEqual(["groups", "aws-sso-read-only", "members", 0]);
    expect(subjectPath(spec, "group:aws-sso-admins/activation.requireMfa")).toEqual(["groups", "aws-sso-admins", "activation", "requireMfa"]);
    expect(subjectPath(spec, "group:aws-sso-admins")).toEqual(["groups", "aws-sso-admins"]);
    expect(subjectPath(spec, "review.privilegedPolicies")).toEqual(["review", "privilegedPolicies"]);
    expect(subjectPath(spec, "protection.allowDestroy.permissionSets:Old")).toEqual(["protection", "allowDestroy", "permissionSets"]);
    expect(subjectPath(spec, "account:prod")).toBeUndefined();
  });
});
