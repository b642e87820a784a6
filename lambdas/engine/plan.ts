/**
 * From verdicts to actions, per mode. Report mode plans what delete mode would do and changes nothing.
 * The caps are applied per account: at most `maxDeletionsPerAccount` users deleted, and a circuit breaker
 * that holds everything back when an account would act on too large a share of its users.
 */
import { addDays } from './dates';
import type { AccountPlan, ActionKind, ActionOutcome, Mode, PlannedAction, ScheduledDeletion, UserVerdict } from './types';

export interface PlanSettings {
  mode: Mode;
  quarantineDays: number;
  maxDeletionsPerAccount: number;
  maxActionFraction: number;
  /** The circuit breaker only judges accounts with at least this many users. */
  minUsersForCircuitBreaker?: number;
}

export interface UserPlan {
  actions: PlannedAction[];
  scheduled: ScheduledDeletion[];
}

/** The actions a mode would take for `mode` report: those of delete mode. */
const effectiveMode = (mode: Mode): Exclude<Mode, 'report'> => (mode === 'report' ? 'delete' : mode);

/** Quarantine is over when the thing has stayed disabled for `quarantineDays` (or there is none). */
function quarantineOver(disabledAt: Date | undefined, quarantineDays: number, now: Date): boolean {
  if (quarantineDays === 0) return true;
  return disabledAt !== undefined && addDays(disabledAt, quarantineDays) <= now;
}

/** Plans one user on its own; the caps are applied by `planAccount`. */
export function planUser(verdict: UserVerdict, settings: PlanSettings, now: Date): UserPlan {
  const actions: PlannedAction[] = [];
  const scheduled: ScheduledDeletion[] = [];
  if (verdict.excluded) return { actions, scheduled };
  const mode = effectiveMode(settings.mode);
  const { accountId, userName } = verdict;
  const action = (kind: PlannedAction['kind'], reason: string, keyId?: string): PlannedAction =>
    keyId ? { kind, accountId, userName, keyId, reason } : { kind, accountId, userName, reason };

  if (mode === 'delete' && verdict.inactive) {
    if (quarantineOver(verdict.disabledAt, settings.quarantineDays, now)) {
      return { actions: [action('delete-user', `inactive: ${verdict.reason}`)], scheduled };
    }
    scheduled.push({ accountId, userName, on: addDays(verdict.disabledAt ?? now, settings.quarantineDays) });
  }

  for (const key of verdict.credentials) {
    if (key.kind !== 'access-key' || !key.stale || !key.id) continue;
    if (mode === 'delete' && !verdict.inactive) {
      if (quarantineOver(key.disabledAt, settings.quarantineDays, now)) {
        actions.push(action('delete-key', key.reason, key.id));
        continue;
      }
      scheduled.push({ accountId, userName, keyId: key.id, on: addDays(key.disabledAt ?? now, settings.quarantineDays) });
    }
    if (key.active) actions.push(action('deactivate-key', key.reason, key.id));
    // An inactive user's keys go with the user: only an active user's key needs its own quarantine clock.
    else if (!key.disabledAt && !verdict.inactive) actions.push(action('mark-key-disabled', key.reason, key.id));
  }
  const password = verdict.credentials.find((credential) => credential.kind === 'password' && credential.stale);
  if (password) actions.push(action('delete-login-profile', password.reason));
  if (verdict.inactive && !verdict.disabledAt) actions.push(action('tag-disabled', `inactive: ${verdict.reason}`));
  return { actions, scheduled };
}

/** The actions that start a key's quarantine clock. */
const KEY_CLOCKS: readonly ActionKind[] = ['deactivate-key', 'mark-key-disabled'];

/**
 * The scheduled deletions as acting left them. Only a quarantine that started has a date: a user whose
 * `tag-disabled` failed (a disabling step failed, or IAM refused the tag: 50 tags per user) has no clock, so
 * no date; likewise a key whose deactivation or clock failed. Such a user or key stays until a run succeeds
 * in marking it. In delete mode a user marked in place of a deletion that no longer held on live state (it
 * was found not disabled: sweep/act-on-user.ts) is due a whole quarantine from now.
 */
export function startedQuarantines(
  scheduled: readonly ScheduledDeletion[],
  outcomes: readonly ActionOutcome[],
  settings: Pick<PlanSettings, 'mode' | 'quarantineDays'>,
  now: Date,
): ScheduledDeletion[] {
  const failed = outcomes.filter((outcome) => outcome.status === 'failed');
  const unmarked = (deletion: ScheduledDeletion) =>
    deletion.keyId
      ? failed.some((o) => o.userName === deletion.userName && o.keyId === deletion.keyId && KEY_CLOCKS.includes(o.kind))
      : failed.some((o) => o.userName === deletion.userName && o.kind === 'tag-disabled');
  const started = scheduled.filter((deletion) => !unmarked(deletion));
  if (settings.mode !== 'delete') return started;
  const markedAnew = outcomes.filter(
    (o) => o.kind === 'tag-disabled' && o.status === 'done' && !started.some((s) => !s.keyId && s.userName === o.userName),
  );
  return [...started, ...markedAnew.map((o) => ({ accountId: o.accountId, userName: o.userName, on: addDays(now, settings.quarantineDays) }))];
}

/** Plans an account: every user, then the deletion cap and the circuit breaker. */
export function planAccount(
  accountId: string,
  verdicts: readonly UserVerdict[],
  userCount: number,
  settings: PlanSettings,
  now: Date,
): AccountPlan {
  const plan: AccountPlan = { accountId, actions: [], scheduled: [], heldBack: [] };
  const perUser = [...verdicts]
    .sort((a, b) => a.userName.localeCompare(b.userName))
    .map((verdict) => ({ verdict, ...planUser(verdict, settings, now) }));

  const acting = perUser.filter((user) => user.actions.length > 0);
  const minUsers = settings.minUsersForCircuitBreaker ?? 5;
  if (userCount >= minUsers && acting.length / userCount > settings.maxActionFraction) {
    const share = Math.round((acting.length / userCount) * 100);
    plan.circuitBreaker =
      `would act on ${acting.length} of ${userCount} users (${share}%), more than the limit of ` +
      `${Math.round(settings.maxActionFraction * 100)}%: nothing was changed in this account. ` +
      'A person should confirm these users are inactive, then raise SWEEP_MAX_ACTION_FRACTION for one run.';
    plan.heldBack = acting.map(({ verdict }) => ({ userName: verdict.userName, reason: 'circuit breaker' }));
    return plan;
  }

  let deletions = 0;
  for (const user of perUser) {
    plan.scheduled.push(...user.scheduled);
    for (const planned of user.actions) {
      if (planned.kind === 'delete-user' && deletions >= settings.maxDeletionsPerAccount) {
        plan.heldBack.push({
          userName: planned.userName,
          reason: `over the cap of ${settings.maxDeletionsPerAccount} user deletions per account per run; left for the next run`,
        });
        continue;
      }
      if (planned.kind === 'delete-user') deletions++;
      plan.actions.push(planned);
    }
  }
  return plan;
}
