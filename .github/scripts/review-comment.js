// @ts-check
/**
 * The access-review comment (.github/workflows/access-review.yml, job "Post the access review"): the access diff and
 * the plan summaries in one pull-request comment, shortened to fit GitHub's limit (65,536 characters) by structure,
 * never by characters: whole lines, whole table rows (a table keeps its header and says how many rows it left out),
 * whole fenced blocks, and every `<details>` that is opened is closed. What is left out is named, with a link to the
 * workflow run's summary, which holds everything.
 *
 * Plain CommonJS without dependencies: the comment job loads it from the checkout, with no install. Tested by
 * test/review-workflow.test.ts (generated large diffs, rendered by markdown-it).
 */
"use strict";

/** GitHub refuses longer comments (characters; JavaScript counts UTF-16 units, which is never fewer). */
const GITHUB_LIMIT = 65536;

/**
 * @typedef {{ kind: "line", text: string }} LineNode
 * @typedef {{ kind: "fence", lines: string[] }} FenceNode
 * @typedef {{ kind: "table", header: string[], rows: string[] }} TableNode
 * @typedef {{ kind: "details", open: string[], children: Node[], close: string }} DetailsNode
 * @typedef {LineNode | FenceNode | TableNode | DetailsNode} Node
 */

const TABLE_SEPARATOR = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * Markdown as blocks: lines, fenced code, tables, `<details>` with their content.
 * @param {string[]} lines
 * @returns {Node[]}
 */
function parse(lines) {
  let i = 0;
  /** @param {boolean} inDetails @returns {Node[]} */
  const blocks = (inDetails) => {
    /** @type {Node[]} */
    const out = [];
    while (i < lines.length) {
      const line = lines[i];
      if (inDetails && line.trim() === "</details>") return out;
      const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) {
        const end = lines.findIndex((l, j) => j > i && l.trimStart().startsWith(fence[1][0].repeat(fence[1].length)) && l.trim().replace(/[`~]/g, "") === "");
        const last = end < 0 ? lines.length - 1 : end;
        out.push({ kind: "fence", lines: lines.slice(i, last + 1) });
        i = last + 1;
      } else if (line.trimStart().startsWith("|") && i + 1 < lines.length && TABLE_SEPARATOR.test(lines[i + 1]) && lines[i + 1].includes("-")) {
        const header = [line, lines[i + 1]];
        i += 2;
        const rows = [];
        while (i < lines.length && lines[i].trimStart().startsWith("|")) rows.push(lines[i++]);
        out.push({ kind: "table", header, rows });
      } else if (/^<details[\s>]/.test(line.trim()) && closes(i)) {
        // `<details>`, and its `<summary>…</summary>` on the next line (as src/review/markdown.ts details() writes it).
        const open = [line];
        i++;
        if (!line.includes("</summary>") && i < lines.length && lines[i].trim().startsWith("<summary") && lines[i].includes("</summary>")) open.push(lines[i++]);
        const children = blocks(true);
        out.push({ kind: "details", open, children, close: lines[i] ?? "</details>" });
        i++;
      } else {
        out.push({ kind: "line", text: line });
        i++;
      }
    }
    return out;
  };
  /** Whether the `<details>` at `start` has its `</details>` (nesting counted). @param {number} start */
  const closes = (start) => {
    let depth = 0;
    for (let j = start; j < lines.length; j++) {
      if (/^<details[\s>]/.test(lines[j].trim())) depth++;
      else if (lines[j].trim() === "</details>" && --depth === 0) return true;
    }
    return false;
  };
  return blocks(false);
}

const cost = (/** @type {string[]} */ lines) => lines.reduce((n, l) => n + l.length + 1, 0);
const rowsNote = (/** @type {number} */ n) => `_… ${n} more row${n === 1 ? "" : "s"} not shown here (cut to fit one comment)._`;

/**
 * Takes blocks in order while they fit in `budget` characters; a table is cut between rows and a `<details>` inside,
 * closed. Returns the lines and whether everything was taken.
 * @param {Node[]} nodes
 * @param {number} budget
 * @returns {{ lines: string[], complete: boolean }}
 */
function fit(nodes, budget) {
  /** @type {string[]} */
  const out = [];
  let left = budget;
  const take = (/** @type {string[]} */ lines) => {
    out.push(...lines);
    left -= cost(lines);
  };
  for (const node of nodes) {
    if (node.kind === "line" || node.kind === "fence") {
      const lines = node.kind === "line" ? [node.text] : node.lines;
      if (cost(lines) > left) return { lines: out, complete: false };
      take(lines);
    } else if (node.kind === "table") {
      const whole = [...node.header, ...node.rows];
      if (cost(whole) <= left) {
        take(whole);
        continue;
      }
      // As many whole rows as fit with the note that counts the rest (after a blank line: it ends the table).
      let rows = node.rows.length - 1;
      while (rows > 0 && cost([...node.header, ...node.rows.slice(0, rows), "", rowsNote(node.rows.length - rows)]) > left) rows--;
      if (rows > 0) take([...node.header, ...node.rows.slice(0, rows), "", rowsNote(node.rows.length - rows)]);
      return { lines: out, complete: false };
    } else {
      const shell = [...node.open, "", node.close];
      if (cost(shell) > left) return { lines: out, complete: false };
      const inner = fit(node.children, left - cost(shell));
      // A blank line before the closing tag when the content was cut: a cut table or list must end first.
      const body = !inner.complete && inner.lines.length && inner.lines[inner.lines.length - 1].trim() !== "" ? [...inner.lines, ""] : inner.lines;
      take([...node.open, ...body, node.close]);
      if (!inner.complete) return { lines: out, complete: false };
    }
  }
  return { lines: out, complete: true };
}

/**
 * `markdown` shortened by structure to at most `limit` characters, ending with `cutNote` when anything was left out.
 * @param {string} markdown
 * @param {number} limit
 * @param {string} cutNote
 */
function fitMarkdown(markdown, limit, cutNote) {
  if (markdown.length <= limit) return markdown;
  const tail = `\n\n${cutNote}\n`;
  const { lines } = fit(parse(markdown.split("\n")), limit - tail.length);
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  return `${lines.join("\n")}${tail}`;
}

/**
 * The whole comment: the marker that finds it again, the access review, the plans, the footer; within `limit`.
 * @param {{ marker: string, review: string, plans: string, footer: string, runUrl: string, limit?: number }} parts
 */
function buildComment(parts) {
  const limit = Math.min(parts.limit ?? GITHUB_LIMIT - 500, GITHUB_LIMIT);
  const head = `${parts.marker}\n`;
  const content = `${parts.review}\n---\n\n${parts.plans}\n`;
  const note = `_… cut to fit one comment: the whole review is in the [workflow run summary](${parts.runUrl})._`;
  return `${head}${fitMarkdown(content, limit - head.length - parts.footer.length, note)}${parts.footer}`;
}

module.exports = { buildComment, fitMarkdown, parse, GITHUB_LIMIT };
