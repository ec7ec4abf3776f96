/**
 * Permission-set lifecycle warnings as located diagnostics for `federation validate --base`: renames (pointing at the
 * new set's name in the head file) and sets removed together with their grants (pointing at `permissionSets`).
 */
import { existsSync, readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import type { Diagnostic } from "../model/diagnostics";
import { formatPath } from "../model/diagnostics";
import type { FederationModel } from "../model/model";
import { SourceMap } from "../model/source";
import { accessView } from "./access";
import { combineRules, rulesOf } from "./privileged";
import type { Message } from "../model/messages";
import { detectRenames, renameMessage } from "./renames";
import { setsRemovedWithGrants } from "./set-removal";

/** `headPath` is the head file on disk (for line numbers); without it the diagnostics have no line. */
export function renameDiagnostics(base: FederationModel, head: FederationModel, headPath?: string): Diagnostic[] {
  const rules = combineRules(rulesOf(base.spec), rulesOf(head.spec));
  const renames = detectRenames(accessView(base, rules), accessView(head, rules));
  const removals = setsRemovedWithGrants(base, head, new Set(renames.map((r) => r.from)));
  if (renames.length === 0 && removals.length === 0) return [];
  let source: SourceMap | undefined;
  if (headPath && existsSync(headPath)) {
    const lines = new LineCounter();
    source = new SourceMap(parseDocument(readFileSync(headPath, "utf8"), { lineCounter: lines }), lines);
  }
  const located = (path: string[], m: Message): Diagnostic => {
    const at = source?.locate(path, { key: true });
    return { severity: m.severity, id: m.id, path: formatPath(path), line: at?.line, column: at?.column, message: m.message };
  };
  return [
    ...renames.map((r) => located(["permissionSets", r.to], renameMessage(r))),
    // The removed set has no line in the head file: point at its parent section.
    ...removals.map((r) => located(["permissionSets"], r.message)),
  ];
}
