/** The `iam-sweep` command line: picks the command and turns errors into messages and exit codes. */
import { describeError } from '../aws/aws-errors';
import { ConfigError } from '../engine/config';
import { BackupFormatError } from '../restore/backup-format';
import { UsageError } from './args';
import { demoCommand } from './demo';
import type { CliIo } from './io';
import { restoreCommand } from './restore-command';
import { runCommand } from './run-command';
import { MAIN_USAGE } from './usage';

const COMMANDS: Record<string, (argv: readonly string[], io: CliIo) => Promise<number>> = {
  run: runCommand,
  restore: restoreCommand,
  demo: demoCommand,
};

/** Errors that mean the input was wrong: exit 2, and nothing was changed. */
const isBadInput = (error: unknown) =>
  error instanceof UsageError || error instanceof ConfigError || error instanceof BackupFormatError;

/** AWS errors carry their code in the name; the CLI's own errors say everything in the message. */
const messageOf = (error: unknown) =>
  typeof error === 'object' && error !== null && '$metadata' in error
    ? describeError(error)
    : error instanceof Error
      ? error.message
      : String(error);

/** Runs one command line (without `node` and the script) and resolves to the process's exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(MAIN_USAGE);
    return 0;
  }
  const run = command === undefined ? undefined : COMMANDS[command];
  if (!run) {
    io.stderr.write(`${command === undefined ? 'no command given' : `unknown command "${command}"`}\n\n${MAIN_USAGE}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    io.stderr.write(`iam-sweep ${command}: ${messageOf(error)}\n`);
    return isBadInput(error) ? 2 : 1;
  }
}
