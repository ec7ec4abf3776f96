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
}
