/**
 * Synthesis into a folder atomically: write to a fresh temporary sibling, then swap it in. A failed run leaves the
 * previous output exactly as it was.
 *
 * Only a folder that is ours is ever replaced: one that does not exist, an empty one, or a previous synthesis output,
 * recognised by the marker file every synthesis writes (`federation synth` and main.ts, which `cdktf synth|deploy`
 * run) together with cdktf's `manifest.json`. Anything else (`--out .` in a project, a home folder, a file) is refused
 * before anything is written, so a mistyped `--out` never deletes what we did not create.
 *
 * What Terraform keeps in a stack's folder survives a re-synthesis, as with `cdktf synth` (which writes into the
 * folder in place): `.terraform/` (the initialized backend and providers) and `.terraform.lock.hcl`. Without them the
 * hand-off's `terraform -chdir=cdktf.out/stacks/<stack> output …` stops with "Backend initialization required".
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The marker every synthesis writes into its output folder. */
export const OUTPUT_MARKER = ".federation-synthesis";
const MARKER_CONTENT = {
  generator: "entra-identity-center-federation",
  note: "Written by every synthesis (federation synth, npm start, cdktf synth/deploy). This folder is generated: each synthesis replaces it.",
};

/** What Terraform keeps in a stack's working directory that a re-synthesis carries over. */
export const KEPT_IN_STACK_FOLDERS = [".terraform", ".terraform.lock.hcl"] as const;

/** The output folder is not ours to replace. The message says which folder and why; nothing was written. */
export class OutputFolderRefused extends Error {}

/** Marks a folder as a synthesis output (after the app has synthesized into it). */
export function markSynthesisOutput(dir: string): void {
  writeFileSync(join(dir, OUTPUT_MARKER), `${JSON.stringify(MARKER_CONTENT, null, 2)}\n`);
}

/** Why `outdir` may not be replaced by a synthesis, or undefined when it may (missing, empty, or a synthesis output). */
export function refusalToReplace(outdir: string): string | undefined {
  let stat;
  try {
    stat = lstatSync(outdir);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) return "is a symbolic link; give the folder itself";
  if (!stat.isDirectory()) return "exists and is not a folder";
  if (readdirSync(outdir).length === 0) return undefined;
  if (!isMarker(join(outdir, OUTPUT_MARKER))) return `is not empty and is not a synthesis output (it has no ${OUTPUT_MARKER} marker)`;
  if (!isManifest(join(outdir, "manifest.json"))) return "has the synthesis marker but no cdktf manifest.json";
  return undefined;
}

function isMarker(file: string): boolean {
  try {
    return lstatSync(file).isFile() && JSON.parse(readFileSync(file, "utf8"))?.generator === MARKER_CONTENT.generator;
  } catch {
    return false;
  }
}

function isManifest(file: string): boolean {
  try {
    const m = lstatSync(file).isFile() ? JSON.parse(readFileSync(file, "utf8")) : undefined;
    return !!m && typeof m === "object" && typeof m.version === "string" && !!m.stacks && typeof m.stacks === "object";
  } catch {
    return false;
  }
}

/**
 * Synthesizes into a temporary sibling of `outdir` and swaps it in. Throws `OutputFolderRefused` (before writing
 * anything) when `outdir` is not ours to replace; any error of `synthesize` leaves `outdir` as it was.
 */
export function synthesizeAtomically(outdir: string, synthesize: (tmpdir: string) => void): void {
  const refused = () => {
    const why = refusalToReplace(outdir);
    if (why) throw new OutputFolderRefused(`${outdir} ${why}: nothing was written. Give --out a new or empty folder, or the output folder of an earlier synthesis.`);
  };
  refused();
  const parent = dirname(outdir);
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(join(parent, `.${basename(outdir)}.tmp-`));
  try {
    synthesize(tmp);
    markSynthesisOutput(tmp);
    refused(); // again, just before the swap: the folder may have changed meanwhile
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const kept = existsSync(outdir) ? carryOver(outdir, tmp) : [];
  const backup = existsSync(outdir) ? `${tmp}.old` : undefined;
  try {
    if (backup) renameSync(outdir, backup);
    try {
      renameSync(tmp, outdir);
    } catch (e) {
      if (backup) renameSync(backup, outdir);
      throw e;
    }
  } catch (e) {
    for (const [from, to] of kept) renameSync(to, from);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (backup) rmSync(backup, { recursive: true, force: true });
}

/**
 * Moves `.terraform/` and `.terraform.lock.hcl` of every stack that is in both outputs from the old one into the new
 * one (a rename: provider binaries are large). Returns the moves as [old path, new path] to undo them.
 */
function carryOver(oldOut: string, newOut: string): [string, string][] {
  const moved: [string, string][] = [];
  const oldStacks = join(oldOut, "stacks");
  const newStacks = join(newOut, "stacks");
  if (!existsSync(oldStacks) || !existsSync(newStacks)) return moved;
  try {
    for (const stack of readdirSync(newStacks)) {
      for (const name of KEPT_IN_STACK_FOLDERS) {
        const from = join(oldStacks, stack, name);
        const to = join(newStacks, stack, name);
        if (!existsSync(from) || existsSync(to)) continue;
        renameSync(from, to);
        moved.push([from, to]);
      }
    }
  } catch (e) {
    for (const [from, to] of moved.reverse()) renameSync(to, from);
    throw e;
  }
  return moved;
}

export interface StackJson {
  readonly name: string;
  readonly json: Record<string, any>;
}

/** Reads `<outdir>/stacks/<name>/cdk.tf.json` for every stack, sorted by name. */
export function readStacks(outdir: string): StackJson[] {
  const dir = join(outdir, "stacks");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, "cdk.tf.json")))
    .map((name) => ({ name, json: JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8")) }));
}

export function countBlocks(json: Record<string, any>, kind: "resource" | "data" | "output"): number {
  const section = json[kind] ?? {};
  if (kind === "output") return Object.keys(section).length;
  return Object.values(section as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
