import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SETTINGS, configToEnv, parseSweepConfig } from '../../lambdas/engine/config';
import {
  CONFIG_FILE,
  DEFAULT_SCHEDULE,
  DeployConfigError,
  EXAMPLE_CONFIG_FILE,
  loadDeployConfig,
  parseDeployConfig,
} from '../../stacks/deploy-config';
import { CONFIG_SOURCE, PROJECT_DIR, deployConfig, exampleConfigJson } from './support';

const without = (...fields: string[]) => {
  const raw = exampleConfigJson();
  for (const field of fields) delete raw[field];
  return raw;
};

const withFields = (fields: Record<string, unknown>) => ({ ...exampleConfigJson(), ...fields });

const sweepWith = (settings: Record<string, unknown>) =>
  withFields({ sweep: { ...(exampleConfigJson().sweep as Record<string, unknown>), ...settings } });

const failureOf = (raw: unknown): DeployConfigError => {
  try {
    parseDeployConfig(raw, CONFIG_SOURCE);
  } catch (error) {
    if (error instanceof DeployConfigError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
};

describe('parseDeployConfig', () => {
  test('accepts the checked-in example as written', () => {
    // GIVEN the example configuration
    const raw = exampleConfigJson();

    // WHEN it is parsed
    const config = parseDeployConfig(raw, EXAMPLE_CONFIG_FILE);

    // THEN every field carries the example's value
    expect(config).toMatchObject({
      organizationId: 'o-a1b2c3d4e5',
      managementAccountId: '111111111111',
      delegatedAdminAccountId: '222222222222',
      homeRegion: 'us-east-1',
      targetOuIds: ['r-a1b2'],
      reportEmails: ['iam-owners@example.com'],
      providers: { management: { profile: 'org-management' }, sweep: { profile: 'iam-sweep-admin' } },
      sweep: { mode: 'report', inactiveDays: 90, excludeUsers: ['break-glass-*'], maxDeletionsPerRun: 100, maxOrganizationActionFraction: 0.5 },
    });
  });

  test('takes the organization-wide brakes by their engine names, and rejects bad values naming the field', () => {
    // GIVEN the organization's brakes set, then one of them out of range
    const set = sweepWith({ maxDeletionsPerRun: 10, maxOrganizationActionFraction: 0.3 });
    const bad = sweepWith({ maxOrganizationActionFraction: 1.5 });

    // WHEN each is parsed
    const config = parseDeployConfig(set, CONFIG_SOURCE);
    const error = failureOf(bad);

    // THEN the settings reach the engine's configuration, and the bad one is named as written in the file
    expect(config.sweep).toMatchObject({ maxDeletionsPerRun: 10, maxOrganizationActionFraction: 0.3 });
    expect(error.field).toBe('sweep.maxOrganizationActionFraction');
    expect(error.message).toContain('sweep.maxOrganizationActionFraction="1.5" is not valid: use a fraction greater than 0 and at most 1');
  });

  test('fills in the defaults of every optional field', () => {
    // GIVEN a configuration with only the required fields
    const raw = without(
      'targetOuIds',
      'schedule',
      'sweepManagementAccount',
      'sweep',
      'logRetentionDays',
      'reportRetentionDays',
      'backupRetentionDays',
    );

    // WHEN it is parsed
    const config = parseDeployConfig(raw, CONFIG_SOURCE);

    // THEN the root is the target, the sweep runs Mondays 06:00 UTC in report mode, and nothing else is assumed
    expect(config).toMatchObject({
      targetOuIds: ['r-a1b2'],
      schedule: DEFAULT_SCHEDULE,
      sweepManagementAccount: false,
      logRetentionDays: 90,
      reportRetentionDays: 365,
      backupRetentionDays: 730,
    });
    expect(config.schedule).toBe('cron(0 6 ? * MON *)');
    expect(config.sweep).toEqual(
      parseSweepConfig(
        { topicArn: config.topicArn, reportBucket: config.reportBucket, skipManagementAccount: 'true', targetOus: config.rootId },
        (name) => SETTINGS[name].env,
      ),
    );
  });

  test('derives the topic ARN and the report bucket and hands them to the engine', () => {
    // GIVEN the example configuration
    // WHEN it is parsed
    const config = deployConfig();

    // THEN both are named after the delegated-admin account and the home Region
    expect(config.topicArn).toBe('arn:aws:sns:us-east-1:222222222222:iam-sweep-report');
    expect(config.reportBucket).toBe('iam-sweep-reports-222222222222-us-east-1');
    expect(config.sweep).toMatchObject({ topicArn: config.topicArn, reportBucket: config.reportBucket });
  });

  test('derives the partition from the home Region', () => {
    // GIVEN a home Region in China, and the StackSet instance Region left to its default
    // WHEN the configuration is parsed
    const config = deployConfig({ homeRegion: 'cn-north-1', stackSetInstanceRegion: undefined });

    // THEN ARNs use the aws-cn partition, and the instances go to that partition's default Region
    expect(config.partition).toBe('aws-cn');
    expect(config.topicArn).toBe('arn:aws-cn:sns:cn-north-1:222222222222:iam-sweep-report');
    expect(config.stackSetInstanceRegion).toBe('cn-north-1');
  });

  test('accepts a profile that assumes a role', () => {
    // GIVEN sweep credentials from a profile that assumes a deploy role in the delegated-admin account
    const sweep = { profile: 'tooling', roleArn: 'arn:aws:iam::222222222222:role/Deployer' };

    // WHEN the configuration is parsed
    const config = deployConfig({ providers: { management: { profile: 'org-management' }, sweep } });

    // THEN both are kept
    expect(config.providers.sweep).toEqual(sweep);
  });

  test('hands list settings to the engine as lists', () => {
    // GIVEN an allow-list of accounts as a JSON list
    // WHEN the configuration is parsed
    const config = parseDeployConfig(sweepWith({ accounts: ['333333333333', '444444444444'] }), CONFIG_SOURCE);

    // THEN the engine sees both accounts
    expect(config.sweep.accounts).toEqual(['333333333333', '444444444444']);
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'a short account id',
      withFields({ delegatedAdminAccountId: '12345' }),
      'iam-sweep.config.json: delegatedAdminAccountId "12345" must be a 12-digit account id',
    ],
    ['a missing account id', without('managementAccountId'), 'managementAccountId is missing: set it to a 12-digit account id'],
    ['the management account as delegated admin', withFields({ delegatedAdminAccountId: '111111111111' }), 'is the management account: use a member account'],
    ['a malformed organization id', withFields({ organizationId: 'org-1' }), 'organizationId "org-1" must be the organization id'],
    ['a malformed root id', withFields({ rootId: 'root' }), 'rootId "root" must be the root id'],
    ['a malformed Region', withFields({ homeRegion: 'virginia' }), 'homeRegion "virginia" must be a Region code such as us-east-1'],
    ['a malformed OU id', withFields({ targetOuIds: ['sandbox'] }), 'targetOuIds entry "sandbox" must be an OU id (ou-…) or the root id "r-a1b2"'],
    ['no target OUs', withFields({ targetOuIds: [] }), 'targetOuIds is empty'],
    ['no report address', withFields({ reportEmails: [] }), 'reportEmails is empty: list at least one address'],
    ['a malformed address', withFields({ reportEmails: ['security-team'] }), 'reportEmails entry "security-team" must be an email address'],
    ['an address listed twice', withFields({ reportEmails: ['a@example.com', 'A@example.com'] }), 'reportEmails lists "A@example.com" twice'],
    ['a schedule in prose', withFields({ schedule: 'every Monday' }), 'schedule "every Monday" must be an EventBridge Scheduler expression'],
    ['a non-boolean switch', withFields({ sweepManagementAccount: 'yes' }), 'sweepManagementAccount "yes" must be true or false'],
    ['no providers', without('providers'), 'providers is missing: set providers.management and providers.sweep'],
    [
      'a provider without credentials',
      withFields({ providers: { management: { profile: 'org-management' }, sweep: {} } }),
      'providers.sweep must say how the sweep stack gets credentials for account 222222222222',
    ],
    [
      'a deploy role in the wrong account',
      withFields({ providers: { management: { roleArn: 'arn:aws:iam::222222222222:role/Deployer' }, sweep: { profile: 'x' } } }),
      'providers.management.roleArn "arn:aws:iam::222222222222:role/Deployer" is in account 222222222222, but the management stack deploys to managementAccountId 111111111111',
    ],
    ['an engine mode that does not exist', sweepWith({ mode: 'purge' }), 'sweep.mode="purge" is not valid: use one of report, disable, delete'],
    ['zero inactive days', sweepWith({ inactiveDays: 0 }), 'sweep.inactiveDays="0" is not valid: use a whole number from 1 to 3650'],
    ['a configured topic ARN', sweepWith({ topicArn: 'arn:aws:sns:us-east-1:222222222222:x' }), 'sweep.topicArn is derived (from delegatedAdminAccountId, homeRegion, sweepManagementAccount and targetOuIds): remove it'],
    ['an unknown engine setting', sweepWith({ inactiveDay: 30 }), 'sweep.inactiveDay is not an engine setting: remove it or fix its spelling'],
    ['a list setting holding numbers', sweepWith({ accounts: [333333333333] }), 'sweep.accounts [333333333333] must be a list of strings without commas'],
    ['an engine setting at the top level', withFields({ inactiveDays: 30 }), 'inactiveDays is not a known field: remove it or fix its spelling'],
    ['a log retention CloudWatch refuses', withFields({ logRetentionDays: 100 }), 'logRetentionDays 100 is not a retention CloudWatch Logs accepts'],
    [
      'backups kept shorter than reports',
      withFields({ reportRetentionDays: 400, backupRetentionDays: 100 }),
      'backupRetentionDays 100 must be at least reportRetentionDays (400)',
    ],
  ])('rejects %s, naming the field and the fix', (_case, raw, message) => {
    // GIVEN a configuration with one bad field (raw)
    // WHEN it is parsed
    const error = failureOf(raw);

    // THEN the message names the file, the field and what to change
    expect(error.message).toContain(message);
    expect(error.message.startsWith(`${CONFIG_SOURCE}: `)).toBe(true);
  });

  test('takes the Identity Center, role and CloudTrail settings as JSON booleans and lists', () => {
    // GIVEN the new engine settings written as JSON values
    const raw = sweepWith({
      identityCenter: true,
      identityCenterRegion: 'eu-west-1',
      unusedRoles: false,
      unusedRoleExcludes: ['stacksets-exec-*', 'legacy-*'],
      cloudTrailRegions: ['us-east-1', 'eu-west-1'],
    });
    const scoped = { ...raw, identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef', identityStoreId: 'd-0123456789' };

    // WHEN the configuration is parsed
    const { sweep } = parseDeployConfig(scoped, CONFIG_SOURCE);

    // THEN the engine gets them typed, and the Lambda environment carries them
    expect(sweep).toMatchObject({
      identityCenter: true,
      identityCenterRegion: 'eu-west-1',
      unusedRoles: false,
      unusedRoleExcludes: ['stacksets-exec-*', 'legacy-*'],
      cloudTrailRegions: ['us-east-1', 'eu-west-1'],
    });
    expect(configToEnv(sweep)).toMatchObject({ SWEEP_IDENTITY_CENTER: 'true', SWEEP_CLOUDTRAIL_REGIONS: 'us-east-1,eu-west-1' });
  });

  test('an empty list of role exclusions means none, not the default ones', () => {
    expect(parseDeployConfig(sweepWith({ unusedRoleExcludes: [] }), CONFIG_SOURCE).sweep.unusedRoleExcludes).toEqual([]);
  });

  test('takes CLI operators as IAM role or user ARNs, none by default', () => {
    const operators = ['arn:aws:iam::222222222222:user/iam-sweep-operator', 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*'];
    expect(parseDeployConfig(withFields({ operatorPrincipalArns: operators }), CONFIG_SOURCE).operatorPrincipalArns).toEqual(operators);
    expect(parseDeployConfig(without('operatorPrincipalArns'), CONFIG_SOURCE).operatorPrincipalArns).toEqual([]);
  });

  test('rejects a CLI operator that is not an IAM principal ARN of the partition, naming the field', () => {
    for (const bad of ['alice', 'arn:aws:sts::222222222222:assumed-role/Admin/alice', 'arn:aws-cn:iam::222222222222:role/Admin']) {
      const error = failureOf(withFields({ operatorPrincipalArns: [bad] }));
      expect({ field: error.field, message: error.message }).toEqual({
        field: 'operatorPrincipalArns',
        message: expect.stringContaining(`operatorPrincipalArns entry ${JSON.stringify(bad)} must be an IAM role or user ARN in partition aws`),
      });
    }
  });

  test('rejects an Identity Center switch that is not true or false, naming the field', () => {
    expect(failureOf(sweepWith({ identityCenter: 'yes' })).message).toContain('sweep.identityCenter="yes" is not valid: use true or false');
  });

  test('reports which field an engine setting error is about', () => {
    // GIVEN an engine setting the engine rejects
    const raw = sweepWith({ maxActionFraction: 2 });

    // WHEN the configuration is parsed
    const error = failureOf(raw);

    // THEN the error names the field as written in the file
    expect(error.field).toBe('sweep.maxActionFraction');
  });
});

describe('loadDeployConfig', () => {
  const projectWith = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-sweep-project-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const example = JSON.stringify(exampleConfigJson());

  test('falls back to the example on a clean clone, with a warning', () => {
    // GIVEN a project with only the checked-in example
    const dir = mkdtempSync(join(tmpdir(), 'iam-sweep-project-'));
    copyFileSync(join(PROJECT_DIR, EXAMPLE_CONFIG_FILE), join(dir, EXAMPLE_CONFIG_FILE));

    // WHEN the configuration is loaded
    const loaded = loadDeployConfig(dir, {});

    // THEN the example is used and the warning says so
    expect(loaded.source).toBe(EXAMPLE_CONFIG_FILE);
    expect(loaded.warning).toContain(`no ${CONFIG_FILE} found, synthesizing with ${EXAMPLE_CONFIG_FILE}`);
  });

  test('reads iam-sweep.config.json when it exists, without a warning', () => {
    // GIVEN a project with its own configuration
    const dir = projectWith({ [CONFIG_FILE]: JSON.stringify({ ...exampleConfigJson(), homeRegion: 'eu-west-1' }) });

    // WHEN the configuration is loaded
    const loaded = loadDeployConfig(dir, {});

    // THEN that file is used
    expect(loaded).toMatchObject({ source: CONFIG_FILE, warning: undefined, config: { homeRegion: 'eu-west-1' } });
  });

  test('reads the file IAM_SWEEP_CONFIG names', () => {
    // GIVEN a configuration under another name
    const dir = projectWith({ 'prod.json': example });

    // WHEN the configuration is loaded with IAM_SWEEP_CONFIG pointing at it
    const loaded = loadDeployConfig(dir, { IAM_SWEEP_CONFIG: 'prod.json' });

    // THEN that file is used
    expect(loaded.source).toBe('prod.json');
  });

  test('fails when IAM_SWEEP_CONFIG names a missing file', () => {
    // GIVEN an empty project
    const dir = projectWith({});

    // WHEN IAM_SWEEP_CONFIG names a file that is not there
    const load = () => loadDeployConfig(dir, { IAM_SWEEP_CONFIG: 'missing.json' });

    // THEN the error says to fix the path
    expect(load).toThrow('missing.json: IAM_SWEEP_CONFIG names this file, which does not exist');
  });

  test('names the file that is not valid JSON', () => {
    // GIVEN a configuration file with a syntax error
    const dir = projectWith({ [CONFIG_FILE]: '{ "homeRegion": ' });

    // WHEN the configuration is loaded
    const load = () => loadDeployConfig(dir, {});

    // THEN the error names the file
    expect(load).toThrow(/^iam-sweep\.config\.json: cannot be read as JSON/);
  });
});

describe('the accounts the sweep enters', () => {
  test('are those below targetOuIds, where the StackSet deploys the cleanup role', () => {
    // GIVEN the rollout targets two OUs
    const config = parseDeployConfig(withFields({ targetOuIds: ['ou-a1b2-workload1', 'ou-a1b2-security1'] }), CONFIG_SOURCE);
    // THEN the Lambda is told to sweep below them only
    expect(configToEnv(config.sweep).SWEEP_TARGET_OUS).toBe('ou-a1b2-workload1,ou-a1b2-security1');
  });

  test('cannot be set apart from targetOuIds', () => {
    const load = () => parseDeployConfig(withFields({ sweep: { targetOus: ['ou-a1b2-workload1'] } }), CONFIG_SOURCE);
    expect(load).toThrow(/sweep\.targetOus is derived \(from .*targetOuIds\): remove it/);
  });
});

describe('the management account in the sweep', () => {
  test('is skipped by the engine unless the rollout deploys the cleanup role there', () => {
    // GIVEN the example configuration, WHEN sweepManagementAccount is off or on
    const off = parseDeployConfig(exampleConfigJson(), CONFIG_SOURCE);
    const on = parseDeployConfig(withFields({ sweepManagementAccount: true }), CONFIG_SOURCE);
    // THEN the Lambda is told to skip the management account only when it has no cleanup role
    expect(configToEnv(off.sweep).SWEEP_SKIP_MANAGEMENT_ACCOUNT).toBe('true');
    expect(configToEnv(on.sweep).SWEEP_SKIP_MANAGEMENT_ACCOUNT).toBe('false');
  });
});

describe('parseDeployConfig: rollout into an existing organization', () => {
  test('defaults: no resource policy, register the StackSets delegation, us-east-1, 5 failures of 10 at once, local state, no tags', () => {
    // GIVEN the example configuration, which sets none of the rollout fields
    // WHEN it is parsed
    const config = parseDeployConfig(exampleConfigJson(), CONFIG_SOURCE);

    // THEN the defaults are these
    expect(config).toMatchObject({
      organizationReadAccess: 'none',
      stackSetsDelegatedAdmin: 'register',
      stackSetInstanceRegion: 'us-east-1',
      stackSetFailureToleranceCount: 5,
      stackSetMaxConcurrentCount: 10,
      tags: {},
      backupAdminPrincipalArns: [],
    });
    expect(config.stateBackend).toBeUndefined();
    expect(config.identityCenterScope).toBeUndefined();
  });

  test('takes every rollout field as written', () => {
    // GIVEN every rollout field set
    const raw = withFields({
      homeRegion: 'eu-west-1',
      organizationReadAccess: 'append',
      stackSetsDelegatedAdmin: 'existing',
      stackSetInstanceRegion: 'eu-central-1',
      stackSetFailureToleranceCount: 0,
      stackSetMaxConcurrentCount: 1,
      stateBackend: { bucket: 'platform-terraform-state', keyPrefix: 'org/iam-sweep', region: 'us-east-2', profile: 'state' },
      tags: { CostCenter: '1234', 'org:data-class': 'internal' },
      backupAdminPrincipalArns: ['arn:aws:iam::222222222222:role/BackupAdmin'],
    });

    // WHEN it is parsed
    const config = parseDeployConfig(raw, CONFIG_SOURCE);

    // THEN each has the value written
    expect(config).toMatchObject({
      organizationReadAccess: 'append',
      stackSetsDelegatedAdmin: 'existing',
      stackSetInstanceRegion: 'eu-central-1',
      stackSetFailureToleranceCount: 0,
      stackSetMaxConcurrentCount: 1,
      stateBackend: { bucket: 'platform-terraform-state', keyPrefix: 'org/iam-sweep', region: 'us-east-2', profile: 'state' },
      tags: { CostCenter: '1234', 'org:data-class': 'internal' },
      backupAdminPrincipalArns: ['arn:aws:iam::222222222222:role/BackupAdmin'],
    });
  });

  test('accepts a weekly rate schedule, the longest the no-run alarm allows', () => {
    expect(parseDeployConfig(withFields({ schedule: 'rate(7 days)' }), CONFIG_SOURCE).schedule).toBe('rate(7 days)');
    expect(parseDeployConfig(withFields({ schedule: 'rate(168 hours)' }), CONFIG_SOURCE).schedule).toBe('rate(168 hours)');
  });

  test('a state backend defaults its key prefix to iam-sweep and its Region to the home Region', () => {
    // GIVEN only the bucket
    // WHEN the configuration is parsed
    const { stateBackend } = parseDeployConfig(withFields({ homeRegion: 'eu-west-1', stateBackend: { bucket: 'tf-state' } }), CONFIG_SOURCE);

    // THEN the rest is defaulted
    expect(stateBackend).toEqual({ bucket: 'tf-state', keyPrefix: 'iam-sweep', region: 'eu-west-1' });
  });

  test.each([
    [{ organizationReadAccess: 'replace' }, 'organizationReadAccess', 'organizationReadAccess "replace" must be one of "none", "append" (default "none")'],
    [{ stackSetsDelegatedAdmin: true }, 'stackSetsDelegatedAdmin', 'stackSetsDelegatedAdmin true must be one of "register", "existing" (default "register")'],
    [{ stackSetInstanceRegion: 'us-east' }, 'stackSetInstanceRegion', 'stackSetInstanceRegion "us-east" must be a Region code such as us-east-1'],
    [{ stackSetInstanceRegion: 'cn-north-1' }, 'stackSetInstanceRegion', 'is outside partition aws of homeRegion us-east-1: use a Region of that partition, such as us-east-1'],
    [{ stackSetFailureToleranceCount: -1 }, 'stackSetFailureToleranceCount', 'stackSetFailureToleranceCount -1 must be a whole number of accounts, at least 0'],
    [{ stackSetFailureToleranceCount: '10%' }, 'stackSetFailureToleranceCount', 'must be a whole number of accounts'],
    [{ stackSetMaxConcurrentCount: 0 }, 'stackSetMaxConcurrentCount', 'stackSetMaxConcurrentCount 0 must be a whole number of accounts, at least 1'],
    [{ stateBackend: 'tf-state' }, 'stateBackend', 'must be an object: { "bucket": "<state bucket>"'],
    [{ stateBackend: {} }, 'stateBackend.bucket', 'stateBackend.bucket is missing: name an existing, versioned bucket'],
    [{ stateBackend: { bucket: 'Bad_Bucket' } }, 'stateBackend.bucket', 'stateBackend.bucket "Bad_Bucket" is not an S3 bucket name'],
    [{ stateBackend: { bucket: 'tf-state', keyPrefix: '/iam-sweep/' } }, 'stateBackend.keyPrefix', 'without leading or trailing /'],
    [{ stateBackend: { bucket: 'tf-state', region: 'Ireland' } }, 'stateBackend.region', 'stateBackend.region "Ireland" must be the Region code of the state bucket'],
    [{ stateBackend: { bucket: 'tf-state', dynamodbTable: 'locks' } }, 'stateBackend.dynamodbTable', 'stateBackend.dynamodbTable is not a known field'],
    [{ tags: ['CostCenter=1234'] }, 'tags', 'must be an object of tag keys and string values'],
    [{ tags: { 'aws:cloudformation:stack-name': 'x' } }, 'tags', 'not starting with aws:'],
    [{ tags: { CostCenter: 1234 } }, 'tags', 'tags.CostCenter 1234 must be a string of at most 256'],
    [{ tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`tag${i}`, 'x'])) }, 'tags', 'tags has 49 tags: AWS allows 50 a resource and iam-sweep sets 2'],
    [{ backupAdminPrincipalArns: ['BackupAdmin'] }, 'backupAdminPrincipalArns', 'backupAdminPrincipalArns entry "BackupAdmin" must be an IAM role or user ARN'],
    [{ schedule: 'rate(8 days)' }, 'schedule', 'schedule "rate(8 days)" runs less often than weekly, so the iam-sweep-no-run alarm would fire between runs'],
    [{ schedule: 'rate(169 hours)' }, 'schedule', 'runs less often than weekly'],
    [{ identityStoreId: 'd-0123456789' }, 'identityStoreId', 'identityStoreId is set but sweep.identityCenter is not true'],
  ])('rejects %j, naming %s', (fields, field, message) => {
    // GIVEN a rollout field with a bad value
    // WHEN the configuration is parsed
    const error = failureOf(withFields(fields));

    // THEN the error names the file, the field and the fix
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${CONFIG_SOURCE}: `);
    expect(error.message).toContain(message);
  });

  test('the Identity Center sweep needs the instance and identity store, which scope its grants', () => {
    // GIVEN sweep.identityCenter true without, with a bad, and with both values
    const base = sweepWith({ identityCenter: true });
    const instanceArn = 'arn:aws:sso:::instance/ssoins-0123456789abcdef';

    // WHEN each is parsed
    // THEN the missing and bad ones are refused saying where to find them, the good one is kept
    expect(failureOf(base).message).toContain('identityCenterInstanceArn is missing: with sweep.identityCenter the orchestrator may touch only this instance; copy InstanceArn from aws sso-admin list-instances');
    expect(failureOf({ ...base, identityCenterInstanceArn: instanceArn }).message).toContain('identityStoreId is missing');
    expect(failureOf({ ...base, identityCenterInstanceArn: instanceArn, identityStoreId: 'store' }).message).toContain('identityStoreId "store" is not an identity store id (d-…)');
    expect(parseDeployConfig({ ...base, identityCenterInstanceArn: instanceArn, identityStoreId: 'd-0123456789' }, CONFIG_SOURCE).identityCenterScope).toEqual({
      instanceArn,
      identityStoreId: 'd-0123456789',
    });
  });
});
