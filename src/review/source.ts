/**
 * Where a federation file comes from: a path on disk, or `<git ref>:<path>` (e.g. `HEAD:config/federation.yaml`,
 * `origin/main:config/federation.yaml`) read with `git show` so CI can compare with the base branch without a second
 * checkout. Inline-policy files named by a file at a ref are read at the same ref.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { type LoadOptions, type LoadResult, loadFederationFile, MAX_FILE_BYTES, parseFederation } from "../model/load";
import { messages } from "../model/messages";

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
    content = git(root, ["show", `${source.ref}:${inRepo}`]);
  } catch (e) {
    return fail(firstLine(e));
  }
  if (content.length > MAX_FILE_BYTES) return fail(`it is ${content.length} bytes; a federation file may be at most ${MAX_FILE_BYTES}`);
  const virtual = join(root, ...inRepo.split("/"));
  const readFile = (absolute: string): string | undefined => {
    const rel = relative(root, absolute);
    if (!rel || rel.startsWith("..") || isAbsolute(rel)) return undefined;
    try {
      return git(root, ["show", `${source.ref}:${rel.split(sep).join("/")}`]).toString("utf8");
    } catch {
      return undefined;
    }
  };
  return { ...parseFederation(content, virtual, { ...options, readFile }), label: source.label };
}

function relativeTo(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

function git(cwd: string, args: string[]): Buffer {
  return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: MAX_FILE_BYTES + 1024 * 1024 });
}

function firstLine(e: unknown): string {
  const err = e as { stderr?: Buffer; message?: string };
  const text = err.stderr?.toString("utf8").trim() || err.message || String(e);
  return text.split("\n")[0].replace(/^fatal: /, "");
}
