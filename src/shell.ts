/**
 * The one way we write shell text (generated scripts, commands in hand-off sheets and in CLI messages). Every value
 * that is not a fixed word of ours goes through `shellWord` (a command argument) or `shellComment` (text after `#`).
 * The output is valid for bash and zsh (and any POSIX sh): single quotes, no `$'…'`, no brace or history expansion
 * inside quotes.
 *
 * - `shellWord('it\'s')` → `'it'\''s'`: inside single quotes nothing is special but the quote itself.
 * - A control character (newline, carriage return, escape, NUL, …) is never emitted: inside quotes a newline is data
 *   to the shell but ends a comment line or a copied command, and NUL cannot be passed at all. Names in the
 *   federation file refuse control characters; `shellWord` throws on one (a bug, never user-facing), `shellComment`
 *   shows it as `\u{…}`.
 */

/** Control characters (C0, DEL, C1) and the Unicode line/paragraph separators: never written into shell text. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const CONTROL_GLOBAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu;
/**
 * Words that need no quotes in any POSIX shell and in zsh. `=` is plain after the first character: an argument such
 * as `-state=x` is one literal word, and so is the value of an assignment (`A=b=c`); only a word that begins with it
 * is expanded (zsh's `=word` is the path of command `word`), and we never write a word in command position.
 */
const PLAIN = /^[A-Za-z0-9_@%+,./:=-]+$/;

/** One shell word with exactly this text. Plain words stay as they are; everything else is single-quoted. */
export function shellWord(text: string): string {
  if (CONTROL.test(text)) throw new Error(`internal: refusing to write a control character into shell text (${JSON.stringify(text)})`);
  if (text !== "" && PLAIN.test(text) && !text.startsWith("=")) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A command line: the program and its arguments, each as one word. */
export function shellCommand(...words: readonly string[]): string {
  return words.map(shellWord).join(" ");
}

/** Text for after `# ` on one line: control characters shown as `\u{…}`, so the comment cannot end early. */
export function shellComment(text: string): string {
  return text.replace(CONTROL_GLOBAL, (c) => `\\u{${c.codePointAt(0)?.toString(16)}}`);
}

/** True when a text has a character that `shellWord` refuses (for validation rules that must refuse it first). */
export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}
