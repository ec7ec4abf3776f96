/**
 * Text we print, made harmless to the terminal and the reader: control characters (other than line feed and tab),
 * Unicode bidi controls (which make a terminal or a PR page show text in another order than it has, e.g.
 * `admin\u202e...`), zero-width marks and line/paragraph separators are shown as `\uXXXX`. Applied to everything the
 * CLI writes to stdout/stderr (src/commands/io.ts) and inside every Markdown escape (src/review/markdown.ts). The
 * `\uXXXX` form is also a valid JSON escape, so JSON output (where these characters can only be inside strings) stays
 * valid JSON with the same values.
 */

/** C0 (but \n and \t), DEL, C1, ALM, LRM/RLM, zero-width, bidi embeddings/overrides/isolates, LS/PS, BOM. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** `text` with every unprintable character shown as `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** True when `text` holds a character `printable()` would rewrite. */
export function hasUnprintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  const found = UNPRINTABLE.test(text);
  UNPRINTABLE.lastIndex = 0;
  return found;
}

/** A short, printable excerpt of content that failed to parse: at most `max` characters, on one line. */
export function excerpt(text: string, max = 40): string {
  const one = printable(text.replace(/\r?\n|\t/g, " "));
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
