import { Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationsResourcePolicy } from '@cdktf/provider-aws/lib/organizations-resource-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { cleanupRoleTrustPolicy } from '../../stacks/cleanup-role';
import { ManagementStack } from '../../stacks/management-stack';
import { ORGANIZATIONS_READ_ACTIONS } from '../../stacks/organization-access';
import { declaredGrants, deployConfig, grants, onlyResource, policyIn } from './support';

const synthManagement = (overrides: Record<string, unknown> = {}) =>
  Testing.synth(new ManagementStack(Testing.app(), 'management', { config: deployConfig(overrides) }));

describe('management stack', () => {
  test('lets the delegated-admin account read accounts, OUs, parents and tags', () => {
    // GIVEN the example configuration
    // WHEN the management stack is synthesized
    const synthesized = synthManagement();

    // THEN the organization's resource policy grants the read actions to the delegated-admin account
    expect(synthesized).toHaveResource(OrganizationsResourcePolicy);
    const policy = policyIn(onlyResource(synthesized, 'aws_organizations_resource_policy').content);
    expect(policy.Statement).toEqual([
      {
        Sid: 'IamSweepReadOrganization',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::222222222222:root' },
        Action: [...ORGANIZATIONS_READ_ACTIONS],
        Resource: '*',
      },
    ]);
    expect(ORGANIZATIONS_READ_ACTIONS).toEqual(
      expect.arrayContaining([
        'organizations:ListAccounts',
        'organizations:ListOrganizationalUnitsForParent',
        'organizations:ListParents',
        'organizations:ListTagsForResource',
      ]),
    );
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
