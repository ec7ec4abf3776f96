/**
 * Hostile input. Every file in test/fixtures/invalid/ says in its leading comment what the loader must report, one
 * line per error: `# expect: <id> [at <path>] [line <n>]` (`at (root)` for the document itself). Each file is refused
 * by the real CLI with exit 1 and exactly those errors, each printed with its path and line, with no stack trace,
 * nothing written. Then generated cases too big to commit, the semantic rules on the valid parts of a broken file,
 * and near misses that must stay valid.
 *
 * No file may make validation hang: every corpus and generated file is first validated in one child process under a
 * generous timeout (test/generated-files.ts), and a test works on its file in-process only once that run finished it.
 * How long each takes is `npm run bench`'s business (its hostile-input goals), not a test's.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type Diagnostic, formatDiagnostic } from "../src/model/diagnostics";
import { MAX_DIAGNOSTICS, MAX_FILE_BYTES } from "../src/model/load";
import { brokenGroups, corpusBase, CORPUS, corpusFiles, fiveMegabytes, hugeLine, longHeader, validateInChild } from "./generated-files";
import { CONTOSO_CONFIG, loadFile, loadText, modelOf, ROOT, runCliCaptured } from "./helpers";

const BIN = join(ROOT, "bin", "federation.js");
// The parsers' own module objects (what the loader's calls go through), so jest.spyOn sees each call.
const yaml = require("yaml") as typeof import("yaml");
const jsYaml = require("js-yaml") as typeof import("js-yaml");
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

const cli = (args: string[]) => runCliCaptured(args);

/** Runs the real `federation` bin (killed if it hangs); resolves with exit code and stderr. */
function processRun(args: string[]): Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.on("close", (status) => done({ status, stderr, stdout }));
  });
}

const names = readdirSync(CORPUS).filter((n) => n.endsWith(".yaml")).sort();
const cases = names.map(readCase);

/** The generated hostile files, written once for the child-process run and the tests below. */
const GENERATED = mkdtempSync(join(tmpdir(), "federation-hostile-"));
const generated = {
  fiveMegabytes: join(GENERATED, "five-megabytes.yaml"),
  hugeLine: join(GENERATED, "huge-line.yaml"),
  brokenGroups: join(GENERATED, "broken-groups.yaml"),
  longHeader: join(GENERATED, "long-header.yaml"),
};
writeFileSync(generated.fiveMegabytes, fiveMegabytes());
writeFileSync(generated.hugeLine, hugeLine());
writeFileSync(generated.brokenGroups, brokenGroups(10_000));
writeFileSync(generated.longHeader, longHeader(300));

let inChild: ReturnType<typeof validateInChild>;
beforeAll(() => {
  inChild = validateInChild([...corpusFiles(), ...Object.values(generated)]);
}, 150_000);
afterAll(() => rmSync(GENERATED, { recursive: true, force: true }));

/** Validation of `file` finished in the child process (a hang there is named, instead of blocking this worker). */
function expectFinished(file: string): void {
  expect({ file, finished: inChild.codes.has(file), stuckAt: inChild.stuckAt, stderr: inChild.stuckAt ? inChild.stderr : "" }).toEqual({ file, finished: true, stuckAt: undefined, stderr: "" });
}

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
      expectFinished(c.file);
      expect(inChild.codes.get(c.file)).toBe(1);
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
    const sample = [join("test", "fixtures", "invalid", "binary-garbage.yaml"), join("test", "fixtures", "invalid", "yaml-alias-cycle.yaml"), generated.fiveMegabytes];
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
  }, 90_000);
});

describe("generated hostile files", () => {
  const dir = mkdtempSync(join(tmpdir(), "federation-hostile-"));
  const base = corpusBase();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("the corpus base itself is valid (each corpus file differs from it by its one defect)", () => {
    expect(errorsOf(loadText(base).diagnostics)).toEqual([]);
  });

  test("a 5 MB file is refused by its size before it is parsed (neither YAML parser sees it)", async () => {
    const file = generated.fiveMegabytes;
    expectFinished(file);
    expect(statSync(file).size).toBeGreaterThan(5 * 1024 * 1024);
    const parsers = [jest.spyOn(yaml, "parseDocument"), jest.spyOn(yaml, "parse"), jest.spyOn(jsYaml, "load"), jest.spyOn(jsYaml, "loadAll")];
    try {
      const v = await cli(["validate", "--config", file]);
      expect(v.code).toBe(1);
      expect(parsers.map((p) => p.mock.calls.length)).toEqual([0, 0, 0, 0]);
      // The spies see the parsers the loader calls: a small file goes through one of them.
      await cli(["validate", "--config", CONTOSO_CONFIG]);
      expect(parsers.reduce((n, p) => n + p.mock.calls.length, 0)).toBeGreaterThan(0);
      expect(v.err).toMatch(new RegExp(`five-megabytes.yaml: error the file is \\d+ bytes; a federation file may be at most ${MAX_FILE_BYTES} bytes \\[federation/file-too-large\\]`));
    } finally {
      for (const p of parsers) p.mockRestore();
    }
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

  test("a 1.5 MB single line is one located error, quoting a bounded part of the value", async () => {
    const file = generated.hugeLine;
    expectFinished(file);
    const text = readFileSync(file, "utf8");
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_FILE_BYTES);
    const v = await cli(["validate", "--config", file]);
    expect(v.code).toBe(1);
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

  test("10,000 broken entries in one mapping are reported, capped", () => {
    expectFinished(generated.brokenGroups);
    const r = loadFile(generated.brokenGroups);
    expect(errorsOf(r.diagnostics)).toHaveLength(MAX_DIAGNOSTICS);
    expect(r.diagnostics[0]).toMatchObject({ id: "federation/wrong-type", path: "groups.g0" });
    expect(r.diagnostics[r.diagnostics.length - 1].message).toContain("9800 more problems");
  });

  test("locating the broken entries of one mapping visits each entry a bounded number of times (no per-diagnostic scan of the mapping)", () => {
    // Key lookups in a mapping go through yaml's isPair once per entry when the mapping is indexed; a scan per
    // lookup would make the count grow with entries × diagnostics.
    // (Counted by hand: a jest spy would record every call's arguments.)
    const visits = (count: number) => {
      const isPair = yaml.isPair;
      let calls = 0;
      yaml.isPair = ((node: unknown) => (calls++, isPair(node))) as typeof isPair;
      try {
        loadText(brokenGroups(count, base));
        return calls;
      } finally {
        yaml.isPair = isPair;
      }
    };
    const [small, large] = [visits(1_000), visits(4_000)];
    expect(small).toBeGreaterThanOrEqual(1_000);
    expect(large / small).toBeLessThan(4.5);
  });
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

  test("a 300-line header comment loads (an old empty-file check backtracked exponentially: it hung)", () => {
    expectFinished(generated.longHeader);
    expect(inChild.codes.get(generated.longHeader)).toBe(0);
    expect(load(longHeader(300)).model).toBeDefined();
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
