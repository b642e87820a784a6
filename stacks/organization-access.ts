/** What the orchestrator reads from AWS Organizations: accounts, OUs, parents and tags. */
export const ORGANIZATIONS_READ_ACTIONS = [
  'organizations:DescribeAccount',
  'organizations:DescribeOrganization',
  'organizations:DescribeOrganizationalUnit',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListChildren',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListParents',
  'organizations:ListRoots',
  'organizations:ListTagsForResource',
] as const;

/** The service principal a delegated administrator for CloudFormation StackSets is registered for. */
export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';
