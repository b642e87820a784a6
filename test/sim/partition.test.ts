/** A scenario in another AWS partition: its ARNs, its Regions, and its credentials refused elsewhere. */
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ScenarioError, validateScenario } from '../../sim/load-scenario';
import type { Scenario } from '../../sim/scenario';
import { BASE, baseScenario, clientConfig, startTestSimulator, type TestSimulator } from '../support/sim';
import { expectAwsError } from './helpers';

const GOV = 'us-gov-west-1';
const govScenario = (): Scenario => ({
  ...baseScenario({}, { users: [{ name: 'kim', created: '-10d', attachedPolicies: ['arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess'] }] }),
  partition: 'aws-us-gov',
  snsTopics: [`arn:aws-us-gov:sns:${GOV}:${BASE.callerAccountId}:iam-sweep-report`],
});
const inRegion = (url: string, region: string) => ({ ...clientConfig(url), region, maxAttempts: 1 });

let sim: TestSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('a scenario in aws-us-gov', () => {
  beforeEach(async () => {
    sim = await startTestSimulator(govScenario());
  });
  const url = () => sim!.url;

  test('writes every ARN in the aws-us-gov partition', async () => {
    const identity = await new STSClient(inRegion(url(), GOV)).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws-us-gov:sts::${BASE.callerAccountId}:assumed-role/IamSweepOrchestrator/iam-sweep`);
    const org = new OrganizationsClient(inRegion(url(), GOV));
    expect((await org.send(new DescribeOrganizationCommand({}))).Organization!.Arn).toMatch(/^arn:aws-us-gov:organizations::/);
    expect((await org.send(new ListRootsCommand({}))).Roots![0].Arn).toMatch(/^arn:aws-us-gov:organizations::/);
    const { Credentials } = await new STSClient(inRegion(url(), GOV)).send(new AssumeRoleCommand({
      RoleArn: `arn:aws-us-gov:iam::${BASE.memberAccountId}:role/${BASE.roleName}`, RoleSessionName: 'sweep',
    }));
    const iam = new IAMClient({ ...inRegion(url(), GOV), credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: 'x' } });
    expect((await iam.send(new ListUsersCommand({}))).Users!.map((u) => u.Arn)).toEqual([`arn:aws-us-gov:iam::${BASE.memberAccountId}:user/kim`]);
    await iam.send(new GenerateCredentialReportCommand({}));
    const csv = Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString('utf8');
    expect(csv.split('\n')[1]).toContain(`arn:aws-us-gov:iam::${BASE.memberAccountId}:root`);
  });

  test('refuses a request signed for a Region of another partition, as an unknown key', async () => {
    await expectAwsError(new STSClient(inRegion(url(), 'us-east-1')).send(new GetCallerIdentityCommand({})), 'sts', 'InvalidClientTokenId', 403);
    await expectAwsError(
      new OrganizationsClient(inRegion(url(), 'us-east-1')).send(new DescribeOrganizationCommand({})), 'organizations', 'UnrecognizedClientException', 400);
  });

  test('answers Organizations only in the partition’s Organizations Region', async () => {
    const error = await expectAwsError(
      new OrganizationsClient(inRegion(url(), 'us-gov-east-1')).send(new DescribeOrganizationCommand({})), 'organizations', 'InvalidSignatureException', 400);
    expect(error.message).toContain("not 'us-gov-east-1'");
  });

  test('knows no role by an ARN of the aws partition', async () => {
    await expectAwsError(new STSClient(inRegion(url(), GOV)).send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${BASE.memberAccountId}:role/${BASE.roleName}`, RoleSessionName: 'sweep',
    })), 'sts', 'AccessDenied', 403);
  });

  test('keeps its partition in GET /_sim/state, so that the state loads again as it was', async () => {
    const state = await sim!.state();
    expect(state.partition).toBe('aws-us-gov');
    expect(validateScenario(state).partition).toBe('aws-us-gov');
  });
});

describe('loading a partition', () => {
  test('a scenario without one is in aws, and its state says nothing of it', async () => {
    sim = await startTestSimulator(baseScenario());
    expect((await sim.state()).partition).toBeUndefined();
    const identity = await new STSClient(clientConfig(sim.url)).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toMatch(/^arn:aws:sts::/);
  });

  test('an unknown partition is refused, naming the field', () => {
    expect(() => validateScenario({ ...baseScenario(), partition: 'aws-mars' as Scenario['partition'] })).toThrow(
      new ScenarioError('partition: must be one of aws, aws-us-gov, aws-cn, got "aws-mars"'),
    );
  });

  test('an ARN of another partition is refused, naming the field', () => {
    expect(() => validateScenario({ ...govScenario(), snsTopics: [`arn:aws:sns:us-east-1:${BASE.callerAccountId}:t`] })).toThrow(/^snsTopics\[0\]: /);
    const policyOfAws = baseScenario({ snsTopics: [] }, { users: [{ name: 'kim', created: '-10d', attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }] });
    expect(() => validateScenario({ ...policyOfAws, partition: 'aws-cn' })).toThrow(/^accounts\[2\]\.users\[0\]\.attachedPolicies\[0\]: .*partition aws-cn/);
  });
});
