/** Shared test helpers: load files and text with a fixed "today", synthesize every stack into a temp dir. */
import { mkdtempSync, rmSync } from "node:fs";
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

/** All blocks of one type in a stack's JSON: `resources(json, "azuread_group")` → { logicalId: attributes }. */
export function blocks(json: Record<string, any>, type: string, kind: "resource" | "data" = "resource"): Record<string, any> {
  return json[kind]?.[type] ?? {};
}

/** The single block of a type; fails the test when there is not exactly one. */
export function only(json: Record<string, any>, type: string, kind: "resource" | "data" = "resource"): any {
  const all = Object.values(blocks(json, type, kind));
  if (all.length !== 1) throw new Error(`expected exactly one ${kind} ${type}, found ${all.length}`);
  return all[0];
}
