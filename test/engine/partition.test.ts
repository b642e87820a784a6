/** Which partition the run is in, and where each partition's Organizations endpoint is. */
import { organizationsRegion, partitionOf } from '../../lambdas/aws/partition';

describe('partitionOf', () => {
  test.each([
    ['arn:aws:sts::222222222222:assumed-role/IamSweepOrchestrator/s', 'aws'],
    ['arn:aws-us-gov:iam::222222222222:user/operator', 'aws-us-gov'],
    ['arn:aws-cn:sts::222222222222:assumed-role/IamSweepOrchestrator/s', 'aws-cn'],
    ['arn:aws-iso-b:sts::222222222222:assumed-role/IamSweepOrchestrator/s', 'aws-iso-b'],
  ])('%s is in %s', (arn, partition) => {
    expect(partitionOf(arn)).toBe(partition);
  });

  test('an identity without an ARN is taken to be in aws', () => {
    expect(partitionOf(undefined)).toBe('aws');
  });
});

describe('organizationsRegion', () => {
  test('is the partition’s own Region, whatever Region the run is in', () => {
    expect(organizationsRegion('aws', 'eu-west-1')).toBe('us-east-1');
    expect(organizationsRegion('aws-us-gov', 'us-gov-east-1')).toBe('us-gov-west-1');
    expect(organizationsRegion('aws-cn', 'cn-north-1')).toBe('cn-northwest-1');
  });

  test('of a partition it does not know is the run’s own Region', () => {
    expect(organizationsRegion('aws-new', 'xx-new-1')).toBe('xx-new-1');
  });
});
