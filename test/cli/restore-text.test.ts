/** Reading backups and saying what cannot come back: pure, with literal inputs. */
import type { IdentityCenterUserBackup, UserBackup } from '../../lambdas/engine/types';
import { BackupFormatError, isIdentityCenterBackup, parseBackup, parseUserBackup } from '../../lambdas/restore/backup-format';
import { unrecoverable } from '../../lambdas/restore/unrecoverable';

const backup: UserBackup = {
  version: 1,
  accountId: '333333333333',
  userName: 'alice',
  arn: 'arn:aws:iam::333333333333:user/alice',
  path: '/',
  savedAt: '2026-01-01T00:00:00.000Z',
  reason: 'inactive',
  tags: {},
  groups: [],
  inlinePolicies: {},
  attachedPolicies: [],
  passwordLastUsed: '2025-05-01T00:00:00.000Z',
  loginProfile: { created: '2024-01-01T00:00:00.000Z', passwordResetRequired: false },
  mfaSerials: ['arn:aws:iam::333333333333:mfa/alice'],
  accessKeys: [{ id: 'AKIAALICE00000000001', status: 'Active', lastUsed: '2025-04-01T00:00:00.000Z', lastUsedService: 's3' }],
  signingCertificateIds: ['CERTALICE0000000000000001'],
  sshPublicKeyIds: ['APKAALICE00000000001'],
  serviceSpecificCredentials: [{ id: 'ACCAALICE00000000001', serviceName: 'codecommit.amazonaws.com' }],
};

describe('unrecoverable', () => {
  test('names every lost credential with its id and what to do', () => {
    expect(unrecoverable(backup).map((item) => item.what)).toEqual([
      'console password (set 2024-01-01, last used 2025-05-01)',
      'access key AKIAALICE00000000001 (Active, last used 2025-04-01 on s3)',
      'MFA device arn:aws:iam::333333333333:mfa/alice',
      'signing certificate CERTALICE0000000000000001',
      'SSH public key APKAALICE00000000001',
      'service-specific credential ACCAALICE00000000001 for codecommit.amazonaws.com',
    ]);
  });

  test('a certificate or SSH key saved whole is not lost: restore uploads it again', () => {
    const saved = {
      ...backup,
      signingCertificates: [{ id: 'CERTALICE0000000000000001', status: 'Active', body: '-----BEGIN CERTIFICATE-----\nQQ==\n-----END CERTIFICATE-----' }],
      sshPublicKeys: [{ id: 'APKAALICE00000000001', status: 'Inactive', body: 'ssh-rsa QQ== alice' }],
    };
    expect(unrecoverable(saved).map((item) => item.what)).not.toContainEqual(expect.stringMatching(/certificate|SSH/));
  });

  test('a user without credentials loses nothing', () => {
    const bare = { ...backup, loginProfile: undefined, passwordLastUsed: undefined, mfaSerials: [], accessKeys: [], signingCertificateIds: [], sshPublicKeyIds: [], serviceSpecificCredentials: [] };
    expect(unrecoverable(bare)).toEqual([]);
  });
});

describe('parseUserBackup', () => {
  test('reads back what was saved, with absent lists as empty', () => {
    const withoutLists: Partial<UserBackup> = { ...backup };
    delete withoutLists.mfaSerials;
    delete withoutLists.sshPublicKeyIds;
    const parsed = parseUserBackup(JSON.stringify(withoutLists), 'b.json');
    expect(parsed).toEqual({ ...backup, mfaSerials: [], sshPublicKeyIds: [] });
  });

  test.each([
    ['not json', 'not JSON'],
    [JSON.stringify({ ...backup, version: 2 }), 'version 2 is not supported'],
    [JSON.stringify({ ...backup, userName: '' }), '"userName" is missing'],
    [JSON.stringify({ ...backup, path: 'people' }), '"path" "people" is not an IAM path'],
    [JSON.stringify({ ...backup, groups: [1] }), '"groups" is not a list of strings'],
    [JSON.stringify({ ...backup, sshPublicKeys: [{ id: 'APKAALICE00000000001', status: 'Active' }] }), '"sshPublicKeys" is not a list of { id, status, body }'],
    [JSON.stringify({ ...backup, inlinePolicies: { p: 'x' } }), '"inlinePolicies" is not a map of policy documents'],
  ])('%s is refused', (text, problem) => {
    expect(() => parseUserBackup(text, 'b.json')).toThrow(BackupFormatError);
    expect(() => parseUserBackup(text, 'b.json')).toThrow(problem);
  });
});

describe('parseBackup of an Identity Center user', () => {
  const icBackup: IdentityCenterUserBackup = {
    version: 1,
    kind: 'identity-center-user',
    region: 'us-east-1',
    instanceArn: 'arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6',
    identityStoreId: 'd-9067a1b2c3',
    userId: '9067a1b2c3-00000000-0000-4000-a000-000000000003',
    userName: 'carol',
    savedAt: '2026-01-01T00:00:00.000Z',
    reason: 'inactive',
    attributes: { UserName: 'carol', DisplayName: 'Carol Example' },
    groupIds: ['g-1'],
    assignments: [{ accountId: '333333333333', permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-1' }],
  };

  test('is told apart from an IAM user backup by its kind', () => {
    const parsed = parseBackup(JSON.stringify(icBackup), 'b.json');
    expect(isIdentityCenterBackup(parsed)).toBe(true);
    expect(parsed).toEqual(icBackup);
    expect(isIdentityCenterBackup(parseBackup(JSON.stringify(backup), 'b.json'))).toBe(false);
  });

  test.each([
    [{ ...icBackup, region: 'Ireland' }, '"region" "Ireland" is not a Region'],
    [{ ...icBackup, instanceArn: 'ssoins-1' }, 'is not an Identity Center instance ARN'],
    [{ ...icBackup, userId: '' }, '"userId" is missing'],
    [{ ...icBackup, attributes: 'carol' }, '"attributes" is not an object'],
    [{ ...icBackup, assignments: [{ accountId: '3333' }] }, '"assignments" is not a list of { accountId, permissionSetArn }'],
  ])('%o is refused', (value, problem) => {
    expect(() => parseBackup(JSON.stringify(value), 'b.json')).toThrow(BackupFormatError);
    expect(() => parseBackup(JSON.stringify(value), 'b.json')).toThrow(problem);
  });
});
