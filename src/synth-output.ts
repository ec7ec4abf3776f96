/**
 * Synthesis into a folder atomically: write to a fresh temporary sibling, then swap it in. A failed run leaves the
 * previous output exactly as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export function synthesizeAtomically(outdir: string, synthesize: (tmpdir: string) => void): void {
  const parent = dirname(outdir);
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(join(parent, `.${basename(outdir)}.tmp-`));
  try {
    synthesize(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const backup = existsSync(outdir) ? `${tmp}.old` : undefined;
  if (backup) renameSync(outdir, backup);
  try {
    renameSync(tmp, outdir);
  } catch (e) {
    if (backup) renameSync(backup, outdir);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (backup) rmSync(backup, { recursive: true, force: true });
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
