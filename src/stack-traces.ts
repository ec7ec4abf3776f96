/**
 * cdktf records a full stack trace for every token it creates, for error messages this project never prints (an
 * unexpected error is one line: `internal error: …`). Formatting those traces is about a tenth of a small synthesis
 * and a fifth of one at 20,000 grants. The CLI and the cdktf app turn formatting off for their whole process: cdktf's
 * bookkeeping gets no frames, and an error's `stack` is its first line. `FEDERATION_STACK_TRACES=1` keeps them
 * (for debugging a crash).
 */
export function skipStackTraces(env: NodeJS.ProcessEnv = process.env): void {
  if (env.FEDERATION_STACK_TRACES === "1") return;
  // The runner's source maps would be applied to every trace too.
  process.setSourceMapsEnabled(false);
  Error.prepareStackTrace = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : "");
  // With that formatter, cdktf's `captureStackTrace` (cdktf 0.21.0 lib/tokens/private/stack-trace.js: every Lazy,
  // Intrinsic and computed list calls it) always returns [] — it captures the frames with an unlimited depth, formats
  // them as "" and splits nothing. Returning [] at once skips the capture (about 330 per small synthesis). cdktf's
  // modules call it through this module's exports object (`(0, stack_trace_1.captureStackTrace)()`), so replacing
  // the export reaches every caller, in the bundle and from node_modules alike.
  cdktfStackTrace().captureStackTrace = noFrames;
}

/** What cdktf's `captureStackTrace` returns once stack traces are formatted as their first line: no frames. */
const noFrames = (): string[] => [];

/** cdktf's own stack-trace module (a deep import: cdktf has no `exports` map). */
function cdktfStackTrace(): { captureStackTrace: (below?: unknown) => string[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("cdktf/lib/tokens/private/stack-trace");
}
