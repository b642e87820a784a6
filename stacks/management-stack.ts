/**
 * The management stack (management account): registers the delegated-admin account for CloudFormation
 * StackSets (or checks that it is registered), checks the Identity Center delegation the Identity Center
 * sweep needs and, when the management account is swept, creates the cleanup role there (StackSets never
 * deploy to the management account). It never writes the organization's resource policy: with
 * `organizationReadAccess: append` it outputs the statements to merge into it.
 */
import type { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { DataAwsOrganizationsDelegatedAdministrators } from '@cdktf/provider-aws/lib/data-aws-organizations-delegated-administrators';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { sweepAwsProvider } from './aws-provider';
import { CleanupRole } from './cleanup-role';
import type { DeployConfig } from './deploy-config';
import { IDENTITY_CENTER_SERVICE_PRINCIPAL, STACKSETS_SERVICE_PRINCIPAL, organizationReadStatements } from './organization-access';
import type { PolicyStatement } from './policy-document';
import { sweepStateBackend } from './state-backend';

export interface ManagementStackProps {
  /** The validated deploy configuration (see loadDeployConfig). Required; there is no default. */
  config: DeployConfig;
}

/** The Terraform output that carries the statements to merge into the organization's resource policy. */
export const ORGANIZATION_READ_OUTPUT = 'organization_read_statements';

/**
 * The statements that let the delegated-admin account read what the orchestrator reads, as resource-policy
 * statements with the account as principal: for the operator to merge into the organization's one policy.
 */
export function organizationReadDelegation(config: DeployConfig): PolicyStatement[] {
  const principal = `arn:${config.partition}:iam::${config.delegatedAdminAccountId}:root`;
  return organizationReadStatements({
    partition: config.partition,
    organizationId: config.organizationId,
    managementAccountId: config.managementAccountId,
  }).map(({ Sid, Effect, ...grant }) => ({ Sid: `IamSweep${Sid}`, Effect, Principal: { AWS: principal }, ...grant }));
}

/** The resource policy that versions before issue 16 wrote, replacing the organization's. */
const LEGACY_RESOURCE_POLICY = 'aws_organizations_resource_policy.organization-read-delegation';
const STACKSETS_REGISTRATION_ID = 'stacksets-delegated-admin';

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
      tags: config.tags,
    });
    sweepStateBackend(this, id, config.stateBackend);

    // An organization has one resource policy; a resource here would replace it on create and delete it on
    // destroy. The registration below already lets the account make every read the orchestrator makes.
    // Earlier versions wrote the policy: their state lets go of it, and the policy stays as it is.
    const forget = [LEGACY_RESOURCE_POLICY];
    if (config.organizationReadAccess === 'append') {
      new TerraformOutput(this, ORGANIZATION_READ_OUTPUT, {
        description:
          'Statements to add to the organization resource policy (aws organizations describe-resource-policy), ' +
          'keeping the statements it has: iam-sweep does not write that policy',
        value: JSON.stringify(organizationReadDelegation(config)),
      });
    }

    if (config.stackSetsDelegatedAdmin === 'register') {
      new OrganizationsDelegatedAdministrator(this, STACKSETS_REGISTRATION_ID, {
        accountId: config.delegatedAdminAccountId,
        servicePrincipal: STACKSETS_SERVICE_PRINCIPAL,
      });
    } else {
      // Registered by someone else (Control Tower, LZA, AFT): this stack must neither register nor, on
      // destroy, deregister it, as every other StackSet administered from that account depends on it.
      // A registration this stack made or imported earlier is let go of, not deregistered.
      forget.push(`${OrganizationsDelegatedAdministrator.tfResourceType}.${STACKSETS_REGISTRATION_ID}`);
      this.requireDelegatedAdministrator(config, 'stacksets-delegated-admin-check', STACKSETS_SERVICE_PRINCIPAL, 'stackSetsDelegatedAdmin');
    }

    if (config.sweep.identityCenter) {
      // The orchestrator sweeps Identity Center from its own account, which works only as Identity
      // Center's delegated administrator. Registering it is the Identity Center console's job (one
      // delegated administrator per organization, often set up already), so the stack only checks.
      this.requireDelegatedAdministrator(config, 'identity-center-delegated-admin-check', IDENTITY_CENTER_SERVICE_PRINCIPAL, 'sweep.identityCenter');
    }

    // Terraform 1.7 `removed` blocks (cdktf 0.21 has no construct for them); one whose resource is not in
    // state does nothing.
    this.addOverride('removed', forget.map((from) => ({ from, lifecycle: { destroy: false } })));

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

  /** Reads the delegated administrators of a service; plan fails unless the delegated-admin account is one. */
  private requireDelegatedAdministrator(config: DeployConfig, id: string, servicePrincipal: string, becauseOf: string): void {
    const account = config.delegatedAdminAccountId;
    new DataAwsOrganizationsDelegatedAdministrators(this, id, {
      servicePrincipal,
      lifecycle: {
        postcondition: [
          {
            condition: `\${contains(self.delegated_administrators[*].id, "${account}")}`,
            errorMessage:
              `Account ${account} (delegatedAdminAccountId) is not a delegated administrator for ${servicePrincipal}, ` +
              `which ${becauseOf} requires: register it from the management account ` +
              `(aws organizations register-delegated-administrator --account-id ${account} --service-principal ${servicePrincipal})` +
              (becauseOf === 'stackSetsDelegatedAdmin' ? ', or set stackSetsDelegatedAdmin to "register"' : ', or in the Identity Center console'),
          },
        ],
      },
    });
  }
}
