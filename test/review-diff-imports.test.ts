/**
 * The import file (`imports:`) in the access diff: blocks added, removed and pointed at another object, `imports:`
 * added, removed and naming another file, each a warning with its own id (and the dangerous ones escalations), in
 * JSON and Markdown; nothing new when no side has `imports:`. Then the CLI on a real git repository: the import file
 * read at the same ref as the federation file, confined to its folder tree, with the import file's own size limit.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderImportsFile, type ImportBlock } from "../src/model/imports";
import { MAX_IMPORTS_FILE_BYTES, MAX_INLINE_POLICY_FILE_BYTES, parseFederation } from "../src/model/load";
import type { FederationModel } from "../src/model/model";
import { diffFederations } from "../src/review/diff";
import { renderDiffMarkdown } from "../src/review/diff-markdown";
import type { AccessDiff } from "../src/review/diff-types";
import { modelOf, NOW, ROOT, runCliCaptured } from "./helpers";

const REVIEW = join(ROOT, "test", "fixtures", "review");
const BASE_TEXT = readFileSync(join(REVIEW, "base.yaml"), "utf8");
const INSTANCE = "arn:aws:sso:::instance/ssoins-1111222233334444";
const ADMIN_SET = "arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-admin0000000001";
const READ_SET = "arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-read00000000001";
const ASSIGNMENT = "aws_ssoadmin_account_assignment.assignments_account-assignments_5E3F0A1B";
const APPLICATION = "azuread_application.application_application_9C1D2E3F";
const SET = "aws_ssoadmin_permission_set.permission-sets_permission-set_210F94CC";
const READERS_PROD = `${ASSIGNMENT}["group:readers/ReadOnly/100000000002"]`;
const assignmentId = (principal: string, set: string, account = "100000000002") => `${principal},GROUP,${account},AWS_ACCOUNT,${set},${INSTANCE}`;
const READERS_ID = assignmentId("aaaaaaaa-0000-0000-0000-000000000001", READ_SET);
const ADMINS_ID = assignmentId("aaaaaaaa-0000-0000-0000-000000000009", ADMIN_SET);

/** The review base fixture, with `imports:` naming `importsPath` (none: no `imports:`), loaded with `files` as its folder. */
function load(importsPath: string | undefined, files: Record<string, string> = {}): FederationModel {
  const text = importsPath === undefined ? BASE_TEXT : `${BASE_TEXT}\nimports: ${importsPath}\n`;
  return modelOf(
    parseFederation(text, join(REVIEW, "federation.yaml"), {
      now: NOW,
      readFile: (p) => {
        const name = p.slice(REVIEW.length + 1);
        return Object.hasOwn(files, name) ? files[name] : name.startsWith("policies/") ? readFileSync(p, "utf8") : undefined;
      },
    }),
  );
}

const importsText = (stacks: Record<string, ImportBlock[]>) => renderImportsFile(stacks);
const withImports = (stacks: Record<string, ImportBlock[]>, path = "federation.imports.json") => load(path, { [path]: importsText(stacks) });
const diff = (base: FederationModel, head: FederationModel): AccessDiff => diffFederations(base, head, { baseLabel: "base.yaml", headLabel: "head.yaml" });
const ids = (d: AccessDiff) => d.warnings.map((w) => w.id);
const kinds = (d: AccessDiff) => d.escalations.map((e) => e.kind);

describe("the import file in the access diff", () => {
  test("GIVEN no imports: on either side WHEN diffed THEN nothing about imports appears (no key, no warning, no section)", () => {
    const d = diff(load(undefined), load(undefined));
    expect(Object.keys(d)).not.toContain("imports");
    expect(d.summary).toMatchObject({ importsAdded: 0, importsRemoved: 0, importsRetargeted: 0 });
    expect(d.warnings).toEqual([]);
    expect(renderDiffMarkdown(d)).not.toMatch(/[Ii]mport/);
    expect(renderDiffMarkdown(d)).toContain("No access changes.");
  });

  test("GIVEN the same import file on both sides (also written ./ on one) WHEN diffed THEN nothing about imports appears", () => {
    const stacks = { "identity-center": [{ to: READERS_PROD, id: READERS_ID }] };
    for (const head of [withImports(stacks), load("./federation.imports.json", { "federation.imports.json": importsText(stacks) })]) {
      const d = diff(withImports(stacks), head);
      expect(Object.keys(d)).not.toContain("imports");
      expect(d.warnings).toEqual([]);
      expect(renderDiffMarkdown(d)).toContain("No access changes.");
    }
  });

  test("GIVEN an import block of the enterprise application added WHEN diffed THEN an import-added warning and the block, no escalation", () => {
    const d = diff(withImports({ "identity-center": [] }), withImports({ "identity-center": [], "entra-sso": [{ to: APPLICATION, id: "/applications/0000-other-app" }] }));
    expect(d.imports).toEqual({ added: [{ stack: "entra-sso", to: APPLICATION, id: "/applications/0000-other-app" }], removed: [], retargeted: [] });
    expect(ids(d)).toEqual(["federation/import-added"]);
    expect(d.warnings[0]).toMatchObject({ subject: "imports:entra-sso", message: expect.stringContaining(`1 import block(s) added to stack "entra-sso" (${APPLICATION} ← /applications/0000-other-app)`) });
    expect(d.escalations).toEqual([]);
  });

  test("GIVEN an account assignment's import added WHEN diffed THEN import-added and an access-import-added escalation naming the grant behind the id and its account", () => {
    const d = diff(withImports({ "identity-center": [] }), withImports({ "identity-center": [{ to: READERS_PROD, id: ADMINS_ID }] }));
    expect(ids(d)).toEqual(["federation/import-added"]);
    expect(kinds(d)).toEqual(["access-import-added"]);
    expect(d.escalations[0]).toMatchObject({
      subject: "imports:identity-center/aws_ssoadmin_account_assignment",
      accounts: [{ id: "100000000002", name: "prod" }],
      reason: expect.stringContaining(`${READERS_PROD} ← group aaaaaaaa-0000-0000-0000-000000000009's grant of ${ADMIN_SET} in 100000000002`),
    });
  });

  test("GIVEN a permission set's import and a group membership's import added WHEN diffed THEN one access-import-added per stack and type", () => {
    const d = diff(
      withImports({}),
      withImports({
        "identity-center": [
          { to: `${SET}["Admin"]`, id: `${ADMIN_SET},${INSTANCE}` },
          { to: `${SET}["ReadOnly"]`, id: `${READ_SET},${INSTANCE}` },
        ],
        "entra-sso": [{ to: 'azuread_group_member.groups_member_1A2B3C4D["readers/rita@review.example"]', id: "g1/member/u1" }],
      }),
    );
    expect(d.escalations.map((e) => e.subject)).toEqual(["imports:entra-sso/azuread_group_member", "imports:identity-center/aws_ssoadmin_permission_set"]);
    expect(d.escalations[1].reason).toMatch(/^2 import block\(s\) of permission sets added to stack identity-center/);
    expect(d.escalations[1]).not.toHaveProperty("accounts");
    expect(ids(d)).toEqual(["federation/import-added", "federation/import-added"]);
  });

  test("GIVEN an import block removed WHEN diffed THEN an import-removed warning and the block, no escalation", () => {
    const d = diff(withImports({ "identity-center": [{ to: READERS_PROD, id: READERS_ID }] }), withImports({ "identity-center": [] }));
    expect(d.imports).toEqual({ added: [], removed: [{ stack: "identity-center", to: READERS_PROD, id: READERS_ID }], retargeted: [] });
    expect(ids(d)).toEqual(["federation/import-removed"]);
    expect(d.escalations).toEqual([]);
  });

  test("GIVEN an assignment's import pointed at the admin group's grant (same to, other id) WHEN diffed THEN import-retargeted: a warning and an escalation naming both grants", () => {
    const d = diff(withImports({ "identity-center": [{ to: READERS_PROD, id: READERS_ID }] }), withImports({ "identity-center": [{ to: READERS_PROD, id: ADMINS_ID }] }));
    expect(d.imports).toEqual({ added: [], removed: [], retargeted: [{ stack: "identity-center", to: READERS_PROD, before: READERS_ID, after: ADMINS_ID }] });
    expect(ids(d)).toEqual(["federation/import-retargeted"]);
    expect(kinds(d)).toEqual(["import-retargeted"]);
    expect(d.escalations[0]).toMatchObject({ subject: `imports:identity-center/${READERS_PROD}`, accounts: [{ id: "100000000002", name: "prod" }] });
    expect(d.escalations[0].reason).toContain(`now imported from group aaaaaaaa-0000-0000-0000-000000000009's grant of ${ADMIN_SET} in 100000000002 (was group aaaaaaaa-0000-0000-0000-000000000001's grant of ${READ_SET} in 100000000002)`);
  });

  test("GIVEN the application's import pointed at another enterprise application WHEN diffed THEN import-retargeted with both ids as written", () => {
    const d = diff(withImports({ "entra-sso": [{ to: APPLICATION, id: "/applications/ours" }] }), withImports({ "entra-sso": [{ to: APPLICATION, id: "/applications/theirs" }] }));
    expect(kinds(d)).toEqual(["import-retargeted"]);
    expect(d.escalations[0].reason).toContain("now imported from /applications/theirs (was /applications/ours)");
    expect(d.escalations[0]).not.toHaveProperty("accounts");
  });

  test("GIVEN an assignment id with five parts instead of six WHEN retargeted THEN the id is shown as written and no account is guessed", () => {
    const five = READERS_ID.split(",").slice(0, 5).join(",");
    const d = diff(withImports({ "identity-center": [{ to: READERS_PROD, id: READERS_ID }] }), withImports({ "identity-center": [{ to: READERS_PROD, id: five }] }));
    expect(d.escalations[0].reason).toContain(`now imported from ${five} (was group`);
    expect(d.escalations[0]).not.toHaveProperty("accounts");
  });

  test("GIVEN imports: added WHEN diffed THEN imports-file-added, every block added, escalations for the access-carrying ones only", () => {
    const d = diff(load(undefined), withImports({ "identity-center": [{ to: READERS_PROD, id: READERS_ID }], "entra-sso": [{ to: APPLICATION, id: "/applications/ours" }] }));
    expect(d.imports?.file).toEqual({ before: null, after: "federation.imports.json" });
    expect(d.imports?.added.map((x) => x.stack)).toEqual(["entra-sso", "identity-center"]);
    expect(d.summary).toMatchObject({ importsAdded: 2, importsRemoved: 0, importsRetargeted: 0 });
    expect(ids(d)).toEqual(["federation/imports-file-added", "federation/import-added", "federation/import-added"]);
    expect(d.warnings[0].message).toContain('`imports:` now names import file "federation.imports.json" (2 import block(s))');
    expect(kinds(d)).toEqual(["access-import-added"]);
  });

  test("GIVEN imports: removed WHEN diffed THEN imports-file-removed and every block removed, no escalation", () => {
    const d = diff(withImports({ "identity-center": [{ to: READERS_PROD, id: READERS_ID }] }), load(undefined));
    expect(d.imports?.file).toEqual({ before: "federation.imports.json", after: null });
    expect(ids(d)).toEqual(["federation/imports-file-removed", "federation/import-removed"]);
    expect(d.escalations).toEqual([]);
  });

  test("GIVEN imports: naming another file WHEN diffed THEN imports-file-moved; its blocks are compared with the old file's", () => {
    const stacks = { "identity-center": [{ to: READERS_PROD, id: READERS_ID }] };
    const same = diff(withImports(stacks), withImports(stacks, "other.imports.json"));
    expect(same.imports).toEqual({ file: { before: "federation.imports.json", after: "other.imports.json" }, added: [], removed: [], retargeted: [] });
    expect(ids(same)).toEqual(["federation/imports-file-moved"]);
    expect(same.escalations).toEqual([]);
    const other = diff(withImports(stacks), withImports({ "identity-center": [{ to: READERS_PROD, id: ADMINS_ID }] }, "other.imports.json"));
    expect(ids(other)).toEqual(["federation/imports-file-moved", "federation/import-retargeted"]);
    expect(kinds(other)).toEqual(["import-retargeted"]);
  });

  test("GIVEN exactly 3 blocks added, then 4 WHEN diffed THEN the warning names all 3, then the first 3 and 1 more", () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => ({ to: `${ASSIGNMENT}["group:readers/ReadOnly/10000000000${i}"]`, id: assignmentId("p", READ_SET, `10000000000${i}`) }));
    const three = diff(withImports({}), withImports({ "identity-center": blocks(3) })).warnings[0].message;
    expect(three).toMatch(/^3 import block\(s\) added .*10000000000[2]"\] ← .*\): /);
    expect(three).not.toContain("more");
    const four = diff(withImports({}), withImports({ "identity-center": blocks(4) }));
    expect(four.warnings[0].message).toContain("and 1 more): ");
    expect(four.warnings[0].message).not.toContain('100000000003"] ←');
    // The JSON and the escalation's accounts list every block.
    expect(four.imports?.added).toHaveLength(4);
    expect(four.escalations[0].accounts?.map((a) => a.id)).toEqual(["100000000000", "100000000001", "100000000002", "100000000003"]);
  });

  test("GIVEN blocks added, removed and retargeted WHEN rendered as Markdown THEN the header counts them and one table lists each with its sign", () => {
    const d = diff(
      withImports({ "identity-center": [{ to: READERS_PROD, id: READERS_ID }, { to: `${SET}["Admin"]`, id: `${ADMIN_SET},${INSTANCE}` }] }),
      withImports({ "identity-center": [{ to: READERS_PROD, id: ADMINS_ID }], "entra-sso": [{ to: APPLICATION, id: "/applications/ours" }] }),
    );
    // JSON consumers get the same counts in the summary (each kind once: 1 added, 1 removed, 1 retargeted).
    expect(d.summary).toMatchObject({ importsAdded: 1, importsRemoved: 1, importsRetargeted: 1 });
    expect([d.imports?.added.length, d.imports?.removed.length, d.imports?.retargeted.length]).toEqual([1, 1, 1]);
    const md = renderDiffMarkdown(d);
    expect(md).toContain("import blocks +1 −1 ~1");
    expect(md).not.toContain("No access changes.");
    expect(md).toContain("#### Import blocks (the import file)");
    // The signs are escaped like every cell's text (a bare + or ~ could start a list or strike-through).
    expect(md).toContain(`| \\+ | \`entra-sso\` | \`${APPLICATION}\` | \`/applications/ours\` |`);
    expect(md).toContain(`| − | \`identity-center\` | \`${SET}["Admin"]\` | \`${ADMIN_SET},${INSTANCE}\` |`);
    expect(md).toContain(`| \\~ | \`identity-center\` | \`${READERS_PROD}\` | \`${READERS_ID}\` → \`${ADMINS_ID}\` |`);
    expect(md).toMatch(/\| 1 \| import points at another object \|/);
    expect(md).toContain("[federation/import-retargeted]");
    const movedDiff = diff(load(undefined), withImports({}));
    expect(movedDiff.summary).toMatchObject({ importsAdded: 0, importsRemoved: 0, importsRetargeted: 0 });
    const moved = renderDiffMarkdown(movedDiff);
    expect(moved).toContain("- `imports:` none → `federation.imports.json`");
    expect(moved).toContain("import blocks +0 −0 ~0");
  });
});

/** A temp git repository holding the review fixture (`config/federation.yaml`, its policies) and its import file. */
function gitRepo(imports: string, importsPath = "federation.imports.json"): { dir: string; git: (...args: string[]) => string; file: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), "federation-imports-git-"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Review Test", "-c", "user.email=review@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] }).toString("utf8");
  git("init", "-q", "-b", "main");
  mkdirSync(join(dir, "config"));
  cpSync(join(REVIEW, "policies"), join(dir, "config", "policies"), { recursive: true });
  writeFileSync(join(dir, "config", "federation.yaml"), `${BASE_TEXT}\nimports: ${importsPath}\n`);
  writeFileSync(join(dir, "config", importsPath), imports);
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  return { dir, git, file: (name) => join(dir, "config", name) };
}

const BASE_IMPORTS = importsText({ "identity-center": [{ to: READERS_PROD, id: READERS_ID }] });
const RETARGETED = importsText({ "identity-center": [{ to: READERS_PROD, id: ADMINS_ID }] });
const diffArgs = (base: string, head: string, ...more: string[]) => ["diff", "--base", base, "--head", head, ...more];

describe("federation diff reads the import file at the same ref", () => {
  test("GIVEN the import file retargeted in the working tree WHEN diffed against HEAD THEN JSON carries the change, --fail-on-warning exits 5, --fail-on-escalation exits 3", async () => {
    const { dir, file } = gitRepo(BASE_IMPORTS);
    writeFileSync(file("federation.imports.json"), RETARGETED);
    const args = diffArgs("HEAD:config/federation.yaml", "config/federation.yaml");
    const json = await runCliCaptured([...args, "--format", "json"], { cwd: dir });
    expect(json.code).toBe(0);
    const d = JSON.parse(json.out);
    expect(d.imports).toEqual({ added: [], removed: [], retargeted: [{ stack: "identity-center", to: READERS_PROD, before: READERS_ID, after: ADMINS_ID }] });
    expect(d.warnings.map((w: { id: string }) => w.id)).toEqual(["federation/import-retargeted"]);
    const warn = await runCliCaptured([...args, "--fail-on-warning"], { cwd: dir });
    expect(warn.code).toBe(5);
    expect(warn.out).toContain("#### Import blocks (the import file)");
    expect(warn.err).toContain("1 warning(s): failing as asked (--fail-on-warning)");
    const esc = await runCliCaptured([...args, "--fail-on-escalation", "--fail-on-warning"], { cwd: dir });
    expect(esc.code).toBe(3);
    // In CI, both are annotated on the line of `imports:`.
    const ci = await runCliCaptured(args, { cwd: dir, env: { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: dir } });
    const line = readFileSync(file("federation.yaml"), "utf8").split("\n").indexOf("imports: federation.imports.json") + 1;
    expect(ci.err).toContain(`::warning file=config/federation.yaml,line=${line},col=1,title=Access escalation%3A import-retargeted::`);
    expect(ci.err).toContain(`::warning file=config/federation.yaml,line=${line},col=1,title=federation/import-retargeted::`);
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN two commits of the import file WHEN both sides are refs THEN each side reads its own version; HEAD against itself shows nothing", async () => {
    const { dir, git, file } = gitRepo(BASE_IMPORTS);
    writeFileSync(file("federation.imports.json"), RETARGETED);
    git("commit", "-q", "-am", "retarget");
    // The working tree no longer matters: both sides are read from git.
    rmSync(file("federation.imports.json"));
    const r = await runCliCaptured([...diffArgs("HEAD~1:config/federation.yaml", "HEAD:config/federation.yaml"), "--format", "json"], { cwd: dir });
    expect(r.err).toBe("");
    expect(JSON.parse(r.out).imports.retargeted).toEqual([{ stack: "identity-center", to: READERS_PROD, before: READERS_ID, after: ADMINS_ID }]);
    const same = await runCliCaptured(diffArgs("HEAD:config/federation.yaml", "HEAD:config/federation.yaml", "--fail-on-warning"), { cwd: dir });
    expect(same.code).toBe(0);
    expect(same.out).toContain("No access changes.");
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN an import file larger than the inline-policy limit at a ref WHEN diffed THEN it is read (the import file's own limit applies)", async () => {
    const big = importsText({
      "identity-center": Array.from({ length: 400 }, (_, i) => ({ to: `${ASSIGNMENT}["group:readers/ReadOnly/${String(100000000000 + i)}"]`, id: assignmentId("p", READ_SET, String(100000000000 + i)) })),
    });
    expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_INLINE_POLICY_FILE_BYTES);
    const { dir } = gitRepo(big);
    const r = await runCliCaptured(diffArgs("HEAD:config/federation.yaml", "config/federation.yaml", "--fail-on-warning"), { cwd: dir });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("No access changes.");
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN an import file at a ref exactly at its size limit, then one byte over WHEN diffed THEN the first is read, the second refused before it is read", async () => {
    // Padding after the JSON: the size is the file's, the content stays a valid import file.
    const exact = BASE_IMPORTS + " ".repeat(MAX_IMPORTS_FILE_BYTES - Buffer.byteLength(BASE_IMPORTS));
    const { dir, git, file } = gitRepo(exact);
    const ok = await runCliCaptured(diffArgs("HEAD:config/federation.yaml", "HEAD:config/federation.yaml"), { cwd: dir });
    expect(ok.err).toBe("");
    expect(ok.code).toBe(0);
    writeFileSync(file("federation.imports.json"), `${exact} `);
    git("commit", "-q", "-am", "one byte more");
    const over = await runCliCaptured(diffArgs("HEAD:config/federation.yaml", "HEAD~1:config/federation.yaml"), { cwd: dir });
    expect(over.code).toBe(1);
    expect(over.err).toContain(`it is too large (${(MAX_IMPORTS_FILE_BYTES + 1).toLocaleString("en-US")} bytes; at most ${MAX_IMPORTS_FILE_BYTES.toLocaleString("en-US")})`);
    expect(over.err).toContain("[federation/imports-file-invalid]");
    expect(over.out).toBe("");
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN imports: pointing out of the federation file's folder at a ref WHEN diffed THEN refused, located, nothing compared", async () => {
    const { dir, git } = gitRepo(BASE_IMPORTS);
    writeFileSync(join(dir, "outside.imports.json"), RETARGETED);
    writeFileSync(join(dir, "config", "federation.yaml"), `${BASE_TEXT}\nimports: ../outside.imports.json\n`);
    git("add", "-A");
    git("commit", "-q", "-m", "outside");
    const r = await runCliCaptured(diffArgs("HEAD:config/federation.yaml", "HEAD~1:config/federation.yaml"), { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/HEAD:config\/federation\.yaml:\d+:\d+: error imports: import file "\.\.\/outside\.imports\.json" is not a federation import file: it is outside config\/ at HEAD/);
    expect(r.out).toBe("");
    rmSync(dir, { recursive: true, force: true });
  });
});
