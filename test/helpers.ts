/** Shared test helpers: load files and text with a fixed "today", synthesize every stack into a temp dir. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { formatDiagnostic } from "../src/model/diagnostics";
import { loadFederationFile, type LoadResult, parseFederation } from "../src/model/load";
import type { FederationModel } from "../src/model/model";
import { readStacks } from "../src/synth-output";

/** Tests run "on" this date so certificate and expiry rules are deterministic. */
export const NOW = new Date("2026-11-22T00:00:00Z");
export const ROOT = resolve(__dirname, "..");
export const DEFAULT_CONFIG = join(ROOT, "config", "federation.yaml");
export const CONTOSO_CONFIG = join(ROOT, "test", "fixtures", "contoso.yaml");

export function loadFile(file: string): LoadResult {
  return loadFederationFile(file, { now: NOW });
}

/** Validates YAML text as if it were a file in test/fixtures (relative inline-policy paths resolve there). */
export function loadText(text: string, name = "inline.yaml"): LoadResult {
  return parseFederation(text, join(ROOT, "test", "fixtures", name), { now: NOW });
}

/** The model of a file that must be valid; throws with its diagnostics otherwise. */
export function modelOf(fileOrResult: string | LoadResult): FederationModel {
  const r = typeof fileOrResult === "string" ? loadFile(fileOrResult) : fileOrResult;
  if (!r.model) throw new Error(`expected a valid file:\n${r.diagnostics.map((d) => formatDiagnostic(r.file, d)).join("\n")}`);
  return r.model;
}

export type SynthesizedStacks = Record<string, Record<string, any>>;

/**
 * Synthesized stacks by model content, per test file (jest gives each file its own module registry). Synthesis is a
 * pure function of the model, and a synthesis costs 0.3-0.7 s: files that synthesize the same model in several tests
 * pay once. Stored as text, so every caller gets its own copy to read or change.
 */
const synthCache = new Map<string, string>();

/** Synthesizes every stack of a model (cross-stack references included) and returns each stack's JSON by name. */
export function synthAll(model: FederationModel): SynthesizedStacks {
  const key = JSON.stringify(model);
  const cached = synthCache.get(key);
  if (cached !== undefined) return JSON.parse(cached) as SynthesizedStacks;
  // Loaded on first use: cdktf and the providers cost ~0.5 s per test file, and most files never synthesize.
  const { buildApp } = require("../src/app") as typeof import("../src/app");
  const out = mkdtempSync(join(tmpdir(), "federation-synth-"));
  // cdktf records a complete stack trace for every token it creates, only to quote it if the token later fails to
  // resolve; formatting those traces is about 70% of a synthesis. Formatting them as "" during synthesis changes no
  // output (an error thrown here is formatted after the hook is restored) and makes each synthesis ~3x faster.
  const formatStack = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  try {
    buildApp(model, { outdir: out }).app.synth();
    const stacks = Object.fromEntries(readStacks(out).map((s) => [s.name, s.json]));
    synthCache.set(key, JSON.stringify(stacks));
    return stacks;
  } finally {
    Error.prepareStackTrace = formatStack;
    rmSync(out, { recursive: true, force: true });
  }
}

type BlockKind = "resource" | "data";

/** All blocks of one type in a stack's JSON: `blocks(json, "azuread_group_without_members")` → { logicalId: attributes }. */
export function blocks(json: Record<string, any>, type: string, kind: BlockKind = "resource"): Record<string, any> {
  return json[kind]?.[type] ?? {};
}

/** The logical id and attributes of the single block of a type; fails the test when there is not exactly one. */
function single(json: Record<string, any>, type: string, kind: BlockKind): [string, any] {
  const all = Object.entries(blocks(json, type, kind));
  if (all.length !== 1) throw new Error(`expected exactly one ${kind} ${type}, found ${all.length}`);
  return all[0];
}

/** The single block of a type; fails the test when there is not exactly one. */
export function only(json: Record<string, any>, type: string, kind: BlockKind = "resource"): any {
  return single(json, type, kind)[1];
}

/** The address (`type.logicalId`, `data.type.logicalId`) of the single block of a type, as expressions reference it. */
export function address(json: Record<string, any>, type: string, kind: BlockKind = "resource"): string {
  return `${kind === "data" ? "data." : ""}${type}.${single(json, type, kind)[0]}`;
}

/** The for_each map of the single block of a type. */
export function forEachOf(json: Record<string, any>, type: string, kind: BlockKind = "resource"): Record<string, any> {
  return only(json, type, kind).for_each;
}

/** Every block (resource and data source) of a stack as [type (`data.` prefixed for data sources), logicalId, attributes]. */
export function allBlocks(json: Record<string, any>): Array<[string, string, any]> {
  const out: Array<[string, string, any]> = [];
  for (const kind of ["resource", "data"] as const) {
    for (const [type, byId] of Object.entries<Record<string, any>>(json[kind] ?? {})) {
      for (const [id, attrs] of Object.entries(byId)) out.push([kind === "data" ? `data.${type}` : type, id, attrs]);
    }
  }
  return out;
}

/**
 * Every instance address the stack's resources and data sources will have, sorted: `type.id["key"]` for a for_each
 * block, `type.id` otherwise (`data.` prefixed for data sources). What a plan shows.
 */
export function instanceAddresses(json: Record<string, any>): string[] {
  const out: string[] = [];
  for (const [type, id, block] of allBlocks(json)) {
    const base = `${type}.${id}`;
    const forEach = block.for_each;
    // A `count` here is 0 or 1 (what exists once the SCIM secret has a value): its instance, when there, is [0].
    if (forEach === undefined) out.push(block.count !== undefined ? `${base}[0]` : base);
    else out.push(...(typeof forEach === "string" ? setKeys(forEach) : Object.keys(forEach)).map((k) => `${base}[${JSON.stringify(k)}]`));
  }
  return out.sort();
}

/** Keys of a `${toset([...])}` for_each (how cdktf writes a list iterator). */
function setKeys(expression: string): string[] {
  const m = /^\$\{toset\((\[.*\])\)\}$/s.exec(expression);
  if (!m) throw new Error(`unexpected for_each expression ${expression}`);
  return JSON.parse(m[1]) as string[];
}

/** Contents of every file below a folder, concatenated (to search everything a command wrote). */
export function readTree(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
}

/** The shells our shell text must run in: bash, and zsh (macOS's default). The suite refuses to start without either (test/global-setup.ts). */
export const SHELLS = ["bash", "zsh"] as const;

/** The shells every shell check runs in (both, always: test/global-setup.ts makes sure they are installed). */
export function installedShells(): readonly ("bash" | "zsh")[] {
  return SHELLS;
}

/** A file that synthesis writes next to the stacks (`identity-center-handoff.md`, `manifest.json`), as text. */
export function synthesizedFile(model: FederationModel, file: string): string {
  const { buildApp } = require("../src/app") as typeof import("../src/app");
  const out = mkdtempSync(join(tmpdir(), "federation-synth-file-"));
  try {
    buildApp(model, { outdir: out }).app.synth();
    return readFileSync(join(out, file), "utf8");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A CLI's streams captured in memory (`runCli(args, io)` in-process), with what it printed so far. */
export function capturedIo(cwd: string = ROOT, env: NodeJS.ProcessEnv = {}): { io: import("../src/commands/io").CliIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd }, out: () => out.join("\n"), err: () => err.join("\n") };
}

/** Runs `federation <args>` in-process (the sources), in `cwd` with exactly `env`: its exit code and what it printed. */
export async function runCliCaptured(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; out: string; err: string }> {
  // Loaded on first use: the CLI loads every command, which most test files never run.
  const { runCli } = require("../src/cli") as typeof import("../src/cli");
  const c = capturedIo(options.cwd, options.env);
  const code = await runCli([...args], c.io);
  return { code, out: c.out(), err: c.err() };
}

/** The documentation users read: README.md, then every page under docs/ (sorted), as paths relative to the root. */
export function documentationFiles(): string[] {
  const { readdirSync } = require("node:fs") as typeof import("node:fs");
  return ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
}

/** README.md and docs/*.md as one text (each page after the other), for checks of what the documentation says. */
export function documentationText(): string {
  const { readFileSync } = require("node:fs") as typeof import("node:fs");
  return documentationFiles().map((f) => readFileSync(join(ROOT, f), "utf8")).join("\n");
}
