/**
 * Lockout findings as located diagnostics for `federation validate --base`: errors that point into the head file
 * (path and line), or warnings when the caller allows the lockout (`--allow-lockout`), so it is still shown.
 */
import type { Diagnostic } from "../model/diagnostics";
import type { FederationModel } from "../model/model";
import { accessView } from "./access";
import { headSource, locatedDiagnostic } from "./head-source";
import { lockoutFindings } from "./lockout";
import { combineRules, rulesOf } from "./privileged";

/** `headPath` is the head file on disk (for line numbers); without it the diagnostics have no line. */
export function lockoutDiagnostics(base: FederationModel, head: FederationModel, options: { headPath?: string; allow?: boolean } = {}): Diagnostic[] {
  const rules = combineRules(rulesOf(base.spec), rulesOf(head.spec));
  const findings = lockoutFindings(accessView(base, rules), accessView(head, rules));
  if (findings.length === 0) return [];
  const source = headSource(options.headPath);
  const severity = options.allow ? "warning" : "error";
  return findings.map((f) => locatedDiagnostic(source, f.path, { id: f.id, message: f.message, severity }));
}
