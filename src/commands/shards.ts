/**
 * `federation shards [--config F] [--from N] [--base FILE|REF:PATH] [--to M]`: the assignment-stack layout of a
 * federation file (grants, accounts and OU targets per `identity-center-assignments-<k>` stack) and, with `--from N`
 * or `--base`, a bash script of the `terraform state mv` commands that move every grant whose stack changes, to run
 * before deploying the new layout so that no grant is destroyed and recreated:
 * - `--from N`: between this file at N stacks and at its own count (or M);
 * - `--base B`: between the file B (at its own count, or N) and this one: also covers a principal and permission set
 *   gaining its first or losing its last OU/root target, whose static grants then change stack.
 */
import { planShards, shardMoves, type ShardPlan } from "../identity-center/shards";
import { moveScript, type StateLocation } from "../identity-center/shard-moves";
import type { FederationModel } from "../model/model";
import { assignmentShardCount, expansionOf, GRANTS_PER_SHARD, MAX_SHARDS } from "../model/shard-count";
import { CONFIG_OPTION, loadOrReport, parse } from "./common";
import { loadSourceOrReport } from "./diff";
import { type Command, type OptionSpecs, UsageError } from "./io";

function shardCountArg(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_SHARDS) throw new UsageError(`${flag} must be a whole number from 1 to ${MAX_SHARDS}, got ${JSON.stringify(value)}`);
  return n;
}

/** The layout table: one line per stack. */
export function layoutLines(model: FederationModel, count: number, shards: readonly ShardPlan[]): string[] {
  const c = assignmentShardCount(model);
  const why =
    count !== c.count
      ? `previewing ${count}; the file gives ${c.count}`
      : c.automatic
        ? `automatic: ${c.staticGrants} static grants, one stack per ${GRANTS_PER_SHARD}; pin identityCenter.assignmentShards to keep it`
        : "pinned by identityCenter.assignmentShards";
  const header = ["stack", "static grants", "accounts", "OU targets"];
  const rows = shards.map((s) => [s.stackName, String(s.grants.length), String(new Set(s.grants.map((g) => g.accountId)).size), String(s.ouTargets.length)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ")}`;
  return [`${model.file}: ${count} assignment stack${count === 1 ? "" : "s"} (${why})`, line(header), ...rows.map(line)];
}

const SHARDS_OPTIONS = {
  config: CONFIG_OPTION,
  from: { type: "string", value: "N", description: `the state moves from N assignment stacks (1–${MAX_SHARDS}) to this file's count`, completes: "none" },
  base: { type: "string", value: "FILE|REF:PATH", description: "the state moves from that version of the file (at its own count, or --from N) to this one" },
  to: { type: "string", value: "M", description: "preview M assignment stacks instead of the file's count", completes: "none" },
} as const satisfies OptionSpecs;

export const shardsCommand: Command = {
  name: "shards",
  summary: "assignment stacks: grants per stack, and the state moves for a change of their layout (--from N, --base FILE)",
  usage: "federation shards [--config FILE] [--from N] [--base FILE|REF:PATH] [--to M]",
  options: SHARDS_OPTIONS,
  description:
    "Without --from or --base: the layout. With either: a bash script of guarded `terraform state mv` commands, to review and run (where cdktf runs) before deploying the new layout, so that no grant is destroyed and recreated.",
  examples: [
    { command: "federation shards", does: "grants, accounts and OU targets per assignment stack" },
    { command: "federation shards --base origin/main:config/federation.yaml > move-shards.sh", does: "the state moves from the deployed layout to this file's" },
  ],
  exitCodes: [
    [0, "printed"],
    [1, "invalid file"],
    [2, "usage error"],
  ],
  run: (args, io) => {
    const { values } = parse(args, SHARDS_OPTIONS);
    const from = shardCountArg(values.from, "--from");
    const to = shardCountArg(values.to, "--to");
    const model = loadOrReport(values.config, io);
    if (!model) return 1;
    const count = to ?? assignmentShardCount(model).count;
    const expansion = expansionOf(model);
    const layout = layoutLines(model, count, planShards(expansion, count));
    if (from === undefined && values.base === undefined) {
      io.out(`${layout.join("\n")}\n`);
      return 0;
    }
    let before = { expansion, count: from as number };
    let baseLabel: string | undefined;
    if (values.base !== undefined) {
      const base = loadSourceOrReport(values.base, io, "base");
      if (!base) return 1;
      before = { expansion: expansionOf(base.model), count: from ?? assignmentShardCount(base.model).count };
      baseLabel = base.label;
    }
    const s3 = model.spec.state?.s3;
    const state: StateLocation = s3 ? { kind: "s3", bucket: s3.bucket, region: s3.region, keyPrefix: s3.keyPrefix, kmsKeyId: s3.kmsKeyId } : { kind: "local" };
    const script = moveScript({ moves: shardMoves(before, { expansion, count }), state, configFile: model.file, base: baseLabel });
    const [shebang, ...rest] = script.split("\n");
    io.out([shebang, ...layout.map((l) => `# ${l}`), ...rest].join("\n"));
    return 0;
  },
};
