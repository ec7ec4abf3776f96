/**
 * `federation adopt`, without the command line: snapshot → federation file (src/adopt/build.ts), validated by our own
 * loader → synthesized stacks → import blocks for every instance that exists (src/adopt/import-plan.ts) → the file
 * again with `imports:`, validated and synthesized once more, so the import blocks are proven to render into the
 * stacks they name. Nothing is written here (src/adopt/write.ts does, atomically).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { stringify } from "yaml";
import { formatDiagnostic, type Diagnostic } from "../model/diagnostics";
import { renderImportsFile } from "../model/imports";
import { parseFederation } from "../model/load";
import type { FederationModel } from "../model/model";
import { assignmentShardCount, expansionOf } from "../model/shard-count";
import { planShards } from "../identity-center/shards";
import { readStacks, type StackJson } from "../synth-output";
import { type AdoptNote, type BuildOptions, buildFederation, type Naming } from "./build";
import { type ImportPlan, planImports } from "./import-plan";
import type { Snapshot } from "./snapshot";

/** First line of every file adopt writes: how `adopt` recognises its own output. */
export const ADOPTED_MARKER = "# Written by `federation adopt`";

export interface AdoptOptions extends Omit<BuildOptions, "renames" | "base"> {
  /** Where the federation file will be written (names it in messages; the import file goes next to it). */
  readonly file: string;
  /** Where the snapshot came from, for the file's header. */
  readonly sourceLabel: string;
}

export interface Adopted {
  readonly yaml: string;
  readonly importsFile: string;
  readonly importsText: string;
  readonly model: FederationModel;
  readonly plan: ImportPlan;
  readonly notes: readonly AdoptNote[];
  /** Warnings of the adopted file (it has no errors). */
  readonly warnings: readonly Diagnostic[];
  readonly naming: Naming;
}

export type AdoptOutcome = { readonly ok: true; readonly adopted: Adopted } | { readonly ok: false; readonly problems: readonly string[] };

const MAX_RENAME_ROUNDS = 3;

export function adopt(snapshot: Snapshot, options: AdoptOptions): AdoptOutcome {
  const file = resolve(options.file);
  const importsFile = `${basename(file).replace(/\.ya?ml$/i, "")}.imports.json`;
  const renames = new Map<string, string>();

  // 1. The file, validated; a derived group or account name the rules refuse is replaced by a plain one.
  let build = buildFederation(snapshot, { ...options, renames });
  let model: FederationModel | undefined;
  for (let round = 0; ; round++) {
    if (build.problems.length) return { ok: false, problems: build.problems.map((p) => `${p.message} [${p.id}]`) };
    const loaded = parseFederation(render(build.spec, options.sourceLabel), file, { now: options.now });
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    if (loaded.model) {
      model = loaded.model;
      break;
    }
    const renamed = round < MAX_RENAME_ROUNDS && renameRefused(errors, build, renames);
    if (!renamed) return { ok: false, problems: errors.map((d) => `the adopted file would not be valid: ${formatDiagnostic(basename(file), d)}`) };
    build = buildFederation(snapshot, { ...options, renames });
  }

  // 2. Import blocks from the synthesized stacks.
  const plan = planImports({ stacks: synthesize(model), snapshot, naming: build.naming, expressionKeys: shardKeys(model) });
  if (plan.problems.length) return { ok: false, problems: [...plan.problems] };
  const importsText = renderImportsFile(plan.imports);

  // 3. The final file names its import file; validated and synthesized with it.
  const spec = { ...build.spec, imports: importsFile };
  const yaml = render(spec, options.sourceLabel);
  const importsPath = join(dirname(file), importsFile);
  const final = parseFederation(yaml, file, { now: options.now, readFile: (p) => (resolve(p) === importsPath ? importsText : undefined) });
  if (!final.model) return { ok: false, problems: final.diagnostics.filter((d) => d.severity === "error").map((d) => formatDiagnostic(basename(file), d)) };
  synthesize(final.model);
  return {
    ok: true,
    adopted: {
      yaml,
      importsFile,
      importsText,
      model: final.model,
      plan,
      notes: build.notes,
      warnings: final.diagnostics.filter((d) => d.severity === "warning"),
      naming: build.naming,
    },
  };
}

/** The file's YAML: a header saying where it came from, then the contract's sections in their usual order. */
export function render(spec: Record<string, unknown>, sourceLabel: string): string {
  const header = [
    ADOPTED_MARKER,
    `# from ${sourceLabel.replace(/[\r\n\u2028\u2029]/g, " ")}.`,
    "# Review it like any change: it describes what exists; deploying it first imports (README: Adopting an existing federation).",
  ].join("\n");
  return `${header}\n${stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** Adds a plain name for each group or account key the loader refused (its path names it); false when nothing could be renamed. */
function renameRefused(errors: readonly Diagnostic[], build: { naming: Naming; spec: Record<string, unknown> }, renames: Map<string, string>): boolean {
  const { naming } = build;
  const accounts = (build.spec.accounts ?? {}) as Record<string, { id: string }>;
  let changed = false;
  for (const d of errors) {
    const m = /^(groups|accounts)(?:\.([A-Za-z_$][\w$-]*)|\[("(?:[^"\\]|\\.)*")\])/.exec(d.path);
    if (!m) continue;
    const name = m[2] ?? (JSON.parse(m[3]) as string);
    if (m[1] === "groups") {
      const id = naming.groupObjectIds.get(name);
      if (!id || naming.managedGroups.has(name) || renames.has(`group:${id}`)) continue;
      renames.set(`group:${id}`, `group-${id.slice(0, 8)}`);
    } else {
      const id = Object.hasOwn(accounts, name) ? accounts[name].id : undefined;
      if (!id || renames.has(`account:${id}`)) continue;
      renames.set(`account:${id}`, `account-${id}`);
    }
    changed = true;
  }
  return changed;
}

/** Every stack of a model, synthesized into a temporary folder and read back. */
export function synthesize(model: FederationModel): StackJson[] {
  // Loaded here: cdktf and the providers cost ~0.5 s, which only synthesis pays.
  const { buildApp } = require("../app") as typeof import("../app");
  const out = mkdtempSync(join(tmpdir(), "federation-adopt-"));
  try {
    buildApp(model, { outdir: out }).app.synth();
    return readStacks(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The grant keys of each assignment stack: the `for_each` of its one resource is a plan-time expression over them. */
function shardKeys(model: FederationModel): (stack: string, type: string) => readonly string[] | undefined {
  const shards = planShards(expansionOf(model), assignmentShardCount(model).count);
  const byStack = new Map(shards.map((s) => [s.stackName, s.grants.map((g) => g.key)]));
  return (stack, type) => (type === "aws_ssoadmin_account_assignment" ? byStack.get(stack) : undefined);
}
