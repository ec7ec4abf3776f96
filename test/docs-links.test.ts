/**
 * The documentation holds together: every relative link of README.md and docs/*.md names a file that exists, and
 * every anchor a heading of that page (GitHub's heading ids); every docs page is reachable from the README; and the
 * README's first screen says what to install, how to sign in and what to copy from which console first.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import MarkdownIt from "markdown-it";
import { documentationFiles, ROOT } from "./helpers";

const md = new MarkdownIt({ html: true });

/** GitHub's id for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function slugs(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const tokens = md.parse(markdown, {});
  tokens.forEach((t, i) => {
    if (t.type !== "heading_open") return;
    const text = (tokens[i + 1].children ?? []).filter((c) => c.type === "text" || c.type === "code_inline").map((c) => c.content).join("");
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}_ -]/gu, "").replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  });
  return out;
}

/** Every link target of a page (links and images), in order. */
function links(markdown: string): string[] {
  const out: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const t of tokens) {
      if (t.type === "link_open") out.push(String(t.attrGet("href") ?? ""));
      if (t.type === "image") out.push(String(t.attrGet("src") ?? ""));
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return out;
}

const pages = documentationFiles();
const text = (file: string) => readFileSync(join(ROOT, file), "utf8");

test("GIVEN the documentation THEN there is a README and a page per topic under docs/", () => {
  expect(pages[0]).toBe("README.md");
  expect(pages.length).toBeGreaterThan(10);
});

test.each(pages)("GIVEN %s THEN every relative link names an existing file and every anchor a heading there", (page) => {
  const broken: string[] = [];
  for (const href of links(text(page))) {
    if (/^[a-z]+:/i.test(href)) continue; // https:, mailto:
    const [path, anchor] = href.split("#");
    const target = path === "" ? page : normalize(join(dirname(page), decodeURI(path)));
    if (!existsSync(join(ROOT, target))) {
      broken.push(`${href}: no file ${target}`);
      continue;
    }
    if (anchor !== undefined && target.endsWith(".md") && !slugs(text(target)).has(anchor)) broken.push(`${href}: no heading #${anchor} in ${target}`);
  }
  expect(broken).toEqual([]);
});

test("GIVEN the README THEN every docs page is linked from it", () => {
  const linked = new Set(links(text("README.md")).map((h) => h.split("#")[0]));
  for (const page of pages.slice(1)) expect([page, linked.has(page)]).toEqual([page, true]);
});

test("GIVEN the checker WHEN a link or an anchor is broken THEN it reports it (the check really runs)", () => {
  expect(slugs("## 3. Step 0: copy the values\n## IAM Identity Center: sets, grants\n## Drift\n## Drift\n")).toEqual(new Set(["3-step-0-copy-the-values", "iam-identity-center-sets-grants", "drift", "drift-1"]));
  expect(links("[a](docs/x.md#y) ![i](img.png) <https://example.com>")).toEqual(["docs/x.md#y", "img.png", "https://example.com"]);
});

test("GIVEN the README's first screen (its first 40 lines) THEN it says what to install, how to sign in and what to copy from which console first", () => {
  const first = text("README.md").split("\n").slice(0, 40).join("\n");
  for (const needle of ["Node.js ≥ 20", "Terraform ≥ 1.10", "npm ci && npm start", "az login --tenant", "aws sso login --profile", "IAM Identity Center console", "Step 0", "Contents"]) {
    expect([needle, first.includes(needle)]).toEqual([needle, true]);
  }
});

test("GIVEN the messages and generated files that point readers at 'README: <topic>' THEN the README names each topic (its own section, or the Reference table that links to the page)", () => {
  const { readdirSync, statSync } = require("node:fs") as typeof import("node:fs");
  const sources: string[] = ["main.ts", "test/global-setup.ts", "scripts/export-federation.sh"];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir))) {
      const p = `${dir}/${e}`;
      if (statSync(join(ROOT, p)).isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(e)) sources.push(p);
    }
  };
  for (const dir of ["src", "stacks", "bin"]) walk(dir);
  const readme = text("README.md").replace(/\s+/g, " ").toLowerCase();
  const topics = new Set(sources.flatMap((f) => [...text(f).matchAll(/README: ([A-Z][A-Za-z -]+)/g)].map((m) => m[1].replace(/ (gives|step)\b.*$/, "").trim())));
  expect(topics.size).toBeGreaterThan(5);
  for (const topic of topics) expect([topic, readme.includes(topic.toLowerCase())]).toEqual([topic, true]);
});
