/** Fetching a backup from the report bucket or a local file. */
import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { getText } from '../aws/report-bucket';
import type { IdentityCenterUserBackup, Permission, UserBackup } from '../engine/types';
import { parseBackup } from './backup-format';

/** Reading a backup from the report bucket (a local file needs nothing). */
export const loadBackupPermissions: readonly Permission[] = [{ actions: ['s3:GetObject'], resource: 'backups', access: 'read' }];

export interface S3Location {
  bucket: string;
  key: string;
}

/** `s3://bucket/key` as bucket and key; undefined for anything else (a file path). */
export function parseS3Location(location: string): S3Location | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  return match ? { bucket: match[1], key: match[2] } : undefined;
}

/** Reads and checks the backup (of an IAM or an Identity Center user) at `location`; `s3` is only called for an s3:// location. */
export async function loadBackup(location: string, s3: () => S3Client): Promise<UserBackup | IdentityCenterUserBackup> {
  const object = parseS3Location(location);
  const text = object ? await getText(s3(), object.bucket, object.key) : await readFile(location, 'utf8');
  return parseBackup(text, location);
}
