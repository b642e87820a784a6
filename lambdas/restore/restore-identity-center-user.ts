/**
 * Recreating a deleted Identity Center user from its backup: the user with its attributes, then its group
 * memberships and its direct account assignments. The identity store gives it a new user id. Runs with the
 * caller's credentials in the account that administers Identity Center.
 */
import {
  CreateGroupMembershipCommand,
  CreateUserCommand,
  paginateListUsers,
  type CreateUserCommandInput,
  type IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import {
  CreateAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { describeError } from '../aws/iam-errors';
import { assignmentInput, waitForAssignmentOperation, type PollOptions } from '../aws/identity-center';
import type { IdentityCenterUserBackup, Permission } from '../engine/types';
import type { RestoreStep } from './restore-user';

/**
 * What a restore of an Identity Center user calls, in the account that administers Identity Center. The
 * backup names the instance and identity store, but a policy is written before any backup exists, so it
 * names their resource types.
 */
export const restoreIdentityCenterUserPermissions: readonly Permission[] = [
  { actions: ['identitystore:CreateUser'], resource: 'identity-store', access: 'write' },
  { actions: ['identitystore:ListUsers'], resource: ['identity-store', 'identity-store-user'], access: 'read' },
  {
    actions: ['identitystore:CreateGroupMembership'],
    resource: ['identity-store', 'identity-store-user', 'identity-store-group'],
    access: 'write',
  },
  { actions: ['sso:CreateAccountAssignment'], resource: ['sso-instance', 'sso-permission-set', 'sso-account'], access: 'write' },
  { actions: ['sso:DescribeAccountAssignmentCreationStatus'], resource: 'sso-instance', access: 'read' },
];

export interface IdentityCenterRestoreResult {
  /** The user's id now: new, unless a user of that name was already there. */
  userId: string;
  userExisted: boolean;
  steps: RestoreStep[];
}

const errorName = (error: unknown) => (error as { name?: string } | null)?.name ?? '';

/** The user of that user name, if the identity store has one (user names are unique, ignoring case). */
async function userIdByName(identityStore: IdentitystoreClient, identityStoreId: string, userName: string): Promise<string | undefined> {
  for await (const page of paginateListUsers({ client: identityStore, pageSize: 100 }, { IdentityStoreId: identityStoreId })) {
    const found = (page.Users ?? []).find((user) => user.UserName?.toLowerCase() === userName.toLowerCase());
    if (found) return found.UserId;
  }
  return undefined;
}

/**
 * Recreates the backed-up user. Running it again is safe: a user of the same user name gets the backup's
 * memberships and assignments again, and each of those is a set, not an add. Throws when CreateUser fails
 * for another reason; a failure of a later step is recorded in the result, and the other steps still run.
 */
export async function restoreIdentityCenterUser(
  identityStore: IdentitystoreClient,
  ssoAdmin: SSOAdminClient,
  backup: IdentityCenterUserBackup,
  poll?: PollOptions,
): Promise<IdentityCenterRestoreResult> {
  const { identityStoreId, instanceArn } = backup;
  const steps: RestoreStep[] = [];
  let userId: string | undefined;
  let userExisted = false;
  try {
    const input = { ...backup.attributes, UserName: backup.userName, IdentityStoreId: identityStoreId } as CreateUserCommandInput;
    userId = (await identityStore.send(new CreateUserCommand(input))).UserId;
    steps.push({ action: `create user ${backup.userName} in ${identityStoreId}`, status: 'done', detail: `new user id ${userId}` });
  } catch (error) {
    if (errorName(error) !== 'ConflictException') throw error;
    userId = await userIdByName(identityStore, identityStoreId, backup.userName);
    if (!userId) throw error;
    userExisted = true;
    steps.push({
      action: `create user ${backup.userName} in ${identityStoreId}`,
      status: 'done',
      detail: `it already exists (user id ${userId}); the backup's memberships and assignments are added to it`,
    });
  }
  if (!userId) throw new Error(`CreateUser returned no user id for ${backup.userName}`);
  const id = userId;

  /** Runs one step, recording its outcome; `whenConflict` says what a ConflictException means, if it is no failure. */
  const step = async (action: string, call: () => Promise<unknown>, whenConflict?: string) => {
    try {
      await call();
      steps.push({ action, status: 'done' });
    } catch (error) {
      if (whenConflict && errorName(error) === 'ConflictException') steps.push({ action, status: 'done', detail: whenConflict });
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
  return { userId: id, userExisted, steps };
}
