/** A parsed YAML document that can say where a path is: every diagnostic gets a line. */
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, Pair, YAMLMap } from "yaml";
import type { PathSegment } from "./diagnostics";

export interface Position {
  readonly line: number;
  readonly column: number;
}

export class SourceMap {
  /** Key → pair per mapping, built on first use: a file with 50,000 problems in one mapping stays linear. */
  private readonly keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter,
  ) {}

  /** Position of an offset in the text. */
  at(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /**
   * Where `path` is. With `key`, the position of the mapping key itself (for unknown keys); otherwise the value.
   * A path that does not exist (a missing key) resolves to its deepest existing ancestor.
   */
  locate(path: readonly PathSegment[], opts: { key?: boolean } = {}): Position | undefined {
    if (!this.doc) return undefined;
    let node: unknown = this.doc.contents;
    let best: Position | undefined = this.positionOf(node);
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = this.pairOf(node, String(seg));
        if (!pair) return best;
        if (last && opts.key) return this.positionOf(pair.key) ?? best;
        node = pair.value ?? pair.key;
        best = this.positionOf(node) ?? this.positionOf(pair.key) ?? best;
      } else if (isSeq(node) && typeof seg === "number") {
        const item = node.items[seg];
        if (item === undefined) return best;
        node = item;
        best = this.positionOf(node) ?? best;
      } else {
        return best;
      }
    }
    return best;
  }

  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    let index = this.keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
      }
      this.keyIndex.set(map, index);
    }
    return index.get(key);
  }

  private positionOf(node: unknown): Position | undefined {
    const range = (node as Node | undefined)?.range;
    return range ? this.at(range[0]) : undefined;
  }
}
