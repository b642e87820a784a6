/** Reading backups and saying what cannot come back: pure, with literal inputs. */
import type { UserBackup } from '../../lambdas/engine/types';
import { BackupFormatError, parseUserBackup } from '../../lambdas/restore/backup-format';
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
    [JSON.stringify({ ...backup, inlinePolicies: { p: 'x' } }), '"inlinePolicies" is not a map of policy documents'],
  ])('%s is refused', (text, problem) => {
    expect(() => parseUserBackup(text, 'b.json')).toThrow(BackupFormatError);
    expect(() => parseUserBackup(text, 'b.json')).toThrow(problem);
  });
});
