/**
 * Who the run is, and AWS's time: GetCallerIdentity's answer and the `Date` header AWS puts on every
 * answer. sts:GetCallerIdentity needs no permission.
 */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { partitionOf } from './partition';

export interface CallerIdentity {
  arn?: string;
  accountId: string;
  /** The partition the caller is in, from its ARN (`aws`, `aws-us-gov`, `aws-cn`, …). */
  partition: string;
  /** AWS's time when it answered (to the second), when the answer had a `Date` header. */
  awsTime?: Date;
  /** The host's time when the answer arrived, read from `hostClock`. */
  receivedAt: Date;
}

type RawResponse = { headers?: Record<string, string | undefined> };

/** GetCallerIdentity, with the answer's `Date` header and the host's time it arrived at. */
export async function callerIdentity(sts: STSClient, hostClock: () => Date = () => new Date()): Promise<CallerIdentity> {
  const command = new GetCallerIdentityCommand({});
  let date: string | undefined;
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      date = (result.response as RawResponse | undefined)?.headers?.date;
      return result;
    },
    { step: 'deserialize', name: 'iamSweepAwsTime' },
  );
  const caller = await sts.send(command);
  const receivedAt = hostClock();
  const awsTime = date === undefined ? undefined : new Date(date);
  return {
    arn: caller.Arn,
    accountId: caller.Account ?? '',
    partition: partitionOf(caller.Arn),
    ...(awsTime && !Number.isNaN(awsTime.getTime()) ? { awsTime } : {}),
    receivedAt,
  };
}
