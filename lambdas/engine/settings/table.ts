/**
 * Every sweep setting, described once: its environment variable (the Lambda), its flag and placeholder
 * (the CLI), its default, the schema of its value and its line of help. The parser, `--help`, the deploy
 * configuration's `sweep` section and the Lambda environment the stack writes all read this table.
 * Names, variables, flags and defaults are contracts with deployments and scripts: do not rename them.
 */
import { z } from 'zod';
import { REGION_PATTERN } from '../region';
import type { Mode } from '../types';
import {
  choice,
  fraction,
  list,
  markerTag,
  matching,
  NO_ITEMS,
  optional,
  trueOrFalse,
  unsetWhenEmpty,
  wholeNumber,
  type SettingKind,
} from './kinds';

export interface Setting<T, D extends string | undefined = string | undefined> extends SettingKind<T> {
  /** The Lambda's environment variable. */
  env: string;
  /** The CLI flag. */
  flag: string;
  /** The placeholder of the flag's value in `--help`. */
  arg: string;
  /** What the setting does, one line of `--help`. */
  help: string;
  /** The text taken when none is given; undefined leaves an optional setting unset. */
  default: D;
}

const setting = <T, const D extends string | undefined>(described: Setting<T, D>): Setting<T, D> => described;

/** Organizations' id patterns. */
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

const MODES = ['report', 'disable', 'delete'] as const satisfies readonly Mode[];
const ACCOUNT_ID = /^\d{12}$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_NAME_GLOB = /^[\w+=,.@*?-]{1,64}$/;
const USER_ARN_PATTERN = /^arn:aws[a-z-]*:iam::(\d{12}|\*):user\/.+$/;
const NOT_NO = '(key in any case; any value but false, no, 0, off)';

export const SETTINGS = {
  mode: setting({
    env: 'SWEEP_MODE',
    flag: '--mode',
    arg: 'mode',
    default: 'report',
    help: 'report (changes nothing), disable, or delete',
    ...choice(MODES),
  }),
  inactiveDays: setting({
    env: 'SWEEP_INACTIVE_DAYS',
    flag: '--inactive-days',
    arg: 'days',
    default: '90',
    help: 'a credential or user unused for more days than this is stale or inactive',
    ...wholeNumber(1, 3650),
  }),
  quarantineDays: setting({
    env: 'SWEEP_QUARANTINE_DAYS',
    flag: '--quarantine-days',
    arg: 'days',
    default: '30',
    help: 'days a user or key stays disabled before delete mode deletes it (0: at once)',
    ...wholeNumber(0, 3650),
  }),
  roleName: setting({
    env: 'SWEEP_ROLE_NAME',
    flag: '--role-name',
    arg: 'name',
    default: 'IamSweepRole',
    help: 'the cleanup role assumed in each member account',
    ...matching(ROLE_NAME, 'use an IAM role name (1-64 of letters, digits, +=,.@_-)'),
  }),
  topicArn: setting({
    env: 'SWEEP_TOPIC_ARN',
    flag: '--topic-arn',
    arg: 'arn',
    default: undefined,
    help: 'SNS topic the report is published to (the email)',
    ...optional(matching(TOPIC_ARN, 'use an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:iam-sweep-report')),
  }),
  reportBucket: setting({
    env: 'SWEEP_REPORT_BUCKET',
    flag: '--report-bucket',
    arg: 'bucket',
    default: undefined,
    help: 'S3 bucket for the JSON report and the user backups (required to disable or delete)',
    ...optional(matching(BUCKET, 'use an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)')),
  }),
  optOutTag: setting({
    env: 'SWEEP_OPT_OUT_TAG',
    flag: '--opt-out-tag',
    arg: 'key=value',
    default: 'iam-sweep:opt-out=true',
    help: `tag on an account, OU or root that keeps it out of the sweep ${NOT_NO}`,
    ...markerTag(),
  }),
  excludeTag: setting({
    env: 'SWEEP_EXCLUDE_TAG',
    flag: '--exclude-tag',
    arg: 'key=value',
    default: 'iam-sweep:exclude=true',
    help: `tag on a user that keeps it and everything it owns untouched ${NOT_NO}`,
    ...markerTag(),
  }),
  excludeUsers: setting({
    env: 'SWEEP_EXCLUDE_USERS',
    flag: '--exclude-users',
    arg: 'list',
    default: '',
    help: 'comma-separated user-name globs or user ARNs never touched, matched ignoring case, e.g. svc-*,breakglass',
    ...list(z.string().refine((item) => !item.startsWith('arn:') || USER_ARN_PATTERN.test(item)), {
      allowed: 'an ARN pattern must name IAM users, e.g. arn:aws:iam::123456789012:user/ci-*',
    }),
  }),
  maxDeletionsPerAccount: setting({
    env: 'SWEEP_MAX_DELETIONS_PER_ACCOUNT',
    flag: '--max-deletions-per-account',
    arg: 'n',
    default: '25',
    help: 'at most this many users deleted per account and run',
    ...wholeNumber(0, 10000),
  }),
  maxActionFraction: setting({
    env: 'SWEEP_MAX_ACTION_FRACTION',
    flag: '--max-action-fraction',
    arg: 'fraction',
    default: '0.5',
    help: 'hold back an account that would act on more than this share of its users',
    ...fraction(),
  }),
  maxDeletionsPerRun: setting({
    env: 'SWEEP_MAX_DELETIONS_PER_RUN',
    flag: '--max-deletions-per-run',
    arg: 'n',
    default: '100',
    help: 'at most this many users deleted in the whole run, across all accounts',
    ...wholeNumber(0, 100000),
  }),
  maxOrganizationActionFraction: setting({
    env: 'SWEEP_MAX_ORGANIZATION_ACTION_FRACTION',
    flag: '--max-organization-action-fraction',
    arg: 'fraction',
    default: '0.5',
    help: 'act on nobody when more than this share of all swept users would be acted on',
    ...fraction(),
  }),
  concurrency: setting({
    env: 'SWEEP_CONCURRENCY',
    flag: '--concurrency',
    arg: 'n',
    default: '128',
    help: 'accounts swept at once',
    ...wholeNumber(1, 256),
  }),
  accounts: setting({
    env: 'SWEEP_ACCOUNTS',
    flag: '--accounts',
    arg: 'ids',
    default: undefined,
    help: 'comma-separated account ids: sweep only these',
    // "," names no account: an empty allow-list would sweep nothing while looking like a run.
    ...optional(list(z.string().regex(ACCOUNT_ID), { allowed: 'use comma-separated 12-digit account ids', atLeastOne: true })),
  }),
  targetOus: setting({
    env: 'SWEEP_TARGET_OUS',
    flag: '--target-ous',
    arg: 'ids',
    default: undefined,
    help: 'comma-separated OU or root ids: sweep only member accounts below these (where the role is)',
    ...unsetWhenEmpty(
      optional(
        list(z.string().refine((id) => OU_ID.test(id) || ROOT_ID.test(id)), {
          allowed: 'use comma-separated OU ids (ou-…) or the root id (r-…), as the cleanup role is deployed to',
        }),
      ),
    ),
  }),
  skipManagementAccount: setting({
    env: 'SWEEP_SKIP_MANAGEMENT_ACCOUNT',
    flag: '--skip-management-account',
    arg: 'true|false',
    default: 'false',
    help: 'leave out the management account (when the cleanup role is not deployed there)',
    ...trueOrFalse(),
  }),
  identityCenter: setting({
    env: 'SWEEP_IDENTITY_CENTER',
    flag: '--identity-center',
    arg: 'true|false',
    default: 'false',
    help: 'also sweep IAM Identity Center users (run in the account that administers it)',
    ...trueOrFalse(),
  }),
  identityCenterRegion: setting({
    env: 'SWEEP_IDENTITY_CENTER_REGION',
    flag: '--identity-center-region',
    arg: 'region',
    default: undefined,
    help: 'Region of the Identity Center instance and its sign-in events (default: the run’s Region)',
    ...optional(matching(REGION_PATTERN, 'use the Region code of the Identity Center instance, e.g. eu-west-1')),
  }),
  unusedRoles: setting({
    env: 'SWEEP_UNUSED_ROLES',
    flag: '--unused-roles',
    arg: 'true|false',
    default: 'true',
    help: 'report roles unused for more than the inactive days (report only)',
    ...trueOrFalse(),
  }),
  unusedRoleExcludes: setting({
    env: 'SWEEP_UNUSED_ROLE_EXCLUDES',
    flag: '--unused-role-excludes',
    arg: 'list',
    default:
      'AWSControlTowerExecution,AWSCloudFormationStackSetExecutionRole,stacksets-exec-*,OrganizationAccountAccessRole,AWSReservedSSO_*,aws-controltower-*',
    help: `role name globs never reported as unused, or ${NO_ITEMS}`,
    ...list(z.string().regex(ROLE_NAME_GLOB), {
      allowed: `use comma-separated role name globs such as stacksets-exec-*, or ${NO_ITEMS} for no exclusions`,
      noItemsWord: true,
    }),
  }),
  cloudTrailRegions: setting({
    env: 'SWEEP_CLOUDTRAIL_REGIONS',
    flag: '--cloudtrail-regions',
    arg: 'list',
    default: '',
    help: 'Regions where CloudTrail must show no event by a user before it is deleted (empty: no check)',
    ...list(z.string().regex(REGION_PATTERN), {
      allowed: 'use comma-separated Region codes such as us-east-1,eu-west-1',
      onceEach: 'name each Region once',
    }),
  }),
};

export type SettingName = keyof typeof SETTINGS;

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
