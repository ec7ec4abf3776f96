/**
 * Writes adopt's output files: each one atomically (a temporary file in the same folder, renamed over the target,
 * so a reader sees the old file or the whole new one), and none over an existing file unless the caller says so
 * (`--force`): adopt never replaces a file it did not write by accident. All targets are checked before the first
 * is written, so a refusal writes nothing.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export class WriteRefused extends Error {}

export function writeFilesAtomically(files: readonly { readonly path: string; readonly text: string }[], options: { readonly force: boolean }): void {
  if (!options.force) {
    const existing = files.filter((f) => existsSync(f.path));
    if (existing.length) {
      throw new WriteRefused(`${existing.map((f) => f.path).join(" and ")} exist${existing.length === 1 ? "s" : ""} already; nothing was written (pass --force to replace ${existing.length === 1 ? "it" : "them"})`);
    }
  }
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.tmp-${process.pid}`);
      writeFileSync(tmp, f.text, { flag: "wx" });
      temps.push({ tmp, path: f.path });
    }
    for (const t of temps) renameSync(t.tmp, t.path);
  } finally {
    for (const t of temps) rmSync(t.tmp, { force: true });
  }
}
