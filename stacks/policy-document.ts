/**
 * IAM policy documents, and the statements that grant declared permissions: each resource scope rendered as
 * the ARN pattern of its resource type (Service Authorization Reference), statements merged by resources.
 * Pure: the stacks pass Terraform tokens or CloudFormation substitutions, tests pass literal values.
 */
import { scopesOf } from '../lambdas/aws/permissions';
import { BACKUP_PREFIX, REPORT_PREFIX, RUN_PREFIX, STATE_PREFIX } from '../lambdas/aws/report-bucket-layout';
import type { Permission, ResourceScope, ServiceCalls } from '../lambdas/engine/types';

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
  /** Required by `cleanup-role` (with `organization`): its name in every swept account. */
  cleanupRoleName?: string;
  /** The resources the sweep stack creates, each required by its scope: Terraform references in the stack. */
  resources?: StackResources;
}

/** ARNs of what the sweep stack creates beside the orchestrator. */
export interface StackResources {
  /** `report-topic` */
  reportTopic?: string;
  /** `failed-invocations-queue`: the orchestrator's on-failure destination. */
  failedInvocationsQueue?: string;
  /** `orchestrator-log-streams`: the log group, without the `:*` suffix. */
  orchestratorLogGroup?: string;
  /** `orchestrator-function` */
  orchestratorFunction?: string;
  /** `schedule-dead-letter-queue` */
  scheduleDeadLetterQueue?: string;
  /** `state-machine`: the Step Functions engine's state machine. */
  stateMachine?: string;
  /** `state-machine-execution`: its executions' ARN prefix (`arn:…:execution:<name>`). */
  stateMachineExecutions?: string;
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
  runs: 'RunParts',
  'restore-role': 'AdminRole',
  'cleanup-role': 'CleanupRoleInOrganization',
  'report-topic': 'ReportTopic',
  'failed-invocations-queue': 'FailedInvocationsQueue',
  'orchestrator-log-streams': 'OrchestratorLogStreams',
  'orchestrator-function': 'Orchestrator',
  'schedule-dead-letter-queue': 'ScheduleDeadLetterQueue',
  'state-machine': 'StateMachine',
  'state-machine-execution': 'StateMachineExecutions',
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
  const created = (resource: keyof StackResources): string => {
    const arn = where.resources?.[resource];
    if (arn === undefined) throw new Error(`the resource scope ${scope} needs resources.${resource} to be rendered`);
    return arn;
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
    case 'runs':
      return `${need('reportBucketArn')}/${RUN_PREFIX}*`;
    case 'restore-role':
      return `arn:${partition}:iam::${need('accountId')}:role/${need('restoreRoleName')}`;
    // Any account: scopeCondition keeps it to the organization's.
    case 'cleanup-role':
      need('organization');
      return `arn:${partition}:iam::*:role/${need('cleanupRoleName')}`;
    case 'report-topic':
      return created('reportTopic');
    case 'failed-invocations-queue':
      return created('failedInvocationsQueue');
    case 'orchestrator-log-streams':
      return `${created('orchestratorLogGroup')}:log-stream:*`;
    case 'orchestrator-function':
      return created('orchestratorFunction');
    case 'schedule-dead-letter-queue':
      return created('scheduleDeadLetterQueue');
    case 'state-machine':
      return created('stateMachine');
    // Its executions and the child executions of its Distributed Maps (`<prefix>:<name>`, `<prefix>/<map run>:<id>`).
    case 'state-machine-execution':
      return `${created('stateMachineExecutions')}*`;
    case '*':
      return '*';
  }
}

const instanceId = (where: ArnContext) => where.identityCenter?.instanceArn.split('/')[1];

type Condition = NonNullable<PolicyStatement['Condition']>;

/** What the ARN pattern of a scope cannot say: the organization of the cleanup role's account. */
export function scopeCondition(scope: ResourceScope, where: ArnContext): Condition | undefined {
  if (scope !== 'cleanup-role') return undefined;
  const organization = where.organization;
  if (!organization) throw new Error('the resource scope cleanup-role needs organization to be rendered');
  return { StringEquals: { 'aws:ResourceOrgID': organization.id } };
}

/** Conditions joined: every test of every one must hold. */
function allOf(conditions: readonly (Condition | undefined)[]): Condition | undefined {
  const joined: Condition = {};
  for (const condition of conditions) {
    for (const [operator, tests] of Object.entries(condition ?? {})) joined[operator] = { ...joined[operator], ...tests };
  }
  return Object.keys(joined).length > 0 ? joined : undefined;
}

/** The declared actions once each, sorted: one as a string, as a statement written by hand would have it. */
export function actionsOf(permissions: readonly Pick<Permission, 'actions'>[]): string | string[] {
  const actions = [...new Set(permissions.flatMap((permission) => permission.actions))].sort();
  return actions.length === 1 ? actions[0] : actions;
}

/** A trust policy's statement: the principal may assume the role with the declared actions, on the condition given. */
export function trustStatement(
  Sid: string,
  Principal: PolicyStatement['Principal'],
  permissions: readonly Pick<Permission, 'actions'>[],
  Condition?: Condition,
): PolicyStatement {
  return { Sid, Effect: 'Allow', Principal, Action: actionsOf(permissions), ...(Condition ? { Condition } : {}) };
}

/** The trust policy of the role a service is given: the service may assume it as it declares, on the condition given. */
export function serviceTrustPolicy(Sid: string, service: ServiceCalls, Condition?: Condition): PolicyDocument {
  if (!service.assumeRole) throw new Error(`${service.servicePrincipal} is declared to assume no role`);
  return { Version: '2012-10-17', Statement: [trustStatement(Sid, { Service: service.servicePrincipal }, [service.assumeRole], Condition)] };
}

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
      const condition = allOf([
        ...scopes.map((scope) => scopeCondition(scope, where)),
        tagKeys && onlyTagKeys(tagKeys),
        prefixes && { StringLike: { 's3:prefix': [...prefixes] } },
      ]);
      return {
        Sid: `${sidPrefix}${scopes.map((scope) => SCOPE_NAME[scope]).join('')}${tagKeys ? 'OwnTagKeysOnly' : ''}${prefixes ? 'Prefixes' : ''}`,
        Effect: 'Allow' as const,
        Action: [...actions].sort(),
        Resource: resources.length === 1 ? resources[0] : resources,
        ...(condition ? { Condition: condition } : {}),
      };
    });
}
