import { DeleteUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Faults } from '../../sim/scenario';
import { BASE, baseScenario, clientConfig, startTestSimulator, type TestSimulator } from '../support/sim';
import { assumeSweepRole, expectAwsError } from './helpers';

let sim: TestSimulator;
afterEach(() => sim.stop());

/** One raw call per service, without SDK retries. */
function clients(url: string) {
  const config = { ...clientConfig(url), maxAttempts: 1 };
  return {
    iam: () => new IAMClient(config).send(new ListUsersCommand({})),
    sts: () => new STSClient(config).send(new GetCallerIdentityCommand({})),
    organizations: () => new OrganizationsClient(config).send(new ListAccountsCommand({})),
    sns: () => new SNSClient(config).send(new PublishCommand({ TopicArn: BASE.topicArn, Message: 'm' })),
    s3: () => new S3Client(config).send(new ListObjectsV2Command({ Bucket: BASE.bucket })),
  };
}

async function start(faults: Partial<Faults> = {}) {
  sim = await startTestSimulator(baseScenario({ faults }, { users: [{ name: 'target', created: '-10d' }] }));
  return clients(sim.url);
}

test.each([
  ['iam', 'Throttling', 400],
  ['sts', 'Throttling', 400],
  ['organizations', 'TooManyRequestsException', 400],
  ['sns', 'Throttled', 429],
  ['s3', 'SlowDown', 503],
] as const)('throttleRate 1 makes %s answer its throttling error %s (%i)', async (service, code, status) => {
  const call = (await start({ throttleRate: 1 }))[service];
  const error = await expectAwsError(call(), service, code, status);
  if (service === 'iam' || service === 'sts') expect(error.message).toBe('Rate exceeded');
  expect((await sim.calls()).byError[`${service}:${code}`]).toBe(1);
});

test.each([
  ['iam', 'ServiceFailure'],
  ['sts', 'InternalFailure'],
  ['organizations', 'ServiceException'],
  ['sns', 'InternalError'],
  ['s3', 'InternalError'],
] as const)('serverErrorRate 1 makes %s answer HTTP 500 %s', async (service, code) => {
  const call = (await start({ serverErrorRate: 1 }))[service];
  await expectAwsError(call(), service, code, 500);
});

test('the seed makes random faults reproducible', async () => {
  const outcomes = async () => {
    const call = clients(sim.url).iam;
    const results: string[] = [];
    for (let i = 0; i < 30; i++) results.push(await call().then(() => 'ok', (e: Error) => e.name));
    return results.join(',');
  };
  await start({ throttleRate: 0.3, serverErrorRate: 0.2, seed: 42 });
  const first = await outcomes();
  await sim.setFaults({ throttleRate: 0.3, serverErrorRate: 0.2, seed: 42 });
  expect(await outcomes()).toBe(first);
  expect(first).toMatch(/ok/);
  expect(first).toMatch(/Throttling/);
  expect(first).toMatch(/ServiceFailureException/);
  await sim.setFaults({ throttleRate: 0.3, serverErrorRate: 0.2, seed: 7 });
  expect(await outcomes()).not.toBe(first);
});

test('latencyMs delays every answer', async () => {
  const { sts } = await start({ latencyMs: 150 });
  const started = performance.now();
  await sts();
  expect(performance.now() - started).toBeGreaterThanOrEqual(145);
});

test('perAccountRequestsPerSecond throttles each calling account with its own token bucket', async () => {
  const { iam } = await start();
  const member = new IAMClient({ ...clientConfig(sim.url, await assumeSweepRole(sim.url)), maxAttempts: 1 });
  await sim.setFaults({ perAccountRequestsPerSecond: 5 });
  for (let i = 0; i < 5; i++) await iam();
  await expectAwsError(iam(), 'iam', 'Throttling', 400);
  await member.send(new ListUsersCommand({}));
  await new Promise((resolve) => setTimeout(resolve, 250));
  await iam();
});

test('a throttled call does not run', async () => {
  await start();
  const member = new IAMClient({ ...clientConfig(sim.url, await assumeSweepRole(sim.url)), maxAttempts: 1 });
  await sim.setFaults({ throttleRate: 1 });
  await expectAwsError(member.send(new DeleteUserCommand({ UserName: 'target' })), 'iam', 'Throttling', 400);
  await sim.setFaults({});
  await member.send(new GetUserCommand({ UserName: 'target' }));
});

test('failDeleteUser fails the next DeleteUser of that user once, with the code’s status', async () => {
  await start({ failDeleteUser: [{ accountId: BASE.memberAccountId, userName: 'target', code: 'ConcurrentModification' }] });
  const member = new IAMClient({ ...clientConfig(sim.url, await assumeSweepRole(sim.url)), maxAttempts: 1 });
  await expectAwsError(member.send(new DeleteUserCommand({ UserName: 'target' })), 'iam', 'ConcurrentModification');
  await member.send(new DeleteUserCommand({ UserName: 'target' }));
  expect((await sim.state()).faults!.failDeleteUser).toEqual([]);
});

test('failOperations fails an operation every time, optionally only for one account', async () => {
  const { sns } = await start({
    failOperations: [
      { service: 'sns', operation: 'Publish', code: 'InternalError' },
      { service: 's3', operation: 'PutObject', code: 'AccessDenied', accountId: BASE.memberAccountId },
    ],
  });
  await expectAwsError(sns(), 'sns', 'InternalError');
  await expectAwsError(sns(), 'sns', 'InternalError');
  const put = (client: S3Client) => client.send(new PutObjectCommand({ Bucket: BASE.bucket, Key: 'k', Body: 'x' }));
  await put(new S3Client({ ...clientConfig(sim.url), maxAttempts: 1 }));
  const member = new S3Client({ ...clientConfig(sim.url, await assumeSweepRole(sim.url)), maxAttempts: 1 });
  await expectAwsError(put(member), 's3', 'AccessDenied', 403);
});

test('POST /_sim/faults replaces the faults and rejects a bad one naming the field', async () => {
  const { iam } = await start({ throttleRate: 1 });
  await expectAwsError(iam(), 'iam', 'Throttling', 400);
  await sim.setFaults({ latencyMs: 0 });
  await iam();
  await expect(sim.setFaults({ throttleRate: 2 })).rejects.toThrow('faults.throttleRate: must be a number from 0 to 1, got 2');
});
