/**
 * Text that goes into Terraform JSON as a literal. Terraform reads every JSON string (object keys included) as a
 * template, so user text containing `${` or `%{` (IAM policy variables such as `${aws:username}` are common) must be
 * escaped or Terraform would try to interpolate it. Pure: no cdktf import.
 */

/** `${` → `$${`, `%{` → `%%{`: Terraform turns them back into the literal text. */
export function literal(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

/** A literal for an optional value: `null` (Terraform: argument not set) when absent. */
export function optionalLiteral(text: string | undefined): string | null {
  return text === undefined ? null : literal(text);
}

/** A Terraform string literal inside an expression: JSON quoting is valid HCL quoting for these characters. */
export function quoted(text: string): string {
  return JSON.stringify(literal(text));
}

/** Object ids compare case-insensitively; Entra returns them lower-case. */
export const GUID_REGEX = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
