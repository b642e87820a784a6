/**
 * IAM Identity Center in the account that administers it, as the sweep uses it: its one instance in a
 * Region, its users, their assignments and group memberships, each user's removal. Every call and its
 * declared permission is in identity-center.ts, which this binds to the Region's clients.
 * Restore recreates deleted users through it too (identity-center-restore).
 */
import type { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import type { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import type { AccountAssignment, IdentityCenterUser } from '../engine/types';
import {
  createUserAttributes,
  deleteAccountAssignment,
  deleteGroupMembership,
  deleteIdentityCenterUser,
  describeIdentityCenterUser,
  findInstance,
  listGroupMemberships,
  listIdentityCenterUsers,
  listUserAssignments,
  type IdentityCenterInstance,
  type PollOptions,
} from './identity-center';
import { createAccountAssignment, createGroupMembership, createUser, describeUserWith, userIdByName } from './identity-center-restore';

/** A user as DescribeUser has it now: what the re-check decides by, and what a backup keeps to restore it. */
export interface DescribedUser {
  user: IdentityCenterUser;
  /** The CreateUser attributes (extensions included) DescribeUser returned. */
  attributes: Record<string, unknown>;
}

export class IdentityCenterDirectory {
  constructor(
    private readonly ssoAdmin: SSOAdminClient,
    private readonly identityStore: IdentitystoreClient,
    readonly region: string,
    /** How assignment removals are followed (tests shorten the waits). */
    private readonly poll?: PollOptions,
  ) {}

  findInstance = () => findInstance(this.ssoAdmin, this.region);
  listUsers = (identityStoreId: string) => listIdentityCenterUsers(this.identityStore, identityStoreId);
  listUserAssignments = (instanceArn: string) => listUserAssignments(this.ssoAdmin, instanceArn);
  listGroupMemberships = (identityStoreId: string, userId: string) => listGroupMemberships(this.identityStore, identityStoreId, userId);

  /** Undefined when the user no longer exists. */
  async describeUser(identityStoreId: string, userId: string, knownName: string): Promise<DescribedUser | undefined> {
    const described = await describeIdentityCenterUser(this.identityStore, identityStoreId, userId);
    if (!described) return undefined;
    return {
      user: { id: userId, userName: described.UserName ?? knownName, ...(described.CreatedAt ? { created: described.CreatedAt } : {}) },
      attributes: Object.fromEntries(createUserAttributes.filter((name) => described[name] !== undefined).map((name) => [name, described[name]])),
    };
  }

  removeAssignment = (instance: IdentityCenterInstance, userId: string, assignment: AccountAssignment) =>
    deleteAccountAssignment(this.ssoAdmin, instance.instanceArn, userId, assignment, this.poll);
  removeGroupMembership = (identityStoreId: string, membershipId: string) => deleteGroupMembership(this.identityStore, identityStoreId, membershipId);
  deleteUser = (identityStoreId: string, userId: string) => deleteIdentityCenterUser(this.identityStore, identityStoreId, userId);

  /** Restore: the user created again with the attributes a backup kept; throws ConflictException when the name is taken. */
  createUser = (identityStoreId: string, userName: string, attributes: Record<string, unknown>) =>
    createUser(this.identityStore, identityStoreId, userName, attributes);
  userIdByName = (identityStoreId: string, userName: string) => userIdByName(this.identityStore, identityStoreId, userName);
  /** The user as DescribeUser has it with these extensions; undefined when it does not exist. */
  describeUserWith = (identityStoreId: string, userId: string, extensions: readonly string[]) =>
    describeUserWith(this.identityStore, identityStoreId, userId, extensions);
  /** Throws ConflictException when the user is already a member. */
  addGroupMembership = (identityStoreId: string, userId: string, groupId: string) =>
    createGroupMembership(this.identityStore, identityStoreId, userId, groupId);
  /** Assigns the user and waits until the assignment is made. */
  addAssignment = (instanceArn: string, userId: string, assignment: AccountAssignment) =>
    createAccountAssignment(this.ssoAdmin, instanceArn, userId, assignment, this.poll);
}
