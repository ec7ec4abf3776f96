/**
 * Lockout findings as located diagnostics for `federation validate --base`: errors that point into the head file
 * (path and line), or warnings when the caller allows the lockout (`--allow-lockout`), so it is still shown.
 */
import type { Diagnostic } from "../model/diagnostics";
import type { FederationModel } from "../model/model";
import type { SourceMap } from "../model/source";
import { accessView } from "./access";
import { locatedDiagnostic } from "./head-source";
import { lockoutFindings } from "./lockout";
import { combineRules, rulesOf } from "./privileged";

/**
 * `headSource` is where each path of the head file is, from the text the loader read (`LoadResult.source`): the file
 * is never opened again (no second read that could see another file, or hang on one that is not regular). Without it
 * the diagnostics have no line.
 */
export function lockoutDiagnostics(base: FederationModel, head: FederationModel, options: { headSource?: SourceMap; allow?: boolean } = {}): Diagnostic[] {
  const rules = combineRules(rulesOf(base.spec), rulesOf(head.spec));
  const findings = lockoutFindings(accessView(base, rules), accessView(head, rules));
  if (findings.length === 0) return [];
  const severity = options.allow ? "warning" : "error";
  return findings.map((f) => locatedDiagnostic(options.headSource, f.path, { id: f.id, message: f.message, severity }));
}
