/**
 * Where a finding about a change is in the head file, for the located diagnostics of `federation validate --base`
 * (renames, removals, lockouts, certificates): the source map of the text the loader read (`LoadResult.source`),
 * never a second read of the file.
 */
import { type Diagnostic, formatPath, type PathSegment } from "../model/diagnostics";
import type { Message } from "../model/messages";
import type { SourceMap } from "../model/source";

/** A diagnostic for `message` at `path` of the head file (the mapping key with `key`); no line without a source. */
export function locatedDiagnostic(source: SourceMap | undefined, path: readonly PathSegment[], m: Message, options: { key?: boolean; severity?: Diagnostic["severity"] } = {}): Diagnostic {
  const at = source?.locate(path, { key: options.key });
  return { severity: options.severity ?? m.severity, id: m.id, path: formatPath(path), line: at?.line, column: at?.column, message: m.message };
}
