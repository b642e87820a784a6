import { configToEnv, ConfigError, flagLabel, parseSweepConfig, rawSettingsFromEnv, SETTINGS } from '../../lambdas/engine/config';

const parseEnv = (env: Record<string, string>) => parseSweepConfig(rawSettingsFromEnv(env));

describe('sweep configuration', () => {
  test('defaults are the documented ones', () => {
    expect(parseEnv({})).toEqual({
      mode: 'report',
      inactiveDays: 90,
      quarantineDays: 30,
      roleName: 'IamSweepRole',
      topicArn: undefined,
      reportBucket: undefined,
      optOutTag: { key: 'iam-sweep:opt-out', value: 'true' },
      excludeTag: { key: 'iam-sweep:exclude', value: 'true' },
      excludeUsers: [],
      maxDeletionsPerAccount: 25,
      maxActionFraction: 0.5,
      maxDeletionsPerRun: 100,
      maxOrganizationActionFraction: 0.5,
      concurrency: 128,
      accounts: undefined,
      skipManagementAccount: false,
      identityCenter: false,
      identityCenterRegion: undefined,
      unusedRoles: true,
      unusedRoleExcludes: [
        'AWSControlTowerExecution',
        'AWSCloudFormationStackSetExecutionRole',
        'stacksets-exec-*',
        'OrganizationAccountAccessRole',
        'AWSReservedSSO_*',
        'aws-controltower-*',
      ],
      cloudTrailRegions: [],
    });
  });

  test('every setting round-trips through the Lambda environment', () => {
    const config = parseEnv({
      SWEEP_MODE: 'delete',
      SWEEP_INACTIVE_DAYS: '120',
      SWEEP_QUARANTINE_DAYS: '0',
      SWEEP_ROLE_NAME: 'Cleaner',
      SWEEP_TOPIC_ARN: 'arn:aws:sns:us-east-1:222222222222:iam-sweep-report',
      SWEEP_REPORT_BUCKET: 'iam-sweep-reports-222222222222',
      SWEEP_OPT_OUT_TAG: 'skip=yes',
      SWEEP_EXCLUDE_TAG: 'keep=1',
      SWEEP_EXCLUDE_USERS: 'svc-*, arn:aws:iam::*:user/breakglass',
      SWEEP_MAX_DELETIONS_PER_ACCOUNT: '3',
      SWEEP_MAX_ACTION_FRACTION: '0.25',
      SWEEP_MAX_DELETIONS_PER_RUN: '40',
      SWEEP_MAX_ORGANIZATION_ACTION_FRACTION: '0.2',
      SWEEP_CONCURRENCY: '4',
      SWEEP_ACCOUNTS: '333333333333,444444444444',
      SWEEP_TARGET_OUS: 'ou-a1b2-workload1, r-a1b2',
      SWEEP_SKIP_MANAGEMENT_ACCOUNT: 'true',
      SWEEP_IDENTITY_CENTER: 'true',
      SWEEP_IDENTITY_CENTER_REGION: 'eu-west-1',
      SWEEP_UNUSED_ROLES: 'false',
      SWEEP_UNUSED_ROLE_EXCLUDES: 'deploy-*, legacy-?',
      SWEEP_CLOUDTRAIL_REGIONS: 'us-east-1, eu-central-1',
    });
    expect(config.excludeUsers).toEqual(['svc-*', 'arn:aws:iam::*:user/breakglass']);
    expect(config).toMatchObject({
      identityCenter: true,
      identityCenterRegion: 'eu-west-1',
      unusedRoles: false,
      unusedRoleExcludes: ['deploy-*', 'legacy-?'],
      cloudTrailRegions: ['us-east-1', 'eu-central-1'],
      targetOus: ['ou-a1b2-workload1', 'r-a1b2'],
      maxDeletionsPerRun: 40,
      maxOrganizationActionFraction: 0.2,
    });
    expect(parseEnv(configToEnv(config))).toEqual(config);
  });

  test('no role exclusions at all is written "none", and survives the trip through the environment', () => {
    // GIVEN role exclusions turned off
    const config = parseEnv({ SWEEP_UNUSED_ROLE_EXCLUDES: 'none' });

    // WHEN it goes to the environment and back
    const env = configToEnv(config);

    // THEN it is still an empty list, not the default one
    expect(config.unusedRoleExcludes).toEqual([]);
    expect(env.SWEEP_UNUSED_ROLE_EXCLUDES).toBe('none');
    expect(parseEnv(env).unusedRoleExcludes).toEqual([]);
  });

  const invalid: [string, string, RegExp][] = [
    ['SWEEP_MODE', 'purge', /SWEEP_MODE="purge" is not valid: use one of report, disable, delete/],
    ['SWEEP_INACTIVE_DAYS', 'abc', /SWEEP_INACTIVE_DAYS="abc" is not valid: use a whole number from 1 to 3650/],
    ['SWEEP_INACTIVE_DAYS', '0', /whole number from 1/],
    ['SWEEP_QUARANTINE_DAYS', '-1', /SWEEP_QUARANTINE_DAYS="-1"/],
    ['SWEEP_ROLE_NAME', 'bad role!', /SWEEP_ROLE_NAME="bad role!" is not valid: use an IAM role name/],
    ['SWEEP_TOPIC_ARN', 'my-topic', /SWEEP_TOPIC_ARN="my-topic" is not valid: use an SNS topic ARN/],
    ['SWEEP_REPORT_BUCKET', 'Bad_Bucket', /SWEEP_REPORT_BUCKET="Bad_Bucket"/],
    ['SWEEP_OPT_OUT_TAG', 'opt-out', /SWEEP_OPT_OUT_TAG="opt-out" is not valid: use key=value/],
    ['SWEEP_EXCLUDE_TAG', '=true', /SWEEP_EXCLUDE_TAG="=true"/],
    ['SWEEP_EXCLUDE_TAG', 'iam-sweep:exclude=False', /SWEEP_EXCLUDE_TAG="iam-sweep:exclude=False" is not valid: the value says what marks, and false, no, 0, off never do/],
    ['SWEEP_OPT_OUT_TAG', 'iam-sweep:opt-out=0', /SWEEP_OPT_OUT_TAG="iam-sweep:opt-out=0" is not valid: the value says what marks/],
    ['SWEEP_EXCLUDE_USERS', 'arn:aws:iam::123:role/x', /SWEEP_EXCLUDE_USERS=".*" is not valid: an ARN pattern must name IAM users/],
    ['SWEEP_MAX_DELETIONS_PER_ACCOUNT', '2.5', /SWEEP_MAX_DELETIONS_PER_ACCOUNT="2.5"/],
    ['SWEEP_MAX_ACTION_FRACTION', '1.5', /SWEEP_MAX_ACTION_FRACTION="1.5" is not valid: use a fraction greater than 0/],
    ['SWEEP_MAX_ACTION_FRACTION', '0', /SWEEP_MAX_ACTION_FRACTION="0"/],
    ['SWEEP_MAX_DELETIONS_PER_RUN', 'all', /SWEEP_MAX_DELETIONS_PER_RUN="all" is not valid: use a whole number from 0 to 100000/],
    ['SWEEP_MAX_DELETIONS_PER_RUN', '100001', /SWEEP_MAX_DELETIONS_PER_RUN="100001"/],
    [
      'SWEEP_MAX_ORGANIZATION_ACTION_FRACTION',
      '2',
      /SWEEP_MAX_ORGANIZATION_ACTION_FRACTION="2" is not valid: use a fraction greater than 0 and at most 1/,
    ],
    ['SWEEP_MAX_ORGANIZATION_ACTION_FRACTION', '0', /SWEEP_MAX_ORGANIZATION_ACTION_FRACTION="0"/],
    ['SWEEP_CONCURRENCY', '0', /SWEEP_CONCURRENCY="0"/],
    ['SWEEP_SKIP_MANAGEMENT_ACCOUNT', 'yes', /SWEEP_SKIP_MANAGEMENT_ACCOUNT="yes" is not valid: use true or false/],
    ['SWEEP_ACCOUNTS', '1234', /SWEEP_ACCOUNTS="1234" is not valid: use comma-separated 12-digit account ids/],
    ['SWEEP_TARGET_OUS', 'ou-a1b2-workload1,Sandbox', /SWEEP_TARGET_OUS="Sandbox" is not valid: use comma-separated OU ids \(ou-…\) or the root id/],
    ['SWEEP_IDENTITY_CENTER', 'yes', /SWEEP_IDENTITY_CENTER="yes" is not valid: use true or false/],
    ['SWEEP_IDENTITY_CENTER_REGION', 'Ireland', /SWEEP_IDENTITY_CENTER_REGION="Ireland" is not valid: use the Region code/],
    ['SWEEP_UNUSED_ROLES', '1', /SWEEP_UNUSED_ROLES="1" is not valid: use true or false/],
    ['SWEEP_UNUSED_ROLE_EXCLUDES', 'arn:aws:iam::*:role/x', /SWEEP_UNUSED_ROLE_EXCLUDES=".*" is not valid: use comma-separated role name globs/],
    ['SWEEP_CLOUDTRAIL_REGIONS', 'us-east-1,mars', /SWEEP_CLOUDTRAIL_REGIONS="mars" is not valid: use comma-separated Region codes/],
    ['SWEEP_CLOUDTRAIL_REGIONS', 'us-east-1,us-east-1', /SWEEP_CLOUDTRAIL_REGIONS="us-east-1,us-east-1" is not valid: name each Region once/],
  ];
  test.each(invalid)('%s=%s fails naming the variable', (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(message);
    expect(() => parseEnv({ [name]: value })).toThrow(ConfigError);
  });

  test('disable and delete modes need a report bucket for the backups', () => {
    expect(() => parseEnv({ SWEEP_MODE: 'delete' })).toThrow(/SWEEP_REPORT_BUCKET="" is not valid: required in delete mode/);
  });

  test('the CLI names its flags instead of variables', () => {
    expect(() => parseSweepConfig({ inactiveDays: 'x' }, flagLabel)).toThrow(/^--inactive-days="x" is not valid/);
    expect(Object.values(SETTINGS).map((s) => s.flag)).toContain('--max-action-fraction');
    expect(() => parseSweepConfig({ maxOrganizationActionFraction: '50%' }, flagLabel)).toThrow(
      /^--max-organization-action-fraction="50%" is not valid/,
    );
    expect(() => parseSweepConfig({ maxDeletionsPerRun: '-3' }, flagLabel)).toThrow(/^--max-deletions-per-run="-3" is not valid/);
  });
});
