/**
 * Plain data that flows through the sweep pipeline:
 * discover accounts → inventory each account → decide (verdicts) → plan actions → act → report.
 * Nothing here imports the AWS SDK.
 */

export type { AccountAssignment, IdentityCenterUserBackup, UploadedPublicKey, UserBackup } from './backup-schema';

export type Mode = 'report' | 'disable' | 'delete';

/**
 * A tag that marks something, as `key=value`. A tag marks when its key equals `key` ignoring case and its
 * value is anything but a clear no (rules/marker-tag.ts): `value` is the one to write, not the only one.
 */
export interface TagMatch {
  key: string;
  value: string;
}

/** The sweep's settings, typed: inferred from the schema of the settings table (engine/settings/). */
export type { SweepConfig } from './settings/schema';

export interface Account {
  id: string;
  name: string;
  email: string;
  state: string;
}

export type SkipReason = 'not-active' | 'opted-out' | 'not-in-allow-list' | 'management-account' | 'outside-target-ous';

export interface SkippedAccount extends Account {
  reason: SkipReason;
  /** Human-readable detail, e.g. "OU ou-ab12-sandbox (Sandbox) carries iam-sweep:opt-out=true". */
  detail: string;
}

export interface AccessKeyState {
  /** From ListAccessKeys; absent while only the credential report is known. */
  id?: string;
  active: boolean;
  created: Date;
  lastUsed?: Date;
}

/** Everything the verdict rules need to know about one IAM user. */
export interface UserState {
  accountId: string;
  name: string;
  arn: string;
  created: Date;
  /** Last console sign-in; may survive the deletion of the password. */
  passwordLastUsed?: Date;
  /** Present while the user has a password (login profile): when it was set. */
  password?: { created: Date };
  accessKeys: AccessKeyState[];
  /** Undefined until fetched: the credential report carries no tags. */
  tags?: Record<string, string>;
  /**
   * The user's active credentials whose use IAM records nowhere: SSH public keys (CodeCommit) and
   * service-specific credentials (CodeCommit Git credentials, Amazon Keyspaces, Bedrock API keys).
   * Undefined until read, which is only for a user who is otherwise inactive.
   */
  unrecorded?: UnrecordedCredential[];
}

export interface UnrecordedCredential {
  kind: 'ssh-public-key' | 'service-specific-credential';
  id: string;
  /** The service a service-specific credential is for, e.g. bedrock.amazonaws.com. */
  service?: string;
  /** Uploaded or created. */
  since?: Date;
  /**
   * When a service-specific credential stops working (ExpirationDate: Bedrock API keys created with an
   * expiration period). Its Status may still say Active after that.
   */
  expires?: Date;
}

export type CredentialKind = 'password' | 'access-key';

export interface CredentialVerdict {
  kind: CredentialKind;
  /** The key id for access keys. */
  id?: string;
  active: boolean;
  stale: boolean;
  /** Newest of creation and last use: the credential's own last sign of life. */
  lastActivity: Date;
  reason: string;
  disabledAt?: Date;
}

export interface UserVerdict {
  accountId: string;
  userName: string;
  arn: string;
  /** Set when a rule protects the user: nothing about it is touched. */
  excluded?: string;
  inactive: boolean;
  /** Newest activity of any credential, or undefined when never used. */
  lastActivity?: Date;
  credentials: CredentialVerdict[];
  reason: string;
  /** When iam-sweep disabled the user (from its tag), for quarantine. */
  disabledAt?: Date;
}

export type ActionKind =
  | 'deactivate-key'
  /** A stale key someone else deactivated: only its quarantine clock starts. */
  | 'mark-key-disabled'
  | 'delete-login-profile'
  | 'tag-disabled'
  | 'delete-key'
  | 'delete-user';

export interface PlannedAction {
  kind: ActionKind;
  accountId: string;
  userName: string;
  /** The access key id for key actions. */
  keyId?: string;
  reason: string;
}

/** A deletion that will happen on a later run once the quarantine is over. */
export interface ScheduledDeletion {
  accountId: string;
  userName: string;
  keyId?: string;
  on: Date;
}

export interface AccountPlan {
  accountId: string;
  actions: PlannedAction[];
  scheduled: ScheduledDeletion[];
  /** Actions held back by the caps, with why. */
  heldBack: { userName: string; reason: string }[];
  /** Set when the circuit breaker tripped: nothing in the account is acted on. */
  circuitBreaker?: string;
}

export interface ActionOutcome extends PlannedAction {
  status: 'done' | 'skipped' | 'failed';
  detail?: string;
  /** Where the user's backup was written before a destructive step. */
  backupKey?: string;
}

export interface AccountResult {
  account: Account;
  status: 'swept' | 'failed' | 'not-reached';
  error?: string;
  userCount: number;
  verdicts: UserVerdict[];
  plan?: AccountPlan;
  outcomes: ActionOutcome[];
  /** The account's unused roles, when that report is on. */
  roles?: RoleReport;
}

/** A role as ListRoles and GetRole show it. */
export interface RoleState {
  name: string;
  arn: string;
  path: string;
  created: Date;
  /** From GetRole's RoleLastUsed; undefined when never used (or not yet read). */
  lastUsed?: Date;
  lastUsedRegion?: string;
}

export interface UnusedRole {
  name: string;
  arn: string;
  created: Date;
  lastUsed?: Date;
  lastUsedRegion?: string;
  /** "never used, created 400 days ago" or "last used 200 days ago in us-east-1". */
  reason: string;
}

/** Roles are only reported, never changed. */
export interface RoleReport {
  /** Roles in the account. */
  listed: number;
  /** Left out by an exclusion (service-linked, the sweep's own, a configured glob). */
  excluded: number;
  unused: UnusedRole[];
  /** Set when the roles could not be read: the account's users were still swept. */
  error?: string;
}

/** An IAM Identity Center user as the identity store lists it. */
export interface IdentityCenterUser {
  id: string;
  userName: string;
  displayName?: string;
  /** Absent when the identity store does not say: such a user cannot be aged, so is never inactive. */
  created?: Date;
}

/** A verdict on an Identity Center user; `accountId` holds the identity store id, its "account". */
export interface IdentityCenterUserVerdict extends UserVerdict {
  userId: string;
  displayName?: string;
}

/** A CloudTrail event, as much of it as the report names. */
export interface TrailEvent {
  eventName: string;
  time: Date;
  region: string;
}

/** A successful sign-in found in CloudTrail. */
export interface SignIn {
  userId: string;
  time: Date;
}

/** The Identity Center section of a run. */
export interface IdentityCenterResult {
  /** `refused`: the sign-in source could not be trusted, so no user was judged or acted on. */
  status: 'swept' | 'refused' | 'failed';
  region: string;
  instanceArn?: string;
  identityStoreId?: string;
  /** Why nothing was acted on, when refused. */
  refusal?: string;
  /** Why the sweep failed, when it did. */
  error?: string;
  /** What went wrong without changing what was decided or done (a quarantine check that was not recorded). */
  warnings?: string[];
  userCount: number;
  /** Successful sign-ins by current users found in the window. */
  signIns: number;
  verdicts: IdentityCenterUserVerdict[];
  plan?: AccountPlan;
  outcomes: ActionOutcome[];
}

/** The organization's circuit breaker, when it tripped: no account was acted on. */
export interface OrganizationCircuitBreaker {
  /** Users the sweep would have acted on, in all swept accounts, before any cap. */
  usersToActOn: number;
  /** Users in the swept accounts. */
  users: number;
  /** Swept accounts with a user to act on. */
  accounts: number;
  /** The limit it went over (SWEEP_MAX_ORGANIZATION_ACTION_FRACTION). */
  maxFraction: number;
  /** Why, for a person: the share, the counts and what to do. */
  reason: string;
}

export interface RunReport {
  organizationId: string;
  mode: Mode;
  inactiveDays: number;
  quarantineDays: number;
  startedAt: string;
  finishedAt: string;
  accounts: AccountResult[];
  skipped: SkippedAccount[];
  /** Where the full JSON report was written, when it was. */
  reportLocation?: string;
  /** The topic the report email was published to, when it was. */
  emailedTo?: string;
  /** Problems with delivering the report itself. */
  deliveryErrors: string[];
  /** Present when the Identity Center sweep is on. */
  identityCenter?: IdentityCenterResult;
  /** Present when the organization's circuit breaker tripped. */
  organizationCircuitBreaker?: OrganizationCircuitBreaker;
  /** Present when the host's clock was more than 5 minutes from AWS's, so the run used AWS's time. */
  clockWarning?: string;
}

/**
 * The kind of resource a permission is declared on, as the Service Authorization Reference names the
 * action's resource types; stacks/ renders each as the ARN pattern of every such resource where the call is
 * made. `*` only for actions that have no resource types, which IAM grants on `*` alone.
 */
export type ResourceScope =
  // IAM, in the account the call is made in
  | 'user'
  | 'group'
  | 'mfa'
  | 'role'
  // IAM Identity Center: its instance, permission sets and assigned accounts (sso), and its identity store
  | 'sso-instance'
  | 'sso-permission-set'
  | 'sso-account'
  | 'identity-store'
  | 'identity-store-user'
  | 'identity-store-group'
  | 'identity-store-membership'
  // AWS Organizations: ARNs under the management account and the organization id
  | 'organization-root'
  | 'organization-ou'
  | 'organization-account'
  // The report bucket: the bucket itself (listing), its run reports, user backups, state between runs, and
  // the parts a run spread over several invocations hands from stage to stage
  | 'report-bucket'
  | 'reports'
  | 'backups'
  | 'state'
  | 'runs'
  // The role restore assumes in a user's account
  | 'restore-role'
  // The cleanup role in any account of the organization (and only there: aws:ResourceOrgID)
  | 'cleanup-role'
  // What the sweep stack creates beside the orchestrator: the report topic, the queue of failed invocations,
  // the log streams of the function's log group, the function, and the schedule's dead-letter queue
  | 'report-topic'
  | 'failed-invocations-queue'
  | 'orchestrator-log-streams'
  | 'orchestrator-function'
  | 'schedule-dead-letter-queue'
  // The Step Functions engine: its state machine, and its executions (and map runs)
  | 'state-machine'
  | 'state-machine-execution'
  | '*';

/** AWS actions that a step calls, declared beside the call; the policies in stacks/ are built from these. */
export interface Permission {
  actions: readonly string[];
  /**
   * What the actions act on. Several when a call names several resources that must each be allowed, as
   * Identity Center's assignment calls name the instance, the permission set and the account.
   */
  resource: ResourceScope | readonly ResourceScope[];
  /** Whether the actions change what they act on (tagging included): the cleanup role denies every write to an excluded user. */
  access: 'read' | 'write';
  /** For tagging actions: the only tag keys they may add or remove, as `StringLike` patterns. */
  tagKeys?: readonly string[];
  /** For listing actions: the only key prefixes they may list (`s3:prefix`), as `StringLike` patterns. */
  prefixes?: readonly string[];
}

/**
 * What an AWS service does for the sweep, as calls of its own rather than of our code: Lambda running the
 * orchestrator, EventBridge Scheduler starting it, CloudWatch sending an alarm. Declared beside the code
 * the service serves; stacks/ grants it to the service's role, or to its principal in a resource policy.
 */
export interface ServiceCalls {
  /** The service principal, e.g. `lambda.amazonaws.com`. */
  servicePrincipal: string;
  /** How the service takes up the role it is given (the role's trust policy); absent when it is given none. */
  assumeRole?: Permission;
  /** What the service calls: with that role, or else as its principal, granted by the resource's policy. */
  permissions: readonly Permission[];
}

/**
 * What is saved before a stale access key or console password is deleted from a user who stays: the
 * credentials as the live re-check read them (never their secrets). The whole user is saved (UserBackup)
 * only when the user itself is to be deleted; nothing of this can be restored, but the record says what
 * was there and when it was last used.
 */
export interface CredentialsBackup {
  version: 1;
  kind: 'iam-credentials';
  accountId: string;
  userName: string;
  arn: string;
  created: string;
  savedAt: string;
  /** Why the sweep was about to delete them. */
  reason: string;
  tags: Record<string, string>;
  passwordLastUsed?: string;
  loginProfile?: { created: string };
  accessKeys: { id: string; status: string; created: string; lastUsed?: string }[];
}

/** An account with the chain of containers above it (OUs, then the root), nearest first. */
export interface PlacedAccount extends Account {
  ancestors: { id: string; name: string; tags: Record<string, string> }[];
  /** Read only where no ancestor opts out: an account under an opted-out OU is never looked at more. */
  tags?: Record<string, string>;
}
