/**
 * Pending principals from the outputs of the identity-center stack (output `pending_principals`): groups or users
 * the file grants access to that SCIM has not provisioned into IAM Identity Center yet. Three shapes are read, each
 * exactly as its tool writes it, and nothing else:
 *
 * - `terraform output -json` of the stack: `{ "pending_principals": { "sensitive": false, "type": [...], "value": [...] }, … }`
 *   (every output an object with `value` and `sensitive`);
 * - `terraform output -json pending_principals`: the value alone, a list;
 * - cdktf's `--outputs-file` (`cdktf deploy|output … --outputs-file F`): outputs by stack name, then by construct id,
 *   values unwrapped: `{ "identity-center": { "pending_principals": [...], … }, … }` (cdktf-cli 0.21.0,
 *   @cdktf/cli-core `output.js` saveOutputs over `getConstructIdsForOutputs`).
 *
 * The value is a list of principal keys, `group:<name>` or `user:<userName>`, as the stack computes them.
 */
import type { Principal } from "../model/expand";
import { principalKey } from "../model/expand";

export class PendingFormatError extends Error {}

const OUTPUT = "pending_principals";
/** The stack whose outputs hold the list (stacks/identity-center.ts). */
const STACK = "identity-center";

const SHAPES =
  "expected `terraform output -json` of the identity-center stack, `terraform output -json pending_principals`, or the file of `cdktf output identity-center --outputs-file F`";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);
const isTerraformOutput = (v: unknown): v is { value: unknown; sensitive: boolean } => isObj(v) && "value" in v && typeof v.sensitive === "boolean";

/** The entries (`group:aws-sso-admins`, `user:bob@example.com`), sorted, unique; `PendingFormatError` for any other shape. */
export function parsePending(json: unknown): string[] {
  return entries(valueOf(json));
}

function valueOf(json: unknown): unknown {
  if (Array.isArray(json)) return json;
  if (!isObj(json)) throw new PendingFormatError(`the JSON is ${json === null ? "null" : `a ${typeof json}`}; ${SHAPES}`);
  const outputs = Object.values(json);
  if (outputs.length > 0 && outputs.every(isTerraformOutput)) {
    if (!(OUTPUT in json)) throw new PendingFormatError(`these Terraform outputs have no ${OUTPUT}: are they the identity-center stack's? ${SHAPES}`);
    const out = json[OUTPUT] as { value: unknown; sensitive: boolean };
    if (out.sensitive) throw new PendingFormatError(`${OUTPUT} is marked sensitive; ${SHAPES}`);
    return out.value;
  }
  if (isObj(json[STACK])) {
    const stack = json[STACK] as Json;
    if (!(OUTPUT in stack)) throw new PendingFormatError(`the outputs of ${STACK} in this cdktf outputs file have no ${OUTPUT}; ${SHAPES}`);
    return stack[OUTPUT];
  }
  throw new PendingFormatError(`not an outputs file of the identity-center stack; ${SHAPES}`);
}

function entries(value: unknown): string[] {
  if (!Array.isArray(value)) throw new PendingFormatError(`${OUTPUT} is not a list of principal keys; ${SHAPES}`);
  value.forEach((x, i) => {
    if (typeof x !== "string" || !/^(group|user):./.test(x)) {
      throw new PendingFormatError(`${OUTPUT}[${i}] is ${JSON.stringify(x)?.slice(0, 80)}, not a principal key (group:<name> or user:<userName>)`);
    }
  });
  return [...new Set(value as string[])].sort();
}

/** Whether a principal is named by a pending entry (by key `group:x`, or by bare name). */
export function isPending(pending: ReadonlySet<string>, p: Principal): boolean {
  return pending.has(principalKey(p)) || pending.has(p.name);
}
