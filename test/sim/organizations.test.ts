import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import type { Scenario } from '../../sim/scenario';
import { BASE, baseScenario, clientConfig, memberAccount, startTestSimulator, type TestSimulator } from '../support/sim';
import { assumeSweepRole, expectAwsError, expectModelShape, rawRequest, sigv4 } from './helpers';

const WORKLOADS = 'ou-root-workload1';
const TEAM = 'ou-root-teamapps1';
const accountIds = Array.from({ length: 7 }, (_, i) => `2000000000${String(i).padStart(2, '0')}`);

const scenario = (overrides: Partial<Scenario> = {}): Scenario => {
  const base = baseScenario();
  base.organization.rootTags = { scope: 'all' };
  base.organization.organizationalUnits = [
    { id: WORKLOADS, name: 'Workloads', parentId: BASE.rootId, tags: { tier: 'prod' } },
    { id: TEAM, name: 'Team apps', parentId: WORKLOADS },
  ];
  base.accounts.push(
    ...accountIds.map((id, i) => memberAccount(id, { parentId: i < 2 ? TEAM : WORKLOADS, tags: { n: String(i) } })),
    memberAccount('300000000001', { state: 'SUSPENDED', name: 'gone', joinedMethod: 'INVITED', joined: '2020-05-05T00:00:00Z' }),
    memberAccount('300000000002', { state: 'CLOSED' }),
  );
  return { ...base, ...overrides, organization: { ...base.organization, ...overrides.organization } };
};

let sim: TestSimulator;
let org: OrganizationsClient;
afterEach(() => sim.stop());
async function start(overrides: Partial<Scenario> = {}) {
  sim = await startTestSimulator(scenario(overrides));
  org = new OrganizationsClient({ ...clientConfig(sim.url), maxAttempts: 1 });
}

describe('as the delegated administrator', () => {
  beforeEach(() => start());

  test('ListAccounts pages with MaxResults and NextToken through every account, State and Status included', async () => {
    const pages = [];
    for await (const page of paginateListAccounts({ client: org, pageSize: 2 }, {})) pages.push(page);
    pages.forEach((page) => expectModelShape('organizations', 'ListAccounts', page));
    expect(pages).toHaveLength(6);
    const accounts = pages.flatMap((p) => p.Accounts!);
    expect(accounts.map((a) => a.Id)).toEqual([
      BASE.managementAccountId, BASE.callerAccountId, BASE.memberAccountId, ...accountIds, '300000000001', '300000000002',
    ]);
    expect(accounts.find((a) => a.Id === '300000000001')).toEqual({
      Id: '300000000001',
      Arn: `arn:aws:organizations::${BASE.managementAccountId}:account/${BASE.organizationId}/300000000001`,
      Email: 'aws+300000000001@example.com',
      Name: 'gone',
      Status: 'SUSPENDED',
      State: 'SUSPENDED',
      JoinedMethod: 'INVITED',
      JoinedTimestamp: new Date('2020-05-05T00:00:00Z'),
    });
    expect(accounts.find((a) => a.Id === '300000000002')).toMatchObject({ State: 'CLOSED', Status: 'SUSPENDED' });
  });

  test.each([0, 21])('MaxResults %i is InvalidInputException', async (maxResults) => {
    const error = await expectAwsError(org.send(new ListAccountsCommand({ MaxResults: maxResults })), 'organizations', 'InvalidInputException');
    expect((error as unknown as { Reason: string }).Reason).toBe(maxResults === 0 ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED');
  });

  test('a NextToken from another operation is InvalidInputException', async () => {
    const { NextToken } = await org.send(new ListAccountsCommand({ MaxResults: 1 }));
    await expectAwsError(org.send(new ListRootsCommand({ NextToken })), 'organizations', 'InvalidInputException');
  });

  test('DescribeOrganization, ListRoots, DescribeAccount answer per the model', async () => {
    const described = await org.send(new DescribeOrganizationCommand({}));
    expectModelShape('organizations', 'DescribeOrganization', described);
    expect(described.Organization).toMatchObject({ Id: BASE.organizationId, MasterAccountId: BASE.managementAccountId, FeatureSet: 'ALL' });
    const roots = await org.send(new ListRootsCommand({}));
    expectModelShape('organizations', 'ListRoots', roots);
    expect(roots.Roots!.map((r) => [r.Id, r.Name])).toEqual([[BASE.rootId, 'Root']]);
    const account = await org.send(new DescribeAccountCommand({ AccountId: accountIds[0] }));
    expectModelShape('organizations', 'DescribeAccount', account);
    expect(account.Account!.Id).toBe(accountIds[0]);
    const error = await expectAwsError(org.send(new DescribeAccountCommand({ AccountId: '999999999999' })), 'organizations', 'AccountNotFoundException');
    expect(error.message).toBe("You specified an account that doesn't exist.");
  });

  test('ListParents walks from an account up through its OUs to the root', async () => {
    const path: string[] = [];
    let child = accountIds[0];
    for (;;) {
      const { Parents } = await org.send(new ListParentsCommand({ ChildId: child }));
      expectModelShape('organizations', 'ListParents', { Parents });
      path.push(`${Parents![0].Type}:${Parents![0].Id}`);
      if (Parents![0].Type === 'ROOT') break;
      child = Parents![0].Id!;
    }
    expect(path).toEqual([`ORGANIZATIONAL_UNIT:${TEAM}`, `ORGANIZATIONAL_UNIT:${WORKLOADS}`, `ROOT:${BASE.rootId}`]);
    await expectAwsError(org.send(new ListParentsCommand({ ChildId: '999999999999' })), 'organizations', 'ChildNotFoundException');
  });

  test('ListOrganizationalUnitsForParent and ListAccountsForParent list the children', async () => {
    const units = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: BASE.rootId }));
    expectModelShape('organizations', 'ListOrganizationalUnitsForParent', units);
    expect(units.OrganizationalUnits).toEqual([
      { Id: WORKLOADS, Name: 'Workloads', Arn: `arn:aws:organizations::${BASE.managementAccountId}:ou/${BASE.organizationId}/${WORKLOADS}` },
    ]);
    const inTeam = await org.send(new ListAccountsForParentCommand({ ParentId: TEAM, MaxResults: 1 }));
    expectModelShape('organizations', 'ListAccountsForParent', inTeam);
    const rest = await org.send(new ListAccountsForParentCommand({ ParentId: TEAM, NextToken: inTeam.NextToken }));
    expect([...inTeam.Accounts!, ...rest.Accounts!].map((a) => a.Id)).toEqual(accountIds.slice(0, 2));
    expect(rest.NextToken).toBeUndefined();
    await expectAwsError(org.send(new ListAccountsForParentCommand({ ParentId: 'ou-root-missing1' })), 'organizations', 'ParentNotFoundException');
  });

  test('ListTagsForResource answers tags of an account, an OU and the root', async () => {
    const tags = async (id: string) => (await org.send(new ListTagsForResourceCommand({ ResourceId: id }))).Tags;
    expectModelShape('organizations', 'ListTagsForResource', await org.send(new ListTagsForResourceCommand({ ResourceId: accountIds[3] })));
    expect(await tags(accountIds[3])).toEqual([{ Key: 'n', Value: '3' }]);
    expect(await tags(WORKLOADS)).toEqual([{ Key: 'tier', Value: 'prod' }]);
    expect(await tags(BASE.rootId)).toEqual([{ Key: 'scope', Value: 'all' }]);
    expect(await tags(TEAM)).toEqual([]);
    await expectAwsError(org.send(new ListTagsForResourceCommand({ ResourceId: '999999999999' })), 'organizations', 'TargetNotFoundException');
    await expectAwsError(org.send(new ListTagsForResourceCommand({ ResourceId: 'not-an-id' })), 'organizations', 'InvalidInputException');
  });

  test('errors carry __type, Message and the x-amzn-ErrorType header', async () => {
    const response = await rawRequest(sim.url, {
      headers: { authorization: sigv4('organizations'), 'x-amz-target': 'AWSOrganizationsV20161128.DescribeAccount', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ AccountId: '999999999999' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccountNotFoundException');
    expect(JSON.parse(response.text)).toEqual({ __type: 'AccountNotFoundException', Message: "You specified an account that doesn't exist." });
  });
});

describe('who may read', () => {
  test('the management account may; a member that is not a delegated administrator gets AccessDeniedException', async () => {
    await start();
    const management = new OrganizationsClient({ ...clientConfig(sim.url, await assumeSweepRole(sim.url, BASE.managementAccountId)), maxAttempts: 1 });
    expect((await management.send(new ListAccountsCommand({}))).Accounts!.length).toBeGreaterThan(0);
    const member = new OrganizationsClient({ ...clientConfig(sim.url, await assumeSweepRole(sim.url)), maxAttempts: 1 });
    await expectAwsError(member.send(new ListAccountsCommand({})), 'organizations', 'AccessDeniedException');
    await expectAwsError(member.send(new DescribeAccountCommand({ AccountId: BASE.memberAccountId })), 'organizations', 'AccessDeniedException');
    expect((await member.send(new DescribeOrganizationCommand({}))).Organization!.Id).toBe(BASE.organizationId);
  });

  test('delegatedAdministratorAccountIds replaces the default (the caller account)', async () => {
    await start({ organization: { delegatedAdministratorAccountIds: [BASE.memberAccountId] } as Scenario['organization'] });
    await expectAwsError(org.send(new ListAccountsCommand({})), 'organizations', 'AccessDeniedException');
    const member = new OrganizationsClient(clientConfig(sim.url, await assumeSweepRole(sim.url)));
    expect((await member.send(new ListAccountsCommand({}))).Accounts!.length).toBe(12);
  });
});

test('with the emptyPages fault the first page is empty but has a NextToken, and paging still reaches every account', async () => {
  await start({ faults: { emptyPages: true } });
  const first = await org.send(new ListAccountsCommand({}));
  expect(first.Accounts).toEqual([]);
  expect(first.NextToken).toBeDefined();
  const ids: string[] = [];
  for await (const page of paginateListAccounts({ client: org, pageSize: 5 }, {})) ids.push(...page.Accounts!.map((a) => a.Id!));
  expect(ids).toHaveLength(12);
});
