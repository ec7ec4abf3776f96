/**
 * Runs once in jest's main process, before any worker starts (workers, and every CLI process a test starts, inherit
 * its environment):
 * - the sources, not the compiled build, in every CLI process a test starts (FEDERATION_FROM_SOURCES);
 * - the test clock: every test runs "on" the test date (helpers.ts NOW), in-process and in child processes
 *   (FEDERATION_NOW), so no test depends on the day it runs;
 * - Terraform: many suites let the real `terraform` evaluate what we synthesize. Without it the run stops here with
 *   one message saying how to provide it, instead of hundreds of failing tests;
 * - bash and zsh: the shell text we emit and document is run in both (zsh is macOS's default shell). Without one of
 *   them the run stops here too: its checks are never skipped.
 */
import { CLOCK_ENV } from "../src/clock";
import { NOW, SHELLS } from "./helpers";
import { spawnSync } from "node:child_process";
import { terraformBinary, terraformEnv } from "./terraform";

/** The oldest Terraform the suite runs with (native S3 locking, `removed` blocks, `terraform test` mocks and state keys). */
const MIN_TERRAFORM = [1, 10];

export default function globalSetup(): void {
  process.env[CLOCK_ENV] = NOW.toISOString();
  // Tests run the sources (ts-jest in-process; bin/launch.js through tsx in the CLI processes they start); one test
  // (test/compiled.test.ts) runs the compiled build as users do.
  process.env.FEDERATION_FROM_SOURCES = "1";
  let problem: string | undefined;
  try {
    process.env.TERRAFORM_BIN = terraformBinary();
    const r = spawnSync(process.env.TERRAFORM_BIN, ["version", "-json"], { encoding: "utf8", env: terraformEnv(), timeout: 30_000 });
    const version = /^(\d+)\.(\d+)\./.exec(JSON.parse(r.stdout || "{}").terraform_version ?? "");
    if (!version) problem = `${process.env.TERRAFORM_BIN} version -json did not print a Terraform version`;
    else if (Number(version[1]) * 1000 + Number(version[2]) < MIN_TERRAFORM[0] * 1000 + MIN_TERRAFORM[1]) {
      problem = `Terraform ${version[0]}x at ${process.env.TERRAFORM_BIN} is too old: the suite needs Terraform >= ${MIN_TERRAFORM.join(".")} (tested with 1.11.4)`;
    }
  } catch (e) {
    problem = (e as Error).message;
  }
  for (const shell of SHELLS) {
    if (problem) break;
    if (spawnSync(shell, ["-c", "true"], { timeout: 30_000 }).status !== 0) {
      problem = `${shell} is not on the PATH; the shell text these tests check runs in bash and zsh: install it (Debian or Ubuntu: apt-get install ${shell})`;
    }
  }
  if (problem) {
    // One message and no stack trace (a thrown error would print jest's).
    process.stderr.write(`\nnpm test cannot start: ${problem}\n(README: Quick start)\n\n`);
    process.exit(1);
  }
}
