import {
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DeleteGroupMembershipCommand,
  DeleteUserCommand,
  DescribeGroupCommand,
  DescribeUserCommand,
  IdentitystoreClient,
  ListGroupMembershipsCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
  ListUsersCommand,
  paginateListUsers,
} from '@aws-sdk/client-identitystore';
import {
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  type ListAccountAssignmentsCommandInput,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { FRESH_WITHIN_DAYS, generateOrganizationWithTruth } from '../../sim/generator';
import { ScenarioError, validateScenario } from '../../sim/load-scenario';
import type { IdentityCenterSpec, Scenario } from '../../sim/scenario';
import { BASE, baseScenario, clientConfig, startTestSimulator, type TestSimulator } from '../support/sim';
import { assumeSweepRole, expectAwsError, expectModelShape } from './helpers';

const STORE = 'd-9067a1b2c3';
const INSTANCE = 'arn:aws:sso:::instance/ssoins-72230bc2a9a7dd31';
const ADMIN = BASE.callerAccountId;
const MANAGEMENT = BASE.managementAccountId;
const MEMBER = BASE.memberAccountId;
const userId = (n: number) => `9067a1b2c3-${String(n).padStart(8, '0')}-1111-4222-8333-444444444444`;
const GROUP = '9067a1b2c3-aaaaaaaa-1111-4222-8333-444444444444';
const ADMINS = 'arn:aws:sso:::permissionSet/ssoins-72230bc2a9a7dd31/ps-0a1b2c3d4e5f6a7b';
const READ_ONLY = 'arn:aws:sso:::permissionSet/ssoins-72230bc2a9a7dd31/ps-1b2c3d4e5f6a7b8c';

const identityCenter = (overrides: Partial<IdentityCenterSpec> = {}): IdentityCenterSpec => ({
  adminAccountId: ADMIN,
  instanceArn: INSTANCE,
  identityStoreId: STORE,
  users: [1, 2, 3, 4, 5].map((n) => ({
    id: userId(n), userName: `user${n}@example.com`, displayName: `User Number${n}`, email: `user${n}@example.com`, created: '-100d',
  })),
  groups: [{ id: GROUP, displayName: 'Developers', memberUserIds: [userId(1), userId(2)] }],
  permissionSets: [
    { arn: ADMINS, name: 'AdministratorAccess', provisionedToAccountIds: [MANAGEMENT, MEMBER] },
    { arn: READ_ONLY, name: 'ReadOnly', provisionedToAccountIds: [MEMBER] },
  ],
  assignments: [
    { accountId: MEMBER, permissionSetArn: ADMINS, principalType: 'USER', principalId: userId(1) },
    { accountId: MEMBER, permissionSetArn: ADMINS, principalType: 'USER', principalId: userId(2) },
    { accountId: MEMBER, permissionSetArn: ADMINS, principalType: 'GROUP', principalId: GROUP },
    { accountId: MANAGEMENT, permissionSetArn: ADMINS, principalType: 'USER', principalId: userId(1) },
    { accountId: MEMBER, permissionSetArn: READ_ONLY, principalType: 'USER', principalId: userId(3) },
  ],
  ...overrides,
});

let sim: TestSimulator;
let store: IdentitystoreClient;
let admin: SSOAdminClient;
const running: TestSimulator[] = [];
afterEach(() => Promise.all(running.splice(0).map((s) => s.stop())));

async function startScenario(scenario: Scenario) {
  sim = await startTestSimulator(scenario);
  running.push(sim);
}

async function start(overrides: Partial<IdentityCenterSpec> = {}, scenario: Partial<Scenario> = {}) {
  await startScenario(baseScenario({ identityCenter: identityCenter(overrides), ...scenario }));
  store = new IdentitystoreClient({ ...clientConfig(sim.url), maxAttempts: 1 });
  admin = new SSOAdminClient({ ...clientConfig(sim.url), maxAttempts: 1 });
}

const assignmentsOf = async (accountId: string, permissionSetArn: string = ADMINS) =>
  (await admin.send(new ListAccountAssignmentsCommand({ InstanceArn: INSTANCE, AccountId: accountId, PermissionSetArn: permissionSetArn })))
    .AccountAssignments!.map((a) => `${a.PrincipalType}:${a.PrincipalId}`);

const target = (principalId: string, accountId: string = MEMBER, permissionSetArn: string = ADMINS) => ({
  InstanceArn: INSTANCE, TargetId: accountId, TargetType: 'AWS_ACCOUNT' as const, PermissionSetArn: permissionSetArn, PrincipalType: 'USER' as const, PrincipalId: principalId,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('identitystore', () => {
  beforeEach(() => start());

  test('ListUsers pages with MaxResults and NextToken through every user, with the fields the model declares', async () => {
    const pages = [];
    for await (const page of paginateListUsers({ client: store, pageSize: 2 }, { IdentityStoreId: STORE })) pages.push(page);
    pages.forEach((page) => expectModelShape('identitystore', 'ListUsers', page));
    expect(pages.map((p) => p.Users!.length)).toEqual([2, 2, 1]);
    const users = pages.flatMap((p) => p.Users!);
    expect(users.map((u) => u.UserId)).toEqual([1, 2, 3, 4, 5].map(userId));
    expect(users[0]).toEqual({
      IdentityStoreId: STORE,
      UserId: userId(1),
      UserName: 'user1@example.com',
      DisplayName: 'User Number1',
      Name: { GivenName: 'User', FamilyName: 'Number1', Formatted: 'User Number1' },
      Emails: [{ Value: 'user1@example.com', Type: 'work', Primary: true }],
      UserStatus: 'ENABLED',
      CreatedAt: expect.any(Date),
    });
  });

  test('a NextToken stays valid when listed users are deleted between pages', async () => {
    const first = await store.send(new ListUsersCommand({ IdentityStoreId: STORE, MaxResults: 2 }));
    for (const user of first.Users!) await store.send(new DeleteUserCommand({ IdentityStoreId: STORE, UserId: user.UserId }));
    const rest = await store.send(new ListUsersCommand({ IdentityStoreId: STORE, NextToken: first.NextToken }));
    expect(rest.Users!.map((u) => u.UserId)).toEqual([3, 4, 5].map(userId));
  });

  test.each([0, 101])('MaxResults %i is ValidationException', async (maxResults) => {
    await expectAwsError(store.send(new ListUsersCommand({ IdentityStoreId: STORE, MaxResults: maxResults })), 'identitystore', 'ValidationException');
  });

  test('DescribeUser answers one user; a missing id is ResourceNotFoundException naming USER, another store IDENTITY_STORE', async () => {
    const user = await store.send(new DescribeUserCommand({ IdentityStoreId: STORE, UserId: userId(3) }));
    expectModelShape('identitystore', 'DescribeUser', user);
    expect(user).toMatchObject({ UserId: userId(3), UserName: 'user3@example.com' });
    const missing = await expectAwsError(store.send(new DescribeUserCommand({ IdentityStoreId: STORE, UserId: userId(9) })), 'identitystore', 'ResourceNotFoundException');
    expect(missing).toMatchObject({ ResourceType: 'USER', ResourceId: userId(9) });
    const otherStore = await expectAwsError(store.send(new ListUsersCommand({ IdentityStoreId: 'd-0000000000' })), 'identitystore', 'ResourceNotFoundException');
    expect(otherStore).toMatchObject({ ResourceType: 'IDENTITY_STORE' });
  });

  test('groups and memberships: list, describe, list by group and by member, delete a membership', async () => {
    const groups = await store.send(new ListGroupsCommand({ IdentityStoreId: STORE }));
    expectModelShape('identitystore', 'ListGroups', groups);
    expect(groups.Groups!.map((g) => [g.GroupId, g.DisplayName])).toEqual([[GROUP, 'Developers']]);
    expectModelShape('identitystore', 'DescribeGroup', await store.send(new DescribeGroupCommand({ IdentityStoreId: STORE, GroupId: GROUP })));
    const byGroup = await store.send(new ListGroupMembershipsCommand({ IdentityStoreId: STORE, GroupId: GROUP }));
    expectModelShape('identitystore', 'ListGroupMemberships', byGroup);
    expect(byGroup.GroupMemberships!.map((m) => m.MemberId)).toEqual([{ UserId: userId(1) }, { UserId: userId(2) }]);
    const forMember = await store.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: STORE, MemberId: { UserId: userId(1) } }));
    expectModelShape('identitystore', 'ListGroupMembershipsForMember', forMember);
    const [membership] = forMember.GroupMemberships!;
    expect(membership).toMatchObject({ IdentityStoreId: STORE, GroupId: GROUP, MemberId: { UserId: userId(1) }, MembershipId: expect.stringMatching(/^9067a1b2c3-/) });
    await store.send(new DeleteGroupMembershipCommand({ IdentityStoreId: STORE, MembershipId: membership.MembershipId }));
    expect((await store.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: STORE, MemberId: { UserId: userId(1) } }))).GroupMemberships).toEqual([]);
    const again = await expectAwsError(store.send(new DeleteGroupMembershipCommand({ IdentityStoreId: STORE, MembershipId: membership.MembershipId })),
      'identitystore', 'ResourceNotFoundException');
    expect(again).toMatchObject({ ResourceType: 'GROUP_MEMBERSHIP' });
    await expectAwsError(store.send(new DescribeGroupCommand({ IdentityStoreId: STORE, GroupId: userId(1) })), 'identitystore', 'ResourceNotFoundException');
  });

  test('CreateUser and CreateGroupMembership restore a user; a taken UserName or membership is ConflictException', async () => {
    const created = await store.send(new CreateUserCommand({
      IdentityStoreId: STORE, UserName: 'restored@example.com', DisplayName: 'Re Stored', Name: { GivenName: 'Re', FamilyName: 'Stored' },
      Emails: [{ Value: 'restored@example.com', Primary: true }],
    }));
    expectModelShape('identitystore', 'CreateUser', created);
    expect(created.UserId).toMatch(/^9067a1b2c3-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await store.send(new DescribeUserCommand({ IdentityStoreId: STORE, UserId: created.UserId }))).toMatchObject({
      UserName: 'restored@example.com', DisplayName: 'Re Stored', Name: { GivenName: 'Re', FamilyName: 'Stored' },
    });
    const conflict = await expectAwsError(store.send(new CreateUserCommand({ IdentityStoreId: STORE, UserName: 'USER1@example.com', DisplayName: 'x' })),
      'identitystore', 'ConflictException');
    expect(conflict).toMatchObject({ Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' });
    await expectAwsError(store.send(new CreateUserCommand({ IdentityStoreId: STORE, UserName: 'no-display-name' })), 'identitystore', 'ValidationException');
    const membership = await store.send(new CreateGroupMembershipCommand({ IdentityStoreId: STORE, GroupId: GROUP, MemberId: { UserId: created.UserId! } }));
    expectModelShape('identitystore', 'CreateGroupMembership', membership);
    await expectAwsError(store.send(new CreateGroupMembershipCommand({ IdentityStoreId: STORE, GroupId: GROUP, MemberId: { UserId: created.UserId! } })),
      'identitystore', 'ConflictException');
    await expectAwsError(store.send(new CreateGroupMembershipCommand({ IdentityStoreId: STORE, GroupId: GROUP, MemberId: { UserId: userId(9) } })),
      'identitystore', 'ResourceNotFoundException');
  });

  test('CreateUser keeps every attribute it takes; DescribeUser returns an extension only when its Extensions names it', async () => {
    // GIVEN a user created with every CreateUser attribute, the enterprise extension included
    const attributes = {
      Name: { GivenName: 'Ada', FamilyName: 'Lovelace', MiddleName: 'King', HonorificPrefix: 'Countess' },
      NickName: 'Ada', ProfileUrl: 'https://example.com/ada', Emails: [{ Value: 'ada@example.com', Type: 'work', Primary: true }],
      Addresses: [{ Locality: 'London', Country: 'GB', Primary: true }], PhoneNumbers: [{ Value: '+44 20 7946 0000', Type: 'work' }],
      UserType: 'Employee', Title: 'Analyst', PreferredLanguage: 'en-GB', Locale: 'en-GB', Timezone: 'Europe/London',
      Photos: [{ Value: 'https://example.com/ada.png', Type: 'photo', Primary: true }], Website: 'https://ada.example', Birthdate: '1815-12-10',
      Roles: [{ Value: 'Researcher', Type: 'Work', Primary: true }],
    };
    const enterprise = { employeeNumber: '1815', costCenter: 'CC-42', department: 'Engines', manager: { value: userId(1) } };
    const created = await store.send(new CreateUserCommand({
      IdentityStoreId: STORE, UserName: 'ada', DisplayName: 'Ada Lovelace', ...attributes, Extensions: { 'aws:identitystore:enterprise': enterprise },
    }));

    // WHEN it is described with and without the extension
    const plain = await store.send(new DescribeUserCommand({ IdentityStoreId: STORE, UserId: created.UserId }));
    const withExtension = await store.send(new DescribeUserCommand({ IdentityStoreId: STORE, UserId: created.UserId, Extensions: ['aws:identitystore:enterprise'] }));
    const listed = await store.send(new ListUsersCommand({ IdentityStoreId: STORE, Extensions: ['aws:identitystore:enterprise'] }));

    // THEN every attribute comes back as given, the extension only when asked for; an unknown extension is refused
    expectModelShape('identitystore', 'DescribeUser', withExtension);
    expect(plain).toMatchObject({ ...attributes, UserName: 'ada', DisplayName: 'Ada Lovelace' });
    expect(plain.Extensions).toBeUndefined();
    expect(withExtension.Extensions).toEqual({ 'aws:identitystore:enterprise': enterprise });
    expect(listed.Users!.find((u) => u.UserId === created.UserId)!.Extensions).toEqual({ 'aws:identitystore:enterprise': enterprise });
    await expectAwsError(
      store.send(new DescribeUserCommand({ IdentityStoreId: STORE, UserId: created.UserId, Extensions: ['aws:identitystore:custom'] })),
      'identitystore', 'ValidationException',
    );
  });

  test('DeleteUser removes the user and its group memberships but not its account assignments; twice is ResourceNotFoundException', async () => {
    await store.send(new DeleteUserCommand({ IdentityStoreId: STORE, UserId: userId(1) }));
    await expectAwsError(store.send(new DeleteUserCommand({ IdentityStoreId: STORE, UserId: userId(1) })), 'identitystore', 'ResourceNotFoundException');
    const state = (await sim.state()).identityCenter!;
    expect(state.users.map((u) => u.id)).toEqual([2, 3, 4, 5].map(userId));
    expect(state.groups).toEqual([{ id: GROUP, displayName: 'Developers', memberUserIds: [userId(2)] }]);
    expect(state.assignments!.filter((a) => a.principalId === userId(1))).toHaveLength(2);
    expect((await sim.calls()).byOperation).toMatchObject({ 'identitystore:DeleteUser': 2 });
  });
});

describe('sso-admin', () => {
  beforeEach(() => start({ assignmentDeletionDelayMs: 300, assignmentCreationDelayMs: 300 }));

  test('ListInstances, ListPermissionSets, DescribePermissionSet and ListAccountsForProvisionedPermissionSet answer per the model', async () => {
    const instances = await admin.send(new ListInstancesCommand({}));
    expectModelShape('sso-admin', 'ListInstances', instances);
    expect(instances.Instances).toEqual([{
      InstanceArn: INSTANCE, IdentityStoreId: STORE, OwnerAccountId: MANAGEMENT, CreatedDate: expect.any(Date), Status: 'ACTIVE',
    }]);
    const sets = await admin.send(new ListPermissionSetsCommand({ InstanceArn: INSTANCE, MaxResults: 1 }));
    expectModelShape('sso-admin', 'ListPermissionSets', sets);
    const rest = await admin.send(new ListPermissionSetsCommand({ InstanceArn: INSTANCE, NextToken: sets.NextToken }));
    expect([...sets.PermissionSets!, ...rest.PermissionSets!]).toEqual([ADMINS, READ_ONLY]);
    expect(rest.NextToken).toBeUndefined();
    const described = await admin.send(new DescribePermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: READ_ONLY }));
    expectModelShape('sso-admin', 'DescribePermissionSet', described);
    expect(described.PermissionSet).toMatchObject({ Name: 'ReadOnly', PermissionSetArn: READ_ONLY });
    const accounts = await admin.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: ADMINS }));
    expectModelShape('sso-admin', 'ListAccountsForProvisionedPermissionSet', accounts);
    expect(accounts.AccountIds).toEqual([MANAGEMENT, MEMBER]);
    await expectAwsError(admin.send(new DescribePermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: `${ADMINS.slice(0, -4)}zzzz` })),
      'sso-admin', 'ResourceNotFoundException');
    await expectAwsError(admin.send(new ListPermissionSetsCommand({ InstanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000' })),
      'sso-admin', 'ResourceNotFoundException');
  });

  test('the instance lives in its Region: elsewhere ListInstances is empty and the instance is not found', async () => {
    const paris = new SSOAdminClient({ ...clientConfig(sim.url), region: 'eu-west-3', maxAttempts: 1 });
    expect((await paris.send(new ListInstancesCommand({}))).Instances).toEqual([]);
    await expectAwsError(paris.send(new ListPermissionSetsCommand({ InstanceArn: INSTANCE })), 'sso-admin', 'ResourceNotFoundException');
    const parisStore = new IdentitystoreClient({ ...clientConfig(sim.url), region: 'eu-west-3', maxAttempts: 1 });
    await expectAwsError(parisStore.send(new ListUsersCommand({ IdentityStoreId: STORE })), 'identitystore', 'ResourceNotFoundException');
  });

  test('ListAccountAssignments needs InstanceArn, AccountId and PermissionSetArn', async () => {
    const listed = await admin.send(new ListAccountAssignmentsCommand({ InstanceArn: INSTANCE, AccountId: MEMBER, PermissionSetArn: ADMINS }));
    expectModelShape('sso-admin', 'ListAccountAssignments', listed);
    expect(listed.AccountAssignments![0]).toEqual({ AccountId: MEMBER, PermissionSetArn: ADMINS, PrincipalType: 'USER', PrincipalId: userId(1) });
    expect(await assignmentsOf(MEMBER)).toEqual([`USER:${userId(1)}`, `USER:${userId(2)}`, `GROUP:${GROUP}`]);
    expect(await assignmentsOf(MEMBER, READ_ONLY)).toEqual([`USER:${userId(3)}`]);
    expect(await assignmentsOf(ADMIN)).toEqual([]);
    const without = (missing: keyof ListAccountAssignmentsCommandInput) => {
      const input: Partial<ListAccountAssignmentsCommandInput> = { InstanceArn: INSTANCE, AccountId: MEMBER, PermissionSetArn: ADMINS };
      delete input[missing];
      return admin.send(new ListAccountAssignmentsCommand(input as ListAccountAssignmentsCommandInput));
    };
    for (const missing of ['InstanceArn', 'AccountId', 'PermissionSetArn'] as const) {
      const error = await expectAwsError(without(missing), 'sso-admin', 'ValidationException');
      expect(error.message).toContain('Member must not be null');
    }
  });

  test('DeleteAccountAssignment is asynchronous: IN_PROGRESS, the assignment still listed, then SUCCEEDED and gone', async () => {
    const deleted = await admin.send(new DeleteAccountAssignmentCommand(target(userId(2))));
    expectModelShape('sso-admin', 'DeleteAccountAssignment', deleted);
    const status = deleted.AccountAssignmentDeletionStatus!;
    expect(status).toMatchObject({
      Status: 'IN_PROGRESS', TargetId: MEMBER, TargetType: 'AWS_ACCOUNT', PermissionSetArn: ADMINS, PrincipalType: 'USER', PrincipalId: userId(2),
    });
    expect(status.RequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const describe = () => admin.send(new DescribeAccountAssignmentDeletionStatusCommand({
      InstanceArn: INSTANCE, AccountAssignmentDeletionRequestId: status.RequestId,
    }));
    expect((await describe()).AccountAssignmentDeletionStatus!.Status).toBe('IN_PROGRESS');
    expect(await assignmentsOf(MEMBER)).toContain(`USER:${userId(2)}`);
    await expectAwsError(admin.send(new DeleteAccountAssignmentCommand(target(userId(2)))), 'sso-admin', 'ConflictException');
    await sleep(350);
    const done = await describe();
    expectModelShape('sso-admin', 'DescribeAccountAssignmentDeletionStatus', done);
    expect(done.AccountAssignmentDeletionStatus).toMatchObject({ Status: 'SUCCEEDED', RequestId: status.RequestId });
    expect(await assignmentsOf(MEMBER)).not.toContain(`USER:${userId(2)}`);
    await expectAwsError(admin.send(new DeleteAccountAssignmentCommand(target(userId(2)))), 'sso-admin', 'ResourceNotFoundException');
    await expectAwsError(admin.send(new DescribeAccountAssignmentDeletionStatusCommand({
      InstanceArn: INSTANCE, AccountAssignmentDeletionRequestId: '00000000-0000-4000-8000-000000000000',
    })), 'sso-admin', 'ResourceNotFoundException');
  });

  test('the delay runs on the simulator clock: advancing it completes a deletion', async () => {
    await start({ assignmentDeletionDelayMs: 3_600_000 });
    const { AccountAssignmentDeletionStatus } = await admin.send(new DeleteAccountAssignmentCommand(target(userId(3), MEMBER, READ_ONLY)));
    const describe = async () => (await admin.send(new DescribeAccountAssignmentDeletionStatusCommand({
      InstanceArn: INSTANCE, AccountAssignmentDeletionRequestId: AccountAssignmentDeletionStatus!.RequestId,
    }))).AccountAssignmentDeletionStatus!.Status;
    expect(await describe()).toBe('IN_PROGRESS');
    await sim.advanceClock('1h');
    expect(await describe()).toBe('SUCCEEDED');
    expect((await sim.state()).identityCenter!.assignments!.some((a) => a.principalId === userId(3))).toBe(false);
  });

  test('the failAssignmentDeletion fault makes that deletion end FAILED and the assignment stay', async () => {
    await sim.setFaults({ failAssignmentDeletion: [{ principalId: userId(1), accountId: MEMBER }] });
    const { AccountAssignmentDeletionStatus } = await admin.send(new DeleteAccountAssignmentCommand(target(userId(1))));
    expect(AccountAssignmentDeletionStatus!.Status).toBe('IN_PROGRESS');
    const other = await admin.send(new DeleteAccountAssignmentCommand(target(userId(2))));
    await sleep(350);
    const failed = (await admin.send(new DescribeAccountAssignmentDeletionStatusCommand({
      InstanceArn: INSTANCE, AccountAssignmentDeletionRequestId: AccountAssignmentDeletionStatus!.RequestId,
    }))).AccountAssignmentDeletionStatus!;
    expect(failed).toMatchObject({ Status: 'FAILED', FailureReason: expect.any(String) });
    expect((await admin.send(new DescribeAccountAssignmentDeletionStatusCommand({
      InstanceArn: INSTANCE, AccountAssignmentDeletionRequestId: other.AccountAssignmentDeletionStatus!.RequestId,
    }))).AccountAssignmentDeletionStatus!.Status).toBe('SUCCEEDED');
    expect(await assignmentsOf(MEMBER)).toEqual([`USER:${userId(1)}`, `GROUP:${GROUP}`]);
  });

  test('CreateAccountAssignment is asynchronous too, and provisions the permission set to the account', async () => {
    const created = await admin.send(new CreateAccountAssignmentCommand(target(userId(4), ADMIN, READ_ONLY)));
    expectModelShape('sso-admin', 'CreateAccountAssignment', created);
    const describe = async (requestId: string) => (await admin.send(new DescribeAccountAssignmentCreationStatusCommand({
      InstanceArn: INSTANCE, AccountAssignmentCreationRequestId: requestId,
    }))).AccountAssignmentCreationStatus!;
    expect(created.AccountAssignmentCreationStatus!.Status).toBe('IN_PROGRESS');
    expect(await assignmentsOf(ADMIN, READ_ONLY)).toEqual([]);
    const ghost = await admin.send(new CreateAccountAssignmentCommand(target(userId(9), ADMIN, READ_ONLY)));
    await sleep(350);
    expect(await describe(created.AccountAssignmentCreationStatus!.RequestId!)).toMatchObject({ Status: 'SUCCEEDED' });
    expect(await describe(ghost.AccountAssignmentCreationStatus!.RequestId!)).toMatchObject({ Status: 'FAILED', FailureReason: expect.stringContaining(userId(9)) });
    expect(await assignmentsOf(ADMIN, READ_ONLY)).toEqual([`USER:${userId(4)}`]);
    expect((await admin.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: READ_ONLY }))).AccountIds)
      .toEqual([MEMBER, ADMIN]);
  });

  test('a delegated administrator cannot change assignments in the management account; the management account can', async () => {
    await expectAwsError(admin.send(new DeleteAccountAssignmentCommand(target(userId(1), MANAGEMENT))), 'sso-admin', 'AccessDeniedException');
    await expectAwsError(admin.send(new CreateAccountAssignmentCommand(target(userId(2), MANAGEMENT))), 'sso-admin', 'AccessDeniedException');
    const management = new SSOAdminClient({ ...clientConfig(sim.url, await assumeSweepRole(sim.url, MANAGEMENT)), maxAttempts: 1 });
    const { AccountAssignmentDeletionStatus } = await management.send(new DeleteAccountAssignmentCommand(target(userId(1), MANAGEMENT)));
    expect(AccountAssignmentDeletionStatus!.Status).toBe('IN_PROGRESS');
  });

  test('ListAccountAssignmentsForPrincipal answers the management account only', async () => {
    const input = { InstanceArn: INSTANCE, PrincipalId: userId(1), PrincipalType: 'USER' as const };
    await expectAwsError(admin.send(new ListAccountAssignmentsForPrincipalCommand(input)), 'sso-admin', 'AccessDeniedException');
    const management = new SSOAdminClient({ ...clientConfig(sim.url, await assumeSweepRole(sim.url, MANAGEMENT)), maxAttempts: 1 });
    const all = await management.send(new ListAccountAssignmentsForPrincipalCommand(input));
    expectModelShape('sso-admin', 'ListAccountAssignmentsForPrincipal', all);
    expect(all.AccountAssignments!.map((a) => a.AccountId)).toEqual([MEMBER, MANAGEMENT]);
    const filtered = await management.send(new ListAccountAssignmentsForPrincipalCommand({ ...input, Filter: { AccountId: MANAGEMENT } }));
    expect(filtered.AccountAssignments).toEqual([{ AccountId: MANAGEMENT, PermissionSetArn: ADMINS, PrincipalType: 'USER', PrincipalId: userId(1) }]);
  });
});

test('any account but the admin and management accounts is denied both services', async () => {
  await start();
  const member = await assumeSweepRole(sim.url);
  const memberStore = new IdentitystoreClient({ ...clientConfig(sim.url, member), maxAttempts: 1 });
  const memberAdmin = new SSOAdminClient({ ...clientConfig(sim.url, member), maxAttempts: 1 });
  const error = await expectAwsError(memberStore.send(new ListUsersCommand({ IdentityStoreId: STORE })), 'identitystore', 'AccessDeniedException');
  expect(error.message).toContain('identitystore:ListUsers');
  await expectAwsError(memberStore.send(new DeleteUserCommand({ IdentityStoreId: STORE, UserId: userId(1) })), 'identitystore', 'AccessDeniedException');
  await expectAwsError(memberAdmin.send(new ListInstancesCommand({})), 'sso-admin', 'AccessDeniedException');
  await expectAwsError(memberAdmin.send(new DeleteAccountAssignmentCommand(target(userId(1)))), 'sso-admin', 'AccessDeniedException');
  expect((await sim.state()).identityCenter!.users).toHaveLength(5);
});

test('without an identityCenter section both services deny every caller', async () => {
  await startScenario(baseScenario());
  await expectAwsError(new SSOAdminClient({ ...clientConfig(sim.url), maxAttempts: 1 }).send(new ListInstancesCommand({})), 'sso-admin', 'AccessDeniedException');
  expect((await sim.state()).identityCenter).toBeUndefined();
});

test.each([
  ['identitystore', 'ThrottlingException', 400],
  ['sso-admin', 'ThrottlingException', 400],
] as const)('the throttleRate fault makes %s answer %s (%i)', async (service, code, status) => {
  await start({}, { faults: { throttleRate: 1 } });
  const call = service === 'identitystore' ? store.send(new ListUsersCommand({ IdentityStoreId: STORE })) : admin.send(new ListInstancesCommand({}));
  await expectAwsError(call, service, code, status);
  expect((await sim.calls()).byError[`${service}:${code}`]).toBe(1);
});

test('GET /_sim/state writes Identity Center back in the scenario format', async () => {
  await start();
  const state = (await sim.state()).identityCenter!;
  expect(state).toMatchObject({
    adminAccountId: ADMIN,
    region: 'us-east-1',
    instanceArn: INSTANCE,
    identityStoreId: STORE,
    groups: [{ id: GROUP, displayName: 'Developers', memberUserIds: [userId(1), userId(2)] }],
    permissionSets: identityCenter().permissionSets,
    assignments: identityCenter().assignments,
    assignmentDeletionDelayMs: 200,
  });
  expect(state.users[0]).toEqual({
    id: userId(1), userName: 'user1@example.com', displayName: 'User Number1', email: 'user1@example.com',
    created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), signInKind: 'password', signIns: [], failedSignIns: [],
  });
  // The dump loads as a scenario again.
  expect(() => validateScenario(JSON.parse(JSON.stringify(baseScenario({ identityCenter: state }))))).not.toThrow();
});

describe('scenario validation names the bad field', () => {
  const check = (identity: Partial<IdentityCenterSpec>, extra: Partial<Scenario> = {}) =>
    () => validateScenario(baseScenario({ identityCenter: identityCenter(identity), ...extra }));

  test.each([
    ['an admin account outside the organization', { adminAccountId: '999999999999' }, 'identityCenter.adminAccountId: 999999999999 is not in accounts'],
    ['a malformed identity store id', { identityStoreId: 'store' }, 'identityCenter.identityStoreId: invalid value "store"'],
    ['a malformed instance ARN', { instanceArn: 'arn:aws:sso:::instance/nope' }, 'identityCenter.instanceArn: invalid value'],
    ['a duplicate user id', { users: [...identityCenter().users, { ...identityCenter().users[0], userName: 'other' }] }, 'identityCenter.users[5].id: duplicate user or group id'],
    ['a malformed user id', { users: [{ id: 'not-a-uuid', userName: 'u', created: '-1d' }] }, 'identityCenter.users[0].id: invalid value "not-a-uuid"'],
    ['an unknown signInKind', { users: [{ id: userId(1), userName: 'u', created: '-1d', signInKind: 'saml' as 'password' }] }, 'identityCenter.users[0].signInKind: must be one of password, external-idp'],
    ['a bad sign-in time', { users: [{ id: userId(1), userName: 'u', created: '-1d', signIns: ['yesterday'] }] }, 'identityCenter.users[0].signIns[0]: invalid time "yesterday"'],
    ['a member that is no user', { groups: [{ id: GROUP, displayName: 'g', memberUserIds: [userId(9)] }] }, `identityCenter.groups[0].memberUserIds[0]: no identityCenter user has id "${userId(9)}"`],
    ['a permission set provisioned outside the organization', { permissionSets: [{ arn: ADMINS, name: 'A', provisionedToAccountIds: ['999999999999'] }], assignments: [] },
      'identityCenter.permissionSets[0].provisionedToAccountIds[0]: 999999999999 is not in accounts'],
    ['a permission set of another instance', { permissionSets: [{ arn: 'arn:aws:sso:::permissionSet/ssoins-0000000000000000/ps-0a1b2c3d4e5f6a7b', name: 'A', provisionedToAccountIds: [] }], assignments: [] },
      'identityCenter.permissionSets[0].arn: must belong to the instance ssoins-72230bc2a9a7dd31'],
    ['a principal of the wrong type', { assignments: [{ accountId: MEMBER, permissionSetArn: ADMINS, principalType: 'GROUP', principalId: userId(1) }] },
      `identityCenter.assignments[0].principalId: no identityCenter group has id "${userId(1)}"`],
    ['an unknown permission set', { assignments: [{ accountId: MEMBER, permissionSetArn: `${ADMINS}x`, principalType: 'USER', principalId: userId(1) }] },
      'identityCenter.assignments[0].permissionSetArn: no identityCenter permission set has arn'],
    ['a negative delay', { assignmentDeletionDelayMs: -1 }, 'identityCenter.assignmentDeletionDelayMs: must be a number from 0'],
  ] as [string, Partial<IdentityCenterSpec>, string][])('%s', (_label, identity, message) => {
    expect(check(identity)).toThrow(ScenarioError);
    expect(check(identity)).toThrow(message);
  });

  test('cloudTrailEvents and the failAssignmentDeletion fault are checked too', () => {
    const events = (event: object) => () => validateScenario(baseScenario({}, { cloudTrailEvents: [event as never] }));
    expect(events({ time: '-1d', eventName: 'GetUser', eventSource: 'iam.amazonaws.com', region: 'mars-1' }))
      .toThrow('accounts[2].cloudTrailEvents[0].region: invalid value "mars-1" (a Region such as us-east-1)');
    expect(events({ time: '-1d', eventName: 'GetUser', eventSource: 'iam.amazonaws.com', colour: 'red' }))
      .toThrow('accounts[2].cloudTrailEvents[0].colour: unknown field');
    expect(events({ eventName: 'GetUser', eventSource: 'iam.amazonaws.com' })).toThrow('accounts[2].cloudTrailEvents[0].time: must be a time');
    expect(check({}, { faults: { failAssignmentDeletion: [{ principalId: userId(1), accountId: 'x' }] } }))
      .toThrow('faults.failAssignmentDeletion[0].accountId: invalid value "x"');
  });
});

test('a generated organization with identityCenterUsers loads, and only its active users signed in within the window', async () => {
  const { scenario, truth } = generateOrganizationWithTruth({ accounts: 6, usersPerAccount: 2, seed: 7, identityCenterUsers: 40 });
  const without = generateOrganizationWithTruth({ accounts: 6, usersPerAccount: 2, seed: 7 });
  expect({ ...scenario, identityCenter: undefined }).toEqual({ ...without.scenario, identityCenter: undefined });
  await startScenario(scenario);
  const ic = scenario.identityCenter!;
  const listed = [];
  const client = new IdentitystoreClient({ ...clientConfig(sim.url), maxAttempts: 1 });
  for await (const page of paginateListUsers({ client }, { IdentityStoreId: ic.identityStoreId })) listed.push(...page.Users!);
  expect(listed).toHaveLength(40);
  expect(new Set(Object.values(truth.identityCenterUsers!))).toEqual(new Set(['active', 'inactive', 'new-never-used']));

  const trail = new CloudTrailClient({ ...clientConfig(sim.url), maxAttempts: 1 });
  const lastSignIn = new Map<string, Date>();
  let NextToken: string | undefined;
  do {
    await sleep(510);
    const page = await trail.send(new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UserAuthentication' }], NextToken,
    }));
    for (const event of page.Events!) {
      const userId = (JSON.parse(event.CloudTrailEvent!) as { userIdentity: { onBehalfOf: { userId: string } } }).userIdentity.onBehalfOf.userId;
      if (!lastSignIn.has(userId)) lastSignIn.set(userId, event.EventTime!);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  for (const [userId, intent] of Object.entries(truth.identityCenterUsers!)) {
    const last = lastSignIn.get(userId);
    if (intent === 'active') expect(Date.now() - last!.getTime()).toBeLessThanOrEqual(FRESH_WITHIN_DAYS * 86_400_000);
    else expect(last).toBeUndefined();
  }
});
