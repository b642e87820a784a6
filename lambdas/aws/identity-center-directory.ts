/**
 * IAM Identity Center in the account that administers it, as the sweep uses it: its one instance in a
 * Region, its users, their assignments and group memberships, each user's removal. Every call and its
 * declared permission is in identity-center.ts, which this binds to the Region's clients.
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

/** A user as DescribeUser has it now: what the re-check decides by, and what a backup keeps to restore it. */
export interface DescribedUser {
  user: IdentityCenterUser;
  /** The CreateUser attributes (extensions included) DescribeUser returned. */
  attributes: Record<string, unknown>;
}

export class IdentityCenterDirectory {
  constructor(
    protected readonly ssoAdmin: SSOAdminClient,
    protected readonly identityStore: IdentitystoreClient,
    readonly region: string,
    /** How assignment removals are followed (tests shorten the waits). */
    protected readonly poll?: PollOptions,
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
}
