/** A parsed YAML document that can say where a path is: every diagnostic gets a line. */
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, Pair, parseDocument, YAMLMap } from "yaml";
import type { PathSegment } from "./diagnostics";

export interface Position {
  readonly line: number;
  readonly column: number;
}

interface Located {
  readonly doc: Document | undefined;
  readonly lines: LineCounter;
}

export class SourceMap {
  /** Key → pair per mapping, built on first use: a file with 50,000 problems in one mapping stays linear. */
  private readonly keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
  private parsed?: Located;
  private readonly parse?: () => Located;

  constructor(doc: Document | undefined, lines: LineCounter);
  constructor(parse: () => Located);
  constructor(docOrParse: Document | undefined | (() => Located), lines?: LineCounter) {
    if (typeof docOrParse === "function") this.parse = docOrParse;
    else this.parsed = { doc: docOrParse, lines: lines as LineCounter };
  }

  /** For a file read by the fast path: positions come from a located parse of `text`, made only if one is asked for. */
  static lazy(text: string, parseOptions: Parameters<typeof parseDocument>[1] = {}): SourceMap {
    return new SourceMap(() => {
      const lines = new LineCounter();
      return { doc: parseDocument(text, { ...parseOptions, lineCounter: lines }), lines };
    });
  }

  private get doc(): Document | undefined {
    return this.located().doc;
  }

  private get lines(): LineCounter {
    return this.located().lines;
  }

  private located(): Located {
    if (!this.parsed) this.parsed = (this.parse as () => Located)();
    return this.parsed;
  }

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
