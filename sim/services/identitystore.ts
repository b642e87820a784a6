/**
 * The Identity Center identity store: users, groups and group memberships. Only the account that
 * administers Identity Center (and the management account, which owns the instance) may call it, in the
 * instance's Region.
 */
import { randomUUID } from 'node:crypto';
import type * as IdentityStore from '@aws-sdk/client-identitystore';
import { SimError } from '../errors';
import {
  addMembership,
  newResourceId,
  settleAssignmentRequests,
  STORED_USER_ATTRIBUTES,
  SUPPORTED_EXTENSIONS,
  type GroupMembership,
  type IdentityCenterState,
  type IdentityStoreGroup,
  type IdentityStoreUser,
} from '../identity-center';
import type { CallContext, Handlers } from './context';

const DEFAULT_MAX_RESULTS = 100;

/**
 * The Identity Center the caller may administer, with requests whose delay has passed completed. Any other
 * account is denied, as it is for an account that is neither the management account nor the delegated
 * administrator.
 */
export function administeredIdentityCenter(ctx: CallContext, service: 'identitystore' | 'sso'): IdentityCenterState {
  const ic = ctx.state.identityCenter;
  const caller = ctx.caller.accountId;
  if (!ic || (caller !== ic.adminAccountId && caller !== ctx.state.organization.managementAccountId)) {
    throw new SimError('AccessDeniedException', `User: ${ctx.caller.arn} is not authorized to perform: ${service}:${ctx.operation}`);
  }
  settleAssignmentRequests(ic, ctx.now.getTime());
  return ic;
}

function notFound(resourceType: IdentityStore.ResourceType, resourceId: string): SimError {
  const what = { USER: 'User', GROUP: 'Group', GROUP_MEMBERSHIP: 'GroupMembership', IDENTITY_STORE: 'IdentityStore', RESOURCE_POLICY: 'ResourcePolicy' }[resourceType];
  return new SimError('ResourceNotFoundException', `${what} not found.`, { fields: { ResourceType: resourceType, ResourceId: resourceId } });
}

/** The identity store named in the request: it lives in the instance's Region only. */
function store(ctx: CallContext, identityStoreId: string): IdentityCenterState {
  const ic = administeredIdentityCenter(ctx, 'identitystore');
  if (identityStoreId !== ic.identityStoreId || ctx.region !== ic.region) throw notFound('IDENTITY_STORE', identityStoreId);
  return ic;
}

function userOf(ic: IdentityCenterState, userId: string): IdentityStoreUser {
  const user = ic.users.get(userId);
  if (!user) throw notFound('USER', userId);
  return user;
}

function groupOf(ic: IdentityCenterState, groupId: string): IdentityStoreGroup {
  const group = ic.groups.get(groupId);
  if (!group) throw notFound('GROUP', groupId);
  return group;
}

/** One page in list order; the token names the next item's place, so deleting listed items skips nothing. */
function paginate<T extends { seq: number }>(ctx: CallContext, items: Iterable<T>, input: { MaxResults?: number; NextToken?: string }) {
  let from = 0;
  if (input.NextToken !== undefined) {
    const match = /^(\w+):(\d+)$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (!match || match[1] !== ctx.operation) throw new SimError('ValidationException', 'The pagination token is invalid.');
    from = Number(match[2]);
  }
  const maxResults = input.MaxResults ?? DEFAULT_MAX_RESULTS;
  const page: T[] = [];
  for (const item of items) {
    if (item.seq < from) continue;
    if (page.length === maxResults) return { page, NextToken: Buffer.from(`${ctx.operation}:${item.seq}`).toString('base64url') };
    page.push(item);
  }
  return { page, NextToken: undefined };
}

/**
 * The user as DescribeUser and ListUsers return it. The attributes CreateUser stored come back as given;
 * a scenario user without them gets a Name and an Email made from its display name and email.
 * `Extensions` is returned only for the extension names the request lists (the request's `Extensions`).
 */
function userView(ic: IdentityCenterState, user: IdentityStoreUser, extensionNames: readonly string[] = []): IdentityStore.User {
  const name = user.givenName !== undefined || user.familyName !== undefined
    ? { GivenName: user.givenName, FamilyName: user.familyName, Formatted: [user.givenName, user.familyName].filter(Boolean).join(' ') }
    : undefined;
  const { Extensions: stored, ...attributes } = (user.attributes ?? {
    Name: name,
    Emails: user.email ? [{ Value: user.email, Type: 'work', Primary: true }] : undefined,
  }) as Record<string, unknown>;
  const extensions = Object.entries((stored as Record<string, unknown> | undefined) ?? {}).filter(([key]) => extensionNames.includes(key));
  return {
    IdentityStoreId: ic.identityStoreId,
    UserId: user.id,
    UserName: user.userName,
    DisplayName: user.displayName,
    ...(attributes as Partial<IdentityStore.User>),
    UserStatus: 'ENABLED',
    CreatedAt: user.created,
    ...(extensions.length > 0 ? { Extensions: Object.fromEntries(extensions) as IdentityStore.User['Extensions'] } : {}),
  };
}

/** A request's extension names: each must be one the identity store supports. */
function requestedExtensions(names: string[] | undefined): string[] {
  for (const name of names ?? []) {
    if (!SUPPORTED_EXTENSIONS.includes(name)) {
      throw new SimError('ValidationException', `Extension ${name} is not supported; the supported extension is ${SUPPORTED_EXTENSIONS.join(', ')}.`);
    }
  }
  return names ?? [];
}

/** CreateUser's attributes besides UserName and DisplayName, kept as given. */
function storedAttributes(input: IdentityStore.CreateUserRequest): Record<string, unknown> {
  requestedExtensions(Object.keys(input.Extensions ?? {}));
  const given = input as unknown as Record<string, unknown>;
  return Object.fromEntries(STORED_USER_ATTRIBUTES.filter((name) => given[name] !== undefined).map((name) => [name, structuredClone(given[name])]));
}

function groupView(ic: IdentityCenterState, group: IdentityStoreGroup): IdentityStore.Group {
  return { GroupId: group.id, DisplayName: group.displayName, CreatedAt: group.created, IdentityStoreId: ic.identityStoreId };
}

function membershipView(ic: IdentityCenterState, membership: GroupMembership): IdentityStore.GroupMembership {
  return {
    IdentityStoreId: ic.identityStoreId,
    MembershipId: membership.id,
    GroupId: membership.groupId,
    MemberId: { UserId: membership.userId },
    CreatedAt: membership.created,
  };
}

/** ListUsers' deprecated filter: one exact attribute match. */
function filterUsers(users: Iterable<IdentityStoreUser>, filters: IdentityStore.Filter[] | undefined): Iterable<IdentityStoreUser> {
  const filter = filters?.[0];
  if (!filter) return users;
  if (filter.AttributePath !== 'UserName' && filter.AttributePath !== 'DisplayName') {
    throw new SimError('ValidationException', `Filtering by ${filter.AttributePath} is not supported; use UserName or DisplayName.`);
  }
  const read = (u: IdentityStoreUser) => (filter.AttributePath === 'UserName' ? u.userName : u.displayName);
  return [...users].filter((u) => read(u)?.toLowerCase() === filter.AttributeValue?.toLowerCase());
}

export const identitystoreHandlers = {
  ListUsers(ctx: CallContext, input: IdentityStore.ListUsersRequest): IdentityStore.ListUsersResponse {
    const ic = store(ctx, input.IdentityStoreId!);
    const extensions = requestedExtensions(input.Extensions);
    const { page, NextToken } = paginate(ctx, filterUsers(ic.users.values(), input.Filters), input);
    return { Users: page.map((u) => userView(ic, u, extensions)), NextToken };
  },

  DescribeUser(ctx: CallContext, input: IdentityStore.DescribeUserRequest): IdentityStore.DescribeUserResponse {
    const ic = store(ctx, input.IdentityStoreId!);
    return userView(ic, userOf(ic, input.UserId!), requestedExtensions(input.Extensions));
  },

  CreateUser(ctx: CallContext, input: IdentityStore.CreateUserRequest): IdentityStore.CreateUserResponse {
    const ic = store(ctx, input.IdentityStoreId!);
    if (!input.UserName) throw new SimError('ValidationException', 'UserName is a required attribute.');
    if (!input.DisplayName) throw new SimError('ValidationException', 'DisplayName is a required attribute.');
    const taken = [...ic.users.values()].some((u) => u.userName.toLowerCase() === input.UserName!.toLowerCase());
    if (taken) {
      throw new SimError('ConflictException', 'Duplicate UserName', { fields: { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' } });
    }
    const user: IdentityStoreUser = {
      id: newResourceId(ic, randomUUID()),
      userName: input.UserName,
      displayName: input.DisplayName,
      email: input.Emails?.[0]?.Value,
      givenName: input.Name?.GivenName,
      familyName: input.Name?.FamilyName,
      attributes: storedAttributes(input),
      created: ctx.now,
      signInKind: 'password',
      signIns: [],
      failedSignIns: [],
      seq: ic.nextSeq++,
    };
    ic.users.set(user.id, user);
    return { IdentityStoreId: ic.identityStoreId, UserId: user.id };
  },

  /**
   * Deleting a user also ends its group memberships (they cannot outlive the user), but leaves its account
   * assignments in sso-admin: those must be deleted there, or they stay behind pointing at nobody.
   */
  DeleteUser(ctx: CallContext, input: IdentityStore.DeleteUserRequest): IdentityStore.DeleteUserResponse {
    const ic = store(ctx, input.IdentityStoreId!);
    const user = userOf(ic, input.UserId!);
    ic.users.delete(user.id);
    for (const membership of [...ic.memberships.values()]) {
      if (membership.userId === user.id) ic.memberships.delete(membership.id);
    }
    return {};
  },

  ListGroups(ctx: CallContext, input: IdentityStore.ListGroupsRequest): IdentityStore.ListGroupsResponse {
    const ic = store(ctx, input.IdentityStoreId!);
    const filter = input.Filters?.[0];
    if (filter && filter.AttributePath !== 'DisplayName') {
      throw new SimError('ValidationException', `Filtering by ${filter.AttributePath} is not supported; use DisplayName.`);
    }
    const groups = [...ic.groups.values()].filter((g) => !filter || g.displayName.toLowerCase() === filter.AttributeValue?.toLowerCase());
    const { page, NextToken } = paginate(ctx, groups, input);
    return { Groups: page.map((g) => groupView(ic, g)), NextToken };
  },

  DescribeGroup(ctx: CallContext, input: IdentityStore.DescribeGroupRequest): IdentityStore.DescribeGroupResponse {
    const ic = store(ctx, input.IdentityStoreId!);
    return groupView(ic, groupOf(ic, input.GroupId!));
  },

  ListGroupMemberships(ctx: CallContext, input: IdentityStore.ListGroupMembershipsRequest): IdentityStore.ListGroupMembershipsResponse {
    const ic = store(ctx, input.IdentityStoreId!);
    const group = groupOf(ic, input.GroupId!);
    const memberships = [...ic.memberships.values()].filter((m) => m.groupId === group.id);
    const { page, NextToken } = paginate(ctx, memberships, input);
    return { GroupMemberships: page.map((m) => membershipView(ic, m)), NextToken };
  },

  ListGroupMembershipsForMember(
    ctx: CallContext,
    input: IdentityStore.ListGroupMembershipsForMemberRequest,
  ): IdentityStore.ListGroupMembershipsForMemberResponse {
    const ic = store(ctx, input.IdentityStoreId!);
    const userId = input.MemberId?.UserId;
    if (userId === undefined) throw new SimError('ValidationException', 'MemberId must name a UserId.');
    const user = userOf(ic, userId);
    const memberships = [...ic.memberships.values()].filter((m) => m.userId === user.id);
    const { page, NextToken } = paginate(ctx, memberships, input);
    return { GroupMemberships: page.map((m) => membershipView(ic, m)), NextToken };
  },

  CreateGroupMembership(ctx: CallContext, input: IdentityStore.CreateGroupMembershipRequest): IdentityStore.CreateGroupMembershipResponse {
    const ic = store(ctx, input.IdentityStoreId!);
    const group = groupOf(ic, input.GroupId!);
    const userId = input.MemberId?.UserId;
    if (userId === undefined) throw new SimError('ValidationException', 'MemberId must name a UserId.');
    const user = userOf(ic, userId);
    if ([...ic.memberships.values()].some((m) => m.groupId === group.id && m.userId === user.id)) {
      throw new SimError('ConflictException', 'Member is already in the group.', { fields: { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' } });
    }
    const membership = addMembership(ic, group.id, user.id, newResourceId(ic, randomUUID()), ctx.now);
    return { MembershipId: membership.id, IdentityStoreId: ic.identityStoreId };
  },

  DeleteGroupMembership(ctx: CallContext, input: IdentityStore.DeleteGroupMembershipRequest): IdentityStore.DeleteGroupMembershipResponse {
    const ic = store(ctx, input.IdentityStoreId!);
    if (!ic.memberships.delete(input.MembershipId!)) throw notFound('GROUP_MEMBERSHIP', input.MembershipId!);
    return {};
  },
} satisfies Handlers;
