import {
  DeleteUserCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { CredentialReportCorruption, Faults } from '../../sim/scenario';
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

test('latencySpikeRate delays some calls by latencySpikeMs, from draws of its own', async () => {
  const { sts } = await start({ latencySpikeRate: 1, latencySpikeMs: 150 });
  let started = performance.now();
  await sts();
  expect(performance.now() - started).toBeGreaterThanOrEqual(145);

  await sim.setFaults({ latencySpikeRate: 0.5, latencySpikeMs: 120, seed: 3 });
  const slow: boolean[] = [];
  for (let i = 0; i < 16; i++) {
    started = performance.now();
    await sts();
    slow.push(performance.now() - started >= 115);
  }
  expect(slow).toContain(true);
  expect(slow).toContain(false);

  // Spikes leave the throttling draws as they were.
  const outcomes = async () => {
    const results: string[] = [];
    for (let i = 0; i < 20; i++) results.push(await clients(sim.url).iam().then(() => 'ok', (e: Error) => e.name));
    return results.join(',');
  };
  await sim.setFaults({ throttleRate: 0.4, seed: 9 });
  const plain = await outcomes();
  await sim.setFaults({ throttleRate: 0.4, seed: 9, latencySpikeRate: 0.5, latencySpikeMs: 1 });
  expect(await outcomes()).toBe(plain);
});

describe('corruptCredentialReport', () => {
  async function reportOf(faults: Partial<Faults>, accountId: string = BASE.memberAccountId) {
    sim = await startTestSimulator(baseScenario({ faults }, {
      users: [
        { name: 'alice', created: '-100d' },
        { name: 'target', created: '-10d', accessKeys: [{ id: 'AKIATARGET0000000001', status: 'Active', created: '-9d' }] },
      ],
    }));
    const iam = new IAMClient({ ...clientConfig(sim.url, await assumeSweepRole(sim.url, accountId)), maxAttempts: 1 });
    await iam.send(new GenerateCredentialReportCommand({}));
    const { Content } = await iam.send(new GetCredentialReportCommand({}));
    return Buffer.from(Content!).toString('utf8');
  }
  const corrupt = (corruption?: CredentialReportCorruption) => ({
    corruptCredentialReport: [{ accountId: BASE.memberAccountId, ...(corruption ? { corruption } : {}) }],
  });
  const fieldCounts = (csv: string) => csv.split('\n').map((line) => line.split(',').length);

  test('serves the named account a malformed report, and every other account an intact one', async () => {
    const intact = await reportOf(corrupt(), BASE.callerAccountId);
    expect(new Set(fieldCounts(intact))).toEqual(new Set([22]));
    await sim.stop();
    const truncated = await reportOf(corrupt());
    expect(fieldCounts(truncated).slice(0, -1).every((n) => n === 22)).toBe(true);
    expect(fieldCounts(truncated).at(-1)).toBe(5);
    expect(truncated.split('\n').at(-1)).toMatch(/^target,/);
  });

  test.each([
    ['bad-date', (csv: string) => expect(csv.split('\n')[2]).toMatch(/^alice,arn:aws:iam::\d{12}:user\/alice,yesterday,/)],
    ['missing-column', (csv: string) => {
      expect(csv.split('\n')[0]).not.toContain('access_key_1_last_used_date');
      expect(new Set(fieldCounts(csv))).toEqual(new Set([21]));
    }],
    ['missing-user', (csv: string) => {
      expect(csv).toContain('\nalice,');
      expect(csv).not.toContain('\ntarget,');
    }],
    ['empty', (csv: string) => expect(csv).toBe('')],
    ['not-csv', (csv: string) => expect(csv).toMatch(/^<html>/)],
  ] as const)('%s', async (corruption, check) => {
    check(await reportOf(corrupt(corruption)));
  });

  test('a bad corruption is refused, naming the field', async () => {
    await start();
    await expect(sim.setFaults({ corruptCredentialReport: [{ accountId: BASE.memberAccountId, corruption: 'shredded' as never }] }))
      .rejects.toThrow('faults.corruptCredentialReport[0].corruption: must be one of');
  });
});

test('deleteUserOnCall: someone else deletes the user, with its MFA device and keys, just before its n-th call', async () => {
  const serial = `arn:aws:iam::${BASE.memberAccountId}:mfa/target`;
  sim = await startTestSimulator(baseScenario({
    faults: { deleteUserOnCall: [{ accountId: BASE.memberAccountId, userName: 'target', operation: 'GetUser', occurrence: 2 }] },
  }, {
    users: [
      { name: 'other', created: '-10d' },
      {
        name: 'target',
        created: '-10d',
        accessKeys: [{ id: 'AKIATARGET0000000001', status: 'Active', created: '-9d' }],
        mfaDevices: [{ serial, virtual: true }],
      },
    ],
  }));
  const member = new IAMClient({ ...clientConfig(sim.url, await assumeSweepRole(sim.url)), maxAttempts: 1 });
  await member.send(new GetUserCommand({ UserName: 'other' }));
  await member.send(new GetUserCommand({ UserName: 'target' }));
  await expectAwsError(member.send(new GetUserCommand({ UserName: 'target' })), 'iam', 'NoSuchEntity');
  expect((await member.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName)).toEqual(['other']);
  expect((await member.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices).toEqual([]);
  // The deleted user's key no longer works: it does not fall back to acting as the default caller.
  const withKey = new STSClient({ ...clientConfig(sim.url, { accessKeyId: 'AKIATARGET0000000001', secretAccessKey: 'x' }), maxAttempts: 1 });
  await expect(withKey.send(new GetCallerIdentityCommand({}))).rejects.toThrow();
  expect((await sim.state()).faults!.deleteUserOnCall).toEqual([]);
  await expect(sim.setFaults({ deleteUserOnCall: [{ accountId: BASE.memberAccountId, userName: 'x', operation: 'getUser' }] }))
    .rejects.toThrow('faults.deleteUserOnCall[0].operation');
});
