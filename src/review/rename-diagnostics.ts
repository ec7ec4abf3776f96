/**
 * Permission-set lifecycle warnings as located diagnostics for `federation validate --base`: renames (pointing at the
 * new set's name in the head file) and sets removed together with their grants (pointing at `permissionSets`).
 */
import type { Diagnostic } from "../model/diagnostics";
import type { FederationModel } from "../model/model";
import type { SourceMap } from "../model/source";
import { accessView } from "./access";
import { locatedDiagnostic } from "./head-source";
import { combineRules, rulesOf } from "./privileged";
import { detectRenames, renameMessage } from "./renames";
import { setsRemovedWithGrants } from "./set-removal";

/**
 * `headSource` is where each path of the head file is, from the text the loader read (`LoadResult.source`): the file
 * is never opened again. Without it the diagnostics have no line.
 */
export function renameDiagnostics(base: FederationModel, head: FederationModel, headSource?: SourceMap): Diagnostic[] {
  const rules = combineRules(rulesOf(base.spec), rulesOf(head.spec));
  const renames = detectRenames(accessView(base, rules), accessView(head, rules));
  const removals = setsRemovedWithGrants(base, head, new Set(renames.map((r) => r.from)));
  if (renames.length === 0 && removals.length === 0) return [];
  return [
    ...renames.map((r) => locatedDiagnostic(headSource, ["permissionSets", r.to], renameMessage(r), { key: true })),
    // The removed set has no line in the head file: point at its parent section.
    ...removals.map((r) => locatedDiagnostic(headSource, ["permissionSets"], r.message, { key: true })),
  ];
}
