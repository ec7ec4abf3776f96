/** Asks cdktf-cli's own code (test/cdktf-cli-core.js, in a child process) a question; throws with cdktf's error. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./helpers";
import { terraformEnv } from "./terraform";

export function cdktfCliCore<T>(request: Record<string, unknown>): T {
  const r = spawnSync(process.execPath, [join(__dirname, "cdktf-cli-core.js")], {
    cwd: ROOT,
    env: terraformEnv(),
    input: JSON.stringify(request),
    encoding: "utf8",
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = r.status === 0 && r.stdout ? JSON.parse(r.stdout) : { error: r.stderr || `exit ${r.status}` };
  if (result.error) throw new Error(`cdktf: ${result.error}`);
  return result as T;
}
