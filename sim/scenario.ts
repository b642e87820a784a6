/**
 * The scenario format: the whole state of a simulated AWS Organization, as the simulator loads it and as
 * `GET /_sim/state` returns it. Other work and acceptance checks depend on these names: extend, never rename.
 *
 * Times are ISO 8601 or relative to the simulator's start (`-120d`, `-3h`, `-15m`, `-30s`).
 * A missing `lastUsed` or `passwordLastUsed` means never used; absent lists are empty.
 */

import type { Partition } from './partition';

export type Tags = Record<string, string>;
export type AccountState = 'PENDING_ACTIVATION' | 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';

export interface Scenario {
  /**
   * The AWS partition (default `aws`): `aws-us-gov` or `aws-cn` put every ARN in that partition, and the
   * simulator then answers only requests signed for that partition's Regions (sim/partition.ts).
   */
  partition?: Partition;
  organization: OrganizationSpec;
  /** The account the sweep runs in (delegated administrator); unknown access key ids belong to it. */
  callerAccountId: string;
  /**
   * The principal that unknown access key ids act as; must be in `callerAccountId`
   * (default `arn:aws:sts::<callerAccountId>:assumed-role/IamSweepOrchestrator/iam-sweep`).
   */
  callerArn?: string;
  snsTopics?: string[];
  s3Buckets?: string[];
  accounts: AccountSpec[];
  faults?: Partial<Faults>;
  /** Seconds a new credential report stays INPROGRESS after GenerateCredentialReport (default 0). */
  credentialReportDelaySeconds?: number;
  /** IAM Identity Center, administered from `identityCenter.adminAccountId`. */
  identityCenter?: IdentityCenterSpec;
  /**
   * Documents of the managed policies that users and roles name in `attachedPolicies` and
   * `permissionsBoundary`. Authorization only (see sim/scenarios/README.md): a policy named without a
   * document here grants nothing, except AWS's `AdministratorAccess`.
   */
  managedPolicies?: { arn: string; document: PolicyDocument }[];
  /** Resource policies of the report buckets, by bucket name (authorization only). */
  bucketPolicies?: Record<string, PolicyDocument>;
  /** Resource (access) policies of the SNS topics, by topic ARN (authorization only). */
  topicPolicies?: Record<string, PolicyDocument>;
}

/** An IAM policy document (`{ Version, Statement }`), as AWS takes it. */
export type PolicyDocument = object;

/**
 * A service control policy attached to the root, OUs or accounts named in `targetIds`. Every root, OU
 * and account also holds AWS's `FullAWSAccess`, as an organization has it by default, so a scenario's
 * SCPs only take away.
 */
export interface ServiceControlPolicySpec {
  name: string;
  document: PolicyDocument;
  targetIds: string[];
}

/**
 * IAM Identity Center: one instance and its identity store. Sign-ins are given as times per user; the
 * simulator lays each out as the real CloudTrail sequence (signin.amazonaws.com CredentialChallenge →
 * CredentialVerification → UserAuthentication, with `userIdentity.onBehalfOf.userId` and the
 * identityStoreArn) in the admin account's trail, in `region`.
 */
export interface IdentityCenterSpec {
  /** The account that administers Identity Center (the management account or its delegated admin). */
  adminAccountId: string;
  /** Where the instance lives and its sign-in events land (default us-east-1). */
  region?: string;
  /** `arn:aws:sso:::instance/ssoins-…` */
  instanceArn: string;
  /** `d-…` */
  identityStoreId: string;
  users: IdentityCenterUserSpec[];
  groups?: { id: string; displayName: string; memberUserIds?: string[] }[];
  permissionSets?: IdentityCenterPermissionSetSpec[];
  assignments?: IdentityCenterAssignmentSpec[];
  /** Milliseconds (simulator clock) a DeleteAccountAssignment stays IN_PROGRESS before it ends (default 200). */
  assignmentDeletionDelayMs?: number;
  /** Milliseconds (simulator clock) a CreateAccountAssignment stays IN_PROGRESS before it ends (default 200). */
  assignmentCreationDelayMs?: number;
}

export interface IdentityCenterUserSpec {
  /** The identity store user id (a UUID, or `<10 hex>-<uuid>` as AWS issues them). */
  id: string;
  userName: string;
  displayName?: string;
  email?: string;
  /**
   * The user's other CreateUser attributes as the identity store returns them (Name, Emails, NickName,
   * ProfileUrl, Addresses, PhoneNumbers, UserType, Title, PreferredLanguage, Locale, Timezone, Photos,
   * Website, Birthdate, Roles) and `Extensions` (`aws:identitystore:enterprise`: employeeNumber,
   * costCenter, department, manager, …). When set, DescribeUser returns these instead of a Name and
   * Emails made from displayName and email. CreateUser stores what it is given here.
   */
  attributes?: Record<string, unknown>;
  created: string;
  /**
   * How the user signs in, which decides where CloudTrail names the user: `password` (the built-in
   * directory; UserName only on CredentialChallenge) or `external-idp` (UserName on UserAuthentication).
   */
  signInKind?: 'password' | 'external-idp';
  /** Times of successful sign-ins. */
  signIns?: string[];
  /**
   * Times of failed sign-ins (CredentialChallenge, then CredentialVerification with a failure). Only the
   * built-in directory logs them: an external IdP rejects the user before Identity Center sees a thing,
   * so for `external-idp` users they leave no event (and a successful sign-in is UserAuthentication alone).
   */
  failedSignIns?: string[];
}

export interface IdentityCenterPermissionSetSpec {
  arn: string;
  name: string;
  /** Accounts the permission set is provisioned to. */
  provisionedToAccountIds: string[];
}

export interface IdentityCenterAssignmentSpec {
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

/** One CloudTrail management event in an account's trail, as LookupEvents returns it. */
export interface CloudTrailEventSpec {
  time: string;
  eventName: string;
  eventSource: string;
  /** Default us-east-1. */
  region?: string;
  /** The IAM user that made the call (userIdentity.type IAMUser), for the cross-check before deletion. */
  userName?: string;
  accessKeyId?: string;
  /** The resources LookupEvents lists for the event (matched by the ResourceType and ResourceName lookups). */
  resources?: { type: string; name: string }[];
  /** Any further fields of the CloudTrailEvent JSON; they override the generated ones (e.g. `readOnly`, `eventID`). */
  detail?: Record<string, unknown>;
}

export interface OrganizationSpec {
  id: string;
  managementAccountId: string;
  rootId: string;
  rootTags?: Tags;
  organizationalUnits?: OrganizationalUnitSpec[];
  /** Accounts besides the management account that may read Organizations (default `[callerAccountId]`). */
  delegatedAdministratorAccountIds?: string[];
  /** Authorization only; they never apply to the management account, as at AWS. */
  serviceControlPolicies?: ServiceControlPolicySpec[];
}

export interface OrganizationalUnitSpec {
  id: string;
  name: string;
  parentId: string;
  tags?: Tags;
}

export interface AccountSpec {
  id: string;
  name: string;
  email: string;
  state: AccountState;
  parentId: string;
  tags?: Tags;
  /** When the account joined the organization (default `-365d`). */
  joined?: string;
  /** How the account joined the organization (default `CREATED`). */
  joinedMethod?: 'INVITED' | 'CREATED';
  roles?: RoleSpec[];
  groups?: GroupSpec[];
  users?: UserSpec[];
  /** Virtual MFA devices assigned to nobody and not listed under a user (as `GET /_sim/state` writes them). */
  virtualMfaDevices?: { serial: string }[];
  /** Management events in the account's trail (LookupEvents, last 90 days). */
  cloudTrailEvents?: CloudTrailEventSpec[];
}

export interface RoleSpec {
  name: string;
  path?: string;
  /**
   * Accounts whose principals may assume the role. With `trustPolicy` it defaults to the accounts that
   * policy names as principals, and the policy's conditions are evaluated when authorization is on.
   */
  trustedAccountIds?: string[];
  /** The role's trust policy (authorization only; without it the role trusts `trustedAccountIds`). */
  trustPolicy?: PolicyDocument;
  /** Identity policies of the role's sessions (authorization only), as for users. */
  inlinePolicies?: Record<string, PolicyDocument>;
  attachedPolicies?: string[];
  permissionsBoundary?: string;
  created?: string;
  lastUsed?: string;
  lastUsedRegion?: string;
  tags?: Tags;
}

export interface GroupSpec {
  name: string;
  path?: string;
  /** Default: the simulator's start time. */
  created?: string;
}

export interface UserSpec {
  name: string;
  path?: string;
  created: string;
  passwordLastUsed?: string;
  /**
   * `lastChanged`: the password's last reset (UpdateLoginProfile, ChangePassword; default `created`). AWS
   * keeps GetLoginProfile's CreateDate at `created` and gives `lastChanged` as the credential report's
   * password_last_changed.
   */
  loginProfile?: { created: string; passwordResetRequired?: boolean; lastChanged?: string };
  accessKeys?: AccessKeySpec[];
  mfaDevices?: MfaDeviceSpec[];
  /** `body`: the public key (ssh-rsa …); the simulator makes one up from the id when absent. */
  sshPublicKeys?: { id: string; status: 'Active' | 'Inactive'; uploaded?: string; body?: string }[];
  /** `body`: the certificate (PEM); the simulator makes one up from the id when absent. */
  signingCertificates?: { id: string; status: 'Active' | 'Inactive'; uploaded?: string; body?: string }[];
  /**
   * `expires`: the ExpirationDate of a Bedrock or CloudWatch Logs API key created with an expiration period
   * (ListServiceSpecificCredentials returns it; Status still says Active once it has passed).
   */
  serviceSpecificCredentials?: { id: string; serviceName: string; status?: 'Active' | 'Inactive'; created?: string; expires?: string }[];
  inlinePolicies?: Record<string, unknown>;
  attachedPolicies?: string[];
  groups?: string[];
  permissionsBoundary?: string;
  tags?: Tags;
}

export interface AccessKeySpec {
  id: string;
  status: 'Active' | 'Inactive';
  created: string;
  lastUsed?: string;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface MfaDeviceSpec {
  serial: string;
  virtual: boolean;
  /** Whether the device is enabled for (assigned to) the user; a virtual device may exist unassigned. */
  enabled?: boolean;
  /** When the device was enabled for the user (default: the user's creation time). */
  enableDate?: string;
}

export interface Faults {
  /** Added to every call. */
  latencyMs: number;
  /** Probability (0–1) that a call answers the service's throttling error. */
  throttleRate: number;
  /** Probability (0–1) that a call answers HTTP 500. */
  serverErrorRate: number;
  /** Token bucket per account (calls per second, burst of the same size); 0 = unlimited. */
  perAccountRequestsPerSecond: number;
  /** Accounts into which AssumeRole answers AccessDenied. */
  denyAssumeRole: string[];
  /** Users whose next DeleteUser fails: `{ accountId, userName, code }`, each used once. */
  failDeleteUser?: { accountId: string; userName: string; code: string; message?: string }[];
  /** Operations that fail every time, e.g. `{ service: "sns", operation: "Publish", code: "InternalError" }`. */
  failOperations?: { service: string; operation: string; code: string; accountId?: string; message?: string }[];
  /** When true, the first page of every Organizations list call is empty but carries a NextToken (as AWS may). */
  emptyPages?: boolean;
  /** Seed of the pseudo-random generator behind `throttleRate` and `serverErrorRate` (default 1). */
  seed?: number;
  /** Probability (0–1) that a call waits `latencySpikeMs` more, from a generator of its own (seeded by `seed`). */
  latencySpikeRate?: number;
  /** The extra wait of a latency spike (default 1000). */
  latencySpikeMs?: number;
  /** Accounts whose credential report GetCredentialReport serves malformed, in the given way (default `truncated`). */
  corruptCredentialReport?: { accountId: string; corruption?: CredentialReportCorruption }[];
  /**
   * Users someone else deletes mid-run: just before the `occurrence`-th (default first) call of `operation` that
   * names the user in that account, the user is deleted with everything it holds, MFA devices included; each
   * entry acts once.
   */
  deleteUserOnCall?: { accountId: string; userName: string; operation: string; occurrence?: number }[];
  /**
   * Identity Center account assignments whose DeleteAccountAssignment ends FAILED (the assignment stays),
   * every time while the fault is set; `permissionSetArn` narrows it to one permission set.
   */
  failAssignmentDeletion?: { principalId: string; accountId: string; permissionSetArn?: string; reason?: string }[];
}

/**
 * How a malformed credential report is broken: `truncated` (its last line cut short), `bad-date` (a user's
 * creation time is not a time), `missing-column` (access_key_1_last_used_date left out), `missing-user` (the
 * last user's line left out), `empty`, `not-csv` (an HTML error page).
 */
/** What IAM takes as an SSH public key: ssh-rsa (with an optional comment) or PEM. */
export const SSH_PUBLIC_KEY =
  /^(ssh-rsa [A-Za-z0-9+/]+={0,2}( [^\r\n]*)?|-----BEGIN PUBLIC KEY-----\s+[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----)\s*$/;
/** What IAM takes as a signing certificate: PEM. */
export const CERTIFICATE = /^-----BEGIN CERTIFICATE-----\s+[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*$/;

export type CredentialReportCorruption = 'truncated' | 'bad-date' | 'missing-column' | 'missing-user' | 'empty' | 'not-csv';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Resolves a scenario time (`-120d`, `-3h`, or ISO 8601) against the simulator's start time. */
export function resolveTime(value: string, start: Date): Date {
  const relative = /^([+-]\d+(?:\.\d+)?)([smhd])$/.exec(value.trim());
  if (relative) return new Date(start.getTime() + Number(relative[1]) * UNIT_MS[relative[2]]);
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) {
    throw new Error(`Invalid scenario time "${value}": use ISO 8601 or a relative time such as -120d, -3h, -15m`);
  }
  return parsed;
}
