/**
 * The built orchestrator under the policies the rollout deploys, evaluated by iam-simulate: what an
 * organization's service control policies refuse is reported with AWS's message, never half done, and the
 * other accounts go on; the cleanup role's trust admits the orchestrator and the configured CLI operators only.
 */
import {
  DeleteLoginProfileCommand, DeleteUserCommand, IAMClient, TagUserCommand, UntagUserCommand, UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { ActionOutcome } from '../../lambdas/engine/types';
import type { Scenario, UserSpec } from '../../sim/scenario';
import { startDeployedSimulator } from '../support/deployed';
import { invokeBuiltHandler, lastReport } from '../support/handler';
import { account, activeUser, BUCKET, CALLER, inactiveUserWithEverything, organization } from '../support/org';
import { clientConfig, type TestSimulator } from '../support/sim';

const GOVERNED = '333333333333';
const FREE = '444444444444';
const WORKLOADS = 'ou-a1b2-work0001';
const GOVERNED_OU = 'ou-a1b2-govern01';

/** An inactive user with a stale password and a stale active key, nothing else. */
const staleUser = (name: string, key: string): UserSpec => ({
  name,
  created: '-400d',
  passwordLastUsed: '-200d',
  loginProfile: { created: '-400d' },
  accessKeys: [{ id: key, status: 'Active', created: '-300d', lastUsed: '-150d' }],
});

/** GIVEN an OU whose SCP denies iam:DeleteUser and iam:UpdateAccessKey, and an account outside it. */
function governedOrganization(): Scenario {
  const users = (account: string) => [
    staleUser('stale-pair', `AKIASTALEPAIR${account.slice(0, 7)}`),
    inactiveUserWithEverything('former-employee', account),
    ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((n) => activeUser(`active-${n}-${account.slice(0, 3)}`)),
  ];
  const scenario = organization([
    account(GOVERNED, users(GOVERNED), { name: 'governed', parentId: GOVERNED_OU }),
    account(FREE, users(FREE), { name: 'free', parentId: WORKLOADS }),
  ]);
  scenario.organization.organizationalUnits!.push({ id: GOVERNED_OU, name: 'Governed', parentId: 'r-a1b2' });
  scenario.organization.serviceControlPolicies = [{
    name: 'protect-identities',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['iam:DeleteUser', 'iam:UpdateAccessKey'], Resource: '*' }] },
    targetIds: [GOVERNED_OU],
  }];
  return scenario;
}

let sim: TestSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const outcomesOf = async (accountId: string): Promise<ActionOutcome[]> =>
  (await lastReport(sim!)).accounts.find((a) => a.account.id === accountId)!.outcomes;
const userIn = async (accountId: string, name: string) =>
  (await sim!.state()).accounts.find((a) => a.id === accountId)!.users!.find((u) => u.name === name);
const scpDenial = (action: string, resource: string) =>
  `User: arn:aws:sts::${GOVERNED}:assumed-role/IamSweepRole/iam-sweep is not authorized to perform: ${action} on resource: ${resource} ` +
  'with an explicit deny in a service control policy';

describe('an organization whose SCP denies iam:DeleteUser and iam:UpdateAccessKey in one OU', () => {
  test('disable mode reports the refused deactivation with the SCP message and starts no quarantine for that user', async () => {
    sim = await startDeployedSimulator(governedOrganization());

    // WHEN disable mode runs
    await invokeBuiltHandler(sim.url, { SWEEP_MODE: 'disable' });

    // THEN in the governed account the key stays active, its deactivation failed with AWS's SCP message,
    const governed = (await outcomesOf(GOVERNED)).filter((o) => o.userName === 'stale-pair');
    const key = `AKIASTALEPAIR${GOVERNED.slice(0, 7)}`;
    expect(governed.find((o) => o.kind === 'deactivate-key')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining(scpDenial('iam:UpdateAccessKey', `arn:aws:iam::${GOVERNED}:user/stale-pair`)),
    });
    expect((await userIn(GOVERNED, 'stale-pair'))!.accessKeys![0]).toMatchObject({ id: key, status: 'Active' });
    // AND the user was not marked disabled: its access is not gone, so no quarantine clock runs
    expect(governed.find((o) => o.kind === 'tag-disabled')).toMatchObject({
      status: 'failed',
      detail: `not marked disabled, so no quarantine starts: deactivate-key of key …${key.slice(-4)} failed`,
    });
    expect((await userIn(GOVERNED, 'stale-pair'))!.tags?.['iam-sweep:disabled-at']).toBeUndefined();
    // AND outside the OU the same user is disabled and marked
    expect((await outcomesOf(FREE)).filter((o) => o.userName === 'stale-pair').every((o) => o.status === 'done')).toBe(true);
    expect((await userIn(FREE, 'stale-pair'))!.tags?.['iam-sweep:disabled-at']).toBeDefined();
  });

  test('delete mode backs up before it tries, reports DeleteUser refused by the SCP, and the other account is swept', async () => {
    sim = await startDeployedSimulator(governedOrganization());

    // WHEN delete mode runs with no quarantine
    await invokeBuiltHandler(sim.url, { SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });

    // THEN each deletion in the governed account failed with the SCP message, the users still exist,
    const deletions = (await outcomesOf(GOVERNED)).filter((o) => o.kind === 'delete-user');
    expect(deletions.map((o) => o.userName).sort()).toEqual(['former-employee', 'stale-pair']);
    for (const deletion of deletions) {
      expect(deletion.status).toBe('failed');
      expect(deletion.detail).toContain(scpDenial('iam:DeleteUser', `arn:aws:iam::${GOVERNED}:user/${deletion.userName === 'former-employee' ? 'people/' : ''}${deletion.userName}`));
      expect(await userIn(GOVERNED, deletion.userName)).toBeDefined();
    }
    // AND nothing of them was deleted before its backup was saved
    const backups = (await sim.s3()).filter((o) => o.bucket === BUCKET && o.key.startsWith(`backups/${GOVERNED}/`));
    for (const deletion of deletions) {
      expect(deletion.backupKey).toBeDefined();
      const backup = JSON.parse(backups.find((o) => `s3://${o.bucket}/${o.key}` === deletion.backupKey)!.body) as { userName: string; accessKeys: unknown[] };
      expect(backup.userName).toBe(deletion.userName);
      expect(backup.accessKeys.length).toBeGreaterThan(0);
    }
    // AND the account outside the OU lost both users, with the report saying so
    expect((await outcomesOf(FREE)).filter((o) => o.kind === 'delete-user').every((o) => o.status === 'done')).toBe(true);
    expect(await userIn(FREE, 'stale-pair')).toBeUndefined();
    expect(await userIn(FREE, 'former-employee')).toBeUndefined();
    const report = await lastReport(sim);
    expect(report.accounts.find((a) => a.account.id === GOVERNED)!.status).toBe('swept');
  });
});

describe('what the cleanup role refuses whatever the code asks', () => {
  async function cleanupRoleIam(url: string): Promise<IAMClient> {
    const { Credentials: c } = await new STSClient(clientConfig(url))
      .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${FREE}:role/IamSweepRole`, RoleSessionName: 'defect' }));
    return new IAMClient({ ...clientConfig(url, { accessKeyId: c!.AccessKeyId!, secretAccessKey: 'x', sessionToken: c!.SessionToken }), maxAttempts: 1 });
  }

  test('no write to a user carrying the exclude tag, in whatever case its value is written', async () => {
    // GIVEN an excluded user in a swept account, tagged with the value in capitals
    const scenario = governedOrganization();
    scenario.accounts.find((a) => a.id === FREE)!.users!.push({ ...staleUser('breakglass', 'AKIABREAKGLASS000001'), tags: { 'iam-sweep:exclude': 'TRUE' } });
    sim = await startDeployedSimulator(scenario);
    const iam = await cleanupRoleIam(sim.url);

    // WHEN the cleanup role is asked, as by a defect, to take its access away or delete it
    const attempts = [
      iam.send(new UpdateAccessKeyCommand({ UserName: 'breakglass', AccessKeyId: 'AKIABREAKGLASS000001', Status: 'Inactive' })),
      iam.send(new DeleteLoginProfileCommand({ UserName: 'breakglass' })),
      iam.send(new TagUserCommand({ UserName: 'breakglass', Tags: [{ Key: 'iam-sweep:disabled-at', Value: '2026-01-01T00:00:00.000Z' }] })),
      iam.send(new DeleteUserCommand({ UserName: 'breakglass' })),
    ];

    // THEN IAM refuses each with the explicit Deny, and the user keeps everything
    for (const attempt of attempts) await expect(attempt).rejects.toThrow(/on resource: arn:aws:iam::444444444444:user\/breakglass with an explicit deny in an identity-based policy$/);
    expect(await userIn(FREE, 'breakglass')).toMatchObject({ loginProfile: expect.anything(), accessKeys: [expect.objectContaining({ status: 'Active' })] });
  });

  test('no tag but the sweep\'s own, on any user', async () => {
    sim = await startDeployedSimulator(governedOrganization());
    const iam = await cleanupRoleIam(sim.url);
    await iam.send(new TagUserCommand({ UserName: 'stale-pair', Tags: [{ Key: 'iam-sweep:disabled-at', Value: '2026-01-01T00:00:00.000Z' }] }));
    await expect(iam.send(new TagUserCommand({ UserName: 'stale-pair', Tags: [{ Key: 'iam-sweep:exclude', Value: 'true' }] })))
      .rejects.toThrow(/because no identity-based policy allows the iam:TagUser action$/);
    await expect(iam.send(new UntagUserCommand({ UserName: 'stale-pair', TagKeys: ['owner'] })))
      .rejects.toThrow(/because no identity-based policy allows the iam:UntagUser action$/);
  });
});

describe('who may assume the cleanup role', () => {
  const assume = (url: string, credentials?: { accessKeyId: string; secretAccessKey: string }) =>
    new STSClient({ ...clientConfig(url, credentials), maxAttempts: 1 })
      .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${GOVERNED}:role/IamSweepRole`, RoleSessionName: 'cli' }));

  test('a CLI operator configured by ARN may; another user of the same account may not', async () => {
    // GIVEN the sweep run as the IAM user iam-sweep-operator, configured as a CLI operator, and a colleague who is not
    const scenario = governedOrganization();
    scenario.callerArn = `arn:aws:iam::${CALLER}:user/iam-sweep-operator`;
    const callerAccount = scenario.accounts.find((a) => a.id === CALLER)!;
    callerAccount.users = [
      { name: 'iam-sweep-operator', created: '-10d', accessKeys: [{ id: 'AKIAOPERATOR00000001', status: 'Active', created: '-10d' }] },
      { name: 'colleague', created: '-10d', accessKeys: [{ id: 'AKIACOLLEAGUE0000001', status: 'Active', created: '-10d' }],
        inlinePolicies: { admin: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } },
    ];
    sim = await startDeployedSimulator(scenario);

    // WHEN each assumes the cleanup role
    await assume(sim.url, { accessKeyId: 'AKIAOPERATOR00000001', secretAccessKey: 'x' });
    const refused = assume(sim.url, { accessKeyId: 'AKIACOLLEAGUE0000001', secretAccessKey: 'x' });

    // THEN the operator is admitted and the colleague, an administrator of its own account, is not
    await expect(refused).rejects.toThrow(
      `User: arn:aws:iam::${CALLER}:user/colleague is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${GOVERNED}:role/IamSweepRole`);
  });

  test('the orchestrator may not assume the role in the management account when the rollout does not sweep it', async () => {
    sim = await startDeployedSimulator(governedOrganization(), { sweepManagementAccount: false });
    const refused = new STSClient({ ...clientConfig(sim.url), maxAttempts: 1 })
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/IamSweepRole', RoleSessionName: 'sweep' }));
    await expect(refused).rejects.toThrow('sts:AssumeRole on resource: arn:aws:iam::111111111111:role/IamSweepRole with an explicit deny in an identity-based policy');
  });
});
