import { Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationsResourcePolicy } from '@cdktf/provider-aws/lib/organizations-resource-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { cleanupRolePermissionPolicy, cleanupRoleTrustPolicy } from '../../stacks/cleanup-role';
import { ManagementStack } from '../../stacks/management-stack';
import { organizationReadStatements } from '../../stacks/organization-access';
import { declaredGrants, deployConfig, exampleConfigJson, grants, onlyResource, policyIn } from './support';

const synthManagement = (overrides: Record<string, unknown> = {}) =>
  Testing.synth(new ManagementStack(Testing.app(), 'management', { config: deployConfig(overrides) }));

describe('management stack', () => {
  test('lets the delegated-admin account read the organization: roots, OUs, accounts and tags', () => {
    // GIVEN the example configuration
    // WHEN the management stack is synthesized
    const synthesized = synthManagement();

    // THEN the organization's resource policy grants the orchestrator's read statements to the delegated-admin account
    expect(synthesized).toHaveResource(OrganizationsResourcePolicy);
    const policy = policyIn(onlyResource(synthesized, 'aws_organizations_resource_policy').content);
    const reads = organizationReadStatements({ partition: 'aws', organizationId: 'o-a1b2c3d4e5', managementAccountId: '111111111111' });
    expect(policy.Statement).toEqual(reads.map((statement) => ({ ...statement, Principal: { AWS: 'arn:aws:iam::222222222222:root' } })));
    expect(Object.fromEntries(grants(policy))).toEqual({
      'organizations:DescribeOrganization': ['*'],
      'organizations:ListRoots': ['*'],
      'organizations:ListAccountsForParent': [
        'arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-*',
        'arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-*',
      ],
      'organizations:ListOrganizationalUnitsForParent': [
        'arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-*',
        'arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-*',
      ],
      'organizations:ListTagsForResource': [
        'arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/*',
        'arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-*',
        'arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-*',
      ],
    });
  });

  test('registers the delegated-admin account for CloudFormation StackSets', () => {
    // GIVEN the example configuration
    // WHEN the management stack is synthesized
    const synthesized = synthManagement();

    // THEN the account is registered for the StackSets service principal
    expect(synthesized).toHaveResourceWithProperties(OrganizationsDelegatedAdministrator, {
      account_id: '222222222222',
      service_principal: 'member.org.stacksets.cloudformation.amazonaws.com',
    });
  });

  test('creates no cleanup role when the management account is not swept', () => {
    // GIVEN sweepManagementAccount false
    // WHEN the management stack is synthesized
    const synthesized = synthManagement({ sweepManagementAccount: false });

    // THEN there is no IAM role in it
    expect(synthesized).not.toHaveResource(IamRole);
    expect(synthesized).not.toHaveResource(IamRolePolicy);
  });

  test('creates the cleanup role, trusting only the orchestrator, when the management account is swept', () => {
    // GIVEN sweepManagementAccount true
    // WHEN the management stack is synthesized
    const synthesized = synthManagement({ sweepManagementAccount: true });

    // THEN the role has the configured name and the shared trust policy
    const role = onlyResource(synthesized, 'aws_iam_role');
    expect(role.name).toBe('IamSweepRole');
    expect(policyIn(role.assume_role_policy)).toEqual(
      cleanupRoleTrustPolicy({
        partition: 'aws',
        accountId: '111111111111',
        orchestratorAccountId: '222222222222',
        organizationId: 'o-a1b2c3d4e5',
        excludeTag: { key: 'iam-sweep:exclude', value: 'true' },
      }),
    );
  });

  test('grants the management account’s cleanup role exactly the declared actions on its own users', () => {
    // GIVEN sweepManagementAccount true
    // WHEN the management stack is synthesized
    const synthesized = synthManagement({ sweepManagementAccount: true });

    // THEN the role's policy grants the declared actions, scoped to the management account
    const policy = onlyResource(synthesized, 'aws_iam_role_policy');
    expect(Object.fromEntries(grants(policyIn(policy.policy)))).toEqual(Object.fromEntries(declaredGrants('aws', '111111111111')));
  });

  test('denies the management account’s cleanup role every write to a user carrying the configured exclude tag', () => {
    // GIVEN sweepManagementAccount true and the exclude tag keep=yes
    const sweep = { ...(exampleConfigJson().sweep as Record<string, unknown>), excludeTag: 'keep=yes' };

    // WHEN the management stack is synthesized
    const synthesized = synthManagement({ sweepManagementAccount: true, sweep });

    // THEN the role's policy is the shared one for that account and tag
    const policy = policyIn(onlyResource(synthesized, 'aws_iam_role_policy').policy);
    expect(policy).toEqual(
      cleanupRolePermissionPolicy({
        partition: 'aws',
        accountId: '111111111111',
        orchestratorAccountId: '222222222222',
        organizationId: 'o-a1b2c3d4e5',
        excludeTag: { key: 'keep', value: 'yes' },
      }),
    );
    expect(policy.Statement.find((statement) => statement.Effect === 'Deny')?.Condition).toEqual({
      Null: { 'aws:ResourceTag/keep': 'false' },
      StringNotEqualsIgnoreCase: { 'aws:ResourceTag/keep': ['false', 'no', '0', 'off'] },
    });
  });

  test('pins its provider to the management account with the configured profile', () => {
    // GIVEN a management profile
    // WHEN the management stack is synthesized
    const synthesized = synthManagement();

    // THEN the provider uses it and refuses any other account
    expect(synthesized).toHaveProviderWithProperties(AwsProvider, {
      profile: 'org-management',
      region: 'us-east-1',
      allowed_account_ids: ['111111111111'],
    });
  });

  test('assumes the configured deploy role', () => {
    // GIVEN a management deploy role
    const roleArn = 'arn:aws:iam::111111111111:role/OrganizationDeployer';

    // WHEN the management stack is synthesized
    const synthesized = synthManagement({ providers: { management: { roleArn }, sweep: { profile: 'iam-sweep-admin' } } });

    // THEN the provider assumes it
    expect(synthesized).toHaveProviderWithProperties(AwsProvider, {
      assume_role: [{ role_arn: roleArn, session_name: 'iam-sweep-deploy' }],
    });
  });
});
