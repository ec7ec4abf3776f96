/**
 * Where a federation file comes from: a path on disk, or `<git ref>:<path>` (e.g. `HEAD:config/federation.yaml`,
 * `origin/main:config/federation.yaml`) read with `git show` so CI can compare with the base branch without a second
 * checkout. Inline-policy files and the import file (`imports:`) named by a file at a ref are read at the same ref,
 * from the federation file's own folder tree only, each with its own size limit (the loader's `ReadLimit`: an import
 * file may be far larger than an inline policy). Every read from git is bounded: the object must be a file (a blob) and its size is checked
 * before it is read (`git cat-file -s`), so a huge or hostile object cannot exhaust memory.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { type LoadOptions, type LoadResult, loadFederationFile, MAX_FILE_BYTES, parseFederation, type ReadLimit } from "../model/load";
import { messages } from "../model/messages";
import { SafeReadError } from "../safe-fs";

export type FederationSource =
  | { readonly kind: "file"; readonly path: string; readonly label: string }
  | { readonly kind: "git"; readonly ref: string; readonly path: string; readonly label: string };

/**
 * Reads a `--base`/`--head` argument: an existing file wins; otherwise `<ref>:<path>` is a git revision. A path that
 * exists neither way is returned as a file (the loader then says it does not exist).
 */
export function parseSource(spec: string, cwd: string): FederationSource {
  const onDisk = resolve(cwd, spec);
  if (existsSync(onDisk)) return { kind: "file", path: onDisk, label: relativeTo(cwd, onDisk) };
  const colon = spec.indexOf(":");
  // `C:\…` is a Windows drive, not a ref.
  if (colon > 0 && !(colon === 1 && /[\\/]/.test(spec[2] ?? ""))) {
    return { kind: "git", ref: spec.slice(0, colon), path: spec.slice(colon + 1), label: spec };
  }
  return { kind: "file", path: onDisk, label: relativeTo(cwd, onDisk) };
}

export interface SourceLoad extends LoadResult {
  /** How to name the file in messages. */
  readonly label: string;
}

export function loadSource(source: FederationSource, cwd: string, options: LoadOptions = {}): SourceLoad {
  if (source.kind === "file") return { ...loadFederationFile(source.path, options), label: source.label };
  const fail = (reason: string): SourceLoad => {
    const m = messages.gitReadFailed(source.label, reason);
    return { file: source.label, label: source.label, diagnostics: [{ severity: m.severity, id: m.id, path: "", message: m.message }] };
  };
  if (source.ref === "" || source.ref.startsWith("-")) return fail(`${JSON.stringify(source.ref)} is not a git revision`);
  let root: string;
  let prefix: string;
  try {
    root = git(cwd, ["rev-parse", "--show-toplevel"]).toString("utf8").trim();
    prefix = git(cwd, ["rev-parse", "--show-prefix"]).toString("utf8").trim();
  } catch (e) {
    return fail(`not inside a git repository (${firstLine(e)})`);
  }
  // Git reads `<ref>:<path>` from the repository root; `./` and `../` are relative to the current directory.
  const inRepo = /^\.\.?\//.test(source.path) ? posix.normalize(posix.join(prefix, source.path)) : posix.normalize(source.path);
  if (inRepo.startsWith("../") || posix.isAbsolute(inRepo)) return fail(`${JSON.stringify(source.path)} is outside the repository`);
  let content: Buffer;
  try {
    content = blob(root, `${source.ref}:${inRepo}`, MAX_FILE_BYTES);
  } catch (e) {
    return fail(e instanceof SafeReadError ? e.message : firstLine(e));
  }
  const virtual = join(root, ...inRepo.split("/"));
  // Inline-policy files and the import file: in the federation file's folder tree (at that ref), like files on disk.
  const tree = join(root, ...posix.dirname(inRepo).split("/"));
  const readFile = (absolute: string, limit: ReadLimit): string | undefined => {
    const rel = relative(tree, absolute);
    if (rel.startsWith("..") || isAbsolute(rel)) {
      throw new SafeReadError("outside", `it is outside ${posix.dirname(inRepo)}/ at ${source.ref}; only files in that folder tree are read`);
    }
    const path = relative(root, absolute).split(sep).join("/");
    let kind: string;
    try {
      kind = git(root, ["cat-file", "-t", `${source.ref}:${path}`]).toString("utf8").trim();
    } catch {
      return undefined;
    }
    return blob(root, `${source.ref}:${path}`, limit.maxBytes, kind).toString("utf8");
  };
  return { ...parseFederation(content, virtual, { ...options, readFile }), label: source.label };
}

function relativeTo(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

function git(cwd: string, args: string[], maxBuffer = 64 * 1024): Buffer {
  return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer });
}

/** A file's content at a revision, refused (SafeReadError) unless it is a blob of at most `max` bytes. */
function blob(root: string, object: string, max: number, knownKind?: string): Buffer {
  const kind = knownKind ?? git(root, ["cat-file", "-t", object]).toString("utf8").trim();
  if (kind !== "blob") throw new SafeReadError("not-a-file", `it is not a file at that revision (a git ${kind})`);
  const size = Number(git(root, ["cat-file", "-s", object]).toString("utf8").trim());
  if (!(size <= max)) throw new SafeReadError("too-large", `it is too large (${size.toLocaleString("en-US")} bytes; at most ${max.toLocaleString("en-US")})`);
  return git(root, ["cat-file", "blob", object], max + 1);
}

function firstLine(e: unknown): string {
  const err = e as { stderr?: Buffer; message?: string };
  const text = err.stderr?.toString("utf8").trim() || err.message || String(e);
  return text.split("\n")[0].replace(/^fatal: /, "");
}
