/**
 * `iam-sweep restore`: recreates a deleted user from its backup, with the caller's credentials or an
 * administrator role in the user's account (never the sweep's cleanup role, which cannot create users).
 */
import { callerIdentity } from '../aws/caller';
import { assumeRoleActions, AwsClients } from '../aws/clients';
import { describeError } from '../aws/aws-errors';
import { RestoreIdentityCenterDirectory, restoreIdentityCenterUserPermissions } from '../aws/identity-center-restore';
import { RestoreAccountIam, restoreUserPermissions } from '../aws/member-restore';
import { backupReadPermissions, ReportBucket } from '../aws/report-bucket';
import { SweepError } from '../engine/errors';
import type { IdentityCenterUserBackup, Permission, UserBackup } from '../engine/types';
import { BackupFormatError, isIdentityCenterBackup } from '../restore/backup-format';
import { loadBackup } from '../restore/load-backup';
import { restoreIdentityCenterUser, type IdentityCenterRestoreResult } from '../restore/restore-identity-center-user';
import { restoreUser, type RestoreResult } from '../restore/restore-user';
import { unrecoverable } from '../restore/unrecoverable';
import { invalid, parseFlags, UsageError, valueOf, type FlagSpec } from './args';
import { AWS_FLAGS, awsSettingsFrom, withLocalCredentialsIfNone } from './aws-flags';
import type { CliIo } from './io';
import { RESTORE_USAGE } from './usage';

export const RESTORE_FLAGS: FlagSpec = {
  '--backup': 'value',
  '--role-name': 'value',
  '--into-user-id': 'value',
  ...AWS_FLAGS,
  '--help': 'switch',
};

export const DEFAULT_ADMIN_ROLE = 'OrganizationAccountAccessRole';

/**
 * Every action `iam-sweep restore` calls: who the caller is, the backup, the admin role when the user's
 * account is another, and the restore of an IAM or an Identity Center user.
 */
export const restorePermissions: readonly Permission[] = [
  // GetCallerIdentity needs no grant, but an explicit Deny would stop restore; declared so the list is whole.
  { actions: ['sts:GetCallerIdentity'], resource: '*', access: 'read' },
  { actions: assumeRoleActions, resource: 'restore-role', access: 'write' },
  ...backupReadPermissions,
  ...restoreUserPermissions,
  ...restoreIdentityCenterUserPermissions,
];
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** identitystore ResourceId. */
const IDENTITY_STORE_USER_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

/** The role could not be assumed: the message says which role and what to pass instead. */
export class AdminRoleError extends SweepError {
  constructor(roleName: string, accountId: string, cause: unknown) {
    super(
      'AdminRoleError',
      `could not assume ${roleName} in account ${accountId}: ${describeError(cause)}. ` +
        'Pass --role-name with a role you may assume there that may create IAM users, or run with credentials of that account.',
      { cause },
    );
  }
}

/** IAM in the backup's account: the caller's own when already there, else through the admin role. */
async function iamInAccount(clients: AwsClients, backup: UserBackup, roleName: string): Promise<{ account: RestoreAccountIam; as: string }> {
  const sts = clients.sts();
  const caller = await callerIdentity(sts);
  if (caller.accountId === backup.accountId) {
    return { account: new RestoreAccountIam(clients.iam(), backup.accountId), as: `your own credentials (${caller.arn})` };
  }
  const partition = backup.arn.split(':')[1] || 'aws';
  const credentials = await clients.assumeRole(sts, backup.accountId, roleName, partition).catch((error: unknown) => {
    throw new AdminRoleError(roleName, backup.accountId, error);
  });
  return { account: new RestoreAccountIam(clients.iam(credentials), backup.accountId), as: `role ${roleName} in ${backup.accountId}` };
}

function renderResult(backup: UserBackup, location: string, as: string, result: RestoreResult): string {
  const lines = [
    `Restoring IAM user ${backup.userName} in account ${backup.accountId} (${backup.arn})`,
    `  backup: ${location}, saved ${backup.savedAt} before: ${backup.reason}`,
    `  as: ${as}`,
    '',
    ...result.steps.map((s) => `  ${s.status.padEnd(13)} ${s.action}${s.detail ? `: ${s.detail}` : ''}`),
  ];
  if (result.leftOutTags.length > 0) lines.push('', `Left out iam-sweep's own state tags: ${result.leftOutTags.join(', ')}.`);

  const lost = unrecoverable(backup);
  lines.push('', 'Cannot come back (secrets are never in a backup):');
  if (lost.length === 0) lines.push('  nothing: the user had no password, keys, MFA devices, certificates or SSH keys');
  for (const item of lost) lines.push(`  - ${item.what}`, `      ${item.todo}`);

  const failed = result.steps.filter((s) => s.status !== 'done').length;
  lines.push(
    '',
    failed === 0
      ? `Restored ${backup.userName}. It is new to IAM, so the sweep gives it the full inactivity period again.`
      : `${backup.userName} is only partly restored: ${failed} step${failed === 1 ? '' : 's'} did not succeed (see above); fix the cause and run restore again.`,
  );
  return `${lines.join('\n')}\n`;
}

function renderIdentityCenterResult(backup: IdentityCenterUserBackup, location: string, result: IdentityCenterRestoreResult): string {
  const into = result.target === 'chosen' ? `${result.targetUserName} (user id ${result.userId})` : undefined;
  const lines = [
    `Restoring Identity Center user ${backup.userName} in ${backup.identityStoreId} (${backup.region}), formerly user id ${backup.userId}`,
    ...(into ? [`  into: the existing user ${into}, as --into-user-id asked`] : []),
    `  backup: ${location}, saved ${backup.savedAt} before: ${backup.reason}`,
    '  as: your own credentials (the account that administers Identity Center)',
    '',
    ...result.steps.map((s) => `  ${s.status.padEnd(13)} ${s.action}${s.detail ? `: ${s.detail}` : ''}`),
    '',
    'Cannot come back:',
    result.userId === backup.userId
      ? '  - nothing of the user id: the user was never deleted'
      : `  - the user id: it is now ${result.userId}; anything that named ${backup.userId} must use the new id`,
    '  - the password and MFA devices (built-in directory): send the user a password reset from the Identity Center console',
  ];
  const failed = result.steps.filter((s) => s.status !== 'done').length;
  lines.push(
    '',
    failed > 0
      ? `${backup.userName} is only partly restored: ${failed} step${failed === 1 ? '' : 's'} did not succeed (see above); fix the cause and run restore again.`
      : into
        ? `Gave ${backup.userName}'s memberships and assignments to ${into}.`
        : `Restored ${backup.userName}. It is new to Identity Center, so the sweep gives it the full inactivity period again.`,
  );
  return `${lines.join('\n')}\n`;
}

export async function restoreCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const given = parseFlags(argv, RESTORE_FLAGS, 'restore');
  if (given['--help']) {
    io.stdout.write(RESTORE_USAGE);
    return 0;
  }
  const location = valueOf(given, '--backup');
  if (!location) {
    throw new UsageError(
      '--backup is required: s3://<report bucket>/backups/<account>/<user>/<run>.json ' +
        '(or backups/identity-center/<identity store>/<user id>/<run>.json), or a local file',
    );
  }
  const roleName = valueOf(given, '--role-name') ?? DEFAULT_ADMIN_ROLE;
  if (!ROLE_NAME.test(roleName)) throw invalid('--role-name', roleName, 'use an IAM role name (1-64 of letters, digits, +=,.@_-)');
  const intoUserId = valueOf(given, '--into-user-id');
  if (intoUserId !== undefined && !IDENTITY_STORE_USER_ID.test(intoUserId)) {
    throw invalid('--into-user-id', intoUserId, 'use an identity store user id, e.g. 9067a1b2c3-1a2b3c4d-5e6f-4a1b-8c2d-0123456789ab');
  }
  const aws = withLocalCredentialsIfNone(awsSettingsFrom(given, io.env), io.env);
  const clients = new AwsClients(aws);
  try {
    const backup = await loadBackup(location, (bucket) => new ReportBucket(clients.s3(), bucket)).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw invalid('--backup', location, 'no such file; use s3://bucket/key or a file path');
      if (error instanceof BackupFormatError) throw error;
      throw new Error(`the backup ${location} could not be read: ${describeError(error)}`, { cause: error });
    });
    if (intoUserId !== undefined && !isIdentityCenterBackup(backup)) {
      throw invalid('--into-user-id', intoUserId, 'it is for an Identity Center backup; this one is of an IAM user');
    }
    if (isIdentityCenterBackup(backup)) {
      const directory = new RestoreIdentityCenterDirectory(clients.ssoAdmin(backup.region), clients.identityStore(backup.region), backup.region);
      const result = await restoreIdentityCenterUser(directory, backup, { intoUserId });
      io.stdout.write(renderIdentityCenterResult(backup, location, result));
      return result.steps.every((s) => s.status === 'done') ? 0 : 1;
    }
    const { account, as } = await iamInAccount(clients, backup, roleName);
    const result = await restoreUser(account, backup);
    io.stdout.write(renderResult(backup, location, as, result));
    return result.steps.every((s) => s.status === 'done') ? 0 : 1;
  } finally {
    clients.close();
  }
}
