/**
 * Discovering the accounts to sweep: a walk down the organization from its roots, so that every
 * account's ancestry (and the opt-out tags on it) is known without a ListParents call per account, then
 * the accounts' own tags.
 */
import {
  DescribeOrganizationCommand,
  OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  paginateListTagsForResource,
} from '@aws-sdk/client-organizations';
import type { Permission, PlacedAccount } from '../engine/types';

/** What the walk below reads; DescribeOrganization and ListRoots have no resource types. */
export const organizationPermissions: readonly Permission[] = [
  { actions: ['organizations:DescribeOrganization', 'organizations:ListRoots'], resource: '*', access: 'read' },
  {
    actions: ['organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'],
    resource: ['organization-root', 'organization-ou'],
    access: 'read',
  },
  // Tags of the roots and OUs on the way down, and of each account.
  {
    actions: ['organizations:ListTagsForResource'],
    resource: ['organization-root', 'organization-ou', 'organization-account'],
    access: 'read',
  },
];

export interface OrganizationInfo {
  id: string;
  managementAccountId: string;
}

/**
 * Organizations pages at most 20 results. Each listing gets a fresh input object and sets its page size
 * through the paginator's `pageSize`: the SDK's paginators write their NextToken into the input they are
 * given, so a shared input carries one listing's token into another listing (InvalidInputException), and
 * a module-level one into the next invocation of a warm Lambda.
 */
const PAGE_SIZE = 20;

export async function describeOrganization(org: OrganizationsClient): Promise<OrganizationInfo> {
  const { Organization } = await org.send(new DescribeOrganizationCommand({}));
  if (!Organization?.Id || !Organization.MasterAccountId) throw new Error('DescribeOrganization returned no organization');
  return { id: Organization.Id, managementAccountId: Organization.MasterAccountId };
}

async function tagsOf(org: OrganizationsClient, resourceId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource({ client: org }, { ResourceId: resourceId })) {
    for (const tag of page.Tags ?? []) tags[tag.Key!] = tag.Value ?? '';
  }
  return tags;
}

export interface WalkedOrganization {
  accounts: PlacedAccount[];
  /** The ids of the roots and of every OU. */
  parentIds: string[];
}

/**
 * Every account of the organization with its ancestry, without the accounts' own tags (readAccountTags):
 * the walk is a few pages per OU, the tags one call per account.
 */
export async function walkOrganization(org: OrganizationsClient): Promise<WalkedOrganization> {
  const placed: PlacedAccount[] = [];
  const parentIds: string[] = [];
  const visit = async (parentId: string, ancestors: PlacedAccount['ancestors']): Promise<void> => {
    parentIds.push(parentId);
    for await (const page of paginateListAccountsForParent({ client: org, pageSize: PAGE_SIZE }, { ParentId: parentId })) {
      for (const a of page.Accounts ?? []) {
        placed.push({
          id: a.Id!,
          name: a.Name ?? '',
          email: a.Email ?? '',
          state: a.State ?? a.Status ?? 'UNKNOWN',
          ancestors,
        });
      }
    }
    const children = [];
    for await (const page of paginateListOrganizationalUnitsForParent({ client: org, pageSize: PAGE_SIZE }, { ParentId: parentId })) {
      children.push(...(page.OrganizationalUnits ?? []));
    }
    for (const ou of children) {
      await visit(ou.Id!, [{ id: ou.Id!, name: ou.Name ?? '', tags: await tagsOf(org, ou.Id!) }, ...ancestors]);
    }
  };
  for await (const page of paginateListRoots({ client: org, pageSize: PAGE_SIZE }, {})) {
    for (const root of page.Roots ?? []) {
      await visit(root.Id!, [{ id: root.Id!, name: root.Name ?? 'Root', tags: await tagsOf(org, root.Id!) }]);
    }
  }
  return { accounts: placed, parentIds };
}

/** Reads the account's own tags into it. */
export async function readAccountTags(org: OrganizationsClient, account: PlacedAccount): Promise<void> {
  account.tags = await tagsOf(org, account.id);
}

/** The organization as discovery reads it, bound to the caller's Organizations client. */
export class OrganizationReader {
  constructor(private readonly org: OrganizationsClient) {}

  describe = () => describeOrganization(this.org);
  walk = () => walkOrganization(this.org);
  /** Reads the account's own tags into it. */
  readAccountTags = (account: PlacedAccount) => readAccountTags(this.org, account);
}
