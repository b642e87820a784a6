import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memberAccountPermissions } from '../../lambdas/aws/permissions';
import {
  ORCHESTRATOR_ROLE_NAME,
  cleanupRolePermissionPolicy,
  cleanupRoleTemplate,
  cleanupRoleTrustPolicy,
} from '../../stacks/cleanup-role';
import { PROJECT_DIR, actionsImportedByOrchestrator, declaredGrants, deployConfig, grants, resolvedForAccount } from './support';

const documents = {
  partition: 'aws',
  accountId: '333333333333',
  orchestratorAccountId: '222222222222',
  organizationId: 'o-a1b2c3d4e5',
  excludeTag: { key: 'iam-sweep:exclude', value: 'true' },
};

/** The services the orchestrator calls with the cleanup role's credentials, by SDK client package. */
const MEMBER_ACCOUNT_CLIENTS: Record<string, string> = { '@aws-sdk/client-iam': 'iam', '@aws-sdk/client-cloudtrail': 'cloudtrail' };

/** Every IAM and CloudTrail action the orchestrator's own source files import a command or paginator for. */
const actionsCalledByOrchestrator = () => actionsImportedByOrchestrator(MEMBER_ACCOUNT_CLIENTS);

describe('cleanup role permissions', () => {
  test('grant every IAM and CloudTrail action the orchestrator code calls', async () => {
    // GIVEN the actions the orchestrator's source files call in member accounts
    const called = await actionsCalledByOrchestrator();

    // WHEN the cleanup role's policy is built
    const granted = grants(cleanupRolePermissionPolicy(documents));

    // THEN each of them is granted
    expect(called.size).toBeGreaterThan(0);
    expect([...called].filter((action) => !granted.has(action))).toEqual([]);
  });

  test('grant no action the orchestrator code does not call', async () => {
    // GIVEN the actions the orchestrator's source files call in member accounts
    const called = await actionsCalledByOrchestrator();

    // WHEN the cleanup role's policy is built
    const granted = grants(cleanupRolePermissionPolicy(documents));

    // THEN nothing beyond them is granted
    expect([...granted.keys()].filter((action) => !called.has(action))).toEqual([]);
  });

  test('grant exactly the declared actions, each on the resources its declaration names', () => {
    // GIVEN the engine's declarations for account 333333333333
    const expected = declaredGrants('aws', '333333333333');

    // WHEN the cleanup role's policy is built
    const granted = grants(cleanupRolePermissionPolicy(documents));

    // THEN the grants are the declarations, scoped as declared
    expect(Object.fromEntries(granted)).toEqual(Object.fromEntries(expected));
  });

  test('scope every user action to the account’s users', () => {
    // GIVEN the actions the engine declares on users
    const userActions = memberAccountPermissions().filter((p) => p.resource === 'user').flatMap((p) => p.actions);

    // WHEN the cleanup role's policy is built
    const granted = grants(cleanupRolePermissionPolicy(documents));

    // THEN each is granted on the account's users only
    expect(userActions.length).toBeGreaterThan(0);
    for (const action of userActions) expect(granted.get(action)).toEqual(['arn:aws:iam::333333333333:user/*']);
  });

  test('let the sweep add and remove its own tag keys only, and only when the request names tag keys', () => {
    // GIVEN the sweep's state tags (iam-sweep:disabled-at, iam-sweep:key-disabled-at:<key id>)
    // WHEN the cleanup role's policy is built
    const policy = cleanupRolePermissionPolicy(documents);

    // THEN the one statement that allows tagging users limits the keys, and cannot be met by naming none
    const tagging = policy.Statement.filter(
      (statement) => statement.Effect === 'Allow' && [statement.Action].flat().some((action) => /^iam:(Tag|Untag)User$/.test(action)),
    );
    expect(tagging).toEqual([
      {
        Sid: 'IamUsersOwnTagKeysOnly',
        Effect: 'Allow',
        Action: ['iam:TagUser', 'iam:UntagUser'],
        Resource: 'arn:aws:iam::333333333333:user/*',
        Condition: {
          'ForAllValues:StringLike': { 'aws:TagKeys': ['iam-sweep:disabled-at', 'iam-sweep:key-disabled-at:*'] },
          Null: { 'aws:TagKeys': 'false' },
        },
      },
    ]);
  });

  test('deny every declared write to a user carrying the exclude tag with any value but a clear no', () => {
    // GIVEN the write actions the engine declares on users
    const userWrites = memberAccountPermissions()
      .filter((p) => p.resource === 'user' && p.access === 'write')
      .flatMap((p) => p.actions);

    // WHEN the cleanup role's policy is built with the exclude tag iam-sweep:exclude=true
    const policy = cleanupRolePermissionPolicy(documents);

    // THEN one Deny covers all of them on the account's users that carry the tag
    expect(userWrites).toEqual(expect.arrayContaining(['iam:DeleteUser', 'iam:DeleteAccessKey', 'iam:TagUser']));
    expect(policy.Statement.filter((statement) => statement.Effect === 'Deny')).toEqual([
      {
        Sid: 'NoWritesToExcludedUsers',
        Effect: 'Deny',
        Action: [...userWrites].sort(),
        Resource: 'arn:aws:iam::333333333333:user/*',
        Condition: {
          Null: { 'aws:ResourceTag/iam-sweep:exclude': 'false' },
          StringNotEqualsIgnoreCase: { 'aws:ResourceTag/iam-sweep:exclude': ['false', 'no', '0', 'off'] },
        },
      },
    ]);
  });

  test('deny writes by the configured exclude tag', () => {
    // GIVEN another exclude tag
    const excludeTag = { key: 'keep', value: 'Yes' };

    // WHEN the cleanup role's policy is built with it
    const deny = cleanupRolePermissionPolicy({ ...documents, excludeTag }).Statement.find((s) => s.Effect === 'Deny');

    // THEN the Deny tests that tag's key
    expect(deny?.Condition).toEqual({
      Null: { 'aws:ResourceTag/keep': 'false' },
      StringNotEqualsIgnoreCase: { 'aws:ResourceTag/keep': ['false', 'no', '0', 'off'] },
    });
  });

  test('follow the declarations when they change', () => {
    // GIVEN a declaration list with one unscoped action
    const permissions = [{ actions: ['cloudtrail:LookupEvents'], resource: '*' as const, access: 'read' as const }];

    // WHEN the policy is built from it
    const policy = cleanupRolePermissionPolicy({ ...documents, permissions });

    // THEN it grants that action and nothing else, and denies nothing since nothing writes to users
    expect(policy.Statement).toEqual([
      { Sid: 'NoResourceLevelPermissions', Effect: 'Allow', Action: ['cloudtrail:LookupEvents'], Resource: '*' },
    ]);
  });
});

describe('cleanup role trust policy', () => {
  test('admits only the orchestrator’s execution role, from inside the organization', () => {
    // GIVEN the orchestrator's account and organization
    // WHEN the trust policy is built
    const trust = cleanupRoleTrustPolicy(documents);

    // THEN its one statement names the orchestrator role and the organization
    expect(trust.Statement).toEqual([
      {
        Sid: 'OrchestratorOnly',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::222222222222:root' },
        Action: 'sts:AssumeRole',
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::222222222222:role/${ORCHESTRATOR_ROLE_NAME}` },
          StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
        },
      },
    ]);
  });
});

describe('cleanup role template', () => {
  const template = () =>
    JSON.parse(
      cleanupRoleTemplate({
        roleName: 'IamSweepRole',
        orchestratorAccountId: '222222222222',
        organizationId: 'o-a1b2c3d4e5',
        excludeTag: documents.excludeTag,
      }),
    );

  test('creates one named IAM role and nothing else', () => {
    // GIVEN a role name
    // WHEN the template is rendered
    const { Resources } = template();

    // THEN it holds one AWS::IAM::Role with that name
    expect(Object.values(Resources)).toEqual([
      expect.objectContaining({ Type: 'AWS::IAM::Role', Properties: expect.objectContaining({ RoleName: 'IamSweepRole' }) }),
    ]);
  });

  test('takes partition and account from CloudFormation pseudo parameters', () => {
    // GIVEN the template rendered for every member account
    // WHEN its permission policy is read
    const policy = template().Resources.CleanupRole.Properties.Policies[0].PolicyDocument;

    // THEN user ARNs are substituted per account by Fn::Sub
    const users = policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'IamUsers');
    expect(users.Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*' });
  });

  test('carries the same trust and permissions as the Terraform role', () => {
    // GIVEN the template and the documents for one account
    const role = template().Resources.CleanupRole.Properties;

    // WHEN the substitutions are resolved for that account
    const trust = resolvedForAccount(role.AssumeRolePolicyDocument, 'aws', '333333333333');
    const permissions = resolvedForAccount(role.Policies[0].PolicyDocument, 'aws', '333333333333');

    // THEN both documents equal those of the Terraform role
    expect(trust).toEqual(cleanupRoleTrustPolicy(documents));
    expect(permissions).toEqual(cleanupRolePermissionPolicy(documents));
  });
});

describe('cleanup role in the README', () => {
  test('is the policy rendered for account 333333333333 and the example configuration', () => {
    // GIVEN the README's rollout section
    const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
    const shown = /For account `333333333333` and the\s+example configuration, it is:\n\n```json\n([\s\S]*?)\n```/.exec(readme)?.[1];

    // WHEN the policy is rendered for that account from the example configuration
    const config = deployConfig();
    const rendered = cleanupRolePermissionPolicy({
      partition: config.partition,
      accountId: '333333333333',
      orchestratorAccountId: config.delegatedAdminAccountId,
      organizationId: config.organizationId,
      excludeTag: config.sweep.excludeTag,
    });

    // THEN the README shows it as it is
    expect(shown).toBeDefined();
    expect(JSON.parse(shown!)).toEqual(rendered);
  });
});
