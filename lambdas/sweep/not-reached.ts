/**
 * The accounts a run ran out of time for, kept in the report bucket for the next run to enter first
 * (notReachedFirst). The object is read by listing its prefix first: S3 answers a GetObject of a missing
 * key with AccessDenied to a role that may not list it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { getText, listKeys, putJson } from '../aws/delivery';
import { NOT_REACHED_KEY } from '../aws/report-bucket-layout';

interface NotReachedState {
  /** The run that wrote it. */
  runId: string;
  accountIds: string[];
}

/** The ids the last run did not reach; none when it reached every account or no run wrote the object yet. */
export async function readNotReached(s3: S3Client, bucket: string): Promise<string[]> {
  if (!(await listKeys(s3, bucket, NOT_REACHED_KEY)).includes(NOT_REACHED_KEY)) return [];
  const state = JSON.parse(await getText(s3, bucket, NOT_REACHED_KEY)) as Partial<NotReachedState> | null;
  const ids = state?.accountIds;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && /^\d{12}$/.test(id))) {
    throw new Error(`s3://${bucket}/${NOT_REACHED_KEY} does not hold a list of account ids`);
  }
  return ids;
}

/** Records the ids this run did not reach (an empty list when it reached them all). */
export async function writeNotReached(s3: S3Client, bucket: string, runId: string, accountIds: string[]): Promise<void> {
  const state: NotReachedState = { runId, accountIds };
  await putJson(s3, bucket, NOT_REACHED_KEY, state);
}
