/**
 * Files outside the repository (issue 12): an inline policy is read only from the federation file's own folder tree
 * (after following links), only when it is a regular file, its size checked before it is read; the same for every
 * file the CLI opens (`--config`, `--base`, `--head`, and `REF:PATH` reads from git, which are bounded). Each refusal
 * is one located error, exit 1, never a hang or a crash, and a file that fails to parse is never quoted beyond a
 * short excerpt.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli";
import { capturedIo, loadFile, ROOT } from "./helpers";
import { MAX_FILE_BYTES } from "../src/model/load";

const BASE = readFileSync(join(ROOT, "config", "federation.yaml"), "utf8");
const POLICY = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*" }] }';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "confine-"));
  mkdirSync(join(dir, "repo", "config", "policies"), { recursive: true });
  writeFileSync(join(dir, "repo", "config", "policies", "ok.json"), POLICY);
  writeFileSync(join(dir, "outside.json"), POLICY);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The default file with the AdministratorAccess inline policy pointing at `ref`, written into dir/repo/config. */
function fileWithPolicy(ref: string): string {
  const file = join(dir, "repo", "config", "federation.yaml");
  writeFileSync(file, BASE.replace(/inlinePolicy: \S+/, `inlinePolicy: ${JSON.stringify(ref)}`));
  return file;
}

const errorsOf = (file: string) =>
  loadFile(file)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => ({ id: d.id, path: d.path, located: d.line !== undefined, message: d.message }));

const capture = (cwd = dir) => capturedIo(cwd);

describe("inline-policy files", () => {
  test("GIVEN a policy in the federation file's folder tree (a link to one there included) THEN it is read", () => {
    symlinkSync(join(dir, "repo", "config", "policies", "ok.json"), join(dir, "repo", "config", "link.json"));
    for (const ref of ["policies/ok.json", "./policies/../policies/ok.json", "link.json"]) expect(errorsOf(fileWithPolicy(ref))).toEqual([]);
  });

  test("GIVEN an absolute path, a .. path or a symlink leading out of the tree THEN one located error each, nothing read", () => {
    symlinkSync(join(dir, "outside.json"), join(dir, "repo", "config", "policies", "escape.json"));
    symlinkSync("/etc", join(dir, "repo", "config", "etc"));
    for (const ref of [join(dir, "outside.json"), "../../outside.json", "policies/escape.json", "etc/hostname", "/proc/self/environ"]) {
      expect(errorsOf(fileWithPolicy(ref))).toEqual([
        { id: "federation/inline-policy-outside", path: "permissionSets.AdministratorAccess.inlinePolicy", located: true, message: expect.stringContaining("outside") },
      ]);
    }
  });

  test("GIVEN a FIFO, a directory or a device in the tree THEN refused at once (no hang), located", () => {
    execFileSync("mkfifo", [join(dir, "repo", "config", "pipe.json")]);
    symlinkSync("/dev/zero", join(dir, "repo", "config", "zero.json"));
    expect(errorsOf(fileWithPolicy("pipe.json"))).toEqual([expect.objectContaining({ id: "federation/inline-policy-file-type", located: true, message: expect.stringContaining("named pipe") })]);
    expect(errorsOf(fileWithPolicy("policies"))).toEqual([expect.objectContaining({ id: "federation/inline-policy-file-type", located: true, message: expect.stringContaining("directory") })]);
    // The link resolves to /dev/zero, outside the tree: refused as such before it is ever opened.
    expect(errorsOf(fileWithPolicy("zero.json"))).toEqual([expect.objectContaining({ id: "federation/inline-policy-outside", located: true })]);
  });

  test("GIVEN a policy path that cannot be resolved (a link to itself) THEN one located unreadable error, not the missing-file one", () => {
    symlinkSync("loop.json", join(dir, "repo", "config", "loop.json"));
    expect(errorsOf(fileWithPolicy("loop.json"))).toEqual([
      { id: "federation/inline-policy-file-unreadable", path: "permissionSets.AdministratorAccess.inlinePolicy", located: true, message: expect.stringContaining("cannot be read (ELOOP)") },
    ]);
    expect(errorsOf(fileWithPolicy("absent.json"))).toEqual([expect.objectContaining({ id: "federation/inline-policy-file", message: expect.stringContaining("does not exist") })]);
  });

  test("GIVEN a 700 MB file, and one just over 64 KiB THEN refused by size before reading; exactly 64 KiB is read", () => {
    const big = join(dir, "repo", "config", "big.json");
    writeFileSync(big, "");
    truncateSync(big, 700 * 1024 * 1024); // sparse: the size is what counts
    expect(errorsOf(fileWithPolicy("big.json"))).toEqual([expect.objectContaining({ id: "federation/inline-policy-file-size", located: true, message: expect.stringContaining("734,003,200 bytes") })]);
    const padded = (n: number) => `${POLICY}${" ".repeat(n - POLICY.length)}`;
    writeFileSync(join(dir, "repo", "config", "edge.json"), padded(65536));
    expect(errorsOf(fileWithPolicy("edge.json"))).toEqual([]);
    writeFileSync(join(dir, "repo", "config", "edge.json"), padded(65537));
    expect(errorsOf(fileWithPolicy("edge.json"))).toEqual([expect.objectContaining({ id: "federation/inline-policy-file-size" })]);
  });

  test("GIVEN a file that is not JSON, or nests too deep THEN a located error that quotes at most a short, printable excerpt", () => {
    const secret = "AKIAEXAMPLESECRETVALUE1234567890";
    writeFileSync(join(dir, "repo", "config", "bad.json"), `{\n  "Statement": ${secret}\u202e\n}`);
    const [bad] = errorsOf(fileWithPolicy("bad.json"));
    expect(bad).toMatchObject({ id: "federation/inline-policy-json", located: true });
    expect(bad.message).toContain("line 2, column 16");
    expect(bad.message).not.toContain(secret);
    writeFileSync(join(dir, "repo", "config", "deep.json"), `${"[".repeat(5000)}${"]".repeat(5000)}`);
    expect(errorsOf(fileWithPolicy("deep.json"))).toEqual([expect.objectContaining({ id: "federation/inline-policy-json", message: expect.stringContaining("deeper than") })]);
  });
});

describe("files named on the command line", () => {
  test("GIVEN --config a FIFO, /dev/zero or a directory THEN exit 1 with one message, no hang", async () => {
    execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
    for (const [config, what] of [[join(dir, "pipe.yaml"), "named pipe"], ["/dev/zero", "device"], [dir, "directory"]]) {
      const c = capture();
      expect(await runCli(["validate", "--config", config], c.io)).toBe(1);
      expect(c.err()).toContain(what);
    }
  });

  test("GIVEN --base and --head that are FIFOs or too large THEN diff exits 1 naming the file", async () => {
    execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
    const huge = join(dir, "huge.yaml");
    writeFileSync(huge, "");
    truncateSync(huge, MAX_FILE_BYTES + 1);
    const ok = fileWithPolicy("policies/ok.json");
    for (const args of [["--base", join(dir, "pipe.yaml"), "--head", ok], ["--base", ok, "--head", huge]]) {
      const c = capture();
      expect(await runCli(["diff", ...args], c.io)).toBe(1);
      expect(c.err()).toMatch(new RegExp(`named pipe|at most ${MAX_FILE_BYTES} bytes`));
    }
  });

  describe("REF:PATH from git", () => {
    const repo = () => join(dir, "repo");
    const sh = (...args: string[]) => execFileSync("git", args, { cwd: repo(), stdio: ["ignore", "pipe", "pipe"] });
    beforeEach(() => {
      sh("init", "-q");
      sh("config", "user.email", "t@example.com");
      sh("config", "user.name", "t");
    });

    test("GIVEN a federation file at a ref whose inline policy points out of its folder, or is a git link THEN refused, located; inside THEN read", async () => {
      writeFileSync(join(repo(), "outside.json"), POLICY);
      symlinkSync("../outside.json", join(repo(), "config", "policies", "link.json"));
      writeFileSync(join(repo(), "config", "federation.yaml"), BASE.replace(/inlinePolicy: \S+/, "inlinePolicy: ../outside.json"));
      writeFileSync(join(repo(), "config", "inside.yaml"), BASE.replace(/inlinePolicy: \S+/, "inlinePolicy: policies/ok.json"));
      writeFileSync(join(repo(), "config", "linked.yaml"), BASE.replace(/inlinePolicy: \S+/, "inlinePolicy: policies/link.json"));
      sh("add", "-A");
      sh("commit", "-qm", "x");
      const c = capture(repo());
      expect(await runCli(["validate", "--config", "config/inside.yaml", "--base", "HEAD:config/federation.yaml"], c.io)).toBe(1);
      expect(c.err()).toMatch(/HEAD:config\/federation\.yaml:\d+:\d+: error permissionSets\.AdministratorAccess\.inlinePolicy: inline policy file "\.\.\/outside\.json" is refused: it is outside config\/ at HEAD/);
      const inside = capture(repo());
      expect(await runCli(["validate", "--config", "config/inside.yaml", "--base", "HEAD:config/inside.yaml"], inside.io)).toBe(0);
      // A symlink in git is a blob holding the link's target text: never followed, and not JSON.
      const linked = capture(repo());
      expect(await runCli(["validate", "--config", "config/inside.yaml", "--base", "HEAD:config/linked.yaml"], linked.io)).toBe(1);
      expect(linked.err()).toContain("inline-policy-json");
    });

    test("GIVEN a blob over the size limits, or a tree, at REF:PATH THEN refused before it is read", async () => {
      writeFileSync(join(repo(), "config", "federation.yaml"), `${BASE}\n#${"x".repeat(MAX_FILE_BYTES)}\n`);
      writeFileSync(join(repo(), "config", "big-policy.yaml"), BASE.replace(/inlinePolicy: \S+/, "inlinePolicy: policies/big.json"));
      writeFileSync(join(repo(), "config", "policies", "big.json"), `${POLICY}${" ".repeat(70_000)}`);
      sh("add", "-A");
      sh("commit", "-qm", "x");
      for (const [base, want] of [
        ["HEAD:config/federation.yaml", "it is too large"],
        ["HEAD:config", "it is not a file at that revision (a git tree)"],
        ["HEAD:config/big-policy.yaml", "inline-policy-file-size"],
      ]) {
        const c = capture(repo());
        expect(await runCli(["diff", "--base", base, "--head", "config/big-policy.yaml"], c.io)).toBe(1);
        expect(c.err()).toContain(want);
      }
    });
  });
});
