/** Opening files we did not write: regular files only, size checked first, confined to a tree when asked. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSafely, SafeReadError } from "../src/safe-fs";

const opts = { maxBytes: 100, what: "test file" };

function problemOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof SafeReadError) return `${e.problem}: ${e.message}`;
    throw e;
  }
  return "read";
}

describe("readFileSafely", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "safe-fs-"));
    mkdirSync(join(dir, "tree", "sub"), { recursive: true });
    writeFileSync(join(dir, "tree", "sub", "ok.json"), "{}");
    writeFileSync(join(dir, "outside.json"), "secret");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("GIVEN a regular file at the limit THEN it is read; one byte past THEN refused before reading", () => {
    writeFileSync(join(dir, "100"), "x".repeat(100));
    writeFileSync(join(dir, "101"), "x".repeat(101));
    expect(readFileSafely(join(dir, "100"), opts).length).toBe(100);
    expect(problemOf(() => readFileSafely(join(dir, "101"), opts))).toBe(`too-large: test file ${join(dir, "101")} is too large (101 bytes; at most 100)`);
  });

  test("GIVEN a device, a directory or a missing path THEN each is refused with what it is", () => {
    expect(problemOf(() => readFileSafely("/dev/zero", opts))).toBe("not-a-file: test file /dev/zero is not a regular file (a device)");
    expect(problemOf(() => readFileSafely(dir, opts))).toMatch(/^not-a-file: .* \(a directory\)$/);
    expect(problemOf(() => readFileSafely(join(dir, "nope"), opts))).toMatch(/^missing: test file .*nope does not exist$/);
  });

  test("GIVEN a FIFO with no writer THEN it is refused at once (no hang)", () => {
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(problemOf(() => readFileSafely(fifo, opts))).toMatch(/^not-a-file: .* \(a named pipe\)$/);
  });

  test("GIVEN within: a file of the tree is read; .., absolute paths and symlinks out of it are refused", () => {
    const tree = join(dir, "tree");
    expect(readFileSafely(join(tree, "sub", "ok.json"), { ...opts, within: tree }).toString()).toBe("{}");
    expect(problemOf(() => readFileSafely(join(tree, "..", "outside.json"), { ...opts, within: tree }))).toMatch(/^outside: /);
    expect(problemOf(() => readFileSafely(join(dir, "outside.json"), { ...opts, within: tree }))).toMatch(/^outside: /);
    symlinkSync(join(dir, "outside.json"), join(tree, "link.json"));
    expect(problemOf(() => readFileSafely(join(tree, "link.json"), { ...opts, within: tree }))).toMatch(/^outside: .*after following links/);
    symlinkSync(join(tree, "sub", "ok.json"), join(tree, "inner-link.json"));
    expect(readFileSafely(join(tree, "inner-link.json"), { ...opts, within: tree }).toString()).toBe("{}");
    // A sibling whose name starts like the tree is not inside it.
    mkdirSync(join(dir, "tree-evil"));
    writeFileSync(join(dir, "tree-evil", "x.json"), "{}");
    expect(problemOf(() => readFileSafely(join(dir, "tree-evil", "x.json"), { ...opts, within: tree }))).toMatch(/^outside: /);
  });
});
