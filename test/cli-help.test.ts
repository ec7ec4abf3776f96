/**
 * The CLI explains itself: `--help` / `-h` on the program and on every command (options with defaults, an example,
 * the exit codes), `help <command>`, `--version`, and usage errors that name the nearest command or option. Every
 * command's help, parsing and examples come from its one definition (src/commands/io.ts `Command`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { commands, runCli } from "../src/cli";
import * as common from "../src/commands/common";
import { PROGRAM_EXIT_CODES, optionLabel } from "../src/commands/help";
import type { CliIo, Command } from "../src/commands/io";
import { editDistance } from "../src/model/suggest";
import { ROOT } from "./helpers";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: ROOT };
  return { io, out: () => out.join("\n"), err: () => err.join("\n") };
}

async function run(argv: string[]) {
  const c = capture();
  const code = await runCli(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

const byName = commands.map((c) => [c.name, c] as const);

describe("the program", () => {
  test.each([[[]], [["--help"]], [["-h"]], [["help"]]])("GIVEN %j WHEN run THEN it prints the program help (every command, the environment, every exit code) and exits 0", async (argv) => {
    const r = await run(argv);
    expect([r.code, r.err]).toEqual([0, ""]);
    for (const c of commands) expect(r.out).toMatch(new RegExp(`^  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
    for (const [code] of PROGRAM_EXIT_CODES) expect(r.out).toMatch(new RegExp(`^  ${code} +\\S`, "m"));
    expect(r.out).toContain("NO_COLOR");
    expect(r.out).toContain("GITHUB_ACTIONS=true");
  });

  test("GIVEN --version WHEN run THEN it prints the version of package.json", async () => {
    const r = await run(["--version"]);
    expect([r.code, r.out, r.err]).toEqual([0, JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version, ""]);
  });

  test.each([
    ["difff", "diff"],
    ["valdate", "validate"],
    ["Synth", "synth"],
    ["plan-sumary", "plan-summary"],
    ["complete", "completion"],
  ])("GIVEN the unknown command %s WHEN run THEN exit 2 with did you mean %s and the command list", async (typed, meant) => {
    const r = await run([typed]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(`unknown command ${JSON.stringify(typed)}; did you mean ${JSON.stringify(meant)}?`);
    for (const c of commands) expect(r.err).toContain(`  ${c.name} `);
  });

  test("GIVEN a word that is near no command WHEN run THEN no guess, exit 2", async () => {
    const r = await run(["xyzzy-frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "xyzzy-frobnicate"\n');
    expect(r.err).not.toContain("did you mean");
  });

  test("GIVEN help for a command that does not exist WHEN run THEN exit 2 with the nearest one", async () => {
    const r = await run(["help", "drfit"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "drfit"; did you mean "drift"?');
  });
});

describe("every command", () => {
  test("GIVEN the command list THEN it has every command, adopt, drift and completion included", () => {
    expect(commands.map((c) => c.name)).toEqual(["validate", "synth", "report", "diff", "plan-summary", "shards", "adopt", "drift", "completion"]);
  });

  test.each(byName)("GIVEN %s --help and -h and help %s WHEN run THEN each prints the same help: usage, every option with its default, examples, exit codes; exit 0", async (name, c) => {
    const long = await run([name, "--help"]);
    const short = await run([name, "-h"]);
    const viaHelp = await run(["help", name]);
    expect([long.code, long.err]).toEqual([0, ""]);
    expect(short).toEqual(long);
    expect(viaHelp).toEqual(long);
    const help = long.out;
    expect(help.startsWith(`federation ${name}: ${c.summary}\n\nusage: ${c.usage}\n`)).toBe(true);
    for (const [option, spec] of Object.entries(c.options)) {
      const line = help.split("\n").find((l) => l.trimStart().startsWith(optionLabel(option, spec)));
      expect([option, line]).toEqual([option, expect.stringContaining(spec.description)]);
      if (spec.defaultText !== undefined) expect([option, line]).toEqual([option, expect.stringContaining(`default: ${spec.defaultText}`)]);
    }
    expect(help).toMatch(/^  -h, --help +show this help and exit$/m);
    expect(help).toMatch(/^examples?:$/m);
    for (const e of c.examples) expect(help).toContain(`  ${e.command}\n      ${e.does}\n`);
    for (const [code, meaning] of c.exitCodes) expect(help).toMatch(new RegExp(`^  ${code} +${meaning.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
  });

  test.each(byName)("GIVEN the definition of %s THEN it documents an example, its exit codes (0 and 2 at least) and every option", (_name, c) => {
    expect(c.examples.length).toBeGreaterThanOrEqual(1);
    expect(c.exitCodes.map(([code]) => code)).toEqual(expect.arrayContaining([0, 2]));
    for (const [code] of c.exitCodes) expect(PROGRAM_EXIT_CODES.map(([p]) => p)).toContain(code);
    for (const o of Object.values(c.options)) expect(o.description.length).toBeGreaterThan(5);
  });

  test.each(byName)("GIVEN %s WHEN it parses its arguments THEN it parses with exactly the options its help documents", async (_name, c: Command) => {
    const spy = jest.spyOn(common, "parse");
    try {
      const r = capture();
      // An option nobody has: every command parses first, so this stops at the parse with a usage error.
      await expect((async () => c.run(["--no-such-option-anywhere"], r.io))()).rejects.toThrow(/unknown option --no-such-option-anywhere/);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(Object.keys(spy.mock.calls[0][1])).toEqual(Object.keys(c.options));
    } finally {
      spy.mockRestore();
    }
  });

  test.each(byName)("GIVEN every example of %s WHEN a shell reads it THEN its federation arguments parse with the command's options", (name, c) => {
    const dir = mkdtempSync(join(tmpdir(), "federation-examples-"));
    try {
      for (const e of c.examples) {
        const log = join(dir, "argv");
        // Stand-ins record the arguments the shell passes (pipes, redirects and process substitution run as written).
        const stubs = `federation() { printf '%s\\0' "$@" > "$ARGV"; }\nnpx() { shift; federation "$@"; }\nterraform() { :; }\n`;
        const r = spawnSync("bash", ["--norc", "--noprofile", "-c", `${stubs}${e.command}`], { cwd: dir, env: { PATH: process.env.PATH, ARGV: log }, encoding: "utf8" });
        expect([e.command, r.status, r.stderr]).toEqual([e.command, 0, ""]);
        const [command, ...args] = readFileSync(log, "utf8").split("\0").slice(0, -1);
        expect([e.command, command]).toEqual([e.command, name]);
        expect(() => common.parse(args, c.options, c.positionals !== undefined)).not.toThrow();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("usage errors", () => {
  const withOptions = byName.filter(([, c]) => Object.keys(c.options).length > 0);

  test("GIVEN an option name of any command with one character changed WHEN run THEN exit 2, the typo named, and a guess at most one edit away from it, and the command's usage", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...withOptions),
        fc.nat(),
        fc.nat(),
        fc.constantFrom("insert", "delete", "replace"),
        fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz-"),
        async ([name, c], which, at, edit, ch) => {
          const options = Object.keys(c.options);
          const option = options[which % options.length];
          const i = at % option.length;
          const typo = edit === "insert" ? option.slice(0, i) + ch + option.slice(i) : edit === "delete" ? option.slice(0, i) + option.slice(i + 1) : option.slice(0, i) + ch + option.slice(i + 1);
          fc.pre(typo.length > 1 && !options.includes(typo) && typo !== "help" && typo !== "h" && !typo.startsWith("-"));
          const r = await run([name, `--${typo}`]);
          expect(r.code).toBe(2);
          const m = /^unknown option --(\S+?)(?:; did you mean --(\S+)\?)?$/m.exec(r.err);
          expect(m?.[1]).toBe(typo);
          expect(m?.[2]).toBeDefined();
          expect(options).toContain(m?.[2]);
          expect(editDistance(typo, m?.[2] ?? "")).toBeLessThanOrEqual(1);
          expect(r.err).toContain(`usage: ${c.usage}\n(\`federation ${name} --help\` for every option)`);
        },
      ),
      { numRuns: 60 },
    );
  });

  test.each([
    [["diff", "--base"], "--base needs a value (FILE|REF:PATH)"],
    [["diff", "--base", "a.yaml", "--fail-on-warning=yes"], "--fail-on-warning is a switch and takes no value"],
    [["validate", "extra.yaml"], 'unexpected argument "extra.yaml"'],
    [["validate", "—config"], 'unexpected argument "—config"'],
    [["completion"], "give the shell: bash or zsh"],
    [["completion", "fish"], 'give the shell: bash or zsh (not "fish")'],
  ])("GIVEN %j WHEN run THEN exit 2 and %s", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")[0]).toBe(message);
  });

  test("GIVEN -h as the value of an option WHEN run THEN it is not a request for help", async () => {
    const r = await run(["plan-summary", "--title", "-h"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
  });

  test("GIVEN --help after -- WHEN run THEN it is an argument, not a request for help", async () => {
    const r = await run(["plan-summary", "--", "--help"]);
    expect(r.out).not.toContain("usage:");
    expect(r.code).toBe(1);
    expect(r.err).toContain("cannot read plan");
  });
});

describe("as a process", () => {
  test("GIVEN the federation bin WHEN asked for help, a command's help and the version THEN each exits 0 on stdout, stderr empty", () => {
    for (const argv of [["--help"], ["drift", "--help"], ["--version"]]) {
      const r = spawnSync(process.execPath, [join(ROOT, "bin", "federation.js"), ...argv], { encoding: "utf8", env: { ...process.env, FEDERATION_FROM_SOURCES: "1" } });
      expect([argv, r.status, r.stderr]).toEqual([argv, 0, ""]);
      expect(r.stdout.length).toBeGreaterThan(5);
    }
  });
});
