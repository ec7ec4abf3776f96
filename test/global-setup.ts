/**
 * Runs once in jest's main process, before any worker starts (workers, and every CLI process a test starts, inherit
 * its environment):
 * - the sources, not the compiled build, in every CLI process a test starts (FEDERATION_FROM_SOURCES);
 * - the test clock: every test runs "on" the test date (helpers.ts NOW), in-process and in child processes
 *   (FEDERATION_NOW), so no test depends on the day it runs;
 * - Terraform: many suites let the real `terraform` evaluate what we synthesize. Without it the run stops here with
 *   one message saying how to provide it, instead of hundreds of failing tests.
 */
import { CLOCK_ENV } from "../src/clock";
import { NOW } from "./helpers";
import { terraformBinary } from "./terraform";

export default function globalSetup(): void {
  process.env[CLOCK_ENV] = NOW.toISOString();
  // Tests run the sources (ts-jest in-process; bin/launch.js through tsx in the CLI processes they start); one test
  // (test/compiled.test.ts) runs the compiled build as users do.
  process.env.FEDERATION_FROM_SOURCES = "1";
  try {
    process.env.TERRAFORM_BIN = terraformBinary();
  } catch (e) {
    throw new Error(`\n\n  npm test cannot start: ${(e as Error).message}\n  (README: Quick start, prerequisites)\n`);
  }
}
