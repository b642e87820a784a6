/** The restore module against the simulator in this process: partial failures are reported, not hidden. */
import { IAMClient } from '@aws-sdk/client-iam';
import { restoreUser } from '../../lambdas/restore/restore-user';
import type { UserBackup } from '../../lambdas/engine/types';
import { CALLER } from '../support/org';
import { clientConfig, startTestSimulator, type TestSimulator } from '../support/sim';
import { testOrganization, userOf } from './scenario';

let sim: TestSimulator;
let iam: IAMClient;
beforeAll(async () => {
  sim = await startTestSimulator(testOrganization());
  iam = new IAMClient(clientConfig(sim.url));
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
  const result = await restoreUser(iam, backup);

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
  const result = await restoreUser(iam, backup);

  // THEN the user exists with no permissions, and the report says why
  expect(result.steps.map((s) => s.status)).toEqual(['done', 'failed', 'not attempted', 'not attempted', 'not attempted']);
  const restored = userOf(await sim.state(), CALLER, 'user-bad-boundary')!;
  expect(restored.groups ?? []).toEqual([]);
  expect(restored.attachedPolicies ?? []).toEqual([]);
  expect(restored.inlinePolicies ?? {}).toEqual({});
});
