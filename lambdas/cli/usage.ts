/** The `--help` texts. The sweep's flags and their help come from SETTINGS, so they cannot drift from the engine. */
import { SETTING_NAMES, SETTINGS } from '../engine/config';

const WIDTH = 38;
const line = (flag: string, help: string) => `  ${flag.padEnd(WIDTH)} ${help}`;

function settingLines(): string[] {
  return SETTING_NAMES.map((name) => {
    const { flag, arg, help, default: fallback } = SETTINGS[name];
    return line(`${flag} <${arg}>`, `${help}${fallback === undefined || fallback === '' ? '' : ` (default ${fallback})`}`);
  });
}

const AWS_LINES = [
  line('--profile <name>', 'named profile of ~/.aws/config (default: the SDK credential chain)'),
  line('--region <region>', 'default AWS_REGION, then us-east-1'),
  line('--endpoint <url>', 'send every AWS call here, e.g. the simulator'),
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
  line('--report-json <file>', 'also write the full JSON report to this file'),
  line('--yes', 'do not ask before disable or delete mode'),
  '',
  'Exit codes: 0 every account swept (and Identity Center, when asked for); 1 an account failed or was',
  'not reached, Identity Center was asked for and failed or was refused, or the organization could not',
  'be read; 2 bad input or not confirmed (nothing was changed).',
  '',
].join('\n');

export const RESTORE_USAGE = [
  'Usage: iam-sweep restore --backup <s3://bucket/key | file> [flags]',
  '',
  "Recreates a user deleted by iam-sweep from its backup: path, tags, groups, inline and attached",
  'policies, permissions boundary. Passwords, access keys, MFA devices, certificates and SSH keys cannot',
  'come back; the command says what the owner must do instead.',
  'An Identity Center user backup recreates the user (with a new user id), its group memberships and',
  'account assignments, with your own credentials in the account that administers Identity Center.',
  'It stops, changing nothing, when the user name is now held by another user (a new person).',
  '',
  line('--backup <location>', 's3://<report bucket>/backups/<account>/<user>/<run>.json, or a local file'),
  line('', '(Identity Center: backups/identity-center/<identity store>/<user id>/<run>.json)'),
  line('--role-name <name>', "admin role assumed in the user's account (default OrganizationAccountAccessRole;"),
  line('', 'not used when your credentials are already in that account)'),
  line('--into-user-id <id>', "Identity Center: give the backed-up user's groups and assignments to this"),
  line('', 'existing user instead of recreating it'),
  ...AWS_LINES,
  '',
  'Exit codes: 0 restored; 1 a step failed, or the user name is held by another user (IAM: another',
  'path; Identity Center: another user id and attributes); 2 bad input.',
  '',
].join('\n');

export const DEMO_USAGE = `Usage: iam-sweep demo

Starts the AWS simulator with a demo organization (sim/scenarios/demo.json) on a free loopback port,
runs report mode, then delete mode with --quarantine-days 0, prints both reports and which users were
deleted, and stops the simulator. Nothing outside this process is called.
`;
