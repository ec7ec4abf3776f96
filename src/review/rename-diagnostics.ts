/**
 * Rename warnings as located diagnostics for `federation validate --base`: each points at the new set's name in the
 * head file (path and line), like every other warning.
 */
import { existsSync, readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import type { Diagnostic } from "../model/diagnostics";
import { formatPath } from "../model/diagnostics";
import type { FederationModel } from "../model/model";
import { SourceMap } from "../model/source";
import { accessView } from "./access";
import { combineRules, rulesOf } from "./privileged";
import { detectRenames, renameMessage } from "./renames";

/** `headPath` is the head file on disk (for line numbers); without it the diagnostics have no line. */
export function renameDiagnostics(base: FederationModel, head: FederationModel, headPath?: string): Diagnostic[] {
  const rules = combineRules(rulesOf(base.spec), rulesOf(head.spec));
  const renames = detectRenames(accessView(base, rules), accessView(head, rules));
  if (renames.length === 0) return [];
  let source: SourceMap | undefined;
  if (headPath && existsSync(headPath)) {
    const lines = new LineCounter();
    source = new SourceMap(parseDocument(readFileSync(headPath, "utf8"), { lineCounter: lines }), lines);
  }
  return renames.map((r) => {
    const path = ["permissionSets", r.to];
    const at = source?.locate(path, { key: true });
    const m = renameMessage(r);
    return { severity: m.severity, id: m.id, path: formatPath(path), line: at?.line, column: at?.column, message: m.message };
  });
}
