import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ScenarioError, validateScenario } from '../../sim/load-scenario';
import type { Scenario } from '../../sim/scenario';
import { startSimulator } from '../../sim/server';
import { BASE, baseScenario, clientConfig, startTestSimulator, type TestSimulator } from '../support/sim';
import { memberIam, rawRequest, sigv4 } from './helpers';

const scenario = () => baseScenario({}, {
  users: [{
    name: 'kim',
    created: '-100d',
    loginProfile: { created: '-90d' },
    accessKeys: [{ id: 'AKIAKIM0000000000001', status: 'Active', created: '-80d', lastUsed: '-1d' }],
    mfaDevices: [{ serial: `arn:aws:iam::${BASE.memberAccountId}:mfa/kim`, virtual: true }],
    inlinePolicies: { p: { Version: '2012-10-17', Statement: [] } },
    groups: ['team'],
    tags: { a: 'b' },
  }],
});

describe('admin endpoints', () => {
  let sim: TestSimulator;
  beforeEach(async () => {
    sim = await startTestSimulator(scenario());
  });
  afterEach(() => sim.stop());

  test('GET /_sim/state answers the scenario with absolute times, and loading it again gives the same state', async () => {
    const state = await sim.state();
    const kim = state.accounts.find((a) => a.id === BASE.memberAccountId)!.users![0];
    expect(kim.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.now() - new Date(kim.created).getTime()).toBeGreaterThan(99 * 86_400_000);
    expect(kim.inlinePolicies).toEqual({ p: { Version: '2012-10-17', Statement: [] } });
    expect(kim.groups).toEqual(['team']);
    const again = await startTestSimulator(state);
    try {
      expect(await again.state()).toEqual(state);
    } finally {
      await again.stop();
    }
  });

  test('GET /_sim/calls counts by service, operation and account; POST /_sim/calls/reset clears', async () => {
    const iam = await memberIam(sim.url);
    await iam.send(new ListUsersCommand({}));
    await iam.send(new ListUsersCommand({}));
    const calls = await sim.calls();
    expect(calls.total).toBe(3);
    expect(calls.byService).toEqual({ sts: 1, iam: 2 });
    expect(calls.byOperation).toEqual({ 'sts:AssumeRole': 1, 'iam:ListUsers': 2 });
    expect(calls.byAccount).toEqual({ [BASE.callerAccountId]: 1, [BASE.memberAccountId]: 2 });
    expect(calls.calls).toContainEqual({ service: 'iam', operation: 'ListUsers', accountId: BASE.memberAccountId, count: 2 });
    await sim.resetCalls();
    expect((await sim.calls()).total).toBe(0);
  });

  test('POST /_sim/clock moves the simulator’s time forward', async () => {
    await sim.advanceClock('30d');
    const iam = await memberIam(sim.url);
    const { User } = await iam.send(new CreateUserCommand({ UserName: 'later' }));
    expect(User!.CreateDate!.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const clock = await (await fetch(`${sim.url}/_sim/clock`)).json() as { offsetMs: number };
    expect(clock.offsetMs).toBe(30 * 86_400_000);
    const bad = await rawRequest(sim.url, { path: '/_sim/clock', body: JSON.stringify({ advance: 'tomorrow' }) });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/advance: expected a duration/);
  });

  test('every answer, success, error or admin, has a Date header of the simulator’s own clock', async () => {
    // GIVEN the simulator's clock 100 days ahead of this host
    await sim.advanceClock('100d');
    const expected = Date.now() + 100 * 86_400_000;
    // WHEN it answers an AWS call, a refused AWS call and an admin request
    const answers = [
      await rawRequest(sim.url, {
        headers: { authorization: sigv4('iam'), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=ListUsers&Version=2010-05-08',
      }),
      await rawRequest(sim.url, {
        headers: { authorization: sigv4('iam'), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetUser&Version=2010-05-08&UserName=nobody',
      }),
      await rawRequest(sim.url, { method: 'GET', path: '/_sim/clock' }),
    ];
    // THEN each states that time as an RFC 7231 IMF-fixdate, as AWS does
    expect(answers.map((a) => a.status)).toEqual([200, 404, 200]);
    for (const { headers } of answers) {
      const date = headers.get('date')!;
      expect(date).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      expect(Math.abs(Date.parse(date) - expected)).toBeLessThan(5_000);
    }
  });

  test('GET /_sim/sns and /_sim/s3 answer what was published and stored', async () => {
    await new SNSClient(clientConfig(sim.url)).send(new PublishCommand({ TopicArn: BASE.topicArn, Message: 'hi', Subject: 's' }));
    expect((await sim.sns()).map((m) => [m.topicArn, m.subject, m.message])).toEqual([[BASE.topicArn, 's', 'hi']]);
    expect(await sim.s3()).toEqual([]);
  });

  test('an unknown admin path answers 404 listing the endpoints', async () => {
    const response = await rawRequest(sim.url, { method: 'GET', path: '/_sim/nope' });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text).endpoints).toContain('GET /_sim/state');
  });
});

describe('wire protocol edges', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator(scenario());
  });
  afterAll(() => sim.stop());
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  test('an unknown Query action answers InvalidAction naming it', async () => {
    const response = await rawRequest(sim.url, { headers: { ...form, authorization: sigv4('iam') }, body: 'Action=FooBar&Version=2010-05-08' });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/^<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    expect(response.text).toContain('<Message>The action FooBar is not valid for this web service (iam)</Message>');
  });

  test('an unknown JSON target answers UnknownOperationException naming it', async () => {
    const response = await rawRequest(sim.url, {
      headers: { authorization: sigv4('organizations'), 'x-amz-target': 'AWSOrganizationsV20161128.FooBar', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({ __type: 'UnknownOperationException', Message: 'The action AWSOrganizationsV20161128.FooBar is not valid for this web service (organizations)' });
  });

  test('an unimplemented S3 request names the operation', async () => {
    const response = await rawRequest(sim.url, { method: 'DELETE', path: `/${BASE.bucket}/k?x-id=DeleteObject`, headers: { authorization: sigv4('s3') } });
    expect(response.status).toBe(501);
    expect(response.text).toContain('<Code>NotImplemented</Code><Message>The action DeleteObject is not valid for this web service (s3)</Message>');
  });

  test('a request without SigV4 credentials, or for a service the simulator lacks, is refused clearly', async () => {
    const missing = await rawRequest(sim.url, { headers: form, body: 'Action=ListUsers' });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('<Code>MissingAuthenticationToken</Code>');
    const ec2 = await rawRequest(sim.url, { headers: { ...form, authorization: sigv4('ec2') }, body: 'Action=DescribeInstances' });
    expect(ec2.status).toBe(400);
    expect(ec2.text).toContain('does not serve the service ec2');
  });

  test('Query responses wrap the result, list members as <member>, and accept GET parameters', async () => {
    const response = await rawRequest(sim.url, {
      method: 'GET', path: '/?Action=ListUsers&Version=2010-05-08', headers: { authorization: sigv4('iam', 'AKIAKIM0000000000001') },
    });
    expect(response.status).toBe(200);
    expect(response.text).toMatch(new RegExp('^<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult>'
      + '<Users><member><Path>/</Path><UserName>kim</UserName><UserId>AIDA[A-Z2-7]{17}</UserId>'
      + `<Arn>arn:aws:iam::${BASE.memberAccountId}:user/kim</Arn><CreateDate>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</CreateDate></member></Users>`
      + '<IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></ListUsersResponse>$'));
  });

  test('a scenario access key used as credentials acts as its user in its account', async () => {
    const asKim = new IAMClient(clientConfig(sim.url, { accessKeyId: 'AKIAKIM0000000000001', secretAccessKey: 'x' }));
    const { Users } = await asKim.send(new ListUsersCommand({}));
    expect(Users!.map((u) => u.UserName)).toEqual(['kim']);
  });
});

describe('scenario validation', () => {
  const broken = (mutate: (s: Scenario) => void) => {
    const s = scenario();
    mutate(s);
    return () => validateScenario(s);
  };

  test.each<[string, (s: Scenario) => void, string]>([
    ['an invalid time', (s) => { s.accounts[2].users![0].created = 'yesterday'; },
      'accounts[2].users[0].created: invalid time "yesterday" (use ISO 8601 or a relative time such as -120d, -3h, -15m)'],
    ['an unknown field', (s) => { (s.accounts[2].users![0] as unknown as Record<string, unknown>).acessKeys = []; },
      'accounts[2].users[0].acessKeys: unknown field'],
    ['an unknown parent', (s) => { s.accounts[1].parentId = 'ou-none-missing1'; }, 'accounts[1].parentId: no root or organizational unit has id "ou-none-missing1"'],
    ['a caller account not in accounts', (s) => { s.callerAccountId = '999999999999'; }, 'callerAccountId: 999999999999 is not in accounts'],
    ['a duplicate access key id', (s) => { s.accounts[1].users = [{ name: 'x', created: '-1d', accessKeys: [{ id: 'AKIAKIM0000000000001', status: 'Active', created: '-1d' }] }]; },
      'accounts[2].users[0].accessKeys[0].id: duplicate access key id "AKIAKIM0000000000001"'],
    ['a signing certificate id shorter than IAM allows', (s) => { s.accounts[2].users![0].signingCertificates = [{ id: 'CERT0000000000000001', status: 'Active' }]; },
      'accounts[2].users[0].signingCertificates[0].id: invalid value "CERT0000000000000001" (signing certificate ids are 24-128 of A-Z a-z 0-9 _)'],
    ['a bad account state', (s) => { (s.accounts[0] as unknown as Record<string, unknown>).state = 'GONE'; }, 'accounts[0].state: must be one of'],
    ['a throttle rate above 1', (s) => { s.faults = { throttleRate: 1.5 }; }, 'faults.throttleRate: must be a number from 0 to 1, got 1.5'],
  ])('names the field for %s', (_what, mutate, message) => {
    expect(broken(mutate)).toThrow(ScenarioError);
    expect(broken(mutate)).toThrow(message);
  });

  test('startSimulator loads a scenario file, and names the file when it is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(scenario()));
    const sim = await startSimulator({ scenario: good });
    await sim.stop();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"organization": ');
    await expect(startSimulator({ scenario: bad })).rejects.toThrow(`Scenario file ${bad} is not valid JSON`);
  });
});

describe('npm run sim', () => {
  const run = (args: string[]) => spawn(process.execPath, [require.resolve('tsx/cli'), join(__dirname, '..', '..', 'sim', 'cli.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  test('prints the URL it listens on and serves until stopped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sim-')), 'scenario.json');
    writeFileSync(file, JSON.stringify(scenario()));
    const child = run(['--scenario', file, '--port', '0']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const response = await rawRequest(url, { method: 'GET', path: '/_sim/calls' });
      expect(JSON.parse(response.text).total).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('bad flags exit 2 with a clear message', async () => {
    const child = run(['--scenario', 'scenario.json', '--port', 'eighty']);
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--port must be a number from 0 to 65535, got "eighty"');
    expect(err).toContain('usage: npm run sim -- --scenario <file>');
  });
});
