/**
 * The one way we parse JSON we did not write (plan files, `terraform output -json`, inline-policy files): nesting is
 * bounded before anything recursive sees the value (a plan nested 100,000 deep would overflow the stack of every walk
 * over it), and a syntax error says where it is with a short, printable excerpt, never the content itself (a plan or
 * an outputs file can hold secrets). Pair it with `readFileSafely` (src/safe-fs.ts) for the bytes.
 */
import { excerpt } from "./printable";

/** Deeper than any plan or policy we read (Terraform plans nest about 20 levels). */
export const MAX_JSON_DEPTH = 100;

export class JsonInputError extends Error {}

/** Parses `text`; throws `JsonInputError` (a message for users, naming `what`) when it is not JSON or nests too deep. */
export function parseJsonSafely(text: string, what: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const depth = nesting(text, maxDepth);
  if (depth > maxDepth) throw new JsonInputError(`${what} nests deeper than ${maxDepth} levels; it is not what this command reads`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new JsonInputError(`${what} is not valid JSON (${where(text, e)})`);
  }
}

/** Deepest nesting of `[`/`{` outside strings, counting stops past `limit`. */
function nesting(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** `syntax error at line 3, column 7, near "…"`: the place and a short printable excerpt, never V8's message (which quotes the input). */
function where(text: string, _e: unknown): string {
  const at = errorOffset(text);
  if (at === undefined) return "syntax error";
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - before.lastIndexOf("\n");
  return at >= text.length ? `it ends early, at line ${line}` : `syntax error at line ${line}, column ${column}, near ${JSON.stringify(excerpt(text.slice(at, at + 12), 12))}`;
}

/** Where a JSON text first goes wrong (a small validator; nesting is already bounded). */
function errorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) fail();
    i += (literal as RegExpExecArray)[0].length;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "")) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (at) {
    return typeof at === "number" ? Math.min(at, text.length) : undefined;
  }
}
