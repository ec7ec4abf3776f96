/** `federation <command>`: the CLI behind `npm start` and the `federation` bin. */
import { adoptCommand } from "./commands/adopt";
import { completionCommand } from "./commands/completion";
import { diffCommand } from "./commands/diff";
import { driftCommand } from "./commands/drift";
import { asksForHelp, commandHelp, packageVersion, programHelp, unknownCommand } from "./commands/help";
import { type Command, type CliIo, processIo, UsageError } from "./commands/io";
import { planSummaryCommand } from "./commands/plan-summary";
import { reportCommand } from "./commands/report";
import { shardsCommand } from "./commands/shards";
import { skipStackTraces } from "./stack-traces";
import { synthCommand } from "./commands/synth";
import { validateCommand } from "./commands/validate";

export const commands: readonly Command[] = [
  validateCommand,
  synthCommand,
  reportCommand,
  diffCommand,
  planSummaryCommand,
  shardsCommand,
  adoptCommand,
  driftCommand,
  completionCommand(() => commands),
];

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    io.out(programHelp(commands));
    return 0;
  }
  if (name === "--version") {
    io.out(packageVersion());
    return 0;
  }
  if (name === "help") {
    const about = args[0] === undefined ? undefined : commands.find((c) => c.name === args[0]);
    if (args[0] !== undefined && !about) {
      io.err(unknownCommand(args[0], commands));
      return 2;
    }
    io.out(about ? commandHelp(about) : programHelp(commands));
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(unknownCommand(name, commands));
    return 2;
  }
  if (asksForHelp(args, command)) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\nusage: ${command.usage}\n(\`federation ${command.name} --help\` for every option)`);
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
