/** `federation <command>`: the CLI behind `npm start` and the `federation` bin. */
import { adoptCommand } from "./commands/adopt";
import { diffCommand } from "./commands/diff";
import { driftCommand } from "./commands/drift";
import { type Command, type CliIo, processIo, UsageError } from "./commands/io";
import { planSummaryCommand } from "./commands/plan-summary";
import { reportCommand } from "./commands/report";
import { shardsCommand } from "./commands/shards";
import { skipStackTraces } from "./stack-traces";
import { synthCommand } from "./commands/synth";
import { validateCommand } from "./commands/validate";

export const commands: readonly Command[] = [validateCommand, synthCommand, reportCommand, diffCommand, planSummaryCommand, shardsCommand, adoptCommand, driftCommand];

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const usage = `usage: federation <command> [options]\n\n${commands.map((c) => `  ${c.name.padEnd(14)} ${c.summary}`).join("\n")}`;
    const askedForHelp = name === undefined || name === "help" || name === "--help";
    if (askedForHelp) io.out(usage);
    else io.err(`unknown command ${JSON.stringify(name)}\n${usage}`);
    return askedForHelp ? 0 : 2;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\nusage: ${command.usage}`);
      return 2;
    }
    throw e;
  }
}

/** Runs the CLI as a process: exit code from the command; an unexpected failure is one line, not a stack trace. */
export function main(argv: string[]): void {
  // This process never prints a stack trace (see below): cdktf's per-token traces are not formatted either.
  skipStackTraces();
  runCli(argv).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`internal error: ${e.message}\n`);
      process.exit(70);
    },
  );
}

if (require.main === module) main(process.argv.slice(2));
