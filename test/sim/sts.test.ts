import { GetAccessKeyLastUsedCommand, GetRoleCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { BASE, baseScenario, clientConfig, memberAccount, startTestSimulator, type TestSimulator } from '../support/sim';
import { assumeSweepRole, expectAwsError, expectModelShape } from './helpers';

const SUSPENDED = '100000000004';
const UNTRUSTING = '100000000005';
const DENIED = '100000000006';
const CHAINED = '100000000007';
const roleArn = (accountId: string, name: string = BASE.roleName) => `arn:aws:iam::${accountId}:role/${name}`;

const scenario = () => {
  const base = baseScenario({ faults: { denyAssumeRole: [DENIED] } }, {
    roles: [
      { name: BASE.roleName, trustedAccountIds: [BASE.callerAccountId] },
      { name: 'pathed', path: '/ops/', trustedAccountIds: [BASE.callerAccountId] },
    ],
    users: [
      { name: 'worker', created: '-30d', accessKeys: [
        { id: 'AKIAWORKER0000000001', status: 'Active', created: '-20d' },
        { id: 'AKIAWORKER0000000002', status: 'Inactive', created: '-10d' },
      ] },
    ],
  });
  base.accounts.push(
    memberAccount(SUSPENDED, { state: 'SUSPENDED' }),
    memberAccount(UNTRUSTING, { roles: [{ name: BASE.roleName, trustedAccountIds: ['100000000099'] }] }),
    memberAccount(DENIED),
    memberAccount(CHAINED, { roles: [{ name: 'chained', trustedAccountIds: [BASE.memberAccountId] }] }),
  );
  return base;
};

let sim: TestSimulator;
let sts: STSClient;
beforeEach(async () => {
  sim = await startTestSimulator(scenario());
  sts = new STSClient({ ...clientConfig(sim.url), maxAttempts: 1 });
});
afterEach(() => sim.stop());

describe('GetCallerIdentity', () => {
  test('an access key the simulator did not issue is the scenario caller (default orchestrator role)', async () => {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expectModelShape('sts', 'GetCallerIdentity', identity);
    expect(identity).toMatchObject({
      Account: BASE.callerAccountId,
      Arn: `arn:aws:sts::${BASE.callerAccountId}:assumed-role/IamSweepOrchestrator/iam-sweep`,
    });
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:iam-sweep$/);
  });

  test('callerArn names the caller; an IAM user caller is the user IAM calls without UserName act on', async () => {
    const custom = baseScenario({ callerArn: `arn:aws:iam::${BASE.callerAccountId}:user/operator` });
    custom.accounts[1].users = [{ name: 'operator', created: '-10d' }];
    const other = await startTestSimulator(custom);
    try {
      const identity = await new STSClient(clientConfig(other.url)).send(new GetCallerIdentityCommand({}));
      expect(identity.Arn).toBe(`arn:aws:iam::${BASE.callerAccountId}:user/operator`);
      const { User } = await new IAMClient(clientConfig(other.url)).send(new GetUserCommand({}));
      expect(User!.UserName).toBe('operator');
    } finally {
      await other.stop();
    }
  });
});

describe('AssumeRole', () => {
  test('issues unique temporary credentials that act as the role in the target account', async () => {
    const first = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn(BASE.memberAccountId), RoleSessionName: 'sweep-1' }));
    expectModelShape('sts', 'AssumeRole', first);
    const second = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn(BASE.memberAccountId), RoleSessionName: 'sweep-2' }));
    expect(first.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(first.Credentials!.AccessKeyId).not.toBe(second.Credentials!.AccessKeyId);
    expect(first.Credentials!.Expiration!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(first.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${BASE.memberAccountId}:assumed-role/${BASE.roleName}/sweep-1`);

    const credentials = {
      accessKeyId: first.Credentials!.AccessKeyId!,
      secretAccessKey: first.Credentials!.SecretAccessKey!,
      sessionToken: first.Credentials!.SessionToken!,
    };
    const identity = await new STSClient(clientConfig(sim.url, credentials)).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: BASE.memberAccountId, Arn: first.AssumedRoleUser!.Arn, UserId: first.AssumedRoleUser!.AssumedRoleId });
    const { Users } = await new IAMClient(clientConfig(sim.url, credentials)).send(new ListUsersCommand({}));
    expect(Users!.map((u) => u.UserName)).toEqual(['worker']);
  });

  test('records the role’s last use', async () => {
    await sts.send(new AssumeRoleCommand({ RoleArn: roleArn(BASE.memberAccountId), RoleSessionName: 'sweep' }));
    const iam = new IAMClient(clientConfig(sim.url, await assumeSweepRole(sim.url)));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: BASE.roleName }));
    expect(Date.now() - Role!.RoleLastUsed!.LastUsedDate!.getTime()).toBeLessThan(60_000);
    expect(Role!.RoleLastUsed!.Region).toBe('us-east-1');
  });

  test('accepts a role with a path only by its full ARN', async () => {
    await sts.send(new AssumeRoleCommand({ RoleArn: roleArn(BASE.memberAccountId, 'ops/pathed'), RoleSessionName: 'sweep' }));
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn(BASE.memberAccountId, 'pathed'), RoleSessionName: 'sweep' })), 'sts', 'AccessDenied', 403);
  });

  test.each([
    ['the role does not trust the caller account', UNTRUSTING, BASE.roleName],
    ['the account is suspended', SUSPENDED, BASE.roleName],
    ['the denyAssumeRole fault names the account', DENIED, BASE.roleName],
    ['the role does not exist', BASE.memberAccountId, 'NoSuchRole'],
    ['the account does not exist', '100000000098', BASE.roleName],
  ])('is AccessDenied (403) when %s', async (_why, accountId, roleName) => {
    const error = await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn(accountId, roleName), RoleSessionName: 'sweep' })), 'sts', 'AccessDenied', 403);
    expect(error.message).toBe(
      `User: arn:aws:sts::${BASE.callerAccountId}:assumed-role/IamSweepOrchestrator/iam-sweep is not authorized to perform: sts:AssumeRole on resource: ${roleArn(accountId, roleName)}`);
  });

  test('chains: a session in one account assumes a role that trusts that account', async () => {
    const member = new STSClient(clientConfig(sim.url, await assumeSweepRole(sim.url)));
    const { AssumedRoleUser } = await member.send(new AssumeRoleCommand({ RoleArn: roleArn(CHAINED, 'chained'), RoleSessionName: 'hop' }));
    expect(AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${CHAINED}:assumed-role/chained/hop`);
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn(CHAINED, 'chained'), RoleSessionName: 'hop' })), 'sts', 'AccessDenied', 403);
  });

  test('checks its input against the model: session name length, duration', async () => {
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn(BASE.memberAccountId), RoleSessionName: 'x' })), 'sts', 'ValidationError', 400);
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn(BASE.memberAccountId), RoleSessionName: 'sweep', DurationSeconds: 7200 })), 'sts', 'ValidationError', 400);
  });
});

describe('access keys of scenario users', () => {
  test('act as their user in its account and record their last use', async () => {
    const asWorker = clientConfig(sim.url, { accessKeyId: 'AKIAWORKER0000000001', secretAccessKey: 'x' });
    const identity = await new STSClient(asWorker).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: BASE.memberAccountId, Arn: `arn:aws:iam::${BASE.memberAccountId}:user/worker` });
    const { AccessKeyLastUsed } = await new IAMClient(asWorker).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAWORKER0000000001' }));
    expect(AccessKeyLastUsed).toMatchObject({ ServiceName: 'sts', Region: 'us-east-1' });
  });

  test('an inactive key is rejected as an invalid token', async () => {
    const asInactive = { ...clientConfig(sim.url, { accessKeyId: 'AKIAWORKER0000000002', secretAccessKey: 'x' }), maxAttempts: 1 };
    await expectAwsError(new STSClient(asInactive).send(new GetCallerIdentityCommand({})), 'sts', 'InvalidClientTokenId', 403);
  });
});
