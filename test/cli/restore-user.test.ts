/** The restore module against the simulator in this process: partial failures are reported, not hidden. */
import { IAMClient, UpdateSSHPublicKeyCommand } from '@aws-sdk/client-iam';
import { RestoreAccountIam } from '../../lambdas/aws/member-restore';
import { restoreUser } from '../../lambdas/restore/restore-user';
import type { UserBackup } from '../../lambdas/engine/types';
import { CALLER } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { clientConfig, type TestSimulator } from '../support/sim';
import { testOrganization, userOf } from './scenario';

let sim: TestSimulator;
let iam: IAMClient;
let account: RestoreAccountIam;
beforeAll(async () => {
  sim = await startDeployedSimulator(testOrganization());
  iam = new IAMClient(clientConfig(sim.url));
  account = new RestoreAccountIam(iam, CALLER);
});
afterAll(async () => {
  iam.destroy();
  await sim.stop();
});

const backupOf = (userName: string, overrides: Partial<UserBackup> = {}): UserBackup => ({
  version: 1,
  accountId: CALLER,
  userName,
  arn: `arn:aws:iam::${CALLER}:user/${userName}`,
  path: '/',
  savedAt: '2026-01-01T00:00:00.000Z',
  reason: 'inactive',
  tags: { team: 'web', 'iam-sweep:disabled-at': '2025-12-01T00:00:00.000Z' },
  groups: ['developers'],
  inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
  attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
  mfaSerials: [],
  accessKeys: [],
  signingCertificateIds: [],
  sshPublicKeyIds: [],
  serviceSpecificCredentials: [],
  ...overrides,
});

test('a group that no longer exists fails its step, and every other step still runs', async () => {
  // GIVEN a backup naming a group the account no longer has
  const backup = backupOf('user-missing-group', { groups: ['gone-group', 'developers'] });

  // WHEN it is restored
  const result = await restoreUser(account, backup);

  // THEN only that step failed
  expect(result.steps.filter((s) => s.status !== 'done').map((s) => s.action)).toEqual(['add to group gone-group']);
  const restored = userOf(await sim.state(), CALLER, 'user-missing-group')!;
  expect(restored.groups).toEqual(['developers']);
  expect(restored.tags).toEqual({ team: 'web' });
  expect(result.leftOutTags).toEqual(['iam-sweep:disabled-at']);
});

test('when the permissions boundary cannot be set, no group or policy is granted without it', async () => {
  // GIVEN a boundary policy the account cannot attach
  const backup = backupOf('user-bad-boundary', { permissionsBoundary: 'arn:aws:iam::999999999999:policy/boundary' });

  // WHEN it is restored
  const result = await restoreUser(account, backup);

  // THEN the user exists with no permissions, and the report says why
  expect(result.steps.map((s) => s.status)).toEqual(['done', 'failed', 'not attempted', 'not attempted', 'not attempted']);
  const restored = userOf(await sim.state(), CALLER, 'user-bad-boundary')!;
  expect(restored.groups ?? []).toEqual([]);
  expect(restored.attachedPolicies ?? []).toEqual([]);
  expect(restored.inlinePolicies ?? {}).toEqual({});
});

const pem = (text: string) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(text).toString('base64')}\n-----END CERTIFICATE-----`;
const sshKey = (text: string) => `ssh-rsa ${Buffer.from(text).toString('base64')} owner@laptop`;

test('certificates and SSH keys come back with their bodies and status; run again, none is added twice', async () => {
  // GIVEN a backup holding an inactive certificate and SSH key, and an active SSH key
  const backup = backupOf('user-with-keys', {
    signingCertificates: [{ id: 'CERTOLD0000000000000000000000001', status: 'Inactive', body: pem('certificate of user-with-keys') }],
    sshPublicKeys: [
      { id: 'APKAOLD0000000000001', status: 'Inactive', body: sshKey('old laptop key') },
      { id: 'APKAOLD0000000000002', status: 'Active', body: sshKey('new laptop key') },
    ],
  });
  const keysOf = async () => {
    const user = userOf(await sim.state(), CALLER, 'user-with-keys')!;
    const view = (items: { status: string; body?: string }[] = []) => items.map(({ status, body }) => ({ status, body }));
    return { certificates: view(user.signingCertificates), keys: view(user.sshPublicKeys) };
  };
  const expected = {
    certificates: [{ status: 'Inactive', body: backup.signingCertificates![0].body }],
    keys: backup.sshPublicKeys!.map(({ status, body }) => ({ status, body })),
  };

  // WHEN it is restored, THEN each is uploaded again, the inactive ones inactive
  const first = await restoreUser(account, backup);
  expect(first.steps.filter((s) => s.action.startsWith('upload'))).toEqual([
    { action: 'upload signing certificate CERTOLD0000000000000000000000001 again, inactive as it was', status: 'done' },
    { action: 'upload SSH public key APKAOLD0000000000001 again, inactive as it was', status: 'done' },
    { action: 'upload SSH public key APKAOLD0000000000002 again', status: 'done' },
  ]);
  expect(await keysOf()).toEqual(expected);

  // WHEN it is restored again, after someone activated the restored key, THEN nothing is added and it is inactive again
  const inactiveKey = userOf(await sim.state(), CALLER, 'user-with-keys')!.sshPublicKeys!.find((k) => k.status === 'Inactive')!;
  await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'user-with-keys', SSHPublicKeyId: inactiveKey.id, Status: 'Active' }));
  const again = await restoreUser(account, backup);
  expect(again.steps.every((s) => s.status === 'done')).toBe(true);
  expect(await keysOf()).toEqual(expected);
});

test('a certificate another user holds fails its step with IAM\'s words, and the other steps still run', async () => {
  // GIVEN the certificate was uploaded to another user since
  const body = pem('certificate now held by someone else');
  await restoreUser(account, backupOf('user-holding-cert', { groups: [], signingCertificates: [{ id: 'CERTOTHER000000000000000000000001', status: 'Active', body }] }));

  // WHEN a backup naming it is restored
  const result = await restoreUser(
    account,
    backupOf('user-losing-cert', { signingCertificates: [{ id: 'CERTOLD0000000000000000000000002', status: 'Active', body }] }),
  );

  // THEN only that step failed, saying who has it
  expect(result.steps.filter((s) => s.status !== 'done')).toEqual([
    {
      action: 'upload signing certificate CERTOLD0000000000000000000000002 again',
      status: 'failed',
      detail: expect.stringMatching(/^DuplicateCertificate: .*user-holding-cert/),
    },
  ]);
  expect(userOf(await sim.state(), CALLER, 'user-losing-cert')!.groups).toEqual(['developers']);
});
