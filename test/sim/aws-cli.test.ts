/**
 * Any AWS client, not only the JS SDK, talks to the simulator with just an endpoint override: the AWS CLI
 * lists the demo organization's users and accounts. CI installs the CLI (.ci/run); where it is not
 * installed, this suite is reported as skipped.
 */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestSimulator, type TestSimulator } from '../support/sim';

const run = promisify(execFile);
const DEMO = join(__dirname, '../../sim/scenarios/demo.json');

const awsCliInstalled = spawnSync('aws', ['--version']).status === 0;
if (process.env.CI && !awsCliInstalled) {
  throw new Error('CI must install the AWS CLI (.ci/run does: apt-get install awscli)');
}
/** Skipped, and counted as skipped, where the AWS CLI is not installed. */
const describeWithAwsCli = awsCliInstalled ? describe : describe.skip;

async function aws(sim: TestSimulator, ...args: string[]): Promise<unknown> {
  const { stdout } = await run('aws', ['--endpoint-url', sim.url, '--output', 'json', ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: 'AKIDCALLER',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    },
  });
  return JSON.parse(stdout);
}

describeWithAwsCli('the AWS CLI against the simulator', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator(DEMO);
  });
  afterAll(() => sim.stop());

  test('lists the accounts of the demo organization', async () => {
    const result = (await aws(sim, 'organizations', 'list-accounts')) as { Accounts: { Id: string; State?: string; Status?: string }[] };
    expect(result.Accounts.map((a) => a.Id)).toEqual(expect.arrayContaining(['111111111111', '333333333333', '666666666666']));
    // Older CLIs (Debian's) know only the retired Status field; newer ones also show State.
    const suspended = result.Accounts.find((a) => a.Id === '666666666666')!;
    expect(suspended.State ?? suspended.Status).toBe('SUSPENDED');
  });

  test('lists the IAM users of the caller’s account', async () => {
    const result = (await aws(sim, 'iam', 'list-users')) as { Users: { UserName: string }[] };
    expect(result.Users.map((u) => u.UserName)).toContain('iam-sweep-operator');
  });

  test('reports a missing user as NoSuchEntity', async () => {
    await expect(aws(sim, 'iam', 'get-user', '--user-name', 'nobody')).rejects.toThrow(/NoSuchEntity/);
  });
});
