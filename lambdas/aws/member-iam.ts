/** IAM reads and the disabling changes inside a member account, through the assumed cleanup role. */
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  paginateListUsers,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { passwordSetAt, type ReportKey, type ReportRow } from '../engine/credential-report';
import { SweepError } from '../engine/errors';
import type { ListedUser } from '../engine/screen';
import { STATE_TAG_KEYS } from '../engine/state-tags';
import type { Permission, UnrecordedCredential, UserState } from '../engine/types';
import { describeError, idempotent, isCredentialReportPending, isQuotaExceeded } from './aws-errors';
import { sleep } from './retry';
import { listAccessKeys, listServiceSpecificCredentials, listSshPublicKeys } from './user-listings';

export const inventoryPermissions: readonly Permission[] = [
  { actions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'iam:ListUsers'], resource: '*', access: 'read' },
  {
    actions: [
      'iam:GetUser',
      'iam:GetLoginProfile',
      'iam:ListAccessKeys',
      'iam:GetAccessKeyLastUsed',
      'iam:ListSSHPublicKeys',
      'iam:ListServiceSpecificCredentials',
    ],
    resource: 'user',
    access: 'read',
  },
];

export const disablePermissions: readonly Permission[] = [
  { actions: ['iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:DeleteLoginProfile'], resource: 'user', access: 'write' },
  // The quarantine clocks: the sweep writes and removes its own tags, and no others.
  { actions: ['iam:TagUser', 'iam:UntagUser'], resource: 'user', access: 'write', tagKeys: STATE_TAG_KEYS },
];

export interface CredentialReport {
  csv: string;
  generatedAt: Date;
}


/**
 * Asks IAM for a credential report and waits for it. Within 4 hours of the last generation IAM serves the
 * old report: it may be stale, so every change is preceded by a live re-check.
 */
export async function fetchCredentialReport(
  iam: IAMClient,
  { timeoutMs = 120_000, firstWaitMs = 200 }: { timeoutMs?: number; firstWaitMs?: number } = {},
): Promise<CredentialReport> {
  const started = Date.now();
  for (let wait = firstWaitMs; ; wait = Math.min(wait * 2, 5_000)) {
    await iam.send(new GenerateCredentialReportCommand({}));
    try {
      const report = await iam.send(new GetCredentialReportCommand({}));
      if (!report.Content) throw new Error('GetCredentialReport returned no content');
      return {
        csv: Buffer.from(report.Content).toString('utf8'),
        generatedAt: report.GeneratedTime ?? new Date(),
      };
    } catch (error) {
      if (!isCredentialReportPending(error)) throw error;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`the credential report was not ready after ${Math.round(timeoutMs / 1000)} s`, { cause: error });
      }
      await sleep(wait);
    }
  }
}

export async function listUsers(iam: IAMClient): Promise<ListedUser[]> {
  const users: ListedUser[] = [];
  for await (const page of paginateListUsers({ client: iam, pageSize: 1000 }, { MaxItems: 1000 })) {
    for (const u of page.Users ?? []) {
      users.push({ name: u.UserName!, arn: u.Arn!, created: u.CreateDate!, passwordLastUsed: u.PasswordLastUsed });
    }
  }
  return users;
}

const second = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * The report's key created in the same second as `created`, when exactly one is: the report names keys by
 * slot, not by id, and its `last_rotated` is the key's creation (keys cannot be changed).
 */
function reportKeyCreatedAt(row: ReportRow, created: Date): ReportKey | undefined {
  const same = row.keys.filter((key) => second(key.lastRotated) === second(created));
  return same.length === 1 ? same[0] : undefined;
}

/**
 * The user as IAM has it now, tags included; undefined when the user no longer exists.
 *
 * `fresh`: the user's row of a credential report IAM generated during this run. What it says is then as
 * current as a read: a password or key it does not show is minutes old and never stale itself, and a key's
 * last use is what GetAccessKeyLastUsed answers (both record a key's first use in 15 minutes only). So its
 * absent password and keys are not read, nor the last use of a key it names (matched by creation time);
 * every action still re-reads the user whole (no `fresh`) before it changes anything.
 *
 * `reported`: the user's row of the account's credential report, fresh or not. Its password_last_changed
 * dates the password, which GetLoginProfile cannot: a reset does not move the login profile's CreateDate.
 */
export async function readLiveUser(
  iam: IAMClient,
  accountId: string,
  userName: string,
  fresh?: ReportRow,
  reported?: ReportRow,
): Promise<UserState | undefined> {
  const user = (await idempotent(() => iam.send(new GetUserCommand({ UserName: userName }))))?.User;
  if (!user) return undefined;
  const [loginProfile, keys] = await Promise.all([
    fresh && !fresh.passwordEnabled ? undefined : idempotent(() => iam.send(new GetLoginProfileCommand({ UserName: userName }))),
    fresh && fresh.keys.length === 0 ? [] : listAccessKeys(iam, userName),
  ]);
  const unique = (created: Date) => keys.filter((key) => second(key.CreateDate!) === second(created)).length === 1;
  const accessKeys = await Promise.all(
    keys.map(async (key) => {
      const reported = fresh && unique(key.CreateDate!) ? reportKeyCreatedAt(fresh, key.CreateDate!) : undefined;
      const lastUsed = reported
        ? reported.lastUsed
        : (await idempotent(() => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }))))?.AccessKeyLastUsed
            ?.LastUsedDate;
      return { id: key.AccessKeyId!, active: key.Status === 'Active', created: key.CreateDate!, lastUsed };
    }),
  );
  return {
    accountId,
    name: user.UserName!,
    arn: user.Arn!,
    created: user.CreateDate!,
    passwordLastUsed: user.PasswordLastUsed,
    password: loginProfile?.LoginProfile ? { created: passwordSetAt(loginProfile.LoginProfile.CreateDate!, reported) } : undefined,
    accessKeys: accessKeys.sort((a, b) => a.created.getTime() - b.created.getTime()),
    tags: Object.fromEntries((user.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])),
  };
}

/**
 * The user's active SSH public keys and service-specific credentials: IAM records no use of either, so
 * they are read for a user who is otherwise inactive (engine/rules/inactive-user). A user already gone
 * has none.
 */
export async function readUnrecordedCredentials(iam: IAMClient, userName: string): Promise<UnrecordedCredential[]> {
  const [sshKeys, serviceCredentials] = await Promise.all([listSshPublicKeys(iam, userName), listServiceSpecificCredentials(iam, userName)]);
  return [
    ...sshKeys
      .filter((key) => key.Status === 'Active')
      .map((key) => ({ kind: 'ssh-public-key' as const, id: key.SSHPublicKeyId!, ...(key.UploadDate ? { since: key.UploadDate } : {}) })),
    ...serviceCredentials
      .filter((credential) => credential.Status === 'Active')
      .map((credential) => ({
        kind: 'service-specific-credential' as const,
        id: credential.ServiceSpecificCredentialId!,
        service: credential.ServiceName,
        ...(credential.CreateDate ? { since: credential.CreateDate } : {}),
        ...(credential.ExpirationDate ? { expires: credential.ExpirationDate } : {}),
      })),
  ];
}

export const deactivateAccessKey = (iam: IAMClient, userName: string, keyId: string) =>
  idempotent(() => iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: keyId, Status: 'Inactive' })));

export const deleteAccessKey = (iam: IAMClient, userName: string, keyId: string) =>
  idempotent(() => iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: keyId })));

export const deleteLoginProfile = (iam: IAMClient, userName: string) =>
  idempotent(() => iam.send(new DeleteLoginProfileCommand({ UserName: userName })));

/** A quarantine clock that IAM refuses to write: the user already holds its quota of 50 tags. */
export class TagQuotaError extends SweepError {
  constructor(userName: string, keys: readonly string[], cause: unknown) {
    super(
      'TagQuotaError',
      `${keys.join(', ')} cannot be written: ${userName} holds IAM's limit of 50 tags (${describeError(cause)}); ` +
        'remove one of its tags to let its quarantine start',
      { cause },
    );
  }
}

export async function tagUser(iam: IAMClient, userName: string, tags: Record<string, string>): Promise<void> {
  try {
    await idempotent(() =>
      iam.send(new TagUserCommand({ UserName: userName, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) })),
    );
  } catch (error) {
    throw isQuotaExceeded(error) ? new TagQuotaError(userName, Object.keys(tags), error) : error;
  }
}

export const untagUser = (iam: IAMClient, userName: string, keys: string[]) =>
  idempotent(() => iam.send(new UntagUserCommand({ UserName: userName, TagKeys: keys })));
