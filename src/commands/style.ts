/**
 * Colour in the terminal: the severity of each diagnostic (`error` red, `warning` yellow) and the words that refuse
 * (`refusing:`, `lockout:`), so the one problem in a screenful stands out. Only on a terminal (never in files, pipes
 * or CI logs) and never when NO_COLOR is set to anything but the empty string (https://no-color.org) or TERM is
 * `dumb`. Applied to text that already passed `printable()`: the escape sequences here are the only ones printed.
 */

const RED = "\u001b[31m";
const YELLOW = "\u001b[33m";
const GREEN = "\u001b[32m";
const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/** Whether a stream gets colour. */
export function useColor(env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  if (!isTerminal) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return env.TERM !== "dumb";
}

/** Diagnostic lines (`file:12:3: error path: …`), refusals and the validity line, coloured. */
export function highlight(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      line
        .replace(/^(.+?: )(error|warning)(?= )/, (_m, where: string, severity: string) => `${where}${severity === "error" ? `${BOLD}${RED}` : YELLOW}${severity}${RESET}`)
        .replace(/^(error|refusing|lockout|internal error)(?=: )/, (word) => `${BOLD}${RED}${word}${RESET}`)
        .replace(/^(.+?: )(valid)(?= \u2014 )/, (_m, where: string, word: string) => `${where}${GREEN}${word}${RESET}`),
    )
    .join("\n");
}
