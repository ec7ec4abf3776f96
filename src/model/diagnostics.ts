/** A problem found in a federation file: errors block, warnings print. */
export type Severity = "error" | "warning";

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable id, e.g. `federation/unknown-key`. */
  readonly id: string;
  /** Dotted path in the file, e.g. `permissionSets.Admin.sessionDuration` (empty for the whole file). */
  readonly path: string;
  /** 1-based line, when the file has one for this path. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export type PathSegment = string | number;

/** `permissionSets.Admin.sessionDuration`, `assignments[2].accounts[0]`; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `config/federation.yaml:12:5: error permissionSets.Admin.sessionDuration: … [federation/session-duration]` */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = d.line !== undefined ? `${file}:${d.line}${d.column !== undefined ? `:${d.column}` : ""}` : file;
  const path = d.path ? `${d.path}: ` : "";
  return `${where}: ${d.severity} ${path}${d.message} [${d.id}]`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorted by line (unlocated last), then path: stable output for humans and tests. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.path.localeCompare(b.path) ||
      a.id.localeCompare(b.id),
  );
}
