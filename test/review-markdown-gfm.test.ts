/**
 * The PR comment is inert text wherever the file or a plan puts text into it (issue 12: Markdown/HTML injection).
 * Rendered by a real GFM renderer (markdown-it 15 with HTML and linkify on: stricter than GitHub, which also links
 * what linkify links), the access diff, the report, the plan summary and the hand-off sheet have:
 * - no link, image or HTML element but the ones we write (`<details>`, `<summary>`, `<br>`), no user-made heading;
 * - every table row with as many cells as its header;
 * - every planted hostile text that shows up shown exactly as written (control and bidi characters as `\uXXXX`, line
 *   breaks as spaces): nothing was taken as emphasis, code, a link, an entity or a block;
 * - no mention, issue reference or bare URL/e-mail in plain text (GitHub would link or notify; they are in code).
 */
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { renderIdpHandoff } from "../src/handoff/index";
import { renderHandoff } from "../src/identity-center/handoff-document";
import { printable } from "../src/printable";
import { diffFederations } from "../src/review/diff";
import { renderDiffMarkdown } from "../src/review/diff-markdown";
import { code, details, md as markdown, table, text } from "../src/review/markdown";
import { summarizePlan } from "../src/review/plan-summary";
import { renderPlanSummaryMarkdown } from "../src/review/plan-summary-markdown";
import { buildReport } from "../src/review/report";
import { renderReportMarkdown } from "../src/review/report-markdown";
import { type AnyDoc, fullFederationDoc, HOSTILE_PIECES, hostileText, type Leaf, plant, runs, stringLeaves, toYaml } from "./arbitraries";
import { loadText, NOW, ROOT } from "./helpers";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ImportBlock, instanceAddress, renderImportsFile } from "../src/model/imports";
import { parseFederation } from "../src/model/load";

const gfm = new MarkdownIt({ html: true, linkify: true });
type Token = ReturnType<typeof gfm.parse>[number];
gfm.linkify.set({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });

/** Our own HTML: the only HTML the renderers write. */
const OURS = new Set(["<details>", "</details>", "<br>"]);
const OUR_SUMMARY = /^<summary>[^<>]*<\/summary>$/;

interface Rendered {
  /** The visible text of each inline run (a cell, a list item, a paragraph, a heading), code spans included. */
  readonly texts: string[];
  readonly problems: string[];
}

/** Renders with markdown-it and lists what user text must never produce. */
function inspect(source: string, ourLinks?: RegExp): Rendered {
  const tokens = gfm.parse(source, {});
  const texts: string[] = [];
  const problems: string[] = [];
  let headerCells = 0;
  let rowCells = 0;
  let inHead = false;
  for (const t of tokens) {
    if (t.type === "html_block" && !t.content.trim().split("\n").every((l) => OURS.has(l.trim()) || OUR_SUMMARY.test(l.trim()))) problems.push(`HTML block ${JSON.stringify(t.content)}`);
    if (t.type === "thead_open") inHead = true;
    if (t.type === "thead_close") inHead = false;
    if (t.type === "tr_open") rowCells = 0;
    if (t.type === "th_open" || t.type === "td_open") rowCells++;
    if (t.type === "tr_close") {
      if (inHead) headerCells = rowCells;
      else if (rowCells !== headerCells) problems.push(`a table row with ${rowCells} cells under ${headerCells} headers`);
    }
    if (t.type === "blockquote_open" || t.type === "hr" || t.type === "code_block") problems.push(`${t.type} from text`);
    if (t.type !== "inline") continue;
    let visible = "";
    for (const c of t.children ?? []) inline(c, problems, (s) => (visible += s), ourLinks);
    texts.push(visible);
  }
  return { texts, problems };
}

function inline(c: Token, problems: string[], emit: (s: string) => void, ourLinks?: RegExp): void {
  if ((c.type === "link_open" && ourLinks?.test(String(c.attrGet("href") ?? ""))) || (c.type === "link_close" && ourLinks)) return;
  switch (c.type) {
    case "text":
      emit(c.content);
      // GitHub links or notifies these in plain text after rendering.
      if (/(^|[^\w`])@[A-Za-z0-9]/.test(c.content)) problems.push(`a mention in ${JSON.stringify(c.content)}`);
      if (/(^|[^\w&])#\d/.test(c.content)) problems.push(`an issue reference in ${JSON.stringify(c.content)}`);
      return;
    case "code_inline":
      emit(c.content);
      return;
    case "softbreak":
    case "hardbreak":
      emit(" ");
      return;
    case "html_inline":
      if (!OURS.has(c.content)) problems.push(`inline HTML ${JSON.stringify(c.content)}`);
      else emit(" ");
      return;
    case "strong_open":
    case "strong_close":
    case "em_open":
    case "em_close":
      return; // our own **…** and *…* (user text with * or _ in it is checked to show them, so they were escaped)
    default:
      problems.push(`${c.type} ${JSON.stringify(c.content || String(c.attrGet("href") ?? ""))}`);
  }
}

/** What a text looks like once rendered inline: printable, line breaks and tabs as spaces. */
const shown = (s: string) => printable(s).replace(/\r\n|[\n\t]/g, " ");

/** Plants `~n~<hostile>` in every leaf the loader accepts (leaves it refuses are left as they were). */
function plantAll(doc: AnyDoc, texts: readonly string[]): { doc: AnyDoc; planted: Map<number, string> } {
  const leaves: Leaf[] = stringLeaves(doc).filter((l) => l.path.length > 1 || l.kind === "value");
  let chosen = new Set(leaves.map((_, i) => i));
  const build = () => {
    let out = doc;
    const order = [...chosen].sort((a, b) => (leaves[a].kind === "key" ? 1 : 0) - (leaves[b].kind === "key" ? 1 : 0) || leaves[b].path.length - leaves[a].path.length || a - b);
    for (const i of order) out = plant(out, leaves[i], `~${i}~${texts[i % texts.length]}`).doc;
    return out;
  };
  for (let round = 0; round < 12; round++) {
    const out = build();
    const r = loadText(toYaml(out), "planted.yaml");
    if (r.model) {
      const planted = new Map<number, string>();
      for (const l of stringLeaves(out)) {
        const v = l.kind === "key" ? String(l.path[l.path.length - 1]) : String(l.path.reduce<any>((x, k) => x?.[k], out));
        for (const m of v.matchAll(/~(\d+)~/g)) if (!planted.has(Number(m[1]))) planted.set(Number(m[1]), v);
      }
      return { doc: out, planted };
    }
    // Drop the planted leaves named by an error, or half of them when no error names one.
    const bad = new Set(r.diagnostics.filter((d) => d.severity === "error").flatMap((d) => [...d.message.matchAll(/~(\d+)~/g)].map((m) => Number(m[1]))));
    chosen = bad.size ? new Set([...chosen].filter((i) => !bad.has(i))) : new Set([...chosen].slice(0, Math.floor(chosen.size / 2)));
  }
  return { doc, planted: new Map() };
}

function check(name: string, source: string, planted: ReadonlyMap<number, string>, ourLinks?: RegExp): number {
  const r = inspect(source, ourLinks);
  expect({ name, problems: r.problems }).toEqual({ name, problems: [] });
  const all = r.texts.join("\n");
  let seen = 0;
  for (const [n, value] of planted) {
    if (!all.includes(`~${n}~`)) continue;
    // Leading and trailing spaces are no text in Markdown; everything between is.
    const want = shown(value).trim();
    expect({ name, n, value, shown: all.includes(want) || all.includes(want.toLowerCase()) }).toEqual({ name, n, value, shown: true });
    seen++;
  }
  return seen;
}

test("GIVEN hostile text in every leaf of generated files WHEN the diff (both ways), the report and the hand-off sheet are rendered by a GFM renderer THEN it is inert text, shown exactly", () => {
  let seen = 0;
  fc.assert(
    fc.property(fullFederationDoc, fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), hostileText), { minLength: 50, maxLength: 50 }), (doc, texts) => {
      const base = loadText(toYaml(doc), "base.yaml").model;
      const { doc: head, planted } = plantAll(doc, texts);
      const model = loadText(toYaml(head), "head.yaml").model;
      if (!base || !model) throw new Error("generated files must load");
      const label = `~999~${texts[0]}`;
      const withLabel = new Map(planted).set(999, label);
      for (const [from, to] of [[base, model], [model, base]]) {
        seen += check("diff", renderDiffMarkdown(diffFederations(from, to, { baseLabel: label, headLabel: "head" }), { maxRows: 1000 }), withLabel);
      }
      seen += check("report", renderReportMarkdown(buildReport(model, { label, pending: [...planted.values()].slice(0, 3) }), { maxRows: 1000, maxAccounts: 1000 }), withLabel);
      const ic = model.spec.identityCenter;
      // The sheets' links are ours: the console of the file's region (a fixed shape: the region is validated), and
      // for another IdP its fixed admin pages (hosts validated as host names; the generated ones are fixed here).
      const console = "https:\\/\\/[a-z0-9-]+\\.console\\.aws\\.amazon\\.com\\/singlesignon\\/home\\?region=[a-z0-9-]+";
      if (model.spec.entra) {
        seen += check(
          "hand-off",
          renderHandoff({ federationFile: label, region: ic.region, tenantId: model.spec.entra.tenantId, acsUrl: ic.serviceProvider.acsUrl, issuerUrl: ic.serviceProvider.issuerUrl, accessPortalUrl: ic.serviceProvider.accessPortalUrl, entraStack: "entra-sso", identityCenterStack: "identity-center" }),
          withLabel,
          new RegExp(`^${console}$`),
        );
      } else {
        seen += check("hand-off", renderIdpHandoff(model), withLabel, new RegExp(`^(?:${console}|https:\\/\\/admin\\.google\\.com\\/|https:\\/\\/example\\.us\\.trustedauth\\.com\\/)$`));
      }
    }),
    { ...runs(30), endOnFailure: true },
  );
  expect(seen).toBeGreaterThan(100);
});

/** Plan JSON as hostile as JSON gets: addresses, keys, harmless attribute values, notes and check messages. */
const hostilePlan = fc.record({
  address: hostileText,
  key: hostileText,
  name: hostileText,
  title: hostileText,
  problem: hostileText,
  output: hostileText,
});

test("GIVEN plan JSON with hostile addresses, keys, values, check messages and a hostile --title WHEN the summary is rendered THEN it is inert text, shown exactly", () => {
  let seen = 0;
  fc.assert(
    fc.property(hostilePlan, (h) => {
      // The fields of a plan in Terraform's format (test/real-plans.ts makes real ones); the hostile text is in the
      // strings a pull request could influence.
      const plan = {
        format_version: "1.2",
        terraform_version: "1.11.4",
        planned_values: { root_module: {} },
        configuration: { root_module: {} },
        resource_changes: [
          { address: `aws_ssoadmin_account_assignment.assignments["~1~${h.key}"]`, mode: "managed", type: "aws_ssoadmin_account_assignment", name: "assignments", index: `~2~${h.key}`, change: { actions: ["delete"] } },
          { address: `aws_ssoadmin_account_assignment.assignments["group:~3~${h.key}/P/111111111111"]`, mode: "managed", type: "aws_ssoadmin_account_assignment", name: "assignments", index: `group:~3~${h.key}/P/111111111111`, change: { actions: ["create"] } },
          { address: `~4~${h.address}`, mode: "managed", type: "aws_ssoadmin_permission_set", name: "sets", change: { actions: ["update"], before: { name: "a", session_duration: "PT1H" }, after: { name: `~5~${h.name}`, session_duration: "PT2H" } } },
          { address: `~6~${h.address}`, mode: "managed", type: `~7~${h.name}`, name: `~7~${h.name}`, change: { actions: ["delete", "create"] }, action_reason: `~8~${h.name}` },
        ],
        output_changes: { [`~9~${h.output}`]: { actions: ["update"] } },
        checks: [{ address: { to_display: `~10~${h.address}` }, status: "fail", instances: [{ address: { to_display: `~11~${h.address}` }, status: "fail", problems: [{ message: `~12~${h.problem}` }] }] }],
      };
      const planted = new Map<number, string>([
        [1, `aws_ssoadmin_account_assignment.assignments["~1~${h.key}"]`],
        [3, `group:~3~${h.key}`],
        [4, `~4~${h.address}`],
        [5, `~5~${h.name}`],
        [6, `~6~${h.address}`],
        [8, `~8~${h.name}`],
        [9, `~9~${h.output}`],
        [11, `~11~${h.address}`],
        [12, `~12~${h.problem}`],
        [13, `~13~${h.title}`],
      ]);
      seen += check("plan summary", renderPlanSummaryMarkdown(summarizePlan(plan, { title: `~13~${h.title}` })), planted);
    }),
    runs(200),
  );
  expect(seen).toBeGreaterThan(1000);
});

test("GIVEN hostile text WHEN put into every place a renderer puts text (a cell, a list item, a heading, inline code, a details summary) THEN it renders as itself", () => {
  fc.assert(
    fc.property(fc.oneof(hostileText, fc.string({ unit: "binary", maxLength: 30 }), fc.constantFrom("``", "```", "` x `", " `", "1. x", "# x", "> x", "- x", "***", "<!--", "[a]: https://e.example")), (value) => {
      const want = shown(value).trim();
      const places: [string, string, number][] = [
        // [document, what, index of the inline run that holds the text]
        [markdown`### Title ${code(value)} and ${value}`.source, "heading", 0],
        [table(["A", "B"], [[value, code(value)]]).join("\n"), "table cells", 2],
        [table(["A"], [[markdown`x ${value} y`]]).join("\n"), "text in a cell", 1],
        [markdown`- ${value} ${code(value)}`.source, "list item", 0],
        [details(value, ["body"]).join("\n"), "summary", -1],
      ];
      for (const [source, what, at] of places) {
        const r = inspect(source);
        expect({ what, problems: r.problems }).toEqual({ what, problems: [] });
        if (at >= 0 && want !== "") expect({ what, shown: r.texts[at].includes(want) || r.texts.slice(at).join(" ").includes(want) }).toEqual({ what, shown: true });
      }
      expect(text(value).source).not.toMatch(/[\n\r]/);
    }),
    runs(400),
  );
});

test("GIVEN import files whose addresses' keys and ids are hostile WHEN the diff (added, removed, retargeted, both ways) is rendered THEN it is inert text, shown exactly", () => {
  const baseText = readFileSync(join(ROOT, "test", "fixtures", "review", "base.yaml"), "utf8");
  const REVIEW = join(ROOT, "test", "fixtures", "review");
  // What the loader accepts: no control character (a key with one would not be a resource address).
  const clean = hostileText.filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
  const withImports = (blocks: ImportBlock[]) =>
    parseFederation(`${baseText}\nimports: federation.imports.json\n`, join(REVIEW, "federation.yaml"), {
      now: NOW,
      readFile: (p) => (p.endsWith("federation.imports.json") ? renderImportsFile({ "identity-center": blocks }) : readFileSync(p, "utf8")),
    }).model;
  let seen = 0;
  fc.assert(
    fc.property(clean, clean, clean, clean, (kept, added, idBefore, idAfter) => {
      const to = (n: number, key: string) => instanceAddress("aws_ssoadmin_account_assignment.assignments_5E3F0A1B", `~${n}~${key}`);
      const base = withImports([{ to: to(1, kept), id: `~2~${idBefore}` }]);
      const head = withImports([{ to: to(1, kept), id: `~3~${idAfter}` }, { to: to(4, added), id: `~5~${idAfter}` }]);
      if (!base || !head) throw new Error("generated import files must load");
      const planted = new Map<number, string>([
        [1, to(1, kept)],
        [2, `~2~${idBefore}`],
        [3, `~3~${idAfter}`],
        [4, to(4, added)],
        [5, `~5~${idAfter}`],
      ]);
      for (const [from, into] of [[base, head], [head, base]]) {
        const d = diffFederations(from, into, { baseLabel: "base", headLabel: "head" });
        if (!d.imports) throw new Error("the import file changed: the diff must say so");
        seen += check("diff of import files", renderDiffMarkdown(d, { maxRows: 1000 }), planted);
      }
    }),
    runs(150),
  );
  expect(seen).toBeGreaterThan(1000);
});
