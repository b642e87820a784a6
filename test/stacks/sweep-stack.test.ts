import { Testing } from 'cdktf';
import { CloudformationStackSet } from '@cdktf/provider-aws/lib/cloudformation-stack-set';
import { CloudformationStackSetInstance } from '@cdktf/provider-aws/lib/cloudformation-stack-set-instance';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationsResourcePolicy } from '@cdktf/provider-aws/lib/organizations-resource-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { configToEnv } from '../../lambdas/engine/config';
import { cleanupRolePermissionPolicy, cleanupRoleTemplate } from '../../stacks/cleanup-role';
import type { DeployConfig } from '../../stacks/deploy-config';
import { organizationReadStatements } from '../../stacks/organization-access';
import { orchestratorPolicy } from '../../stacks/orchestrator-policy';
import { reportTopicPolicy } from '../../stacks/report-topic-policy';
import { SweepStack } from '../../stacks/sweep-stack';
import type { SweepStackProps } from '../../stacks/sweep-stack';
import {
  actionsImportedByOrchestrator,
  declaredGrants,
  deployConfig,
  exampleConfigJson,
  fakeBundleDir,
  grants,
  onlyResource,
  policyIn,
  resolvedForAccount,
  resourcesOf,
} from './support';

const bundleDir = fakeBundleDir();

const sweepStack = (config: DeployConfig = deployConfig(), props: Partial<SweepStackProps> = {}) =>
  new SweepStack(Testing.app(), 'sweep', { config, orchestratorBundleDir: bundleDir, ...props });

const synthSweep = (overrides: Record<string, unknown> = {}, props: Partial<SweepStackProps> = {}) =>
  Testing.synth(sweepStack(deployConfig(overrides), props));

/** Terraform reads `$${` as a literal `${`. */
/** The stack set instance resources by logical id (the key Terraform tracks them by in state). */
const instancesByLogicalId = (synthesized: string): Record<string, Record<string, unknown>> =>
  (JSON.parse(synthesized) as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource.aws_cloudformation_stack_set_instance;

const fromTerraformLiteral = (text: string) => text.replaceAll('$${', '${').replaceAll('%%{', '%{');

describe('sweep stack: orchestrator Lambda', () => {
  test('runs on Node 22 for up to 900 s, one run at a time, with a full vCPU', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN the function has the runtime, timeout and reserved concurrency of a sweep
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'iam-sweep-orchestrator',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      timeout: 900,
      memory_size: 1769,
      reserved_concurrent_executions: 1,
      role: '${aws_iam_role.orchestrator-role.arn}',
    });
  });

  test('accepts Node 24', () => {
    // GIVEN the nodejs24.x runtime
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep({}, { runtime: 'nodejs24.x' });

    // THEN the function uses it
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, { runtime: 'nodejs24.x' });
  });

  test('deploys the bundle as an asset named by its content hash', () => {
    // GIVEN a bundle directory
    // WHEN the sweep stack is synthesized
    const fn = onlyResource(synthSweep(), 'aws_lambda_function');

    // THEN the zip's path and the source code hash are that content hash
    expect(fn.source_code_hash).toMatch(/^[0-9A-F]{32}$/);
    expect(fn.filename).toBe(`assets/orchestrator-bundle/${fn.source_code_hash}/archive.zip`);
  });

  test('changes the source code hash when the bundle changes', () => {
    // GIVEN two bundles with different code
    const other = fakeBundleDir('exports.handler = async () => ({ changed: true });\n');

    // WHEN the stack is synthesized with each
    const first = onlyResource(synthSweep(), 'aws_lambda_function');
    const second = onlyResource(synthSweep({}, { orchestratorBundleDir: other }), 'aws_lambda_function');

    // THEN the hashes differ, so Terraform deploys the new code
    expect(second.source_code_hash).not.toBe(first.source_code_hash);
  });

  test('receives the engine configuration as the engine’s environment variables', () => {
    // GIVEN engine settings in the deploy configuration
    const config = deployConfig({ sweep: { mode: 'disable', inactiveDays: 120, excludeUsers: ['ci-*', 'break-glass'] } });

    // WHEN the sweep stack is synthesized
    const synthesized = Testing.synth(sweepStack(config));

    // THEN the function's environment is exactly configToEnv of those settings, topic and bucket included
    const env = configToEnv(config.sweep);
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, { environment: { variables: env } });
    expect(env).toMatchObject({
      SWEEP_MODE: 'disable',
      SWEEP_INACTIVE_DAYS: '120',
      SWEEP_EXCLUDE_USERS: 'ci-*,break-glass',
      SWEEP_TOPIC_ARN: 'arn:aws:sns:us-east-1:222222222222:iam-sweep-report',
      SWEEP_REPORT_BUCKET: 'iam-sweep-reports-222222222222-us-east-1',
      SWEEP_TARGET_OUS: config.targetOuIds.join(','),
    });
  });

  test('does not retry a failed run at once', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN asynchronous invocations are not retried
    expect(synthesized).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, { maximum_retry_attempts: 0 });
  });

  test('keeps its logs in a log group with the configured retention', () => {
    // GIVEN a log retention of 30 days
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep({ logRetentionDays: 30 });

    // THEN the function's log group keeps logs 30 days
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/iam-sweep-orchestrator',
      retention_in_days: 30,
    });
  });

  test('refuses a missing bundle, saying how to build it', () => {
    // GIVEN a directory without index.js
    const empty = fakeBundleDir();
    const props = { orchestratorBundleDir: `${empty}/missing` };

    // WHEN the stack is built
    const build = () => sweepStack(deployConfig(), props);

    // THEN the error says to run the build
    expect(build).toThrow(/has no index\.js: run `npx tsx scripts\/build\.ts` first/);
  });
});

/** The orchestrator's role policy in a synthesized sweep stack. */
const orchestratorPolicyIn = (synthesized: string) =>
  policyIn(resourcesOf(synthesized, 'aws_iam_role_policy').find((policy) => policy.name === 'iam-sweep-orchestrator')!.policy);

/** What the example organization's read statements grant, action by action. */
const organizationReads = Object.fromEntries(
  grants({
    Version: '2012-10-17',
    Statement: organizationReadStatements({ partition: 'aws', organizationId: 'o-a1b2c3d4e5', managementAccountId: '111111111111' }),
  }),
);

describe('sweep stack: execution role', () => {

  test('is the fixed role name the member accounts trust, assumable by Lambda only', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const role = resourcesOf(synthSweep(), 'aws_iam_role').find((r) => r.name === 'IamSweepOrchestrator')!;

    // THEN only the Lambda service may assume it
    expect(policyIn(role.assume_role_policy).Statement).toEqual([
      { Sid: 'LambdaRunsOrchestrator', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
  });

  test('has the orchestrator policy for the configuration and the stack’s own topic, bucket and log group', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const document = orchestratorPolicyIn(synthSweep());

    // THEN it is orchestratorPolicy of those values
    expect(document).toEqual(
      orchestratorPolicy({
        partition: 'aws',
        organizationId: 'o-a1b2c3d4e5',
        managementAccountId: '111111111111',
        sweepManagementAccount: false,
        cleanupRoleName: 'IamSweepRole',
        topicArn: '${aws_sns_topic.report-topic.arn}',
        reportBucketArn: '${aws_s3_bucket.report-bucket.arn}',
        logGroupArn: '${aws_cloudwatch_log_group.orchestrator-logs.arn}',
        identityCenter: false,
        failureQueueArn: '${aws_sqs_queue.orchestrator-failures.arn}',
      }),
    );
  });

  test('may assume the cleanup role in the organization, read it, publish, record a failure, write reports, read backups and state, and its logs', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const granted = grants(orchestratorPolicyIn(synthSweep()));

    // THEN these are all its grants
    expect(Object.fromEntries(granted)).toEqual({
      'sts:AssumeRole': ['arn:aws:iam::*:role/IamSweepRole'],
      ...organizationReads,
      'sns:Publish': ['${aws_sns_topic.report-topic.arn}'],
      'sqs:SendMessage': ['${aws_sqs_queue.orchestrator-failures.arn}'],
      's3:PutObject': [
        '${aws_s3_bucket.report-bucket.arn}/backups/*',
        '${aws_s3_bucket.report-bucket.arn}/reports/*',
        '${aws_s3_bucket.report-bucket.arn}/state/*',
      ],
      's3:GetObject': ['${aws_s3_bucket.report-bucket.arn}/backups/*', '${aws_s3_bucket.report-bucket.arn}/state/*'],
      's3:ListBucket': ['${aws_s3_bucket.report-bucket.arn}'],
      'logs:CreateLogStream': ['${aws_cloudwatch_log_group.orchestrator-logs.arn}:log-stream:*'],
      'logs:PutLogEvents': ['${aws_cloudwatch_log_group.orchestrator-logs.arn}:log-stream:*'],
    });
  });

  test('may not assume a role in the management account while it is not swept, and may when it is', () => {
    // GIVEN the management account not swept, then swept
    // WHEN the sweep stack is synthesized for each
    const denials = (sweepManagementAccount: boolean) =>
      orchestratorPolicyIn(synthSweep({ sweepManagementAccount })).Statement.filter((statement) => statement.Effect === 'Deny');

    // THEN only the first denies AssumeRole into any role of the management account
    expect(denials(false)).toEqual([
      { Sid: 'NoRoleInManagementAccount', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111111111111:role/*' },
    ]);
    expect(denials(true)).toEqual([]);
  });
});

describe('sweep stack: execution role with the Identity Center sweep', () => {
  const withIdentityCenter = () => ({
    sweep: { ...(exampleConfigJson().sweep as Record<string, unknown>), identityCenter: true },
    identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef',
    identityStoreId: 'd-0123456789',
  });

  test('grants nothing of Identity Center while the sweep of it is off', () => {
    // GIVEN the example configuration (identityCenter off)
    // WHEN the sweep stack is synthesized
    const granted = grants(orchestratorPolicyIn(synthSweep()));

    // THEN no Identity Center or CloudTrail grant is there, and state/ holds only what runs leave for the next
    expect([...granted.keys()].filter((action) => /^(sso|identitystore|cloudtrail):/.test(action))).toEqual([]);
    expect(granted.get('s3:GetObject')).toEqual(['${aws_s3_bucket.report-bucket.arn}/backups/*', '${aws_s3_bucket.report-bucket.arn}/state/*']);
  });

  test('grants exactly the Identity Center, sign-in and state actions when sweep.identityCenter is true, on its one instance and store', () => {
    // GIVEN sweep.identityCenter: true, with the instance and identity store
    // WHEN the sweep stack is synthesized
    const document = orchestratorPolicyIn(synthSweep(withIdentityCenter()));
    const granted = grants(document);

    // THEN these are all its grants, Identity Center's on its resource types
    const instance = 'arn:aws:sso:::instance/ssoins-0123456789abcdef';
    const permissionSet = 'arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/*';
    const account = 'arn:aws:sso:::account/*';
    const store = 'arn:aws:identitystore::*:identitystore/d-0123456789';
    const user = 'arn:aws:identitystore:::user/*';
    const group = 'arn:aws:identitystore:::group/*';
    const membership = 'arn:aws:identitystore:::membership/*';
    expect(Object.fromEntries(granted)).toEqual({
      'sts:AssumeRole': ['arn:aws:iam::*:role/IamSweepRole'],
      ...organizationReads,
      'sns:Publish': ['${aws_sns_topic.report-topic.arn}'],
      'sqs:SendMessage': ['${aws_sqs_queue.orchestrator-failures.arn}'],
      's3:PutObject': [
        '${aws_s3_bucket.report-bucket.arn}/backups/*',
        '${aws_s3_bucket.report-bucket.arn}/reports/*',
        '${aws_s3_bucket.report-bucket.arn}/state/*',
      ],
      's3:GetObject': ['${aws_s3_bucket.report-bucket.arn}/backups/*', '${aws_s3_bucket.report-bucket.arn}/state/*'],
      's3:ListBucket': ['${aws_s3_bucket.report-bucket.arn}'],
      'logs:CreateLogStream': ['${aws_cloudwatch_log_group.orchestrator-logs.arn}:log-stream:*'],
      'logs:PutLogEvents': ['${aws_cloudwatch_log_group.orchestrator-logs.arn}:log-stream:*'],
      'sso:ListInstances': ['*'],
      'cloudtrail:LookupEvents': ['*'],
      'sso:ListPermissionSets': [instance],
      'sso:DescribeAccountAssignmentDeletionStatus': [instance],
      'sso:ListAccountsForProvisionedPermissionSet': [instance, permissionSet],
      'sso:ListAccountAssignments': [account, instance, permissionSet],
      'sso:DeleteAccountAssignment': [account, instance, permissionSet],
      'identitystore:ListUsers': [store, user],
      'identitystore:DescribeUser': [store, user],
      'identitystore:DeleteUser': [store, user],
      'identitystore:ListGroupMembershipsForMember': [store, membership, user],
      'identitystore:DeleteGroupMembership': [store, group, membership, user],
    });
    // AND the state objects may be listed, to find the quarantine clocks and the accounts not reached
    const listing = document.Statement.find((statement) => [statement.Action].flat().includes('s3:ListBucket'))!;
    expect(listing.Condition).toEqual({ StringLike: { 's3:prefix': ['backups/*', 'state/*'] } });
  });

  test('grants every Identity Center action the orchestrator code calls, and no other', async () => {
    // GIVEN the sso-admin and identitystore operations the orchestrator's source files import
    const called = await actionsImportedByOrchestrator({ '@aws-sdk/client-sso-admin': 'sso', '@aws-sdk/client-identitystore': 'identitystore' });

    // WHEN the stack is synthesized with the Identity Center sweep on
    const granted = [...grants(orchestratorPolicyIn(synthSweep(withIdentityCenter()))).keys()].filter((action) =>
      /^(sso|identitystore):/.test(action),
    );

    // THEN the two sets are the same
    expect(called.size).toBeGreaterThan(0);
    expect(granted.sort()).toEqual([...called].sort());
  });
});

describe('sweep stack: report topic', () => {
  test('subscribes every report address by email', () => {
    // GIVEN two report addresses
    const reportEmails = ['iam-owners@example.com', 'security@example.com'];

    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep({ reportEmails });

    // THEN the topic has one email subscription per address
    expect(synthesized).toHaveResourceWithProperties(SnsTopic, { name: 'iam-sweep-report' });
    for (const endpoint of reportEmails) {
      expect(synthesized).toHaveResourceWithProperties(SnsTopicSubscription, {
        protocol: 'email',
        endpoint,
        topic_arn: '${aws_sns_topic.report-topic.arn}',
      });
    }
    expect(resourcesOf(synthesized, 'aws_sns_topic_subscription')).toHaveLength(2);
  });
});

describe('sweep stack: schedule', () => {
  test('starts the orchestrator weekly on Monday 06:00 UTC by default', () => {
    // GIVEN no schedule in the configuration
    const raw = { schedule: undefined };

    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep(raw);

    // THEN EventBridge Scheduler invokes the function at that time
    expect(synthesized).toHaveResourceWithProperties(SchedulerSchedule, {
      schedule_expression: 'cron(0 6 ? * MON *)',
      schedule_expression_timezone: 'UTC',
      flexible_time_window: { mode: 'OFF' },
    });
  });

  test('retries a failed start and sends what it cannot start to a dead-letter queue', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const schedule = onlyResource(synthSweep(), 'aws_scheduler_schedule');

    // THEN the target has a retry policy and a dead-letter queue
    expect(schedule.target).toEqual({
      arn: '${aws_lambda_function.orchestrator.arn}',
      role_arn: '${aws_iam_role.scheduler-role.arn}',
      input: '{}',
      retry_policy: { maximum_retry_attempts: 3, maximum_event_age_in_seconds: 3600 },
      dead_letter_config: { arn: '${aws_sqs_queue.schedule-dlq.arn}' },
    });
  });

  test('gives the scheduler a role only EventBridge Scheduler may assume, for schedules of this account', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const role = resourcesOf(synthSweep(), 'aws_iam_role').find((r) => r.name === 'IamSweepScheduler')!;

    // THEN its one trust statement names the service and the delegated-admin account
    expect(policyIn(role.assume_role_policy).Statement).toEqual([
      {
        Sid: 'SchedulerStartsOrchestrator',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
      },
    ]);
  });

  test('lets the scheduler invoke only the orchestrator and write only to its dead-letter queue', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const policy = resourcesOf(synthSweep(), 'aws_iam_role_policy').find((p) => p.name === 'iam-sweep-scheduler')!;

    // THEN those are its only grants
    expect(Object.fromEntries(grants(policyIn(policy.policy)))).toEqual({
      'lambda:InvokeFunction': ['${aws_lambda_function.orchestrator.arn}'],
      'sqs:SendMessage': ['${aws_sqs_queue.schedule-dlq.arn}'],
    });
  });
});

describe('sweep stack: report bucket', () => {
  test('is named after the delegated-admin account and Region', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN the bucket has the derived name
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, { bucket: 'iam-sweep-reports-222222222222-us-east-1' });
  });

  test('is versioned, encrypted and closed to the public', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN versioning, default encryption and all four public access blocks are on
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('refuses requests without TLS', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const policy = policyIn(onlyResource(synthSweep(), 'aws_s3_bucket_policy').policy);

    // THEN the bucket policy denies every insecure request
    expect(policy.Statement.find((statement) => statement.Sid === 'DenyInsecureTransport')).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: ['${aws_s3_bucket.report-bucket.arn}', '${aws_s3_bucket.report-bucket.arn}/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  test('lets no one delete a backup while no backup administrator is configured', () => {
    // GIVEN the example configuration (backupAdminPrincipalArns not set)
    // WHEN the sweep stack is synthesized
    const policy = policyIn(onlyResource(synthSweep(), 'aws_s3_bucket_policy').policy);

    // THEN deleting any object or version under backups/ is denied to every principal, without condition
    expect(policy.Statement.find((statement) => statement.Sid === 'ProtectBackups')).toEqual({
      Sid: 'ProtectBackups',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: '${aws_s3_bucket.report-bucket.arn}/backups/*',
    });
  });

  test('lets only the configured backup administrators delete backups', () => {
    // GIVEN a backup administrator role
    const backupAdminPrincipalArns = ['arn:aws:iam::222222222222:role/BackupAdmin'];

    // WHEN the sweep stack is synthesized
    const policy = policyIn(onlyResource(synthSweep({ backupAdminPrincipalArns }), 'aws_s3_bucket_policy').policy);

    // THEN the Deny spares exactly that principal
    expect(policy.Statement.find((statement) => statement.Sid === 'ProtectBackups')?.Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': backupAdminPrincipalArns },
    });
  });

  test('expires old reports and keeps backups longer', () => {
    // GIVEN reports kept 90 days and backups 400
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep({ reportRetentionDays: 90, backupRetentionDays: 400 });

    // THEN each prefix expires after its own retention, a run's parts with its report
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: expect.arrayContaining([
        expect.objectContaining({ id: 'expire-reports', filter: [{ prefix: 'reports/' }], expiration: [{ days: 90 }] }),
        expect.objectContaining({ id: 'expire-backups', filter: [{ prefix: 'backups/' }], expiration: [{ days: 400 }] }),
        expect.objectContaining({ id: 'expire-run-parts', filter: [{ prefix: 'runs/' }], expiration: [{ days: 90 }] }),
      ]),
    });
  });

  test("keeps a run's parts longer than an execution may run, whatever the reports' retention", () => {
    // GIVEN reports kept one day, shorter than an execution's one-day limit plus S3's rounding
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep({ reportRetentionDays: 1 });

    // THEN a run's parts outlive any execution that still reads them
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: expect.arrayContaining([expect.objectContaining({ id: 'expire-run-parts', expiration: [{ days: 2 }] })]),
    });
  });
});

describe('sweep stack: alarms', () => {
  test('alarms on orchestrator errors, to the report topic', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN any Lambda error raises an alarm to the topic
    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      dimensions: { FunctionName: '${aws_lambda_function.orchestrator.function_name}' },
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      alarm_actions: ['${aws_sns_topic.report-topic.arn}'],
    });
  });

  test('alarms on failed accounts, to the report topic', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN any failed account raises an alarm to the topic
    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'IamSweep',
      metric_name: 'AccountsFailed',
      statistic: 'Sum',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      alarm_actions: ['${aws_sns_topic.report-topic.arn}'],
    });
  });

  test('alarms when the organization circuit breaker held every account back, to the report topic', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN a tripped organization breaker raises an alarm to the topic, on the metric the orchestrator writes
    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'iam-sweep-organization-circuit-breaker',
      namespace: 'IamSweep',
      metric_name: 'OrganizationCircuitBreakerTripped',
      statistic: 'Sum',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      treat_missing_data: 'notBreaching',
      alarm_actions: ['${aws_sns_topic.report-topic.arn}'],
    });
  });
});

describe('sweep stack: the Identity Center alarm', () => {
  const alarmNames = (synthesized: string) => resourcesOf(synthesized, 'aws_cloudwatch_metric_alarm').map((alarm) => alarm.alarm_name);

  test('alarms when Identity Center was not swept, only when it is to be swept', () => {
    // GIVEN the example configuration, then with sweep.identityCenter: true
    const withIdentityCenter = {
      sweep: { ...(exampleConfigJson().sweep as Record<string, unknown>), identityCenter: true },
      identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef',
      identityStoreId: 'd-0123456789',
    };

    // WHEN the sweep stack is synthesized
    // THEN only the second has the alarm, on the metric the orchestrator writes
    expect(alarmNames(synthSweep())).not.toContain('iam-sweep-identity-center-not-swept');
    const synthesized = synthSweep(withIdentityCenter);
    expect(alarmNames(synthesized)).toContain('iam-sweep-identity-center-not-swept');
    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'iam-sweep-identity-center-not-swept',
      namespace: 'IamSweep',
      metric_name: 'IdentityCenterNotSwept',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      alarm_actions: ['${aws_sns_topic.report-topic.arn}'],
    });
  });
});

describe('sweep stack: cleanup role StackSet', () => {
  test('is service-managed, auto-deploying and called as delegated administrator', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN the StackSet has the properties a delegated administrator needs for named IAM roles
    expect(synthesized).toHaveResourceWithProperties(CloudformationStackSet, {
      permission_model: 'SERVICE_MANAGED',
      call_as: 'DELEGATED_ADMIN',
      capabilities: ['CAPABILITY_NAMED_IAM'],
      auto_deployment: { enabled: true, retain_stacks_on_account_removal: false },
    });
  });

  test('ignores the administration role ARN that provider 6.25 reports as changed on every plan', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN the attribute is ignored
    expect(synthesized).toHaveResourceWithProperties(CloudformationStackSet, {
      lifecycle: { ignore_changes: ['administration_role_arn'] },
    });
  });

  test('deploys to each target OU through its own instance resource, in us-east-1 by default', () => {
    // GIVEN two target OUs and a home Region other than us-east-1
    const targetOuIds = ['ou-a1b2-11111111', 'ou-a1b2-22222222'];

    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep({ targetOuIds, homeRegion: 'eu-west-1' });

    // THEN one stack instance resource per OU targets that OU alone, in us-east-1
    const instances = instancesByLogicalId(synthesized);
    expect(Object.keys(instances).sort()).toEqual(['cleanup-role-instances-ou-a1b2-11111111', 'cleanup-role-instances-ou-a1b2-22222222']);
    for (const ouId of targetOuIds) {
      expect(instances[`cleanup-role-instances-${ouId}`]).toMatchObject({
        call_as: 'DELEGATED_ADMIN',
        stack_set_instance_region: 'us-east-1',
        deployment_targets: { organizational_unit_ids: [ouId] },
        retain_stack: false,
      });
    }
  });

  test('adding an OU leaves the instance resources of the existing OUs as they were', () => {
    // GIVEN a deployment to two OUs
    const before = instancesByLogicalId(synthSweep({ targetOuIds: ['ou-a1b2-11111111', 'ou-a1b2-22222222'] }));

    // WHEN a third OU is added in the middle of the list
    const after = instancesByLogicalId(synthSweep({ targetOuIds: ['ou-a1b2-11111111', 'ou-a1b2-33333333', 'ou-a1b2-22222222'] }));

    // THEN the two existing resources keep their logical ids and every argument, and one resource is new
    expect(after['cleanup-role-instances-ou-a1b2-11111111']).toEqual(before['cleanup-role-instances-ou-a1b2-11111111']);
    expect(after['cleanup-role-instances-ou-a1b2-22222222']).toEqual(before['cleanup-role-instances-ou-a1b2-22222222']);
    expect(Object.keys(after).filter((id) => !(id in before))).toEqual(['cleanup-role-instances-ou-a1b2-33333333']);
  });

  test('takes over the state of the earlier all-OU instance resource when there is one OU, so nothing is replaced', () => {
    // GIVEN one target OU (the root, as in the example), then two
    // WHEN the sweep stack is synthesized
    const moved = (targetOuIds: string[]) => (JSON.parse(synthSweep({ targetOuIds })) as { moved?: unknown[] }).moved;

    // THEN with one OU a moved block carries the earlier resource to that OU's, and with two there is none
    expect(moved(['r-a1b2'])).toEqual([
      {
        from: 'aws_cloudformation_stack_set_instance.cleanup-role-instances',
        to: 'aws_cloudformation_stack_set_instance.cleanup-role-instances-r-a1b2',
      },
    ]);
    expect(moved(['ou-a1b2-11111111', 'ou-a1b2-22222222'])).toBeUndefined();
  });

  test('deploys the instances in the configured stackSetInstanceRegion', () => {
    // GIVEN stackSetInstanceRegion eu-central-1
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep({ stackSetInstanceRegion: 'eu-central-1' });

    // THEN the instance is in that Region
    expect(synthesized).toHaveResourceWithProperties(CloudformationStackSetInstance, { stack_set_instance_region: 'eu-central-1' });
  });

  test('tolerates failures by count with SOFT_FAILURE_TOLERANCE, and ignores later edits of the preferences', () => {
    // GIVEN the default tolerance, then 2 failures and 20 at once
    // WHEN the sweep stack is synthesized
    const preferences = (overrides: Record<string, unknown>) =>
      onlyResource(synthSweep(overrides), 'aws_cloudformation_stack_set_instance');

    // THEN each instance resource uses counts, never a percentage, and ignores changes to them
    expect(preferences({})).toMatchObject({
      operation_preferences: { concurrency_mode: 'SOFT_FAILURE_TOLERANCE', failure_tolerance_count: 5, max_concurrent_count: 10 },
      lifecycle: { ignore_changes: ['operation_preferences'] },
    });
    const configured = preferences({ stackSetFailureToleranceCount: 2, stackSetMaxConcurrentCount: 20 });
    expect(configured.operation_preferences).toEqual({
      concurrency_mode: 'SOFT_FAILURE_TOLERANCE',
      failure_tolerance_count: 2,
      max_concurrent_count: 20,
    });
    // AND the stack set's own preferences (template updates, strict mode) run at most one more than tolerated
    expect(onlyResource(synthSweep({ stackSetFailureToleranceCount: 2, stackSetMaxConcurrentCount: 20 }), 'aws_cloudformation_stack_set').operation_preferences).toEqual({
      failure_tolerance_count: 2,
      max_concurrent_count: 3,
    });
  });

  test('carries the cleanup role template, escaped so Terraform passes Fn::Sub through', () => {
    // GIVEN the example configuration
    const config = deployConfig();

    // WHEN the sweep stack is synthesized
    const templateBody = onlyResource(Testing.synth(sweepStack(config)), 'aws_cloudformation_stack_set').template_body as string;

    // THEN Terraform sees no template expression, and reads back the shared template
    expect(templateBody.replaceAll('$${', '')).not.toContain('${');
    expect(fromTerraformLiteral(templateBody)).toBe(
      cleanupRoleTemplate({
        roleName: 'IamSweepRole',
        orchestratorAccountId: '222222222222',
        organizationId: 'o-a1b2c3d4e5',
        excludeTag: { key: 'iam-sweep:exclude', value: 'true' },
      }),
    );
  });

  test('gives member accounts a role with exactly the declared actions on their own users', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const templateBody = onlyResource(synthSweep(), 'aws_cloudformation_stack_set').template_body as string;

    // THEN the template's role grants the engine's declared actions, resolved per account through Fn::Sub
    const template = JSON.parse(fromTerraformLiteral(templateBody));
    const document = template.Resources.CleanupRole.Properties.Policies[0].PolicyDocument;
    const granted = grants(resolvedForAccount(document, 'aws', '333333333333'));
    expect(Object.fromEntries(granted)).toEqual(Object.fromEntries(declaredGrants('aws', '333333333333')));
  });

  test('denies member accounts’ role every write to a user carrying the configured exclude tag', () => {
    // GIVEN the exclude tag keep=yes
    const sweep = { ...(exampleConfigJson().sweep as Record<string, unknown>), excludeTag: 'keep=yes' };

    // WHEN the sweep stack is synthesized
    const templateBody = onlyResource(synthSweep({ sweep }), 'aws_cloudformation_stack_set').template_body as string;

    // THEN the template's role is the shared one for that tag, resolved per account
    const template = JSON.parse(fromTerraformLiteral(templateBody));
    const document = resolvedForAccount(template.Resources.CleanupRole.Properties.Policies[0].PolicyDocument, 'aws', '333333333333');
    expect(document).toEqual(
      cleanupRolePermissionPolicy({
        partition: 'aws',
        accountId: '333333333333',
        orchestratorAccountId: '222222222222',
        organizationId: 'o-a1b2c3d4e5',
        excludeTag: { key: 'keep', value: 'yes' },
      }),
    );
    expect(document.Statement.find((statement) => statement.Effect === 'Deny')?.Condition).toEqual({
      Null: { 'aws:ResourceTag/keep': 'false' },
      StringNotEqualsIgnoreCase: { 'aws:ResourceTag/keep': ['false', 'no', '0', 'off'] },
    });
  });
});

describe('sweep stack: deployment', () => {
  test('pins its provider to the delegated-admin account in the home Region', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN the provider refuses any other account
    expect(synthesized).toHaveProviderWithProperties(AwsProvider, {
      profile: 'iam-sweep-admin',
      region: 'us-east-1',
      allowed_account_ids: ['222222222222'],
    });
  });

  test('stands alone: nothing of the management stack, no remote state', () => {
    // GIVEN the example configuration with the management account swept
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep({ sweepManagementAccount: true });

    // THEN it neither creates nor reads management-stack resources
    expect(synthesized).not.toHaveResource(OrganizationsResourcePolicy);
    expect(synthesized).not.toHaveResource(OrganizationsDelegatedAdministrator);
    expect(JSON.parse(synthesized).data).toBeUndefined();
  });

  test('creates only the orchestrator’s and the scheduler’s IAM roles', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN its IAM roles are the orchestrator's and the scheduler's
    expect(synthesized).toHaveResourceWithProperties(IamRole, { name: 'IamSweepOrchestrator' });
    expect(synthesized).toHaveResourceWithProperties(IamRole, { name: 'IamSweepScheduler' });
    expect(resourcesOf(synthesized, 'aws_iam_role')).toHaveLength(2);
  });
});

describe('sweep stack: rollout safeguards', () => {
  test('lets only the orchestrator and this account\'s iam-sweep alarms publish to the report topic', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const topicPolicy = onlyResource(synthSweep(), 'aws_sns_topic_policy');

    // THEN CloudWatch may publish for iam-sweep alarms of this account, and everyone else but the orchestrator is denied
    expect(topicPolicy.arn).toBe('${aws_sns_topic.report-topic.arn}');
    expect(policyIn(topicPolicy.policy)).toEqual(
      reportTopicPolicy({ partition: 'aws', accountId: '222222222222', region: 'us-east-1', topicArn: '${aws_sns_topic.report-topic.arn}' }),
    );
    const [alarms, deny] = policyIn(topicPolicy.policy).Statement;
    expect(alarms).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:222222222222:alarm:iam-sweep-*' } },
    });
    expect(deny).toMatchObject({
      Effect: 'Deny',
      Action: 'sns:Publish',
      Condition: {
        ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/IamSweepOrchestrator' },
        StringNotEquals: { 'aws:PrincipalServiceName': 'cloudwatch.amazonaws.com' },
      },
    });
  });

  test('expires earlier versions of state/ objects, which every run rewrites, and never the current ones', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const { rule } = onlyResource(synthSweep(), 'aws_s3_bucket_lifecycle_configuration') as { rule: Record<string, unknown>[] };

    // THEN a rule on state/ expires noncurrent versions after 30 days, without an expiration of the current
    expect(rule.find((candidate) => candidate.id === 'expire-old-state')).toEqual({
      id: 'expire-old-state',
      status: 'Enabled',
      filter: [{ prefix: 'state/' }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
  });

  test('sends the record of a failed asynchronous invocation to its own queue, and alarms on it', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    const synthesized = synthSweep();

    // THEN the on-failure destination is the failures queue, which keeps records 14 days
    expect(onlyResource(synthesized, 'aws_lambda_function_event_invoke_config').destination_config).toEqual({
      on_failure: { destination: '${aws_sqs_queue.orchestrator-failures.arn}' },
    });
    expect(synthesized).toHaveResourceWithProperties(SqsQueue, {
      name: 'iam-sweep-orchestrator-failures',
      message_retention_seconds: 1209600,
      sqs_managed_sse_enabled: true,
    });
    // AND a record waiting there raises an alarm to the report topic
    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'iam-sweep-orchestrator-failed-invocation',
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: '${aws_sqs_queue.orchestrator-failures.name}' },
      alarm_actions: ['${aws_sns_topic.report-topic.arn}'],
    });
  });

  test('alarms when no run happened for 7 whole days, missing data counting as no run', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    // THEN the alarm sums invocations per day and fires after 7 days below 1, at most 8 days after the last run
    expect(synthSweep()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'iam-sweep-no-run',
      namespace: 'AWS/Lambda',
      metric_name: 'Invocations',
      dimensions: { FunctionName: '${aws_lambda_function.orchestrator.function_name}' },
      statistic: 'Sum',
      period: 86400,
      evaluation_periods: 7,
      datapoints_to_alarm: 7,
      threshold: 1,
      comparison_operator: 'LessThanThreshold',
      treat_missing_data: 'breaching',
      alarm_actions: ['${aws_sns_topic.report-topic.arn}'],
    });
  });

  test('alarms when actions on users or keys failed', () => {
    // GIVEN the example configuration
    // WHEN the sweep stack is synthesized
    // THEN an alarm watches the ActionsFailed metric the orchestrator writes
    expect(synthSweep()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'iam-sweep-actions-failed',
      namespace: 'IamSweep',
      metric_name: 'ActionsFailed',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      alarm_actions: ['${aws_sns_topic.report-topic.arn}'],
    });
  });
});
