import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateUserCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListRolesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListRoles,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  paginateListUserPolicies,
  paginateListUsers,
  paginateListUserTags,
  paginateListVirtualMFADevices,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { UserSpec } from '../../sim/scenario';
import { BASE, baseScenario, startTestSimulator, type TestSimulator } from '../support/sim';
import { expectAwsError, expectModelShape, memberIam } from './helpers';

const ACCOUNT = BASE.memberAccountId;
const VIRTUAL_MFA = `arn:aws:iam::${ACCOUNT}:mfa/dana`;
const SPARE_VIRTUAL_MFA = `arn:aws:iam::${ACCOUNT}:mfa/spare`;
const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

/** A user holding two of every kind of object, for listing and pagination. */
const dana: UserSpec = {
  name: 'dana',
  path: '/people/',
  created: '-400d',
  passwordLastUsed: '-20d',
  loginProfile: { created: '-300d', passwordResetRequired: true },
  accessKeys: [
    { id: 'AKIADANA000000000002', status: 'Inactive', created: '-100d' },
    { id: 'AKIADANA000000000001', status: 'Active', created: '-200d', lastUsed: '-3d', lastUsedService: 's3', lastUsedRegion: 'eu-west-1' },
  ],
  mfaDevices: [
    { serial: VIRTUAL_MFA, virtual: true, enableDate: '-250d' },
    { serial: 'GAHT00000001', virtual: false },
    { serial: SPARE_VIRTUAL_MFA, virtual: true, enabled: false },
  ],
  sshPublicKeys: [{ id: 'APKADANA000000000001', status: 'Active', uploaded: '-90d' }, { id: 'APKADANA000000000002', status: 'Inactive' }],
  signingCertificates: [{ id: 'CERTDANA0000000000000001', status: 'Active', uploaded: '-80d' }, { id: 'CERTDANA0000000000000002', status: 'Inactive', uploaded: '-60d' }],
  serviceSpecificCredentials: [
    { id: 'ACCADANA000000000001', serviceName: 'codecommit.amazonaws.com', created: '-70d' },
    { id: 'ACCADANA000000000002', serviceName: 'cassandra.amazonaws.com', status: 'Inactive' },
  ],
  inlinePolicies: { 's3-read': POLICY, 'second': '{"Version":"2012-10-17","Statement":[]}' },
  attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess', `arn:aws:iam::${ACCOUNT}:policy/team/Custom`],
  groups: ['developers', 'auditors'],
  permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
  tags: { team: 'payments', owner: 'dana', cost: 'c1' },
};

/** Users that each hold exactly one kind of object that blocks DeleteUser. */
const blockers: { user: UserSpec; message: string; remove: (iam: IAMClient) => Promise<unknown> }[] = [
  {
    user: { name: 'has-password', created: '-10d', loginProfile: { created: '-10d' } },
    message: 'Cannot delete entity, must delete login profile first.',
    remove: (iam) => iam.send(new DeleteLoginProfileCommand({ UserName: 'has-password' })),
  },
  {
    user: { name: 'has-key', created: '-10d', accessKeys: [{ id: 'AKIAHASKEY0000000001', status: 'Inactive', created: '-10d' }] },
    message: 'Cannot delete entity, must delete access keys first.',
    remove: (iam) => iam.send(new DeleteAccessKeyCommand({ UserName: 'has-key', AccessKeyId: 'AKIAHASKEY0000000001' })),
  },
  {
    user: { name: 'has-cert', created: '-10d', signingCertificates: [{ id: 'CERTHASCERT0000000000001', status: 'Active' }] },
    message: 'Cannot delete entity, must delete certificates first.',
    remove: (iam) => iam.send(new DeleteSigningCertificateCommand({ UserName: 'has-cert', CertificateId: 'CERTHASCERT0000000000001' })),
  },
  {
    user: { name: 'has-ssh-key', created: '-10d', sshPublicKeys: [{ id: 'APKAHASSSH0000000001', status: 'Active' }] },
    message: 'Cannot delete entity, must remove referenced objects first.',
    remove: (iam) => iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'has-ssh-key', SSHPublicKeyId: 'APKAHASSSH0000000001' })),
  },
  {
    user: { name: 'has-git-credential', created: '-10d', serviceSpecificCredentials: [{ id: 'ACCAHASGIT0000000001', serviceName: 'codecommit.amazonaws.com' }] },
    message: 'Cannot delete entity, must remove referenced objects first.',
    remove: (iam) => iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'has-git-credential', ServiceSpecificCredentialId: 'ACCAHASGIT0000000001' })),
  },
  {
    user: { name: 'has-virtual-mfa', created: '-10d', mfaDevices: [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/has-virtual-mfa`, virtual: true }] },
    message: 'Cannot delete entity, must delete MFA device first.',
    remove: (iam) => iam.send(new DeactivateMFADeviceCommand({ UserName: 'has-virtual-mfa', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/has-virtual-mfa` })),
  },
  {
    user: { name: 'has-hardware-mfa', created: '-10d', mfaDevices: [{ serial: 'GAHT00000099', virtual: false }] },
    message: 'Cannot delete entity, must delete MFA device first.',
    remove: (iam) => iam.send(new DeactivateMFADeviceCommand({ UserName: 'has-hardware-mfa', SerialNumber: 'GAHT00000099' })),
  },
  {
    user: { name: 'in-group', created: '-10d', groups: ['developers'] },
    message: 'Cannot delete entity, must remove users from group first.',
    remove: (iam) => iam.send(new RemoveUserFromGroupCommand({ UserName: 'in-group', GroupName: 'developers' })),
  },
  {
    user: { name: 'has-attached-policy', created: '-10d', attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
    message: 'Cannot delete entity, must detach all policies first.',
    remove: (iam) => iam.send(new DetachUserPolicyCommand({ UserName: 'has-attached-policy', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
  },
  {
    user: { name: 'has-inline-policy', created: '-10d', inlinePolicies: { p: POLICY } },
    message: 'Cannot delete entity, must delete policies first.',
    remove: (iam) => iam.send(new DeleteUserPolicyCommand({ UserName: 'has-inline-policy', PolicyName: 'p' })),
  },
];

const scenario = () => baseScenario({}, {
  groups: [{ name: 'developers' }, { name: 'auditors', path: '/audit/' }],
  roles: [
    { name: BASE.roleName, trustedAccountIds: [BASE.callerAccountId, '100000000009'] },
    { name: 'app-role', path: '/apps/', trustedAccountIds: [BASE.callerAccountId], lastUsed: '-5d', lastUsedRegion: 'eu-west-1', tags: { app: 'x' } },
    { name: 'ci-role', created: '-30d' },
  ],
  users: [
    dana,
    { name: 'erin', created: '-50d', tags: { keep: 'yes' }, permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' },
    { name: 'frank', path: '/people/', created: '-60d' },
    ...blockers.map((b) => b.user),
  ],
});

let sim: TestSimulator;
let iam: IAMClient;

beforeEach(async () => {
  sim = await startTestSimulator(scenario());
  iam = await memberIam(sim.url);
});
afterEach(() => sim.stop());

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('DeleteUser', () => {
  test.each(blockers.map((b) => [b.user.name, b] as const))('answers DeleteConflict while %s keeps its blocker, then succeeds', async (name, blocker) => {
    const error = await expectAwsError(iam.send(new DeleteUserCommand({ UserName: name })), 'iam', 'DeleteConflict');
    expect(error.message).toBe(blocker.message);
    await blocker.remove(iam);
    await iam.send(new DeleteUserCommand({ UserName: name }));
    await expectAwsError(iam.send(new GetUserCommand({ UserName: name })), 'iam', 'NoSuchEntity');
  });

  test('is not blocked by a permissions boundary or tags', async () => {
    await iam.send(new DeleteUserCommand({ UserName: 'erin' }));
    const state = await sim.state();
    expect(state.accounts.find((a) => a.id === ACCOUNT)!.users!.map((u) => u.name)).not.toContain('erin');
  });

  test('answers NoSuchEntity for a user that does not exist', async () => {
    const error = await expectAwsError(iam.send(new DeleteUserCommand({ UserName: 'ghost' })), 'iam', 'NoSuchEntity');
    expect(error.message).toBe('The user with name ghost cannot be found.');
  });

  test('lists every blocker of a user holding all of them, one at a time', async () => {
    const seen: string[] = [];
    const clear = [
      () => iam.send(new DeleteLoginProfileCommand({ UserName: 'dana' })),
      () => Promise.all(['AKIADANA000000000001', 'AKIADANA000000000002'].map((id) => iam.send(new DeleteAccessKeyCommand({ UserName: 'dana', AccessKeyId: id })))),
      () => Promise.all(['CERTDANA0000000000000001', 'CERTDANA0000000000000002'].map((id) => iam.send(new DeleteSigningCertificateCommand({ UserName: 'dana', CertificateId: id })))),
      async () => {
        await Promise.all(['APKADANA000000000001', 'APKADANA000000000002'].map((id) => iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'dana', SSHPublicKeyId: id }))));
        await Promise.all(['ACCADANA000000000001', 'ACCADANA000000000002'].map((id) => iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'dana', ServiceSpecificCredentialId: id }))));
      },
      () => Promise.all([VIRTUAL_MFA, 'GAHT00000001'].map((serial) => iam.send(new DeactivateMFADeviceCommand({ UserName: 'dana', SerialNumber: serial })))),
      () => Promise.all(['developers', 'auditors'].map((group) => iam.send(new RemoveUserFromGroupCommand({ UserName: 'dana', GroupName: group })))),
      () => Promise.all(dana.attachedPolicies!.map((arn) => iam.send(new DetachUserPolicyCommand({ UserName: 'dana', PolicyArn: arn })))),
      () => Promise.all(['s3-read', 'second'].map((name) => iam.send(new DeleteUserPolicyCommand({ UserName: 'dana', PolicyName: name })))),
    ];
    for (const step of clear) {
      seen.push((await expectAwsError(iam.send(new DeleteUserCommand({ UserName: 'dana' })), 'iam', 'DeleteConflict')).message);
      await step();
    }
    await iam.send(new DeleteUserCommand({ UserName: 'dana' }));
    expect(seen.map((m) => m.replace('Cannot delete entity, ', ''))).toEqual([
      'must delete login profile first.', 'must delete access keys first.', 'must delete certificates first.',
      'must remove referenced objects first.', 'must delete MFA device first.', 'must remove users from group first.',
      'must detach all policies first.', 'must delete policies first.',
    ]);
  });
});

describe('users', () => {
  test('ListUsers pages with MaxItems and Marker, in name order, without boundary or tags', async () => {
    const pages = await all(paginateListUsers({ client: iam, pageSize: 4 }, {}));
    expect(pages.length).toBe(4);
    pages.forEach((page) => expectModelShape('iam', 'ListUsers', page));
    expect(pages.slice(0, -1).every((p) => p.IsTruncated && p.Marker)).toBe(true);
    expect(pages[pages.length - 1].IsTruncated).toBe(false);
    const users = pages.flatMap((p) => p.Users!);
    const names = users.map((u) => u.UserName!);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(3 + blockers.length);
    const erin = users.find((u) => u.UserName === 'erin')!;
    expect(erin.Tags).toBeUndefined();
    expect(erin.PermissionsBoundary).toBeUndefined();
  });

  test('ListUsers filters by PathPrefix', async () => {
    const { Users } = await iam.send(new ListUsersCommand({ PathPrefix: '/people/' }));
    expect(Users!.map((u) => u.UserName)).toEqual(['dana', 'frank']);
  });

  test('a marker stays valid when the user it points at is deleted between pages', async () => {
    const first = await iam.send(new ListUsersCommand({ MaxItems: 1 }));
    expect(first.Users!.map((u) => u.UserName)).toEqual(['dana']);
    await iam.send(new DeleteUserCommand({ UserName: 'erin' }));
    const rest = await iam.send(new ListUsersCommand({ Marker: first.Marker, MaxItems: 1 }));
    expect(rest.Users!.map((u) => u.UserName)).toEqual(['frank']);
  });

  test('GetUser answers the user with its boundary, tags and PasswordLastUsed, which survives DeleteLoginProfile', async () => {
    const before = await iam.send(new GetUserCommand({ UserName: 'dana' }));
    expectModelShape('iam', 'GetUser', before);
    expect(before.User).toMatchObject({
      UserName: 'dana',
      Path: '/people/',
      Arn: `arn:aws:iam::${ACCOUNT}:user/people/dana`,
      PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
      Tags: [{ Key: 'team', Value: 'payments' }, { Key: 'owner', Value: 'dana' }, { Key: 'cost', Value: 'c1' }],
    });
    expect(before.User!.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(before.User!.PasswordLastUsed).toBeInstanceOf(Date);
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'dana' }));
    const after = await iam.send(new GetUserCommand({ UserName: 'dana' }));
    expect(after.User!.PasswordLastUsed).toEqual(before.User!.PasswordLastUsed);
  });

  test('GetUser without UserName needs user credentials', async () => {
    const error = await expectAwsError(iam.send(new GetUserCommand({})), 'iam', 'ValidationError', 400);
    expect(error.message).toBe('Must specify userName when calling with non-User credentials');
  });

  test('CreateUser creates a listed user and refuses a name that differs only in case', async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: 'Gina', Path: '/new/', Tags: [{ Key: 'k', Value: 'v' }] }));
    expectModelShape('iam', 'CreateUser', created);
    expect(created.User).toMatchObject({ UserName: 'Gina', Path: '/new/', Arn: `arn:aws:iam::${ACCOUNT}:user/new/Gina` });
    const { Users } = await iam.send(new ListUsersCommand({}));
    expect(Users!.map((u) => u.UserName)).toContain('Gina');
    const error = await expectAwsError(iam.send(new CreateUserCommand({ UserName: 'gina' })), 'iam', 'EntityAlreadyExists');
    expect(error.message).toBe('User with name gina already exists.');
  });

  test('tags: TagUser adds and replaces, UntagUser removes, ListUserTags pages', async () => {
    await iam.send(new TagUserCommand({ UserName: 'dana', Tags: [{ Key: 'team', Value: 'risk' }, { Key: 'new', Value: '1' }] }));
    await iam.send(new UntagUserCommand({ UserName: 'dana', TagKeys: ['owner'] }));
    const pages = await all(paginateListUserTags({ client: iam, pageSize: 2 }, { UserName: 'dana' }));
    pages.forEach((page) => expectModelShape('iam', 'ListUserTags', page));
    expect(pages).toHaveLength(2);
    expect(pages.flatMap((p) => p.Tags!)).toEqual([
      { Key: 'team', Value: 'risk' }, { Key: 'cost', Value: 'c1' }, { Key: 'new', Value: '1' },
    ]);
  });

  test('a user name outside IAM\'s pattern is a ValidationError', async () => {
    const error = await expectAwsError(iam.send(new GetUserCommand({ UserName: 'dana smith' })), 'iam', 'ValidationError', 400);
    expect(error.message).toContain('Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  });

  test('MaxItems outside 1–1000 is a ValidationError', async () => {
    const error = await expectAwsError(iam.send(new ListUsersCommand({ MaxItems: 0 })), 'iam', 'ValidationError', 400);
    expect(error.message).toContain("at 'maxItems' failed to satisfy constraint");
  });
});

describe('login profile and access keys', () => {
  test('GetLoginProfile answers the profile, or NoSuchEntity without a password', async () => {
    const profile = await iam.send(new GetLoginProfileCommand({ UserName: 'dana' }));
    expectModelShape('iam', 'GetLoginProfile', profile);
    expect(profile.LoginProfile).toMatchObject({ UserName: 'dana', PasswordResetRequired: true });
    const error = await expectAwsError(iam.send(new GetLoginProfileCommand({ UserName: 'erin' })), 'iam', 'NoSuchEntity');
    expect(error.message).toBe('Login Profile for User erin cannot be found.');
    await expectAwsError(iam.send(new DeleteLoginProfileCommand({ UserName: 'erin' })), 'iam', 'NoSuchEntity');
  });

  test('ListAccessKeys lists in creation order and pages', async () => {
    const pages = await all(paginateListAccessKeys({ client: iam, pageSize: 1 }, { UserName: 'dana' }));
    pages.forEach((page) => expectModelShape('iam', 'ListAccessKeys', page));
    expect(pages.flatMap((p) => p.AccessKeyMetadata!).map((k) => [k.AccessKeyId, k.Status, k.UserName])).toEqual([
      ['AKIADANA000000000001', 'Active', 'dana'],
      ['AKIADANA000000000002', 'Inactive', 'dana'],
    ]);
  });

  test('GetAccessKeyLastUsed answers the last use, or N/A and no date for a key never used', async () => {
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIADANA000000000001' }));
    expectModelShape('iam', 'GetAccessKeyLastUsed', used);
    expect(used.UserName).toBe('dana');
    expect(used.AccessKeyLastUsed).toMatchObject({ ServiceName: 's3', Region: 'eu-west-1' });
    expect(used.AccessKeyLastUsed!.LastUsedDate).toBeInstanceOf(Date);
    const never = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIADANA000000000002' }));
    expect(never.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
    await expectAwsError(iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIANOSUCHKEY0000000' })), 'iam', 'NoSuchEntity');
  });

  test('UpdateAccessKey changes the status; DeleteAccessKey removes the key', async () => {
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'dana', AccessKeyId: 'AKIADANA000000000001', Status: 'Inactive' }));
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'dana', AccessKeyId: 'AKIADANA000000000002' }));
    const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: 'dana' }));
    expect(AccessKeyMetadata!.map((k) => [k.AccessKeyId, k.Status])).toEqual([['AKIADANA000000000001', 'Inactive']]);
    const error = await expectAwsError(
      iam.send(new DeleteAccessKeyCommand({ UserName: 'dana', AccessKeyId: 'AKIADANA000000000002' })), 'iam', 'NoSuchEntity');
    expect(error.message).toBe('The Access Key with id AKIADANA000000000002 cannot be found.');
  });
});

describe('MFA devices', () => {
  test('ListMFADevices lists the devices assigned to the user', async () => {
    const pages = await all(paginateListMFADevices({ client: iam, pageSize: 1 }, { UserName: 'dana' }));
    pages.forEach((page) => expectModelShape('iam', 'ListMFADevices', page));
    expect(pages.flatMap((p) => p.MFADevices!).map((d) => d.SerialNumber)).toEqual([VIRTUAL_MFA, 'GAHT00000001']);
  });

  test('a virtual device cannot be deleted while assigned; deactivated, it stays listed as unassigned until deleted', async () => {
    const conflict = await expectAwsError(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: VIRTUAL_MFA })), 'iam', 'DeleteConflict');
    expect(conflict.message).toMatch(/MFA Device is still in use/);

    const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    expectModelShape('iam', 'ListVirtualMFADevices', assigned);
    expect(assigned.VirtualMFADevices!.map((d) => [d.SerialNumber, d.User?.UserName])).toEqual([
      [VIRTUAL_MFA, 'dana'],
      [`arn:aws:iam::${ACCOUNT}:mfa/has-virtual-mfa`, 'has-virtual-mfa'],
    ]);

    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'dana', SerialNumber: VIRTUAL_MFA }));
    const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(unassigned.VirtualMFADevices!.map((d) => d.SerialNumber).sort()).toEqual([VIRTUAL_MFA, SPARE_VIRTUAL_MFA].sort());
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'dana' }))).MFADevices!.map((d) => d.SerialNumber)).toEqual(['GAHT00000001']);

    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: VIRTUAL_MFA }));
    const any = await all(paginateListVirtualMFADevices({ client: iam, pageSize: 1 }, {}));
    expect(any).toHaveLength(2);
    expect(any.flatMap((p) => p.VirtualMFADevices!).map((d) => d.SerialNumber)).toEqual([SPARE_VIRTUAL_MFA, `arn:aws:iam::${ACCOUNT}:mfa/has-virtual-mfa`]);
    await expectAwsError(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: VIRTUAL_MFA })), 'iam', 'NoSuchEntity');
  });

  test('DeactivateMFADevice of a device the user does not have is NoSuchEntity', async () => {
    await expectAwsError(iam.send(new DeactivateMFADeviceCommand({ UserName: 'erin', SerialNumber: VIRTUAL_MFA })), 'iam', 'NoSuchEntity');
  });
});

describe('certificates, SSH keys and service-specific credentials', () => {
  test('are listed page by page and deleted by id', async () => {
    const certs = await all(paginateListSigningCertificates({ client: iam, pageSize: 1 }, { UserName: 'dana' }));
    certs.forEach((page) => expectModelShape('iam', 'ListSigningCertificates', page));
    expect(certs.flatMap((p) => p.Certificates!).map((c) => [c.CertificateId, c.Status])).toEqual([
      ['CERTDANA0000000000000001', 'Active'], ['CERTDANA0000000000000002', 'Inactive'],
    ]);
    const ssh = await all(paginateListSSHPublicKeys({ client: iam, pageSize: 1 }, { UserName: 'dana' }));
    ssh.forEach((page) => expectModelShape('iam', 'ListSSHPublicKeys', page));
    expect(ssh.flatMap((p) => p.SSHPublicKeys!).map((k) => k.SSHPublicKeyId)).toEqual(['APKADANA000000000001', 'APKADANA000000000002']);
    // The SDK has no paginator for this operation, though the API pages.
    const first = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'dana', MaxItems: 1 }));
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'dana', MaxItems: 1, Marker: first.Marker }));
    expect(second.IsTruncated).toBe(false);
    const creds = [first, second];
    creds.forEach((page) => expectModelShape('iam', 'ListServiceSpecificCredentials', page));
    expect(creds.flatMap((p) => p.ServiceSpecificCredentials!).map((c) => [c.ServiceSpecificCredentialId, c.ServiceName, c.Status])).toEqual([
      ['ACCADANA000000000001', 'codecommit.amazonaws.com', 'Active'],
      ['ACCADANA000000000002', 'cassandra.amazonaws.com', 'Inactive'],
    ]);

    await iam.send(new DeleteSigningCertificateCommand({ UserName: 'dana', CertificateId: 'CERTDANA0000000000000001' }));
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'dana', SSHPublicKeyId: 'APKADANA000000000002' }));
    await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'dana', ServiceSpecificCredentialId: 'ACCADANA000000000001' }));
    expect((await iam.send(new ListSigningCertificatesCommand({ UserName: 'dana' }))).Certificates!.map((c) => c.CertificateId)).toEqual(['CERTDANA0000000000000002']);
    expect((await iam.send(new ListSSHPublicKeysCommand({ UserName: 'dana' }))).SSHPublicKeys!.map((k) => k.SSHPublicKeyId)).toEqual(['APKADANA000000000001']);
    expect((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'dana' }))).ServiceSpecificCredentials!.map((c) => c.ServiceSpecificCredentialId))
      .toEqual(['ACCADANA000000000002']);

    await expectAwsError(iam.send(new DeleteSigningCertificateCommand({ UserName: 'dana', CertificateId: 'CERTDANA0000000000000001' })), 'iam', 'NoSuchEntity');
    await expectAwsError(iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'dana', SSHPublicKeyId: 'APKADANA000000000002' })), 'iam', 'NoSuchEntity');
    await expectAwsError(iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'dana', ServiceSpecificCredentialId: 'ACCADANA000000000001' })), 'iam', 'NoSuchEntity');
  });

  test('ListServiceSpecificCredentials filters by ServiceName', async () => {
    const { ServiceSpecificCredentials } = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'dana', ServiceName: 'cassandra.amazonaws.com' }));
    expect(ServiceSpecificCredentials!.map((c) => c.ServiceSpecificCredentialId)).toEqual(['ACCADANA000000000002']);
  });
});

describe('policies, groups and boundary', () => {
  test('inline policies: listed, answered URL-encoded, put and deleted', async () => {
    const names = await all(paginateListUserPolicies({ client: iam, pageSize: 1 }, { UserName: 'dana' }));
    names.forEach((page) => expectModelShape('iam', 'ListUserPolicies', page));
    expect(names.flatMap((p) => p.PolicyNames!)).toEqual(['s3-read', 'second']);
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'dana', PolicyName: 's3-read' }));
    expectModelShape('iam', 'GetUserPolicy', got);
    expect(got.PolicyDocument).toMatch(/^%7B%22Version%22/);
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(POLICY);

    await iam.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'new', PolicyDocument: JSON.stringify(POLICY) }));
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'erin' }))).PolicyNames).toEqual(['new']);
    await expectAwsError(iam.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'bad', PolicyDocument: '{not json' })), 'iam', 'MalformedPolicyDocument');
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'erin', PolicyName: 'new' }));
    const missing = await expectAwsError(iam.send(new GetUserPolicyCommand({ UserName: 'erin', PolicyName: 'new' })), 'iam', 'NoSuchEntity');
    expect(missing.message).toBe('The user policy with name new cannot be found.');
  });

  test('managed policies: AWS-managed and own customer-managed attach; another account’s does not', async () => {
    await iam.send(new AttachUserPolicyCommand({ UserName: 'erin', PolicyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'erin', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Mine` }));
    await expectAwsError(iam.send(new AttachUserPolicyCommand({ UserName: 'erin', PolicyArn: 'arn:aws:iam::999999999999:policy/Theirs' })), 'iam', 'NoSuchEntity');
    await expectAwsError(iam.send(new AttachUserPolicyCommand({ UserName: 'erin', PolicyArn: 'arn:aws:iam::aws:role/NotAPolicy' })), 'iam', 'InvalidInput');
    const pages = await all(paginateListAttachedUserPolicies({ client: iam, pageSize: 1 }, { UserName: 'erin' }));
    pages.forEach((page) => expectModelShape('iam', 'ListAttachedUserPolicies', page));
    expect(pages.flatMap((p) => p.AttachedPolicies!)).toEqual([
      { PolicyName: 'ViewOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' },
      { PolicyName: 'Mine', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Mine` },
    ]);
    const byPath = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'dana', PathPrefix: '/team/' }));
    expect(byPath.AttachedPolicies!.map((p) => p.PolicyName)).toEqual(['Custom']);
    await iam.send(new DetachUserPolicyCommand({ UserName: 'erin', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Mine` }));
    await expectAwsError(iam.send(new DetachUserPolicyCommand({ UserName: 'erin', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Mine` })), 'iam', 'NoSuchEntity');
  });

  test('groups: listed for the user, joined and left; an unknown group is NoSuchEntity', async () => {
    const pages = await all(paginateListGroupsForUser({ client: iam, pageSize: 1 }, { UserName: 'dana' }));
    pages.forEach((page) => expectModelShape('iam', 'ListGroupsForUser', page));
    expect(pages.flatMap((p) => p.Groups!).map((g) => [g.GroupName, g.Path, g.Arn])).toEqual([
      ['developers', '/', `arn:aws:iam::${ACCOUNT}:group/developers`],
      ['auditors', '/audit/', `arn:aws:iam::${ACCOUNT}:group/audit/auditors`],
    ]);
    await iam.send(new AddUserToGroupCommand({ UserName: 'erin', GroupName: 'auditors' }));
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'erin' }))).Groups!.map((g) => g.GroupName)).toEqual(['auditors']);
    await iam.send(new RemoveUserFromGroupCommand({ UserName: 'erin', GroupName: 'auditors' }));
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'erin' }))).Groups).toEqual([]);
    const error = await expectAwsError(iam.send(new AddUserToGroupCommand({ UserName: 'erin', GroupName: 'nope' })), 'iam', 'NoSuchEntity');
    expect(error.message).toBe('The group with name nope cannot be found.');
  });

  test('PutUserPermissionsBoundary sets the boundary GetUser answers', async () => {
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'frank', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/Boundary` }));
    const { User } = await iam.send(new GetUserCommand({ UserName: 'frank' }));
    expect(User!.PermissionsBoundary!.PermissionsBoundaryArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/Boundary`);
  });
});

describe('roles', () => {
  test('ListRoles pages in name order with trust policies; GetRole adds last use and tags', async () => {
    const pages = await all(paginateListRoles({ client: iam, pageSize: 2 }, {}));
    pages.forEach((page) => expectModelShape('iam', 'ListRoles', page));
    expect(pages.flatMap((p) => p.Roles!).map((r) => r.RoleName)).toEqual(['app-role', 'ci-role', BASE.roleName]);
    const { Roles } = await iam.send(new ListRolesCommand({ PathPrefix: '/apps/' }));
    expect(Roles!.map((r) => r.Arn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/apps/app-role`]);

    const app = await iam.send(new GetRoleCommand({ RoleName: 'app-role' }));
    expectModelShape('iam', 'GetRole', app);
    expect(app.Role!.RoleLastUsed!.Region).toBe('eu-west-1');
    expect(app.Role!.Tags).toEqual([{ Key: 'app', Value: 'x' }]);
    expect(JSON.parse(decodeURIComponent(app.Role!.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${BASE.callerAccountId}:root` });
    const sweep = await iam.send(new GetRoleCommand({ RoleName: BASE.roleName }));
    expect(JSON.parse(decodeURIComponent(sweep.Role!.AssumeRolePolicyDocument!)).Statement[0].Principal.AWS)
      .toEqual([`arn:aws:iam::${BASE.callerAccountId}:root`, 'arn:aws:iam::100000000009:root']);
    const ci = await iam.send(new GetRoleCommand({ RoleName: 'ci-role' }));
    expect(ci.Role!.RoleLastUsed).toEqual({});
    await expectAwsError(iam.send(new GetRoleCommand({ RoleName: 'nope' })), 'iam', 'NoSuchEntity');
  });
});
