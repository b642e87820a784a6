/**
 * The deploy configuration (`iam-sweep.config.json`) as a zod schema, checked against its anchors (see
 * anchors.ts), and the DeployConfig type inferred from it. Every message names the field as the file spells
 * it, the value and the fix.
 */
import { z } from 'zod';
import { OU_ID } from '../../lambdas/engine/config';
import type { Anchors } from './anchors';
import {
  DEFAULT_BACKUP_RETENTION_DAYS,
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_REPORT_RETENTION_DAYS,
  DEFAULT_STACK_SET_FAILURE_TOLERANCE_COUNT,
  DEFAULT_STACK_SET_INSTANCE_REGION,
  DEFAULT_STACK_SET_MAX_CONCURRENT_COUNT,
  EXAMPLE_CONFIG_FILE,
  LOG_RETENTION_DAYS,
  partitionOf,
  reportBucketName,
  TOPIC_NAME,
} from './defaults';
import { choice, days, deployableRegion, fieldsOf, show, stringList, textOr, wholeNumber, withDefault } from './field-kinds';
import { identityCenterScopeOf } from './identity-center-scope';
import { principalArns } from './principals';
import { providers } from './providers';
import { scheduleSchema } from './schedule';
import { stateBackend } from './state-backend';
import { sweepConfigOf, sweepSectionSchema } from './sweep-section';
import { tagsSchema } from './tags';

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

/** OUs (or the root) whose accounts get the cleanup role through the StackSet; default the root. */
function targetOuIds(rootId: string) {
  const list = stringList('targetOuIds').superRefine((ids, ctx) => {
    const bad = ids.find((id) => !OU_ID.test(id) && id !== rootId);
    const problem =
      ids.length === 0
        ? `targetOuIds is empty: list OU ids, or leave it out to target the root ${rootId}`
        : bad !== undefined && `targetOuIds entry ${show(bad)} must be an OU id (ou-…) or the root id ${show(rootId)}`;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
  return withDefault(list, [rootId]);
}

/** Where the report and the alarms go: at least one address, none twice in any case. */
const reportEmails = stringList('reportEmails').superRefine((addresses, ctx) => {
  const bad = addresses.find((address) => !EMAIL.test(address));
  const twice = addresses.find((address, index) => addresses.findIndex((other) => other.toLowerCase() === address.toLowerCase()) !== index);
  const problem =
    addresses.length === 0
      ? 'reportEmails is empty: list at least one address for the report and alarms'
      : bad !== undefined
      ? `reportEmails entry ${show(bad)} must be an email address`
      : twice !== undefined && `reportEmails lists ${show(twice)} twice: remove one`;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The one Region of the StackSet instances (IAM is global), in the home Region's partition. */
function stackSetInstanceRegion({ partition, homeRegion }: Anchors) {
  const fallback = DEFAULT_STACK_SET_INSTANCE_REGION[partition];
  const region = textOr(
    deployableRegion,
    (input) => `stackSetInstanceRegion ${show(input)} must be a Region code such as us-east-1`,
  ).refine((given) => partitionOf(given) === partition, {
    error: (issue) =>
      `stackSetInstanceRegion ${show(issue.input)} is outside partition ${partition} of homeRegion ${homeRegion}: ` +
      `use a Region of that partition, such as ${fallback}`,
  });
  return withDefault(region, fallback);
}

/** The file's fields, each checked alone or against the anchors. */
function fileFields(anchors: Anchors) {
  const { partition, delegatedAdminAccountId } = anchors;
  const count = (field: string, fallback: number, least: number) => withDefault(wholeNumber(field, least, 'accounts'), fallback);
  return fieldsOf(
    '',
    {
      organizationId: z.string(),
      rootId: z.string(),
      managementAccountId: z.string(),
      delegatedAdminAccountId: z.string(),
      homeRegion: z.string(),
      targetOuIds: targetOuIds(anchors.rootId),
      reportEmails,
      /** EventBridge Scheduler expression, evaluated in UTC. */
      schedule: scheduleSchema,
      /** Whether the management account gets the cleanup role too (StackSets never deploy to it). */
      sweepManagementAccount: withDefault(
        z.boolean({
          error: (issue) => `sweepManagementAccount ${show(issue.input)} must be true or false`,
        }),
        false,
      ),
      /**
       * Principals that may assume the cleanup role to run the CLI (role or user ARNs of the organization,
       * `*` allowed); default none: only the orchestrator. They need the orchestrator's permissions in their
       * own account (README: "Running the CLI after rollout").
       */
      operatorPrincipalArns: principalArns('operatorPrincipalArns', partition, 'arn:aws:iam::222222222222:role/PlatformAdmin'),
      providers: providers(anchors),
      /**
       * How the delegated-admin account reads the organization. `none`: through its registration as a
       * delegated administrator (for StackSets), which already allows every read the orchestrator makes.
       * `append`: the management stack renders resource-policy statements for the operator to merge into the
       * organization's existing resource policy; it never writes that policy.
       */
      organizationReadAccess: choice('organizationReadAccess', ['none', 'append'], 'none'),
      /** `register`: the management stack registers the delegated administrator; `existing`: it is registered already, the stack only checks. */
      stackSetsDelegatedAdmin: choice('stackSetsDelegatedAdmin', ['register', 'existing'], 'register'),
      stackSetInstanceRegion: stackSetInstanceRegion(anchors),
      /** Per OU, how many accounts may fail before the StackSet operation stops (SOFT_FAILURE_TOLERANCE). */
      stackSetFailureToleranceCount: count('stackSetFailureToleranceCount', DEFAULT_STACK_SET_FAILURE_TOLERANCE_COUNT, 0),
      /** Per OU, how many accounts the StackSet deploys to at once. */
      stackSetMaxConcurrentCount: count('stackSetMaxConcurrentCount', DEFAULT_STACK_SET_MAX_CONCURRENT_COUNT, 1),
      /** Default none: local state files beside the project. */
      stateBackend: stateBackend(anchors.homeRegion).optional(),
      /** Tags every resource of both stacks carries (and the StackSet passes to its stacks). Default none. */
      tags: tagsSchema,
      /** Principals (ArnLike) that may delete report-bucket objects under `backups/`; default none. */
      backupAdminPrincipalArns: principalArns(
        'backupAdminPrincipalArns',
        partition,
        `arn:${partition}:iam::${delegatedAdminAccountId}:role/BackupAdmin`,
      ),
      identityCenterInstanceArn: z.unknown().optional(),
      identityStoreId: z.unknown().optional(),
      sweep: sweepSectionSchema,
      logRetentionDays: days('logRetentionDays', DEFAULT_LOG_RETENTION_DAYS, LOG_RETENTION_DAYS),
      reportRetentionDays: days('reportRetentionDays', DEFAULT_REPORT_RETENTION_DAYS),
      backupRetentionDays: days('backupRetentionDays', DEFAULT_BACKUP_RETENTION_DAYS),
    },
    () => `must hold one JSON object; start from ${EXAMPLE_CONFIG_FILE}`,
  );
}

/** The deploy configuration, its fields checked against `anchors`, with what the stacks derive from it. */
export function deployConfigSchema(anchors: Anchors) {
  return fileFields(anchors).transform((fields, ctx) => {
    const { identityCenterInstanceArn, identityStoreId, sweep: section, ...rest } = fields;
    const { partition, homeRegion, delegatedAdminAccountId } = anchors;
    const topicArn = `arn:${partition}:sns:${homeRegion}:${delegatedAdminAccountId}:${TOPIC_NAME}`;
    const reportBucket = reportBucketName(delegatedAdminAccountId, homeRegion);
    // The sweep enters the accounts the StackSet gives the cleanup role, and no others.
    const derived = {
      topicArn,
      reportBucket,
      skipManagementAccount: !fields.sweepManagementAccount,
      targetOus: fields.targetOuIds,
    };
    const sweep = sweepConfigOf(section.settings, derived, ctx);
    if (!sweep) return z.NEVER;
    const identityCenter = identityCenterScopeOf({ identityCenterInstanceArn, identityStoreId }, sweep.identityCenter, partition, ctx);
    if (identityCenter.refused) return z.NEVER;
    if (fields.backupRetentionDays < fields.reportRetentionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['backupRetentionDays'],
        message:
          `backupRetentionDays ${fields.backupRetentionDays} must be at least reportRetentionDays (${fields.reportRetentionDays}): ` +
          'backups are what restore needs, keep them longer than reports',
      });
      return z.NEVER;
    }
    return {
      ...rest,
      ...anchors,
      /** Set exactly when sweep.identityCenter is true. */
      ...(identityCenter.scope ? { identityCenterScope: identityCenter.scope } : {}),
      sweep,
      /** `sweep.engine`: what runs a sweep. */
      engine: section.engine,
      /** Derived: the report topic in the delegated-admin account. */
      topicArn,
      /** Derived: `iam-sweep-reports-<delegatedAdminAccountId>-<homeRegion>`. */
      reportBucket,
    };
  });
}

export type DeployConfig = z.output<ReturnType<typeof deployConfigSchema>>;
