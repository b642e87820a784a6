/**
 * What a run may and must do, judged from the simulator's state before it (`GET /_sim/state`) with the
 * engine's own pure functions (`decide`, `selectAccounts`), and the invariants every run must keep, checked
 * on the state after it, its report, the bucket and the calls it made. Nothing here re-implements a verdict
 * rule: the rules' independent check is the generator's intent (see `intentViolations`).
 */
import { decide, type RuleContext } from '../../lambdas/engine/decide';
import { planAccount, planUser } from '../../lambdas/engine/plan';
import { selectAccounts } from '../../lambdas/engine/select-accounts';
import { DISABLED_AT_TAG, isStateTag, keyDisabledAtTag } from '../../lambdas/engine/state-tags';
import type { PlacedAccount, PlannedAction, RunReport, SweepConfig, UserState, UserVerdict } from '../../lambdas/engine/types';
import { parseUserBackup } from '../../lambdas/restore/backup-format';
import { planSettingsOf } from '../../lambdas/sweep/account';
import type { GeneratedTruth } from '../../sim/generator';
import type { AccountSpec, Scenario, UserSpec } from '../../sim/scenario';
import type { S3ObjectView } from '../support/sim';
import type { RecordedCall } from './engine';

/**
 * Deep equality of JSON values, keys with undefined values counting as absent. Not isDeepStrictEqual: the
 * simulator's state arrives through fetch, whose objects come from another realm than jest's.
 */
/**
 * The backups of the whole user, oldest first: a record of credentials deleted earlier from a user who
 * stayed (`kind: iam-credentials`) is not one.
 */
export function wholeUserBackups<O extends { key: string; body: string }>(objects: readonly O[], accountId: string, userName: string): O[] {
  return objects
    .filter((o) => o.key.startsWith(`backups/${accountId}/${userName}/`) && !('kind' in (JSON.parse(o.body) as object)))
    .sort((a, b) => a.key.localeCompare(b.key));
}

export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => sameJson(item, (b as unknown[])[i]));
  const defined = (o: object) => Object.entries(o).filter(([, value]) => value !== undefined);
  const left = defined(a);
  const right = new Map(defined(b));
  return left.length === right.size && left.every(([key, value]) => right.has(key) && sameJson(value, right.get(key)));
}

const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

/** A user of the dumped state as `readLiveUser` reads it: the input of `decide`. */
export function userStateOf(accountId: string, user: UserSpec): UserState {
  return {
    accountId,
    name: user.name,
    arn: `arn:aws:iam::${accountId}:user${user.path ?? '/'}${user.name}`,
    created: new Date(user.created),
    passwordLastUsed: date(user.passwordLastUsed),
    password: user.loginProfile ? { created: new Date(user.loginProfile.created) } : undefined,
    accessKeys: (user.accessKeys ?? []).map((key) => ({
      id: key.id,
      active: key.status === 'Active',
      created: new Date(key.created),
      lastUsed: date(key.lastUsed),
    })),
    tags: { ...(user.tags ?? {}) },
  };
}

/** The accounts of the dumped state with their OUs and root, nearest first, as discovery places them. */
export function placedAccounts(state: Scenario): PlacedAccount[] {
  const org = state.organization;
  const units = new Map((org.organizationalUnits ?? []).map((unit) => [unit.id, unit]));
  return state.accounts.map((account) => {
    const ancestors: PlacedAccount['ancestors'] = [];
    for (let id: string | undefined = account.parentId; id; ) {
      if (id === org.rootId) {
        ancestors.push({ id, name: 'Root', tags: { ...(org.rootTags ?? {}) } });
        break;
      }
      const unit = units.get(id);
      if (!unit) break;
      ancestors.push({ id: unit.id, name: unit.name, tags: { ...(unit.tags ?? {}) } });
      id = unit.parentId;
    }
    return { id: account.id, name: account.name, email: account.email, state: account.state, ancestors, tags: { ...(account.tags ?? {}) } };
  });
}

export const isUserArn = (arn: string | undefined) => arn !== undefined && /^arn:aws[a-z-]*:iam::\d{12}:user\//.test(arn);

export function ruleContextOf(config: SweepConfig, state: Scenario, now: Date): RuleContext {
  return {
    now,
    inactiveDays: config.inactiveDays,
    excludeTag: config.excludeTag,
    excludeUsers: config.excludeUsers,
    protectedArns: isUserArn(state.callerArn) ? [state.callerArn!] : [],
  };
}

/** What the engine's pure functions say about every account and user of the state before a run. */
export interface Expectation {
  config: SweepConfig;
  now: Date;
  /** Accounts the engine will enter: selected, with a cleanup role the caller may assume. */
  reachable: Set<string>;
  /** Accounts selected but without a role the caller may assume: they fail, untouched. */
  unreachable: Set<string>;
  /** Accounts skipped (not active, opted out, …): never entered. */
  skipped: Set<string>;
  /** Verdicts by account and user name, for the reachable accounts. */
  verdicts: Map<string, Map<string, UserVerdict>>;
}

export function expectationOf(state: Scenario, config: SweepConfig, now: Date, deniedAccounts: readonly string[] = []): Expectation {
  const selection = selectAccounts(placedAccounts(state), {
    optOutTag: config.optOutTag,
    allowList: config.accounts,
    managementAccount: { id: state.organization.managementAccountId, skip: config.skipManagementAccount },
    targetOus: config.targetOus,
  });
  const ctx = ruleContextOf(config, state, now);
  const byId = new Map(state.accounts.map((account) => [account.id, account]));
  const expectation: Expectation = {
    config,
    now,
    reachable: new Set(),
    unreachable: new Set(),
    skipped: new Set(selection.skipped.map((skipped) => skipped.id)),
    verdicts: new Map(),
  };
  for (const { id } of selection.toSweep) {
    const account = byId.get(id)!;
    const role = (account.roles ?? []).find((r) => r.name.toLowerCase() === config.roleName.toLowerCase());
    const assumable = role && (role.path ?? '/') === '/' && (role.trustedAccountIds ?? []).includes(state.callerAccountId);
    if (!assumable || deniedAccounts.includes(id)) {
      expectation.unreachable.add(id);
      continue;
    }
    expectation.reachable.add(id);
    expectation.verdicts.set(id, new Map((account.users ?? []).map((user) => [user.name, decide(userStateOf(id, user), ctx)])));
  }
  return expectation;
}

export const usersOf = (state: Scenario, accountId: string): Map<string, UserSpec> =>
  new Map((state.accounts.find((a) => a.id === accountId)?.users ?? []).map((user) => [user.name, user]));

/** The generator's intent against the engine's verdicts: an independent check of the verdict rules. */
export function intentViolations(truth: GeneratedTruth, expectation: Expectation, state: Scenario): string[] {
  const problems: string[] = [];
  // Accounts: the generator's opted-out, suspended and role-less accounts are never entered, its others are.
  const skipped = expectation.config.skipManagementAccount ? state.organization.managementAccountId : undefined;
  for (const [accountId, account] of Object.entries(truth.accounts)) {
    const meant = account.intent === 'swept' && accountId !== skipped && (!expectation.config.accounts || expectation.config.accounts.includes(accountId));
    if (meant !== expectation.reachable.has(accountId)) {
      problems.push(`${accountId}: the generator meant it ${account.intent}${account.optOutVia ? ` (via ${account.optOutVia})` : ''}, the engine would ${expectation.reachable.has(accountId) ? '' : 'not '}sweep it`);
    }
  }
  for (const [accountId, verdicts] of expectation.verdicts) {
    const intents = truth.accounts[accountId]?.users ?? {};
    for (const [userName, intent] of Object.entries(intents)) {
      const verdict = verdicts.get(userName);
      if (!verdict) continue;
      const staleKeys = verdict.credentials.filter((c) => c.kind === 'access-key' && c.stale).length;
      const stale = verdict.credentials.filter((c) => c.stale).length;
      let ok: boolean;
      if (intent === 'excluded') ok = verdict.excluded !== undefined;
      else if (verdict.excluded) ok = false;
      else if (intent === 'inactive') ok = verdict.inactive;
      else if (intent === 'stale-key-only') ok = !verdict.inactive && staleKeys > 0;
      else ok = !verdict.inactive && stale === 0;
      if (!ok) {
        problems.push(
          `${accountId} ${userName}: the generator meant it ${intent}, the engine decides ` +
            `${verdict.excluded ? `excluded (${verdict.excluded})` : verdict.inactive ? 'inactive' : `active with ${stale} stale credential(s)`}: ${verdict.reason}`,
        );
      }
    }
  }
  return problems;
}

/** The parts of a user nothing may change unless the user is deleted: all but credentials and iam-sweep's tags. */
function fixedParts(user: UserSpec) {
  const rest: Partial<UserSpec> = { ...user, accessKeys: undefined, loginProfile: undefined };
  return { ...rest, tags: Object.fromEntries(Object.entries(user.tags ?? {}).filter(([key]) => !isStateTag(key))) };
}

/** Why the change from `before` to `after` of a user the rules call active is not allowed; empty when it is. */
function activeUserChanges(before: UserSpec, after: UserSpec | undefined, verdict: UserVerdict, config: SweepConfig): string[] {
  if (!after) return ['was deleted'];
  if (config.mode === 'report') return sameJson(before, after) ? [] : ['was changed in report mode'];
  const problems: string[] = [];
  if (!sameJson(fixedParts(before), fixedParts(after))) problems.push('more than its stale credentials changed');
  const staleKeys = new Set(verdict.credentials.filter((c) => c.kind === 'access-key' && c.stale).map((c) => c.id));
  const passwordStale = verdict.credentials.some((c) => c.kind === 'password' && c.stale);
  if (!sameJson(before.loginProfile, after.loginProfile) && !(passwordStale && after.loginProfile === undefined)) {
    problems.push('its fresh console password changed');
  }
  const afterKeys = new Map((after.accessKeys ?? []).map((key) => [key.id, key]));
  for (const key of before.accessKeys ?? []) {
    const now = afterKeys.get(key.id);
    afterKeys.delete(key.id);
    if (sameJson(key, now)) continue;
    if (!staleKeys.has(key.id)) problems.push(`its fresh key ${key.id} changed`);
    else if (now && !sameJson({ ...key, status: 'Inactive' }, now)) problems.push(`its stale key ${key.id} changed beyond deactivation`);
    else if (!now && config.mode !== 'delete') problems.push(`its stale key ${key.id} was deleted in ${config.mode} mode`);
  }
  if (afterKeys.size > 0) problems.push('got new keys');
  const tagsBefore = before.tags ?? {};
  for (const [key, value] of Object.entries(after.tags ?? {})) {
    if (tagsBefore[key] === value) continue;
    const keyTag = [...staleKeys].some((id) => id && key === keyDisabledAtTag(id));
    if (!keyTag) problems.push(`got tag ${key}`);
  }
  if (after.tags?.[DISABLED_AT_TAG] !== undefined && tagsBefore[DISABLED_AT_TAG] === undefined) problems.push('was marked disabled');
  return problems;
}

export interface RunEvidence {
  before: Scenario;
  after: Scenario;
  /** Reports of the runs (a killed run has none). */
  reports: RunReport[];
  /** Every command of every run, as the engine's clients sent them. */
  calls: RecordedCall[];
  /** Operations the simulator answered with their error codes, `iam:DeleteConflict` → count. */
  simErrors: Record<string, number>;
  /** Calls the simulator's evaluator refused under the rollout's policies, `<action> on <resource>` → count. */
  simDenied: Record<string, number>;
  objects: S3ObjectView[];
  /** How many runs the evidence covers (a killed run counts). */
  runs: number;
}

export interface InvariantOptions {
  /** The run had no faults: every action the engine's planner calls for on the state before must have its effect. */
  complete?: boolean;
  /** Users someone other than the engine deleted during the run. */
  removedByOthers?: { accountId: string; userName: string }[];
}

const DESTRUCTIVE_IAM = /^(Delete|Deactivate|Detach|Remove|Update|Tag|Untag|Put|Create|Attach|Add|Upload|Enable|Reset|Change|Set)/;

/**
 * The promise, checked on one case's evidence: what must never happen whatever the faults, and, for a
 * complete run, what must have happened. Returns one line per broken promise.
 */
export function invariantViolations(expectation: Expectation, evidence: RunEvidence, options: InvariantOptions = {}): string[] {
  const { config } = expectation;
  const { before, after, reports } = evidence;
  const problems: string[] = [];
  const removedByOthers = new Set((options.removedByOthers ?? []).map((u) => `${u.accountId}/${u.userName}`));

  // Nothing outside the reachable accounts, nor any excluded user, nor the sweep principal, changes.
  for (const account of before.accounts) {
    const afterUsers = usersOf(after, account.id);
    const verdicts = expectation.verdicts.get(account.id);
    for (const user of account.users ?? []) {
      const verdict = verdicts?.get(user.name);
      const now = afterUsers.get(user.name);
      const where = `${account.id} ${user.name}`;
      if (removedByOthers.has(`${account.id}/${user.name}`)) continue;
      if (!verdict) {
        if (!sameJson(user, now)) problems.push(`${where}: changed in an account that is not swept`);
      } else if (verdict.excluded) {
        if (!sameJson(user, now)) problems.push(`${where}: excluded (${verdict.excluded}) but changed`);
      } else if (!verdict.inactive) {
        problems.push(...activeUserChanges(user, now, verdict, config).map((p) => `${where}: active (${verdict.reason}) but ${p}`));
      } else if (config.mode === 'report' && !sameJson(user, now)) {
        problems.push(`${where}: changed in report mode`);
      }
    }
    const roles = (a: AccountSpec) => (a.roles ?? []).map(({ lastUsed: _u, lastUsedRegion: _r, ...role }) => role);
    const afterAccount = after.accounts.find((a) => a.id === account.id)!;
    if (!sameJson(roles(account), roles(afterAccount))) problems.push(`${account.id}: its roles changed`);
    if (!sameJson(account.groups ?? [], afterAccount.groups ?? [])) problems.push(`${account.id}: its groups changed`);
    const orphansBefore = new Set((account.virtualMfaDevices ?? []).map((d) => d.serial));
    for (const device of afterAccount.virtualMfaDevices ?? []) {
      if (!orphansBefore.has(device.serial)) problems.push(`${account.id}: virtual MFA device ${device.serial} left unassigned (orphaned)`);
    }
    if ((afterAccount.users ?? []).some((u) => !usersOf(before, account.id).has(u.name))) problems.push(`${account.id}: a user was created`);
  }

  // The principal the sweep runs as, checked apart from the rules: never changed.
  const self = isUserArn(before.callerArn) ? /^arn:aws[a-z-]*:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(before.callerArn!) : null;
  if (self && !sameJson(usersOf(before, self[1]).get(self[2]), usersOf(after, self[1]).get(self[2]))) {
    problems.push(`${self[1]} ${self[2]}: the sweep runs as this user, yet it changed`);
  }

  // Nothing is destroyed that the planner does not call for, on the state before the run.
  problems.push(...unplannedDestruction(expectation, evidence, removedByOthers));

  // What a report says was done was done.
  for (const report of reports) {
    for (const outcome of report.accounts.flatMap((a) => a.outcomes)) {
      if (outcome.status === 'done' && !effectHolds(outcome, after)) {
        problems.push(`${outcome.accountId} ${outcome.userName}: the report says ${outcome.kind}${outcome.keyId ? ` ${outcome.keyId}` : ''} was done, the state says not`);
      }
    }
  }

  // No DeleteConflict ever: not in a report, not even answered by IAM.
  if (reports.some((report) => JSON.stringify(report).includes('DeleteConflict'))) problems.push('a report names DeleteConflict');
  if (evidence.simErrors['iam:DeleteConflict']) problems.push(`IAM answered DeleteConflict ${evidence.simErrors['iam:DeleteConflict']} time(s)`);

  // Every deleted user has a backup of its state before the run, written to the bucket.
  for (const account of before.accounts) {
    const afterUsers = usersOf(after, account.id);
    for (const user of account.users ?? []) {
      if (afterUsers.has(user.name) || removedByOthers.has(`${account.id}/${user.name}`)) continue;
      const backups = wholeUserBackups(evidence.objects, account.id, user.name);
      if (backups.length === 0) {
        problems.push(`${account.id} ${user.name}: deleted without a backup`);
        continue;
      }
      const first = parseUserBackup(backups[0].body, backups[0].key);
      const expected = {
        path: user.path ?? '/',
        groups: [...(user.groups ?? [])].sort(),
        attachedPolicies: [...(user.attachedPolicies ?? [])].sort(),
        inlinePolicies: user.inlinePolicies ?? {},
        permissionsBoundary: user.permissionsBoundary,
        tags: user.tags ?? {},
      };
      const saved = {
        path: first.path,
        groups: [...first.groups].sort(),
        attachedPolicies: [...first.attachedPolicies].sort(),
        inlinePolicies: first.inlinePolicies,
        permissionsBoundary: first.permissionsBoundary,
        tags: first.tags,
      };
      const differing = (Object.keys(expected) as (keyof typeof expected)[]).filter((field) => !sameJson(expected[field], saved[field]));
      if (differing.length > 0) {
        problems.push(
          `${account.id} ${user.name}: its first backup does not hold its ${differing.join(', ')}: ` +
            differing.map((field) => `${JSON.stringify(saved[field])} instead of ${JSON.stringify(expected[field])}`).join('; '),
        );
      }
    }
  }

  // The caps and the circuit breaker, from the state itself: users deleted and users changed per account.
  for (const account of before.accounts) {
    const users = account.users ?? [];
    const afterUsers = usersOf(after, account.id);
    const others = (u: UserSpec) => removedByOthers.has(`${account.id}/${u.name}`);
    const deleted = users.filter((u) => !afterUsers.has(u.name) && !others(u)).length;
    const changed = users.filter((u) => !others(u) && !sameJson(u, afterUsers.get(u.name))).length;
    const runs = Math.max(1, evidence.runs);
    if (deleted > config.maxDeletionsPerAccount * runs) {
      problems.push(`${account.id}: ${deleted} users deleted, over the cap of ${config.maxDeletionsPerAccount} per run`);
    }
    if (users.length >= 5 && changed / users.length > config.maxActionFraction) {
      problems.push(`${account.id}: ${changed} of ${users.length} users changed, over the circuit breaker's ${config.maxActionFraction}`);
    }
    for (const report of reports) {
      const result = report.accounts.find((a) => a.account.id === account.id);
      if (!result) continue;
      const deletions = result.outcomes.filter((o) => o.kind === 'delete-user' && o.status === 'done').length;
      if (deletions > config.maxDeletionsPerAccount) problems.push(`${account.id}: the report says ${deletions} deletions, over the cap`);
      if (result.plan?.circuitBreaker && result.outcomes.some((o) => o.status === 'done')) {
        problems.push(`${account.id}: the circuit breaker tripped, yet actions were done`);
      }
    }
  }

  // The organization's brakes: users deleted across the run, and nothing done once its breaker tripped.
  const deletedInRun = before.accounts.reduce((sum, account) => {
    const afterUsers = usersOf(after, account.id);
    return sum + (account.users ?? []).filter((u) => !afterUsers.has(u.name) && !removedByOthers.has(`${account.id}/${u.name}`)).length;
  }, 0);
  if (deletedInRun > config.maxDeletionsPerRun * Math.max(1, evidence.runs)) {
    problems.push(`${deletedInRun} users deleted, over the cap of ${config.maxDeletionsPerRun} per run`);
  }
  for (const report of reports) {
    if (report.organizationCircuitBreaker && report.accounts.some((a) => a.outcomes.some((o) => o.status === 'done'))) {
      problems.push('the organization circuit breaker tripped, yet actions were done');
    }
  }

  // Every call is granted: member calls by the cleanup role's policy, the orchestrator's by its role.
  problems.push(...permissionViolations(expectation, evidence));

  if (options.complete) problems.push(...completenessViolations(expectation, evidence));
  return problems;
}

/** Whether the final state shows what `action` was to do (a later deletion of its user included). */
export function effectHolds(action: Pick<PlannedAction, 'accountId' | 'userName' | 'kind' | 'keyId'>, after: Scenario): boolean {
  const user = usersOf(after, action.accountId).get(action.userName);
  if (!user) return true;
  const key = (user.accessKeys ?? []).find((k) => k.id === action.keyId);
  switch (action.kind) {
    case 'delete-user':
      return false;
    case 'delete-key':
      return !key;
    case 'deactivate-key':
      return !key || key.status === 'Inactive';
    case 'mark-key-disabled':
      return !key || user.tags?.[keyDisabledAtTag(action.keyId!)] !== undefined;
    case 'delete-login-profile':
      return !user.loginProfile;
    case 'tag-disabled':
      return user.tags?.[DISABLED_AT_TAG] !== undefined;
  }
}

/** Deletions of users, keys and passwords that the planner, on the state before, does not call for. */
function unplannedDestruction(expectation: Expectation, evidence: RunEvidence, removedByOthers: Set<string>): string[] {
  const problems: string[] = [];
  const settings = planSettingsOf(expectation.config);
  for (const [accountId, verdicts] of expectation.verdicts) {
    const beforeUsers = usersOf(evidence.before, accountId);
    const afterUsers = usersOf(evidence.after, accountId);
    for (const verdict of verdicts.values()) {
      const before = beforeUsers.get(verdict.userName)!;
      const after = afterUsers.get(verdict.userName);
      if (removedByOthers.has(`${accountId}/${verdict.userName}`)) continue;
      const planned = planUser(verdict, settings, expectation.now).actions;
      const has = (kind: PlannedAction['kind'], keyId?: string) => planned.some((a) => a.kind === kind && (!keyId || a.keyId === keyId));
      const where = `${accountId} ${verdict.userName}`;
      if (!after) {
        if (!has('delete-user')) problems.push(`${where}: deleted, but the planner does not call for it (${verdict.reason})`);
        continue;
      }
      if (before.loginProfile && !after.loginProfile && !has('delete-login-profile')) problems.push(`${where}: console password deleted unplanned`);
      for (const key of before.accessKeys ?? []) {
        const now = (after.accessKeys ?? []).find((k) => k.id === key.id);
        if (!now && !has('delete-key', key.id)) problems.push(`${where}: key ${key.id} deleted unplanned`);
        if (now && key.status === 'Active' && now.status === 'Inactive' && !has('deactivate-key', key.id)) {
          problems.push(`${where}: key ${key.id} deactivated unplanned`);
        }
      }
    }
  }
  return problems;
}

/** A run without faults did everything the planner (with the caps) calls for, on the state before it. */
function completenessViolations(expectation: Expectation, evidence: RunEvidence): string[] {
  const { config } = expectation;
  const problems: string[] = [];
  const report = evidence.reports[evidence.reports.length - 1];
  for (const accountId of expectation.reachable) {
    const result = report?.accounts.find((a) => a.account.id === accountId);
    if (result?.status !== 'swept') problems.push(`${accountId}: expected to be swept, was ${result?.status}: ${result?.error ?? ''}`);
  }
  for (const accountId of expectation.unreachable) {
    const result = report?.accounts.find((a) => a.account.id === accountId);
    if (result?.status !== 'failed' || !result.error) problems.push(`${accountId}: has no role to assume, yet was not reported failed`);
  }
  for (const accountId of expectation.skipped) {
    if (!report?.skipped.some((s) => s.id === accountId && s.detail)) problems.push(`${accountId}: not reported as skipped with a reason`);
  }
  if (config.mode === 'report') return problems;
  const settings = planSettingsOf(config);
  for (const [accountId, verdicts] of expectation.verdicts) {
    const actionable = [...verdicts.values()].filter((v) => !v.excluded);
    const plan = planAccount(accountId, actionable, verdicts.size, settings, expectation.now);
    for (const action of plan.actions) {
      if (!effectHolds(action, evidence.after)) {
        problems.push(`${accountId} ${action.userName}: ${action.kind}${action.keyId ? ` ${action.keyId}` : ''} is planned, but not done`);
      }
    }
  }
  return problems;
}

/** After `delete` with quarantine 0 and generous caps: no inactive, non-excluded user of a swept account is left. */
export function inactiveUsersLeft(expectation: Expectation, after: Scenario): string[] {
  const problems: string[] = [];
  for (const [accountId, verdicts] of expectation.verdicts) {
    const left = usersOf(after, accountId);
    for (const verdict of verdicts.values()) {
      if (verdict.inactive && !verdict.excluded && left.has(verdict.userName)) {
        problems.push(`${accountId} ${verdict.userName}: inactive (${verdict.reason}), not excluded, still there`);
      }
    }
  }
  return problems;
}

/**
 * Every call was granted by the policies the rollout deploys, as iam-simulate judged them in the simulator
 * (the campaign runs under test/support/deployed.ts), and no member call went to an account not swept.
 */
function permissionViolations(expectation: Expectation, evidence: RunEvidence): string[] {
  const problems = new Set<string>();
  for (const [refused, count] of Object.entries(evidence.simDenied)) {
    // Assuming a role that does not exist is refused at AWS too: the accounts without the cleanup role.
    const into = /^sts:AssumeRole on arn:aws:iam::(\d{12}):role\//.exec(refused)?.[1];
    if (into && expectation.unreachable.has(into)) continue;
    problems.add(`${refused} was refused ${count} time(s) by the rollout's policies`);
  }
  for (const call of evidence.calls) {
    if (call.principal === 'member' && !expectation.reachable.has(call.accountId!)) {
      problems.add(`${call.service}:${call.operation} was called in ${call.accountId}, which is not swept`);
    }
  }
  return [...problems];
}

/** IAM calls that change something, by account, from the engine's record. */
export function changingCalls(calls: readonly RecordedCall[], accountId: string): RecordedCall[] {
  return calls.filter((c) => c.principal === 'member' && c.accountId === accountId && DESTRUCTIVE_IAM.test(c.operation));
}
