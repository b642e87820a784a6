/**
 * The sweep stack (delegated-admin account): the orchestrator Lambda and what it needs (execution role,
 * log group, report topic and bucket, schedule with a dead-letter queue, alarms), and the StackSet that
 * creates the cleanup role in every member account of the target OUs. It references nothing of the
 * management stack, so it deploys alone.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Construct } from 'constructs';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { CloudformationStackSet } from '@cdktf/provider-aws/lib/cloudformation-stack-set';
import { CloudformationStackSetInstance } from '@cdktf/provider-aws/lib/cloudformation-stack-set-instance';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { BACKUP_PREFIX, REPORT_PREFIX, RUN_PREFIX, STATE_PREFIX } from '../lambdas/aws/report-bucket-layout';
import { configToEnv } from '../lambdas/engine/config';
import { SCHEDULER_ROLE_NAME } from '../lambdas/engine/own-roles';
import { METRIC, METRIC_NAMESPACE } from '../lambdas/orchestrator/metrics';
import { lambdaRuntime, schedulerStart } from '../lambdas/orchestrator/runtime';
import { ENGINE_ENV, schedulerStartsStateMachine } from '../lambdas/orchestrator/step-functions';
import { sweepAwsProvider } from './aws-provider';
import { ORCHESTRATOR_ROLE_NAME, cleanupRoleTemplate } from './cleanup-role';
import type { DeployConfig } from './deploy-config';
import { TOPIC_NAME } from './deploy-config';
import { orchestratorPolicy } from './orchestrator-policy';
import { whenAboveZero } from './alarm';
import { allowStatements, serviceTrustPolicy } from './policy-document';
import { stateMachineArns, SweepStateMachine } from './sweep-state-machine';
import { DEFAULT_MAX_CONCURRENCY, DEFAULT_TIMEOUT_SECONDS } from './sweep-state-machine-definition';
import { reportBucketPolicy } from './report-bucket';
import { reportTopicPolicy } from './report-topic-policy';
import { sweepStateBackend } from './state-backend';

export const FUNCTION_NAME = 'iam-sweep-orchestrator';
export { SCHEDULER_ROLE_NAME };
export const STACK_SET_NAME = 'iam-sweep-cleanup-role';
/** The one stack set instance resource of versions before issue 16, for all target OUs. */
export const LEGACY_INSTANCES_ID = 'cleanup-role-instances';
/** The Lambda on-failure destination: the records of failed asynchronous invocations. */
export const FAILED_INVOCATIONS_QUEUE_NAME = 'iam-sweep-orchestrator-failures';
/** Full UTC days without an invocation before the missed-runs alarm fires: at most 8 days after the last run. */
export const NO_RUN_ALARM_DAYS = 7;
/** Lambda's maximum: a sweep of a large organization needs all of it. */
export const TIMEOUT_SECONDS = 900;

/** A version replaced or deleted by mistake stays recoverable this long. */
const NONCURRENT_VERSION_DAYS = 30;
/** The longest SQS keeps a message: time to notice a missed run or read a failed one. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

export type OrchestratorRuntime = 'nodejs22.x' | 'nodejs24.x';

export interface SweepStackProps {
  /** The validated deploy configuration (see loadDeployConfig). Required; there is no default. */
  config: DeployConfig;
  /** Directory holding the orchestrator bundle, `index.js` exporting `handler`. Required; scripts/build.ts writes dist/orchestrator. */
  orchestratorBundleDir: string;
  /** Lambda runtime of the orchestrator. Default: nodejs22.x (the bundle targets node22). */
  runtime?: OrchestratorRuntime;
  /**
   * Memory of the orchestrator in MB, 128-10240. Default: 1769, where Lambda gives a function one full vCPU
   * (less memory, a proportional share): at scale the sweep is bound by the CPU the AWS SDK spends per call,
   * not by memory (it runs in 512 MB; bench/RESULTS.md). A weekly run of minutes costs cents either way.
   */
  memorySize?: number;
}

/**
 * Terraform reads `${` and `%{` in a string as template syntax; a CloudFormation template uses `${` for
 * Fn::Sub, so it must reach AWS literally.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** One full vCPU: see SweepStackProps.memorySize. */
export const ORCHESTRATOR_MEMORY_MB = 1769;

export class SweepStack extends TerraformStack {
  readonly orchestrator: LambdaFunction;
  readonly topic: SnsTopic;
  readonly reportBucket: S3Bucket;
  /** With `sweep.engine: "step-functions"`: the state machine the schedule starts. */
  readonly stateMachine?: SfnStateMachine;

  constructor(scope: Construct, id: string, props: SweepStackProps) {
    super(scope, id);
    const { config, runtime = 'nodejs22.x', memorySize = ORCHESTRATOR_MEMORY_MB } = props;
    const bundleDir = resolve(props.orchestratorBundleDir);
    if (!existsSync(join(bundleDir, 'index.js'))) {
      throw new Error(`SweepStack: orchestratorBundleDir ${bundleDir} has no index.js: run \`npx tsx scripts/build.ts\` first`);
    }
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240) {
      throw new Error(`SweepStack: memorySize ${memorySize} must be a whole number of MB from 128 to 10240`);
    }
    const { partition, delegatedAdminAccountId: accountId, homeRegion } = config;
    const stepFunctions = config.engine === 'step-functions';

    sweepAwsProvider(this, 'aws', { credentials: config.providers.sweep, accountId, region: homeRegion, tags: config.tags });
    sweepStateBackend(this, id, config.stateBackend);

    this.topic = new SnsTopic(this, 'report-topic', { name: TOPIC_NAME });
    new SnsTopicPolicy(this, 'report-topic-policy', {
      arn: this.topic.arn,
      policy: JSON.stringify(reportTopicPolicy({ partition, accountId, region: homeRegion, topicArn: this.topic.arn })),
    });
    for (const email of config.reportEmails) {
      // Named by the address, not its position: reordering the list must not resubscribe anyone.
      const key = createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 12);
      new SnsTopicSubscription(this, `report-email-${key}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email });
    }

    this.reportBucket = this.buildReportBucket(config);

    const logGroup = new CloudwatchLogGroup(this, 'orchestrator-logs', {
      name: `/aws/lambda/${FUNCTION_NAME}`,
      retentionInDays: config.logRetentionDays,
    });

    const failedInvocations = new SqsQueue(this, 'orchestrator-failures', {
      name: FAILED_INVOCATIONS_QUEUE_NAME,
      messageRetentionSeconds: DLQ_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });

    const role = new IamRole(this, 'orchestrator-role', {
      name: ORCHESTRATOR_ROLE_NAME,
      description: 'Execution role of the iam-sweep orchestrator',
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy('LambdaRunsOrchestrator', lambdaRuntime)),
    });
    const rolePolicy = new IamRolePolicy(this, 'orchestrator-permissions', {
      role: role.name,
      name: 'iam-sweep-orchestrator',
      policy: JSON.stringify(
        orchestratorPolicy({
          partition,
          organizationId: config.organizationId,
          managementAccountId: config.managementAccountId,
          sweepManagementAccount: config.sweepManagementAccount,
          cleanupRoleName: config.sweep.roleName,
          topicArn: this.topic.arn,
          reportBucketArn: this.reportBucket.arn,
          logGroupArn: logGroup.arn,
          identityCenter: config.sweep.identityCenter,
          identityCenterScope: config.identityCenterScope,
          failureQueueArn: failedInvocations.arn,
          stepFunctions: config.engine === 'step-functions',
        }),
      ),
    });

    const bundle = new TerraformAsset(this, 'orchestrator-bundle', { path: bundleDir, type: AssetType.ARCHIVE });
    this.orchestrator = new LambdaFunction(this, 'orchestrator', {
      functionName: FUNCTION_NAME,
      description: 'iam-sweep: finds and cleans up inactive IAM users across the organization',
      role: role.arn,
      runtime,
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: bundle.path,
      // The asset's content hash: a rebuild with the same content deploys nothing.
      sourceCodeHash: bundle.assetHash,
      timeout: TIMEOUT_SECONDS,
      memorySize,
      // One run at a time: two runs would race on the same users and double the IAM throttling. The Step
      // Functions engine keeps runs apart in its first state, and runs a map's batches and Identity Center at once.
      reservedConcurrentExecutions: stepFunctions ? DEFAULT_MAX_CONCURRENCY + 1 : 1,
      environment: { variables: { ...configToEnv(config.sweep), ...(stepFunctions ? { [ENGINE_ENV]: 'step-functions' } : {}) } },
      dependsOn: [logGroup, rolePolicy],
    });
    // A failed run raises the Errors alarm and the next scheduled run starts over; retrying at once
    // would only repeat up to 15 minutes of throttled IAM calls. The failure's record (the error, the
    // request) is kept in a queue for 14 days, where the log group's retention may be shorter.
    new LambdaFunctionEventInvokeConfig(this, 'orchestrator-async', {
      functionName: this.orchestrator.functionName,
      maximumRetryAttempts: 0,
      destinationConfig: { onFailure: { destination: failedInvocations.arn } },
    });

    if (stepFunctions) {
      this.stateMachine = new SweepStateMachine(this, 'sweep-state-machine', {
        functionArn: this.orchestrator.arn,
        partition,
        accountId,
        region: homeRegion,
        alarmTopicArn: this.topic.arn,
      }).stateMachine;
    }
    const deadLetters = this.buildSchedule(config);
    this.buildAlarms(config, deadLetters, failedInvocations);

    const stackSet = new CloudformationStackSet(this, 'cleanup-role-stack-set', {
      name: STACK_SET_NAME,
      description: 'iam-sweep: the cleanup role the orchestrator assumes in each member account',
      permissionModel: 'SERVICE_MANAGED',
      callAs: 'DELEGATED_ADMIN',
      capabilities: ['CAPABILITY_NAMED_IAM'],
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: { active: true },
      // For template updates to every instance. Provider 6.25 has no concurrency_mode here, so the
      // operation is STRICT_FAILURE_TOLERANCE, where at most one more account than tolerated runs at once.
      operationPreferences: {
        failureToleranceCount: config.stackSetFailureToleranceCount,
        maxConcurrentCount: Math.min(config.stackSetMaxConcurrentCount, config.stackSetFailureToleranceCount + 1),
      },
      templateBody: terraformLiteral(
        cleanupRoleTemplate({
          roleName: config.sweep.roleName,
          orchestratorAccountId: accountId,
          organizationId: config.organizationId,
          excludeTag: config.sweep.excludeTag,
          operatorPrincipalArns: config.operatorPrincipalArns,
        }),
      ),
      // Provider 6.25 reports a change to this attribute on every plan of a service-managed stack set.
      lifecycle: { ignoreChanges: ['administration_role_arn'] },
    });
    // One resource per OU: deployment targets force replacement, so a resource for all OUs would delete
    // the role in every account whenever an OU is added. Named by the OU id, so adding or removing one
    // leaves the others' resources as they are. IAM is global: one Region per account, or the second
    // stack would collide on the role name.
    for (const ouId of config.targetOuIds) {
      const instances = new CloudformationStackSetInstance(this, `cleanup-role-instances-${ouId}`, {
        stackSetName: stackSet.name,
        callAs: 'DELEGATED_ADMIN',
        stackSetInstanceRegion: config.stackSetInstanceRegion,
        deploymentTargets: { organizationalUnitIds: [ouId] },
        // By count, not percentage: 10 % of an OU with fewer than 10 accounts tolerates none. Soft: the
        // operation keeps its concurrency whatever the failures until the tolerance is spent.
        operationPreferences: {
          concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
          failureToleranceCount: config.stackSetFailureToleranceCount,
          maxConcurrentCount: config.stackSetMaxConcurrentCount,
        },
        retainStack: false,
        // Changing operation preferences in place fails (hashicorp/terraform-provider-aws#40675); they only
        // steer the operation that creates the instances, so a change applies to OUs added later.
        lifecycle: { ignoreChanges: ['operation_preferences'] },
      });
      // Earlier versions kept every OU in one resource, in the home Region. With one OU and the same
      // Region its arguments are the same, so state moves over and nothing is replaced; with several OUs
      // no move can keep them, and the old resource's destroy deletes the role where it deployed.
      if (config.targetOuIds.length === 1) instances.moveFromId(`${CloudformationStackSetInstance.tfResourceType}.${LEGACY_INSTANCES_ID}`);
    }
  }

  /** Versioned, encrypted, private, TLS only; reports expire, backups (needed by restore) live longer. */
  private buildReportBucket(config: DeployConfig): S3Bucket {
    const bucket = new S3Bucket(this, 'report-bucket', { bucket: config.reportBucket });
    new S3BucketOwnershipControls(this, 'report-bucket-ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketPublicAccessBlock(this, 'report-bucket-public-access', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioningA(this, 'report-bucket-versioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'report-bucket-encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketPolicy(this, 'report-bucket-tls-only', {
      bucket: bucket.id,
      policy: JSON.stringify(reportBucketPolicy({ partition: config.partition, bucketArn: bucket.arn, backupAdminPrincipalArns: config.backupAdminPrincipalArns })),
    });
    new S3BucketLifecycleConfiguration(this, 'report-bucket-lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-reports',
          status: 'Enabled',
          filter: [{ prefix: REPORT_PREFIX }],
          expiration: [{ days: config.reportRetentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
        },
        {
          id: 'expire-backups',
          status: 'Enabled',
          filter: [{ prefix: BACKUP_PREFIX }],
          expiration: [{ days: config.backupRetentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
        },
        // What the Step Functions engine's stages hand on: the raw material of a run's report, kept as long as
        // it, but never expired under a running execution (S3 counts whole days from creation, rounded up).
        {
          id: 'expire-run-parts',
          status: 'Enabled',
          filter: [{ prefix: RUN_PREFIX }],
          expiration: [{ days: Math.max(config.reportRetentionDays, Math.ceil(DEFAULT_TIMEOUT_SECONDS / 86400) + 1) }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
        },
        // Rewritten by every run: only the current version matters, earlier ones for a month.
        {
          id: 'expire-old-state',
          status: 'Enabled',
          filter: [{ prefix: STATE_PREFIX }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
        },
        {
          id: 'clean-up',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
      dependsOn: [versioning],
    });
    return bucket;
  }

  /** The schedule, its role and its dead-letter queue; returns the queue. */
  private buildSchedule(config: DeployConfig): SqsQueue {
    const deadLetters = new SqsQueue(this, 'schedule-dlq', {
      name: 'iam-sweep-schedule-dlq',
      messageRetentionSeconds: DLQ_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });
    const schedulerRole = new IamRole(this, 'scheduler-role', {
      name: SCHEDULER_ROLE_NAME,
      description: 'Lets EventBridge Scheduler start the iam-sweep orchestrator',
      assumeRolePolicy: JSON.stringify(
        serviceTrustPolicy('SchedulerStartsOrchestrator', schedulerStart, {
          StringEquals: { 'aws:SourceAccount': config.delegatedAdminAccountId },
        }),
      ),
    });
    const machine = stateMachineArns({ partition: config.partition, region: config.homeRegion, accountId: config.delegatedAdminAccountId });
    const resources = {
      orchestratorFunction: this.orchestrator.arn,
      scheduleDeadLetterQueue: deadLetters.arn,
      ...(this.stateMachine ? { stateMachine: machine.stateMachine } : {}),
    };
    const start = this.stateMachine ? schedulerStartsStateMachine : schedulerStart;
    new IamRolePolicy(this, 'scheduler-permissions', {
      role: schedulerRole.name,
      name: 'iam-sweep-scheduler',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: allowStatements(start.permissions, { partition: config.partition, resources }, 'Scheduler'),
      }),
    });
    new SchedulerSchedule(this, 'schedule', {
      name: 'iam-sweep',
      description: 'Starts the iam-sweep orchestrator',
      scheduleExpression: config.schedule,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.stateMachine?.arn ?? this.orchestrator.arn,
        roleArn: schedulerRole.arn,
        input: '{}',
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: deadLetters.arn },
      },
    });
    return deadLetters;
  }

  /** Failed runs, failed accounts and actions, Identity Center not swept, missed schedules and runs, to the report topic. */
  private buildAlarms(config: DeployConfig, deadLetters: SqsQueue, failedInvocations: SqsQueue): void {
    const aboveZero = whenAboveZero(this.topic.arn);
    new CloudwatchMetricAlarm(this, 'orchestrator-errors-alarm', {
      ...aboveZero,
      alarmName: 'iam-sweep-orchestrator-errors',
      alarmDescription: 'The iam-sweep orchestrator failed: see its log group for the error',
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: this.orchestrator.functionName },
    });
    new CloudwatchMetricAlarm(this, 'accounts-failed-alarm', {
      ...aboveZero,
      alarmName: 'iam-sweep-accounts-failed',
      alarmDescription: 'iam-sweep could not sweep one or more accounts: the run report names them and why',
      namespace: METRIC_NAMESPACE,
      metricName: METRIC.accountsFailed,
    });
    new CloudwatchMetricAlarm(this, 'actions-failed-alarm', {
      ...aboveZero,
      alarmName: 'iam-sweep-actions-failed',
      alarmDescription: 'iam-sweep could not carry out one or more actions on users or keys: the run report names them and the error',
      namespace: METRIC_NAMESPACE,
      metricName: METRIC.actionsFailed,
    });
    new CloudwatchMetricAlarm(this, 'organization-circuit-breaker-alarm', {
      ...aboveZero,
      alarmName: 'iam-sweep-organization-circuit-breaker',
      alarmDescription:
        'iam-sweep acted on no account: more than maxOrganizationActionFraction of all users would have been acted on, ' +
        'which points to a systemic misjudgement (a wrong clock, a broken data source): the run report gives the counts',
      namespace: METRIC_NAMESPACE,
      metricName: METRIC.organizationCircuitBreakerTripped,
    });
    if (config.sweep.identityCenter) {
      new CloudwatchMetricAlarm(this, 'identity-center-not-swept-alarm', {
        ...aboveZero,
        alarmName: 'iam-sweep-identity-center-not-swept',
        alarmDescription:
          'iam-sweep did not sweep Identity Center (it failed, or refused because the sign-in source looked empty or broken): the run report says why',
        namespace: METRIC_NAMESPACE,
        metricName: METRIC.identityCenterNotSwept,
      });
    }
    new CloudwatchMetricAlarm(this, 'schedule-dlq-alarm', {
      ...aboveZero,
      statistic: 'Maximum',
      alarmName: 'iam-sweep-schedule-missed',
      alarmDescription: 'EventBridge Scheduler could not start the iam-sweep orchestrator: see the dead-letter queue',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: deadLetters.name },
    });
    new CloudwatchMetricAlarm(this, 'orchestrator-failures-alarm', {
      ...aboveZero,
      statistic: 'Maximum',
      alarmName: 'iam-sweep-orchestrator-failed-invocation',
      alarmDescription: 'An invocation of the iam-sweep orchestrator failed: its record (error and request) is in the queue ' + FAILED_INVOCATIONS_QUEUE_NAME,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: failedInvocations.name },
    });
    // CloudWatch evaluates at most 7 days, so: 7 whole UTC days without an invocation, which is at most
    // 8 days after the last run. A weekly schedule leaves at most 6 such days between two runs.
    new CloudwatchMetricAlarm(this, 'no-run-alarm', {
      alarmName: 'iam-sweep-no-run',
      alarmDescription:
        `The iam-sweep orchestrator has not run for ${NO_RUN_ALARM_DAYS} whole days (UTC), at most 8 days since the last run: ` +
        'check the schedule iam-sweep, its dead-letter queue and the function',
      namespace: 'AWS/Lambda',
      metricName: 'Invocations',
      dimensions: { FunctionName: this.orchestrator.functionName },
      statistic: 'Sum',
      period: 86400,
      evaluationPeriods: NO_RUN_ALARM_DAYS,
      datapointsToAlarm: NO_RUN_ALARM_DAYS,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      // No invocation means no data point at all: that is the missed run.
      treatMissingData: 'breaching',
      alarmActions: [this.topic.arn],
    });
  }
}
