/**
 * The lower bound of a sweep's wall time: the fewest round trips the design needs, at a latency L, a
 * per-account token bucket of R calls per second (burst R, as the simulator enforces it) and C accounts
 * swept at once (SWEEP_CONCURRENCY). It is computed from the organization's scenario, never from what a
 * sweep did.
 *
 *   LB = max(T_caller, T_pipeline, T_critical)
 *   T_caller   = max(0, n_caller - R) / R + L     the caller account's bucket: discovery, every AssumeRole, its own IAM
 *   T_pipeline = L·d_disc + Σ_a t_a / C + L       C accounts at a time, each busy for at least t_a; then delivery
 *   T_critical = L·d_disc + max_a t_a + L         the slowest account after discovery
 *   t_a        = max(L·d_a, max(0, n_a - R) / R + L)   the account's round trips in a row, or its own bucket
 *
 * n_a (calls) and d_a (round trips in a row) of an account: AssumeRole; GenerateCredentialReport then
 * GetCredentialReport, with ListUsers beside them; for each user the report flags, GetUser, then
 * GetLoginProfile and ListAccessKeys at once, then GetAccessKeyLastUsed per key; but when IAM generated the
 * report during the run (`freshReport`), only GetUser, and GetLoginProfile and ListAccessKeys where the
 * report shows a password or keys, whose last use it gives; with the unused-roles report, ListRoles and
 * GetRole per role it must read. In delete mode, for each user to delete: the backup reads at once (they
 * are also the live re-check), then GetUserPolicy, GetSSHPublicKey and GetAccessKeyLastUsed, the backup's PutObject, every
 * dependent object's delete at once (an MFA device deactivated before it is deleted), then DeleteUser; for
 * each user who stays and loses a stale key: the live re-check (saved as the record of the key), the
 * record's PutObject, DeleteAccessKey; and one listing of the account's earlier backups. Discovery (d_disc): DescribeOrganization,
 * GetCallerIdentity and ListRoots at once, the pages of ListAccountsForParent and
 * ListOrganizationalUnitsForParent (20 a page) of the root and every OU, ListTagsForResource for them and
 * for every ACTIVE account below no opted-out OU. S3 (backups, the JSON report) and SNS are not under the
 * per-account bucket: AWS limits S3 per prefix (3,500 writes per second).
 */
import type { UserIntent } from '../sim/generator';
import type { AccountSpec, OrganizationSpec, UserSpec } from '../sim/scenario';

export type BenchMode = 'report' | 'delete';

/** The design's fewest calls and round trips for one account. */
export interface AccountWork {
  /** Calls with the account's own credentials (its IAM), under its own bucket. */
  memberCalls: number;
  /** Calls the caller account makes for it (AssumeRole), under the caller's bucket. */
  callerCalls: number;
  /** S3 calls for it (backups, the listing of earlier ones). */
  s3Calls: number;
  /** Round trips that must follow one another, AssumeRole included. */
  rounds: number;
}

export interface SweepSettings {
  inactiveDays: number;
  maxDeletionsPerAccount: number;
  maxActionFraction: number;
  /** The unused-roles report: ListRoles, then GetRole for each role old enough and not excluded. */
  unusedRoles: boolean;
  /** Role name globs never read: the sweep's own roles and the configured exclusions. */
  roleExcludes: string[];
}

const PAGE = 20;
const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { d: DAY_MS, h: 3_600_000, m: 60_000, s: 1000 };

/** The age in days of a generated relative time (`-120d`, `-3h`). */
function ageDays(time: string): number {
  const match = /^-(\d+(?:\.\d+)?)([dhms])$/.exec(time);
  if (!match) throw new Error(`expected a relative time such as -120d, got ${time}`);
  return (Number(match[1]) * UNIT_MS[match[2]]) / DAY_MS;
}

const globMatches = (glob: string, name: string) =>
  new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name);

/** Roles whose last use the unused-roles report must read: old enough, not service-linked, not excluded. */
function rolesToRead(account: AccountSpec, settings: SweepSettings): number {
  return (account.roles ?? []).filter(
    (role) =>
      ageDays(role.created ?? '-0d') > settings.inactiveDays &&
      !(role.path ?? '/').startsWith('/aws-service-role/') &&
      !settings.roleExcludes.some((glob) => globMatches(glob, role.name)),
  ).length;
}

const staleKeys = (user: UserSpec, inactiveDays: number) =>
  (user.accessKeys ?? []).filter(
    (key) => ageDays(key.created) > inactiveDays && (!key.lastUsed || ageDays(key.lastUsed) > inactiveDays),
  ).length;

/**
 * A user's backup reads: ten listings and gets at once, then the policy documents, the SSH keys' bodies and
 * the access keys' last use.
 */
function backupReads(user: UserSpec): { calls: number; rounds: number } {
  const followUps =
    Object.keys(user.inlinePolicies ?? {}).length + (user.sshPublicKeys?.length ?? 0) + (user.accessKeys?.length ?? 0);
  return { calls: 10 + followUps, rounds: followUps > 0 ? 2 : 1 };
}

/**
 * The live re-check of a user who stays, which is also what is saved before its stale keys are deleted:
 * GetUser, then GetLoginProfile and ListAccessKeys at once, then the keys' last use.
 */
function liveReads(user: UserSpec): { calls: number; rounds: number } {
  const keys = user.accessKeys?.length ?? 0;
  return { calls: 3 + keys, rounds: keys > 0 ? 3 : 2 };
}

/** Backup reads, the backup's PutObject, the dependents' deletes, DeleteUser. */
function deletion(user: UserSpec): { calls: number; rounds: number } {
  const reads = backupReads(user);
  const mfa = user.mfaDevices?.filter((device) => device.enabled !== false) ?? [];
  const virtual = mfa.filter((device) => device.virtual).length;
  const dependents =
    (user.loginProfile ? 1 : 0) +
    (user.accessKeys?.length ?? 0) +
    (user.signingCertificates?.length ?? 0) +
    (user.sshPublicKeys?.length ?? 0) +
    (user.serviceSpecificCredentials?.length ?? 0) +
    mfa.length +
    virtual +
    Object.keys(user.inlinePolicies ?? {}).length +
    (user.attachedPolicies?.length ?? 0) +
    (user.groups?.length ?? 0);
  const dependentRounds = dependents === 0 ? 0 : virtual > 0 ? 2 : 1;
  return { calls: reads.calls + dependents + 1, rounds: reads.rounds + 1 + dependentRounds + 1 };
}

/**
 * The inventory's read of a user the report flags: live whole, or relying on a report of this run; then,
 * for a user so found inactive, its SSH keys and service-specific credentials at once (IAM records no use
 * of them, and an active one keeps the user).
 */
function inventoryReads(user: UserSpec, freshReport: boolean, inactive: boolean): { calls: number; rounds: number } {
  const follow = (user.loginProfile ? 1 : 0) + ((user.accessKeys?.length ?? 0) > 0 ? 1 : 0);
  const read = freshReport ? { calls: 1 + follow, rounds: follow > 0 ? 2 : 1 } : liveReads(user);
  return inactive ? { calls: read.calls + 2, rounds: read.rounds + 1 } : read;
}

/**
 * The work in one account the sweep enters. Which users the credential report flags (inactive, stale key
 * only, excluded) is the generator's intent for them; deletions follow the caps of `settings`.
 * `freshReport`: IAM generates the credential report during the run, rather than serving one of the last
 * 4 hours (as it does to a run that follows another within them).
 */
export function accountWork(
  account: AccountSpec,
  intents: Record<string, UserIntent>,
  hasRole: boolean,
  mode: BenchMode,
  settings: SweepSettings,
  freshReport: boolean,
): AccountWork {
  if (!hasRole) return { memberCalls: 0, callerCalls: 1, s3Calls: 0, rounds: 1 };
  const users = account.users ?? [];
  const flagged = users.filter((user) => intents[user.name] !== 'active' && intents[user.name] !== 'new-never-used');
  let memberCalls = 2 + Math.max(1, Math.ceil(users.length / 1000));
  let reads = 2;
  let readRounds = 0;
  for (const user of flagged) {
    const work = inventoryReads(user, freshReport, intents[user.name] === 'inactive');
    memberCalls += work.calls;
    readRounds = Math.max(readRounds, work.rounds);
  }
  reads += readRounds;
  if (settings.unusedRoles) {
    const toRead = rolesToRead(account, settings);
    memberCalls += 1 + toRead;
    reads = Math.max(reads, toRead > 0 ? 2 : 1);
  }
  let s3Calls = 0;
  let actRounds = 0;
  if (mode === 'delete') {
    const inactive = flagged.filter((user) => intents[user.name] === 'inactive');
    const staleKeyOnly = flagged.filter(
      (user) => intents[user.name] === 'stale-key-only' && staleKeys(user, settings.inactiveDays) > 0,
    );
    const acting = inactive.length + staleKeyOnly.length;
    const breaker = users.length >= 5 && acting / users.length > settings.maxActionFraction;
    if (!breaker) {
      const deleted = inactive.slice(0, settings.maxDeletionsPerAccount);
      for (const user of deleted) {
        const work = deletion(user);
        memberCalls += work.calls;
        actRounds = Math.max(actRounds, work.rounds);
      }
      for (const user of staleKeyOnly) {
        const reads = liveReads(user);
        memberCalls += reads.calls + staleKeys(user, settings.inactiveDays);
        actRounds = Math.max(actRounds, reads.rounds + 2);
      }
      s3Calls = deleted.length + staleKeyOnly.length + (deleted.length > 0 ? 1 : 0);
    }
  }
  return { memberCalls, callerCalls: 1, s3Calls, rounds: 1 + reads + actRounds };
}

export interface DiscoveryWork {
  calls: number;
  rounds: number;
}

/** Discovery of the organization: its calls and round trips in a row, tags of the accounts included. */
export function discoveryWork(
  organization: OrganizationSpec,
  accounts: readonly AccountSpec[],
  optOutTag: { key: string; value: string },
): DiscoveryWork {
  const units = organization.organizationalUnits ?? [];
  const parents = [{ id: organization.rootId, parentId: undefined as string | undefined, tags: organization.rootTags }, ...units];
  const byId = new Map(parents.map((parent) => [parent.id, parent]));
  const depth = (id: string): number => {
    const parentId = byId.get(id)?.parentId;
    return parentId ? 1 + depth(parentId) : 0;
  };
  const optedOut = (id: string | undefined): boolean => {
    const parent = id ? byId.get(id) : undefined;
    return parent ? parent.tags?.[optOutTag.key] === optOutTag.value || optedOut(parent.parentId) : false;
  };
  let calls = 3;
  let longest = 0;
  for (const parent of parents) {
    const accountPages = Math.max(1, Math.ceil(accounts.filter((a) => a.parentId === parent.id).length / PAGE));
    const unitPages = Math.max(1, Math.ceil(units.filter((u) => u.parentId === parent.id).length / PAGE));
    calls += accountPages + unitPages + 1;
    longest = Math.max(longest, depth(parent.id) + accountPages);
  }
  calls += accounts.filter((a) => a.state === 'ACTIVE' && !optedOut(a.parentId)).length;
  return { calls, rounds: 1 + longest + 1 };
}

export interface BoundInput {
  discovery: DiscoveryWork;
  /** Every account the sweep enters. */
  accounts: readonly AccountWork[];
  /** The caller's own account, when the sweep enters it: its IAM shares the caller's bucket. */
  callerAccount?: AccountWork;
  latencyMs: number;
  /** Per-account calls per second; 0 = unlimited. */
  ratePerSecond: number;
  concurrency: number;
}

export interface LowerBound {
  seconds: number;
  callerSeconds: number;
  pipelineSeconds: number;
  criticalSeconds: number;
  /** Every call of the design's fewest, delivery included. */
  calls: number;
}

/** The formula at the top of this file. */
export function lowerBound(input: BoundInput): LowerBound {
  const L = input.latencyMs / 1000;
  const R = input.ratePerSecond;
  const bucket = (calls: number) => (R > 0 ? Math.max(0, calls - R) / R + L : 0);
  const busy = (work: AccountWork) => Math.max(L * work.rounds, work.memberCalls > 0 ? bucket(work.memberCalls) : 0);
  const sum = (pick: (work: AccountWork) => number) => input.accounts.reduce((total, work) => total + pick(work), 0);
  const delivery = 2;
  const callerCalls = input.discovery.calls + sum((work) => work.callerCalls) + (input.callerAccount?.memberCalls ?? 0);
  const discovery = L * input.discovery.rounds;
  const times = input.accounts.map(busy);
  const callerSeconds = bucket(callerCalls);
  const pipelineSeconds = discovery + times.reduce((total, t) => total + t, 0) / input.concurrency + L;
  const criticalSeconds = discovery + Math.max(0, ...times) + L;
  return {
    seconds: Math.max(callerSeconds, pipelineSeconds, criticalSeconds),
    callerSeconds,
    pipelineSeconds,
    criticalSeconds,
    calls: input.discovery.calls + sum((work) => work.memberCalls + work.callerCalls + work.s3Calls) + delivery,
  };
}
