/** Markdown building blocks for PR comments: escaped table cells, capped tables, collapsible details. */

/** Text safe inside a table cell: pipes escaped, newlines folded, HTML-ish brackets neutralized. */
export function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Inline code that survives backticks in the value. */
export function code(text: string): string {
  const safe = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const fence = safe.includes("`") ? "``" : "`";
  return `${fence}${fence === "``" ? ` ${safe} ` : safe}${fence}`;
}

export interface TableOptions {
  /** Rows shown before the table is cut with a note. @default 100 */
  readonly maxRows?: number;
}

/** A GitHub table; rows beyond `maxRows` are counted, not shown (the JSON output has them all). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const max = options.maxRows ?? 100;
  const lines = [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`];
  for (const r of rows.slice(0, max)) lines.push(`| ${r.join(" | ")} |`);
  if (rows.length > max) lines.push("", `… and ${rows.length - max} more (run with \`--format json\` for everything)`);
  return lines;
}

export function details(summary: string, body: readonly string[]): string[] {
  return ["<details>", `<summary>${cell(summary)}</summary>`, "", ...body, "", "</details>"];
}
