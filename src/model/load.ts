/**
 * Reads a federation file: YAML with line numbers → schema → resolved model → rules. Every problem becomes one
 * diagnostic with its path and line; input errors never throw.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { LineCounter, parseDocument, type YAMLError } from "yaml";
import type { z } from "zod";
import { now as clockNow } from "../clock";
import { readFileSafely, SafeReadError } from "../safe-fs";
import { JsonInputError, parseJsonSafely } from "../safe-json";
import { type Diagnostic, formatPath, hasErrors, type PathSegment, sortDiagnostics } from "./diagnostics";
import { type Message, messages } from "./messages";
import { parseImportsFile, type ResolvedImports } from "./imports";
import { canonicalJson, type FederationModel, type InlinePolicy, normalizeScimSecret } from "./model";
import { type Finding, rules } from "./rules";
import { rulesOnValidParts } from "./partial";
import { type Federation, federationSchema, typeOf } from "./schema";
import { SourceMap } from "./source";
import { nearest } from "./suggest";
import { fastYamlData } from "./fast-yaml";
import { yamlProblems } from "./yaml-checks";

/**
 * Largest federation file we read. It bounds the located parse, the path every file with a problem takes (the fast
 * path reads valid plain files without positions): about 50 MB of memory and 0.4 s per MiB on top of ~60 MB
 * (`yaml` Documents: 4 MiB took 1.5 s and 290 MB here, 8 MiB 4.5 s and 470 MB). 4 MiB holds about 180,000 grants in
 * block style (100,000 grants over 5,000 accounts are 2.3 MB), so size never stops an organization; a hostile or
 * runaway file is refused before it is read.
 */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Aliases expanded at most (an alias bomb, "billion laughs", would expand exponentially). */
const MAX_ALIASES = 100;
/**
 * Nesting deeper than this is refused (a federation file needs about 8 levels): the fast path falls back beyond it,
 * and flow nesting is counted before the located parse, so deep nesting can neither overflow a parser's stack nor slow
 * the checks.
 */
const MAX_DEPTH = 64;
/**
 * YAML syntax errors cascade (one tab or one unclosed bracket misreads every line after it), so only the first is
 * reported: it is the one to fix, and the next run shows what remains.
 */
const MAX_YAML_ERRORS = 1;
/**
 * Largest inline-policy file we read: twice the 32,768 bytes IAM accepts for the policy itself (room for indentation;
 * what is sent is the canonical JSON, checked against the IAM limits by the inline-policy rule).
 */
export const MAX_INLINE_POLICY_FILE_BYTES = 2 * 32768;
/**
 * Largest import file (`imports:`, written by `federation adopt`): one block is about 250 bytes, so this holds far
 * more than the 2,000 accounts × 40 permission sets of a large organization's assignments.
 */
export const MAX_IMPORTS_FILE_BYTES = 64 * 1024 * 1024;
/** A file with thousands of problems (a generated file gone wrong) shows the first ones and how many more there are. */
export const MAX_DIAGNOSTICS = 200;
/**
 * Files smaller than this are checked without zod's compiled fast path: compiling it (`new Function` per object
 * schema, never in V8's code cache) costs more than it saves on a small file (about 3 ms of 5 on the default file);
 * from about 64 KiB on it pays for itself.
 */
const COMPILED_CHECKS_FROM_CHARS = 64 * 1024;

export interface LoadOptions {
  /** "Today" for date rules (tests inject it). */
  readonly now?: Date;
  /**
   * Reads a file the federation file refers to (an inline policy) by absolute path; undefined when there is no such
   * file; throws a `SafeReadError` when it may not or cannot be read (outside the federation file's folder tree, not a
   * regular file, too large). Lets a caller load a federation file from elsewhere than the disk, e.g. a git revision.
   * @default the local file system, confined to the federation file's folder tree (`readFileSafely`)
   */
  readonly readFile?: (absolutePath: string, limit: ReadLimit) => string | undefined;
}

/** What a referenced file is and how large it may be (each kind has its own limit), for `LoadOptions.readFile`. */
export interface ReadLimit {
  /** `inline policy file` or `import file`, for messages. */
  readonly what: string;
  readonly maxBytes: number;
}

export interface LoadResult {
  readonly file: string;
  /** Errors and warnings, sorted by line. */
  readonly diagnostics: readonly Diagnostic[];
  /** Present only when there is no error. */
  readonly model?: FederationModel;
  /**
   * Where each path of the text that was read is (with the model): for diagnostics about the same file computed later
   * (`validate --base`), so nothing reads the file a second time. Used by the CLI, not part of the library's surface.
   *
   * @internal
   */
  readonly source?: SourceMap;
}

/** Reads and validates a federation file from disk. */
export function loadFederationFile(file: string, options: LoadOptions = {}): LoadResult {
  const fail = (m: Message): LoadResult => ({ file, diagnostics: [toDiagnostic(m, [], undefined)] });
  let bytes: Buffer;
  try {
    // A regular file only (a FIFO or /dev/zero would hang or never end), its size checked before it is read.
    bytes = readFileSafely(file, { maxBytes: MAX_FILE_BYTES, what: "federation file" });
  } catch (e) {
    if (!(e instanceof SafeReadError)) throw e;
    if (e.problem === "missing") return fail(messages.fileNotFound(file));
    if (e.problem === "too-large") return fail(messages.fileTooLarge(sizeOf(e.message), MAX_FILE_BYTES));
    return fail(messages.fileUnreadable(file, e.message.replace(/^federation file \S+ /, "")));
  }
  return parseFederation(bytes, file, options);
}

/** The size a `SafeReadError` "too-large" message states. */
function sizeOf(message: string): number {
  return Number(/\(([\d,]+) bytes/.exec(message)?.[1]?.replace(/,/g, "") ?? Number.NaN);
}

/** Validates federation file content; `file` names it in messages and anchors relative inline-policy paths. */
export function parseFederation(content: Buffer | string, file: string, options: LoadOptions = {}): LoadResult {
  const fail = (m: Message, at?: { line: number; column: number }): LoadResult => ({ file, diagnostics: [toDiagnostic(m, [], at)] });
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  if (bytes.length > MAX_FILE_BYTES) return fail(messages.fileTooLarge(bytes.length, MAX_FILE_BYTES));
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error("NUL");
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(messages.binaryFile());
  }
  // A CR without LF is no line break to the YAML parser: an old-Mac file would read as one comment line.
  const loneCr = text.search(/\r(?!\n)/);
  if (loneCr >= 0) return fail(messages.lineEndings(), { line: text.slice(0, loneCr).split("\n").length, column: loneCr - text.lastIndexOf("\n", loneCr) });
  // Line by line: a single regex over the whole text (`^(\s*#.*\n?)*\s*$`) backtracks exponentially on a long header comment.
  if (text.split("\n").every((l) => /^\s*(?:#.*)?$/.test(l))) return fail(messages.emptyFile());

  // 1. YAML. The fast path (fast-yaml.ts) reads plain YAML data without positions; the located parse below runs for
  // every other file, and for a fast-path file only when a diagnostic needs a line.
  let data = fastYamlData(text, MAX_DEPTH);
  let source: SourceMap;
  if (data !== undefined) source = SourceMap.lazy(text, PARSE_OPTIONS);
  else {
    // Deep flow nesting would exhaust the located parser's stack (the fast path bounds its own depth).
    if (flowDepth(text) > MAX_DEPTH) return fail(messages.tooDeep(MAX_DEPTH));
    const located = locatedYaml(text);
    if ("failure" in located) return fail(located.failure);
    if ("diagnostics" in located) return { file, diagnostics: located.diagnostics };
    ({ data, source } = located);
  }
  if (data === null || data === undefined) return fail(messages.emptyFile());
  if (typeof data !== "object" || Array.isArray(data)) return fail(messages.notAMapping(typeOf(data)), source.locate([]));

  // 2. Structure.
  const parsed = federationSchema.safeParse(data, { reportInput: true, jitless: text.length < COMPILED_CHECKS_FROM_CHARS });
  // 3. Resolve what lives outside the file, then the rules (on the valid parts only, when the structure has errors).
  const now = options.now ?? clockNow();
  const modelOf = (parsedSpec: Federation): FederationModel => {
    const spec = withLowerCaseObjectIds(parsedSpec);
    const dir = dirname(resolve(file));
    const reader = (what: string, maxBytes: number) => (options.readFile ? (p: string) => options.readFile?.(p, { what, maxBytes }) : localReader(dir, what, maxBytes));
    return {
      spec,
      file,
      scimSecret: normalizeScimSecret(spec.identityCenter.scimSecret),
      inlinePolicies: resolveInlinePolicies(spec, dir, reader("inline policy file", MAX_INLINE_POLICY_FILE_BYTES)),
      ...(spec.imports !== undefined ? { imports: resolveImports(spec.imports, dir, reader("import file", MAX_IMPORTS_FILE_BYTES)) } : {}),
    };
  };
  const check = (model: FederationModel): Finding[] => rules.flatMap((rule) => rule.check({ model, now }));
  const located = (f: Finding) => toDiagnostic(f.message, f.path, source.locate(f.path, { key: f.atKey }));
  if (!parsed.success) {
    const diagnostics = parsed.error.issues.flatMap((issue) => issueDiagnostics(issue, source));
    const partial = rulesOnValidParts(data as Record<string, unknown>, parsed.error.issues, (spec) => check(modelOf(spec)));
    return { file, diagnostics: finish([...diagnostics, ...partial.map(located)]) };
  }
  const model = modelOf(parsed.data);
  const sorted = finish(check(model).map(located));
  return hasErrors(sorted) ? { file, diagnostics: sorted } : { file, diagnostics: sorted, model, source };
}

/** The located parse's options (the fast path's lazy source map parses with the same). */
const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: true } as const;

/**
 * The located parse: YAML with positions, every YAML-level problem found (duplicate keys by yamlProblems: the
 * parser's own check is quadratic), then the data.
 */
function locatedYaml(text: string): { failure: Message } | { diagnostics: Diagnostic[] } | { data: unknown; source: SourceMap } {
  const lines = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter: lines });
  } catch (e) {
    return { failure: e instanceof RangeError ? messages.tooDeep(MAX_DEPTH) : messages.yamlSyntax((e as Error).message) };
  }
  const source = new SourceMap(doc, lines);
  if (doc.errors.some((e) => /call stack/i.test(e.message))) return { failure: messages.tooDeep(MAX_DEPTH) };
  if (doc.errors.length > 0) {
    return { diagnostics: sortDiagnostics([...doc.errors].sort((a, b) => a.pos[0] - b.pos[0]).slice(0, MAX_YAML_ERRORS).map((e) => yamlErrorDiagnostic(e, text, source))) };
  }
  // Warnings (an unsupported %YAML version or directive, …) are errors here; unresolved tags are reported below.
  const warnings = doc.warnings.filter((w) => w.code !== "TAG_RESOLVE_FAILED");
  if (warnings.length > 0) return { diagnostics: sortDiagnostics(warnings.slice(0, MAX_YAML_ERRORS).map((e) => yamlErrorDiagnostic(e, text, source))) };
  const problems = yamlProblems(doc, text, MAX_DEPTH);
  if (problems.length > 0) return { diagnostics: finish(problems.map((p) => toDiagnostic(p.message, [], source.at(p.offset)))) };
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIASES }), source };
  } catch (e) {
    if (e instanceof RangeError) return { failure: messages.tooDeep(MAX_DEPTH) };
    return { failure: /alias/i.test((e as Error).message) ? messages.aliasBomb() : messages.yamlSyntax((e as Error).message) };
  }
}

/**
 * Sorted, without duplicates, at most MAX_DIAGNOSTICS (errors before warnings when some must go), then a warning
 * saying how many were left out. Errors are only left out when MAX_DIAGNOSTICS errors are shown, so "has errors"
 * reads the same on the shortened list.
 */
function finish(diagnostics: Diagnostic[]): Diagnostic[] {
  const sorted = sortDiagnostics(dedupe(diagnostics));
  if (sorted.length <= MAX_DIAGNOSTICS) return sorted;
  const errorsFirst = [...sorted.filter((d) => d.severity === "error"), ...sorted.filter((d) => d.severity !== "error")];
  const hidden = errorsFirst.slice(MAX_DIAGNOSTICS);
  const hiddenErrors = hidden.filter((d) => d.severity === "error").length;
  return [
    ...sortDiagnostics(errorsFirst.slice(0, MAX_DIAGNOSTICS)),
    toDiagnostic(messages.tooManyProblems(MAX_DIAGNOSTICS, hidden.length, hiddenErrors), [], undefined),
  ];
}

/** Deepest nesting of flow collections ([ and { outside quotes and comments): a cheap guard against stack bombs. */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === "\n") comment = false;
    } else if (quote) {
      if (c === quote && text[i - 1] !== "\\") quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) comment = true;
    else if (c === "[" || c === "{") max = Math.max(max, ++depth);
    else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return max;
}

/**
 * Files the federation file names (inline policies, the import file), on disk: inside the federation file's folder
 * tree only (after following links: an absolute path, `..` or a symlink out of it is refused), regular files only,
 * size checked before reading.
 */
function localReader(tree: string, what: string, maxBytes: number): (path: string) => string | undefined {
  return (path) => {
    try {
      return readFileSafely(path, { maxBytes, what, within: tree }).toString("utf8");
    } catch (e) {
      if (!(e instanceof SafeReadError)) throw e;
      if (e.problem === "missing") return undefined;
      // The rule names the file as written; the reason without the absolute path.
      const prefix = `${what} ${path} `;
      throw new SafeReadError(e.problem, e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message);
    }
  };
}

/**
 * Existing groups' object ids in lower case, as Entra, Graph and SCIM (externalId) write them: writing one in upper
 * case is the same group, so it is no change anywhere (plans, diff, identity-store matching).
 */
function withLowerCaseObjectIds(spec: Federation): Federation {
  const groups = Object.fromEntries(Object.entries(spec.groups).map(([name, g]) => [name, g.objectId ? { ...g, objectId: g.objectId.toLowerCase() } : g]));
  return { ...spec, groups };
}

function resolveInlinePolicies(spec: Federation, baseDir: string, readFile: (path: string) => string | undefined): Record<string, InlinePolicy> {
  const out: Record<string, InlinePolicy> = {};
  for (const [name, ps] of Object.entries(spec.permissionSets)) {
    const p = ps.inlinePolicy;
    if (p === undefined) continue;
    if (typeof p !== "string") {
      out[name] = { source: "inline", document: p, canonical: canonicalJson(p) };
      continue;
    }
    let text: string | undefined;
    try {
      text = readFile(isAbsolute(p) ? p : resolve(baseDir, p));
    } catch (e) {
      if (!(e instanceof SafeReadError)) throw e;
      out[name] = { source: "file", file: p, error: { kind: e.problem === "missing" ? "missing" : e.problem, reason: e.message } };
      continue;
    }
    if (text === undefined) {
      out[name] = { source: "file", file: p, error: { kind: "missing", reason: "no such file" } };
      continue;
    }
    try {
      // Bounded nesting; a syntax error is located, the content never quoted (src/safe-json.ts).
      const document = parseJsonSafely(text, "the file");
      out[name] = { source: "file", file: p, document, text, canonical: canonicalJson(document) };
    } catch (e) {
      if (!(e instanceof JsonInputError)) throw e;
      out[name] = { source: "file", file: p, text, error: { kind: "json", reason: e.message.replace(/^the file /, "") } };
    }
  }
  return out;
}

function resolveImports(path: string, baseDir: string, readFile: (path: string) => string | undefined): ResolvedImports {
  let text: string | undefined;
  try {
    text = readFile(isAbsolute(path) ? path : resolve(baseDir, path));
  } catch (e) {
    if (!(e instanceof SafeReadError)) throw e;
    return { file: path, error: { kind: "invalid", reason: e.message } };
  }
  if (text === undefined) return { file: path, error: { kind: "missing", reason: "no such file" } };
  const parsed = parseImportsFile(text);
  return "content" in parsed ? { file: path, content: parsed.content } : { file: path, error: { kind: "invalid", reason: parsed.reason } };
}

function toDiagnostic(m: Message, path: readonly PathSegment[], at: { line: number; column: number } | undefined): Diagnostic {
  return { severity: m.severity, id: m.id, path: formatPath(path), line: at?.line, column: at?.column, message: m.message };
}

function yamlErrorDiagnostic(e: YAMLError, text: string, source: SourceMap): Diagnostic {
  const at = source.at(e.pos[0]);
  if (e.code === "DUPLICATE_KEY") {
    const key = /^\s*["']?([^"':\n]*)/.exec(text.slice(e.pos[0]))?.[1]?.trim() ?? "?";
    return toDiagnostic(messages.duplicateKey(key), [], at);
  }
  if (e.code === "MULTIPLE_DOCS") return toDiagnostic(messages.multipleDocuments(), [], at);
  const detail = e.message.split("\n")[0].replace(/ at line \d+, column \d+.*$/, "");
  return toDiagnostic(messages.yamlSyntax(detail), [], at);
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const k = `${d.path}\u0000${d.id}\u0000${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

type Issue = z.core.$ZodIssue;

function issueDiagnostics(issue: Issue, source: SourceMap, prefix: readonly PathSegment[] = []): Diagnostic[] {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  const here = (m: Message, p: readonly PathSegment[] = path, key = false) => toDiagnostic(m, p, source.locate(p, { key }));
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeysAt(path);
      return issue.keys.map((k) => here(messages.unknownKey(k, nearest(k, known), known), [...path, k], true));
    }
    case "invalid_type":
      if (input === undefined) return [here(messages.missingKey(String(path[path.length - 1])), path.slice(0, -1))];
      return [here(custom(issue) ?? messages.wrongType(describeExpected(issue.expected), typeOf(input)))];
    case "invalid_union": {
      // Report the branch that got furthest: the one with the fewest problems that is not a plain type mismatch.
      const branches = (issue.errors ?? []).filter((b) => !(b.length === 1 && b[0].code === "invalid_type" && b[0].path.length === 0));
      const best = branches.sort((a, b) => a.length - b.length)[0];
      if (best) return best.flatMap((i) => issueDiagnostics(i, source, path));
      return [here(messages.wrongType(unionExpected(path), typeOf(input)))];
    }
    case "invalid_key":
      return issue.issues.flatMap((i) => [here(custom(i) ?? messages.invalid(`invalid key ${JSON.stringify(input)}`), path, true)]);
    case "invalid_element":
      return issue.issues.flatMap((i) => issueDiagnostics(i, source, path));
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const what = issue.origin === "string" ? "characters" : issue.origin === "array" || issue.origin === "set" ? "entries" : "";
      if (what) {
        const actual = typeof input === "string" || Array.isArray(input) ? input.length : undefined;
        return [here(issue.code === "too_small" ? messages.tooShort(Number(bound), what) : messages.tooLong(Number(bound), what, actual))];
      }
      return [here(messages.outOfRange(input, `${issue.code === "too_small" ? "minimum" : "maximum"} ${String(bound)}`))];
    }
    default:
      return [here(custom(issue) ?? messages.invalid(issue.message))];
  }
}

/** Issues whose message we wrote (via `error:` in the schema) carry it through, with an id from their code. */
function custom(issue: Issue): Message | undefined {
  if (/^(Invalid|Too (small|big))/.test(issue.message)) return undefined;
  const ids: Record<string, string> = { invalid_value: "invalid-value", invalid_format: "invalid-format", invalid_type: "wrong-type" };
  const id = ids[issue.code] ?? "invalid";
  return { id: `federation/${id}`, message: issue.message, severity: "error" };
}

function describeExpected(expected: string): string {
  return (
    { object: "a mapping", record: "a mapping", array: "a list", string: "a string", number: "a number", int: "a whole number", boolean: "true or false" } as Record<
      string,
      string
    >
  )[expected] ?? expected;
}

function unionExpected(path: readonly PathSegment[]): string {
  const last = String(path[path.length - 1]);
  if (last === "scimSecret") return "a secret name or a mapping with name";
  if (last === "inlinePolicy") return "a JSON file path or a policy mapping";
  if (last === "permissionsBoundary") return "{ managedPolicyArn } or { customerManagedPolicy: { name, path } }";
  return "another type";
}

/** Keys the schema knows at an object path (for "did you mean"). */
export function knownKeysAt(path: readonly PathSegment[]): string[] {
  let schemas: z.core.$ZodType[] = [federationSchema];
  for (const seg of path) {
    schemas = schemas.flatMap((s) => children(unwrap(s), seg));
  }
  return [...new Set(schemas.flatMap((s) => unwrap(s)).flatMap((s) => objectKeys(s)))];
}

function unwrap(s: z.core.$ZodType): z.core.$ZodType[] {
  const def = s._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; options?: z.core.$ZodType[]; in?: z.core.$ZodType };
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === "union" && def.options) return def.options.flatMap(unwrap);
  if (def.type === "pipe" && def.in) return unwrap(def.in);
  return [s];
}

function children(list: z.core.$ZodType[], seg: PathSegment): z.core.$ZodType[] {
  return list.flatMap((s) => {
    const def = s._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; valueType?: z.core.$ZodType; element?: z.core.$ZodType };
    if (def.type === "object" && def.shape && typeof seg === "string" && def.shape[seg]) return [def.shape[seg]];
    if (def.type === "record" && def.valueType) return [def.valueType];
    if (def.type === "array" && def.element && typeof seg === "number") return [def.element];
    return [];
  });
}

function objectKeys(s: z.core.$ZodType): string[] {
  const def = s._zod.def as unknown as { type: string; shape?: Record<string, unknown> };
  return def.type === "object" && def.shape ? Object.keys(def.shape).filter((k) => k !== "$schema") : [];
}
