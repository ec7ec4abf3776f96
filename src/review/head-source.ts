/**
 * Where a finding about a change is in the head file, for the located diagnostics of `federation validate --base`
 * (renames, removals, lockouts, certificates): the head file read again (safely: it was validated, but this is
 * another read), parsed with positions only when a diagnostic asks for a line.
 */
import { type Diagnostic, formatPath, type PathSegment } from "../model/diagnostics";
import { MAX_FILE_BYTES } from "../model/load";
import type { Message } from "../model/messages";
import { SourceMap } from "../model/source";
import { readFileSafely } from "../safe-fs";

/** The head file's source map; undefined without a path or when it cannot be read (the diagnostics then have no line). */
export function headSource(headPath: string | undefined): SourceMap | undefined {
  if (!headPath) return undefined;
  try {
    return SourceMap.lazy(readFileSafely(headPath, { maxBytes: MAX_FILE_BYTES, what: "federation file" }).toString("utf8"));
  } catch {
    return undefined;
  }
}

/** A diagnostic for `message` at `path` of the head file (the mapping key with `key`). */
export function locatedDiagnostic(source: SourceMap | undefined, path: readonly PathSegment[], m: Message, options: { key?: boolean; severity?: Diagnostic["severity"] } = {}): Diagnostic {
  const at = source?.locate(path, { key: options.key });
  return { severity: options.severity ?? m.severity, id: m.id, path: formatPath(path), line: at?.line, column: at?.column, message: m.message };
}
