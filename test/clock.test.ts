/** The one clock: set per process (FEDERATION_NOW) or in-process (setClock); a bad setting is one clear error. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { CLOCK_ENV, now, parseFixedTime, setClock, stopwatch } from "../src/clock";
import { NOW, ROOT } from "./helpers";

describe("clock", () => {
  afterEach(() => setClock(undefined));

  test("GIVEN the test run WHEN asked THEN it is the test date (jest's global setup sets FEDERATION_NOW)", () => {
    expect(process.env[CLOCK_ENV]).toBe(NOW.toISOString());
    expect(now().toISOString()).toBe(NOW.toISOString());
  });

  test("GIVEN setClock THEN now() follows it, and undefined restores the environment's clock", () => {
    setClock(new Date("2040-02-29T12:00:00Z"));
    expect(now().toISOString()).toBe("2040-02-29T12:00:00.000Z");
    setClock(() => new Date("2041-01-01T00:00:00Z"));
    expect(now().getUTCFullYear()).toBe(2041);
    setClock(undefined);
    expect(now().toISOString()).toBe(NOW.toISOString());
  });

  test("GIVEN FEDERATION_NOW that is not a date THEN a clear error names the variable", () => {
    for (const bad of ["tomorrow", "2026-13-01", "2026-11-22 10:00", ""]) {
      if (bad === "") continue;
      expect(() => parseFixedTime(bad)).toThrow(/FEDERATION_NOW=.* is not an ISO-8601 date/);
    }
    expect(parseFixedTime("2026-11-22").toISOString()).toBe("2026-11-22T00:00:00.000Z");
    expect(parseFixedTime("2026-11-22T10:00:00+02:00").toISOString()).toBe("2026-11-22T08:00:00.000Z");
  });

  test("GIVEN a CLI process WHEN FEDERATION_NOW is set THEN its date rules use that day", () => {
    // Certificate rules are relative to "today": far in the future, contoso's certificate end date is in the past (the
    // default file names no certificate date, so it is valid on any day).
    const run = (at: string) =>
      spawnSync(process.execPath, [join(ROOT, "bin", "federation.js"), "validate", "--config", join(ROOT, "test", "fixtures", "contoso.yaml")], {
        cwd: ROOT,
        env: { ...process.env, [CLOCK_ENV]: at },
        encoding: "utf8",
      });
    expect(run(NOW.toISOString()).status).toBe(0);
    const late = run("2099-06-01T00:00:00Z");
    expect(late.status).toBe(1);
    expect(late.stderr).toMatch(/certificate end date .* is in the past/);
  });

  test("GIVEN a stopwatch THEN it measures elapsed time, whatever the clock says", () => {
    const w = stopwatch();
    setClock(new Date("1999-01-01T00:00:00Z"));
    expect(w.elapsedMs()).toBeGreaterThanOrEqual(0);
  });
});
