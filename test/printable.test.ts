/**
 * What the CLI prints cannot drive the terminal or reorder text (issue 12: bidi overrides and control characters):
 * the real process's stdout and stderr carry no control character but line feeds and tabs, no bidi control, and JSON
 * output is still the same JSON.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { hasUnprintable, printable } from "../src/printable";
import { ROOT } from "./helpers";

const BIN = join(ROOT, "bin", "federation.js");
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

test("GIVEN any text WHEN made printable THEN no unprintable character is left, and the text is unchanged when it had none", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (s) => {
      const p = printable(s);
      expect(hasUnprintable(p)).toBe(false);
      if (!hasUnprintable(s)) expect(p).toBe(s);
      expect(JSON.parse(printable(JSON.stringify({ s })))).toEqual({ s });
    }),
    { numRuns: 500 },
  );
});

test("GIVEN a file whose names and descriptions hold escape sequences and bidi overrides WHEN validate and report run as a process THEN stdout and stderr hold none, and the JSON report keeps the text", () => {
  const dir = mkdtempSync(join(tmpdir(), "printable-"));
  try {
    cpSync(join(ROOT, "config", "policies"), join(dir, "policies"), { recursive: true });
    const evil = "adm\u202enimda \u001b[2J\u001b]0;pwned\u0007";
    const text = readFileSync(join(ROOT, "config", "federation.yaml"), "utf8")
      .replace("description: Read-only access to AWS", `description: ${JSON.stringify(evil)}`)
      .replace("  aws-sso-read-only:", `  ${JSON.stringify(`aws-sso-read-only${evil}`)}:`);
    writeFileSync(join(dir, "f.yaml"), text);
    const validate = spawnSync(process.execPath, [BIN, "validate", "--config", join(dir, "f.yaml")], { encoding: "utf8", env: { ...process.env } });
    expect(validate.status).toBe(1);
    expect(validate.stderr).toContain("\\u202e");
    expect([UNSAFE.test(validate.stderr), UNSAFE.test(validate.stdout)]).toEqual([false, false]);
    writeFileSync(join(dir, "g.yaml"), text.replace(`  ${JSON.stringify(`aws-sso-read-only${evil}`)}:`, "  aws-sso-read-only:"));
    const report = spawnSync(process.execPath, [BIN, "report", "--config", join(dir, "g.yaml"), "--format", "json"], { encoding: "utf8" });
    expect(report.status).toBe(0);
    expect(UNSAFE.test(report.stdout)).toBe(false);
    expect(JSON.stringify(JSON.parse(report.stdout))).toContain(JSON.stringify(evil).slice(1, -1).replace(/\\u001b/g, "\\u001b"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
