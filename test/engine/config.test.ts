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
      concurrency: 16,
      accounts: undefined,
      skipManagementAccount: false,
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
      SWEEP_CONCURRENCY: '4',
      SWEEP_ACCOUNTS: '333333333333,444444444444',
      SWEEP_SKIP_MANAGEMENT_ACCOUNT: 'true',
    });
    expect(config.excludeUsers).toEqual(['svc-*', 'arn:aws:iam::*:user/breakglass']);
    expect(parseEnv(configToEnv(config))).toEqual(config);
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
    ['SWEEP_EXCLUDE_USERS', 'arn:aws:iam::123:role/x', /SWEEP_EXCLUDE_USERS=".*" is not valid: an ARN pattern must name IAM users/],
    ['SWEEP_MAX_DELETIONS_PER_ACCOUNT', '2.5', /SWEEP_MAX_DELETIONS_PER_ACCOUNT="2.5"/],
    ['SWEEP_MAX_ACTION_FRACTION', '1.5', /SWEEP_MAX_ACTION_FRACTION="1.5" is not valid: use a fraction greater than 0/],
    ['SWEEP_MAX_ACTION_FRACTION', '0', /SWEEP_MAX_ACTION_FRACTION="0"/],
    ['SWEEP_CONCURRENCY', '0', /SWEEP_CONCURRENCY="0"/],
    ['SWEEP_SKIP_MANAGEMENT_ACCOUNT', 'yes', /SWEEP_SKIP_MANAGEMENT_ACCOUNT="yes" is not valid: use true or false/],
    ['SWEEP_ACCOUNTS', '1234', /SWEEP_ACCOUNTS="1234" is not valid: use comma-separated 12-digit account ids/],
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
  });
});
