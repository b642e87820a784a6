/**
 * The AWS partitions a scenario may be in. Each is a separate AWS: its own ARNs (`arn:<partition>:…`), its
 * own Regions, its own accounts and credentials, which no other partition's endpoints accept. Region
 * patterns are the AWS SDK's partitions table (`regionRegex`); Organizations has one endpoint per
 * partition, in the Region the table names `implicitGlobalRegion` (AWS General Reference, AWS
 * Organizations endpoints: us-east-1; us-gov-west-1 in AWS GovCloud (US); cn-northwest-1 in China).
 */
export const PARTITIONS = {
  aws: { regions: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, organizationsRegion: 'us-east-1' },
  'aws-us-gov': { regions: /^us-gov-\w+-\d+$/, organizationsRegion: 'us-gov-west-1' },
  'aws-cn': { regions: /^cn-\w+-\d+$/, organizationsRegion: 'cn-northwest-1' },
} as const;

export type Partition = keyof typeof PARTITIONS;

/** A scenario without a `partition` is in the commercial partition. */
export const DEFAULT_PARTITION: Partition = 'aws';

export const isPartition = (value: unknown): value is Partition => typeof value === 'string' && Object.hasOwn(PARTITIONS, value);

/** Escaped for a regular expression: `aws-us-gov` has no special characters, but a pattern should not rely on it. */
export const partitionPattern = (partition: Partition): string => partition.replace(/[-]/g, '\\-');
