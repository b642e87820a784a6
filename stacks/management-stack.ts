/**
 * The management stack (management account): lets the delegated-admin account read the organization,
 * registers it as delegated administrator for CloudFormation StackSets and, when the management account
 * is swept, creates the cleanup role there (StackSets never deploy to the management account).
 */
import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationsResourcePolicy } from '@cdktf/provider-aws/lib/organizations-resource-policy';
import { sweepAwsProvider } from './aws-provider';
import { CleanupRole } from './cleanup-role';
import type { DeployConfig } from './deploy-config';
import { STACKSETS_SERVICE_PRINCIPAL, organizationReadStatements } from './organization-access';

export interface ManagementStackProps {
  /** The validated deploy configuration (see loadDeployConfig). Required; there is no default. */
  config: DeployConfig;
}

export class ManagementStack extends TerraformStack {
  /** Set when config.sweepManagementAccount is true. */
  readonly cleanupRole?: CleanupRole;

  constructor(scope: Construct, id: string, props: ManagementStackProps) {
    super(scope, id);
    const { config } = props;

    sweepAwsProvider(this, 'aws', {
      credentials: config.providers.management,
      accountId: config.managementAccountId,
      region: config.homeRegion,
    });

    const delegatedAdmin = `arn:${config.partition}:iam::${config.delegatedAdminAccountId}:root`;
    const readStatements = organizationReadStatements({
      partition: config.partition,
      organizationId: config.organizationId,
      managementAccountId: config.managementAccountId,
    });
    new OrganizationsResourcePolicy(this, 'organization-read-delegation', {
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: readStatements.map(({ Sid, Effect, ...grant }) => ({ Sid, Effect, Principal: { AWS: delegatedAdmin }, ...grant })),
      }),
    });

    new OrganizationsDelegatedAdministrator(this, 'stacksets-delegated-admin', {
      accountId: config.delegatedAdminAccountId,
      servicePrincipal: STACKSETS_SERVICE_PRINCIPAL,
    });

    if (config.sweepManagementAccount) {
      this.cleanupRole = new CleanupRole(this, 'cleanup-role', {
        roleName: config.sweep.roleName,
        accountId: config.managementAccountId,
        partition: config.partition,
        orchestratorAccountId: config.delegatedAdminAccountId,
        organizationId: config.organizationId,
        excludeTag: config.sweep.excludeTag,
        operatorPrincipalArns: config.operatorPrincipalArns,
      });
    }
  }
}
