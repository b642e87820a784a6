/**
 * The deploy configuration (`iam-sweep.config.json`): parsed and validated once, at synth time, into a
 * typed object. A bad value fails here with a message that names the file, the field, the value and the
 * fix, before any stack is built. The engine's own settings are validated by the engine's parser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError, NO_ITEMS, OU_ID, ROOT_ID, SETTINGS, parseSweepConfig } from '../lambdas/engine/config';
import type { RawSettings, SettingName } from '../lambdas/engine/config';
import type { SweepConfig } from '../lambdas/engine/types';

export const CONFIG_FILE = 'iam-sweep.config.json';
export const EXAMPLE_CONFIG_FILE = 'iam-sweep.config.example.json';
/** Environment variable that points synth at another configuration file. */
export const CONFIG_PATH_ENV = 'IAM_SWEEP_CONFIG';

/** Weekly, Monday 06:00 UTC. */
export const DEFAULT_SCHEDULE = 'cron(0 6 ? * MON *)';
export const DEFAULT_LOG_RETENTION_DAYS = 90;
export const DEFAULT_REPORT_RETENTION_DAYS = 365;
export const DEFAULT_BACKUP_RETENTION_DAYS = 730;

/** StackSet instances go here unless stackSetInstanceRegion says otherwise: enabled in every account. */
export const DEFAULT_STACK_SET_INSTANCE_REGION: Record<string, string> = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' };
/** Accounts per OU whose cleanup role may fail to deploy before the StackSet operation stops. */
export const DEFAULT_STACK_SET_FAILURE_TOLERANCE_COUNT = 5;
export const DEFAULT_STACK_SET_MAX_CONCURRENT_COUNT = 10;
/** Where in the state bucket the stacks keep their state: `<keyPrefix>/<stack>.tfstate`. */
export const DEFAULT_STATE_KEY_PREFIX = 'iam-sweep';

/** The SNS topic the report and the alarms go to, in the delegated-admin account. */
export const TOPIC_NAME = 'iam-sweep-report';

/** Retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** How the AWS provider of one stack gets its credentials; with both, the profile assumes the role. */
export interface ProviderCredentials {
  /** A named profile from the AWS config files. */
  profile?: string;
  /** A role to assume, in the stack's account. */
  roleArn?: string;
}

/**
 * How the delegated-admin account reads the organization. `none`: through its registration as a delegated
 * administrator (for StackSets), which already allows every read the orchestrator makes. `append`: the
 * management stack renders resource-policy statements for the operator to merge into the organization's
 * existing resource policy; it never writes that policy.
 */
export type OrganizationReadAccess = 'none' | 'append';
export const ORGANIZATION_READ_ACCESS: readonly OrganizationReadAccess[] = ['none', 'append'];

/** `register`: the management stack registers the delegated administrator; `existing`: it is registered already, the stack only checks. */
export type StackSetsDelegatedAdmin = 'register' | 'existing';
export const STACKSETS_DELEGATED_ADMIN: readonly StackSetsDelegatedAdmin[] = ['register', 'existing'];

/** A shared S3 backend for both stacks' Terraform state, locked with Terraform's native S3 lock file. */
export interface StateBackend {
  bucket: string;
  /** Keys are `<keyPrefix>/management.tfstate` and `<keyPrefix>/sweep.tfstate`. */
  keyPrefix: string;
  region: string;
  /** A named profile for the state bucket; default the environment's credentials. */
  profile?: string;
}

/** The Identity Center instance the orchestrator may touch, when sweep.identityCenter is true. */
export interface IdentityCenterScope {
  /** `arn:aws:sso:::instance/ssoins-…` (aws sso-admin list-instances). */
  instanceArn: string;
  /** `d-…` (aws sso-admin list-instances). */
  identityStoreId: string;
}

export interface DeployConfig {
  /** `o-…`: the member accounts' cleanup role trusts only principals of this organization. */
  organizationId: string;
  /** `r-…`: the organization root, the default deployment target. */
  rootId: string;
  managementAccountId: string;
  /** The account the orchestrator runs in: delegated administrator for CloudFormation StackSets. */
  delegatedAdminAccountId: string;
  homeRegion: string;
  /** Derived from the home Region: aws, aws-cn or aws-us-gov. */
  partition: string;
  /** OUs (or the root) whose accounts get the cleanup role through the StackSet. */
  targetOuIds: string[];
  reportEmails: string[];
  /** EventBridge Scheduler expression, evaluated in UTC. */
  schedule: string;
  /** Whether the management account gets the cleanup role too (StackSets never deploy to it). */
  sweepManagementAccount: boolean;
  /**
   * Principals that may assume the cleanup role to run the CLI (role or user ARNs of the organization,
   * `*` allowed); default none: only the orchestrator. They need the orchestrator's permissions in their
   * own account (README: "Running the CLI after rollout").
   */
  operatorPrincipalArns: string[];
  providers: { management: ProviderCredentials; sweep: ProviderCredentials };
  /** Default `none`: see OrganizationReadAccess. */
  organizationReadAccess: OrganizationReadAccess;
  /** Default `register`: see StackSetsDelegatedAdmin. */
  stackSetsDelegatedAdmin: StackSetsDelegatedAdmin;
  /** The one Region of the StackSet instances (IAM is global). Default us-east-1 (in the aws partition). */
  stackSetInstanceRegion: string;
  /** Per OU, how many accounts may fail before the StackSet operation stops (SOFT_FAILURE_TOLERANCE). Default 5. */
  stackSetFailureToleranceCount: number;
  /** Per OU, how many accounts the StackSet deploys to at once. Default 10. */
  stackSetMaxConcurrentCount: number;
  /** Default none: local state files beside the project. */
  stateBackend?: StateBackend;
  /** Tags every resource of both stacks carries (and the StackSet passes to its stacks). Default none. */
  tags: Record<string, string>;
  /** Principals (ArnLike) that may delete report-bucket objects under `backups/`; default none. */
  backupAdminPrincipalArns: string[];
  /** Set exactly when sweep.identityCenter is true. */
  identityCenterScope?: IdentityCenterScope;
  /** The engine's settings, with the derived topic ARN and report bucket filled in. */
  sweep: SweepConfig;
  /** Derived: the report topic in the delegated-admin account. */
  topicArn: string;
  /** Derived: `iam-sweep-reports-<delegatedAdminAccountId>-<homeRegion>`. */
  reportBucket: string;
  logRetentionDays: number;
  reportRetentionDays: number;
  backupRetentionDays: number;
}

/** A deploy configuration value that cannot be used; the message names the file, the field and the fix. */
export class DeployConfigError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${problem}`, options);
    this.name = 'DeployConfigError';
  }
}

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/;
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
/** An IAM role or user ARN; `*` may stand for any part of a path or name (ArnLike). */
const OPERATOR_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/[\w+=,.@/*-]{1,512}$/;
const PROFILE = /^[\w.+@-]{1,128}$/;
/** S3 bucket naming rules, without the dotted-IP and reserved-suffix corner cases. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_PREFIX = /^[\w!.*'()-]+(\/[\w!.*'()-]+)*$/;
const SSO_INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const IDENTITY_STORE_ID = /^(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** Characters AWS accepts in tag keys and values across services. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** AWS allows 50 tags a resource; iam-sweep sets two of its own (DEFAULT_TAGS). */
const MAX_TAGS = 48;
/** The no-run alarm fires after 7 whole UTC days without a run: a rate schedule may not be longer. */
const MAX_RUN_INTERVAL_HOURS = 7 * 24;
const rateHours = (expression: string): number => {
  const [, amount, unit] = /^rate\((\d+) (\w+)\)$/.exec(expression)!;
  return Number(amount) * (unit.startsWith('day') ? 24 : unit.startsWith('hour') ? 1 : 1 / 60);
};
const CRON = /^cron\(\S+( \S+){5}\)$/;
const RATE = /^rate\(\d+ (minute|minutes|hour|hours|day|days)\)$/;

const FIELDS = [
  'organizationId',
  'rootId',
  'managementAccountId',
  'delegatedAdminAccountId',
  'homeRegion',
  'targetOuIds',
  'reportEmails',
  'schedule',
  'sweepManagementAccount',
  'operatorPrincipalArns',
  'providers',
  'organizationReadAccess',
  'stackSetsDelegatedAdmin',
  'stackSetInstanceRegion',
  'stackSetFailureToleranceCount',
  'stackSetMaxConcurrentCount',
  'stateBackend',
  'tags',
  'backupAdminPrincipalArns',
  'identityCenterInstanceArn',
  'identityStoreId',
  'sweep',
  'logRetentionDays',
  'reportRetentionDays',
  'backupRetentionDays',
] as const;

/** Engine settings the stack derives; configuring them would only disagree with the resources. */
const DERIVED_SETTINGS: readonly SettingName[] = ['topicArn', 'reportBucket', 'skipManagementAccount', 'targetOus'];
/** Engine settings that are lists; the engine reads them comma-separated. */
const LIST_SETTINGS: readonly SettingName[] = ['excludeUsers', 'accounts', 'targetOus', 'unusedRoleExcludes', 'cloudTrailRegions'];

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const show = (value: unknown) => JSON.stringify(value);

/** The partition a Region belongs to, for ARNs the stacks write out. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The report bucket's name: global, so it carries the account and Region. */
export function reportBucketName(delegatedAdminAccountId: string, homeRegion: string): string {
  return `iam-sweep-reports-${delegatedAdminAccountId}-${homeRegion}`;
}

/**
 * Validates a parsed configuration file into a DeployConfig. `source` names the file in messages.
 *
 * @example parseDeployConfig(JSON.parse(text), 'iam-sweep.config.json')
 */
export function parseDeployConfig(raw: unknown, source: string): DeployConfig {
  const fail = (field: string, problem: string, cause?: unknown): never => {
    throw new DeployConfigError(source, field, problem, { cause });
  };
  if (!isObject(raw)) return fail('', `must hold one JSON object; start from ${EXAMPLE_CONFIG_FILE}`);
  rejectUnknownFields(raw, FIELDS, '', fail);

  const text = (field: string, value: unknown, pattern: RegExp, expected: string): string => {
    if (value === undefined) return fail(field, `${field} is missing: set it to ${expected}`);
    if (typeof value !== 'string' || !pattern.test(value)) {
      return fail(field, `${field} ${show(value)} must be ${expected}`);
    }
    return value;
  };
  const days = (field: string, fallback: number, allowed?: readonly number[]): number => {
    const value = raw[field] ?? fallback;
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 36500) {
      return fail(field, `${field} ${show(value)} must be a whole number of days, at least 1`);
    }
    if (allowed && !allowed.includes(value as number)) {
      return fail(field, `${field} ${show(value)} is not a retention CloudWatch Logs accepts: use one of ${allowed.join(', ')}`);
    }
    return value as number;
  };

  const organizationId = text(
    'organizationId',
    raw.organizationId,
    ORGANIZATION_ID,
    'the organization id, o- and 10-32 letters or digits (aws organizations describe-organization)',
  );
  const rootId = text('rootId', raw.rootId, ROOT_ID, 'the root id, r- and 4-32 letters or digits (aws organizations list-roots)');
  const managementAccountId = text('managementAccountId', raw.managementAccountId, ACCOUNT_ID, 'a 12-digit account id');
  const delegatedAdminAccountId = text(
    'delegatedAdminAccountId',
    raw.delegatedAdminAccountId,
    ACCOUNT_ID,
    'a 12-digit account id',
  );
  if (delegatedAdminAccountId === managementAccountId) {
    fail(
      'delegatedAdminAccountId',
      `delegatedAdminAccountId ${show(delegatedAdminAccountId)} is the management account: use a member account, ` +
        'because the management account cannot be a delegated administrator (set sweepManagementAccount to sweep it)',
    );
  }
  const homeRegion = text('homeRegion', raw.homeRegion, REGION, 'a Region code such as us-east-1');
  const partition = partitionOf(homeRegion);

  const targetOuIds = stringList(raw, 'targetOuIds', [rootId], fail);
  if (targetOuIds.length === 0) fail('targetOuIds', `targetOuIds is empty: list OU ids, or leave it out to target the root ${rootId}`);
  for (const id of targetOuIds) {
    if (!OU_ID.test(id) && id !== rootId) {
      fail('targetOuIds', `targetOuIds entry ${show(id)} must be an OU id (ou-…) or the root id ${show(rootId)}`);
    }
  }

  const reportEmails = stringList(raw, 'reportEmails', undefined, fail);
  if (reportEmails.length === 0) fail('reportEmails', 'reportEmails is empty: list at least one address for the report and alarms');
  reportEmails.forEach((address, index) => {
    if (!EMAIL.test(address)) fail('reportEmails', `reportEmails entry ${show(address)} must be an email address`);
    const first = reportEmails.findIndex((other) => other.toLowerCase() === address.toLowerCase());
    if (first !== index) fail('reportEmails', `reportEmails lists ${show(address)} twice: remove one`);
  });

  const schedule = raw.schedule ?? DEFAULT_SCHEDULE;
  if (typeof schedule !== 'string' || !(CRON.test(schedule) || RATE.test(schedule))) {
    fail(
      'schedule',
      `schedule ${show(schedule)} must be an EventBridge Scheduler expression such as ${DEFAULT_SCHEDULE} or rate(7 days)`,
    );
  }
  const rate = typeof schedule === 'string' ? RATE.exec(schedule) : null;
  if (rate && rateHours(schedule as string) > MAX_RUN_INTERVAL_HOURS) {
    fail(
      'schedule',
      `schedule ${show(schedule)} runs less often than weekly, so the iam-sweep-no-run alarm would fire between runs: ` +
        'use at most rate(7 days), or a weekly cron',
    );
  }

  const sweepManagementAccount = raw.sweepManagementAccount ?? false;
  if (typeof sweepManagementAccount !== 'boolean') {
    fail('sweepManagementAccount', `sweepManagementAccount ${show(sweepManagementAccount)} must be true or false`);
  }

  const operatorPrincipalArns = principalArns(raw, 'operatorPrincipalArns', partition, 'arn:aws:iam::222222222222:role/PlatformAdmin', fail);

  if (!isObject(raw.providers)) {
    const problem = raw.providers === undefined ? 'is missing' : `${show(raw.providers)} is not an object`;
    return fail(
      'providers',
      `providers ${problem}: set providers.management and providers.sweep, each to { "profile": … } or { "roleArn": … }`,
    );
  }
  rejectUnknownFields(raw.providers, ['management', 'sweep'], 'providers.', fail);
  const providers = {
    management: providerCredentials(raw.providers, 'management', managementAccountId, 'managementAccountId', fail),
    sweep: providerCredentials(raw.providers, 'sweep', delegatedAdminAccountId, 'delegatedAdminAccountId', fail),
  };

  const organizationReadAccess = choice('organizationReadAccess', raw.organizationReadAccess, ORGANIZATION_READ_ACCESS, 'none', fail);
  const stackSetsDelegatedAdmin = choice('stackSetsDelegatedAdmin', raw.stackSetsDelegatedAdmin, STACKSETS_DELEGATED_ADMIN, 'register', fail);

  const stackSetInstanceRegion = raw.stackSetInstanceRegion ?? DEFAULT_STACK_SET_INSTANCE_REGION[partition];
  if (typeof stackSetInstanceRegion !== 'string' || !REGION.test(stackSetInstanceRegion)) {
    fail('stackSetInstanceRegion', `stackSetInstanceRegion ${show(stackSetInstanceRegion)} must be a Region code such as us-east-1`);
  } else if (partitionOf(stackSetInstanceRegion) !== partition) {
    fail(
      'stackSetInstanceRegion',
      `stackSetInstanceRegion ${show(stackSetInstanceRegion)} is outside partition ${partition} of homeRegion ${homeRegion}: ` +
        `use a Region of that partition, such as ${DEFAULT_STACK_SET_INSTANCE_REGION[partition]}`,
    );
  }
  const count = (field: string, fallback: number, least: number): number => {
    const value = raw[field] ?? fallback;
    if (!Number.isInteger(value) || (value as number) < least) {
      return fail(field, `${field} ${show(value)} must be a whole number of accounts, at least ${least}`);
    }
    return value as number;
  };
  const stackSetFailureToleranceCount = count('stackSetFailureToleranceCount', DEFAULT_STACK_SET_FAILURE_TOLERANCE_COUNT, 0);
  const stackSetMaxConcurrentCount = count('stackSetMaxConcurrentCount', DEFAULT_STACK_SET_MAX_CONCURRENT_COUNT, 1);

  const stateBackend = raw.stateBackend === undefined ? undefined : parseStateBackend(raw.stateBackend, homeRegion, fail);
  const tags = parseTags(raw.tags, fail);

  const backupAdminExample = `arn:${partition}:iam::${delegatedAdminAccountId}:role/BackupAdmin`;
  const backupAdminPrincipalArns = principalArns(raw, 'backupAdminPrincipalArns', partition, backupAdminExample, fail);

  const topicArn = `arn:${partition}:sns:${homeRegion}:${delegatedAdminAccountId}:${TOPIC_NAME}`;
  const reportBucket = reportBucketName(delegatedAdminAccountId, homeRegion);
  // The sweep enters the accounts the StackSet gives the cleanup role, and no others.
  const sweep = sweepSettings(
    raw.sweep ?? {},
    { topicArn, reportBucket, skipManagementAccount: !sweepManagementAccount, targetOus: targetOuIds },
    fail,
  );

  const identityCenterScope = parseIdentityCenterScope(raw, sweep.identityCenter, partition, fail);

  const logRetentionDays = days('logRetentionDays', DEFAULT_LOG_RETENTION_DAYS, LOG_RETENTION_DAYS);
  const reportRetentionDays = days('reportRetentionDays', DEFAULT_REPORT_RETENTION_DAYS);
  const backupRetentionDays = days('backupRetentionDays', DEFAULT_BACKUP_RETENTION_DAYS);
  if (backupRetentionDays < reportRetentionDays) {
    fail(
      'backupRetentionDays',
      `backupRetentionDays ${backupRetentionDays} must be at least reportRetentionDays (${reportRetentionDays}): ` +
        'backups are what restore needs, keep them longer than reports',
    );
  }

  return {
    organizationId,
    rootId,
    managementAccountId,
    delegatedAdminAccountId,
    homeRegion,
    partition,
    targetOuIds,
    reportEmails,
    schedule: schedule as string,
    sweepManagementAccount: sweepManagementAccount as boolean,
    operatorPrincipalArns,
    providers,
    organizationReadAccess,
    stackSetsDelegatedAdmin,
    stackSetInstanceRegion: stackSetInstanceRegion as string,
    stackSetFailureToleranceCount,
    stackSetMaxConcurrentCount,
    ...(stateBackend ? { stateBackend } : {}),
    tags,
    backupAdminPrincipalArns,
    ...(identityCenterScope ? { identityCenterScope } : {}),
    sweep,
    topicArn,
    reportBucket,
    logRetentionDays,
    reportRetentionDays,
    backupRetentionDays,
  };
}

type Fail = (field: string, problem: string, cause?: unknown) => never;

function rejectUnknownFields(object: JsonObject, known: readonly string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      fail(`${prefix}${key}`, `${prefix}${key} is not a known field: remove it or fix its spelling (known: ${known.join(', ')})`);
    }
  }
}

function choice<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T, fail: Fail): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    return fail(field, `${field} ${show(value)} must be one of ${allowed.map(show).join(', ')} (default ${show(fallback)})`);
  }
  return value as T;
}

function parseStateBackend(value: unknown, homeRegion: string, fail: Fail): StateBackend {
  const field = 'stateBackend';
  if (!isObject(value)) {
    return fail(field, `${field} ${show(value)} must be an object: { "bucket": "<state bucket>", "keyPrefix": "iam-sweep", "region": "<bucket Region>" }`);
  }
  rejectUnknownFields(value, ['bucket', 'keyPrefix', 'region', 'profile'], `${field}.`, fail);
  if (typeof value.bucket !== 'string' || !BUCKET.test(value.bucket)) {
    const problem = value.bucket === undefined ? 'is missing' : `${show(value.bucket)} is not an S3 bucket name`;
    fail(`${field}.bucket`, `${field}.bucket ${problem}: name an existing, versioned bucket that holds the Terraform state`);
  }
  const keyPrefix = value.keyPrefix ?? DEFAULT_STATE_KEY_PREFIX;
  if (typeof keyPrefix !== 'string' || keyPrefix.length > 900 || !KEY_PREFIX.test(keyPrefix)) {
    fail(
      `${field}.keyPrefix`,
      `${field}.keyPrefix ${show(keyPrefix)} must be an S3 key prefix without leading or trailing /, such as ${DEFAULT_STATE_KEY_PREFIX} or terraform/iam-sweep`,
    );
  }
  const region = value.region ?? homeRegion;
  if (typeof region !== 'string' || !REGION.test(region)) {
    fail(`${field}.region`, `${field}.region ${show(region)} must be the Region code of the state bucket, such as us-east-1`);
  }
  if (value.profile !== undefined && (typeof value.profile !== 'string' || !PROFILE.test(value.profile))) {
    fail(`${field}.profile`, `${field}.profile ${show(value.profile)} must be a profile name from your AWS config`);
  }
  return {
    bucket: value.bucket as string,
    keyPrefix: keyPrefix as string,
    region: region as string,
    ...(value.profile !== undefined ? { profile: value.profile as string } : {}),
  };
}

function parseTags(value: unknown, fail: Fail): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value)) return fail('tags', `tags ${show(value)} must be an object of tag keys and string values, such as { "CostCenter": "1234" }`);
  const keys = Object.keys(value);
  if (keys.length > MAX_TAGS) fail('tags', `tags has ${keys.length} tags: AWS allows 50 a resource and iam-sweep sets 2, so keep at most ${MAX_TAGS}`);
  for (const [key, tagValue] of Object.entries(value)) {
    if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key) || key.toLowerCase().startsWith('aws:')) {
      fail('tags', `tags key ${show(key)} must be 1-128 letters, digits, spaces or _.:/=+-@, not starting with aws:`);
    }
    if (typeof tagValue !== 'string' || tagValue.length > 256 || !TAG_TEXT.test(tagValue)) {
      fail('tags', `tags.${key} ${show(tagValue)} must be a string of at most 256 letters, digits, spaces or _.:/=+-@`);
    }
  }
  return value as Record<string, string>;
}

/** Required with the Identity Center sweep, refused without it: the orchestrator's grants are scoped to them. */
function parseIdentityCenterScope(raw: JsonObject, identityCenter: boolean, partition: string, fail: Fail): IdentityCenterScope | undefined {
  const { identityCenterInstanceArn: instanceArn, identityStoreId } = raw;
  if (!identityCenter) {
    for (const [field, value] of Object.entries({ identityCenterInstanceArn: instanceArn, identityStoreId })) {
      if (value !== undefined) fail(field, `${field} is set but sweep.identityCenter is not true: remove ${field}, or set sweep.identityCenter to true`);
    }
    return undefined;
  }
  const listInstances = 'aws sso-admin list-instances, in the Identity Center Region';
  if (typeof instanceArn !== 'string' || !SSO_INSTANCE_ARN.test(instanceArn) || !instanceArn.startsWith(`arn:${partition}:`)) {
    const problem = instanceArn === undefined ? 'is missing' : `${show(instanceArn)} is not an Identity Center instance ARN in partition ${partition}`;
    fail(
      'identityCenterInstanceArn',
      `identityCenterInstanceArn ${problem}: with sweep.identityCenter the orchestrator may touch only this instance; copy InstanceArn from ${listInstances}`,
    );
  }
  if (typeof identityStoreId !== 'string' || !IDENTITY_STORE_ID.test(identityStoreId)) {
    const problem = identityStoreId === undefined ? 'is missing' : `${show(identityStoreId)} is not an identity store id (d-…)`;
    fail(
      'identityStoreId',
      `identityStoreId ${problem}: with sweep.identityCenter the orchestrator may touch only this identity store; copy IdentityStoreId from ${listInstances}`,
    );
  }
  return { instanceArn: instanceArn as string, identityStoreId: identityStoreId as string };
}

/** A list of IAM role or user ARNs of the partition (`*` allowed, as ArnLike takes them); default none. */
function principalArns(raw: JsonObject, field: string, partition: string, example: string, fail: Fail): string[] {
  const value = raw[field] ?? [];
  if (!Array.isArray(value)) fail(field, `${field} ${show(value)} must be a list of IAM role or user ARNs`);
  for (const arn of value as unknown[]) {
    if (typeof arn !== 'string' || !OPERATOR_ARN.test(arn) || !arn.startsWith(`arn:${partition}:`)) {
      fail(
        field,
        `${field} entry ${show(arn)} must be an IAM role or user ARN in partition ${partition}, ` +
          `such as ${example} (* may stand for part of a name)`,
      );
    }
  }
  return value as string[];
}

function stringList(raw: JsonObject, field: string, fallback: string[] | undefined, fail: Fail): string[] {
  const value = raw[field] ?? fallback;
  if (value === undefined) return fail(field, `${field} is missing: set it to a list of strings`);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    return fail(field, `${field} ${show(value)} must be a list of strings`);
  }
  const duplicate = value.find((item, index) => value.indexOf(item) !== index);
  if (duplicate !== undefined) fail(field, `${field} lists ${show(duplicate)} twice: remove one`);
  return value;
}

function providerCredentials(
  providers: JsonObject,
  stack: 'management' | 'sweep',
  accountId: string,
  accountField: string,
  fail: Fail,
): ProviderCredentials {
  const field = `providers.${stack}`;
  const given = providers[stack];
  if (!isObject(given) || (given.profile === undefined && given.roleArn === undefined)) {
    return fail(
      field,
      `${field} must say how the ${stack} stack gets credentials for account ${accountId}: ` +
        `{ "profile": "<profile name>" } or { "roleArn": "arn:aws:iam::${accountId}:role/<role>" }`,
    );
  }
  rejectUnknownFields(given, ['profile', 'roleArn'], `${field}.`, fail);
  const credentials: ProviderCredentials = {};
  if (given.profile !== undefined) {
    if (typeof given.profile !== 'string' || !PROFILE.test(given.profile)) {
      fail(`${field}.profile`, `${field}.profile ${show(given.profile)} must be a profile name from your AWS config`);
    }
    credentials.profile = given.profile as string;
  }
  if (given.roleArn !== undefined) {
    const match = typeof given.roleArn === 'string' ? ROLE_ARN.exec(given.roleArn) : null;
    if (!match) {
      fail(`${field}.roleArn`, `${field}.roleArn ${show(given.roleArn)} must be an IAM role ARN such as arn:aws:iam::${accountId}:role/<role>`);
    } else if (match[1] !== accountId) {
      fail(
        `${field}.roleArn`,
        `${field}.roleArn ${show(given.roleArn)} is in account ${match[1]}, but the ${stack} stack deploys to ` +
          `${accountField} ${accountId}: use a role in that account`,
      );
    }
    credentials.roleArn = given.roleArn as string;
  }
  return credentials;
}

/** Validates the `sweep` section with the engine's own parser, naming settings as `sweep.<name>`. */
function sweepSettings(
  section: unknown,
  derived: { topicArn: string; reportBucket: string; skipManagementAccount: boolean; targetOus: string[] },
  fail: Fail,
): SweepConfig {
  if (!isObject(section)) return fail('sweep', `sweep ${show(section)} must be an object of engine settings`);
  const names = Object.keys(SETTINGS) as SettingName[];
  const raw: RawSettings = {};
  for (const [key, value] of Object.entries(section)) {
    const field = `sweep.${key}`;
    const name = names.find((candidate) => candidate === key);
    if (name === undefined) {
      const known = names.filter((candidate) => !DERIVED_SETTINGS.includes(candidate));
      return fail(field, `${field} is not an engine setting: remove it or fix its spelling (known: ${known.join(', ')})`);
    }
    if (DERIVED_SETTINGS.includes(name)) {
      return fail(field, `${field} is derived (from delegatedAdminAccountId, homeRegion, sweepManagementAccount and targetOuIds): remove it`);
    }
    raw[name] = settingText(field, name, value, fail);
  }
  raw.topicArn = derived.topicArn;
  raw.reportBucket = derived.reportBucket;
  raw.skipManagementAccount = String(derived.skipManagementAccount);
  raw.targetOus = derived.targetOus.join(',');
  try {
    return parseSweepConfig(raw, (name) => `sweep.${name}`);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.setting, error.message, error);
    throw error;
  }
}

/** The engine parses strings, as they come from environment variables; JSON gives numbers and lists too. */
function settingText(field: string, name: SettingName, value: unknown, fail: Fail): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (LIST_SETTINGS.includes(name)) {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && !item.includes(','))) {
      return fail(field, `${field} ${show(value)} must be a list of strings without commas`);
    }
    // An empty list where the default is not empty means none, not the default.
    return value.length === 0 && SETTINGS[name].default ? NO_ITEMS : value.join(',');
  }
  return fail(field, `${field} ${show(value)} must be a string, a number or true/false`);
}

export interface LoadedDeployConfig {
  config: DeployConfig;
  /** The file read, relative to the project directory when inside it. */
  source: string;
  /** Set when no configuration file exists and the checked-in example was used instead. */
  warning?: string;
}

/**
 * Reads and validates the deploy configuration of the project in `projectDir`: the file named by
 * IAM_SWEEP_CONFIG, else iam-sweep.config.json, else (with a warning) the checked-in example, so that
 * synth works on a clean clone.
 */
export function loadDeployConfig(projectDir: string, env: Record<string, string | undefined> = process.env): LoadedDeployConfig {
  const override = env[CONFIG_PATH_ENV]?.trim();
  let path = join(projectDir, CONFIG_FILE);
  let warning: string | undefined;
  if (override) {
    path = resolve(projectDir, override);
    if (!existsSync(path)) {
      throw new DeployConfigError(override, CONFIG_PATH_ENV, `${CONFIG_PATH_ENV} names this file, which does not exist: fix the path or unset ${CONFIG_PATH_ENV}`);
    }
  } else if (!existsSync(path)) {
    path = join(projectDir, EXAMPLE_CONFIG_FILE);
    warning =
      `iam-sweep: no ${CONFIG_FILE} found, synthesizing with ${EXAMPLE_CONFIG_FILE} ` +
      `(copy it to ${CONFIG_FILE} and fill in your organization before deploying)`;
  }
  const inside = relative(projectDir, path);
  const source = inside.startsWith('..') || isAbsolute(inside) ? path : inside;

  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DeployConfigError(source, '', `cannot be read as JSON (${reason}): fix the file`, { cause: error });
  }
  return { config: parseDeployConfig(raw, source), source, warning };
}
