import { Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationsResourcePolicy } from '@cdktf/provider-aws/lib/organizations-resource-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { cleanupRolePermissionPolicy, cleanupRoleTrustPolicy } from '../../stacks/cleanup-role';
import { ManagementStack, ORGANIZATION_READ_OUTPUT } from '../../stacks/management-stack';
import type { PolicyStatement } from '../../stacks/policy-document';
import { organizationReadStatements } from '../../stacks/organization-access';
import { declaredGrants, deployConfig, exampleConfigJson, grants, onlyResource, policyIn } from './support';

/** The single data source of a type, failing when there is not exactly one. */
function onlyDataSource(synthesized: string, type: string): Record<string, unknown> {
  const found = Object.values((JSON.parse(synthesized).data ?? {})[type] ?? {}) as Record<string, unknown>[];
  if (found.length !== 1) throw new Error(`expected one ${type} data source, found ${found.length}`);
  return found[0];
}

const synthManagement = (overrides: Record<string, unknown> = {}) =>
  Testing.synth(new ManagementStack(Testing.app(), 'management', { config: deployConfig(overrides) }));

describe('management stack', () => {
  test('writes no organization resource policy by default: the delegation lets the account read', () => {
    // GIVEN the example configuration (organizationReadAccess not set: none)
    // WHEN the management stack is synthesized
    const synthesized = synthManagement();

    // THEN no resource policy replaces the organization's, and no statements are output
    expect(synthesized).not.toHaveResource(OrganizationsResourcePolicy);
    expect(JSON.parse(synthesized).output).toBeUndefined();
  });

  test('with organizationReadAccess append, outputs the statements to merge and still writes no policy', () => {
    // GIVEN organizationReadAccess: append
    // WHEN the management stack is synthesized
    const synthesized = synthManagement({ organizationReadAccess: 'append' });

    // THEN the organization's policy is left alone
    expect(synthesized).not.toHaveResource(OrganizationsResourcePolicy);
    // AND an output holds the orchestrator's read statements with the delegated-admin account as principal
    const statements = JSON.parse(JSON.parse(synthesized).output[ORGANIZATION_READ_OUTPUT].value) as PolicyStatement[];
    const reads = organizationReadStatements({ partition: 'aws', organizationId: 'o-a1b2c3d4e5', managementAccountId: '111111111111' });
    expect(statements).toEqual(
      reads.map(({ Sid, ...statement }) => ({ ...statement, Sid: `IamSweep${Sid}`, Principal: { AWS: 'arn:aws:iam::222222222222:root' } })),
    );
    expect(Object.fromEntries(grants({ Version: '2012-10-17', Statement: statements }))).toEqual({
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

  test('lets go of the resource policy earlier versions wrote, without deleting it', () => {
    // GIVEN the example configuration
    // WHEN the management stack is synthesized
    const { removed } = JSON.parse(synthManagement()) as { removed: unknown[] };

    // THEN a removed block drops the earlier resource from state and keeps the organization's policy
    expect(removed).toEqual([{ from: 'aws_organizations_resource_policy.organization-read-delegation', lifecycle: { destroy: false } }]);
  });

  test('with stackSetsDelegatedAdmin existing, lets go of an earlier registration instead of deregistering it', () => {
    // GIVEN stackSetsDelegatedAdmin: existing, where state may hold the registration an earlier deploy made or imported
    // WHEN the management stack is synthesized
    const { removed } = JSON.parse(synthManagement({ stackSetsDelegatedAdmin: 'existing' })) as { removed: unknown[] };

    // THEN the registration leaves state with destroy false: Terraform does not deregister the account
    expect(removed).toContainEqual({ from: 'aws_organizations_delegated_administrator.stacksets-delegated-admin', lifecycle: { destroy: false } });
  });

  test('with stackSetsDelegatedAdmin existing, neither registers nor could deregister, and checks the registration at plan', () => {
    // GIVEN stackSetsDelegatedAdmin: existing (Control Tower registered the account already)
    // WHEN the management stack is synthesized
    const synthesized = synthManagement({ stackSetsDelegatedAdmin: 'existing' });

    // THEN there is no registration resource that a destroy would delete
    expect(synthesized).not.toHaveResource(OrganizationsDelegatedAdministrator);
    // AND a data source fails the plan unless the account is a delegated administrator for StackSets
    const check = onlyDataSource(synthesized, 'aws_organizations_delegated_administrators');
    expect(check.service_principal).toBe('member.org.stacksets.cloudformation.amazonaws.com');
    expect(check.lifecycle).toEqual({
      postcondition: [
        {
          condition: '${contains(self.delegated_administrators[*].id, "222222222222")}',
          error_message: expect.stringContaining('aws organizations register-delegated-administrator --account-id 222222222222'),
        },
      ],
    });
  });

  test('checks, without registering, that the account is Identity Center\'s delegated administrator when it sweeps Identity Center', () => {
    // GIVEN sweep.identityCenter true, then the example (off)
    const withIdentityCenter = {
      sweep: { ...(exampleConfigJson().sweep as Record<string, unknown>), identityCenter: true },
      identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef',
      identityStoreId: 'd-0123456789',
    };

    // WHEN the management stack is synthesized
    const checks = (synthesized: string) =>
      Object.values((JSON.parse(synthesized).data ?? {}).aws_organizations_delegated_administrators ?? {}) as Record<string, unknown>[];

    // THEN only the first reads the delegated administrators of sso.amazonaws.com, with a postcondition on the account
    const [check, ...others] = checks(synthManagement(withIdentityCenter));
    expect(others).toEqual([]);
    expect(check).toMatchObject({
      service_principal: 'sso.amazonaws.com',
      lifecycle: { postcondition: [{ condition: '${contains(self.delegated_administrators[*].id, "222222222222")}' }] },
    });
    expect(synthManagement(withIdentityCenter)).toHaveResourceWithProperties(OrganizationsDelegatedAdministrator, {
      service_principal: 'member.org.stacksets.cloudformation.amazonaws.com',
    });
    expect(checks(synthManagement())).toEqual([]);
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
