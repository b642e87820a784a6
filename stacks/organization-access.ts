/** What the orchestrator may read of AWS Organizations, granted twice: by its own role, and by the organization. */
import { organizationPermissions } from '../lambdas/aws/organizations';
import { allowStatements, type PolicyStatement } from './policy-document';

export interface OrganizationReadProps {
  partition: string;
  organizationId: string;
  /** Organizations ARNs carry the management account. */
  managementAccountId: string;
}

/**
 * Statements that allow reading the organization: `*` for DescribeOrganization and ListRoots, which have no
 * resource types, the organization's roots, OUs and accounts for the rest. Statement ids start `ReadOrganization`.
 */
export function organizationReadStatements(props: OrganizationReadProps): PolicyStatement[] {
  const where = { partition: props.partition, organization: { id: props.organizationId, managementAccountId: props.managementAccountId } };
  return allowStatements(organizationPermissions, where, 'ReadOrganization');
}

/** The service principal a delegated administrator for CloudFormation StackSets is registered for. */
export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/** The service principal of IAM Identity Center, whose delegated administrator the Identity Center sweep runs in. */
export const IDENTITY_CENTER_SERVICE_PRINCIPAL = 'sso.amazonaws.com';
