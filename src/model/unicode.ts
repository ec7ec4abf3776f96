/**
 * What makes one name look like another (Unicode TS #39 in small): invisible or control characters, letters of
 * several scripts in one name (a Cyrillic "а" in a Latin name), and forms that Unicode normalization (NFKC) changes
 * (fullwidth "ａ", mathematical "𝐚", a decomposed "é"). Used by the rules on names and references.
 */

/** Control (except tab/newline/CR, which the group-name rule reports), format, surrogate, private, unassigned, separators, default-ignorable. */
const INVISIBLE = /[\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]|(?! )\p{Zs}/gu;

/** The common case, cheap to check: nothing to report in printable ASCII (one script, NFKC-stable). */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

const SCRIPT_NAMES = [
  "Latin", "Greek", "Cyrillic", "Armenian", "Hebrew", "Arabic", "Georgian", "Cherokee", "Ethiopic", "Devanagari", "Bengali", "Tamil",
  "Thai", "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo",
];
/** One expression per script, made when a name first needs them (names are nearly always printable ASCII). */
let scriptPatterns: { name: string; re: RegExp }[] | undefined;
/** Script mixes that are normal (UTS #39 "highly restrictive"): Latin with Japanese, Chinese or Korean. */
const ALLOWED_MIXES = [
  ["Latin", "Han", "Hiragana", "Katakana"],
  ["Latin", "Han", "Bopomofo"],
  ["Latin", "Han", "Hangul"],
];

/** `U+0430` */
export function codePoint(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The invisible or control characters in `value`, each as `U+XXXX`, unique, in order of appearance. */
export function invisibleCharacters(value: string): string[] {
  if (PRINTABLE_ASCII.test(value)) return [];
  return [...new Set([...value.matchAll(INVISIBLE)].map((m) => codePoint(m[0])))];
}

function scriptOf(c: string): string | undefined {
  if (!/^\p{L}$/u.test(c)) return undefined;
  scriptPatterns ??= SCRIPT_NAMES.map((name) => ({ name, re: new RegExp(`^\\p{Script=${name}}$`, "u") }));
  return scriptPatterns.find((s) => s.re.test(c))?.name ?? "another script";
}

/**
 * Why `value` only looks like a name in one script, as a phrase ("mixes Latin and Cyrillic letters (…)"), or
 * undefined when it does not. Invisible characters are reported separately.
 */
export function lookalike(value: string): string | undefined {
  if (PRINTABLE_ASCII.test(value)) return undefined;
  const chars = [...value];
  const scripts = chars.map(scriptOf);
  const used = [...new Set(scripts.filter((s): s is string => s !== undefined))];
  if (used.length > 1 && !ALLOWED_MIXES.some((mix) => used.every((s) => mix.includes(s)))) {
    const count = (s: string) => scripts.filter((x) => x === s).length;
    const main = used.reduce((a, b) => (count(b) > count(a) ? b : a));
    const i = scripts.findIndex((s) => s !== undefined && s !== main);
    return `mixes ${main} and ${scripts[i]} letters ("${chars[i]}" ${codePoint(chars[i])} at position ${i + 1} is ${scripts[i]})`;
  }
  const normal = value.normalize("NFKC");
  if (normal !== value) return `changes under Unicode normalization (NFKC) to ${JSON.stringify(normal)}`;
  return undefined;
}

/** Whether `value` has anything the name rules report: such a reference gets that error instead of "unknown …". */
export function isSuspicious(value: string): boolean {
  return invisibleCharacters(value).length > 0 || lookalike(value) !== undefined;
}
