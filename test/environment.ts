/**
 * The suite's test environment: jest's node environment, plus a check that each test file waits for what it
 * started. A child process, server or socket still open when the file's last hook has returned keeps jest's worker
 * from exiting, and jest then force-exits it with "A worker process has failed to exit gracefully": so the file
 * fails instead, naming what it left. (Timers are left to jest: its fake timers and test timeouts are its own.)
 */
import type { ChildProcess } from "node:child_process";
import NodeEnvironment from "jest-environment-node";

type Handle = { constructor?: { name?: string }; _handle?: { fd?: number }; address?: () => unknown };

/** What keeps this process alive (node's `_getActiveHandles`: child processes, servers, sockets, pipes). */
const handles = (): Handle[] => (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles();

/** The handles among `left` a reader can act on: child processes (their pipes with them), servers, sockets. */
function describeLeft(left: readonly Handle[]): string[] {
  const children = left.filter((h): h is Handle & ChildProcess => h.constructor?.name === "ChildProcess");
  const pipes = new Set<unknown>(children.flatMap((c) => c.stdio.filter((s) => s !== null)));
  return left
    .filter((h) => !pipes.has(h))
    .map((h) => {
      const kind = h.constructor?.name ?? "handle";
      if (kind === "ChildProcess") {
        const c = h as ChildProcess;
        return `child process ${c.pid} (${c.spawnargs.join(" ").slice(0, 200)})`;
      }
      if (kind === "Server") return `server ${JSON.stringify(h.address?.() ?? null)}`;
      return `${kind}${h._handle?.fd !== undefined ? ` (fd ${h._handle.fd})` : ""}`;
    });
}

export default class FederationTestEnvironment extends NodeEnvironment {
  private before = new Set<Handle>();

  override async setup(): Promise<void> {
    await super.setup();
    this.before = new Set(handles());
  }

  override async teardown(): Promise<void> {
    // A handle the last hook closed is released in the event loop's close phase, which follows the check phase
    // (setImmediate): two turns of the loop make sure it has run.
    for (let turn = 0; turn < 2; turn++) await new Promise((r) => setImmediate(r));
    const left = handles().filter((h) => !this.before.has(h));
    await super.teardown();
    if (left.length > 0) {
      throw new Error(`this test file left ${describeLeft(left).join(", ")} running after its last hook: wait for what a test starts (its exit, its close) before the file ends`);
    }
  }
}
