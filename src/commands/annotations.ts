/**
 * In GitHub Actions (`GITHUB_ACTIONS=true`), `validate` and `diff` also print their findings as workflow commands
 * (`::error file=…,line=…,col=…::message`), so GitHub shows each on the line of the federation file it is about, in
 * the pull request's changed files. Written to stderr (the runner reads commands from both streams; stdout is the
 * diff a step saves). Escaped as GitHub's toolkit does (`@actions/core` command.ts): in the message `%`, CR and LF;
 * in a property also `:` and `,`. So text from the file can neither end the command early nor start another one.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Diagnostic, PathSegment } from "../model/diagnostics";
import type { Federation } from "../model/schema";
import { SourceMap } from "../model/source";
import type { AccessDiff } from "../review/diff-types";
import type { CliIo } from "./io";

export type AnnotationLevel = "error" | "warning" | "notice";

export interface AnnotationPlace {
  /** Path relative to the repository root (GITHUB_WORKSPACE), `/`-separated. */
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly title?: string;
}

/** Whether this process runs in GitHub Actions. */
export const annotating = (env: NodeJS.ProcessEnv): boolean => env.GITHUB_ACTIONS === "true";

export const escapeData = (text: string): string => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
export const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** `::warning file=config/federation.yaml,line=12,col=3,title=…::message` */
export function workflowCommand(level: AnnotationLevel, message: string, place: AnnotationPlace = {}): string {
  const props = (["file", "line", "col", "title"] as const)
    .filter((k) => place[k] !== undefined)
    .map((k) => `${k}=${escapeProperty(String(place[k]))}`)
    .join(",");
  return `::${level}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

/** The path GitHub knows a file by (relative to the workspace), or undefined when it is outside it. */
export function workspacePath(absolute: string, io: CliIo): string | undefined {
  const rel = relative(resolve(io.cwd, io.env.GITHUB_WORKSPACE ?? "."), absolute);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? undefined : rel.split(sep).join("/");
}

/** A located diagnostic as a workflow command; `file` undefined for a file GitHub cannot show (a git revision). */
export function diagnosticAnnotation(d: Diagnostic, file: string | undefined): string {
  const message = `${d.path ? `${d.path}: ` : ""}${d.message} [${d.id}]`;
  return workflowCommand(d.severity, message, { file, line: file ? d.line : undefined, col: file ? d.column : undefined, title: d.id });
}

/**
 * Where in the file a diff finding is (its `subject`): a permission set, a group (its member, its activation), the
 * assignment that grants a principal a set, a review list, a destroy opt-in. Undefined for what has no place.
 */
export function subjectPath(spec: Federation, subject: string): PathSegment[] | undefined {
  const [kind, rest = ""] = splitOnce(subject, ":");
  if (kind === "permissionSet") return ["permissionSets", rest];
  if (kind === "identityProvider") return ["identityProvider"];
  if (subject.startsWith("review.")) return ["review", subject.slice("review.".length)];
  if (subject.startsWith("protection.allowDestroy.")) return ["protection", "allowDestroy", subject.slice("protection.allowDestroy.".length).split(":")[0]];
  if (kind === "identityCenter.assignmentStacks") return ["identityCenter", "assignmentShards"];
  if (kind === "target") return subjectPath(spec, rest);
  // The import file's blocks (`imports:<stack>…`) and `imports:` itself: the line that names the file, when it does.
  if (kind === "imports") return spec.imports !== undefined ? ["imports"] : undefined;
  if (kind !== "group" && kind !== "user") return undefined;
  // `group:<name>`, `group:<name>/member:<p>`, `group:<name>/activation.<field>`, `<principal>/<set>[/<target>]`.
  const member = /^(.*)\/member:(.*)$/.exec(rest);
  if (kind === "group" && member) {
    const g = spec.groups[member[1]];
    const standing = g?.members?.indexOf(member[2]) ?? -1;
    if (standing >= 0) return ["groups", member[1], "members", standing];
    const eligible = g?.eligibleMembers?.findIndex((e) => e.principal === member[2]) ?? -1;
    return eligible >= 0 ? ["groups", member[1], "eligibleMembers", eligible] : ["groups", member[1]];
  }
  const activation = /^(.*)\/activation\.(.*)$/.exec(rest);
  if (kind === "group" && activation) return ["groups", activation[1], "activation", activation[2]];
  if (kind === "group" && Object.hasOwn(spec.groups, rest)) return ["groups", rest];
  // A grant or an OU target: the assignment that names this principal and set.
  for (let cut = rest.lastIndexOf("/"); cut > 0; cut = rest.lastIndexOf("/", cut - 1)) {
    const name = rest.slice(0, cut);
    const set = rest.slice(cut + 1).split("/")[0];
    const i = spec.assignments.findIndex((a) => a.permissionSet === set && (kind === "group" ? a.group === name : a.user?.toLowerCase() === name));
    if (i >= 0) return ["assignments", i];
  }
  return kind === "group" ? ["groups", rest.split("/")[0]] : undefined;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const i = text.indexOf(separator);
  return i < 0 ? [text] : [text.slice(0, i), text.slice(i + 1)];
}

export interface DiffAnnotationOptions {
  readonly failOnEscalation: boolean;
  readonly failOnWarning: boolean;
  readonly allowLockout: boolean;
}

/**
 * The diff's findings as workflow commands on the head file: the lockout, each escalation and each warning, an error
 * when it fails the command (the lockout without --allow-lockout, escalations with --fail-on-escalation, warnings
 * with --fail-on-warning), a warning otherwise.
 */
export function diffAnnotations(
  diff: AccessDiff,
  head: { readonly spec: Federation; readonly text?: string; readonly file?: string },
  options: DiffAnnotationOptions,
): string[] {
  const source = head.text !== undefined ? SourceMap.lazy(head.text) : undefined;
  const at = (subject: string | undefined): AnnotationPlace => {
    if (!head.file) return {};
    const path = subject === undefined ? undefined : subjectPath(head.spec, subject);
    const p = path && source?.locate(path, { key: true });
    return { file: head.file, line: p?.line, col: p?.column };
  };
  const out: string[] = [];
  for (const l of diff.lockout ?? []) out.push(workflowCommand(options.allowLockout ? "warning" : "error", `${l.message} [${l.id}]`, { ...at(undefined), title: "Lockout" }));
  for (const e of diff.escalations) out.push(workflowCommand(options.failOnEscalation ? "error" : "warning", `${e.reason} [${e.kind}]`, { ...at(e.subject), title: `Access escalation: ${e.kind}` }));
  for (const w of diff.warnings) out.push(workflowCommand(options.failOnWarning ? "error" : "warning", `${w.message} [${w.id}]`, { ...at(w.subject), title: w.id }));
  return out;
}
