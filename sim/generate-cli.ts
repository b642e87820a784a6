/**
 * Writes a generated scenario as JSON.
 *
 * @example
 *   npx tsx sim/generate-cli.ts --accounts 50 --users 100 --seed 1 --out /tmp/org.json --truth /tmp/truth.json
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type GenerateOptions, GeneratorOptionsError, generateOrganizationWithTruth } from './generator';

const USAGE = `Usage: npx tsx sim/generate-cli.ts --accounts <n> --users <n> --seed <n> [options]

  --accounts <n>            accounts, the management and caller accounts included (required)
  --users <n>               IAM users per account (required)
  --seed <n>                non-negative integer; the same seed gives the same scenario (required)
  --out <file>              write the scenario there instead of stdout
  --truth <file>            also write the generator's intent per account and user there
  --pretty                  indent the JSON
  --inactive-share <f>      share of inactive users (default 0.1)
  --stale-key-share <f>     share of active users with a stale key (default 0.1)
  --never-used-share <f>    share of new, never-used users (default 0.05)
  --excluded-share <f>      share of excluded, otherwise inactive users (default 0.02)
  --opted-out-share <f>     share of opted-out accounts (default 0.05)
  --suspended <n>           SUSPENDED accounts (default accounts / 50)
  --without-role <n>        ACTIVE accounts without IamSweepRole (default accounts / 100)
  --full-dependents         inactive users carry every kind of object that blocks DeleteUser
  --management-account <id> management account id (default 111111111111)
  --caller-account <id>     delegated administrator account id (default 222222222222)
  --identity-center-users <n>  Identity Center users, administered from the caller account (default 0)
`;

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const WHOLE_NUMBER = /^\d+$/;
const FRACTION = /^(\d+(\.\d*)?|\.\d+)$/;

function number(flag: string, value: string | undefined, pattern: RegExp, allowed: string): number | undefined {
  if (value === undefined) return undefined;
  if (!pattern.test(value) || !Number.isFinite(Number(value))) {
    throw new UsageError(`--${flag}=${JSON.stringify(value)} is not valid: use ${allowed}`);
  }
  return Number(value);
}

function parse(argv: string[]): { options: GenerateOptions; out?: string; truth?: string; pretty: boolean; help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        accounts: { type: 'string' },
        users: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        truth: { type: 'string' },
        pretty: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        'inactive-share': { type: 'string' },
        'stale-key-share': { type: 'string' },
        'never-used-share': { type: 'string' },
        'excluded-share': { type: 'string' },
        'opted-out-share': { type: 'string' },
        suspended: { type: 'string' },
        'without-role': { type: 'string' },
        'full-dependents': { type: 'boolean' },
        'management-account': { type: 'string' },
        'caller-account': { type: 'string' },
        'identity-center-users': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const help = values.help ?? false;
  if (!help) {
    for (const required of ['accounts', 'users', 'seed'] as const) {
      if (values[required] === undefined) throw new UsageError(`--${required} is required`);
    }
  }
  const whole = (flag: keyof typeof values) => number(flag, values[flag] as string | undefined, WHOLE_NUMBER, 'a whole number');
  const share = (flag: keyof typeof values) =>
    number(flag, values[flag] as string | undefined, FRACTION, 'a fraction from 0 to 1, e.g. 0.1');
  const options: GenerateOptions = {
    accounts: whole('accounts') ?? 0,
    usersPerAccount: whole('users') ?? 0,
    seed: whole('seed') ?? 0,
    inactiveShare: share('inactive-share'),
    staleKeyShare: share('stale-key-share'),
    neverUsedShare: share('never-used-share'),
    excludedShare: share('excluded-share'),
    optedOutAccountShare: share('opted-out-share'),
    suspendedAccounts: whole('suspended'),
    accountsWithoutRole: whole('without-role'),
    fullDependents: values['full-dependents'] ?? false,
    managementAccountId: values['management-account'],
    callerAccountId: values['caller-account'],
    identityCenterUsers: whole('identity-center-users'),
  };
  return { options, out: values.out, truth: values.truth, pretty: values.pretty ?? false, help };
}

const FLAG_OF_OPTION: Record<Exclude<keyof GenerateOptions, 'fullDependents'>, string> = {
  accounts: '--accounts',
  usersPerAccount: '--users',
  seed: '--seed',
  inactiveShare: '--inactive-share',
  staleKeyShare: '--stale-key-share',
  neverUsedShare: '--never-used-share',
  excludedShare: '--excluded-share',
  optedOutAccountShare: '--opted-out-share',
  suspendedAccounts: '--suspended',
  accountsWithoutRole: '--without-role',
  managementAccountId: '--management-account',
  callerAccountId: '--caller-account',
  identityCenterUsers: '--identity-center-users',
};

/** The generator names its options; the command line user knows the flags. */
function inFlags(message: string): string {
  // Plain words such as "accounts" are options only when a value follows.
  const names = Object.keys(FLAG_OF_OPTION).map((name) => (/[A-Z]/.test(name) ? `${name}\\b` : `${name}(?==)`));
  return message.replace(new RegExp(`\\b(?:${names.join('|')})`, 'g'), (name) => FLAG_OF_OPTION[name as keyof typeof FLAG_OF_OPTION]);
}

function main(argv: string[]): number {
  try {
    const { options, out, truth, pretty, help } = parse(argv);
    if (help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const generated = generateOrganizationWithTruth(options);
    const json = (value: unknown) => `${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`;
    if (out === undefined) process.stdout.write(json(generated.scenario));
    else writeFileSync(out, json(generated.scenario));
    if (truth !== undefined) writeFileSync(truth, json(generated.truth));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof GeneratorOptionsError) {
      const message = error instanceof GeneratorOptionsError ? inFlags(error.message) : error.message;
      process.stderr.write(`generate-cli: ${message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
