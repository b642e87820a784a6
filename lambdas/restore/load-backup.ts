/** Fetching a backup from the report bucket or a local file. */
import { readFile } from 'node:fs/promises';
import type { ReportBucket } from '../aws/report-bucket';
import type { IdentityCenterUserBackup, UserBackup } from '../engine/types';
import { parseBackup } from './backup-format';

export interface S3Location {
  bucket: string;
  key: string;
}

/** `s3://bucket/key` as bucket and key; undefined for anything else (a file path). */
export function parseS3Location(location: string): S3Location | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  return match ? { bucket: match[1], key: match[2] } : undefined;
}

/**
 * Reads and checks the backup (of an IAM or an Identity Center user) at `location`; `reportBucket` is only
 * called for an s3:// location, with the bucket it names. Reading a local file needs no permission.
 */
export async function loadBackup(location: string, reportBucket: (name: string) => ReportBucket): Promise<UserBackup | IdentityCenterUserBackup> {
  const object = parseS3Location(location);
  const text = object ? await reportBucket(object.bucket).readBackup(object.key) : await readFile(location, 'utf8');
  return parseBackup(text, location);
}
