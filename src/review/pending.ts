/**
 * Pending principals from `terraform output -json` of the identity-center stack (output `pending_principals`):
 * groups or users the file grants access to that are not yet provisioned into IAM Identity Center. Accepts the whole
 * `terraform output -json` object or just the output's value (`terraform output -json pending_principals`), and a
 * value that is a list of names or keys, a map keyed by them, or a list of objects with `key`/`principal`/`name`.
 */
import type { Principal } from "../model/expand";
import { principalKey } from "../model/expand";

export class PendingFormatError extends Error {}

const OUTPUT = "pending_principals";

/** The entries as strings (`group:aws-sso-admins`, `aws-sso-admins`, `bob@example.com`), sorted, unique. */
export function parsePending(json: unknown): string[] {
  let value: unknown = json;
  if (value && typeof value === "object" && !Array.isArray(value) && OUTPUT in value) {
    const out = (value as Record<string, unknown>)[OUTPUT];
    value = out && typeof out === "object" && !Array.isArray(out) && "value" in out ? (out as { value: unknown }).value : out;
  }
  const entries: unknown[] = Array.isArray(value)
    ? value
    : value && typeof value === "object"
      ? Object.entries(value as Record<string, unknown>).map(([k, v]) => (Array.isArray(v) ? v.map((x) => entryWithKind(k, x)) : k)).flat()
      : value === null || value === undefined
        ? []
        : [value];
  const names = entries.map(entryName);
  if (names.some((n) => n === undefined)) {
    throw new PendingFormatError(`${OUTPUT}: expected a list of names, a map keyed by name, or objects with key/principal/name`);
  }
  return [...new Set(names as string[])].sort();
}

/** `{ groups: ["a"], users: ["b@c"] }` style maps: the key says the kind. */
function entryWithKind(kind: string, x: unknown): unknown {
  const k = /^groups?$/i.test(kind) ? "group" : /^users?$/i.test(kind) ? "user" : undefined;
  return k && typeof x === "string" ? `${k}:${x}` : x;
}

function entryName(x: unknown): string | undefined {
  if (typeof x === "string") return x;
  if (x && typeof x === "object") {
    const o = x as Record<string, unknown>;
    for (const k of ["key", "principal", "name", "display_name", "displayName", "user_name", "userName"]) {
      if (typeof o[k] === "string") {
        const kind = typeof o.kind === "string" ? o.kind : typeof o.type === "string" ? o.type : undefined;
        const v = o[k] as string;
        return kind && !v.includes(":") && /^(group|user)$/i.test(kind) ? `${kind.toLowerCase()}:${v}` : v;
      }
    }
  }
  return undefined;
}

/** Whether a principal is named by a pending entry (by key `group:x`, or by bare name). */
export function isPending(pending: ReadonlySet<string>, p: Principal): boolean {
  return pending.has(principalKey(p)) || pending.has(p.name);
}
