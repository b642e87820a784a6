/**
 * IAM Identity Center in the account that administers it, with the caller's own credentials: the
 * instance, the identity store's users, their direct account assignments and group memberships, and the
 * removals in the order that leaves nothing behind (assignments, memberships, then the user).
 */
import {
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  paginateListAccountAssignments,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListInstances,
  paginateListPermissionSets,
  type AccountAssignmentOperationStatus,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import {
  DeleteGroupMembershipCommand,
  DeleteUserCommand,
  DescribeUserCommand,
  paginateListGroupMembershipsForMember,
  paginateListUsers,
  type DescribeUserCommandOutput,
  type IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import { SweepError } from '../engine/errors';
import type { AccountAssignment, IdentityCenterUser, Permission } from '../engine/types';
import { cloudTrailPermissions } from './cloudtrail';
import { describeError, isAccessDenied, isConflict, isResourceNotFound } from './aws-errors';
import { retryOnConflict, sleep } from './retry';

/**
 * What the orchestrator calls in its own account for the Identity Center sweep, call by call below, and the
 * sign-in events it reads from CloudTrail; its execution role grants these. The instance and identity store
 * are found at run time (ListInstances), so the policy names their resource types, not their ids.
 */
export const identityCenterPermissions: readonly Permission[] = [
  { actions: ['sso:ListInstances'], resource: '*', access: 'read' },
  { actions: ['sso:ListPermissionSets'], resource: 'sso-instance', access: 'read' },
  { actions: ['sso:ListAccountsForProvisionedPermissionSet'], resource: ['sso-instance', 'sso-permission-set'], access: 'read' },
  { actions: ['sso:ListAccountAssignments'], resource: ['sso-instance', 'sso-permission-set', 'sso-account'], access: 'read' },
  { actions: ['sso:DeleteAccountAssignment'], resource: ['sso-instance', 'sso-permission-set', 'sso-account'], access: 'write' },
  { actions: ['sso:DescribeAccountAssignmentDeletionStatus'], resource: 'sso-instance', access: 'read' },
  { actions: ['identitystore:ListUsers', 'identitystore:DescribeUser'], resource: ['identity-store', 'identity-store-user'], access: 'read' },
  {
    actions: ['identitystore:ListGroupMembershipsForMember'],
    resource: ['identity-store', 'identity-store-user', 'identity-store-membership'],
    access: 'read',
  },
  {
    actions: ['identitystore:DeleteGroupMembership'],
    resource: ['identity-store', 'identity-store-user', 'identity-store-group', 'identity-store-membership'],
    access: 'write',
  },
  { actions: ['identitystore:DeleteUser'], resource: ['identity-store', 'identity-store-user'], access: 'write' },
  ...cloudTrailPermissions,
];

/** The actions of identityCenterPermissions, for comparing with the calls a run makes. */
export const identityCenterActions: readonly string[] = identityCenterPermissions.flatMap((permission) => permission.actions);

export interface IdentityCenterInstance {
  instanceArn: string;
  identityStoreId: string;
}

/** The Identity Center setup is not what the sweep can work with (no instance, several instances). */
export class IdentityCenterError extends SweepError {
  constructor(message: string) {
    super('IdentityCenterError', message);
  }
}

/** An account assignment operation ended FAILED, or did not end in time. */
export class AssignmentOperationError extends SweepError {
  constructor(what: string, reason: string) {
    super('AssignmentOperationError', `${what}: ${reason}`);
  }
}


/**
 * Runs a write that Identity Center may refuse with ConflictException while another operation on the
 * same permission set or account is in progress (the SDK does not retry it); ResourceNotFound is done.
 */
function write<T>(call: () => Promise<T>, attempts = 5): Promise<T | undefined> {
  return retryOnConflict(call, { isGone: isResourceNotFound, isConflict, firstWaitMs: 500, attempts });
}

/** The one Identity Center instance of the account in the client's Region. */
export async function findInstance(ssoAdmin: SSOAdminClient, region: string): Promise<IdentityCenterInstance> {
  const instances: IdentityCenterInstance[] = [];
  for await (const page of paginateListInstances({ client: ssoAdmin }, {})) {
    for (const instance of page.Instances ?? []) {
      if (instance.Status && instance.Status !== 'ACTIVE') continue;
      instances.push({ instanceArn: instance.InstanceArn!, identityStoreId: instance.IdentityStoreId! });
    }
  }
  if (instances.length === 0) {
    throw new IdentityCenterError(
      `this account has no active IAM Identity Center instance in ${region}: run the sweep in the account that ` +
        'administers Identity Center, and set SWEEP_IDENTITY_CENTER_REGION to the instance’s Region',
    );
  }
  if (instances.length > 1) {
    throw new IdentityCenterError(`this account has ${instances.length} Identity Center instances in ${region}; the sweep handles one`);
  }
  return instances[0];
}

/** Every user of the identity store. */
export async function listIdentityCenterUsers(identityStore: IdentitystoreClient, identityStoreId: string): Promise<IdentityCenterUser[]> {
  const users: IdentityCenterUser[] = [];
  for await (const page of paginateListUsers({ client: identityStore, pageSize: 100 }, { IdentityStoreId: identityStoreId })) {
    for (const user of page.Users ?? []) {
      users.push({
        id: user.UserId!,
        userName: user.UserName ?? user.UserId!,
        ...(user.DisplayName ? { displayName: user.DisplayName } : {}),
        ...(user.CreatedAt ? { created: user.CreatedAt } : {}),
      });
    }
  }
  return users;
}

/** The user as the identity store has it now, with its extensions; undefined when it no longer exists. */
export async function describeIdentityCenterUser(
  identityStore: IdentitystoreClient,
  identityStoreId: string,
  userId: string,
): Promise<DescribeUserCommandOutput | undefined> {
  try {
    return await identityStore.send(new DescribeUserCommand({ IdentityStoreId: identityStoreId, UserId: userId, Extensions: USER_EXTENSIONS }));
  } catch (error) {
    if (isResourceNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The user attributes CreateUser takes besides the identity store id (identitystore CreateUserRequest),
 * extensions included: what a backup keeps, as DescribeUser returns them, so that restore can set them again.
 */
export const createUserAttributes = [
  'UserName',
  'Name',
  'DisplayName',
  'NickName',
  'ProfileUrl',
  'Emails',
  'Addresses',
  'PhoneNumbers',
  'UserType',
  'Title',
  'PreferredLanguage',
  'Locale',
  'Timezone',
  'Photos',
  'Website',
  'Birthdate',
  'Roles',
  'Extensions',
] as const satisfies readonly (keyof DescribeUserCommandOutput)[];

/**
 * The extensions DescribeUser is asked for, so that the backup holds them: DescribeUser returns an
 * extension only when its `Extensions` parameter names it, and `aws:identitystore:enterprise` (employee
 * number, cost center, department, manager, …) is the only one the identity store supports.
 */
export const USER_EXTENSIONS = ['aws:identitystore:enterprise'];

export interface GroupMembership {
  membershipId: string;
  groupId: string;
}

export async function listGroupMemberships(
  identityStore: IdentitystoreClient,
  identityStoreId: string,
  userId: string,
): Promise<GroupMembership[]> {
  const memberships: GroupMembership[] = [];
  const pages = paginateListGroupMembershipsForMember(
    { client: identityStore, pageSize: 100 },
    { IdentityStoreId: identityStoreId, MemberId: { UserId: userId } },
  );
  for await (const page of pages) {
    for (const membership of page.GroupMemberships ?? []) {
      memberships.push({ membershipId: membership.MembershipId!, groupId: membership.GroupId! });
    }
  }
  return memberships;
}

/** Direct account assignments by user id, and the places whose assignments could not be read. */
export interface AssignmentIndex {
  byUser: Map<string, AccountAssignment[]>;
  /** "account 111111111111, permission set …": AccessDenied, e.g. the management account for a delegated administrator. */
  unreadable: string[];
}

/**
 * Every direct (principalType USER) account assignment of the instance: each permission set, each account
 * it is provisioned to, each assignment there. There is no per-user listing outside the management account.
 */
export async function listUserAssignments(ssoAdmin: SSOAdminClient, instanceArn: string): Promise<AssignmentIndex> {
  const index: AssignmentIndex = { byUser: new Map(), unreadable: [] };
  const permissionSets: string[] = [];
  for await (const page of paginateListPermissionSets({ client: ssoAdmin, pageSize: 100 }, { InstanceArn: instanceArn })) {
    permissionSets.push(...(page.PermissionSets ?? []));
  }
  for (const permissionSetArn of permissionSets) {
    const accounts: string[] = [];
    try {
      const pages = paginateListAccountsForProvisionedPermissionSet(
        { client: ssoAdmin, pageSize: 100 },
        { InstanceArn: instanceArn, PermissionSetArn: permissionSetArn },
      );
      for await (const page of pages) accounts.push(...(page.AccountIds ?? []));
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      index.unreadable.push(`permission set ${permissionSetArn}: ${describeError(error)}`);
      continue;
    }
    for (const accountId of accounts) {
      try {
        const pages = paginateListAccountAssignments(
          { client: ssoAdmin, pageSize: 100 },
          { InstanceArn: instanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn },
        );
        for await (const page of pages) {
          for (const assignment of page.AccountAssignments ?? []) {
            if (assignment.PrincipalType !== 'USER' || !assignment.PrincipalId) continue;
            const list = index.byUser.get(assignment.PrincipalId) ?? [];
            list.push({ accountId, permissionSetArn });
            index.byUser.set(assignment.PrincipalId, list);
          }
        }
      } catch (error) {
        if (!isAccessDenied(error)) throw error;
        index.unreadable.push(`account ${accountId}, permission set ${permissionSetArn}: ${describeError(error)}`);
      }
    }
  }
  return index;
}

export interface PollOptions {
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
  firstWaitMs?: number;
}

/** Waits until an asynchronous assignment operation SUCCEEDED; throws when it FAILED or took too long. */
export async function waitForAssignmentOperation(
  started: AccountAssignmentOperationStatus | undefined,
  describe: (requestId: string) => Promise<AccountAssignmentOperationStatus | undefined>,
  what: string,
  { timeoutMs = 120_000, firstWaitMs = 250 }: PollOptions = {},
): Promise<void> {
  const begun = Date.now();
  let status = started;
  for (let wait = firstWaitMs; ; wait = Math.min(wait * 2, 5_000)) {
    if (status?.Status === 'SUCCEEDED') return;
    if (status?.Status === 'FAILED') throw new AssignmentOperationError(what, status.FailureReason ?? 'FAILED without a reason');
    const requestId = status?.RequestId ?? started?.RequestId;
    if (!requestId) throw new AssignmentOperationError(what, 'Identity Center returned no request id to follow');
    if (Date.now() - begun > timeoutMs) {
      throw new AssignmentOperationError(what, `still ${status?.Status ?? 'unknown'} after ${Math.round(timeoutMs / 1000)} s`);
    }
    await sleep(wait);
    status = await describe(requestId);
  }
}

/** The input that names one assignment of a user, for creating or deleting it. */
export const assignmentInput = (instanceArn: string, userId: string, assignment: AccountAssignment) => ({
  InstanceArn: instanceArn,
  TargetId: assignment.accountId,
  TargetType: 'AWS_ACCOUNT' as const,
  PermissionSetArn: assignment.permissionSetArn,
  PrincipalType: 'USER' as const,
  PrincipalId: userId,
});

/** Removes one assignment and waits until Identity Center says it is gone. Already gone is done. */
export async function deleteAccountAssignment(
  ssoAdmin: SSOAdminClient,
  instanceArn: string,
  userId: string,
  assignment: AccountAssignment,
  poll?: PollOptions,
): Promise<void> {
  const what = `removing the assignment of ${assignment.permissionSetArn} in account ${assignment.accountId}`;
  const started = await write(() => ssoAdmin.send(new DeleteAccountAssignmentCommand(assignmentInput(instanceArn, userId, assignment))));
  if (!started) return;
  await waitForAssignmentOperation(
    started.AccountAssignmentDeletionStatus,
    async (requestId) =>
      (
        await ssoAdmin.send(
          new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: instanceArn, AccountAssignmentDeletionRequestId: requestId }),
        )
      ).AccountAssignmentDeletionStatus,
    what,
    poll,
  );
}

export const deleteGroupMembership = (identityStore: IdentitystoreClient, identityStoreId: string, membershipId: string) =>
  write(() => identityStore.send(new DeleteGroupMembershipCommand({ IdentityStoreId: identityStoreId, MembershipId: membershipId })));

export const deleteIdentityCenterUser = (identityStore: IdentitystoreClient, identityStoreId: string, userId: string) =>
  write(() => identityStore.send(new DeleteUserCommand({ IdentityStoreId: identityStoreId, UserId: userId })));
