/**
 * The loader's fast path: a plain YAML parse (js-yaml, no positions) for files that use nothing but plain YAML 1.2
 * data, about ten times faster than the located parse (`yaml`'s parseDocument with positions: ~0.3 s of a 20,000-grant
 * file, ~0.7 s at 100,000). Whenever the text might mean anything else, or might be refused, it returns undefined and
 * the loader takes the located path, which reports every problem with its line. So the fast path only ever accepts
 * files that both parsers read as the same data (test/yaml-fast-path.test.ts compares them on generated files):
 * - scalars resolve exactly as `yaml`'s YAML 1.2 core schema does: the same tests, in the same order, and the same
 *   conversions (copied from yaml 2.9.1 `dist/schema/core/*.js`); nothing else (no timestamps, binary, sets);
 * - any tag (`!!str`, `!`, `!foo`), anchor or alias, directive (`%YAML 1.1`), duplicate key, complex key (a list or
 *   mapping as a key), merge key `<<`, `__proto__`, a key that could be a null (`~:` becomes "" for `yaml` but
 *   "null" for js-yaml), a key over 1,024 characters (`yaml` refuses implicit keys that long), nesting deeper than the
 *   loader's limit, a tab, control character, byte-order mark or non-ASCII line break anywhere, a `#` right after a bracket, brace, comma or quote, a root that is not a mapping, a js-yaml warning or error: the located path decides.
 * Pure; no cdktf import.
 */
import { load, Schema, Type } from "js-yaml";

/**
 * A core-schema scalar type. Its tag contains spaces, which no YAML tag can (js-yaml checks tag URIs), so a file cannot
 * name it explicitly: every explicit tag is unknown to this schema and sends the file to the located path.
 */
const scalar = (name: string, starts: string, test: RegExp, construct: (text: string) => unknown) =>
  new Type(`fast path core ${name}`, {
    kind: "scalar",
    // `starts`: the characters a match can begin with (most plain scalars are names: no regex runs for them).
    resolve: (text: string | null) => text !== null && (text === "" ? test.test(text) : starts.includes(text[0]) && test.test(text)),
    construct,
  });
const DIGITS = "0123456789";

// yaml 2.9.1 core schema, in its order (dist/schema/core/schema.js): null, bool, intOct, int, intHex, floatNaN, floatExp, float.
const CORE_TYPES = [
  scalar("null", "~nN", /^(?:~|[Nn]ull|NULL)?$/, () => null),
  scalar("bool", "tTfF", /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === "t" || s[0] === "T"),
  scalar("int-oct", "0", /^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)),
  scalar("int", `-+${DIGITS}`, /^[-+]?[0-9]+$/, (s) => parseInt(s, 10)),
  scalar("int-hex", "0", /^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)),
  scalar("float-nan", "-+.", /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) =>
    s.slice(-3).toLowerCase() === "nan" ? NaN : s[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
  ),
  scalar("float-exp", `-+.${DIGITS}`, /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)),
  scalar("float", `-+.${DIGITS}`, /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)),
];
const CORE = new Schema({ implicit: CORE_TYPES });
/** Tags a node may have at the end of its parse: none (`null`, `?`: untagged), or a core scalar type resolved implicitly. */
const IMPLICIT_TAGS = new Set<string | null>([null, "?", ...CORE_TYPES.map((t) => (t as unknown as { tag: string }).tag)]);

/** `yaml` refuses implicit keys longer than this (YAML 1.2 §7.4). */
const MAX_IMPLICIT_KEY = 1024;

interface ListenerState {
  readonly tag: string | null;
  readonly anchor: string | null;
  readonly kind: string | null;
  readonly result: unknown;
}

/** The data of `text` when the fast path can vouch for it (see the module comment), else undefined. */
export function fastYamlData(text: string, maxDepth: number): unknown {
  // Directives (`%YAML`, `%TAG`) only change meaning: the located path reads them.
  // Tabs: YAML allows them in some whitespace and not in other, and the two parsers draw that line differently.
  // A `#` right after a flow indicator or a quote: js-yaml reads a comment where `yaml` refuses one not set off by
  // white space.
  // A byte-order mark, a control character or a non-ASCII line break (NEL, LS, PS): read differently, or refused.
  if (/^%/m.test(text) || /[{}[\],"']#/.test(text) || /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F\u0085\u2028\u2029\uFEFF]/.test(text)) return undefined;
  let plain = true;
  // js-yaml reports some collections twice (a nested parse of the same node): count them by identity.
  const collections = new Set<unknown>();
  let data: unknown;
  try {
    data = load(text, {
      schema: CORE,
      json: false,
      onWarning: () => {
        plain = false;
      },
      listener: (event, parserState) => {
        if (event !== "close") return;
        // js-yaml's parser state (its types declare only part of it).
        const state = parserState as unknown as ListenerState;
        if (state.anchor !== null || !IMPLICIT_TAGS.has(state.tag)) plain = false;
        if ((state.kind === "mapping" || state.kind === "sequence") && state.result !== null) collections.add(state.result);
      },
    });
  } catch {
    // A syntax error, a duplicate key, an unknown tag, nesting too deep for the stack: all the located path's to report.
    return undefined;
  }
  // A federation file is one mapping; anything else is the located path's to report.
  if (!plain || data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  // Every collection js-yaml built must be in the data: one that is not was a key (stringified by js-yaml).
  const inData = countPlainCollections(data, maxDepth);
  return inData === collections.size ? data : undefined;
}

/** Collections in `data`, or -1 when a key or the depth needs the located path. */
function countPlainCollections(data: unknown, maxDepth: number): number {
  let count = 0;
  const walk = (node: unknown, depth: number): boolean => {
    if (node === null || typeof node !== "object") return true;
    if (depth > maxDepth) return false;
    count++;
    if (Array.isArray(node)) return node.every((item) => walk(item, depth + 1));
    for (const key of Object.keys(node)) {
      if (key === "<<" || key === "__proto__" || key === "null" || key.length > MAX_IMPLICIT_KEY) return false;
      if (!walk((node as Record<string, unknown>)[key], depth + 1)) return false;
    }
    return true;
  };
  return walk(data, 1) ? count : -1;
}
