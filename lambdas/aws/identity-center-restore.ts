/**
 * The Identity Center calls that recreate a deleted user (lambdas/restore/restore-identity-center-user
 * decides which, in what order), and what they need, in the account that administers Identity Center;
 * RestoreIdentityCenterDirectory binds them to the Region's clients.
 */
import {
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DescribeUserCommand,
  paginateListUsers,
  type CreateUserCommandInput,
  type IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import {
  CreateAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import type { AccountAssignment, Permission } from '../engine/types';
import { isResourceNotFound } from './aws-errors';
import { assignmentInput, waitForAssignmentOperation, type PollOptions } from './identity-center';
import { IdentityCenterDirectory } from './identity-center-directory';

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

/** A user as DescribeUser returned it. */
export interface StoredUser {
  userId: string;
  userName?: string;
  /** Every field of the answer by its API name (DisplayName, Emails, Extensions, …), as a backup keeps them. */
  fields: Record<string, unknown>;
}

/**
 * Creates the user with `attributes` (CreateUser's, as a backup keeps them); resolves to its new id.
 * Throws ConflictException when the user name is taken (aws-errors isConflict).
 */
export async function createUser(
  identityStore: IdentitystoreClient,
  identityStoreId: string,
  userName: string,
  attributes: Record<string, unknown>,
): Promise<string | undefined> {
  const input = { ...attributes, UserName: userName, IdentityStoreId: identityStoreId } as CreateUserCommandInput;
  return (await identityStore.send(new CreateUserCommand(input))).UserId;
}

/** The user of that user name, if the identity store has one (user names are unique, ignoring case). */
export async function userIdByName(identityStore: IdentitystoreClient, identityStoreId: string, userName: string): Promise<string | undefined> {
  for await (const page of paginateListUsers({ client: identityStore, pageSize: 100 }, { IdentityStoreId: identityStoreId })) {
    const found = (page.Users ?? []).find((user) => user.UserName?.toLowerCase() === userName.toLowerCase());
    if (found) return found.UserId;
  }
  return undefined;
}

/** DescribeUser with these `extensions` (none when empty); undefined when there is no such user. */
export async function describeUserWith(
  identityStore: IdentitystoreClient,
  identityStoreId: string,
  userId: string,
  extensions: readonly string[],
): Promise<StoredUser | undefined> {
  try {
    const answer = await identityStore.send(
      new DescribeUserCommand({ IdentityStoreId: identityStoreId, UserId: userId, ...(extensions.length > 0 ? { Extensions: [...extensions] } : {}) }),
    );
    const fields = Object.fromEntries(Object.entries(answer).filter(([name]) => name !== '$metadata'));
    return { userId: answer.UserId ?? userId, userName: answer.UserName, fields };
  } catch (error) {
    if (isResourceNotFound(error)) return undefined;
    throw error;
  }
}

/** Adds the user to the group. Throws ConflictException when it is already a member. */
export async function createGroupMembership(identityStore: IdentitystoreClient, identityStoreId: string, userId: string, groupId: string): Promise<void> {
  await identityStore.send(new CreateGroupMembershipCommand({ IdentityStoreId: identityStoreId, GroupId: groupId, MemberId: { UserId: userId } }));
}

/** Assigns the user and waits until Identity Center says the assignment is made. */
export async function createAccountAssignment(
  ssoAdmin: SSOAdminClient,
  instanceArn: string,
  userId: string,
  assignment: AccountAssignment,
  poll?: PollOptions,
): Promise<void> {
  const started = await ssoAdmin.send(new CreateAccountAssignmentCommand(assignmentInput(instanceArn, userId, assignment)));
  await waitForAssignmentOperation(
    started.AccountAssignmentCreationStatus,
    async (requestId) =>
      (
        await ssoAdmin.send(
          new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: instanceArn, AccountAssignmentCreationRequestId: requestId }),
        )
      ).AccountAssignmentCreationStatus,
    `assign ${assignment.permissionSetArn} in account ${assignment.accountId}`,
    poll,
  );
}

/**
 * Identity Center as restore uses it: IdentityCenterDirectory with the calls above (assignment creations
 * are followed with the directory's poll options). Only restore imports it, so that the orchestrator's
 * code, and the policy built to match it, hold no call that creates or grants.
 */
export class RestoreIdentityCenterDirectory extends IdentityCenterDirectory {
  /** Throws ConflictException when the user name is taken. */
  createUser = (identityStoreId: string, userName: string, attributes: Record<string, unknown>) =>
    createUser(this.identityStore, identityStoreId, userName, attributes);
  userIdByName = (identityStoreId: string, userName: string) => userIdByName(this.identityStore, identityStoreId, userName);
  describeUserWith = (identityStoreId: string, userId: string, extensions: readonly string[]) =>
    describeUserWith(this.identityStore, identityStoreId, userId, extensions);
  /** Throws ConflictException when the user is already a member. */
  addGroupMembership = (identityStoreId: string, userId: string, groupId: string) =>
    createGroupMembership(this.identityStore, identityStoreId, userId, groupId);
  addAssignment = (instanceArn: string, userId: string, assignment: AccountAssignment) =>
    createAccountAssignment(this.ssoAdmin, instanceArn, userId, assignment, this.poll);
}
