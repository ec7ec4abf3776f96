/**
 * `federation completion bash|zsh`, loaded into the real shells: bash registers the function and completes commands,
 * every option of every command and their values (`compgen`, `complete -p`, the function called as bash's completion
 * calls it); zsh parses the script, registers it with `compdef` when sourced after compinit, and through its
 * `#compdef` line when installed on `$fpath`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commands, runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { ROOT } from "./helpers";

async function script(shell: string): Promise<string> {
  const out: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(`ERR ${t}`), env: {}, cwd: ROOT };
  expect(await runCli(["completion", shell], io)).toBe(0);
  return out.join("");
}

let work: string;
let bashFile: string;
let zshFile: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "federation-completion-"));
  bashFile = join(work, "federation.bash");
  zshFile = join(work, "federation.zsh");
  writeFileSync(bashFile, await script("bash"));
  writeFileSync(zshFile, await script("zsh"));
  mkdirSync(join(work, "files", "plans"), { recursive: true });
  writeFileSync(join(work, "files", "plan.json"), "{}");
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const bash = (body: string, cwd = work) => spawnSync("bash", ["--norc", "--noprofile", "-c", `source ${JSON.stringify(bashFile)}\n${body}`], { cwd, encoding: "utf8", env: { PATH: process.env.PATH, HOME: work } });

/** What bash's programmable completion offers for a command line whose last word is being completed. */
function complete(...words: string[]): string[] {
  const array = words.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(" ");
  const r = bash(`COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _federation; printf '%s\\n' "\${COMPREPLY[@]}"`, join(work, "files"));
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout.split("\n").filter(Boolean).sort();
}

describe("bash", () => {
  test("GIVEN the script WHEN sourced THEN complete -p shows the function registered for federation", () => {
    const r = bash("complete -p federation");
    expect([r.status, r.stderr, r.stdout.trim()]).toEqual([0, "", "complete -o default -F _federation federation"]);
  });

  test("GIVEN the first word WHEN completed THEN every command and help; a prefix narrows them", () => {
    expect(complete("federation", "")).toEqual([...commands.map((c) => c.name), "help"].sort());
    expect(complete("federation", "d")).toEqual(["diff", "drift"]);
    expect(complete("federation", "help", "sh")).toEqual(["shards"]);
  });

  test.each(commands.map((c) => [c.name, c] as const))("GIVEN %s WHEN its options are completed THEN every documented option and -h/--help are offered, and each option's own prefix finds it", (name, c) => {
    const expected = [...Object.keys(c.options).map((o) => `--${o}`), "--help", "-h"].sort();
    expect(complete("federation", name, "-")).toEqual(expected);
    for (const o of Object.keys(c.options)) expect(complete("federation", name, `--${o}`)).toContain(`--${o}`);
  });

  test("GIVEN an option with fixed values WHEN its value is completed THEN exactly those values", () => {
    expect(complete("federation", "diff", "--format", "")).toEqual(["json", "markdown"]);
    expect(complete("federation", "report", "--format", "j")).toEqual(["json"]);
    expect(complete("federation", "completion", "")).toEqual(["bash", "zsh"]);
  });

  test("GIVEN a file or folder value WHEN completed THEN files, or folders only", () => {
    expect(complete("federation", "plan-summary", "pl")).toEqual(["plan.json", "plans"]);
    expect(complete("federation", "validate", "--config", "pl")).toEqual(["plan.json", "plans"]);
    expect(complete("federation", "synth", "--out", "pl")).toEqual(["plans"]);
  });

  test("GIVEN a value that is a number or a name WHEN completed THEN nothing is offered", () => {
    expect(complete("federation", "diff", "--max-rows", "")).toEqual([]);
  });
});

describe("zsh", () => {
  test("GIVEN the script WHEN zsh -n reads it THEN it parses", () => {
    const r = spawnSync("zsh", ["-n", zshFile], { encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });

  test("GIVEN compinit WHEN the script is sourced THEN compdef registers _federation for federation", () => {
    const r = spawnSync("zsh", ["-f", "-c", `autoload -Uz compinit && compinit -u -d ${JSON.stringify(join(work, "zcompdump"))}; source ${JSON.stringify(zshFile)}; print -r -- "$_comps[federation]"; (( $+functions[_federation] )) && print defined`], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: work } });
    expect([r.status, r.stderr, r.stdout]).toEqual([0, "", "_federation\ndefined\n"]);
  });

  test("GIVEN the script saved as _federation on $fpath WHEN compinit runs THEN its #compdef line registers it", () => {
    const dir = join(work, "zfunc");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "_federation"), require("node:fs").readFileSync(zshFile, "utf8"));
    const r = spawnSync("zsh", ["-f", "-c", `fpath=(${JSON.stringify(dir)} $fpath); autoload -Uz compinit && compinit -u -d ${JSON.stringify(join(work, "zcompdump2"))}; print -r -- "$_comps[federation]"`], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: work } });
    expect([r.status, r.stderr, r.stdout]).toEqual([0, "", "_federation\n"]);
  });

  test("GIVEN no compinit WHEN the script is sourced THEN it says what to run first and does not fail", () => {
    const r = spawnSync("zsh", ["-f", "-c", `source ${JSON.stringify(zshFile)}; print ok`], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: work } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("ok\n");
    expect(r.stderr).toContain("run compinit first");
  });

  test("GIVEN the zsh script THEN it has an _arguments spec for every option of every command, with fixed values listed", async () => {
    const text = await script("zsh");
    for (const c of commands) {
      expect(text).toContain(`    (${c.name})\n      _arguments -s`);
      for (const o of Object.keys(c.options)) expect([c.name, o, text.includes(`--${o}[`)]).toEqual([c.name, o, true]);
    }
    expect(text).toContain(":(markdown json)'");
    expect(text).toContain("'1:bash|zsh:(bash zsh)'");
  });
});
