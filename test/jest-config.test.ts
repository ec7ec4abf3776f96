/**
 * The suite's own tooling: jest transpiles with ts-jest without a warning on every run, and transpile-only (the type
 * check is `tsc --noEmit` in `npm test`, against the same tsconfig.json); a test file that leaves a process running
 * fails (it would keep jest's worker from exiting).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./helpers";

describe("jest configuration", () => {
  test("GIVEN jest.config.js WHEN ts-jest builds its configuration from it THEN it warns about nothing and transpiles each file alone (isolatedModules from tsconfig.json)", () => {
    // A fresh process: ts-jest's logger writes its warnings straight to that process's stderr.
    const script = [
      'const { ConfigSet } = require("ts-jest");',
      'const jest = require("./jest.config.js");',
      'const [[, [, options]]] = Object.entries(jest.transform).filter(([, t]) => t[0] === "ts-jest");',
      'const set = new ConfigSet({ rootDir: process.cwd(), cwd: process.cwd(), testMatch: jest.testMatch, testRegex: [], globals: { "ts-jest": options } });',
      "process.stdout.write(JSON.stringify({ isolatedModules: set.isolatedModules, tsconfig: set.tsconfigFilePath, diagnostics: set.shouldReportDiagnostics(\"x.ts\") }));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ isolatedModules: true, tsconfig: `${ROOT}/tsconfig.json`, diagnostics: false });
  });
});

describe("the test environment (test/environment.ts)", () => {
  test("GIVEN a test file that leaves a child process running and one that waits for its child WHEN jest runs them THEN the first fails naming the child, the second passes", () => {
    const dir = mkdtempSync(join(tmpdir(), "federation-jest-env-"));
    const child = 'require("node:child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 2000)"])';
    writeFileSync(join(dir, "leaves.test.js"), `test("starts a child", () => { ${child}; });\n`);
    writeFileSync(join(dir, "waits.test.js"), `test("waits for its child", () => new Promise((done) => ${child}.once("close", done)));\n`);
    const config = { rootDir: dir, testEnvironment: join(ROOT, "test", "environment.ts"), transform: { "^.+\\.ts$": [require.resolve("ts-jest"), { diagnostics: false }] } };
    const r = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--config", JSON.stringify(config), "--runInBand", "--ci"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/FAIL \S*leaves\.test\.js[\s\S]*this test file left child process \d+ \(\S+ -e setTimeout\(\(\) => \{\}, 2000\)\) running after its last hook/);
    expect(r.stderr).toMatch(/PASS \S*waits\.test\.js/);
  });
});
