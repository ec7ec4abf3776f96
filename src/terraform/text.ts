/**
 * Text that goes into Terraform JSON as a literal. Terraform reads every JSON string (object keys included) as a
 * template, so user text containing `${` or `%{` (IAM policy variables such as `${aws:username}` are common) must be
 * escaped or Terraform would try to interpolate it. Pure: no cdktf import.
 *
 * User text is escaped once, by `terraformView()` / `terraformSafe()` (./view.ts); constructs and stacks never call
 * `literal()` themselves (a second call would double the escapes). Inside a hand-written expression an already safe
 * text becomes an HCL string literal with `hclString()`.
 */

/** `${` → `$${`, `%{` → `%%{`: Terraform turns them back into the literal text. */
export function literal(text: string): string {
  if (!text.includes("{")) return text;
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

/** A literal for an optional value: `null` (Terraform: argument not set) when absent. */
export function optionalLiteral(text: string | undefined): string | null {
  return text === undefined ? null : literal(text);
}

/**
 * The text Terraform reads from a template literal: the inverse of `literal()` (`plainText(literal(x)) === x`). For
 * what is shown to people (the hand-off sheet), not for Terraform.
 */
export function plainText(safe: string): string {
  return safe.replace(/([$%])\1\{/g, (_match, sigil: string) => `${sigil}{`);
}

/**
 * An HCL quoted string for text that is already template-safe (from the view): `"`, `\` and control characters
 * escaped the HCL way (`\"`, `\\`, `\n`, `\r`, `\t`, `\uNNNN`; JSON's `\b` and `\f` are no HCL escapes).
 */
export function hclString(safe: string): string {
  const escaped = safe.replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === "\\") return "\\\\";
    if (c === '"') return '\\"';
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `"${escaped}"`;
}

/** A Terraform string literal inside an expression, for raw (not yet escaped) text. */
export function quoted(text: string): string {
  return hclString(literal(text));
}

/** Object ids compare case-insensitively; Entra returns them lower-case. */
export const GUID_REGEX = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/**
 * CDKTF's own markers in strings: `${TfToken[…]}` (and the list and map forms `#{TfToken[…]}`, `&{TfToken[…]}`) and
 * numbers whose bit pattern encodes a token. cdktf replaces them with its references while it synthesizes, so user
 * text containing one would turn into another resource's attribute, or stop the synthesis ("Unrecognized Token
 * Key"). The loader refuses such text (rule `cdktf-markers`); Terraform escaping cannot help (`$${TfToken[…]}` still
 * contains the marker). Source: cdktf 0.21 lib/tokens/private/encoding.js (markers, NUMBER_TOKEN_REGEX,
 * extractTokenDouble).
 */
export function cdktfMarker(text: string): string | undefined {
  const marker = text.includes("{TfToken[") ? /[$#&]\{TfToken\[/.exec(text) : null;
  if (marker) return marker[0];
  // A token number is written with an exponent (e+298): nothing to look for without a digit before an `e`.
  if (!/[\d.][eE]/.test(text)) return undefined;
  for (const m of text.matchAll(/[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g)) if (isTokenDouble(Number.parseFloat(m[0]))) return m[0];
  return undefined;
}

/** cdktf encodes a token as a double whose high 16 bits are 0xfdff (a number) or 0xfbff (a number list). */
function isTokenDouble(x: number): boolean {
  if (!Number.isFinite(x)) return false;
  const buf = new ArrayBuffer(8);
  new Float64Array(buf)[0] = x;
  const high = new Uint32Array(buf)[1] & 0xffff0000;
  return high === 0xfdff << 16 || high === 0xfbff << 16;
}
