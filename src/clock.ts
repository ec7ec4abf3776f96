/**
 * The one clock. Nothing else in src/, stacks/ or main.ts reads the wall clock: rules that depend on "today"
 * (certificate and eligibility dates) and everything that stamps a time ask `now()`.
 *
 * Set it for a whole process with `FEDERATION_NOW=<ISO-8601 date-time>` (tests do, so the CLI processes they start
 * agree with them), or in-process with `setClock()`. Durations (how long a synthesis took) are measured with
 * `stopwatch()`, a monotonic timer that no clock setting changes.
 */

/** A source of "now". */
export type Clock = () => Date;

/** The environment variable that fixes the clock of a process (and of the processes it starts). */
export const CLOCK_ENV = "FEDERATION_NOW";

const systemClock: Clock = () => new Date();
let override: Clock | undefined;

/** The current time: `setClock()`'s clock, else `FEDERATION_NOW`, else the system clock. */
export function now(): Date {
  if (override) return override();
  const fixed = process.env[CLOCK_ENV];
  if (fixed) return parseFixedTime(fixed);
  return systemClock();
}

/** Replaces the clock of this process (`undefined` restores the default). For tests and embedding applications. */
export function setClock(clock: Clock | Date | undefined): void {
  override = clock instanceof Date ? () => new Date(clock.getTime()) : clock;
}

/** `FEDERATION_NOW` as a date; a value that is not a date-time is a setup mistake, said once and clearly. */
export function parseFixedTime(text: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new Error(`${CLOCK_ENV}=${JSON.stringify(text)} is not an ISO-8601 date or date-time (e.g. 2026-11-22T00:00:00Z)`);
  return date;
}

/** A monotonic stopwatch: `elapsedMs()` since it was started. Not a clock reading; unaffected by `setClock`. */
export function stopwatch(): { elapsedMs(): number } {
  const started = process.hrtime.bigint();
  return { elapsedMs: () => Number(process.hrtime.bigint() - started) / 1e6 };
}
