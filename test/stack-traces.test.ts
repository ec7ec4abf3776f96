/** The CLI and the cdktf app do not format stack traces (cdktf records one per token); FEDERATION_STACK_TRACES=1 keeps them. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./helpers";

/** `new Error("boom").stack` and what cdktf's trace capture yields, in a fresh process after skipStackTraces(). */
function traces(env: NodeJS.ProcessEnv): { stack: string; captured: string } {
  const script = `
    require(${JSON.stringify(join(ROOT, "src", "stack-traces.ts"))}).skipStackTraces();
    const captured = { stack: "" };
    Error.captureStackTrace(captured);
    process.stdout.write(JSON.stringify({ stack: new Error("boom").stack, captured: captured.stack }));`;
  const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

test("GIVEN skipStackTraces WHEN an error is made THEN its stack is its first line, and a captured trace has no frames", () => {
  expect(traces({ FEDERATION_STACK_TRACES: "" })).toEqual({ stack: "Error: boom", captured: "" });
});

test("GIVEN FEDERATION_STACK_TRACES=1 WHEN an error is made THEN its stack keeps its frames", () => {
  const t = traces({ FEDERATION_STACK_TRACES: "1" });
  expect(t.stack).toMatch(/^Error: boom\n\s+at /);
  expect(t.captured).toMatch(/\n\s+at /);
});
