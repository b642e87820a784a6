/**
 * AWS partitions: separate AWSes with their own ARNs (`arn:<partition>:…`), Regions and credentials. The
 * run takes its partition from its own identity (GetCallerIdentity's ARN), so that every ARN it builds and
 * every endpoint it calls is in the partition its credentials belong to.
 */

/** The commercial partition, where a caller ARN that names none is taken to be. */
export const DEFAULT_PARTITION = 'aws';

/**
 * Where each partition's Organizations endpoint is: the partition's `implicitGlobalRegion` in the AWS SDK's
 * partitions table (AWS General Reference, AWS Organizations endpoints and quotas).
 */
const ORGANIZATIONS_REGION: Readonly<Record<string, string>> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-northwest-1',
  'aws-iso': 'us-iso-east-1',
  'aws-iso-b': 'us-isob-east-1',
  'aws-iso-e': 'eu-isoe-west-1',
  'aws-iso-f': 'us-isof-south-1',
  'aws-eusc': 'eusc-de-east-1',
};

/** The partition an ARN is in: `arn:aws-us-gov:sts::…` → `aws-us-gov`. */
export function partitionOf(arn: string | undefined): string {
  return /^arn:([a-z][a-z0-9-]*):/.exec(arn ?? '')?.[1] ?? DEFAULT_PARTITION;
}

/** The Region to call Organizations in; a partition newer than this table uses the run's own Region. */
export function organizationsRegion(partition: string, runRegion: string): string {
  return ORGANIZATIONS_REGION[partition] ?? runRegion;
}
