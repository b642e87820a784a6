/**
 * Reads and validates a scenario once, at the boundary, so that a bad one fails with a message
 * naming the field (`accounts[2].users[0].created: invalid time "yesterday" ...`) instead of
 * misbehaving during a run.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_PARTITION, isPartition, PARTITIONS, type Partition } from './partition';
import { CERTIFICATE, resolveTime, SSH_PUBLIC_KEY, type Faults, type IdentityCenterSpec, type Scenario } from './scenario';
import { STORED_USER_ATTRIBUTES, SUPPORTED_EXTENSIONS } from './identity-center';

export class ScenarioError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScenarioError';
  }
}

type Obj = Record<string, unknown>;

const ACCOUNT_ID = /^\d{12}$/;
/** Id constraints of the IAM model, so a scenario cannot hold an id that IAM calls would then reject. */
const IAM_IDS = {
  accessKey: { pattern: /^\w{16,128}$/, hint: 'access key ids are 16-128 of A-Z a-z 0-9 _' },
  sshPublicKey: { pattern: /^\w{20,128}$/, hint: 'SSH public key ids are 20-128 of A-Z a-z 0-9 _' },
  signingCertificate: { pattern: /^\w{24,128}$/, hint: 'signing certificate ids are 24-128 of A-Z a-z 0-9 _' },
  serviceSpecificCredential: { pattern: /^\w{20,128}$/, hint: 'service-specific credential ids are 20-128 of A-Z a-z 0-9 _' },
  mfaSerial: { pattern: /^[\w+=/:,.@-]{9,256}$/, hint: 'MFA serial numbers are 9-256 of A-Z a-z 0-9 +=/:,.@_-' },
};
const ACCOUNT_STATES = ['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'];
const CREDENTIAL_STATUSES = ['Active', 'Inactive'];

function fail(path: string, problem: string): never {
  throw new ScenarioError(`${path || 'scenario'}: ${problem}`);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function object(value: unknown, path: string, allowed: readonly string[]): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, `must be an object, got ${show(value)}`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(path ? `${path}.${key}` : key, `unknown field (known: ${allowed.join(', ')})`);
  }
  return value as Obj;
}

function string(value: unknown, path: string, pattern?: RegExp, hint?: string): string {
  if (typeof value !== 'string' || value === '') fail(path, `must be a non-empty string, got ${show(value)}`);
  if (pattern && !pattern.test(value)) fail(path, `invalid value ${show(value)}${hint ? ` (${hint})` : ''}`);
  return value;
}

function optionalString(value: unknown, path: string, pattern?: RegExp, hint?: string): void {
  if (value !== undefined) string(value, path, pattern, hint);
}

function oneOf(value: unknown, path: string, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) fail(path, `must be one of ${allowed.join(', ')}, got ${show(value)}`);
}

function number(value: unknown, path: string, min: number, max = Infinity): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(path, `must be a number from ${min}${max === Infinity ? '' : ` to ${max}`}, got ${show(value)}`);
  }
}

function boolean(value: unknown, path: string): void {
  if (typeof value !== 'boolean') fail(path, `must be true or false, got ${show(value)}`);
}

function array(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(path, `must be a list, got ${show(value)}`);
  return value;
}

/** Times already seen valid: large scenarios repeat a few relative times many thousand times. */
const validTimes = new Set<string>();

function time(value: unknown, path: string, required = false): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string') fail(path, `must be a time (ISO 8601 or relative such as -120d), got ${show(value)}`);
  if (validTimes.has(value)) return;
  try {
    resolveTime(value, new Date());
  } catch {
    fail(path, `invalid time "${value}" (use ISO 8601 or a relative time such as -120d, -3h, -15m)`);
  }
  if (validTimes.size < 10_000) validTimes.add(value);
}

function tags(value: unknown, path: string): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, `must be an object of tag values, got ${show(value)}`);
  for (const [key, tagValue] of Object.entries(value)) {
    if (typeof tagValue !== 'string') fail(`${path}.${key}`, `tag values must be strings, got ${show(tagValue)}`);
  }
}

function unique(seen: Set<string>, key: string, path: string, what: string): void {
  if (seen.has(key)) fail(path, `duplicate ${what} ${show(key)}`);
  seen.add(key);
}

function validateFaults(value: unknown, path: string): void {
  const faults = object(value, path, [
    'latencyMs', 'throttleRate', 'serverErrorRate', 'perAccountRequestsPerSecond', 'denyAssumeRole',
    'failDeleteUser', 'failOperations', 'emptyPages', 'seed', 'failAssignmentDeletion',
    'latencySpikeRate', 'latencySpikeMs', 'corruptCredentialReport', 'deleteUserOnCall',
  ] satisfies (keyof Faults)[]);
  if (faults.latencyMs !== undefined) number(faults.latencyMs, `${path}.latencyMs`, 0);
  if (faults.throttleRate !== undefined) number(faults.throttleRate, `${path}.throttleRate`, 0, 1);
  if (faults.serverErrorRate !== undefined) number(faults.serverErrorRate, `${path}.serverErrorRate`, 0, 1);
  if (faults.perAccountRequestsPerSecond !== undefined) number(faults.perAccountRequestsPerSecond, `${path}.perAccountRequestsPerSecond`, 0);
  array(faults.denyAssumeRole, `${path}.denyAssumeRole`).forEach((id, i) => string(id, `${path}.denyAssumeRole[${i}]`, ACCOUNT_ID, '12 digits'));
  array(faults.failDeleteUser, `${path}.failDeleteUser`).forEach((item, i) => {
    const p = `${path}.failDeleteUser[${i}]`;
    const entry = object(item, p, ['accountId', 'userName', 'code', 'message']);
    string(entry.accountId, `${p}.accountId`, ACCOUNT_ID, '12 digits');
    string(entry.userName, `${p}.userName`);
    string(entry.code, `${p}.code`);
    optionalString(entry.message, `${p}.message`);
  });
  array(faults.failOperations, `${path}.failOperations`).forEach((item, i) => {
    const p = `${path}.failOperations[${i}]`;
    const entry = object(item, p, ['service', 'operation', 'code', 'accountId', 'message']);
    string(entry.service, `${p}.service`);
    string(entry.operation, `${p}.operation`);
    string(entry.code, `${p}.code`);
    optionalString(entry.accountId, `${p}.accountId`, ACCOUNT_ID, '12 digits');
    optionalString(entry.message, `${p}.message`);
  });
  if (faults.emptyPages !== undefined) boolean(faults.emptyPages, `${path}.emptyPages`);
  array(faults.failAssignmentDeletion, `${path}.failAssignmentDeletion`).forEach((item, i) => {
    const p = `${path}.failAssignmentDeletion[${i}]`;
    const entry = object(item, p, ['principalId', 'accountId', 'permissionSetArn', 'reason']);
    string(entry.principalId, `${p}.principalId`, IDENTITY_STORE_RESOURCE_ID, RESOURCE_ID_HINT);
    string(entry.accountId, `${p}.accountId`, ACCOUNT_ID, '12 digits');
    optionalString(entry.permissionSetArn, `${p}.permissionSetArn`, permissionSetArn(ANY_PARTITION), permissionSetArnHint('<partition>'));
    optionalString(entry.reason, `${p}.reason`);
  });
  if (faults.seed !== undefined) number(faults.seed, `${path}.seed`, -Infinity);
  if (faults.latencySpikeRate !== undefined) number(faults.latencySpikeRate, `${path}.latencySpikeRate`, 0, 1);
  if (faults.latencySpikeMs !== undefined) number(faults.latencySpikeMs, `${path}.latencySpikeMs`, 0);
  array(faults.corruptCredentialReport, `${path}.corruptCredentialReport`).forEach((item, i) => {
    const p = `${path}.corruptCredentialReport[${i}]`;
    const entry = object(item, p, ['accountId', 'corruption']);
    string(entry.accountId, `${p}.accountId`, ACCOUNT_ID, '12 digits');
    if (entry.corruption !== undefined) {
      oneOf(entry.corruption, `${p}.corruption`, ['truncated', 'bad-date', 'missing-column', 'missing-user', 'empty', 'not-csv']);
    }
  });
  array(faults.deleteUserOnCall, `${path}.deleteUserOnCall`).forEach((item, i) => {
    const p = `${path}.deleteUserOnCall[${i}]`;
    const entry = object(item, p, ['accountId', 'userName', 'operation', 'occurrence']);
    string(entry.accountId, `${p}.accountId`, ACCOUNT_ID, '12 digits');
    string(entry.userName, `${p}.userName`);
    string(entry.operation, `${p}.operation`, /^[A-Z]\w+$/, 'an IAM operation such as GetUser');
    if (entry.occurrence !== undefined) number(entry.occurrence, `${p}.occurrence`, 1);
  });
}

/** Checks a fault set as `POST /_sim/faults` receives it; throws ScenarioError naming the bad field. */
export function validateFaultsInput(value: unknown): Partial<Faults> {
  validateFaults(value, 'faults');
  return value as Partial<Faults>;
}

function validateCredentialList(value: unknown, path: string, kind: 'sshPublicKey' | 'signingCertificate' | 'serviceSpecificCredential'): void {
  const ids = new Set<string>();
  const dateField = kind === 'serviceSpecificCredential' ? 'created' : 'uploaded';
  array(value, path).forEach((item, i) => {
    const p = `${path}[${i}]`;
    const isServiceCredential = kind === 'serviceSpecificCredential';
    const entry = object(item, p, isServiceCredential ? ['id', 'serviceName', 'status', 'created', 'expires'] : ['id', 'status', 'uploaded', 'body']);
    unique(ids, string(entry.id, `${p}.id`, IAM_IDS[kind].pattern, IAM_IDS[kind].hint), `${p}.id`, 'id');
    if (isServiceCredential) string(entry.serviceName, `${p}.serviceName`);
    if (isServiceCredential) time(entry.expires, `${p}.expires`);
    if (entry.status !== undefined || !isServiceCredential) oneOf(entry.status, `${p}.status`, CREDENTIAL_STATUSES);
    time(entry[dateField], `${p}.${dateField}`);
    if (kind === 'sshPublicKey') optionalString(entry.body, `${p}.body`, SSH_PUBLIC_KEY, 'an ssh-rsa public key or a PEM public key');
    if (kind === 'signingCertificate') optionalString(entry.body, `${p}.body`, CERTIFICATE, 'a PEM certificate');
  });
}

function validateUser(value: unknown, path: string, accessKeyIds: Set<string>, mfaSerials: Set<string>, partition: Partition): string {
  const user = object(value, path, [
    'name', 'path', 'created', 'passwordLastUsed', 'loginProfile', 'accessKeys', 'mfaDevices', 'sshPublicKeys',
    'signingCertificates', 'serviceSpecificCredentials', 'inlinePolicies', 'attachedPolicies', 'groups',
    'permissionsBoundary', 'tags',
  ]);
  const name = string(user.name, `${path}.name`, /^[\w+=,.@-]{1,64}$/, 'IAM user names: 1-64 of A-Z a-z 0-9 +=,.@_-');
  optionalString(user.path, `${path}.path`, /^\/(.*\/)?$/, 'a path starts and ends with /');
  time(user.created, `${path}.created`, true);
  time(user.passwordLastUsed, `${path}.passwordLastUsed`);
  if (user.loginProfile !== undefined) {
    const profile = object(user.loginProfile, `${path}.loginProfile`, ['created', 'passwordResetRequired', 'lastChanged']);
    time(profile.created, `${path}.loginProfile.created`, true);
    time(profile.lastChanged, `${path}.loginProfile.lastChanged`);
    if (profile.passwordResetRequired !== undefined) boolean(profile.passwordResetRequired, `${path}.loginProfile.passwordResetRequired`);
  }
  array(user.accessKeys, `${path}.accessKeys`).forEach((item, i) => {
    const p = `${path}.accessKeys[${i}]`;
    const key = object(item, p, ['id', 'status', 'created', 'lastUsed', 'lastUsedService', 'lastUsedRegion']);
    unique(accessKeyIds, string(key.id, `${p}.id`, IAM_IDS.accessKey.pattern, IAM_IDS.accessKey.hint), `${p}.id`, 'access key id');
    oneOf(key.status, `${p}.status`, CREDENTIAL_STATUSES);
    time(key.created, `${p}.created`, true);
    time(key.lastUsed, `${p}.lastUsed`);
    optionalString(key.lastUsedService, `${p}.lastUsedService`);
    optionalString(key.lastUsedRegion, `${p}.lastUsedRegion`);
  });
  array(user.mfaDevices, `${path}.mfaDevices`).forEach((item, i) => {
    const p = `${path}.mfaDevices[${i}]`;
    const device = object(item, p, ['serial', 'virtual', 'enabled', 'enableDate']);
    unique(mfaSerials, string(device.serial, `${p}.serial`, IAM_IDS.mfaSerial.pattern, IAM_IDS.mfaSerial.hint), `${p}.serial`, 'MFA serial');
    boolean(device.virtual, `${p}.virtual`);
    if (device.enabled !== undefined) boolean(device.enabled, `${p}.enabled`);
    if (device.enabled === false && device.virtual === false) fail(`${p}.enabled`, 'only a virtual MFA device can exist unassigned');
    time(device.enableDate, `${p}.enableDate`);
  });
  validateCredentialList(user.sshPublicKeys, `${path}.sshPublicKeys`, 'sshPublicKey');
  validateCredentialList(user.signingCertificates, `${path}.signingCertificates`, 'signingCertificate');
  validateCredentialList(user.serviceSpecificCredentials, `${path}.serviceSpecificCredentials`, 'serviceSpecificCredential');
  validateIdentityPolicies(user, path, partition);
  array(user.groups, `${path}.groups`).forEach((group, i) => string(group, `${path}.groups[${i}]`));
  tags(user.tags, `${path}.tags`);
  return name;
}

/** AWS managed policies are in the `aws` account of each partition: `arn:aws-us-gov:iam::aws:policy/…`. */
const managedPolicyArn = (partition: Partition) => new RegExp(`^arn:${partition}:iam::(aws|\\d{12}):policy\\/(.+\\/)?[\\w+=,.@-]+$`);

/** A policy document: an object with a Statement, as IAM requires. */
function policyDocument(value: unknown, path: string): void {
  const document = value as Obj;
  if (document === null || typeof document !== 'object' || Array.isArray(document) || document.Statement === undefined) {
    fail(path, `must be a policy document ({ "Version": "2012-10-17", "Statement": [...] }), got ${show(value)}`);
  }
}

/** The identity policies a user or role may carry: inline documents by name, managed policy ARNs, a boundary. */
function validateIdentityPolicies(principal: Obj, path: string, partition: Partition): void {
  if (principal.inlinePolicies !== undefined) {
    const policies = principal.inlinePolicies;
    if (policies === null || typeof policies !== 'object' || Array.isArray(policies)) {
      fail(`${path}.inlinePolicies`, `must be an object of policy documents by name, got ${show(policies)}`);
    }
    for (const [policyName, document] of Object.entries(policies)) {
      if (document === null || (typeof document !== 'object' && typeof document !== 'string')) {
        fail(`${path}.inlinePolicies.${policyName}`, `must be a policy document (object or JSON text), got ${show(document)}`);
      }
    }
  }
  array(principal.attachedPolicies, `${path}.attachedPolicies`).forEach((arn, i) =>
    string(arn, `${path}.attachedPolicies[${i}]`, managedPolicyArn(partition), `a managed policy ARN of partition ${partition}`));
  optionalString(principal.permissionsBoundary, `${path}.permissionsBoundary`, managedPolicyArn(partition), `a managed policy ARN of partition ${partition}`);
}

/** Policies of the organization and its resources, checked once the accounts, units and topics are known. */
function validatePolicies(scenario: Obj, organization: Obj, targets: Set<string>, partition: Partition): void {
  array(organization.serviceControlPolicies, 'organization.serviceControlPolicies').forEach((item, i) => {
    const p = `organization.serviceControlPolicies[${i}]`;
    const scp = object(item, p, ['name', 'document', 'targetIds']);
    string(scp.name, `${p}.name`);
    policyDocument(scp.document, `${p}.document`);
    array(scp.targetIds, `${p}.targetIds`).forEach((target, j) => {
      if (typeof target !== 'string' || !targets.has(target)) fail(`${p}.targetIds[${j}]`, `no root, organizational unit or account has id ${show(target)}`);
    });
  });
  const arns = new Set<string>();
  array(scenario.managedPolicies, 'managedPolicies').forEach((item, i) => {
    const p = `managedPolicies[${i}]`;
    const policy = object(item, p, ['arn', 'document']);
    unique(arns, string(policy.arn, `${p}.arn`, managedPolicyArn(partition), `a managed policy ARN of partition ${partition}`), `${p}.arn`, 'managed policy');
    policyDocument(policy.document, `${p}.document`);
  });
  const resourcePolicies = (field: 'bucketPolicies' | 'topicPolicies', known: unknown[]) => {
    if (scenario[field] === undefined) return;
    const policies = object(scenario[field], field, known.map(String));
    for (const [name, document] of Object.entries(policies)) policyDocument(document, `${field}.${name}`);
  };
  resourcePolicies('bucketPolicies', array(scenario.s3Buckets, 's3Buckets'));
  resourcePolicies('topicPolicies', array(scenario.snsTopics, 'snsTopics'));
}

function validateAccount(value: unknown, path: string, parents: Set<string>, accessKeyIds: Set<string>, partition: Partition): string {
  const account = object(value, path, [
    'id', 'name', 'email', 'state', 'parentId', 'tags', 'joined', 'joinedMethod', 'roles', 'groups', 'users', 'virtualMfaDevices',
    'cloudTrailEvents',
  ]);
  const id = string(account.id, `${path}.id`, ACCOUNT_ID, '12 digits');
  string(account.name, `${path}.name`);
  string(account.email, `${path}.email`, /^[^@\s]+@[^@\s]+$/, 'an email address');
  oneOf(account.state, `${path}.state`, ACCOUNT_STATES);
  const parentId = string(account.parentId, `${path}.parentId`);
  if (!parents.has(parentId)) fail(`${path}.parentId`, `no root or organizational unit has id ${show(parentId)}`);
  tags(account.tags, `${path}.tags`);
  time(account.joined, `${path}.joined`);
  if (account.joinedMethod !== undefined) oneOf(account.joinedMethod, `${path}.joinedMethod`, ['INVITED', 'CREATED']);
  const roleNames = new Set<string>();
  array(account.roles, `${path}.roles`).forEach((item, i) => {
    const p = `${path}.roles[${i}]`;
    const role = object(item, p, [
      'name', 'path', 'trustedAccountIds', 'created', 'lastUsed', 'lastUsedRegion', 'tags', 'trustPolicy', 'inlinePolicies',
      'attachedPolicies', 'permissionsBoundary',
    ]);
    unique(roleNames, string(role.name, `${p}.name`, /^[\w+=,.@-]{1,64}$/, 'IAM role names: 1-64 of A-Z a-z 0-9 +=,.@_-').toLowerCase(), `${p}.name`, 'role');
    optionalString(role.path, `${p}.path`, /^\/(.*\/)?$/, 'a path starts and ends with /');
    array(role.trustedAccountIds, `${p}.trustedAccountIds`).forEach((trusted, j) =>
      string(trusted, `${p}.trustedAccountIds[${j}]`, ACCOUNT_ID, '12 digits'));
    time(role.created, `${p}.created`);
    time(role.lastUsed, `${p}.lastUsed`);
    optionalString(role.lastUsedRegion, `${p}.lastUsedRegion`);
    tags(role.tags, `${p}.tags`);
    if (role.trustPolicy !== undefined) policyDocument(role.trustPolicy, `${p}.trustPolicy`);
    validateIdentityPolicies(role, p, partition);
  });
  const groupNames = new Set<string>();
  array(account.groups, `${path}.groups`).forEach((item, i) => {
    const p = `${path}.groups[${i}]`;
    const group = object(item, p, ['name', 'path', 'created']);
    unique(groupNames, string(group.name, `${p}.name`).toLowerCase(), `${p}.name`, 'group');
    optionalString(group.path, `${p}.path`, /^\/(.*\/)?$/, 'a path starts and ends with /');
    time(group.created, `${p}.created`);
  });
  const userNames = new Set<string>();
  const mfaSerials = new Set<string>();
  array(account.users, `${path}.users`).forEach((item, i) => {
    const p = `${path}.users[${i}]`;
    unique(userNames, validateUser(item, p, accessKeyIds, mfaSerials, partition).toLowerCase(), `${p}.name`, 'user (IAM user names ignore case)');
  });
  array(account.virtualMfaDevices, `${path}.virtualMfaDevices`).forEach((item, i) => {
    const p = `${path}.virtualMfaDevices[${i}]`;
    const device = object(item, p, ['serial']);
    unique(mfaSerials, string(device.serial, `${p}.serial`, IAM_IDS.mfaSerial.pattern, IAM_IDS.mfaSerial.hint), `${p}.serial`, 'MFA serial');
  });
  validateCloudTrailEvents(account.cloudTrailEvents, `${path}.cloudTrailEvents`);
  return id;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const REGION_HINT = 'a Region such as us-east-1';
/** Identity store user and group ids (the model's ResourceId): a UUID, or the store's 10 hex digits, a dash and a UUID. */
const IDENTITY_STORE_RESOURCE_ID = /^([0-9a-f]{10}-)?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const RESOURCE_ID_HINT = 'a UUID, or 10 hex digits, a dash and a UUID';
const permissionSetArn = (partition: string) =>
  new RegExp(`^arn:${partition}:sso:::permissionSet\\/(sso)?ins-[a-zA-Z0-9-.]{16}\\/ps-[a-zA-Z0-9-./]{16}$`);
const permissionSetArnHint = (partition: string) => `arn:${partition}:sso:::permissionSet/ssoins-<16 characters>/ps-<16 characters>`;
/** A fault is set without its scenario at hand (POST /_sim/faults): any partition's ARN. */
const ANY_PARTITION = `(${Object.keys(PARTITIONS).join('|')})`;

function validateCloudTrailEvents(value: unknown, path: string): void {
  array(value, path).forEach((item, i) => {
    const p = `${path}[${i}]`;
    const event = object(item, p, ['time', 'eventName', 'eventSource', 'region', 'userName', 'accessKeyId', 'resources', 'detail']);
    time(event.time, `${p}.time`, true);
    string(event.eventName, `${p}.eventName`, /^\w+$/, 'an API action name such as DeleteUser');
    string(event.eventSource, `${p}.eventSource`, /^[a-z0-9.-]+\.amazonaws\.com$/, 'a service endpoint such as iam.amazonaws.com');
    optionalString(event.region, `${p}.region`, REGION, REGION_HINT);
    optionalString(event.userName, `${p}.userName`, /^[\w+=,.@-]{1,64}$/, 'IAM user names: 1-64 of A-Z a-z 0-9 +=,.@_-');
    optionalString(event.accessKeyId, `${p}.accessKeyId`, IAM_IDS.accessKey.pattern, IAM_IDS.accessKey.hint);
    array(event.resources, `${p}.resources`).forEach((resource, j) => {
      const entry = object(resource, `${p}.resources[${j}]`, ['type', 'name']);
      string(entry.type, `${p}.resources[${j}].type`);
      string(entry.name, `${p}.resources[${j}].name`);
    });
    if (event.detail !== undefined && (event.detail === null || typeof event.detail !== 'object' || Array.isArray(event.detail))) {
      fail(`${p}.detail`, `must be an object of CloudTrail record fields, got ${show(event.detail)}`);
    }
  });
}

/** Checks the identity store, permission sets and assignments, and that every reference resolves. */
function validateIdentityCenter(value: unknown, accountIds: Set<string>, partition: Partition): void {
  const path = 'identityCenter';
  const ic = object(value, path, [
    'adminAccountId', 'region', 'instanceArn', 'identityStoreId', 'users', 'groups', 'permissionSets', 'assignments',
    'assignmentDeletionDelayMs', 'assignmentCreationDelayMs',
  ] satisfies (keyof IdentityCenterSpec)[]);
  const adminAccountId = string(ic.adminAccountId, `${path}.adminAccountId`, ACCOUNT_ID, '12 digits');
  if (!accountIds.has(adminAccountId)) fail(`${path}.adminAccountId`, `${adminAccountId} is not in accounts`);
  optionalString(ic.region, `${path}.region`, PARTITIONS[partition].regions, `a Region of partition ${partition}`);
  const instanceArn = string(ic.instanceArn, `${path}.instanceArn`, new RegExp(`^arn:${partition}:sso:::instance\\/(sso)?ins-[a-zA-Z0-9-.]{16}$`),
    `arn:${partition}:sso:::instance/ssoins-<16 characters>`);
  string(ic.identityStoreId, `${path}.identityStoreId`, /^d-[0-9a-f]{10}$/, 'd- then 10 of 0-9 a-f');
  if (ic.assignmentDeletionDelayMs !== undefined) number(ic.assignmentDeletionDelayMs, `${path}.assignmentDeletionDelayMs`, 0);
  if (ic.assignmentCreationDelayMs !== undefined) number(ic.assignmentCreationDelayMs, `${path}.assignmentCreationDelayMs`, 0);

  const principals = new Set<string>();
  const userIds = new Set<string>();
  const userNames = new Set<string>();
  if (ic.users === undefined) fail(`${path}.users`, 'must be a list (it may be empty)');
  array(ic.users, `${path}.users`).forEach((item, i) => {
    const p = `${path}.users[${i}]`;
    const user = object(item, p, ['id', 'userName', 'displayName', 'email', 'attributes', 'created', 'signInKind', 'signIns', 'failedSignIns']);
    const id = string(user.id, `${p}.id`, IDENTITY_STORE_RESOURCE_ID, RESOURCE_ID_HINT);
    unique(principals, id, `${p}.id`, 'user or group id');
    userIds.add(id);
    unique(userNames, string(user.userName, `${p}.userName`, /^\S{1,128}$/, '1-128 characters, no spaces').toLowerCase(), `${p}.userName`,
      'user name (identity store user names ignore case)');
    optionalString(user.displayName, `${p}.displayName`);
    optionalString(user.email, `${p}.email`, /^[^@\s]+@[^@\s]+$/, 'an email address');
    if (user.attributes !== undefined) {
      const attributes = object(user.attributes, `${p}.attributes`, STORED_USER_ATTRIBUTES);
      if (attributes.Extensions !== undefined) object(attributes.Extensions, `${p}.attributes.Extensions`, SUPPORTED_EXTENSIONS);
    }
    time(user.created, `${p}.created`, true);
    if (user.signInKind !== undefined) oneOf(user.signInKind, `${p}.signInKind`, ['password', 'external-idp']);
    array(user.signIns, `${p}.signIns`).forEach((t, j) => time(t, `${p}.signIns[${j}]`, true));
    array(user.failedSignIns, `${p}.failedSignIns`).forEach((t, j) => time(t, `${p}.failedSignIns[${j}]`, true));
  });
  const groupIds = new Set<string>();
  array(ic.groups, `${path}.groups`).forEach((item, i) => {
    const p = `${path}.groups[${i}]`;
    const group = object(item, p, ['id', 'displayName', 'memberUserIds']);
    const id = string(group.id, `${p}.id`, IDENTITY_STORE_RESOURCE_ID, RESOURCE_ID_HINT);
    unique(principals, id, `${p}.id`, 'user or group id');
    groupIds.add(id);
    string(group.displayName, `${p}.displayName`);
    const members = new Set<string>();
    array(group.memberUserIds, `${p}.memberUserIds`).forEach((userId, j) => {
      const q = `${p}.memberUserIds[${j}]`;
      unique(members, string(userId, q), q, 'member');
      if (!userIds.has(userId as string)) fail(q, `no identityCenter user has id ${show(userId)}`);
    });
  });
  const instanceId = instanceArn.slice(instanceArn.lastIndexOf('/') + 1);
  const permissionSetArns = new Set<string>();
  array(ic.permissionSets, `${path}.permissionSets`).forEach((item, i) => {
    const p = `${path}.permissionSets[${i}]`;
    const permissionSet = object(item, p, ['arn', 'name', 'provisionedToAccountIds']);
    const arn = string(permissionSet.arn, `${p}.arn`, permissionSetArn(partition), permissionSetArnHint(partition));
    if (arn.split('/')[1] !== instanceId) fail(`${p}.arn`, `must belong to the instance ${instanceId}, got ${show(arn)}`);
    unique(permissionSetArns, arn, `${p}.arn`, 'permission set');
    string(permissionSet.name, `${p}.name`, /^[\w+=,.@-]{1,32}$/, 'permission set names: 1-32 of A-Z a-z 0-9 +=,.@_-');
    const accounts = new Set<string>();
    if (permissionSet.provisionedToAccountIds === undefined) fail(`${p}.provisionedToAccountIds`, 'must be a list (it may be empty)');
    array(permissionSet.provisionedToAccountIds, `${p}.provisionedToAccountIds`).forEach((accountId, j) => {
      const q = `${p}.provisionedToAccountIds[${j}]`;
      unique(accounts, string(accountId, q, ACCOUNT_ID, '12 digits'), q, 'account');
      if (!accountIds.has(accountId as string)) fail(q, `${accountId as string} is not in accounts`);
    });
  });
  const assignments = new Set<string>();
  array(ic.assignments, `${path}.assignments`).forEach((item, i) => {
    const p = `${path}.assignments[${i}]`;
    const assignment = object(item, p, ['accountId', 'permissionSetArn', 'principalType', 'principalId']);
    const accountId = string(assignment.accountId, `${p}.accountId`, ACCOUNT_ID, '12 digits');
    if (!accountIds.has(accountId)) fail(`${p}.accountId`, `${accountId} is not in accounts`);
    const arn = string(assignment.permissionSetArn, `${p}.permissionSetArn`);
    if (!permissionSetArns.has(arn)) fail(`${p}.permissionSetArn`, `no identityCenter permission set has arn ${show(arn)}`);
    oneOf(assignment.principalType, `${p}.principalType`, ['USER', 'GROUP']);
    const principalId = string(assignment.principalId, `${p}.principalId`);
    const known = assignment.principalType === 'USER' ? userIds : groupIds;
    if (!known.has(principalId)) fail(`${p}.principalId`, `no identityCenter ${assignment.principalType === 'USER' ? 'user' : 'group'} has id ${show(principalId)}`);
    unique(assignments, `${accountId} ${arn} ${principalId}`, p, 'assignment');
  });
}

/** Checks a parsed scenario; throws ScenarioError naming the first bad field. */
export function validateScenario(value: unknown): Scenario {
  const scenario = object(value, '', [
    'organization', 'callerAccountId', 'callerArn', 'snsTopics', 's3Buckets', 'accounts', 'faults', 'credentialReportDelaySeconds',
    'identityCenter', 'managedPolicies', 'bucketPolicies', 'topicPolicies', 'partition',
  ] satisfies (keyof Scenario)[]);
  if (scenario.partition !== undefined && !isPartition(scenario.partition)) {
    fail('partition', `must be one of ${Object.keys(PARTITIONS).join(', ')}, got ${show(scenario.partition)}`);
  }
  const partition = (scenario.partition as Partition | undefined) ?? DEFAULT_PARTITION;
  const organization = object(scenario.organization, 'organization', [
    'id', 'managementAccountId', 'rootId', 'rootTags', 'organizationalUnits', 'delegatedAdministratorAccountIds',
    'serviceControlPolicies',
  ]);
  string(organization.id, 'organization.id', /^o-[a-z0-9]{10,32}$/, 'o- then 10-32 of a-z 0-9');
  const managementAccountId = string(organization.managementAccountId, 'organization.managementAccountId', ACCOUNT_ID, '12 digits');
  const rootId = string(organization.rootId, 'organization.rootId', /^r-[0-9a-z]{4,32}$/, 'r- then 4-32 of a-z 0-9');
  tags(organization.rootTags, 'organization.rootTags');
  const parents = new Set<string>([rootId]);
  const units = array(organization.organizationalUnits, 'organization.organizationalUnits');
  units.forEach((item, i) => {
    const p = `organization.organizationalUnits[${i}]`;
    const unit = object(item, p, ['id', 'name', 'parentId', 'tags']);
    unique(parents, string(unit.id, `${p}.id`, /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'ou-<root part>-<8-32 of a-z 0-9>'), `${p}.id`, 'id');
    string(unit.name, `${p}.name`);
    tags(unit.tags, `${p}.tags`);
  });
  // Parents are checked once every unit id is known: units may be listed before their parent.
  units.forEach((item, i) => {
    const parentId = (item as Obj).parentId;
    if (typeof parentId !== 'string' || !parents.has(parentId) || parentId === (item as Obj).id) {
      fail(`organization.organizationalUnits[${i}].parentId`, `no root or other organizational unit has id ${show(parentId)}`);
    }
  });
  array(organization.delegatedAdministratorAccountIds, 'organization.delegatedAdministratorAccountIds').forEach((id, i) =>
    string(id, `organization.delegatedAdministratorAccountIds[${i}]`, ACCOUNT_ID, '12 digits'));

  const callerAccountId = string(scenario.callerAccountId, 'callerAccountId', ACCOUNT_ID, '12 digits');
  if (scenario.callerArn !== undefined) {
    const arn = string(scenario.callerArn, 'callerArn', new RegExp(`^arn:${partition}:(iam|sts)::\\d{12}:\\S+$`), `an IAM or STS principal ARN of partition ${partition}`);
    if (arn.split(':')[4] !== callerAccountId) fail('callerArn', `must be a principal of callerAccountId ${callerAccountId}, got ${show(arn)}`);
  }
  array(scenario.snsTopics, 'snsTopics').forEach((arn, i) =>
    string(arn, `snsTopics[${i}]`, new RegExp(`^arn:${partition}:sns:[a-z0-9-]+:\\d{12}:[\\w-]{1,256}(\\.fifo)?$`), `arn:${partition}:sns:<region>:<account>:<name>`));
  array(scenario.s3Buckets, 's3Buckets').forEach((name, i) =>
    string(name, `s3Buckets[${i}]`, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3 bucket names: 3-63 of a-z 0-9 . -'));
  if (scenario.credentialReportDelaySeconds !== undefined) number(scenario.credentialReportDelaySeconds, 'credentialReportDelaySeconds', 0);
  if (scenario.faults !== undefined) validateFaults(scenario.faults, 'faults');

  const accounts = array(scenario.accounts, 'accounts');
  const accountIds = new Set<string>();
  const accessKeyIds = new Set<string>();
  accounts.forEach((item, i) => unique(accountIds, validateAccount(item, `accounts[${i}]`, parents, accessKeyIds, partition), `accounts[${i}].id`, 'account'));
  if (!accountIds.has(managementAccountId)) fail('organization.managementAccountId', `${managementAccountId} is not in accounts`);
  if (!accountIds.has(callerAccountId)) fail('callerAccountId', `${callerAccountId} is not in accounts`);
  if (scenario.identityCenter !== undefined) validateIdentityCenter(scenario.identityCenter, accountIds, partition);
  validatePolicies(scenario, organization, new Set([...parents, ...accountIds]), partition);
  return value as Scenario;
}

/** A scenario given as an object or as the path of a JSON file, validated. */
export async function loadScenario(source: Scenario | string): Promise<Scenario> {
  if (typeof source !== 'string') return validateScenario(source);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new ScenarioError(`Cannot read scenario file ${source}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`Scenario file ${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  try {
    return validateScenario(parsed);
  } catch (error) {
    if (error instanceof ScenarioError) throw new ScenarioError(`${source}: ${error.message}`, { cause: error });
    throw error;
  }
}
