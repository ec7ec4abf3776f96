/**
 * Hostile input. Every file in test/fixtures/invalid/ says in its leading comment what the loader must report, one
 * line per error: `# expect: <id> [at <path>] [line <n>]` (`at (root)` for the document itself). Each file is refused
 * by the real CLI with exit 1 and exactly those errors, each printed with its path and line, with no stack trace,
 * nothing written, in well under a second. Then generated cases too big to commit, the semantic rules on the valid
 * parts of a broken file, and near misses that must stay valid.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { type Diagnostic, formatDiagnostic } from "../src/model/diagnostics";
import { MAX_DIAGNOSTICS, MAX_FILE_BYTES } from "../src/model/load";
import { CONTOSO_CONFIG, loadFile, loadText, modelOf, ROOT } from "./helpers";

const CORPUS = join(ROOT, "test", "fixtures", "invalid");
const BIN = join(ROOT, "bin", "federation.js");
/** Generous: in-process validation of any corpus file takes tens of milliseconds. */
const MAX_MS_PER_FILE = 1000;
const STACK_TRACE = /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m;

interface Expected {
  readonly id: string;
  readonly path: string;
  readonly line: number | undefined;
}

interface CorpusCase {
  readonly name: string;
  readonly file: string;
  readonly title: string;
  readonly expected: readonly Expected[];
}

/** The leading comment of a corpus file: its title and expectations (the file may be anything after it). */
function readCase(name: string): CorpusCase {
  const file = join(CORPUS, name);
  const text = readFileSync(file).toString("utf8").replace(/^\uFEFF/, "");
  const header: string[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (!line.startsWith("#")) break;
    header.push(line);
  }
  const expected = header.flatMap((line) => {
    const m = /^# expect: (federation\/[a-z0-9-]+)(?: at (.+?))?(?: line (\d+))?\s*$/.exec(line);
    if (!m) return [];
    return [{ id: m[1], path: m[2] === undefined || m[2] === "(root)" ? "" : m[2], line: m[3] === undefined ? undefined : Number(m[3]) }];
  });
  return { name, file, title: (header[0] ?? "").replace(/^#\s*/, ""), expected };
}

const errorsOf = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.severity === "error");
const asExpected = (d: Diagnostic): Expected => ({ id: d.id, path: d.path, line: d.line });
const byText = (a: Expected, b: Expected) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: ROOT };
  return { io, out: () => out.join("\n"), err: () => err.join("\n") };
}

/** Runs the CLI in-process; returns the exit code, what it printed and how long it took. */
async function cli(args: string[]) {
  const c = capture();
  const started = process.hrtime.bigint();
  const code = await runCli(args, c.io);
  return { code, out: c.out(), err: c.err(), ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Runs the real `federation` bin; resolves with exit code and stderr. */
function processRun(args: string[]): Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.on("close", (status) => done({ status, stderr, stdout }));
  });
}

const names = readdirSync(CORPUS).filter((n) => n.endsWith(".yaml")).sort();
const cases = names.map(readCase);

describe("the bad-input corpus", () => {
  test("holds at least 40 files, each with a title and at least one expectation", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) {
      expect({ name: c.name, hasTitle: c.title.length > 10, expectations: c.expected.length > 0 }).toEqual({
        name: c.name,
        hasTitle: true,
        expectations: true,
      });
    }
  });

  test.each(cases.map((c) => [c.name, c] as const))(
    "%s: exactly the errors its comment names; validate exits 1 printing each with path and line; synth writes nothing",
    async (_, c) => {
      const r = loadFile(c.file);
      expect(r.model).toBeUndefined();
      const errors = errorsOf(r.diagnostics);
      expect(errors.map(asExpected).sort(byText)).toEqual([...c.expected].sort(byText));
      for (const e of errors) {
        expect(e.id).toMatch(/^federation\/[a-z0-9-]+$/);
        expect(e.message.length).toBeGreaterThan(10);
      }

      const shown = relative(ROOT, c.file);
      const v = await cli(["validate", "--config", c.file]);
      expect(v.code).toBe(1);
      expect(v.out).toBe("");
      expect(v.ms).toBeLessThan(MAX_MS_PER_FILE);
      for (const e of errors) {
        const line = formatDiagnostic(shown, e);
        expect(v.err).toContain(line);
        if (e.line !== undefined) expect(line.startsWith(`${shown}:${e.line}:`)).toBe(true);
        if (e.path) expect(line).toContain(` ${e.path}: `);
      }
      expect(v.err).toMatch(new RegExp(`: ${c.expected.length} errors?; nothing was written`));
      expect(v.err).not.toMatch(STACK_TRACE);
      expect(v.err).not.toContain("internal error");

      const parent = mkdtempSync(join(tmpdir(), "federation-corpus-"));
      const out = join(parent, "cdktf.out");
      const s = await cli(["synth", "--config", c.file, "--out", out]);
      expect(s.code).toBe(1);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(parent)).toEqual([]);
      rmSync(parent, { recursive: true, force: true });
    },
  );

  test("the real process exits 1 with located errors and no stack trace (a sample of the nastiest files and a 5 MB file)", async () => {
    const big = join(mkdtempSync(join(tmpdir(), "federation-big-")), "five-megabytes.yaml");
    writeFileSync(big, fiveMegabytes());
    const sample = [join("test", "fixtures", "invalid", "binary-garbage.yaml"), join("test", "fixtures", "invalid", "yaml-alias-cycle.yaml"), big];
    const runs = await Promise.all(sample.map((f) => processRun(["validate", "--config", f])));
    const expected = [readCase("binary-garbage.yaml").expected, readCase("yaml-alias-cycle.yaml").expected, [{ id: "federation/file-too-large", path: "", line: undefined }]];
    runs.forEach((r, i) => {
      expect({ file: sample[i], status: r.status, stdout: r.stdout }).toEqual({ file: sample[i], status: 1, stdout: "" });
      for (const e of expected[i]) {
        expect(r.stderr).toContain(`[${e.id}]`);
        if (e.line !== undefined) expect(r.stderr).toContain(`${sample[i]}:${e.line}:`);
      }
      expect(r.stderr).toContain("1 error; nothing was written");
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.stderr).not.toContain("internal error");
    });
  }, 30000);
});

/** A valid-looking file padded with comments to 5 MB. */
function fiveMegabytes(): string {
  const filler = `# ${"x".repeat(98)}\n`;
  return readFileSync(join(CORPUS, "session-duration-13h.yaml"), "utf8") + filler.repeat(Math.ceil((5 * 1024 * 1024) / filler.length));
}

describe("generated hostile files", () => {
  const dir = mkdtempSync(join(tmpdir(), "federation-hostile-"));
  const base = readFileSync(join(CORPUS, "structure-and-rules-together.yaml"), "utf8")
    .replace("    sesionDuration: PT8H\n", "    sessionDuration: PT8H\n")
    .replace("    sessionDuration: PT13H\n", "    sessionDuration: PT1H\n");

  test("the corpus base itself is valid (each corpus file differs from it by its one defect)", () => {
    expect(errorsOf(loadText(base).diagnostics)).toEqual([]);
  });

  test("a 5 MB file is refused by its size before it is parsed", async () => {
    const file = join(dir, "five-megabytes.yaml");
    writeFileSync(file, fiveMegabytes());
    expect(statSync(file).size).toBeGreaterThan(5 * 1024 * 1024);
    const v = await cli(["validate", "--config", file]);
    expect(v.code).toBe(1);
    expect(v.ms).toBeLessThan(MAX_MS_PER_FILE);
    expect(v.err).toMatch(new RegExp(`five-megabytes.yaml: error the file is \\d+ bytes; a federation file may be at most ${MAX_FILE_BYTES} bytes \\[federation/file-too-large\\]`));
  });

  test("a 0-byte file and a whitespace-only file are each one empty-file error", async () => {
    for (const [name, content] of [["zero.yaml", ""], ["blank.yaml", " \n\t\n  \r\n"]] as const) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const v = await cli(["validate", "--config", file]);
      expect({ name, code: v.code }).toEqual({ name, code: 1 });
      expect(v.err).toContain(`${name}: error the file is empty`);
      expect(v.err).toContain("[federation/empty-file]");
    }
  });

  test("a 1.5 MB single line is one located error, in well under a second", async () => {
    const file = join(dir, "huge-line.yaml");
    const text = base.replace("    description: View-only access\n", `    description: ${"v".repeat(1_500_000)}\n`);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_FILE_BYTES);
    writeFileSync(file, text);
    const v = await cli(["validate", "--config", file]);
    expect(v.code).toBe(1);
    expect(v.ms).toBeLessThan(MAX_MS_PER_FILE);
    const line = text.split("\n").findIndex((l) => l.startsWith("    description: vvv")) + 1;
    expect(v.err).toContain(`huge-line.yaml:${line}:18: error permissionSets.ViewOnlyAccess.description: must have at most 700 characters (has 1500000)`);
    expect(v.err.length).toBeLessThan(2000);
  });

  test("thousands of problems show the first ones, say how many more, and still fail", () => {
    const accounts = Array.from({ length: 1000 }, (_, i) => `  acct${i}: { id: "${i}" }\n`).join("");
    const r = loadText(base.replace("accounts:\n", `accounts:\n${accounts}`));
    expect(r.model).toBeUndefined();
    expect(errorsOf(r.diagnostics)).toHaveLength(MAX_DIAGNOSTICS);
    expect(r.diagnostics[r.diagnostics.length - 1]).toMatchObject({ id: "federation/too-many-problems", severity: "warning" });
    expect(r.diagnostics[r.diagnostics.length - 1].message).toContain("800 more problems (800 of them errors)");
    expect(r.diagnostics.slice(0, 3).map((d) => d.path)).toEqual(["accounts.acct0.id", "accounts.acct1.id", "accounts.acct2.id"]);
  });

  test("10,000 broken entries in one mapping are reported (capped) in well under a second, not minutes (no quadratic key lookups)", () => {
    const groups = Array.from({ length: 10_000 }, (_, i) => `  g${i}: ${i}\n`).join("");
    const started = Date.now();
    const r = loadText(base.replace("groups:\n", `groups:\n${groups}`));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(errorsOf(r.diagnostics)).toHaveLength(MAX_DIAGNOSTICS);
    expect(r.diagnostics[0]).toMatchObject({ id: "federation/wrong-type", path: "groups.g0" });
  }, 20000);
});

describe("semantic rules on the valid parts of a file with structure errors", () => {
  const base = readFileSync(join(CORPUS, "structure-and-rules-together.yaml"), "utf8").replace("    sesionDuration: PT8H\n", "    sessionDuration: PT8H\n");
  const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

  test("GIVEN a valid file with one rule error THEN exactly that error (the baseline the cases below break)", () => {
    expect(errorsOf(loadText(base).diagnostics).map((d) => d.id)).toEqual(["federation/session-duration"]);
  });

  test("a broken assignment is left out and a rule error in a later assignment keeps its position and line", () => {
    const text = base
      .replace("accounts: [prod, management] }", "accounts: [prod, management], reason: audit }")
      .replace("accounts: [management] }", "accounts: [managment] }");
    const errors = errorsOf(loadText(text).diagnostics);
    expect(errors.map(asExpected).sort(byText)).toEqual(
      [
        { id: "federation/unknown-key", path: "assignments[0].reason", line: lineOf(text, "reason: audit") },
        { id: "federation/unknown-account", path: "assignments[2].accounts[0]", line: lineOf(text, "managment") },
        { id: "federation/session-duration", path: "permissionSets.AdministratorAccess.sessionDuration", line: lineOf(text, "PT13H") },
      ].sort(byText),
    );
  });

  test("a broken group raises no 'unknown group' for the assignments that name it", () => {
    const text = base.replace("    members: [bob@example.com]\n", "    members: bob@example.com\n");
    expect(errorsOf(loadText(text).diagnostics).map((d) => d.id).sort()).toEqual(["federation/session-duration", "federation/wrong-type"]);
  });

  test("a broken required part (the tenant id) stops the rules: only the structure error is reported", () => {
    const text = base.replace("tenantId: 00000000-0000-0000-0000-000000000000", "tenantId: contoso");
    expect(errorsOf(loadText(text).diagnostics).map((d) => d.path)).toEqual(["entra.tenantId"]);
  });

  test("rule errors inside a section with a structure error wait for the next run", () => {
    const text = base.replace("  provisioning:\n", "  provisioning:\n    interval: PT40M\n").replace("  region: us-east-1\n", "  region: eu-west-1\n");
    const paths = errorsOf(loadText(text).diagnostics).map((d) => d.path);
    expect(paths).toContain("entra.provisioning.interval");
    expect(paths).toContain("permissionSets.AdministratorAccess.sessionDuration");
    expect(paths.filter((p) => p.startsWith("identityCenter"))).toEqual(["identityCenter.serviceProvider.acsUrl", "identityCenter.serviceProvider.issuerUrl"]);
  });

  test("warnings are not reported until the structure is valid (a pruned assignment would make its group look unused)", () => {
    const text = base.replace("accounts: [prod, management] }", "accounts: [prod, management], reason: audit }");
    expect(loadText(text).diagnostics.filter((d) => d.severity === "warning")).toEqual([]);
    expect(loadText(text.replace("reason: audit ", "")).diagnostics.filter((d) => d.severity === "warning")).toEqual([]);
  });
});

describe("near misses that must stay valid", () => {
  const contoso = readFileSync(CONTOSO_CONFIG, "utf8");
  const load = (text: string) => loadText(text, "contoso.yaml");

  test("a BOM and CRLF line endings are accepted and give the same model as the plain file", () => {
    const plain = modelOf(load(contoso));
    const windows = modelOf(load(`\uFEFF${contoso.replace(/\n/g, "\r\n")}`));
    expect(windows.spec).toEqual(plain.spec);
    expect(windows.inlinePolicies).toEqual(plain.inlinePolicies);
  });

  test("diagnostics of a CRLF file point at the same lines as of the LF file", () => {
    const bad = contoso.replace("sessionDuration: PT4H", "sessionDuration: PT14H");
    const lf = errorsOf(load(bad).diagnostics);
    const crlf = errorsOf(load(bad.replace(/\n/g, "\r\n")).diagnostics);
    expect(crlf).toEqual(lf);
    expect(lf).toHaveLength(1);
  });

  test("a 300-line header comment loads in well under a second (an old empty-file check backtracked exponentially)", () => {
    const started = Date.now();
    const r = load(`${"# header comment\n".repeat(300)}${contoso}`);
    expect(Date.now() - started).toBeLessThan(MAX_MS_PER_FILE);
    expect(r.model).toBeDefined();
  });

  test("an explicit %YAML 1.2 directive and the plain core tags (!!str on an account id) are accepted", () => {
    const text = `%YAML 1.2\n---\n${contoso.replace('contoso-dev: { id: "900000000003" }', "contoso-dev: { id: !!str 900000000003 }")}`;
    expect(modelOf(load(text)).spec.accounts["contoso-dev"].id).toBe("900000000003");
  });

  test("anchors and aliases that do not contain themselves are accepted and expand to the same values", () => {
    const text = contoso
      .replace("    members: [erin@contoso.example, frank@contoso.example, 7c7c7c7c-1234-5678-9abc-def012345678]", "    members: &engineers [erin@contoso.example, frank@contoso.example, 7c7c7c7c-1234-5678-9abc-def012345678]")
      .replace("  security-auditors:\n", "  platform-readers:\n    members: *engineers\n  security-auditors:\n");
    const spec = modelOf(load(text)).spec;
    expect(spec.groups["platform-readers"].members).toEqual(spec.groups["platform-engineers"].members);
  });

  test("group names in one non-Latin script, or Latin with Japanese, are accepted", () => {
    const text = contoso
      .replace(/platform-engineers/g, "Διαχειριστές")
      .replace(/cloud-admins/g, "aws-管理者");
    const spec = modelOf(load(text)).spec;
    expect(Object.keys(spec.groups)).toEqual(["Διαχειριστές", "aws-管理者", "security-auditors"]);
  });

  test("an account whose name is its own id is accepted", () => {
    const text = contoso.replace('contoso-dev: { id: "900000000003" }', '"900000000003": { id: "900000000003" }').replace(/contoso-dev\b/g, '"900000000003"');
    expect(modelOf(load(text)).spec.accounts["900000000003"].id).toBe("900000000003");
  });
});
