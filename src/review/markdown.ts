/**
 * Markdown for PR comments, escaped by construction (issue 12: Markdown/HTML injection). Names, UPNs, account names,
 * plan addresses and messages come from files a pull request controls; in GitHub-flavoured Markdown they could close
 * a code span, open a link or an image, inject HTML or a `<details>` block, break a table or mention a team.
 *
 * - `md\`…${x}…\`` builds Markdown: every interpolated string is escaped as text (`text()`), only `Markdown` values
 *   (what `text()`, `code()`, `md` and `raw()` return) go in as they are. Renderers build every line with it.
 * - `text(s)`: inline text, safe anywhere inline (a table cell, a list item, a heading): the characters that open
 *   Markdown or HTML backslash-escaped (code, emphasis, strikethrough, links and images, HTML and entities, table
 *   pipes; a block marker at its start), line breaks folded, and what GitHub turns into links or notifications after
 *   rendering (mentions `@x`, references `#1`, URLs, e-mail addresses, `:emoji:`) put in code spans, so it stays
 *   visible and exact but inert.
 * - `code(s)`: an inline code span with a fence longer than any backtick run inside (so it cannot be closed early);
 *   text with a `|` is rendered by `text()` instead (GFM splits table cells at `|` even inside code spans).
 * - Both first pass through `printable()` (src/printable.ts): control characters and bidi overrides are shown as
 *   `\uXXXX`, never emitted.
 * Proven by test/review-markdown-gfm.test.ts with a real renderer (markdown-it, HTML and linkify on).
 */
import { printable } from "../printable";

/** A piece of Markdown source that is safe to put where Markdown is expected. */
export class Markdown {
  constructor(readonly source: string) {}

  toString(): string {
    return this.source;
  }
}

type Part = string | number | Markdown;

/** Markdown with every interpolated string escaped as text; `Markdown` parts go in as they are. */
export function md(strings: TemplateStringsArray, ...parts: readonly Part[]): Markdown {
  let out = strings[0];
  parts.forEach((p, i) => {
    out += (p instanceof Markdown ? p.source : typeof p === "number" ? String(p) : text(p).source) + strings[i + 1];
  });
  return new Markdown(out);
}

/** Our own Markdown (fixed words and syntax of the renderers, never user text). */
export function raw(source: string): Markdown {
  return new Markdown(source);
}

/** What GitHub links or notifies after rendering (a trailing `,;.)` stays outside): kept exact, as code. */
const LIVE_TOKEN = /[^\s|`]*(?:@|#\d|:\/\/|www\.)[^\s|`]*?(?=[,;.)]*(?:\s|\||`|$))|(?<![\w:]):[a-z0-9_+-]+:(?![\w:])/gi;
/** Characters that open Markdown or HTML inline (`_` only at a word boundary: GFM ignores it inside words). */
const INLINE = /[\\`*[\]<>&|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;
/** What makes the start of a list item a block of its own: a heading, quote, list, rule, setext or ordered marker. */
const BLOCK_START = /^(\s*)(?:([#>+=-])|(\d+)([.)]))/;

/** Inline text: see the module comment. */
export function text(value: string): Markdown {
  const s = printable(value).replace(/\r\n|[\n\t]/g, " ");
  let out = "";
  let last = 0;
  for (const m of s.matchAll(LIVE_TOKEN)) {
    if (m[0] === "") continue;
    out += escapeText(s.slice(last, m.index), last === 0) + span(m[0]);
    last = (m.index ?? 0) + m[0].length;
  }
  return new Markdown(out + escapeText(s.slice(last), last === 0));
}

function escapeText(s: string, atStart: boolean): string {
  const inline = s.replace(INLINE, (c) => `\\${c}`);
  return atStart ? inline.replace(BLOCK_START, (_m, space: string, mark?: string, digits?: string, dot?: string) => (mark ? `${space}\\${mark}` : `${space}${digits}\\${dot}`)) : inline;
}

/** Inline code: see the module comment. */
export function code(value: string): Markdown {
  const s = printable(value).replace(/\r\n|[\n\t]/g, " ");
  if (s.includes("|") || s === "") return text(value);
  return new Markdown(span(s));
}

/** A code span around text without `|` or line breaks. */
function span(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  // A space on both sides is stripped by the renderer; it keeps a leading/trailing backtick or space intact.
  const pad = longest > 0 || s.startsWith(" ") || s.endsWith(" ") ? " " : "";
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Text safe inside a table cell (and any inline place): `text()` as a string. */
export function cell(value: string): string {
  return text(value).source;
}

/** Text inside our own HTML (the `<summary>` of `details()`), where Markdown escapes do not apply. */
function html(value: string): string {
  return printable(value)
    .replace(/\r\n|[\n\t]/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/@/g, "&#64;");
}

export interface TableOptions {
  /** Rows shown before the table is cut with a note. @default 100 */
  readonly maxRows?: number;
}

/**
 * A GitHub table: the headers are our words, string cells are escaped as text. Rows beyond `maxRows` are counted,
 * not shown (the JSON output has them all).
 */
export function table(headers: readonly string[], rows: readonly (readonly Part[])[], options: TableOptions = {}): string[] {
  const max = options.maxRows ?? 100;
  const cellOf = (p: Part) => md`${p}`.source;
  const lines = [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`];
  for (const r of rows.slice(0, max)) lines.push(`| ${r.map(cellOf).join(" | ")} |`);
  if (rows.length > max) lines.push("", `… and ${rows.length - max} more (run with \`--format json\` for everything)`);
  return lines;
}

/** A collapsible block: the summary is escaped for HTML, the body is Markdown lines the caller built. */
export function details(summary: string, body: readonly string[]): string[] {
  return ["<details>", `<summary>${html(summary)}</summary>`, "", ...body, "", "</details>"];
}
