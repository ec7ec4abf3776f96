/**
 * Lockout findings as located diagnostics for `federation validate --base`: errors that point into the head file
 * (path and line), or warnings when the caller allows the lockout (`--allow-lockout`), so it is still shown.
 */
import { existsSync, readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { type Diagnostic, formatPath } from "../model/diagnostics";
import type { FederationModel } from "../model/model";
import { SourceMap } from "../model/source";
import { accessView } from "./access";
import { lockoutFindings } from "./lockout";
import { combineRules, rulesOf } from "./privileged";

/** `headPath` is the head file on disk (for line numbers); without it the diagnostics have no line. */
export function lockoutDiagnostics(base: FederationModel, head: FederationModel, options: { headPath?: string; allow?: boolean } = {}): Diagnostic[] {
  const rules = combineRules(rulesOf(base.spec), rulesOf(head.spec));
  const findings = lockoutFindings(accessView(base, rules), accessView(head, rules));
  if (findings.length === 0) return [];
  let source: SourceMap | undefined;
  if (options.headPath && existsSync(options.headPath)) {
    const lines = new LineCounter();
    source = new SourceMap(parseDocument(readFileSync(options.headPath, "utf8"), { lineCounter: lines }), lines);
  }
  return findings.map((f) => {
    const at = source?.locate(f.path);
    return { severity: options.allow ? "warning" : "error", id: f.id, path: formatPath(f.path), line: at?.line, column: at?.column, message: f.message };
  });
}
