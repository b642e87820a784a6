/** The `--help` texts. The sweep's flags come from SETTINGS, so they cannot drift from the engine. */
import { NO_ITEMS, SETTINGS, type SettingName } from '../engine/config';

/** Each setting's placeholder and one line of help. */
const SETTING_HELP: Record<SettingName, [arg: string, help: string]> = {
  mode: ['mode', 'report (changes nothing), disable, or delete'],
  inactiveDays: ['days', 'a credential or user unused for more days than this is stale or inactive'],
  quarantineDays: ['days', 'days a user or key stays disabled before delete mode deletes it (0: at once)'],
  roleName: ['name', 'the cleanup role assumed in each member account'],
  topicArn: ['arn', 'SNS topic the report is published to (the email)'],
  reportBucket: ['bucket', 'S3 bucket for the JSON report and the user backups (required to disable or delete)'],
  optOutTag: ['key=value', 'tag on an account, OU or root that keeps it out of the sweep (key in any case; any value but false, no, 0, off)'],
  excludeTag: ['key=value', 'tag on a user that keeps it and everything it owns untouched (key in any case; any value but false, no, 0, off)'],
  excludeUsers: ['list', 'comma-separated user-name globs or user ARNs never touched, matched ignoring case, e.g. svc-*,breakglass'],
  maxDeletionsPerAccount: ['n', 'at most this many users deleted per account and run'],
  maxActionFraction: ['fraction', 'hold back an account that would act on more than this share of its users'],
  maxDeletionsPerRun: ['n', 'at most this many users deleted in the whole run, across all accounts'],
  maxOrganizationActionFraction: ['fraction', 'act on nobody when more than this share of all swept users would be acted on'],
  concurrency: ['n', 'accounts swept at once'],
  accounts: ['ids', 'comma-separated account ids: sweep only these'],
  targetOus: ['ids', 'comma-separated OU or root ids: sweep only member accounts below these (where the role is)'],
  skipManagementAccount: ['true|false', 'leave out the management account (when the cleanup role is not deployed there)'],
  identityCenter: ['true|false', 'also sweep IAM Identity Center users (run in the account that administers it)'],
  identityCenterRegion: ['region', 'Region of the Identity Center instance and its sign-in events (default: the run’s Region)'],
  unusedRoles: ['true|false', 'report roles unused for more than the inactive days (report only)'],
  unusedRoleExcludes: ['list', `role name globs never reported as unused, or ${NO_ITEMS}`],
  cloudTrailRegions: ['list', 'Regions where CloudTrail must show no event by a user before it is deleted (empty: no check)'],
};

const WIDTH = 38;
const line = (flag: string, help: string) => `  ${flag.padEnd(WIDTH)} ${help}`;

function settingLines(): string[] {
  return (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const { flag, default: fallback } = SETTINGS[name];
    const [arg, help] = SETTING_HELP[name];
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
