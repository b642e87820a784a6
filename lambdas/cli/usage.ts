/** The `--help` texts. The sweep's flags come from SETTINGS, so they cannot drift from the engine. */
import { SETTINGS, type SettingName } from '../engine/config';

const SETTING_HELP: Record<SettingName, string> = {
  mode: 'report (changes nothing), disable, or delete',
  inactiveDays: 'a credential or user unused for more days than this is stale or inactive',
  quarantineDays: 'days a user or key stays disabled before delete mode deletes it (0: at once)',
  roleName: 'the cleanup role assumed in each member account',
  topicArn: 'SNS topic the report is published to (the email)',
  reportBucket: 'S3 bucket for the JSON report and the backups of users (required to disable or delete)',
  optOutTag: 'key=value on an account, OU or root that keeps it out of the sweep',
  excludeTag: 'key=value on a user that keeps it and everything it owns untouched',
  excludeUsers: 'comma-separated user-name globs or user ARNs never touched, e.g. svc-*,breakglass',
  maxDeletionsPerAccount: 'at most this many users deleted per account and run',
  maxActionFraction: 'hold back an account that would act on more than this share of its users',
  concurrency: 'accounts swept at once',
  accounts: 'comma-separated account ids: sweep only these',
};

function settingLines(): string[] {
  const names = Object.keys(SETTINGS) as SettingName[];
  const width = Math.max(...names.map((name) => SETTINGS[name].flag.length)) + 8;
  return names.map((name) => {
    const { flag, default: fallback } = SETTINGS[name];
    const shown = fallback === undefined || fallback === '' ? '' : ` (default ${fallback})`;
    return `  ${`${flag} <value>`.padEnd(width)} ${SETTING_HELP[name]}${shown}`;
  });
}

const AWS_LINES = [
  '  --profile <name>           named profile of ~/.aws/config (default: the SDK credential chain)',
  '  --region <region>          default AWS_REGION, then us-east-1',
  '  --endpoint <url>           send every AWS call here, e.g. the simulator',
];

export const MAIN_USAGE = `iam-sweep: find and clean up inactive IAM users across an AWS Organization

Usage:
  iam-sweep run [flags]                 sweep the organization (report mode by default: changes nothing)
  iam-sweep restore --backup <location> recreate a deleted user from its backup
  iam-sweep demo                        run report then delete mode against a simulated organization

Run "iam-sweep <command> --help" for a command's flags.

Exit codes: 0 done; 1 an account failed or was not reached, the organization could not be read,
or a restore step failed; 2 bad input (nothing was called).
`;

export const RUN_USAGE = [
  'Usage: iam-sweep run [flags]',
  '',
  'Sweeps every account of the organization with your own credentials (the management or delegated',
  'administrator account), prints the report on stdout and progress on stderr.',
  'disable and delete mode ask for confirmation on the terminal unless --yes (or --endpoint) is given.',
  '',
  'Sweep settings (the Lambda reads the same ones from SWEEP_* variables):',
  ...settingLines(),
  '',
  'Where and how:',
  ...AWS_LINES,
  '  --report-json <file>       also write the full JSON report to this file',
  '  --yes                      do not ask before disable or delete mode',
  '',
  'Exit codes: 0 every account swept; 1 an account failed or was not reached, or the organization',
  'could not be read; 2 bad input or not confirmed (nothing was changed).',
  '',
].join('\n');

export const RESTORE_USAGE = [
  'Usage: iam-sweep restore --backup <s3://bucket/key | file> [flags]',
  '',
  "Recreates a user deleted by iam-sweep from its backup: path, tags, groups, inline and attached",
  'policies, permissions boundary. Passwords, access keys, MFA devices, certificates and SSH keys cannot',
  'come back; the command says what the owner must do instead.',
  '',
  '  --backup <location>        s3://bucket/key of the backup (see the report), or a local file',
  '  --role-name <name>         admin role to assume in the user\'s account (default OrganizationAccountAccessRole;',
  '                             not used when your credentials are already in that account)',
  ...AWS_LINES,
  '',
  'Exit codes: 0 restored; 1 a step failed or the user exists with another path; 2 bad input.',
  '',
].join('\n');

export const DEMO_USAGE = `Usage: iam-sweep demo

Starts the AWS simulator with a demo organization (sim/scenarios/demo.json) on a free loopback port,
runs report mode, then delete mode with --quarantine-days 0, prints both reports and which users were
deleted, and stops the simulator. Nothing outside this process is called.
`;
