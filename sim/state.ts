/**
 * The simulator's in-memory state: the organization, and per account its IAM users, roles and groups,
 * plus SNS, S3 and the STS sessions it issued. Built from a validated scenario and written back in the
 * scenario format with absolute times.
 */
import { createHash } from 'node:crypto';
import { buildIdentityCenter, dumpIdentityCenter, type IdentityCenterState } from './identity-center';
import {
  resolveTime,
  type AccountSpec,
  type AccountState,
  type CloudTrailEventSpec,
  type Faults,
  type PolicyDocument,
  type RoleSpec,
  type Scenario,
  type ServiceControlPolicySpec,
  type Tags,
  type UserSpec,
} from './scenario';
import { DEFAULT_PARTITION, type Partition } from './partition';
import { buildTrail, type Trail } from './trail';

/** The simulator's clock: real time plus whatever `POST /_sim/clock` advanced it by. */
export class SimClock {
  private offsetMs = 0;

  constructor(readonly startedAt: Date) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  get offset(): number {
    return this.offsetMs;
  }
}

export interface AccessKey {
  id: string;
  status: 'Active' | 'Inactive';
  created: Date;
  lastUsed?: Date;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface UploadedCredential {
  id: string;
  status: 'Active' | 'Inactive';
  uploaded: Date;
  /** The public key or certificate, as uploaded (PEM for a certificate, ssh-rsa for a key). */
  body: string;
}

/** The public material of a scenario key or certificate that does not give its own. */
export function defaultSshPublicKeyBody(id: string): string {
  return `ssh-rsa ${Buffer.from(`iam-sweep simulator ssh key ${id}`).toString('base64')} ${id.toLowerCase()}`;
}

export function defaultCertificateBody(id: string): string {
  const body = Buffer.from(`iam-sweep simulator certificate ${id}`).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
}

export interface ServiceCredential {
  id: string;
  serviceName: string;
  status: 'Active' | 'Inactive';
  created: Date;
  /** Bedrock and CloudWatch Logs API keys created with an expiration; Status still says Active after it. */
  expires?: Date;
}

export interface MfaDevice {
  serial: string;
  virtual: boolean;
  /** Lower-cased name of the user the device is assigned to; undefined for an unassigned virtual device. */
  assignedTo?: string;
  enableDate?: Date;
}

export interface SimUser {
  name: string;
  path: string;
  id: string;
  arn: string;
  created: Date;
  passwordLastUsed?: Date;
  /**
   * `created` is GetLoginProfile's CreateDate, which a password reset (UpdateLoginProfile, ChangePassword)
   * does not move; `lastChanged` is the credential report's password_last_changed, which it does.
   */
  loginProfile?: { created: Date; passwordResetRequired: boolean; lastChanged?: Date };
  /** In creation order: the credential report's key 1 and key 2 are the first two. */
  accessKeys: AccessKey[];
  mfaSerials: string[];
  sshPublicKeys: UploadedCredential[];
  signingCertificates: UploadedCredential[];
  serviceSpecificCredentials: ServiceCredential[];
  /** Policy documents as JSON text, by policy name. */
  inlinePolicies: Map<string, string>;
  attachedPolicies: string[];
  /** Lower-cased group names. */
  groups: string[];
  permissionsBoundary?: string;
  tags: Tags;
}

export interface SimRole {
  name: string;
  path: string;
  id: string;
  arn: string;
  created: Date;
  trustedAccountIds: string[];
  lastUsed?: Date;
  lastUsedRegion?: string;
  tags: Tags;
  trustPolicy?: PolicyDocument;
  inlinePolicies: Record<string, PolicyDocument>;
  attachedPolicies: string[];
  permissionsBoundary?: string;
}

export interface SimGroup {
  name: string;
  path: string;
  id: string;
  arn: string;
  created: Date;
}

export interface CredentialReport {
  /** When generation started; the report is a snapshot of that moment and this is its GeneratedTime. */
  generatedAt: Date;
  /** Until then GenerateCredentialReport answers INPROGRESS and GetCredentialReport ReportInProgress. */
  readyAt: Date;
  content: Buffer;
}

export interface SimAccount {
  id: string;
  name: string;
  email: string;
  state: AccountState;
  parentId: string;
  tags: Tags;
  joined: Date;
  joinedMethod: 'INVITED' | 'CREATED';
  /** Keyed by lower-cased name: IAM names ignore case. */
  users: Map<string, SimUser>;
  roles: Map<string, SimRole>;
  groups: Map<string, SimGroup>;
  mfaDevices: Map<string, MfaDevice>;
  credentialReport?: CredentialReport;
  /** Lower-cased user names in list order; rebuilt lazily after a user is created or deleted. */
  sortedUserKeys?: string[];
  /** The scenario's trail events with absolute times, as given (the trail itself is SimState.trail). */
  cloudTrailEvents?: CloudTrailEventSpec[];
}

export interface OrganizationalUnit {
  id: string;
  name: string;
  parentId: string;
  tags: Tags;
}

/** Who a request acts as, from its access key id. */
export interface Principal {
  accountId: string;
  arn: string;
  userId: string;
  /** Set when the caller is an IAM user (a scenario access key): IAM calls without UserName act on it. */
  userKey?: string;
}

export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
  time: string;
  messageId: string;
}

export interface S3Object {
  body: Buffer;
  contentType?: string;
  etag: string;
  lastModified: Date;
  metadata?: Record<string, string>;
}

export interface SimBucket {
  name: string;
  objects: Map<string, S3Object>;
  /** Keys in S3 list order (UTF-8 byte order); rebuilt lazily after a new key is written. */
  sortedKeys?: string[];
}

export interface SimState {
  clock: SimClock;
  /** The AWS partition of every ARN, Region and credential (sim/partition.ts). */
  partition: Partition;
  callerAccountId: string;
  caller: Principal;
  organization: {
    id: string;
    managementAccountId: string;
    rootId: string;
    rootTags: Tags;
    units: Map<string, OrganizationalUnit>;
    delegatedAdministratorAccountIds: string[];
    serviceControlPolicies: ServiceControlPolicySpec[];
  };
  /** Managed policy documents by ARN; authorization only. */
  managedPolicies: Map<string, PolicyDocument>;
  bucketPolicies: Record<string, PolicyDocument>;
  topicPolicies: Record<string, PolicyDocument>;
  accounts: Map<string, SimAccount>;
  /** The same accounts in scenario order, which is the order ListAccounts answers in. */
  accountList: SimAccount[];
  /** Scenario access keys by id; null once deleted, so the key stops working instead of acting as the caller. */
  userAccessKeys: Map<string, { account: SimAccount; user: SimUser } | null>;
  /** Temporary credentials issued by AssumeRole, by access key id. */
  sessions: Map<string, Principal>;
  snsTopics: Set<string>;
  published: PublishedMessage[];
  buckets: Map<string, SimBucket>;
  credentialReportDelaySeconds: number;
  identityCenter?: IdentityCenterState;
  /** CloudTrail event history of every account and Region. */
  trail: Trail;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable IAM-style unique id (`AIDA…`, `AROA…`) derived from the entity's identity. */
export function stableId(prefix: string, ...parts: string[]): string {
  const digest = createHash('sha1').update(parts.join('\0')).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += BASE32[digest[i] & 31];
  return id;
}

export function userArn(partition: Partition, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:user${path}${name}`;
}

export function roleArn(partition: Partition, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:role${path}${name}`;
}

/** The UserId GetCallerIdentity answers for a principal ARN. */
export function principalUserId(arn: string, accountId: string): string {
  const assumed = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (assumed) return `${stableId('AROA', accountId, assumed[1])}:${assumed[2]}`;
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (user) return stableId('AIDA', accountId, user[1]);
  return accountId;
}

export function newUser(partition: Partition, accountId: string, name: string, path: string, created: Date): SimUser {
  return {
    name,
    path,
    id: stableId('AIDA', accountId, name, String(created.getTime())),
    arn: userArn(partition, accountId, path, name),
    created,
    accessKeys: [],
    mfaSerials: [],
    sshPublicKeys: [],
    signingCertificates: [],
    serviceSpecificCredentials: [],
    inlinePolicies: new Map(),
    attachedPolicies: [],
    groups: [],
    tags: {},
  };
}

export function newGroup(partition: Partition, accountId: string, name: string, path: string, created: Date): SimGroup {
  return { name, path, id: stableId('AGPA', accountId, name), arn: `arn:${partition}:iam::${accountId}:group${path}${name}`, created };
}

function buildUser(partition: Partition, account: SimAccount, spec: UserSpec, at: (value: string) => Date): SimUser {
  const user = newUser(partition, account.id, spec.name, spec.path ?? '/', at(spec.created));
  const key = spec.name.toLowerCase();
  user.passwordLastUsed = spec.passwordLastUsed ? at(spec.passwordLastUsed) : undefined;
  if (spec.loginProfile) {
    user.loginProfile = {
      created: at(spec.loginProfile.created),
      passwordResetRequired: spec.loginProfile.passwordResetRequired ?? false,
      ...(spec.loginProfile.lastChanged ? { lastChanged: at(spec.loginProfile.lastChanged) } : {}),
    };
  }
  user.accessKeys = (spec.accessKeys ?? [])
    .map((k) => ({
      id: k.id,
      status: k.status,
      created: at(k.created),
      lastUsed: k.lastUsed ? at(k.lastUsed) : undefined,
      lastUsedService: k.lastUsed ? k.lastUsedService ?? 'iam' : undefined,
      lastUsedRegion: k.lastUsed ? k.lastUsedRegion ?? 'us-east-1' : undefined,
    }))
    .sort((a, b) => a.created.getTime() - b.created.getTime());
  for (const device of spec.mfaDevices ?? []) {
    const assigned = device.enabled !== false;
    account.mfaDevices.set(device.serial, {
      serial: device.serial,
      virtual: device.virtual,
      assignedTo: assigned ? key : undefined,
      enableDate: assigned ? (device.enableDate ? at(device.enableDate) : user.created) : undefined,
    });
    if (assigned) user.mfaSerials.push(device.serial);
  }
  type UploadedSpec = { id: string; status: 'Active' | 'Inactive'; uploaded?: string; body?: string };
  const uploaded = (defaultBody: (id: string) => string) => (c: UploadedSpec): UploadedCredential =>
    ({ id: c.id, status: c.status, uploaded: c.uploaded ? at(c.uploaded) : user.created, body: c.body ?? defaultBody(c.id) });
  user.sshPublicKeys = (spec.sshPublicKeys ?? []).map(uploaded(defaultSshPublicKeyBody));
  user.signingCertificates = (spec.signingCertificates ?? []).map(uploaded(defaultCertificateBody))
    .sort((a, b) => a.uploaded.getTime() - b.uploaded.getTime());
  user.serviceSpecificCredentials = (spec.serviceSpecificCredentials ?? []).map((c) => ({
    id: c.id,
    serviceName: c.serviceName,
    status: c.status ?? 'Active',
    created: c.created ? at(c.created) : user.created,
    ...(c.expires ? { expires: at(c.expires) } : {}),
  }));
  for (const [policyName, document] of Object.entries(spec.inlinePolicies ?? {})) {
    user.inlinePolicies.set(policyName, typeof document === 'string' ? document : JSON.stringify(document));
  }
  user.attachedPolicies = [...(spec.attachedPolicies ?? [])];
  for (const groupName of spec.groups ?? []) {
    const groupKey = groupName.toLowerCase();
    // A group named only under a user is created implicitly, so scenarios need not repeat it.
    if (!account.groups.has(groupKey)) account.groups.set(groupKey, newGroup(partition, account.id, groupName, '/', user.created));
    if (!user.groups.includes(groupKey)) user.groups.push(groupKey);
  }
  user.permissionsBoundary = spec.permissionsBoundary;
  user.tags = { ...(spec.tags ?? {}) };
  return user;
}

function buildAccount(partition: Partition, spec: AccountSpec, at: (value: string) => Date, startedAt: Date): SimAccount {
  const account: SimAccount = {
    id: spec.id,
    name: spec.name,
    email: spec.email,
    state: spec.state,
    parentId: spec.parentId,
    tags: { ...(spec.tags ?? {}) },
    joined: spec.joined ? at(spec.joined) : at('-365d'),
    joinedMethod: spec.joinedMethod ?? 'CREATED',
    users: new Map(),
    roles: new Map(),
    groups: new Map(),
    mfaDevices: new Map(),
  };
  for (const role of spec.roles ?? []) {
    const path = role.path ?? '/';
    account.roles.set(role.name.toLowerCase(), {
      name: role.name,
      path,
      id: stableId('AROA', spec.id, role.name),
      arn: roleArn(partition, spec.id, path, role.name),
      created: role.created ? at(role.created) : startedAt,
      trustedAccountIds: [...(role.trustedAccountIds ?? trustPolicyAccounts(role))],
      lastUsed: role.lastUsed ? at(role.lastUsed) : undefined,
      lastUsedRegion: role.lastUsed ? role.lastUsedRegion ?? 'us-east-1' : undefined,
      tags: { ...(role.tags ?? {}) },
      trustPolicy: role.trustPolicy,
      inlinePolicies: { ...(role.inlinePolicies ?? {}) },
      attachedPolicies: [...(role.attachedPolicies ?? [])],
      permissionsBoundary: role.permissionsBoundary,
    });
  }
  for (const group of spec.groups ?? []) {
    account.groups.set(group.name.toLowerCase(), newGroup(partition, spec.id, group.name, group.path ?? '/', group.created ? at(group.created) : startedAt));
  }
  for (const device of spec.virtualMfaDevices ?? []) account.mfaDevices.set(device.serial, { serial: device.serial, virtual: true });
  for (const userSpec of spec.users ?? []) account.users.set(userSpec.name.toLowerCase(), buildUser(partition, account, userSpec, at));
  if (spec.cloudTrailEvents) account.cloudTrailEvents = spec.cloudTrailEvents.map((e) => ({ ...e, time: at(e.time).toISOString() }));
  return account;
}

/**
 * The accounts a trust policy's Allow statements name as AWS principals (`<account>`, `arn:…:root`, or a
 * principal ARN of the account), so that a role given only a trust policy is assumable from them.
 */
function trustPolicyAccounts(role: RoleSpec): string[] {
  const statements = (role.trustPolicy as { Statement?: unknown } | undefined)?.Statement;
  const accounts = new Set<string>();
  for (const statement of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    const { Effect, Principal } = statement as { Effect?: string; Principal?: { AWS?: string | string[] } };
    if (Effect !== 'Allow' || typeof Principal !== 'object') continue;
    for (const principal of [Principal.AWS ?? []].flat()) {
      const account = /^(\d{12})$|^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(principal);
      if (account) accounts.add(account[1] ?? account[2]);
    }
  }
  return [...accounts];
}

export const DEFAULT_CALLER_ROLE = 'IamSweepOrchestrator';

/** The runtime state of a validated scenario; relative times resolve against `startedAt`. */
export function buildState(scenario: Scenario, startedAt: Date): SimState {
  // Large scenarios repeat a few times thousands of times; each is resolved once. Dates are never mutated, so sharing is safe.
  const resolved = new Map<string, Date>();
  const at = (value: string) => {
    let date = resolved.get(value);
    if (!date) {
      date = resolveTime(value, startedAt);
      resolved.set(value, date);
    }
    return date;
  };
  const partition = scenario.partition ?? DEFAULT_PARTITION;
  const accounts = new Map<string, SimAccount>();
  const userAccessKeys: SimState['userAccessKeys'] = new Map();
  for (const spec of scenario.accounts) {
    const account = buildAccount(partition, spec, at, startedAt);
    accounts.set(account.id, account);
    for (const user of account.users.values()) {
      for (const key of user.accessKeys) userAccessKeys.set(key.id, { account, user });
    }
  }
  const callerArn = scenario.callerArn
    ?? `arn:${partition}:sts::${scenario.callerAccountId}:assumed-role/${DEFAULT_CALLER_ROLE}/iam-sweep`;
  const org = scenario.organization;
  const accountList = [...accounts.values()];
  const identityCenter = scenario.identityCenter && buildIdentityCenter(scenario.identityCenter, at, startedAt);
  return {
    clock: new SimClock(startedAt),
    partition,
    callerAccountId: scenario.callerAccountId,
    caller: {
      accountId: scenario.callerAccountId,
      arn: callerArn,
      userId: principalUserId(callerArn, scenario.callerAccountId),
      // An IAM user caller acts on itself when an IAM call omits UserName, as with real credentials.
      userKey: /:user\/(?:.*\/)?([^/]+)$/.exec(callerArn)?.[1].toLowerCase(),
    },
    organization: {
      id: org.id,
      managementAccountId: org.managementAccountId,
      rootId: org.rootId,
      rootTags: { ...(org.rootTags ?? {}) },
      units: new Map((org.organizationalUnits ?? []).map((u) => [u.id, { id: u.id, name: u.name, parentId: u.parentId, tags: { ...(u.tags ?? {}) } }])),
      delegatedAdministratorAccountIds: org.delegatedAdministratorAccountIds ?? [scenario.callerAccountId],
      serviceControlPolicies: org.serviceControlPolicies ?? [],
    },
    managedPolicies: new Map((scenario.managedPolicies ?? []).map(({ arn, document }) => [arn, document])),
    bucketPolicies: { ...(scenario.bucketPolicies ?? {}) },
    topicPolicies: { ...(scenario.topicPolicies ?? {}) },
    accounts,
    accountList,
    userAccessKeys,
    sessions: new Map(),
    snsTopics: new Set(scenario.snsTopics ?? []),
    published: [],
    buckets: new Map((scenario.s3Buckets ?? []).map((name) => [name, { name, objects: new Map() }])),
    credentialReportDelaySeconds: scenario.credentialReportDelaySeconds ?? 0,
    identityCenter,
    trail: buildTrail(partition, accountList, identityCenter),
  };
}

/** The users of an account in list order (by lower-cased name). */
export function sortedUserKeys(account: SimAccount): string[] {
  if (!account.sortedUserKeys) account.sortedUserKeys = [...account.users.keys()].sort();
  return account.sortedUserKeys;
}

const iso = (date: Date) => date.toISOString();

function policyDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function dumpUser(account: SimAccount, user: SimUser): UserSpec {
  return {
    name: user.name,
    path: user.path,
    created: iso(user.created),
    passwordLastUsed: user.passwordLastUsed && iso(user.passwordLastUsed),
    loginProfile: user.loginProfile && {
      created: iso(user.loginProfile.created),
      passwordResetRequired: user.loginProfile.passwordResetRequired,
      ...(user.loginProfile.lastChanged ? { lastChanged: iso(user.loginProfile.lastChanged) } : {}),
    },
    accessKeys: user.accessKeys.map((k) => ({
      id: k.id,
      status: k.status,
      created: iso(k.created),
      lastUsed: k.lastUsed && iso(k.lastUsed),
      lastUsedService: k.lastUsedService,
      lastUsedRegion: k.lastUsedRegion,
    })),
    mfaDevices: user.mfaSerials.map((serial) => {
      const device = account.mfaDevices.get(serial)!;
      return { serial, virtual: device.virtual, enabled: true, enableDate: device.enableDate && iso(device.enableDate) };
    }),
    sshPublicKeys: user.sshPublicKeys.map((k) => ({ id: k.id, status: k.status, uploaded: iso(k.uploaded), body: k.body })),
    signingCertificates: user.signingCertificates.map((c) => ({ id: c.id, status: c.status, uploaded: iso(c.uploaded), body: c.body })),
    serviceSpecificCredentials: user.serviceSpecificCredentials.map((c) => ({
      id: c.id, serviceName: c.serviceName, status: c.status, created: iso(c.created), ...(c.expires ? { expires: iso(c.expires) } : {}),
    })),
    inlinePolicies: Object.fromEntries([...user.inlinePolicies].map(([name, text]) => [name, policyDocument(text)])),
    attachedPolicies: [...user.attachedPolicies],
    groups: user.groups.map((key) => account.groups.get(key)?.name ?? key),
    permissionsBoundary: user.permissionsBoundary,
    tags: { ...user.tags },
  };
}

function dumpAccount(account: SimAccount): AccountSpec {
  return {
    id: account.id,
    name: account.name,
    email: account.email,
    state: account.state,
    parentId: account.parentId,
    tags: { ...account.tags },
    joined: iso(account.joined),
    joinedMethod: account.joinedMethod,
    roles: [...account.roles.values()].map((r) => ({
      name: r.name,
      path: r.path,
      trustedAccountIds: [...r.trustedAccountIds],
      created: iso(r.created),
      lastUsed: r.lastUsed && iso(r.lastUsed),
      lastUsedRegion: r.lastUsedRegion,
      tags: { ...r.tags },
      trustPolicy: r.trustPolicy,
      inlinePolicies: Object.keys(r.inlinePolicies).length > 0 ? r.inlinePolicies : undefined,
      attachedPolicies: r.attachedPolicies.length > 0 ? [...r.attachedPolicies] : undefined,
      permissionsBoundary: r.permissionsBoundary,
    })),
    groups: [...account.groups.values()].map((g) => ({ name: g.name, path: g.path, created: iso(g.created) })),
    users: [...account.users.values()].map((user) => dumpUser(account, user)),
    virtualMfaDevices: [...account.mfaDevices.values()].filter((d) => d.virtual && !d.assignedTo).map((d) => ({ serial: d.serial })),
    cloudTrailEvents: account.cloudTrailEvents,
  };
}

/** The whole current state in the scenario format, with absolute ISO times (undefined fields drop out of JSON). */
export function dumpState(state: SimState, faults: Partial<Faults>): Scenario {
  const org = state.organization;
  return {
    ...(state.partition === DEFAULT_PARTITION ? {} : { partition: state.partition }),
    organization: {
      id: org.id,
      managementAccountId: org.managementAccountId,
      rootId: org.rootId,
      rootTags: { ...org.rootTags },
      organizationalUnits: [...org.units.values()].map((u) => ({ id: u.id, name: u.name, parentId: u.parentId, tags: { ...u.tags } })),
      delegatedAdministratorAccountIds: [...org.delegatedAdministratorAccountIds],
      serviceControlPolicies: org.serviceControlPolicies.length > 0 ? org.serviceControlPolicies : undefined,
    },
    callerAccountId: state.callerAccountId,
    callerArn: state.caller.arn,
    snsTopics: [...state.snsTopics],
    s3Buckets: [...state.buckets.keys()],
    accounts: state.accountList.map(dumpAccount),
    faults,
    credentialReportDelaySeconds: state.credentialReportDelaySeconds,
    identityCenter: state.identityCenter && dumpIdentityCenter(state.identityCenter, state.clock.nowMs()),
    managedPolicies: state.managedPolicies.size > 0
      ? [...state.managedPolicies].map(([arn, document]) => ({ arn, document }))
      : undefined,
    bucketPolicies: Object.keys(state.bucketPolicies).length > 0 ? state.bucketPolicies : undefined,
    topicPolicies: Object.keys(state.topicPolicies).length > 0 ? state.topicPolicies : undefined,
  };
}
