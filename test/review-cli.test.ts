/**
 * `federation report | diff | validate --base` end to end: formats, exit codes, invalid bases, and git-ref bases read
 * from a temporary git repository (inline-policy files resolved at the same ref).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG, ROOT, runCliCaptured } from "./helpers";

const REVIEW = join(ROOT, "test", "fixtures", "review");

const run = (args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}) => runCliCaptured(args, { cwd, env });

/** A temp git repository holding the default config (and its policy file) committed on `main`. */
function gitRepo(): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), "federation-review-git-"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Review Test", "-c", "user.email=review@example.com", "-c", "commit.gpgsign=false", ...args], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    }).toString("utf8");
  git("init", "-q", "-b", "main");
  mkdirSync(join(dir, "config"));
  cpSync(DEFAULT_CONFIG, join(dir, "config", "federation.yaml"));
  cpSync(join(ROOT, "config", "policies"), join(dir, "config", "policies"), { recursive: true });
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  return { dir, git };
}

const READ_ONLY_LINE = "- { group: aws-sso-read-only, permissionSet: ViewOnlyAccess, accounts: [prod, staging, sandbox] }";

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  writeFileSync(file, text.replace(from, to));
}

describe("federation diff with a git-ref base (the done-when scenario)", () => {
  test("GIVEN aws-sso-read-only edited to get AdministratorAccess WHEN diffed against HEAD THEN that privileged grant is the first escalation", async () => {
    const { dir } = gitRepo();
    const file = join(dir, "config", "federation.yaml");
    edit(file, READ_ONLY_LINE, READ_ONLY_LINE.replace("ViewOnlyAccess", "AdministratorAccess"));
    const r = await run(["diff", "--base", "HEAD:config/federation.yaml", "--head", "config/federation.yaml", "--format", "json"], dir);
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.out);
    expect(diff.base).toBe("HEAD:config/federation.yaml");
    expect(diff.escalations[0]).toMatchObject({ kind: "privileged-grant", subject: "group:aws-sso-read-only/AdministratorAccess" });
    expect(diff.escalations[0].reason).toContain("prod (222222222222), staging (333333333333), sandbox (444444444444)");
    expect(diff.escalations[0].reason).toContain("bob@example.com");

    const md = await run(["diff", "--base", "HEAD:config/federation.yaml", "--head", "config/federation.yaml"], dir);
    expect(md.out).toMatch(/#### ⚠️ Escalations[\s\S]*\| 1 \| privileged grant \| `group:aws-sso-read-only\/AdministratorAccess` \|/);
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN the same change WHEN the real CLI runs with --fail-on-escalation THEN it exits 3 and still prints the diff", () => {
    const { dir } = gitRepo();
    edit(join(dir, "config", "federation.yaml"), READ_ONLY_LINE, READ_ONLY_LINE.replace("ViewOnlyAccess", "AdministratorAccess"));
    const p = spawnSync(process.execPath, [join(ROOT, "bin", "federation.js"), "diff", "--base", "HEAD:config/federation.yaml", "--head", "config/federation.yaml", "--fail-on-escalation"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(p.status).toBe(3);
    expect(p.stdout).toContain("privileged grant");
    expect(p.stderr).toContain("1 escalation(s): failing as asked (--fail-on-escalation)");
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN the inline policy file edited in the working tree WHEN diffed against HEAD THEN the base reads the policy at HEAD", async () => {
    const { dir } = gitRepo();
    writeFileSync(join(dir, "config", "policies", "deny-leave-org.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Nothing", Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }] }));
    const r = await run(["diff", "--base", "HEAD:config/federation.yaml", "--head", "config/federation.yaml", "--format", "json"], dir);
    expect(r.code).toBe(0);
    const kinds = JSON.parse(r.out).escalations.map((e: { kind: string; reason: string }) => `${e.kind}: ${e.reason}`);
    expect(kinds).toEqual([expect.stringContaining('inline-deny-removed: AdministratorAccess: inline policy removes Deny statement "DenyLeaveOrganization"')]);
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN the policy file deleted from the working tree WHEN HEAD is compared with itself THEN both sides still read it from git", async () => {
    const { dir } = gitRepo();
    rmSync(join(dir, "config", "policies"), { recursive: true });
    const r = await run(["diff", "--base", "HEAD:config/federation.yaml", "--head", "HEAD:config/federation.yaml"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("No access changes.");
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN a subdirectory WHEN the base path starts with ./ THEN it is relative to the current directory like git's", async () => {
    const { dir } = gitRepo();
    const r = await run(["diff", "--base", "HEAD:./federation.yaml", "--head", "federation.yaml", "--format", "json"], join(dir, "config"));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).summary.escalations).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN an unknown ref, a path missing at the ref, or no repository WHEN diffed THEN exit 1 with a git-read error", async () => {
    const { dir } = gitRepo();
    let r = await run(["diff", "--base", "no-such-branch:config/federation.yaml", "--head", "config/federation.yaml"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read "no-such-branch:config\/federation\.yaml" from git .*\[federation\/git-read\]/);
    r = await run(["diff", "--base", "HEAD:config/missing.yaml", "--head", "config/federation.yaml"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("[federation/git-read]");
    expect(r.err).toContain("base HEAD:config/missing.yaml is not valid (1 error); nothing was compared");
    const notRepo = mkdtempSync(join(tmpdir(), "federation-norepo-"));
    cpSync(DEFAULT_CONFIG, join(notRepo, "federation.yaml"));
    r = await run(["diff", "--base", "HEAD:federation.yaml", "--head", "federation.yaml"], notRepo);
    expect(r.code).toBe(1);
    expect(r.err).toContain("not inside a git repository");
    r = await run(["diff", "--base=--output=x:federation.yaml", "--head", "federation.yaml"], notRepo);
    expect(r.code).toBe(1);
    expect(r.err).toContain("is not a git revision");
    rmSync(dir, { recursive: true, force: true });
    rmSync(notRepo, { recursive: true, force: true });
  });

  test("GIVEN a base commit whose file is invalid WHEN diffed THEN exit 1 with the base's located error", async () => {
    const { dir, git } = gitRepo();
    const file = join(dir, "config", "federation.yaml");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good.replace("sessionDuration: PT8H", "sessionDuration: PT13H"));
    git("commit", "-q", "-am", "broken");
    writeFileSync(file, good);
    const r = await run(["diff", "--base", "HEAD:config/federation.yaml", "--head", "config/federation.yaml"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/HEAD:config\/federation\.yaml:\d+:\d+: error permissionSets\.ViewOnlyAccess\.sessionDuration/);
    expect(r.err).toContain("base HEAD:config/federation.yaml is not valid (1 error)");
    expect(r.out).toBe("");
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("federation diff between files", () => {
  test("GIVEN two identical files WHEN diffed with --fail-on-escalation THEN exit 0", async () => {
    const r = await run(["diff", "--base", DEFAULT_CONFIG, "--head", DEFAULT_CONFIG, "--fail-on-escalation"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("No access changes.");
  });

  test("GIVEN no --head WHEN FEDERATION_CONFIG is set THEN it is the head", async () => {
    const r = await run(["diff", "--base", join(REVIEW, "base.yaml"), "--format", "json"], ROOT, { FEDERATION_CONFIG: join(REVIEW, "base.yaml") });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).head).toBe("test/fixtures/review/base.yaml");
  });

  test("GIVEN --privileged-policy WHEN a set gains that policy THEN it is an escalation", async () => {
    const dir = mkdtempSync(join(tmpdir(), "federation-review-"));
    cpSync(join(REVIEW, "policies"), join(dir, "policies"), { recursive: true });
    writeFileSync(
      join(dir, "head.yaml"),
      readFileSync(join(REVIEW, "base.yaml"), "utf8").replace("[arn:aws:iam::aws:policy/SecurityAudit]", "[arn:aws:iam::aws:policy/SecurityAudit, arn:aws:iam::aws:policy/AmazonS3FullAccess]"),
    );
    const without = await run(["diff", "--base", join(REVIEW, "base.yaml"), "--head", join(dir, "head.yaml"), "--fail-on-escalation"]);
    expect(without.code).toBe(0);
    const withFlag = await run(["diff", "--base", join(REVIEW, "base.yaml"), "--head", join(dir, "head.yaml"), "--privileged-policy", "*S3FullAccess", "--fail-on-escalation"]);
    expect(withFlag.code).toBe(3);
    expect(withFlag.out).toContain("privileged policy added");
    rmSync(dir, { recursive: true, force: true });
  });

  test("usage errors exit 2: no --base, an unknown format, a bad --max-rows", async () => {
    for (const args of [["diff"], ["diff", "--base", DEFAULT_CONFIG, "--format", "xml"], ["diff", "--base", DEFAULT_CONFIG, "--max-rows", "0"]]) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.err).toContain("usage: federation diff");
    }
  });

  test("GIVEN a base file that does not exist WHEN diffed THEN exit 1 naming it", async () => {
    const r = await run(["diff", "--base", "nowhere.yaml", "--head", DEFAULT_CONFIG]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^nowhere\.yaml: error cannot read federation file ".*nowhere\.yaml": it does not exist \[federation\/file-not-found\]/);
    expect(r.err).toContain("base nowhere.yaml is not valid");
  });
});

describe("federation validate --base", () => {
  test("GIVEN AdministratorAccess renamed WHEN validated against the old file THEN a located rename warning with the account count, exit 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "federation-rename-"));
    cpSync(join(ROOT, "config", "policies"), join(dir, "policies"), { recursive: true });
    const text = readFileSync(DEFAULT_CONFIG, "utf8").replace("  AdministratorAccess:\n", "  Administrators:\n").replace(/permissionSet: AdministratorAccess,/g, "permissionSet: Administrators,");
    writeFileSync(join(dir, "federation.yaml"), text);
    const line = text.split("\n").findIndex((l) => l === "  Administrators:") + 1;
    const r = await run(["validate", "--config", "federation.yaml", "--base", DEFAULT_CONFIG], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `federation.yaml:${line}:3: warning permissionSets.Administrators: permission set "AdministratorAccess" is gone and "Administrators" is new: a rename replaces the set and recreates its role in 3 account(s)`,
    );
    expect(r.err).toContain("[federation/permission-set-rename]");
    expect(r.out).toContain("valid");
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN no rename WHEN validated with --base THEN no warning; GIVEN an invalid base THEN exit 1", async () => {
    const same = await run(["validate", "--config", DEFAULT_CONFIG, "--base", DEFAULT_CONFIG]);
    expect(same.code).toBe(0);
    expect(same.err).toBe("");
    const bad = await run(["validate", "--config", DEFAULT_CONFIG, "--base", "missing.yaml"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("base missing.yaml is not valid");
  });
});

describe("federation report", () => {
  test("GIVEN --format json WHEN run THEN stable JSON of the effective access", async () => {
    const r = await run(["report", "--config", join(REVIEW, "base.yaml"), "--format", "json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(["format", "version", "config", "identitySource", "summary", "principals", "permissionSets"]);
    expect(json.config).toBe("test/fixtures/review/base.yaml");
  });

  test("GIVEN --pending with terraform output -json WHEN run THEN pending principals are marked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "federation-pending-"));
    writeFileSync(join(dir, "outputs.json"), JSON.stringify({ pending_principals: { sensitive: false, type: ["list", "string"], value: ["group:aws-sso-admins"] } }));
    const r = await run(["report", "--pending", join(dir, "outputs.json")]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("| group `aws-sso-admins` ⏳ pending |");
    writeFileSync(join(dir, "bad.json"), "{ not json");
    const bad = await run(["report", "--pending", join(dir, "bad.json")]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("cannot read pending principals from");
    rmSync(dir, { recursive: true, force: true });
  });

  test("GIVEN a git-ref config WHEN reported THEN it reads the file at that ref", async () => {
    const { dir } = gitRepo();
    edit(join(dir, "config", "federation.yaml"), READ_ONLY_LINE, "");
    const r = await run(["report", "--config", "HEAD:config/federation.yaml", "--format", "json"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).summary.grants).toBe(7);
    rmSync(dir, { recursive: true, force: true });
  });

  test("the command list shows the review commands", async () => {
    const r = await run(["help"]);
    for (const name of ["report", "diff", "plan-summary"]) expect(r.out).toContain(`  ${name}`);
  });
});
