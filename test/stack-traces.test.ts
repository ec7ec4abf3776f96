/** The CLI and the cdktf app do not format stack traces (cdktf records one per token); FEDERATION_STACK_TRACES=1 keeps them. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./helpers";

/**
 * In a fresh process after skipStackTraces(): `new Error("boom").stack`, what a captured trace holds, and what cdktf
 * records as a token's creation stack (a Lazy, an Intrinsic and a list token, made through cdktf's public API),
 * with whether cdktf's own capture ran for them.
 */
function traces(env: NodeJS.ProcessEnv): { stack: string; captured: string; creationStacks: string[][]; cdktfCaptures: number } {
  const script = `
    const stackTrace = require("cdktf/lib/tokens/private/stack-trace");
    const original = stackTrace.captureStackTrace;
    let cdktfCaptures = 0;
    stackTrace.captureStackTrace = (below) => { cdktfCaptures++; return original(below); };
    require(${JSON.stringify(join(ROOT, "src", "stack-traces.ts"))}).skipStackTraces();
    const captured = { stack: "" };
    Error.captureStackTrace(captured);
    const { Lazy, Token, Tokenization, Fn } = require("cdktf");
    const tokens = [Lazy.stringValue({ produce: () => "x" }), Fn.upper("a"), Lazy.listValue({ produce: () => ["y"] })];
    const creationStacks = tokens.map((t) => (Array.isArray(t) ? Tokenization.reverseList(t) : Tokenization.reverseString(t).firstToken).creationStack);
    process.stdout.write(JSON.stringify({ stack: new Error("boom").stack, captured: captured.stack, creationStacks, cdktfCaptures }));`;
  const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

test("GIVEN skipStackTraces WHEN an error or a cdktf token is made THEN a stack is its first line, and no frames are captured or recorded", () => {
  expect(traces({ FEDERATION_STACK_TRACES: "" })).toEqual({ stack: "Error: boom", captured: "", creationStacks: [[], [], []], cdktfCaptures: 0 });
});

test("GIVEN FEDERATION_STACK_TRACES=1 WHEN an error or a cdktf token is made THEN the stacks keep their frames, captured by cdktf", () => {
  const t = traces({ FEDERATION_STACK_TRACES: "1" });
  expect(t.stack).toMatch(/^Error: boom\n\s+at /);
  expect(t.captured).toMatch(/\n\s+at /);
  expect(t.creationStacks.map((s) => s.length > 0)).toEqual([true, true, true]);
  expect(t.cdktfCaptures).toBeGreaterThanOrEqual(3);
});

test("GIVEN cdktf's own capture under the first-line formatter THEN it records no frames either (what the replacement returns without capturing)", () => {
  const script = `
    const { captureStackTrace } = require("cdktf/lib/tokens/private/stack-trace");
    Error.prepareStackTrace = (error) => (error instanceof Error ? error.name + ": " + error.message : "");
    process.stdout.write(JSON.stringify((function deep(n) { return n ? deep(n - 1) : captureStackTrace(); })(50)));`;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(JSON.parse(r.stdout)).toEqual([]);
});
