/**
 * The built orchestrator Lambda in the other AWS partitions: AWS GovCloud (US) and China. Each is a
 * separate AWS whose ARNs, Regions and credentials are its own; the simulator serves a scenario in one
 * with `partition` and refuses requests signed for another partition's Regions.
 */
import type { Scenario } from '../../sim/scenario';
import { startDeployedSimulator } from '../support/deployed';
import { invokeBuiltHandler, lastReport } from '../support/handler';
import { account, activeUser, BUCKET, CALLER, inactiveUserWithEverything, organization } from '../support/org';
import type { TestSimulator } from '../support/sim';

const DEV = '333333333333';

/**
 * The organization moved to `partition`: every ARN written `arn:<partition>:` and its Region (the report
 * topic's, the users' last-used Regions) replaced by `region`.
 */
function inPartition(scenario: Scenario, partition: NonNullable<Scenario['partition']>, region: string): Scenario {
  const moved = JSON.stringify(scenario).replaceAll('arn:aws:', `arn:${partition}:`).replaceAll('us-east-1', region);
  return { ...(JSON.parse(moved) as Scenario), partition };
}

const users = () => [inactiveUserWithEverything('former-employee', DEV), ...['a1', 'a2', 'a3', 'a4'].map((n) => activeUser(`active-${n}`))];
const govCloud = () => inPartition(organization([account(DEV, users(), { name: 'dev' })]), 'aws-us-gov', 'us-gov-west-1');
const GOV_TOPIC = `arn:aws-us-gov:sns:us-gov-west-1:${CALLER}:iam-sweep-report`;

let sim: TestSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const usersIn = async (accountId: string) => ((await sim!.state()).accounts.find((a) => a.id === accountId)!.users ?? []).map((u) => u.name).sort();

describe('AWS GovCloud (US)', () => {
  const invoke = (settings: Record<string, string> = {}) =>
    invokeBuiltHandler(sim!.url, { AWS_REGION: 'us-gov-west-1', SWEEP_TOPIC_ARN: GOV_TOPIC, ...settings });

  test('report mode sweeps every account, with ARNs of the aws-us-gov partition, and changes nothing', async () => {
    // GIVEN an organization in aws-us-gov, under the rollout's policies rendered for that partition
    sim = await startDeployedSimulator(govCloud());
    const before = await usersIn(DEV);
    // WHEN the built Lambda runs in us-gov-west-1
    const { result } = await invoke();
    // THEN every account is swept and the inactive user is found by its GovCloud ARN
    expect(result).toMatchObject({ accountsSwept: 3, accountsFailed: 0, inactive: 1 });
    const report = await lastReport(sim);
    const verdicts = report.accounts.flatMap((a) => a.verdicts).filter((v) => v.inactive);
    expect(verdicts.map((v) => v.arn)).toEqual([`arn:aws-us-gov:iam::${DEV}:user/people/former-employee`]);
    // AND the report reached the GovCloud topic and bucket, and nothing was changed
    expect((await sim.sns()).map((m) => m.topicArn)).toEqual([GOV_TOPIC]);
    expect(result.reportLocation).toContain(BUCKET);
    expect(await usersIn(DEV)).toEqual(before);
  });

  test('delete mode deletes the inactive user after backing it up, and only it', async () => {
    // GIVEN the same GovCloud organization
    sim = await startDeployedSimulator(govCloud());
    // WHEN the built Lambda runs in delete mode with quarantine 0
    const { result } = await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    // THEN the inactive user and all it held are gone, every action done
    expect(result).toMatchObject({ accountsSwept: 3, accountsFailed: 0, failed: 0 });
    expect(await usersIn(DEV)).toEqual(['active-a1', 'active-a2', 'active-a3', 'active-a4']);
    const outcomes = (await lastReport(sim)).accounts.flatMap((a) => a.outcomes);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status !== 'done')).toEqual([]);
    // AND its backup names its GovCloud policies and MFA device
    const [backup] = (await sim.s3()).filter((o) => o.key.startsWith(`backups/${DEV}/former-employee/`));
    expect(JSON.parse(backup.body)).toMatchObject({
      userName: 'former-employee',
      attachedPolicies: ['arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess'],
      mfaSerials: expect.arrayContaining([`arn:aws-us-gov:iam::${DEV}:mfa/former-employee`]),
    });
  });
});

describe('China', () => {
  test('a Lambda in cn-north-1 reads Organizations in cn-northwest-1 and sweeps every account', async () => {
    // GIVEN an organization in aws-cn, and the Lambda in cn-north-1, where Organizations has no endpoint
    sim = await startDeployedSimulator(inPartition(organization([account(DEV, users(), { name: 'dev' })]), 'aws-cn', 'cn-north-1'));
    // WHEN the built Lambda runs
    const { result } = await invokeBuiltHandler(sim.url, {
      AWS_REGION: 'cn-north-1',
      SWEEP_TOPIC_ARN: `arn:aws-cn:sns:cn-north-1:${CALLER}:iam-sweep-report`,
    });
    // THEN every account is swept
    expect(result).toMatchObject({ accountsSwept: 3, accountsFailed: 0, inactive: 1 });
  });
});
