/**
 * The simulator's authorization: every call put to an evaluator nobody here wrote (iam-simulate) with the
 * action, resources and condition keys of the Service Authorization Reference, and denials answered as
 * each service answers them.
 */
import {
  AddUserToGroupCommand, DeleteUserCommand, IAMClient, ListUsersCommand, RemoveUserFromGroupCommand, TagUserCommand,
} from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { PolicyDocument, RoleSpec, Scenario } from '../../sim/scenario';
import { iamSimulateAuthorizer } from '../support/authorizer';
import { BASE, baseScenario, clientConfig, memberAccount, startTestSimulator, type TestSimulator } from '../support/sim';
import { expectAwsError } from './helpers';

const ORCHESTRATOR = `arn:aws:sts::${BASE.callerAccountId}:assumed-role/IamSweepOrchestrator/iam-sweep`;
const OU = 'ou-root-workloads1';
const IN_OU = '100000000004';
const allow = (Action: string | string[], Resource: string | string[], extra: object = {}): PolicyDocument =>
  ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource, ...extra }] });

/** Trusts the caller account's principals of this organization. */
const trustFromOrganization = (organizationId: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${BASE.callerAccountId}:root` },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
  }],
});

/** The caller account's orchestrator role with these inline policies; the member role trusts it by policy. */
function scenario(orchestratorPolicies: Record<string, PolicyDocument>, memberRole: Partial<RoleSpec> = {}, extra: Partial<Scenario> = {}): Scenario {
  const sweepRole: RoleSpec = {
    name: BASE.roleName,
    trustPolicy: trustFromOrganization(BASE.organizationId),
    inlinePolicies: { cleanup: allow(['iam:*'], '*') },
    ...memberRole,
  };
  const base = baseScenario(extra, {
    roles: [sweepRole],
    groups: [{ name: 'devs' }],
    users: [
      { name: 'alice', created: '-400d', groups: ['devs'] },
      { name: 'keeper', created: '-400d', tags: { 'IAM-Sweep:Exclude': 'True' } },
    ],
  });
  base.organization.organizationalUnits = [{ id: OU, name: 'Workloads', parentId: BASE.rootId }];
  base.accounts.push(memberAccount(IN_OU, { parentId: OU, roles: [sweepRole], users: [{ name: 'bob', created: '-400d' }] }));
  base.accounts[1].roles!.push({ name: 'IamSweepOrchestrator', inlinePolicies: orchestratorPolicies });
  return base;
}

const ASSUME_ANY = { assume: allow('sts:AssumeRole', 'arn:aws:iam::*:role/IamSweepRole') };

let sim: TestSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(s: Scenario): Promise<string> {
  sim = await startTestSimulator(s, { authorizer: iamSimulateAuthorizer });
  return sim.url;
}

async function memberIam(url: string, accountId: string = BASE.memberAccountId): Promise<IAMClient> {
  const sts = new STSClient({ ...clientConfig(url), maxAttempts: 1 });
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${BASE.roleName}`, RoleSessionName: 'iam-sweep' }));
  return new IAMClient({
    ...clientConfig(url, { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: 'x', sessionToken: Credentials!.SessionToken! }),
    maxAttempts: 1,
  });
}

const session = (accountId: string) => `arn:aws:sts::${accountId}:assumed-role/${BASE.roleName}/iam-sweep`;

describe('identity policies', () => {
  test('iam:ListUsers has no resource type: granted on user/* it is denied with IAM\'s message, granted on * it is allowed', async () => {
    const url = await start(scenario(ASSUME_ANY, { inlinePolicies: { cleanup: allow('iam:ListUsers', `arn:aws:iam::${BASE.memberAccountId}:user/*`) } }));
    const error = await expectAwsError((await memberIam(url)).send(new ListUsersCommand({})), 'iam', 'AccessDenied', 403);
    expect(error.message).toBe(
      `User: ${session(BASE.memberAccountId)} is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action`);
    await sim!.stop();

    const allowed = await start(scenario(ASSUME_ANY, { inlinePolicies: { cleanup: allow('iam:ListUsers', '*') } }));
    const { Users } = await (await memberIam(allowed)).send(new ListUsersCommand({}));
    expect(Users!.map((u) => u.UserName)).toEqual(['alice', 'keeper']);
  });

  test('iam:RemoveUserFromGroup acts on the group: granted on user/* it is denied on the group\'s ARN', async () => {
    const onUsers = allow(['iam:RemoveUserFromGroup', 'iam:AddUserToGroup'], `arn:aws:iam::${BASE.memberAccountId}:user/*`);
    const url = await start(scenario(ASSUME_ANY, { inlinePolicies: { cleanup: onUsers } }));
    const error = await expectAwsError(
      (await memberIam(url)).send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'devs' })), 'iam', 'AccessDenied', 403);
    expect(error.message).toBe(`User: ${session(BASE.memberAccountId)} is not authorized to perform: iam:RemoveUserFromGroup ` +
      `on resource: arn:aws:iam::${BASE.memberAccountId}:group/devs because no identity-based policy allows the iam:RemoveUserFromGroup action`);
    await sim!.stop();

    const onGroups = allow('iam:RemoveUserFromGroup', `arn:aws:iam::${BASE.memberAccountId}:group/*`);
    const iam = await memberIam(await start(scenario(ASSUME_ANY, { inlinePolicies: { cleanup: onGroups } })));
    await iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'devs' }));
    await expectAwsError(iam.send(new AddUserToGroupCommand({ UserName: 'alice', GroupName: 'devs' })), 'iam', 'AccessDenied', 403);
  });

  test('an explicit Deny on a resource tag holds whatever case the tag key is written in (condition keys ignore case)', async () => {
    const policy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*', Condition: { StringEqualsIgnoreCase: { 'aws:ResourceTag/iam-sweep:exclude': 'true' } } },
      ],
    };
    const iam = await memberIam(await start(scenario(ASSUME_ANY, { inlinePolicies: { cleanup: policy } })));
    const error = await expectAwsError(iam.send(new DeleteUserCommand({ UserName: 'keeper' })), 'iam', 'AccessDenied', 403);
    expect(error.message).toMatch(/on resource: arn:aws:iam::100000000003:user\/keeper with an explicit deny in an identity-based policy$/);
    await iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'devs' }));
    await iam.send(new DeleteUserCommand({ UserName: 'alice' }));
  });

  test('aws:TagKeys is the request\'s tag keys: a policy limited to some keys refuses another', async () => {
    const policy = allow('iam:TagUser', '*', {
      Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['iam-sweep:disabled-at'] }, Null: { 'aws:TagKeys': 'false' } },
    });
    const iam = await memberIam(await start(scenario(ASSUME_ANY, { inlinePolicies: { cleanup: policy } })));
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'iam-sweep:disabled-at', Value: '2026-12-07' }] }));
    await expectAwsError(iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'owner', Value: 'x' }] })), 'iam', 'AccessDenied', 403);
  });

  test('GetCallerIdentity needs no permission, as at AWS', async () => {
    const url = await start(scenario({ nothing: allow('s3:GetObject', 'arn:aws:s3:::nowhere/*') }));
    const identity = await new STSClient(clientConfig(url)).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(ORCHESTRATOR);
  });
});

describe('trust policies', () => {
  test('the trust policy\'s conditions are evaluated with the caller\'s organization as context', async () => {
    const url = await start(scenario(ASSUME_ANY));
    await memberIam(url);
    await sim!.stop();

    const otherOrg = await start(scenario(ASSUME_ANY, { trustPolicy: trustFromOrganization('o-someoneelse1') }));
    const error = await expectAwsError(memberIam(otherOrg), 'sts', 'AccessDenied', 403);
    // AWS does not reveal another account's trust policy: no reason follows the resource.
    expect(error.message).toBe(`User: ${ORCHESTRATOR} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${BASE.memberAccountId}:role/${BASE.roleName}`);
  });

  test('the caller\'s own policy must allow AssumeRole too', async () => {
    const url = await start(scenario({ other: allow('sts:AssumeRole', 'arn:aws:iam::*:role/Other') }));
    const error = await expectAwsError(memberIam(url), 'sts', 'AccessDenied', 403);
    expect(error.message).toMatch(/because no identity-based policy allows the sts:AssumeRole action$/);
  });
});

describe('service control policies', () => {
  const denyDelete: Scenario['organization']['serviceControlPolicies'] = [{
    name: 'no-user-deletion',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['iam:DeleteUser', 'iam:UpdateAccessKey'], Resource: '*' }] },
    targetIds: [OU],
  }];

  test('an OU\'s SCP denies its accounts, with the SCP variant of the message, and no other account', async () => {
    const s = scenario(ASSUME_ANY);
    s.organization.serviceControlPolicies = denyDelete;
    const url = await start(s);
    const error = await expectAwsError((await memberIam(url, IN_OU)).send(new DeleteUserCommand({ UserName: 'bob' })), 'iam', 'AccessDenied', 403);
    expect(error.message).toBe(`User: ${session(IN_OU)} is not authorized to perform: iam:DeleteUser on resource: arn:aws:iam::${IN_OU}:user/bob ` +
      'with an explicit deny in a service control policy');
    const outside = await memberIam(url);
    await outside.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'devs' }));
    await outside.send(new DeleteUserCommand({ UserName: 'alice' }));
  });

  test('SCPs never restrict the management account', async () => {
    const s = scenario(ASSUME_ANY);
    s.organization.serviceControlPolicies = [{ ...denyDelete![0], targetIds: [BASE.rootId] }];
    s.accounts[0].users = [{ name: 'carol', created: '-400d' }];
    const url = await start(s);
    await (await memberIam(url, BASE.managementAccountId)).send(new DeleteUserCommand({ UserName: 'carol' }));
    await expectAwsError((await memberIam(url, IN_OU)).send(new DeleteUserCommand({ UserName: 'bob' })), 'iam', 'AccessDenied', 403);
  });
});

describe('each service answers a denial in its own words', () => {
  const onlyAssume = () => start(scenario(ASSUME_ANY));

  test('Organizations: AccessDeniedException', async () => {
    const url = await onlyAssume();
    const error = await expectAwsError(new OrganizationsClient({ ...clientConfig(url), maxAttempts: 1 }).send(new ListAccountsCommand({})),
      'organizations', 'AccessDeniedException');
    expect(error.message).toBe("You don't have permissions to access this resource.");
  });

  test('SNS: AuthorizationError naming SNS:Publish and the topic', async () => {
    const url = await onlyAssume();
    const error = await expectAwsError(new SNSClient({ ...clientConfig(url), maxAttempts: 1 }).send(new PublishCommand({ TopicArn: BASE.topicArn, Message: 'x' })),
      'sns', 'AuthorizationError');
    expect(error.message).toBe(`User: ${ORCHESTRATOR} is not authorized to perform: SNS:Publish on resource: ${BASE.topicArn} ` +
      'because no identity-based policy allows the SNS:Publish action');
  });

  test('S3: AccessDenied on the object; a bucket policy can grant what the identity policy does not', async () => {
    const s = scenario(ASSUME_ANY, {}, {
      bucketPolicies: {
        [BASE.bucket]: allow('s3:PutObject', `arn:aws:s3:::${BASE.bucket}/reports/*`, { Principal: { AWS: ORCHESTRATOR.replace(/^arn:aws:sts::(\d+):assumed-role\/([^/]+)\/.*$/, 'arn:aws:iam::$1:role/$2') } }),
      },
    });
    const s3 = new S3Client({ ...clientConfig(await start(s)), maxAttempts: 1 });
    await s3.send(new PutObjectCommand({ Bucket: BASE.bucket, Key: 'reports/r.json', Body: '{}' }));
    const error = await expectAwsError(s3.send(new GetObjectCommand({ Bucket: BASE.bucket, Key: 'reports/r.json' })), 's3', 'AccessDenied', 403);
    expect(error.message).toBe(`User: ${ORCHESTRATOR} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::${BASE.bucket}/reports/r.json ` +
      'because no identity-based policy allows the s3:GetObject action');
  });
});

describe('scenarios without policies', () => {
  test('with an authorizer, a principal the scenario gives no policy is unrestricted, and roles trust trustedAccountIds', async () => {
    const url = await start(baseScenario({}, { users: [{ name: 'alice', created: '-1d' }] }));
    const iam = await memberIam(url);
    await iam.send(new DeleteUserCommand({ UserName: 'alice' }));
  });

  test('without an authorizer, policies in the scenario are not enforced', async () => {
    sim = await startTestSimulator(scenario(ASSUME_ANY, { inlinePolicies: { cleanup: allow('iam:GetUser', '*') } }));
    const { Users } = await (await memberIam(sim.url)).send(new ListUsersCommand({}));
    expect(Users).toHaveLength(2);
  });
});
