/**
 * Permission-set lifecycle warnings as located diagnostics for `federation validate --base`: renames (pointing at the
 * new set's name in the head file) and sets removed together with their grants (pointing at `permissionSets`).
 */
import type { Diagnostic } from "../model/diagnostics";
import type { FederationModel } from "../model/model";
import { accessView } from "./access";
import { headSource, locatedDiagnostic } from "./head-source";
import { combineRules, rulesOf } from "./privileged";
import { detectRenames, renameMessage } from "./renames";
import { setsRemovedWithGrants } from "./set-removal";

/** `headPath` is the head file on disk (for line numbers); without it the diagnostics have no line. */
export function renameDiagnostics(base: FederationModel, head: FederationModel, headPath?: string): Diagnostic[] {
  const rules = combineRules(rulesOf(base.spec), rulesOf(head.spec));
  const renames = detectRenames(accessView(base, rules), accessView(head, rules));
  const removals = setsRemovedWithGrants(base, head, new Set(renames.map((r) => r.from)));
  if (renames.length === 0 && removals.length === 0) return [];
  const source = headSource(headPath);
  return [
    ...renames.map((r) => locatedDiagnostic(source, ["permissionSets", r.to], renameMessage(r), { key: true })),
    // The removed set has no line in the head file: point at its parent section.
    ...removals.map((r) => locatedDiagnostic(source, ["permissionSets"], r.message, { key: true })),
  ];
}
