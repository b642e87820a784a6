/** The deploy configuration's defaults and the names it derives, shared by its schema and the stacks. */

export const CONFIG_FILE = 'iam-sweep.config.json';
export const EXAMPLE_CONFIG_FILE = 'iam-sweep.config.example.json';

/** Weekly, Monday 06:00 UTC. */
export const DEFAULT_SCHEDULE = 'cron(0 6 ? * MON *)';
export const DEFAULT_LOG_RETENTION_DAYS = 90;
export const DEFAULT_REPORT_RETENTION_DAYS = 365;
export const DEFAULT_BACKUP_RETENTION_DAYS = 730;

/** StackSet instances go here unless stackSetInstanceRegion says otherwise: enabled in every account. */
export const DEFAULT_STACK_SET_INSTANCE_REGION: Record<string, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};
/** Accounts per OU whose cleanup role may fail to deploy before the StackSet operation stops. */
export const DEFAULT_STACK_SET_FAILURE_TOLERANCE_COUNT = 5;
export const DEFAULT_STACK_SET_MAX_CONCURRENT_COUNT = 10;
/** Where in the state bucket the stacks keep their state: `<keyPrefix>/<stack>.tfstate`. */
export const DEFAULT_STATE_KEY_PREFIX = 'iam-sweep';

/** The SNS topic the report and the alarms go to, in the delegated-admin account. */
export const TOPIC_NAME = 'iam-sweep-report';

/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

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
