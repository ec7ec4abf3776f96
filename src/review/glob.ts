/** IAM-style wildcards (`*` any run, `?` one character), case-insensitive: how actions and policy names are matched. */
const cache = new Map<string, RegExp>();

export function globRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${body}$`, "i");
    cache.set(pattern, re);
  }
  return re;
}

export function globMatches(pattern: string, value: string): boolean {
  return globRegExp(pattern).test(value);
}
