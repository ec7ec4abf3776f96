/**
 * The loader's two YAML parsers mean the same: whenever the fast path (src/model/fast-yaml.ts, js-yaml) accepts a
 * text, the located parse (`yaml` with positions, the one that reports problems) finds no error, warning or refused
 * feature in it and reads exactly the same data. Searched on generated valid files in several YAML styles (block,
 * flow, js-yaml's own writer, odd quoting), on those files mutated, and on YAML token soup; plus every feature the fast
 * path must leave to the located parse, and the boundaries of its limits.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { dump } from "js-yaml";
import { LineCounter, parseDocument, stringify } from "yaml";
import { fastYamlData } from "../src/model/fast-yaml";
import { yamlProblems } from "../src/model/yaml-checks";
import { federationDoc, runs, toYaml } from "./arbitraries";
import { DEFAULT_CONFIG, loadText } from "./helpers";

const MAX_DEPTH = 64;

/** What the located path reads: its data when it has no error, warning (other than tags, reported below) or refused feature. */
function located(text: string): { ok: true; data: unknown } | { ok: false } {
  const doc = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: false, prettyErrors: false, strict: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0 || yamlProblems(doc, text, MAX_DEPTH).length > 0) return { ok: false };
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    return { ok: false };
  }
}

/** The property: the fast path accepts only what the located path accepts, with the same data. */
function agree(text: string): boolean {
  const fast = fastYamlData(text, MAX_DEPTH);
  if (fast === undefined) return false;
  const slow = located(text);
  expect(slow.ok).toBe(true);
  if (slow.ok) expect(fast).toEqual(slow.data);
  // toEqual treats -0 and 0, NaN alike; JSON-with-markers compares them exactly too.
  const exact = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? `#${x}` : Object.is(x, -0) ? "#-0" : x));
  if (slow.ok) expect(exact(fast)).toBe(exact(slow.data));
  return true;
}

const styles: Record<string, (doc: unknown) => string> = {
  block: (doc) => toYaml(doc),
  flow: (doc) => stringify(doc, { lineWidth: 0, collectionStyle: "flow" }),
  "double-quoted": (doc) => stringify(doc, { lineWidth: 0, defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" }),
  "single-quoted": (doc) => stringify(doc, { lineWidth: 20, defaultStringType: "QUOTE_SINGLE" }),
  "block scalars": (doc) => stringify(doc, { lineWidth: 20, blockQuote: "folded" }),
  "js-yaml writer": (doc) => dump(doc, { lineWidth: -1 }),
  "js-yaml writer, flow": (doc) => dump(doc, { flowLevel: 1 }),
};

describe("GIVEN generated valid federation files", () => {
  test.each(Object.keys(styles))("WHEN written in %s style THEN the fast path reads them, as the located parse does", (style) => {
    fc.assert(
      fc.property(federationDoc, (doc) => {
        const text = styles[style](doc);
        expect(agree(text)).toBe(true);
        // And the loader's verdict does not depend on the path taken.
        expect(loadText(text).model).toBeDefined();
      }),
      runs(40),
    );
  });

  test("WHEN generated data of any shape is written as YAML THEN whatever the fast path accepts means the same to the located parse", () => {
    const anyData = fc.jsonValue({ maxDepth: 4 });
    fc.assert(fc.property(anyData, fc.constantFrom(...Object.keys(styles)), (value, style) => void agree(styles[style](value))), runs(300));
  });

  test("WHEN scalars of every core-schema form are written unquoted THEN both parsers resolve them alike", () => {
    const plain = fc.oneof(
      fc.constantFrom("~", "null", "Null", "NULL", "", "true", "True", "TRUE", "false", "yes", "no", "on", "off", "y", "n", "0o17", "0o8", "0x1F", "0xg", "0b101",
        "012", "+12", "-0", "1_000", "1e3", "1E-3", ".5", "-.5", "+.5", "1.", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "NaN", "1.0", "1.10", "2001-12-14", "12:30:00",
        "123456789012", "123456789012345678901234567890", "0x", "1e", "-", "+"),
      fc.stringMatching(/^[-+.0-9eExXoO_]{1,8}$/),
    );
    fc.assert(fc.property(fc.array(plain, { minLength: 1, maxLength: 8 }), (scalars) => {
      const text = scalars.map((s, i) => `k${i}: ${s}\n`).join("") + `list: [${scalars.join(", ")}]\n`;
      agree(text);
    }), runs(300));
  });
});

describe("GIVEN hostile or unusual texts", () => {
  const TOKENS = [
    "version: 1\n", "groups:\n", "a:", "b:", " ", "  ", "\n", "- ", "? ", ": ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!int ", "!!binary ", "! ", "!x ", "!<tag:x> ",
    "<<: ", "__proto__", "null", "~", "---\n", "...\n", "# c\n", "#", '"', "'", "\\", "\\u0041", "\t", "\r\n", "|\n", ">-\n", "|+\n", "x", "1", ".inf", "%YAML 1.1\n", "%TAG ! tag:x,1:\n",
    "\uFEFF", "\u0085", "\u2028", "\u0001", "\u007F", "а", "@", "`", "%", "-", ":", "?", "|", ">", "*", "&", "!",
  ];
  test("WHEN the text is YAML token soup THEN the fast path accepts only what the located parse accepts, with the same data", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join("")), (text) => void agree(text)), runs(3000));
  });

  test("WHEN a valid file has a line deleted, duplicated or re-indented THEN the same holds", () => {
    fc.assert(
      fc.property(federationDoc, fc.nat(), fc.constantFrom("delete", "duplicate", "indent", "dedent", "tab"), (doc, pick, how) => {
        const lines = toYaml(doc).split("\n");
        const i = pick % lines.length;
        if (how === "delete") lines.splice(i, 1);
        else if (how === "duplicate") lines.splice(i, 0, lines[i]);
        else if (how === "indent") lines[i] = `  ${lines[i]}`;
        else if (how === "dedent") lines[i] = lines[i].replace(/^ {2}/, "");
        else lines[i] = `\t${lines[i]}`;
        agree(lines.join("\n"));
      }),
      runs(300),
    );
  });

  test.each([
    ["an explicit core tag", "a: !!str 1\n"],
    ["the non-specific tag", "a: ! 1\n"],
    ["a local tag", "a: !x 1\n"],
    ["a verbatim tag", "a: !<tag:yaml.org,2002:str> 1\n"],
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["an anchor alone", "a: &x 1\n"],
    ["a merge key", "base: {a: 1}\nb:\n  <<: {a: 2}\n"],
    ["__proto__", "__proto__: {polluted: true}\n"],
    ["a null key", "~: 1\n"],
    ["an empty key", ": 1\n"],
    ["a list as a key", "? [a, b]\n: 1\n"],
    ["a mapping as a key", "? {a: 1}\n: 1\n"],
    ["an empty flow list as a key", "[]: 1\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a %YAML 1.1 directive", "%YAML 1.1\n---\na: yes\n"],
    ["a %TAG directive", "%TAG !e! tag:example.com,2000:\n---\na: 1\n"],
    ["two documents", "a: 1\n---\nb: 2\n"],
    ["a tab as indentation", "a:\n\tb: 1\n"],
  ])("WHEN the file has %s THEN the fast path leaves it to the located parse", (_what, text) => {
    expect(fastYamlData(text, MAX_DEPTH)).toBeUndefined();
  });
});

describe("GIVEN the fast path's limits", () => {
  /** `depth` mappings, each the value of the one before. */
  const nested = (depth: number) => `${Array.from({ length: depth - 1 }, (_, i) => `${"  ".repeat(i)}k:\n`).join("")}${"  ".repeat(depth - 1)}k: 1\n`;

  test("WHEN mappings nest exactly to the loader's depth limit THEN the fast path reads them; one level more goes to the located parse", () => {
    expect(agree(nested(MAX_DEPTH))).toBe(true);
    expect(fastYamlData(nested(MAX_DEPTH + 1), MAX_DEPTH)).toBeUndefined();
    expect(located(nested(MAX_DEPTH + 1)).ok).toBe(false);
  });

  test("WHEN a key has exactly 1,024 characters THEN the fast path reads it; with 1,025 (refused by the located parse) it does not", () => {
    const key = (n: number) => "k".repeat(n);
    expect(agree(`${key(1024)}: 1\n`)).toBe(true);
    expect(fastYamlData(`${key(1025)}: 1\n`, MAX_DEPTH)).toBeUndefined();
    expect(located(`${key(1025)}: 1\n`).ok).toBe(false);
  });

  test("WHEN a key is the text \"null\" (quoted or not) THEN the located parse decides (js-yaml writes a null key as \"null\")", () => {
    expect(fastYamlData('"null": 1\n', MAX_DEPTH)).toBeUndefined();
    expect(fastYamlData("null: 1\n", MAX_DEPTH)).toBeUndefined();
    expect(loadText("version: 1\n~: 1\n").diagnostics.map((d) => d.id)).toEqual(loadText('version: 1\n"": 1\n').diagnostics.map((d) => d.id));
  });

  test("the default federation file takes the fast path", () => {
    expect(agree(readFileSync(DEFAULT_CONFIG, "utf8"))).toBe(true);
  });
});
