/**
 * The shell snippets we give users run in bash and in zsh (macOS's default shell): every ```sh block of the README, of
 * docs/*.md and
 * of the generated hand-off sheet parses in both (`-n`), and the runbook's secret-storing snippet runs in both with a
 * stand-in `aws` on the PATH and the operator's answers on stdin: it stores exactly the JSON the SCIM checks expect,
 * passes the token neither as an argument nor to the output, and leaves no variable behind. (The `npx cdktf` commands
 * run with the real cdktf CLI in test/runbook-cdktf.test.ts; the hand-off's terraform lines run there too.)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { HANDOFF_FILE } from "../src/identity-center/handoff-document";
import { DEFAULT_CONFIG, ROOT, documentationFiles, installedShells, modelOf, synthesizedFile } from "./helpers";

/** The ```sh blocks of a Markdown text (also indented ones inside list items), dedented. */
function shBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^( *)```sh\n([\s\S]*?)^\1```/gm)].map(([, indent, body]) =>
    body
      .split("\n")
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join("\n"),
  );
}

/** Every page users read: the README and docs/*.md. */
const PAGES = documentationFiles().map((f) => [f, readFileSync(join(ROOT, f), "utf8")] as const);
const README = PAGES[0][1];
const sheet = synthesizedFile(modelOf(DEFAULT_CONFIG), HANDOFF_FILE);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "snippets-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("every snippet parses in bash and zsh", () => {
  const snippets = [...PAGES.flatMap(([file, text]) => shBlocks(text).map((s, i) => [`${file} block ${i + 1}`, s])), ...shBlocks(sheet).map((s, i) => [`hand-off block ${i + 1}`, s])];

  test("GIVEN the README and the hand-off sheet THEN the sh blocks were found (quick start, secret, review commands; the sheet's fetch block)", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(8);
    expect(snippets.filter(([name]) => name.startsWith("README.md")).length).toBeGreaterThanOrEqual(3);
    expect(snippets.some(([, s]) => s.includes("put-secret-value"))).toBe(true);
    expect(snippets.some(([name, s]) => name.startsWith("hand-off") && s.includes("output -raw idp_metadata_url"))).toBe(true);
  });

  test.each(snippets.flatMap(([name, s]) => installedShells().map((shell) => [name, shell, s])))("GIVEN %s WHEN %s -n reads it THEN it parses", (name, shell, snippet) => {
    const file = join(work, `${name.replace(/\W+/g, "-")}.${shell}`);
    writeFileSync(file, snippet);
    const r = spawnSync(shell, ["-n", file], { encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });
});

describe("the secret-storing snippet (runbook step 5)", () => {
  const snippet = shBlocks(README).find((s) => s.includes("put-secret-value")) as string;
  // The stand-in aws: records its arguments, and the secret string it read from the file:// path.
  const aws = '#!/bin/sh\nprintf "%s\\n" "$@" > "$AWS_ARGS"\nwhile [ $# -gt 0 ]; do [ "$1" = --secret-string ] && cat "${2#file://}" > "$AWS_SECRET"; shift; done\n';

  function store(shell: "bash" | "zsh", answers: string) {
    const bin = join(work, "bin");
    spawnSync("mkdir", ["-p", bin]);
    writeFileSync(join(bin, "aws"), aws, { mode: 0o755 });
    const files = { AWS_ARGS: join(work, `args-${shell}`), AWS_SECRET: join(work, `secret-${shell}`) };
    rmSync(files.AWS_SECRET, { force: true });
    // After the snippet: what is left of its variables.
    const script = `${snippet}\nprintf '[%s]' "\${EP-unset}" "\${TK-unset}" "\${EX-unset}"\n`;
    const r = spawnSync(shell, ["-c", script], { input: answers, encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, HOME: work, ...files } });
    return { ...r, args: readFileSync(files.AWS_ARGS, "utf8").split("\n").filter(Boolean), stored: readFileSync(files.AWS_SECRET, "utf8") };
  }

  test.each(installedShells())("GIVEN the answers on stdin WHEN the snippet runs in %s THEN it stores the endpoint, token and expiry as one JSON object, the token only through stdin", (shell) => {
    const endpoint = "https://scim.us-east-1.amazonaws.com/AbC123de-4567-890f/scim/v2";
    const token = "eyJhbGciOi+JIUzI1NiJ9/VGhpcy1pcy1hLXRva2Vu==";
    const r = store(shell, `${endpoint}\n${token}\n2027-11-01\n`);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stored)).toEqual({ endpoint, token, expiresAt: "2027-11-01" });
    expect(r.args).toEqual(["secretsmanager", "put-secret-value", "--region", "us-east-1", "--secret-id", "identity-federation/scim", "--secret-string", "file:///dev/stdin"]);
    expect(r.stdout).toBe("SCIM endpoint: Access token: \nToken expires (YYYY-MM-DD): [unset][unset][unset]");
    expect(r.stderr).toBe("");
  });

  test("GIVEN tokens of the base64url-and-padding alphabet IAM Identity Center uses WHEN stored from bash and zsh THEN each arrives exactly", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_.".split("");
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 200 }), (chars) => {
        const token = chars.join("");
        for (const shell of installedShells()) expect(JSON.parse(store(shell, `https://scim.us-east-1.amazonaws.com/x/scim/v2\n${token}\n2027-01-31\n`).stored).token).toBe(token);
      }),
      { numRuns: 15 },
    );
  });
});
