/**
 * The report bucket (lambdas/engine/ports/report-store.ts) on S3: every key comes from the bucket's layout,
 * every call is made here, and what the calls need is declared beside them.
 */
import { GetObjectCommand, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mapPool } from '../engine/pool';
import type { AccountBackups, DisabledState, IdentityCenterStore, ReportStore, RunPart, StoredObject } from '../engine/ports/report-store';
import type { CredentialsBackup, IdentityCenterUserBackup, Permission, RunReport, UserBackup } from '../engine/types';
import {
  accountBackupPrefix,
  BACKUP_PREFIX,
  backupKey,
  identityCenterBackupKey,
  identityCenterStateKey,
  identityCenterStatePrefix,
  NOT_REACHED_KEY,
  reportKey,
  RUN_PREFIX,
  runPartKey,
  runPrefix,
  STATE_PREFIX,
  userBackupPrefix,
} from './report-bucket-layout';

/** What the store's calls need: reports and backups written, backups and state read back, their prefixes listed. */
export const reportBucketPermissions: readonly Permission[] = [
  { actions: ['s3:PutObject'], resource: 'reports', access: 'write' },
  { actions: ['s3:PutObject'], resource: 'backups', access: 'write' },
  // A deletion that a failed run left half done is finished with the MFA serials of earlier backups.
  { actions: ['s3:GetObject'], resource: 'backups', access: 'read' },
  // What runs leave for the next: the accounts not reached, Identity Center quarantine clocks.
  { actions: ['s3:GetObject'], resource: 'state', access: 'read' },
  { actions: ['s3:PutObject'], resource: 'state', access: 'write' },
  { actions: ['s3:ListBucket'], resource: 'report-bucket', access: 'read', prefixes: [`${BACKUP_PREFIX}*`, `${STATE_PREFIX}*`] },
];

/**
 * What would delete a backup, which restore needs: the store never calls these, and the bucket's policy
 * denies them on backups/ to everyone but the backup administrators.
 */
export const backupDeletionPermissions: readonly Permission[] = [
  { actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], resource: 'backups', access: 'write' },
];

/**
 * What the Step Functions engine's stages need besides: the parts of runs written and read back, their
 * prefix listed. Granted only where that engine runs (stacks/orchestrator-policy.ts).
 */
export const runPartPermissions: readonly Permission[] = [
  { actions: ['s3:GetObject', 's3:PutObject'], resource: 'runs', access: 'write' },
  { actions: ['s3:ListBucket'], resource: 'report-bucket', access: 'read', prefixes: [`${RUN_PREFIX}*`] },
];

/**
 * Writes `value` as JSON, indented for reading unless `compact` (the run report of a large organization is
 * tens of MB, half of it indentation). The body goes as UTF-8 bytes: a string body would be copied again by
 * the SDK, and the JSON text is freed as soon as it is encoded.
 */
export async function putJson(s3: S3Client, bucket: string, key: string, value: unknown, compact = false): Promise<string> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: Buffer.from(JSON.stringify(value, null, compact ? undefined : 2), 'utf8'),
      ContentType: 'application/json',
      ServerSideEncryption: 'AES256',
    }),
  );
  return `s3://${bucket}/${key}`;
}

export async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!Body) throw new Error(`s3://${bucket}/${key} is empty`);
  return Body.transformToString('utf8');
}

export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
  }
  return keys;
}

/** What reading a backup back needs (restore, readBackup): nothing of what the sweep writes or lists. */
export const backupReadPermissions: readonly Permission[] = [{ actions: ['s3:GetObject'], resource: 'backups', access: 'read' }];

/** How many state objects are read at once. */
const READ_CONCURRENCY = 8;

export class ReportBucket implements ReportStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  writeReport(report: RunReport): Promise<string> {
    return putJson(this.s3, this.bucket, reportKey(report.startedAt), report, true);
  }

  accountBackups(accountId: string): AccountBackups {
    const { s3, bucket } = this;
    // Listed at the first call and shared by the account's users: one listing per account, not one per
    // deleted user. Backups this run writes meanwhile are the users' own current ones, which their MFA
    // serials come from anyway. A failed listing is tried again by the next user.
    let listing: Promise<string[]> | undefined;
    const earlierKeys = () => {
      listing ??= listKeys(s3, bucket, accountBackupPrefix(accountId)).catch((error: unknown) => {
        listing = undefined;
        throw error;
      });
      return listing;
    };
    return {
      earlier: async (userName) => {
        const prefix = userBackupPrefix(accountId, userName);
        const keys = (await earlierKeys()).filter((key) => key.startsWith(prefix));
        return Promise.all(keys.map(async (key) => JSON.parse(await getText(s3, bucket, key)) as UserBackup));
      },
      save: (userName, runId, backup: UserBackup | CredentialsBackup) => putJson(s3, bucket, backupKey(accountId, userName, runId), backup),
    };
  }

  identityCenter(identityStoreId: string): IdentityCenterStore {
    const { s3, bucket } = this;
    return {
      readStates: async () => {
        const keys = await listKeys(s3, bucket, identityCenterStatePrefix(identityStoreId));
        return mapPool(keys, READ_CONCURRENCY, async (key): Promise<StoredObject> => ({
          location: `s3://${bucket}/${key}`,
          value: JSON.parse(await getText(s3, bucket, key)) as unknown,
        }));
      },
      writeState: async (state: DisabledState) => {
        await putJson(s3, bucket, identityCenterStateKey(identityStoreId, state.userId), state);
      },
      saveBackup: (runId, backup: IdentityCenterUserBackup) =>
        putJson(s3, bucket, identityCenterBackupKey(identityStoreId, backup.userId, runId), backup),
    };
  }

  /** The text of the backup at `key` (under backups/), for restore to check and parse. */
  readBackup(key: string): Promise<string> {
    return getText(this.s3, this.bucket, key);
  }

  /**
   * The object is read by listing its prefix first: S3 answers a GetObject of a missing key with
   * AccessDenied to a role that may not list it.
   */
  async readNotReached(): Promise<string[]> {
    const { s3, bucket } = this;
    if (!(await listKeys(s3, bucket, NOT_REACHED_KEY)).includes(NOT_REACHED_KEY)) return [];
    const state = JSON.parse(await getText(s3, bucket, NOT_REACHED_KEY)) as Partial<NotReachedState> | null;
    const ids = state?.accountIds;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && /^\d{12}$/.test(id))) {
      throw new Error(`s3://${bucket}/${NOT_REACHED_KEY} does not hold a list of account ids`);
    }
    return ids;
  }

  async writeNotReached(runId: string, accountIds: readonly string[]): Promise<void> {
    const state: NotReachedState = { runId, accountIds: [...accountIds] };
    await putJson(this.s3, this.bucket, NOT_REACHED_KEY, state);
  }

  async putRunPart(runId: string, part: RunPart, json: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: runPartKey(runId, part),
        Body: Buffer.from(json, 'utf8'),
        ContentType: 'application/json',
        ServerSideEncryption: 'AES256',
      }),
    );
  }

  /** Listed first, as readNotReached is: a missing part is an answer here (its stage failed), not an error. */
  async getRunPart(runId: string, part: RunPart): Promise<string | undefined> {
    const key = runPartKey(runId, part);
    if (!(await listKeys(this.s3, this.bucket, runPrefix(runId))).includes(key)) return undefined;
    return getText(this.s3, this.bucket, key);
  }
}

/** The accounts a run ran out of time for, kept for the next run to enter first (notReachedFirst). */
interface NotReachedState {
  /** The run that wrote it. */
  runId: string;
  accountIds: string[];
}
