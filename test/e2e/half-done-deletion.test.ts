/**
 * Finishing a deletion that a run left half done, with the built orchestrator under the rollout's policies.
 * A virtual MFA device the dead run deactivated is unassigned, so only an earlier backup names it: it is
 * deleted when that backup is the same user's (by user id) and IAM lists the device as unassigned. A device
 * an earlier backup names that is someone else's, or another user's of the same name, stays.
 */
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { UserSpec } from '../../sim/scenario';
import { startDeployedSimulator } from '../support/deployed';
import { invokeBuiltHandler, lastReport } from '../support/handler';
import { account, activeUser, BUCKET, organization } from '../support/org';
import { clientConfig, type TestSimulator } from '../support/sim';

const DEV = '333333333333';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const serial = (name: string) => `arn:aws:iam::${DEV}:mfa/${name}`;

let sim: TestSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

/** An inactive user in quarantine for 40 days, due for deletion at 30, holding `mfaDevices`. */
const dueUser = (name: string, mfaDevices: UserSpec['mfaDevices'] = []): UserSpec => ({
  name,
  created: '-400d',
  passwordLastUsed: '-300d',
  mfaDevices,
  tags: { 'iam-sweep:disabled-at': daysAgo(40) },
});

const actives = () => ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((n) => activeUser(`active-${n}`));

/** The user's id as IAM gives it to the cleanup role. */
async function userIdOf(userName: string): Promise<string> {
  const { Credentials: c } = await new STSClient(clientConfig(sim!.url))
    .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${DEV}:role/IamSweepRole`, RoleSessionName: 'test' }));
  const iam = new IAMClient(clientConfig(sim!.url, { accessKeyId: c!.AccessKeyId!, secretAccessKey: 'x', sessionToken: c!.SessionToken }));
  return (await iam.send(new GetUserCommand({ UserName: userName }))).User!.UserId!;
}

/** Writes a backup of `userName` as a run a day ago would have, naming `mfaSerials`. */
async function putEarlierBackup(userName: string, userId: string, mfaSerials: string[]): Promise<void> {
  const earlier = { version: 1, accountId: DEV, userName, userId, mfaSerials };
  await new S3Client(clientConfig(sim!.url)).send(
    new PutObjectCommand({ Bucket: BUCKET, Key: `backups/${DEV}/${userName}/${daysAgo(1)}.json`, Body: JSON.stringify(earlier) }),
  );
}

const deleteDue = () => invokeBuiltHandler(sim!.url, { SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '30' });

const accountState = async () => (await sim!.state()).accounts.find((a) => a.id === DEV)!;
const userNames = async () => ((await accountState()).users ?? []).map((u) => u.name);
const unassignedSerials = async () => ((await accountState()).virtualMfaDevices ?? []).map((d) => d.serial);
const deletionOf = async (userName: string) =>
  (await lastReport(sim!)).accounts.find((a) => a.account.id === DEV)!.outcomes.find((o) => o.userName === userName && o.kind === 'delete-user');

test('deletes the device the same user\'s earlier backup names, once IAM lists it unassigned', async () => {
  // GIVEN a user whose last run died after its virtual MFA device was deactivated, but before it was deleted
  sim = await startDeployedSimulator(organization([
    account(DEV, [dueUser('half-deleted', [{ serial: serial('half-deleted'), virtual: true, enabled: false }]), ...actives()], { name: 'dev' }),
  ]));
  await putEarlierBackup('half-deleted', await userIdOf('half-deleted'), [serial('half-deleted')]);
  expect(await unassignedSerials()).toContain(serial('half-deleted'));

  // WHEN the next run deletes
  await deleteDue();

  // THEN the user is gone and so is the device
  expect(await userNames()).not.toContain('half-deleted');
  expect(await unassignedSerials()).not.toContain(serial('half-deleted'));
});

test('leaves alone the devices an earlier user of the same name once held', async () => {
  // GIVEN reused-name, whose name an earlier user had: that user's backup names a device now held by
  // on-call and one now unassigned (someone is setting it up)
  const onCall = { ...activeUser('on-call'), mfaDevices: [{ serial: serial('phone-7'), virtual: true }] };
  sim = await startDeployedSimulator(organization([
    account(DEV, [dueUser('reused-name'), onCall, ...actives()], { name: 'dev', virtualMfaDevices: [{ serial: serial('new-token') }] }),
  ]));
  await putEarlierBackup('reused-name', 'AIDAEARLIERUSERGONE1', [serial('phone-7'), serial('new-token')]);

  // WHEN the run deletes reused-name
  await deleteDue();

  // THEN reused-name is gone, on-call keeps its device, and the unassigned device is still there
  expect(await deletionOf('reused-name')).toMatchObject({ status: 'done' });
  expect(await userNames()).not.toContain('reused-name');
  const onCallNow = ((await accountState()).users ?? []).find((u) => u.name === 'on-call')!;
  expect(onCallNow.mfaDevices!.map((d) => d.serial)).toEqual([serial('phone-7')]);
  expect(await unassignedSerials()).toContain(serial('new-token'));
});

test('leaves alone a device the same user\'s earlier backup names that IAM lists as assigned to someone else', async () => {
  // GIVEN a user whose own earlier backup names a device that is now on-call's
  const onCall = { ...activeUser('on-call'), mfaDevices: [{ serial: serial('shared-token'), virtual: true }] };
  sim = await startDeployedSimulator(organization([account(DEV, [dueUser('leaver'), onCall, ...actives()], { name: 'dev' })]));
  await putEarlierBackup('leaver', await userIdOf('leaver'), [serial('shared-token')]);

  // WHEN the run deletes leaver
  await deleteDue();

  // THEN leaver is gone and on-call keeps its device
  expect(await deletionOf('leaver')).toMatchObject({ status: 'done' });
  expect(await userNames()).not.toContain('leaver');
  const onCallNow = ((await accountState()).users ?? []).find((u) => u.name === 'on-call')!;
  expect(onCallNow.mfaDevices!.map((d) => d.serial)).toEqual([serial('shared-token')]);
});
