/**
 * The state moves that go with a change of the assignment-stack layout (another count, or a principal and permission
 * set gaining its first or losing its last OU/root target), as a bash script of `terraform state mv` commands.
 * Terraform cannot move a resource instance between state files with `moved` blocks, and letting the next deploy
 * destroy a grant in its old stack and create it in the new one would revoke the access in between (or the create
 * would conflict with the assignment still there). Moving the state first makes that deploy a no-op for every moved
 * grant. Pure: text only, nothing runs here.
 *
 * - Grants whose keys are known from the files: one guarded command each (a grant not in the state, such as a pending
 *   one, is skipped).
 * - A pair with OU/root targets whose home changes: its OU-derived keys are only known from the state, so the old home
 *   stack's resource list is filtered by the `<principal>/<permission set>/` prefix followed by an account id; its
 *   static grants live in the same home and move in the same loop.
 * - Local state (`terraform.<stack>.tfstate` next to where cdktf runs) is edited in place; an S3 backend is pulled into
 *   `.shard-moves/`, edited there and pushed back, through a backend-only Terraform directory per stack (no provider).
 * - Every value in the script is one word of `src/shell.ts` (`shellWord`/`shellCommand`), every text after `#` is a
 *   `shellComment`: a name cannot end a comment, open a substitution or split a word, in bash or zsh (names with
 *   control characters are refused by validation, rule `control-characters`).
 */
import { s3StateKey } from "../model/patterns";
import { shellComment, shellCommand, shellWord } from "../shell";
import { quoted } from "../terraform/text";
import { shardStackName, type ShardMoves } from "./shards";

/** Terraform address of the assignment resource in every shard stack (stacks/identity-center-assignments.ts). */
export const ASSIGNMENT_ADDRESS = "aws_ssoadmin_account_assignment.assignments";

/** Where the shard stacks keep their state. */
export type StateLocation =
  | { readonly kind: "local" }
  | { readonly kind: "s3"; readonly bucket: string; readonly region: string; readonly keyPrefix: string; readonly kmsKeyId?: string };

export const WORK_DIR = ".shard-moves";

/** The address of one grant's assignment instance (its key an HCL string, as Terraform's address parser reads it). */
export const grantAddress = (key: string): string => `${ASSIGNMENT_ADDRESS}[${quoted(key)}]`;


export interface MoveScriptOptions {
  readonly moves: ShardMoves;
  readonly state: StateLocation;
  /** The federation file, for the header. */
  readonly configFile: string;
  /** The base file the old layout comes from (`federation shards --base`). @default - the same file at `moves.from` stacks */
  readonly base?: string;
}

/** A bash script (set -euo pipefail) that moves the state of every grant whose stack changes. */
export function moveScript({ moves, state, configFile, base }: MoveScriptOptions): string {
  const stacks = [...new Set([...moves.grants.flatMap((m) => [m.from, m.to]), ...moves.ouPairs.flatMap((m) => [m.from, m.to])])]
    .sort((a, b) => a - b)
    .map(shardStackName);
  const sources = [...new Set([...moves.grants.map((m) => m.from), ...moves.ouPairs.map((m) => m.from)])].sort((a, b) => a - b).map(shardStackName);
  const file = (stack: string) => (state.kind === "local" ? `terraform.${stack}.tfstate` : `${WORK_DIR}/${stack}.tfstate`);
  const list = (stack: string) => `${WORK_DIR}/${stack}.list`;
  const mv = (from: string, to: string, address: string) => shellCommand("terraform", "state", "mv", `-state=${file(from)}`, `-state-out=${file(to)}`, address, address);
  const accounts = new Set(moves.grants.map((m) => m.key.slice(m.key.lastIndexOf("/") + 1))).size;

  const out: string[] = [
    "#!/usr/bin/env bash",
    base
      ? `# State moves from the layout of ${shellComment(base)} (${moves.from} assignment stacks) to ${shellComment(configFile)} (${moves.to}) (federation shards --base).`
      : `# State moves for ${moves.from} -> ${moves.to} assignment stacks (federation shards --from ${moves.from}, ${shellComment(configFile)}).`,
    `# ${moves.grants.length} grant(s) of ${accounts} account(s) and every grant of ${moves.ouPairs.length} principal/permission-set pair(s) with OU targets change stack.`,
    "# Moving their state first makes the next deploy create and destroy nothing for them; without it, each would be",
    "# destroyed in its old stack and created in the new one, and access would be revoked in between.",
    base
      ? "# 1. Synthesize the new file (npm start)."
      : "# 1. Set identityCenter.assignmentShards to the new count and synthesize (npm start).",
    state.kind === "local"
      ? "# 2. Run this script in the directory cdktf runs in (the state files terraform.<stack>.tfstate are there),"
      : `# 2. Run this script anywhere with credentials for s3://${shellComment(state.bucket)} (it works in ./${WORK_DIR}/),`,
    "#    before any deploy, with other deploys paused. Terraform keeps a backup of every state file it changes.",
    "# 3. Deploy: the plans of the assignment stacks must show no assignment to create or destroy.",
    "set -euo pipefail",
    shellCommand("mkdir", "-p", WORK_DIR),
  ];
  if (moves.grants.length === 0 && moves.ouPairs.length === 0) {
    out.push("echo 'no grant changes stack: nothing to move'");
    return `${out.join("\n")}\n`;
  }

  if (state.kind === "s3") {
    out.push("", "# Pull the state of every stack involved (a new stack has none yet).");
    for (const stack of stacks) {
      const dir = `${WORK_DIR}/${stack}`;
      const backend = {
        terraform: {
          backend: {
            s3: {
              bucket: state.bucket,
              key: s3StateKey(state.keyPrefix, stack),
              region: state.region,
              encrypt: true,
              ...(state.kmsKeyId ? { kms_key_id: state.kmsKeyId } : {}),
              use_lockfile: true,
            },
          },
        },
      };
      out.push(
        shellCommand("mkdir", "-p", dir),
        `${shellCommand("printf", "%s\\n", JSON.stringify(backend))} > ${shellWord(`${dir}/backend.tf.json`)}`,
        `${shellCommand("terraform", `-chdir=${dir}`, "init", "-input=false", "-no-color")} > /dev/null`,
        `${shellCommand("terraform", `-chdir=${dir}`, "state", "pull")} > ${shellWord(file(stack))}`,
        `[ -s ${shellWord(file(stack))} ] || rm -f ${shellWord(file(stack))}`,
      );
    }
  }

  out.push("", "# What each old stack holds now (a stack never deployed holds nothing).");
  for (const stack of sources) {
    out.push(`${shellCommand("terraform", "state", "list", `-state=${file(stack)}`)} > ${shellWord(list(stack))} 2> /dev/null || : > ${shellWord(list(stack))}`);
  }

  const byRoute = new Map<string, string[]>();
  for (const m of moves.grants) {
    const route = `${m.from} ${m.to}`;
    const keys = byRoute.get(route);
    if (keys) keys.push(m.key);
    else byRoute.set(route, [m.key]);
  }
  const routes = [...byRoute.entries()].sort(([a], [b]) => {
    const [a1, a2] = a.split(" ").map(Number);
    const [b1, b2] = b.split(" ").map(Number);
    return a1 - b1 || a2 - b2;
  });
  for (const [route, keys] of routes) {
    const [from, to] = route.split(" ").map((n) => shardStackName(Number(n)));
    out.push("", `# Grants ${from} -> ${to}: ${keys.length} (a grant not in the state, such as a pending one, is skipped).`);
    for (const key of keys) {
      const address = grantAddress(key);
      out.push(`${shellCommand("grep", "-qxF", "--", address, list(from))} && ${mv(from, to, address)}`);
    }
  }
  for (const pair of moves.ouPairs) {
    const from = shardStackName(pair.from);
    const to = shardStackName(pair.to);
    out.push("", `# Every grant of ${shellComment(pair.pair)} (OU-derived and static): ${from} -> ${to}.`);
    // The prefix, then exactly an account id: a group named like `<group>/<set>` cannot match another pair's keys.
    const prefix = `${ASSIGNMENT_ADDRESS}[${quoted(`${pair.pair}/`).slice(0, -1)}`;
    out.push(
      `prefix=${shellWord(prefix)}`,
      `{ ${shellCommand("grep", "-F", "--")} "$prefix" ${shellWord(list(from))} || true; } | while IFS= read -r address; do` +
        ` [[ "\${address#"$prefix"}" =~ ^[0-9]{12}\\"\\]$ ]] || continue;` +
        ` ${shellCommand("terraform", "state", "mv", `-state=${file(from)}`, `-state-out=${file(to)}`)} "$address" "$address"; done`,
    );
  }

  if (state.kind === "s3") {
    out.push("", "# Push the edited states back (each push checks the lineage and serial, and takes the lock).");
    for (const stack of stacks) {
      out.push(`[ ! -f ${shellWord(file(stack))} ] || ${shellCommand("terraform", `-chdir=${WORK_DIR}/${stack}`, "state", "push", `../${stack}.tfstate`)}`);
    }
  }
  if (moves.to < moves.from) {
    const gone = Array.from({ length: moves.from - moves.to }, (_, i) => shardStackName(moves.to + i));
    out.push("", `# ${gone.join(", ")} ${gone.length === 1 ? "is" : "are"} no longer synthesized: once the deploy is done, ${gone.length === 1 ? "its" : "their"} now empty state can be deleted.`);
  }
  out.push("", "echo 'state moved: now deploy; the assignment stacks must plan no assignment to create or destroy'");
  return `${out.join("\n")}\n`;
}
