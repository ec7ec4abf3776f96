/**
 * Checks on the parsed YAML tree before it becomes data: YAML features that would hide what a reviewer reads or that
 * JavaScript cannot represent faithfully are refused with their line, instead of being silently converted.
 * - `%YAML 1.1` (booleans from yes/no/on/off, `<<` merges), tags other than the plain core ones (`!!binary`, `!foo`),
 * - duplicate keys (checked here with a set per mapping: the parser's own check is quadratic in the mapping size),
 * - merge keys `<<`, keys that are lists/mappings/aliases (they would be stringified), the key `__proto__`
 *   (an object key JavaScript drops), aliases that contain themselves (a cycle: endless data),
 * - nesting deeper than the limit (reported where it happens).
 * The walk never follows aliases, so alias bombs cost nothing here (the loader limits their expansion).
 */
import { type Document, isAlias, isCollection, isPair, isScalar, type Node } from "yaml";
import { type Message, messages } from "./messages";

export interface YamlProblem {
  readonly message: Message;
  /** Offset in the text of the node the problem is about. */
  readonly offset: number;
}

const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/** Problems in `doc`, parsed from `text`. */
export function yamlProblems(doc: Document, text: string, maxDepth: number): YamlProblem[] {
  const out: YamlProblem[] = [];
  const at = (node: unknown) => (node as Node | undefined)?.range?.[0] ?? 0;
  const directive = doc.directives?.yaml;
  if (directive?.explicit && directive.version !== "1.2") {
    out.push({ message: messages.yamlVersion(directive.version), offset: Math.max(0, text.search(/^%YAML\b/m)) });
  }

  const ancestors = new Set<unknown>();
  let tooDeep = false;
  const walk = (node: unknown, depth: number): void => {
    if (node === null || node === undefined || typeof node !== "object") return;
    const tag = (node as Node).tag;
    if (tag !== undefined && !CORE_TAGS.has(tag)) out.push({ message: messages.yamlTag(tag), offset: at(node) });
    if (isAlias(node)) {
      if (ancestors.has(node.resolve(doc))) out.push({ message: messages.yamlAliasCycle(node.source), offset: at(node) });
      return;
    }
    if (!isCollection(node)) return;
    if (depth > maxDepth) {
      if (!tooDeep) out.push({ message: messages.tooDeep(maxDepth), offset: at(node) });
      tooDeep = true;
      return;
    }
    ancestors.add(node);
    const keys = new Set<string>();
    for (const item of node.items) {
      if (!isPair(item)) {
        walk(item, depth + 1);
        continue;
      }
      const key = item.key;
      if (key !== null && !isScalar(key)) out.push({ message: messages.yamlComplexKey(), offset: at(key) });
      else if (isScalar(key)) {
        if (key.tag !== undefined && !CORE_TAGS.has(key.tag)) out.push({ message: messages.yamlTag(key.tag), offset: at(key) });
        const name = String(key.value);
        if (keys.has(name)) out.push({ message: messages.duplicateKey(name), offset: at(key) });
        keys.add(name);
        if (name === "<<") out.push({ message: messages.yamlMergeKey(), offset: at(key) });
        else if (name === "__proto__") out.push({ message: messages.reservedKey(name), offset: at(key) });
      }
      walk(item.value, depth + 1);
    }
    ancestors.delete(node);
  };
  walk(doc.contents, 1);
  return out;
}
