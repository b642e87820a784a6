/**
 * IAM Identity Center: one instance with its identity store (users, groups, memberships), its permission
 * sets and account assignments, and sso-admin's asynchronous assignment requests. Built from the scenario's
 * `identityCenter`, written back in that format, and the source of the sign-in events in the admin
 * account's trail.
 */
import { createHash } from 'node:crypto';
import type {
  IdentityCenterAssignmentSpec,
  IdentityCenterSpec,
  IdentityCenterUserSpec,
} from './scenario';
import type { TrailEvent } from './trail';

export const DEFAULT_IDENTITY_CENTER_REGION = 'us-east-1';
const DEFAULT_ASSIGNMENT_DELAY_MS = 200;

export type SignInKind = NonNullable<IdentityCenterUserSpec['signInKind']>;
export type PrincipalType = IdentityCenterAssignmentSpec['principalType'];

/** Every listed thing carries `seq`, its place in list order, so a page token stays valid across deletions. */
interface Listed {
  seq: number;
}

export interface IdentityStoreUser extends Listed {
  id: string;
  userName: string;
  displayName?: string;
  email?: string;
  givenName?: string;
  familyName?: string;
  /** IdentityCenterUserSpec.attributes: what CreateUser was given besides UserName and DisplayName. */
  attributes?: Record<string, unknown>;
  created: Date;
  signInKind: SignInKind;
  signIns: Date[];
  failedSignIns: Date[];
}

export interface IdentityStoreGroup extends Listed {
  id: string;
  displayName: string;
  created: Date;
}

export interface GroupMembership extends Listed {
  id: string;
  groupId: string;
  userId: string;
  created: Date;
}

export interface PermissionSet extends Listed {
  arn: string;
  name: string;
  created: Date;
  /** Account ids in provisioning order. */
  provisionedTo: string[];
}

export interface AccountAssignment extends Listed {
  accountId: string;
  permissionSetArn: string;
  principalType: PrincipalType;
  principalId: string;
}

export type AssignmentRequestStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

/** A CreateAccountAssignment or DeleteAccountAssignment request, which completes after a delay. */
export interface AssignmentRequest {
  requestId: string;
  kind: 'create' | 'delete';
  assignment: Omit<AccountAssignment, 'seq'>;
  created: Date;
  completesAtMs: number;
  status: AssignmentRequestStatus;
  failureReason?: string;
  /** Decided when the request is made (the `failAssignmentDeletion` fault). */
  plannedFailure?: string;
}

export interface IdentityCenterState {
  adminAccountId: string;
  region: string;
  instanceArn: string;
  identityStoreId: string;
  created: Date;
  /** Maps in list order (insertion order). */
  users: Map<string, IdentityStoreUser>;
  groups: Map<string, IdentityStoreGroup>;
  memberships: Map<string, GroupMembership>;
  permissionSets: Map<string, PermissionSet>;
  /** Keyed by assignmentKey(). */
  assignments: Map<string, AccountAssignment>;
  requests: Map<string, AssignmentRequest>;
  /** Requests still IN_PROGRESS, oldest first. */
  pending: AssignmentRequest[];
  deletionDelayMs: number;
  creationDelayMs: number;
  nextSeq: number;
}

/** A UUID-shaped id derived from its parts, so that a scenario always yields the same ids. */
export function derivedUuid(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\0')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A new identity store resource id: `<the store's 10 hex digits>-<UUID>`, as AWS issues them
 * (a plain UUID for a store whose id is not `d-` and 10 hex digits).
 */
export function newResourceId(ic: IdentityCenterState, uuid: string): string {
  const store = /^d-([0-9a-f]{10})$/.exec(ic.identityStoreId);
  return store ? `${store[1]}-${uuid}` : uuid;
}

/**
 * The user attributes CreateUser takes besides UserName and DisplayName (identitystore CreateUserRequest),
 * which the identity store keeps as given and DescribeUser and ListUsers return.
 */
export const STORED_USER_ATTRIBUTES = [
  'Name', 'NickName', 'ProfileUrl', 'Emails', 'Addresses', 'PhoneNumbers', 'UserType', 'Title', 'PreferredLanguage',
  'Locale', 'Timezone', 'Photos', 'Website', 'Birthdate', 'Roles', 'Extensions',
] as const;

/** DescribeUser: "aws:identitystore:enterprise is the only supported extension name". */
export const SUPPORTED_EXTENSIONS: readonly string[] = ['aws:identitystore:enterprise'];

export function assignmentKey(a: Omit<AccountAssignment, 'seq'>): string {
  return `${a.accountId}\0${a.permissionSetArn}\0${a.principalType}\0${a.principalId}`;
}

export function identityStoreArn(ic: IdentityCenterState): string {
  const partition = ic.instanceArn.split(':')[1];
  return `arn:${partition}:identitystore::${ic.adminAccountId}:identitystore/${ic.identityStoreId}`;
}

function splitDisplayName(displayName: string | undefined): { givenName?: string; familyName?: string } {
  if (!displayName) return {};
  const space = displayName.indexOf(' ');
  return space === -1 ? { givenName: displayName } : { givenName: displayName.slice(0, space), familyName: displayName.slice(space + 1) };
}

export function addMembership(ic: IdentityCenterState, groupId: string, userId: string, id: string, created: Date): GroupMembership {
  const membership = { id, groupId, userId, created, seq: ic.nextSeq++ };
  ic.memberships.set(id, membership);
  return membership;
}

/** Records an assignment (idempotent) and provisions its permission set to the account, as AWS does. */
export function addAssignment(ic: IdentityCenterState, assignment: Omit<AccountAssignment, 'seq'>): void {
  const key = assignmentKey(assignment);
  if (!ic.assignments.has(key)) ic.assignments.set(key, { ...assignment, seq: ic.nextSeq++ });
  const permissionSet = ic.permissionSets.get(assignment.permissionSetArn);
  if (permissionSet && !permissionSet.provisionedTo.includes(assignment.accountId)) permissionSet.provisionedTo.push(assignment.accountId);
}

/** The runtime state of a validated `identityCenter` section; `at` resolves scenario times. */
export function buildIdentityCenter(spec: IdentityCenterSpec, at: (value: string) => Date, startedAt: Date): IdentityCenterState {
  const ic: IdentityCenterState = {
    adminAccountId: spec.adminAccountId,
    region: spec.region ?? DEFAULT_IDENTITY_CENTER_REGION,
    instanceArn: spec.instanceArn,
    identityStoreId: spec.identityStoreId,
    created: startedAt,
    users: new Map(),
    groups: new Map(),
    memberships: new Map(),
    permissionSets: new Map(),
    assignments: new Map(),
    requests: new Map(),
    pending: [],
    deletionDelayMs: spec.assignmentDeletionDelayMs ?? DEFAULT_ASSIGNMENT_DELAY_MS,
    creationDelayMs: spec.assignmentCreationDelayMs ?? DEFAULT_ASSIGNMENT_DELAY_MS,
    nextSeq: 0,
  };
  for (const user of spec.users) {
    const created = at(user.created);
    ic.users.set(user.id, {
      id: user.id,
      userName: user.userName,
      displayName: user.displayName,
      email: user.email,
      ...splitDisplayName(user.displayName),
      ...(user.attributes ? { attributes: structuredClone(user.attributes) } : {}),
      created,
      signInKind: user.signInKind ?? 'password',
      signIns: (user.signIns ?? []).map(at),
      failedSignIns: (user.failedSignIns ?? []).map(at),
      seq: ic.nextSeq++,
    });
    if (created < ic.created) ic.created = created;
  }
  for (const group of spec.groups ?? []) {
    ic.groups.set(group.id, { id: group.id, displayName: group.displayName, created: ic.created, seq: ic.nextSeq++ });
    for (const userId of group.memberUserIds ?? []) {
      addMembership(ic, group.id, userId, newResourceId(ic, derivedUuid(ic.identityStoreId, group.id, userId)), ic.users.get(userId)!.created);
    }
  }
  for (const permissionSet of spec.permissionSets ?? []) {
    ic.permissionSets.set(permissionSet.arn, {
      arn: permissionSet.arn,
      name: permissionSet.name,
      created: ic.created,
      provisionedTo: [...permissionSet.provisionedToAccountIds],
      seq: ic.nextSeq++,
    });
  }
  for (const assignment of spec.assignments ?? []) addAssignment(ic, assignment);
  return ic;
}

/** Completes the assignment requests whose delay has passed: call before reading or changing assignments. */
export function settleAssignmentRequests(ic: IdentityCenterState, nowMs: number): void {
  while (ic.pending.length > 0 && ic.pending[0].completesAtMs <= nowMs) {
    const request = ic.pending.shift()!;
    const { assignment } = request;
    if (request.plannedFailure) {
      request.status = 'FAILED';
      request.failureReason = request.plannedFailure;
    } else if (request.kind === 'delete') {
      ic.assignments.delete(assignmentKey(assignment));
      request.status = 'SUCCEEDED';
    } else if (!(assignment.principalType === 'USER' ? ic.users : ic.groups).has(assignment.principalId)) {
      request.status = 'FAILED';
      request.failureReason = `Received a 404 status error: ${assignment.principalType === 'USER' ? 'User' : 'Group'} ${assignment.principalId} does not exist in the identity store.`;
    } else {
      addAssignment(ic, assignment);
      request.status = 'SUCCEEDED';
    }
  }
}

/** Starts an asynchronous assignment request; it stays IN_PROGRESS for the configured delay. */
export function startAssignmentRequest(
  ic: IdentityCenterState,
  kind: AssignmentRequest['kind'],
  assignment: Omit<AccountAssignment, 'seq'>,
  requestId: string,
  now: Date,
  plannedFailure?: string,
): AssignmentRequest {
  const delay = kind === 'delete' ? ic.deletionDelayMs : ic.creationDelayMs;
  const request: AssignmentRequest = {
    requestId, kind, assignment, created: now, completesAtMs: now.getTime() + delay, status: 'IN_PROGRESS', plannedFailure,
  };
  ic.requests.set(requestId, request);
  ic.pending.push(request);
  const last = ic.pending.length - 1;
  if (last > 0 && ic.pending[last - 1].completesAtMs > request.completesAtMs) ic.pending.sort((a, b) => a.completesAtMs - b.completesAtMs);
  return request;
}

const iso = (date: Date) => date.toISOString();

/** The current Identity Center in the scenario format, with absolute ISO times. */
export function dumpIdentityCenter(ic: IdentityCenterState, nowMs: number): IdentityCenterSpec {
  settleAssignmentRequests(ic, nowMs);
  const memberships = [...ic.memberships.values()];
  return {
    adminAccountId: ic.adminAccountId,
    region: ic.region,
    instanceArn: ic.instanceArn,
    identityStoreId: ic.identityStoreId,
    users: [...ic.users.values()].map((u) => ({
      id: u.id,
      userName: u.userName,
      displayName: u.displayName,
      email: u.email,
      ...(u.attributes ? { attributes: structuredClone(u.attributes) } : {}),
      created: iso(u.created),
      signInKind: u.signInKind,
      signIns: u.signIns.map(iso),
      failedSignIns: u.failedSignIns.map(iso),
    })),
    groups: [...ic.groups.values()].map((g) => ({
      id: g.id,
      displayName: g.displayName,
      memberUserIds: memberships.filter((m) => m.groupId === g.id).map((m) => m.userId),
    })),
    permissionSets: [...ic.permissionSets.values()].map((p) => ({ arn: p.arn, name: p.name, provisionedToAccountIds: [...p.provisionedTo] })),
    assignments: [...ic.assignments.values()].map((a) => ({
      accountId: a.accountId, permissionSetArn: a.permissionSetArn, principalType: a.principalType, principalId: a.principalId,
    })),
    assignmentDeletionDelayMs: ic.deletionDelayMs,
    assignmentCreationDelayMs: ic.creationDelayMs,
  };
}

const SIGN_IN_SOURCE = 'signin.amazonaws.com';
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * One sign-in event as Identity Center writes it to CloudTrail. The user is named by
 * `userIdentity.onBehalfOf.userId`; `UserName` appears in `additionalEventData` (and so in LookupEvents'
 * Username) only when `additionalEventData` given here carries it.
 */
function signInEvent(
  ic: IdentityCenterState,
  user: IdentityStoreUser,
  eventName: 'CredentialChallenge' | 'CredentialVerification' | 'UserAuthentication',
  timeMs: number,
  outcome: 'Success' | 'Failure',
  additionalEventData: Record<string, string>,
): TrailEvent {
  const eventId = derivedUuid('sign-in', additionalEventData.AuthWorkflowID, eventName);
  const octets = createHash('sha1').update(user.id).digest();
  const record = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'Unknown',
      principalId: ic.adminAccountId,
      arn: '',
      accountId: ic.adminAccountId,
      accessKeyId: '',
      onBehalfOf: { userId: user.id, identityStoreArn: identityStoreArn(ic) },
      credentialId: derivedUuid('credential', user.id).replace(/-/g, ''),
    },
    eventTime: isoSeconds(timeMs),
    eventSource: SIGN_IN_SOURCE,
    eventName,
    awsRegion: ic.region,
    sourceIPAddress: `198.51.100.${octets[0] % 250 + 1}`,
    userAgent: BROWSER,
    requestParameters: null,
    responseElements: null,
    additionalEventData,
    requestID: derivedUuid('request', eventId),
    eventID: eventId,
    readOnly: false,
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: ic.adminAccountId,
    serviceEventDetails: { [eventName]: outcome },
    eventCategory: 'Management',
  };
  return {
    id: eventId,
    name: eventName,
    source: SIGN_IN_SOURCE,
    timeMs,
    readOnly: false,
    username: additionalEventData.UserName,
    resources: [],
    record,
  };
}

/**
 * The sign-in events of every user, as the instance's Region of the admin account records them:
 * - built-in directory (`password`): CredentialChallenge (with UserName) → CredentialVerification →
 *   UserAuthentication, the last at the sign-in time; a failed sign-in stops at a failed CredentialVerification;
 * - `external-idp`: UserAuthentication alone (with UserName); the IdP handles credentials and failures.
 */
export function signInEvents(ic: IdentityCenterState): TrailEvent[] {
  const events: TrailEvent[] = [];
  const loginTo = `https://${ic.identityStoreId}.awsapps.com/start/`;
  const second = (date: Date) => Math.floor(date.getTime() / 1000) * 1000;
  for (const user of ic.users.values()) {
    if (user.signInKind === 'external-idp') {
      for (const signIn of user.signIns) {
        const workflow = derivedUuid('workflow', ic.identityStoreId, user.id, String(signIn.getTime()));
        events.push(signInEvent(ic, user, 'UserAuthentication', second(signIn), 'Success', {
          AuthWorkflowID: workflow, LoginTo: loginTo, CredentialType: 'EXTERNAL_IDP', UserName: user.userName,
        }));
      }
      continue;
    }
    for (const signIn of user.signIns) {
      const at = second(signIn);
      const workflow = derivedUuid('workflow', ic.identityStoreId, user.id, String(at));
      events.push(
        signInEvent(ic, user, 'CredentialChallenge', at - 2000, 'Success', { AuthWorkflowID: workflow, CredentialType: 'PASSWORD', UserName: user.userName }),
        signInEvent(ic, user, 'CredentialVerification', at - 1000, 'Success', { AuthWorkflowID: workflow, CredentialType: 'PASSWORD' }),
        signInEvent(ic, user, 'UserAuthentication', at, 'Success', { AuthWorkflowID: workflow, LoginTo: loginTo, CredentialType: 'PASSWORD' }),
      );
    }
    for (const failed of user.failedSignIns) {
      const at = second(failed);
      const workflow = derivedUuid('workflow', ic.identityStoreId, user.id, String(at), 'failed');
      events.push(
        signInEvent(ic, user, 'CredentialChallenge', at - 1000, 'Success', { AuthWorkflowID: workflow, CredentialType: 'PASSWORD', UserName: user.userName }),
        signInEvent(ic, user, 'CredentialVerification', at, 'Failure', { AuthWorkflowID: workflow, CredentialType: 'PASSWORD' }),
      );
    }
  }
  return events;
}
