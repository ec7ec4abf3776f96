/**
 * The suite's own tooling: jest transpiles with ts-jest without a warning on every run, and transpile-only (the type
 * check is `tsc --noEmit` in `npm test`, against the same tsconfig.json).
 */
import { spawnSync } from "node:child_process";
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
