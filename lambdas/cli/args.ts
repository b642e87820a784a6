/**
 * Command-line flags, parsed by hand so that every message names the flag: `--flag value`,
 * `--flag=value`, and switches such as `--yes`.
 */
import { SweepError } from '../engine/errors';

/** Bad input on the command line: the CLI prints the message and exits 2, before any AWS call. */
export class UsageError extends SweepError {
  constructor(message: string) {
    super('UsageError', message);
  }
}

export type FlagKind = 'value' | 'switch';

/** The flags a command takes, by their spelling (`--mode`). */
export type FlagSpec = Readonly<Record<string, FlagKind>>;

/** Given flags by spelling: the value, or `true` for a switch. */
export type GivenFlags = Record<string, string | true>;

/**
 * Parses `argv` (without the command) against `spec`; `-h` is `--help`.
 * @example parseFlags(['--mode=delete', '--yes'], { '--mode': 'value', '--yes': 'switch' })
 *          // → { '--mode': 'delete', '--yes': true }
 */
export function parseFlags(argv: readonly string[], spec: FlagSpec, command: string): GivenFlags {
  const given: GivenFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = arg === '-h' ? '--help' : equals > 0 ? arg.slice(0, equals) : arg;
    const kind = spec[flag];
    if (!kind) {
      throw new UsageError(
        flag.startsWith('-')
          ? `unknown flag ${flag} for iam-sweep ${command} (see iam-sweep ${command} --help)`
          : `unexpected argument "${arg}" for iam-sweep ${command} (flags start with --; see iam-sweep ${command} --help)`,
      );
    }
    if (flag in given) throw new UsageError(`${flag} is given more than once`);
    if (kind === 'switch') {
      if (equals > 0) throw new UsageError(`${flag} takes no value`);
      given[flag] = true;
      continue;
    }
    const value = equals > 0 ? arg.slice(equals + 1) : argv[++i];
    if (value === undefined || (equals < 0 && value.startsWith('--'))) {
      throw new UsageError(`${flag} needs a value, as ${flag} <value> or ${flag}=<value>`);
    }
    given[flag] = value;
  }
  return given;
}

/** The value of a value flag; undefined when not given. */
export function valueOf(given: GivenFlags, flag: string): string | undefined {
  const value = given[flag];
  return typeof value === 'string' ? value : undefined;
}

/** The message for a bad value, in the same form as the engine's configuration errors. */
export const invalid = (flag: string, value: string, allowed: string) =>
  new UsageError(`${flag}=${JSON.stringify(value)} is not valid: ${allowed}`);
