/**
 * IAM policy documents, and the statements that grant declared permissions: each resource scope rendered as
 * the ARN pattern of its resource type (Service Authorization Reference), statements merged by resources.
 * Pure: the stacks pass Terraform tokens or CloudFormation substitutions, tests pass literal values.
 */
import { scopesOf } from '../lambdas/aws/permissions';
import { BACKUP_PREFIX, REPORT_PREFIX, STATE_PREFIX } from '../lambdas/aws/report-bucket-layout';
import type { Permission, ResourceScope } from '../lambdas/engine/types';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Record<string, string | string[]>;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** Where the calls are made: what the ARN patterns of the scopes are built from. */
export interface ArnContext {
  /** Partition of every ARN, e.g. aws. */
  partition: string;
  /** Account the IAM calls go to. Required by the IAM scopes and `restore-role`. */
  accountId?: string;
  /** Required by the Organizations scopes: their ARNs carry the management account and organization id. */
  organization?: { id: string; managementAccountId: string };
  /** Required by `backups`. */
  reportBucketArn?: string;
  /** Required by `restore-role`: the role restore assumes in the user's account. */
  restoreRoleName?: string;
  /**
   * The one Identity Center instance and identity store the calls may touch; without it, the Identity
   * Center scopes cover every instance and store (found at run time by ListInstances).
   */
  identityCenter?: { instanceArn: string; identityStoreId: string };
}

/** Statement id words of each scope: `IamUsers`, `SsoInstances`… */
const SCOPE_NAME: Record<ResourceScope, string> = {
  user: 'IamUsers',
  group: 'IamGroups',
  mfa: 'IamMfaDevices',
  role: 'IamRoles',
  'sso-instance': 'SsoInstances',
  'sso-permission-set': 'SsoPermissionSets',
  'sso-account': 'SsoAccounts',
  'identity-store': 'IdentityStores',
  'identity-store-user': 'IdentityStoreUsers',
  'identity-store-group': 'IdentityStoreGroups',
  'identity-store-membership': 'IdentityStoreMemberships',
  'organization-root': 'Roots',
  'organization-ou': 'OrganizationalUnits',
  'organization-account': 'Accounts',
  'report-bucket': 'ReportBucket',
  reports: 'RunReports',
  backups: 'ReportBackups',
  state: 'RunState',
  'restore-role': 'AdminRole',
  '*': 'NoResourceLevelPermissions',
};

/** The ARN pattern of every resource of the scope where the calls are made; throws when `where` lacks what it needs. */
export function scopeArn(scope: ResourceScope, where: ArnContext): string {
  const { partition } = where;
  const need = <K extends keyof ArnContext>(field: K): NonNullable<ArnContext[K]> => {
    const value = where[field];
    if (value === undefined) throw new Error(`the resource scope ${scope} needs ${field} to be rendered`);
    return value as NonNullable<ArnContext[K]>;
  };
  const inOrganization = (path: (organizationId: string) => string) => {
    const { id, managementAccountId } = need('organization');
    return `arn:${partition}:organizations::${managementAccountId}:${path(id)}`;
  };
  switch (scope) {
    case 'user':
    case 'group':
    case 'mfa':
    case 'role':
      return `arn:${partition}:iam::${need('accountId')}:${scope}/*`;
    // Instance and permission set ARNs name no account.
    case 'sso-instance':
      return where.identityCenter?.instanceArn ?? `arn:${partition}:sso:::instance/*`;
    // `ssoins-…` / `ps-…`
    case 'sso-permission-set':
      return `arn:${partition}:sso:::permissionSet/${instanceId(where) ?? '*'}/*`;
    case 'sso-account':
      return `arn:${partition}:sso:::account/*`;
    // The store's ARN carries the account that owns the instance, which may not be the one the calls come from.
    case 'identity-store':
      return `arn:${partition}:identitystore::*:identitystore/${where.identityCenter?.identityStoreId ?? '*'}`;
    case 'identity-store-user':
      return `arn:${partition}:identitystore:::user/*`;
    case 'identity-store-group':
      return `arn:${partition}:identitystore:::group/*`;
    case 'identity-store-membership':
      return `arn:${partition}:identitystore:::membership/*`;
    case 'organization-root':
      return inOrganization((id) => `root/${id}/r-*`);
    case 'organization-ou':
      return inOrganization((id) => `ou/${id}/ou-*`);
    case 'organization-account':
      return inOrganization((id) => `account/${id}/*`);
    case 'report-bucket':
      return need('reportBucketArn');
    case 'reports':
      return `${need('reportBucketArn')}/${REPORT_PREFIX}*`;
    case 'backups':
      return `${need('reportBucketArn')}/${BACKUP_PREFIX}*`;
    case 'state':
      return `${need('reportBucketArn')}/${STATE_PREFIX}*`;
    case 'restore-role':
      return `arn:${partition}:iam::${need('accountId')}:role/${need('restoreRoleName')}`;
    case '*':
      return '*';
  }
}

const instanceId = (where: ArnContext) => where.identityCenter?.instanceArn.split('/')[1];

/**
 * `ForAllValues` holds when the request names no tag keys at all, so the `Null` test insists that it names
 * some: a tagging call may then write or remove only the declared keys.
 */
export const onlyTagKeys = (tagKeys: readonly string[]): PolicyStatement['Condition'] => ({
  'ForAllValues:StringLike': { 'aws:TagKeys': [...tagKeys] },
  Null: { 'aws:TagKeys': 'false' },
});

/**
 * One Allow statement per set of resources (and per tag-key limit), granting the declared actions on the
 * ARN patterns of their scopes. Statement ids are `sidPrefix` and the scopes' names.
 */
export function allowStatements(permissions: readonly Permission[], where: ArnContext, sidPrefix = ''): PolicyStatement[] {
  type Entry = { scopes: ResourceScope[]; tagKeys?: readonly string[]; prefixes?: readonly string[]; actions: Set<string> };
  const statements = new Map<string, Entry>();
  for (const permission of permissions) {
    const scopes = scopesOf(permission);
    const { tagKeys, prefixes } = permission;
    const key = JSON.stringify([scopes, tagKeys ?? [], prefixes ?? []]);
    const entry = statements.get(key) ?? { scopes, tagKeys, prefixes, actions: new Set<string>() };
    permission.actions.forEach((action) => entry.actions.add(action));
    statements.set(key, entry);
  }
  const order = ({ scopes, tagKeys, prefixes }: Entry) => [...scopes, ...(tagKeys ?? []), ...(prefixes ?? [])].join(' ');
  return [...statements.values()]
    .sort((a, b) => (order(a) < order(b) ? -1 : 1))
    .map(({ scopes, tagKeys, prefixes, actions }) => {
      const resources = scopes.map((scope) => scopeArn(scope, where));
      const condition = {
        ...(tagKeys ? onlyTagKeys(tagKeys) : {}),
        ...(prefixes ? { StringLike: { 's3:prefix': [...prefixes] } } : {}),
      };
      return {
        Sid: `${sidPrefix}${scopes.map((scope) => SCOPE_NAME[scope]).join('')}${tagKeys ? 'OwnTagKeysOnly' : ''}${prefixes ? 'Prefixes' : ''}`,
        Effect: 'Allow' as const,
        Action: [...actions].sort(),
        Resource: resources.length === 1 ? resources[0] : resources,
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      };
    });
}
