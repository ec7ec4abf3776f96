/**
 * The typed model every other layer consumes: the validated file plus what the loader resolved from disk.
 * Pure data; no cdktf import anywhere under src/model.
 */
import type { ResolvedImports } from "./imports";
import type { Federation } from "./schema";

export interface ScimSecretSpec {
  readonly name: string;
  /** true: the secret is managed elsewhere and only read. */
  readonly existing: boolean;
  readonly kmsKeyId?: string;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** An inline policy after the loader read it (from the file or from disk). */
export interface InlinePolicy {
  readonly source: "inline" | "file";
  /** The path as written in the federation file (source "file"). */
  readonly file?: string;
  /** Parsed document; absent when the file is missing or not JSON. */
  readonly document?: unknown;
  /** Canonical JSON (sorted keys, no whitespace): formatting changes in the source are no diff. */
  readonly canonical?: string;
  /** Raw text as read (for the size limits). */
  readonly text?: string;
  /** Why it could not be used: missing, not JSON, or refused by the safe reader (outside the tree, not a regular file, too large, unreadable). */
  readonly error?: { readonly kind: "missing" | "json" | "outside" | "not-a-file" | "too-large" | "unreadable"; readonly reason: string };
}

export interface FederationModel {
  readonly spec: Federation;
  /** The federation file as given (for messages). */
  readonly file: string;
  readonly scimSecret: ScimSecretSpec;
  /** By permission-set name; only sets with an inline policy. */
  readonly inlinePolicies: Readonly<Record<string, InlinePolicy>>;
  /** The import file named by `imports:` (written by `federation adopt`), when there is one. */
  readonly imports?: ResolvedImports;
}

/** Canonical JSON: object keys sorted, no whitespace. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function normalizeScimSecret(value: Federation["identityCenter"]["scimSecret"]): ScimSecretSpec {
  if (typeof value === "string") return { name: value, existing: false, tags: {} };
  return {
    name: value.name,
    existing: value.existing,
    kmsKeyId: value.kmsKeyId,
    description: value.description,
    tags: value.tags ?? {},
  };
}

/** Account id for a reference that is an id or a name under `accounts:`; undefined when it resolves to nothing. */
export function resolveAccountRef(spec: Federation, ref: string): string | undefined {
  if (/^\d{12}$/.test(ref)) return ref;
  return spec.accounts[ref]?.id;
}

/** Account name for an id, when the inventory names it. */
export function accountNameById(spec: Federation): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const [name, account] of Object.entries(spec.accounts)) if (!out.has(account.id)) out.set(account.id, name);
  return out;
}
