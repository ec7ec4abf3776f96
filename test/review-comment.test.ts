/**
 * The access-review comment is shortened by structure (.github/scripts/review-comment.js): on large generated diffs
 * and generated Markdown of tables and nested `<details>`, the comment fits GitHub's limit, keeps whole lines and
 * whole table rows in their order (each table with its header), closes every `<details>` it opens, and ends with the
 * pointer to the run. Rendered by a real GFM renderer (markdown-it 15, HTML on) to check what a reader sees.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { diffFederations } from "../src/review/diff";
import { renderDiffMarkdown } from "../src/review/diff-markdown";
import { cell, details, table } from "../src/review/markdown";
import { DEFAULT_CONFIG, loadText, modelOf, ROOT } from "./helpers";
import { manyAccountsModel } from "./shards-fixtures";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildComment, fitMarkdown, GITHUB_LIMIT } = require("../.github/scripts/review-comment.js") as {
  buildComment: (p: { marker: string; review: string; plans: string; footer: string; runUrl: string; limit?: number }) => string;
  fitMarkdown: (markdown: string, limit: number, cutNote: string) => string;
  GITHUB_LIMIT: number;
};

const gfm = new MarkdownIt({ html: true });
const CUT = "_CUT: the whole review is in the run summary._";
const NOTE = /^_… \d+ more rows? not shown here \(cut to fit one comment\)\._$/;

/** What the shortened text must be, whatever the input: see the module comment. */
function expectStructural(input: string, output: string, limit: number): void {
  expect(output.length).toBeLessThanOrEqual(limit);
  if (input.length <= limit) {
    expect(output).toBe(input);
    return;
  }
  expect(output.endsWith(`\n\n${CUT}\n`)).toBe(true);
  const inLines = input.split("\n");
  const outLines = output.slice(0, -`\n\n${CUT}\n`.length).split("\n");
  // Whole lines, in order: every line is a line of the input (or a rows note, or a blank line we added).
  let at = 0;
  for (const line of outLines) {
    if (line === "" || NOTE.test(line)) continue;
    const found = inLines.indexOf(line, at);
    expect([line, found >= 0]).toEqual([line, true]);
    at = found + 1;
  }
  // Every table keeps its header row and separator, and its rows are whole (same cell count as the header).
  const tokens = gfm.parse(output, {});
  let headerCells = -1;
  let cells = 0;
  for (const t of tokens) {
    if (t.type === "thead_open") headerCells = 0;
    if (t.type === "th_open") headerCells++;
    if (t.type === "tr_open") cells = 0;
    if (t.type === "td_open") cells++;
    if (t.type === "tr_close" && cells > 0) expect(cells).toBe(headerCells);
  }
  // Every <details> opened is closed: in the source and in what the renderer produced.
  const opened = outLines.filter((l) => /^<details[\s>]/.test(l.trim())).length;
  expect(outLines.filter((l) => l.trim() === "</details>").length).toBe(opened);
  const html = gfm.render(output);
  expect((html.match(/<details>/g) ?? []).length).toBe((html.match(/<\/details>/g) ?? []).length);
  // The pointer is a paragraph of its own, outside any table.
  expect(html).toContain(`<p><em>CUT: the whole review is in the run summary.</em></p>`);
}

describe("a large access diff", () => {
  const base = manyAccountsModel(1);
  const head = manyAccountsModel(3000);
  // A change with <details> blocks too (inline-policy statements), after the grant tables.
  const policyEdit = modelOf(
    loadText(
      require("node:fs")
        .readFileSync(DEFAULT_CONFIG, "utf8")
        .replace("inlinePolicy: policies/deny-leave-org.json", 'inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }] }'),
      DEFAULT_CONFIG,
    ),
  );
  const big = renderDiffMarkdown(diffFederations(base, head, { baseLabel: "origin/main:config/federation.yaml", headLabel: "config/federation.yaml" }), { maxRows: 100_000 });
  const withDetails = renderDiffMarkdown(diffFederations(modelOf(DEFAULT_CONFIG), policyEdit, { baseLabel: "a", headLabel: "b" }));

  test("GIVEN 3,000 accounts granted at once (a table far past a comment) WHEN the comment is built THEN it fits, the header and escalations come first, the table is cut between rows and says how many it left out", () => {
    expect(big.length).toBeGreaterThan(GITHUB_LIMIT * 2);
    const body = buildComment({ marker: "<!-- m -->", review: big, plans: withDetails, footer: "\n<sub>footer</sub>\n", runUrl: "https://github.com/o/r/actions/runs/1" });
    expect(body.length).toBeLessThanOrEqual(GITHUB_LIMIT);
    expect(body.startsWith(`<!-- m -->\n${big.split("\n").slice(0, 6).join("\n")}`)).toBe(true);
    expect(body).toMatch(/\n\n_… \d+ more rows not shown here \(cut to fit one comment\)\._\n/);
    expect(body).toContain("_… cut to fit one comment: the whole review is in the [workflow run summary](https://github.com/o/r/actions/runs/1)._");
    expect(body.endsWith("\n<sub>footer</sub>\n")).toBe(true);
  });

  test.each([2_000, 7_919, 30_000, 64_000])("GIVEN the large diff and a diff with <details> WHEN cut to %i characters THEN the cut is structural", (limit) => {
    for (const input of [big, `${withDetails}\n${big}`, `${withDetails.repeat(400)}`]) expectStructural(input, fitMarkdown(input, limit, CUT), limit);
  });

  test("GIVEN a diff with <details> that fits WHEN the comment is built THEN it is posted unchanged", () => {
    expect(withDetails).toContain("<details>");
    const body = buildComment({ marker: "M", review: withDetails, plans: "plans", footer: "F", runUrl: "u" });
    expect(body).toBe(`M\n${withDetails}\n---\n\nplans\nF`);
  });
});

test("GIVEN the comment script (plain JavaScript, loaded without an install) WHEN TypeScript checks it strictly through its JSDoc types THEN it has no error", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "--allowJs", "--checkJs", "--noEmit", "--strict", "--types", "node", "--target", "ES2022", "--module", "commonjs", "--skipLibCheck", join(ROOT, ".github", "scripts", "review-comment.js")], { encoding: "utf8", timeout: 120_000 });
  expect([r.status, r.stdout, r.stderr]).toEqual([0, "", ""]);
}, 120_000);

describe("generated Markdown", () => {
  const cellText = fc.string({ unit: fc.constantFrom("a", "b", " ", "|", "`", "<", "/", "details", ">", "*", "é", "\n"), maxLength: 30 });
  const tableLines = fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 60 }), cellText)
    .map(([columns, rows, text]) => table(Array.from({ length: columns }, (_, i) => `H${i}`), Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => `${text}${r}.${c}`)), { maxRows: 1000 }));
  const block: fc.Arbitrary<string[]> = fc.letrec<{ block: string[] }>((tie) => ({
    block: fc.oneof(
      { depthSize: "small" },
      tableLines.map((t) => [...t, ""]),
      // Text escaped as the renderers escape it (src/review/markdown.ts cell()).
      cellText.map((t) => [`#### ${cell(t)}`, ""]),
      fc.array(cellText, { maxLength: 8 }).map((items) => [...items.map((i) => `- ${cell(i)}`), ""]),
      fc.array(cellText, { maxLength: 6 }).map((l) => ["```diff", ...l.map((x) => `+ ${x.replace(/\n|`/g, " ")}`), "```", ""]),
      fc.tuple(cellText, fc.array(tie("block"), { maxLength: 3 })).map(([summary, inner]) => [...details(summary, inner.flat()), ""]),
    ),
  })).block;

  test("GIVEN generated tables, lists, fences and nested <details> WHEN cut to any limit THEN whole lines and rows in order, every table with its header, every <details> closed, within the limit", () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 12 }), fc.integer({ min: 200, max: 20_000 }), (blocks, limit) => {
        const input = blocks.flat().join("\n");
        expectStructural(input, fitMarkdown(input, limit, CUT), limit);
      }),
      { numRuns: 1000 },
    );
  });
});
