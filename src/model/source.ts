/** A parsed YAML document that can say where a path is: every diagnostic gets a line. */
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node } from "yaml";
import type { PathSegment } from "./diagnostics";

export interface Position {
  readonly line: number;
  readonly column: number;
}

export class SourceMap {
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
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
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

  private positionOf(node: unknown): Position | undefined {
    const range = (node as Node | undefined)?.range;
    return range ? this.at(range[0]) : undefined;
  }
}
