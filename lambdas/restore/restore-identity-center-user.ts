/**
 * Recreating a deleted Identity Center user from its backup: the user with its attributes, then its group
 * memberships and its direct account assignments. The identity store gives it a new user id. Runs with the
 * caller's credentials in the account that administers Identity Center.
 */
import { describeError, isConflict } from '../aws/aws-errors';
import { createUserAttributes } from '../aws/identity-center';
import type { RestoreIdentityCenterDirectory, StoredUser } from '../aws/identity-center-restore';
import { SweepError } from '../engine/errors';
import type { IdentityCenterUserBackup } from '../engine/types';
import type { RestoreStep } from './restore-user';

export interface IdentityCenterRestoreResult {
  /** The user id that got the backup: new, or that of the existing user (see `target`). */
  userId: string;
  /**
   * `created`: a new user; `same`: the name is held by the backed-up user itself, or by the user an earlier
   * restore of this backup created; `chosen`: another existing user, named by `intoUserId`.
   */
  target: 'created' | 'same' | 'chosen';
  /** The existing user's name, when the backup went to one. */
  targetUserName?: string;
  steps: RestoreStep[];
}

export interface IdentityCenterRestoreOptions {
  /**
   * Give the backup's memberships and assignments to this existing user instead of recreating the backed-up
   * one (`iam-sweep restore --into-user-id`): a person's explicit choice, never a guess from the name.
   */
  intoUserId?: string;
}

/** The user name is held by a user that is not the backed-up one: nothing was changed. */
export class IdentityCenterUserTakenError extends SweepError {
  constructor(backup: IdentityCenterUserBackup, holder: StoredUser) {
    super(
      'IdentityCenterUserTakenError',
      `the user name ${backup.userName} is held in ${backup.identityStoreId} by ${describeUser(holder.userName, holder.userId, holder.fields)}, ` +
        `which is not the backed-up user ${describeUser(backup.userName, backup.userId, backup.attributes)}: ` +
        'another user id, and attributes that differ from the backup. Nothing was changed. ' +
        'Rename or delete that user first if the backed-up one should come back, or pass ' +
        `--into-user-id ${holder.userId} if that user is to get the backed-up user's groups and account assignments.`,
    );
  }
}

/** The user `--into-user-id` names does not exist: nothing was changed. */
export class IdentityCenterTargetMissingError extends SweepError {
  constructor(identityStoreId: string, userId: string) {
    super(
      'IdentityCenterTargetMissingError',
      `--into-user-id ${userId}: the identity store ${identityStoreId} has no such user. Nothing was changed.`,
    );
  }
}

/** `name (user id …, "Display Name", email)`: what tells two people apart. */
function describeUser(userName: string | undefined, userId: string | undefined, attributes: { DisplayName?: unknown; Emails?: unknown }): string {
  const emails = Array.isArray(attributes.Emails) ? (attributes.Emails as { Value?: string }[]).map((email) => email.Value).filter(Boolean) : [];
  const parts = [`user id ${userId}`, ...(attributes.DisplayName ? [`display name "${String(attributes.DisplayName)}"`] : []), ...emails];
  return `${userName} (${parts.join(', ')})`;
}

/** JSON with object keys sorted, so that two equal attribute values compare equal whatever their key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

/**
 * Whether the existing user is the one this backup would create: every attribute of the backup has the
 * same value on it, and it has no attribute the backup lacks. That is what an earlier restore of this backup
 * left; a new person who took the name has another display name or email.
 */
function isAsRestored(existing: StoredUser, backup: IdentityCenterUserBackup): boolean {
  const wanted = backup.attributes;
  const compared = Object.keys(wanted).filter((name) => name !== 'UserName');
  const extra = createUserAttributes.filter((name) => name !== 'UserName' && !compared.includes(name) && hasValue(existing.fields[name]));
  return extra.length === 0 && compared.every((name) => canonical(existing.fields[name]) === canonical(wanted[name]));
}

const hasValue = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/**
 * The existing user the backup is to go to when CreateUser found its name taken: the holder of the name when
 * it is the backed-up user itself (same user id) or what an earlier restore of this backup created. Throws
 * IdentityCenterUserTakenError for anyone else, before anything is changed.
 */
async function existingTarget(
  directory: RestoreIdentityCenterDirectory,
  backup: IdentityCenterUserBackup,
  conflict: unknown,
): Promise<{ userId: string; userName: string; detail: string }> {
  const holderId = await directory.userIdByName(backup.identityStoreId, backup.userName);
  if (!holderId) throw conflict;
  const holder = await describe(directory, backup, holderId);
  if (!holder) throw conflict;
  const userName = holder.userName ?? backup.userName;
  if (holderId === backup.userId) {
    return { userId: holderId, userName, detail: `the backed-up user itself still exists (user id ${holderId}); the backup's memberships and assignments are added to it` };
  }
  if (isAsRestored(holder, backup)) {
    return {
      userId: holderId,
      userName,
      detail: `it already exists as an earlier restore of this backup created it (user id ${holderId}, every attribute as in the backup); the backup's memberships and assignments are added to it`,
    };
  }
  throw new IdentityCenterUserTakenError(backup, holder);
}

/** DescribeUser with the extensions the backup holds; undefined when there is no such user. */
function describe(directory: RestoreIdentityCenterDirectory, backup: IdentityCenterUserBackup, userId: string): Promise<StoredUser | undefined> {
  const extensions = Object.keys((backup.attributes.Extensions as Record<string, unknown> | undefined) ?? {});
  return directory.describeUserWith(backup.identityStoreId, userId, extensions);
}

/**
 * Recreates the backed-up user. The backup goes only to the user it describes: when its name is held by
 * another user, it throws IdentityCenterUserTakenError before changing anything, unless
 * `options.intoUserId` names the user to give it to. Running it again is safe: the user the first run
 * created is recognised by its attributes, and memberships and assignments are sets, not adds. Throws when
 * CreateUser fails for another reason; a failure of a later step is recorded in the result, and the other
 * steps still run.
 */
export async function restoreIdentityCenterUser(
  directory: RestoreIdentityCenterDirectory,
  backup: IdentityCenterUserBackup,
  { intoUserId }: IdentityCenterRestoreOptions = {},
): Promise<IdentityCenterRestoreResult> {
  const { identityStoreId, instanceArn } = backup;
  const steps: RestoreStep[] = [];
  let userId: string | undefined;
  let target: IdentityCenterRestoreResult['target'] = 'created';
  let targetUserName: string | undefined;
  if (intoUserId) {
    const chosen = await describe(directory, backup, intoUserId);
    if (!chosen) throw new IdentityCenterTargetMissingError(identityStoreId, intoUserId);
    userId = intoUserId;
    target = 'chosen';
    targetUserName = chosen.userName ?? intoUserId;
    steps.push({
      action: `use existing user ${targetUserName} (user id ${intoUserId}) in ${identityStoreId}`,
      status: 'done',
      detail: `as --into-user-id asked: it gets ${backup.userName}'s memberships and assignments, its own attributes stay`,
    });
  } else {
    try {
      userId = await directory.createUser(identityStoreId, backup.userName, backup.attributes);
      steps.push({ action: `create user ${backup.userName} in ${identityStoreId}`, status: 'done', detail: `new user id ${userId}` });
    } catch (error) {
      if (!isConflict(error)) throw error;
      const existing = await existingTarget(directory, backup, error);
      userId = existing.userId;
      target = 'same';
      targetUserName = existing.userName;
      steps.push({ action: `create user ${backup.userName} in ${identityStoreId}`, status: 'done', detail: existing.detail });
    }
  }
  if (!userId) throw new Error(`CreateUser returned no user id for ${backup.userName}`);
  const id = userId;

  /** Runs one step, recording its outcome; `whenConflict` says what a ConflictException means, if it is no failure. */
  const step = async (action: string, call: () => Promise<unknown>, whenConflict?: string) => {
    try {
      await call();
      steps.push({ action, status: 'done' });
    } catch (error) {
      if (whenConflict && isConflict(error)) steps.push({ action, status: 'done', detail: whenConflict });
      else steps.push({ action, status: 'failed', detail: describeError(error) });
    }
  };
  for (const groupId of backup.groupIds) {
    await step(`add to group ${groupId}`, () => directory.addGroupMembership(identityStoreId, id, groupId), 'already a member');
  }
  for (const assignment of backup.assignments) {
    await step(`assign ${assignment.permissionSetArn} in account ${assignment.accountId}`, () => directory.addAssignment(instanceArn, id, assignment));
  }
  return { userId: id, target, ...(targetUserName ? { targetUserName } : {}), steps };
}
