/**
 * The sweep's configuration, parsed and validated once at the boundary (Lambda environment, CLI flags,
 * deploy configuration) into a typed object. A bad value fails here, naming the setting, the value and
 * what is allowed, before any AWS call.
 */
import { SweepError } from './errors';
import { NO_VALUES, saysNo } from './rules/marker-tag';
import type { Mode, SweepConfig, TagMatch } from './types';

export class ConfigError extends SweepError {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super('ConfigError', message);
  }
}

/** Every setting: its environment variable, its CLI flag, its default and its parser. */
export const SETTINGS = {
  mode: { env: 'SWEEP_MODE', flag: '--mode', default: 'report' },
  inactiveDays: { env: 'SWEEP_INACTIVE_DAYS', flag: '--inactive-days', default: '90' },
  quarantineDays: { env: 'SWEEP_QUARANTINE_DAYS', flag: '--quarantine-days', default: '30' },
  roleName: { env: 'SWEEP_ROLE_NAME', flag: '--role-name', default: 'IamSweepRole' },
  topicArn: { env: 'SWEEP_TOPIC_ARN', flag: '--topic-arn', default: undefined },
  reportBucket: { env: 'SWEEP_REPORT_BUCKET', flag: '--report-bucket', default: undefined },
  optOutTag: { env: 'SWEEP_OPT_OUT_TAG', flag: '--opt-out-tag', default: 'iam-sweep:opt-out=true' },
  excludeTag: { env: 'SWEEP_EXCLUDE_TAG', flag: '--exclude-tag', default: 'iam-sweep:exclude=true' },
  excludeUsers: { env: 'SWEEP_EXCLUDE_USERS', flag: '--exclude-users', default: '' },
  maxDeletionsPerAccount: { env: 'SWEEP_MAX_DELETIONS_PER_ACCOUNT', flag: '--max-deletions-per-account', default: '25' },
  maxActionFraction: { env: 'SWEEP_MAX_ACTION_FRACTION', flag: '--max-action-fraction', default: '0.5' },
  maxDeletionsPerRun: { env: 'SWEEP_MAX_DELETIONS_PER_RUN', flag: '--max-deletions-per-run', default: '100' },
  maxOrganizationActionFraction: {
    env: 'SWEEP_MAX_ORGANIZATION_ACTION_FRACTION',
    flag: '--max-organization-action-fraction',
    default: '0.5',
  },
  concurrency: { env: 'SWEEP_CONCURRENCY', flag: '--concurrency', default: '128' },
  accounts: { env: 'SWEEP_ACCOUNTS', flag: '--accounts', default: undefined },
  targetOus: { env: 'SWEEP_TARGET_OUS', flag: '--target-ous', default: undefined },
  skipManagementAccount: { env: 'SWEEP_SKIP_MANAGEMENT_ACCOUNT', flag: '--skip-management-account', default: 'false' },
  identityCenter: { env: 'SWEEP_IDENTITY_CENTER', flag: '--identity-center', default: 'false' },
  identityCenterRegion: { env: 'SWEEP_IDENTITY_CENTER_REGION', flag: '--identity-center-region', default: undefined },
  unusedRoles: { env: 'SWEEP_UNUSED_ROLES', flag: '--unused-roles', default: 'true' },
  unusedRoleExcludes: {
    env: 'SWEEP_UNUSED_ROLE_EXCLUDES',
    flag: '--unused-role-excludes',
    default:
      'AWSControlTowerExecution,AWSCloudFormationStackSetExecutionRole,stacksets-exec-*,OrganizationAccountAccessRole,AWSReservedSSO_*,aws-controltower-*',
  },
  cloudTrailRegions: { env: 'SWEEP_CLOUDTRAIL_REGIONS', flag: '--cloudtrail-regions', default: '' },
} as const satisfies Record<keyof SweepConfig, { env: string; flag: string; default: string | undefined }>;

export type SettingName = keyof typeof SETTINGS;

/** Raw values by setting name, as strings, from whichever boundary they came. */
export type RawSettings = Partial<Record<SettingName, string | undefined>>;

/** How the boundary names a setting in its messages: `SWEEP_MODE` for the Lambda, `--mode` for the CLI. */
export type SettingLabel = (name: SettingName) => string;

export const envLabel: SettingLabel = (name) => SETTINGS[name].env;
export const flagLabel: SettingLabel = (name) => SETTINGS[name].flag;

const MODES: readonly Mode[] = ['report', 'disable', 'delete'];
const ACCOUNT_ID = /^\d{12}$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
/** Organizations' id patterns. */
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const ROLE_NAME_GLOB = /^[\w+=,.@*?-]{1,64}$/;
/** Written for an empty list whose default is not empty, so that it survives the trip through the environment. */
export const NO_ITEMS = 'none';

/** Reads the settings from environment variables, as the Lambda gets them. */
export function rawSettingsFromEnv(env: Record<string, string | undefined>): RawSettings {
  const raw: RawSettings = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) raw[name] = env[SETTINGS[name].env];
  return raw;
}

/** Validates raw settings into a SweepConfig; throws ConfigError naming the setting as `label` does. */
export function parseSweepConfig(raw: RawSettings, label: SettingLabel = envLabel): SweepConfig {
  const value = (name: SettingName): string | undefined => {
    const given = raw[name]?.trim();
    return given === undefined || given === '' ? SETTINGS[name].default : given;
  };
  const fail = (name: SettingName, given: string | undefined, allowed: string): never => {
    throw new ConfigError(label(name), `${label(name)}=${JSON.stringify(given ?? '')} is not valid: ${allowed}`);
  };
  const integer = (name: SettingName, min: number, max: number): number => {
    const given = value(name)!;
    const parsed = Number(given);
    if (!/^\d+$/.test(given) || parsed < min || parsed > max) {
      fail(name, given, `use a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
  const tag = (name: SettingName): TagMatch => {
    const given = value(name)!;
    const at = given.indexOf('=');
    const key = at < 0 ? '' : given.slice(0, at);
    const tagValue = given.slice(at + 1);
    if (at < 0 || !TAG_KEY.test(key) || tagValue.length > 256) {
      fail(name, given, 'use key=value, for example iam-sweep:opt-out=true');
    }
    // A tag marks with any value but a clear no: a "no" here would make every tag of that key say yes.
    if (saysNo(tagValue)) fail(name, given, `the value says what marks, and ${NO_VALUES.join(', ')} never do: use e.g. ${key}=true`);
    return { key, value: tagValue };
  };
  const list = (name: SettingName): string[] =>
    (value(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);

  const mode = value('mode') as Mode;
  if (!MODES.includes(mode)) fail('mode', mode, `use one of ${MODES.join(', ')}`);

  const topicArn = value('topicArn');
  if (topicArn !== undefined && !TOPIC_ARN.test(topicArn)) {
    fail('topicArn', topicArn, 'use an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:iam-sweep-report');
  }
  const reportBucket = value('reportBucket');
  if (reportBucket !== undefined && !BUCKET.test(reportBucket)) {
    fail('reportBucket', reportBucket, 'use an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)');
  }
  if (mode !== 'report' && reportBucket === undefined) {
    fail('reportBucket', reportBucket, `required in ${mode} mode: every user is backed up there before anything of it is deleted`);
  }
  const roleName = value('roleName')!;
  if (!ROLE_NAME.test(roleName)) fail('roleName', roleName, 'use an IAM role name (1-64 of letters, digits, +=,.@_-)');

  const excludeUsers = list('excludeUsers');
  for (const pattern of excludeUsers) {
    if (pattern.startsWith('arn:') && !/^arn:aws[a-z-]*:iam::(\d{12}|\*):user\/.+$/.test(pattern)) {
      fail('excludeUsers', pattern, 'an ARN pattern must name IAM users, e.g. arn:aws:iam::123456789012:user/ci-*');
    }
  }

  const accounts = raw.accounts === undefined || raw.accounts.trim() === '' ? undefined : list('accounts');
  for (const id of accounts ?? []) {
    if (!ACCOUNT_ID.test(id)) fail('accounts', id, 'use comma-separated 12-digit account ids');
  }
  // "," names no account: an empty allow-list would sweep nothing while looking like a run.
  if (accounts?.length === 0) fail('accounts', value('accounts'), 'use comma-separated 12-digit account ids');

  const targetOus = list('targetOus');
  for (const id of targetOus) {
    if (!OU_ID.test(id) && !ROOT_ID.test(id)) {
      fail('targetOus', id, 'use comma-separated OU ids (ou-…) or the root id (r-…), as the cleanup role is deployed to');
    }
  }

  const boolean = (name: SettingName): boolean => {
    const given = value(name);
    if (given !== 'true' && given !== 'false') fail(name, given, 'use true or false');
    return given === 'true';
  };
  const skipManagementAccount = boolean('skipManagementAccount');

  const identityCenterRegion = value('identityCenterRegion');
  if (identityCenterRegion !== undefined && !REGION.test(identityCenterRegion)) {
    fail('identityCenterRegion', identityCenterRegion, 'use the Region code of the Identity Center instance, e.g. eu-west-1');
  }
  const unusedRoleExcludes = list('unusedRoleExcludes');
  const noRoleExcludes = unusedRoleExcludes.length === 1 && unusedRoleExcludes[0] === NO_ITEMS;
  for (const glob of noRoleExcludes ? [] : unusedRoleExcludes) {
    if (!ROLE_NAME_GLOB.test(glob)) {
      fail('unusedRoleExcludes', glob, `use comma-separated role name globs such as stacksets-exec-*, or ${NO_ITEMS} for no exclusions`);
    }
  }
  const cloudTrailRegions = list('cloudTrailRegions');
  for (const region of cloudTrailRegions) {
    if (!REGION.test(region)) fail('cloudTrailRegions', region, 'use comma-separated Region codes such as us-east-1,eu-west-1');
  }
  if (new Set(cloudTrailRegions).size !== cloudTrailRegions.length) {
    fail('cloudTrailRegions', cloudTrailRegions.join(','), 'name each Region once');
  }

  const fraction = (name: SettingName): number => {
    const given = value(name)!;
    const parsed = Number(given);
    if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(given) || parsed <= 0) fail(name, given, 'use a fraction greater than 0 and at most 1, e.g. 0.5');
    return parsed;
  };
  const maxActionFraction = fraction('maxActionFraction');
  const maxOrganizationActionFraction = fraction('maxOrganizationActionFraction');

  return {
    mode,
    inactiveDays: integer('inactiveDays', 1, 3650),
    quarantineDays: integer('quarantineDays', 0, 3650),
    roleName,
    topicArn,
    reportBucket,
    optOutTag: tag('optOutTag'),
    excludeTag: tag('excludeTag'),
    excludeUsers,
    maxDeletionsPerAccount: integer('maxDeletionsPerAccount', 0, 10000),
    maxActionFraction,
    maxDeletionsPerRun: integer('maxDeletionsPerRun', 0, 100000),
    maxOrganizationActionFraction,
    concurrency: integer('concurrency', 1, 256),
    accounts,
    ...(targetOus.length > 0 ? { targetOus } : {}),
    skipManagementAccount,
    identityCenter: boolean('identityCenter'),
    identityCenterRegion,
    unusedRoles: boolean('unusedRoles'),
    unusedRoleExcludes: noRoleExcludes ? [] : unusedRoleExcludes,
    cloudTrailRegions,
  };
}

/** The environment variables that carry `config` to the Lambda; parses back to an equal config. */
export function configToEnv(config: SweepConfig): Record<string, string> {
  const raw: Record<SettingName, string | undefined> = {
    mode: config.mode,
    inactiveDays: String(config.inactiveDays),
    quarantineDays: String(config.quarantineDays),
    roleName: config.roleName,
    topicArn: config.topicArn,
    reportBucket: config.reportBucket,
    optOutTag: `${config.optOutTag.key}=${config.optOutTag.value}`,
    excludeTag: `${config.excludeTag.key}=${config.excludeTag.value}`,
    excludeUsers: config.excludeUsers.join(','),
    maxDeletionsPerAccount: String(config.maxDeletionsPerAccount),
    maxActionFraction: String(config.maxActionFraction),
    maxDeletionsPerRun: String(config.maxDeletionsPerRun),
    maxOrganizationActionFraction: String(config.maxOrganizationActionFraction),
    concurrency: String(config.concurrency),
    accounts: config.accounts?.join(','),
    targetOus: config.targetOus?.join(','),
    skipManagementAccount: String(config.skipManagementAccount),
    identityCenter: String(config.identityCenter),
    identityCenterRegion: config.identityCenterRegion,
    unusedRoles: String(config.unusedRoles),
    unusedRoleExcludes: config.unusedRoleExcludes.length > 0 ? config.unusedRoleExcludes.join(',') : NO_ITEMS,
    cloudTrailRegions: config.cloudTrailRegions.join(','),
  };
  const env: Record<string, string> = {};
  for (const name of Object.keys(raw) as SettingName[]) {
    const given = raw[name];
    if (given !== undefined && given !== '') env[SETTINGS[name].env] = given;
  }
  return env;
}
