/**
 * Recreating a deleted Identity Center user from its backup: the user with its attributes, then its group
 * memberships and its direct account assignments. The identity store gives it a new user id. Runs with the
 * caller's credentials in the account that administers Identity Center.
 */
import {
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DescribeUserCommand,
  paginateListUsers,
  type CreateUserCommandInput,
  type DescribeUserCommandOutput,
  type IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import {
  CreateAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { describeError, isConflict, isResourceNotFound } from '../aws/iam-errors';
import { assignmentInput, createUserAttributes, waitForAssignmentOperation, type PollOptions } from '../aws/identity-center';
import { SweepError } from '../engine/errors';
import type { IdentityCenterUserBackup, Permission } from '../engine/types';
import type { RestoreStep } from './restore-user';

/**
 * What a restore of an Identity Center user calls, in the account that administers Identity Center. The
 * backup names the instance and identity store, but a policy is written before any backup exists, so it
 * names their resource types.
 */
export const restoreIdentityCenterUserPermissions: readonly Permission[] = [
  { actions: ['identitystore:CreateUser'], resource: 'identity-store', access: 'write' },
  { actions: ['identitystore:ListUsers', 'identitystore:DescribeUser'], resource: ['identity-store', 'identity-store-user'], access: 'read' },
  {
    actions: ['identitystore:CreateGroupMembership'],
    resource: ['identity-store', 'identity-store-user', 'identity-store-group'],
    access: 'write',
  },
  { actions: ['sso:CreateAccountAssignment'], resource: ['sso-instance', 'sso-permission-set', 'sso-account'], access: 'write' },
  { actions: ['sso:DescribeAccountAssignmentCreationStatus'], resource: 'sso-instance', access: 'read' },
];

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
  poll?: PollOptions;
}

/** The user name is held by a user that is not the backed-up one: nothing was changed. */
export class IdentityCenterUserTakenError extends SweepError {
  constructor(backup: IdentityCenterUserBackup, holder: DescribeUserCommandOutput) {
    super(
      'IdentityCenterUserTakenError',
      `the user name ${backup.userName} is held in ${backup.identityStoreId} by ${describeUser(holder.UserName, holder.UserId, holder)}, ` +
        `which is not the backed-up user ${describeUser(backup.userName, backup.userId, backup.attributes)}: ` +
        'another user id, and attributes that differ from the backup. Nothing was changed. ' +
        'Rename or delete that user first if the backed-up one should come back, or pass ' +
        `--into-user-id ${holder.UserId} if that user is to get the backed-up user's groups and account assignments.`,
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

/** The user of that user name, if the identity store has one (user names are unique, ignoring case). */
async function userIdByName(identityStore: IdentitystoreClient, identityStoreId: string, userName: string): Promise<string | undefined> {
  for await (const page of paginateListUsers({ client: identityStore, pageSize: 100 }, { IdentityStoreId: identityStoreId })) {
    const found = (page.Users ?? []).find((user) => user.UserName?.toLowerCase() === userName.toLowerCase());
    if (found) return found.UserId;
  }
  return undefined;
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
function isAsRestored(existing: DescribeUserCommandOutput, backup: IdentityCenterUserBackup): boolean {
  const wanted = backup.attributes;
  const compared = Object.keys(wanted).filter((name) => name !== 'UserName');
  const extra = createUserAttributes.filter((name) => name !== 'UserName' && !compared.includes(name) && hasValue(existing[name]));
  return extra.length === 0 && compared.every((name) => canonical(existing[name as keyof DescribeUserCommandOutput]) === canonical(wanted[name]));
}

const hasValue = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/**
 * The existing user the backup is to go to when CreateUser found its name taken: the holder of the name when
 * it is the backed-up user itself (same user id) or what an earlier restore of this backup created. Throws
 * IdentityCenterUserTakenError for anyone else, before anything is changed.
 */
async function existingTarget(
  identityStore: IdentitystoreClient,
  backup: IdentityCenterUserBackup,
  conflict: unknown,
): Promise<{ userId: string; userName: string; detail: string }> {
  const holderId = await userIdByName(identityStore, backup.identityStoreId, backup.userName);
  if (!holderId) throw conflict;
  const holder = await describe(identityStore, backup, holderId);
  if (!holder) throw conflict;
  const userName = holder.UserName ?? backup.userName;
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
async function describe(identityStore: IdentitystoreClient, backup: IdentityCenterUserBackup, userId: string) {
  const extensions = Object.keys((backup.attributes.Extensions as Record<string, unknown> | undefined) ?? {});
  try {
    return await identityStore.send(
      new DescribeUserCommand({ IdentityStoreId: backup.identityStoreId, UserId: userId, ...(extensions.length > 0 ? { Extensions: extensions } : {}) }),
    );
  } catch (error) {
    if (isResourceNotFound(error)) return undefined;
    throw error;
  }
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
  identityStore: IdentitystoreClient,
  ssoAdmin: SSOAdminClient,
  backup: IdentityCenterUserBackup,
  { intoUserId, poll }: IdentityCenterRestoreOptions = {},
): Promise<IdentityCenterRestoreResult> {
  const { identityStoreId, instanceArn } = backup;
  const steps: RestoreStep[] = [];
  let userId: string | undefined;
  let target: IdentityCenterRestoreResult['target'] = 'created';
  let targetUserName: string | undefined;
  if (intoUserId) {
    const chosen = await describe(identityStore, backup, intoUserId);
    if (!chosen) throw new IdentityCenterTargetMissingError(identityStoreId, intoUserId);
    userId = intoUserId;
    target = 'chosen';
    targetUserName = chosen.UserName ?? intoUserId;
    steps.push({
      action: `use existing user ${targetUserName} (user id ${intoUserId}) in ${identityStoreId}`,
      status: 'done',
      detail: `as --into-user-id asked: it gets ${backup.userName}'s memberships and assignments, its own attributes stay`,
    });
  } else {
    try {
      const input = { ...backup.attributes, UserName: backup.userName, IdentityStoreId: identityStoreId } as CreateUserCommandInput;
      userId = (await identityStore.send(new CreateUserCommand(input))).UserId;
      steps.push({ action: `create user ${backup.userName} in ${identityStoreId}`, status: 'done', detail: `new user id ${userId}` });
    } catch (error) {
      if (!isConflict(error)) throw error;
      const existing = await existingTarget(identityStore, backup, error);
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
    await step(
      `add to group ${groupId}`,
      () => identityStore.send(new CreateGroupMembershipCommand({ IdentityStoreId: identityStoreId, GroupId: groupId, MemberId: { UserId: id } })),
      'already a member',
    );
  }
  for (const assignment of backup.assignments) {
    const what = `assign ${assignment.permissionSetArn} in account ${assignment.accountId}`;
    await step(what, async () => {
      const started = await ssoAdmin.send(new CreateAccountAssignmentCommand(assignmentInput(instanceArn, id, assignment)));
      await waitForAssignmentOperation(
        started.AccountAssignmentCreationStatus,
        async (requestId) =>
          (
            await ssoAdmin.send(
              new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: instanceArn, AccountAssignmentCreationRequestId: requestId }),
            )
          ).AccountAssignmentCreationStatus,
        what,
        poll,
      );
    });
  }
  return { userId: id, target, ...(targetUserName ? { targetUserName } : {}), steps };
}
