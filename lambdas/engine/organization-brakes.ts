/**
 * The brakes over the whole organization, applied once every account is planned and before any account
 * acts. One systemic misjudgement (a wrong clock, a broken data source) shows in every account at once,
 * and in accounts under 5 users the per-account circuit breaker cannot see it: the organization's
 * circuit breaker holds every account back when too large a share of all users would be acted on, and
 * the per-run cap bounds the users deleted in the run, whatever the number of accounts.
 */
import { planUser, type PlanSettings } from './plan';
import type { AccountPlan, OrganizationCircuitBreaker, PlannedAction, UserVerdict } from './types';

export interface OrganizationBrakeSettings {
  maxDeletionsPerRun: number;
  maxOrganizationActionFraction: number;
  /** The organization's circuit breaker only judges runs whose swept accounts hold at least this many users. */
  minUsersForCircuitBreaker?: number;
}

/** A swept account as the brakes see it: its users, its verdicts and its plan after the account's own caps. */
export interface PlannedAccount {
  userCount: number;
  verdicts: readonly UserVerdict[];
  plan: AccountPlan;
}

export interface OrganizationBrakes {
  /** The accounts' plans after the brakes, in the order given. */
  plans: AccountPlan[];
  /** Set when the organization's circuit breaker tripped: no account acts. */
  circuitBreaker?: OrganizationCircuitBreaker;
}

export const ORGANIZATION_BREAKER_HELD = 'organization circuit breaker';

export const runCapReason = (max: number) => `over the cap of ${max} user deletions per run; left for the next run`;

/** Users an account's verdicts would act on before any cap: what the sweep judged, not what the caps let through. */
const usersToActOn = (account: PlannedAccount, settings: PlanSettings, now: Date): number =>
  account.verdicts.filter((verdict) => !verdict.excluded && planUser(verdict, settings, now).actions.length > 0).length;

/**
 * Judges the organization's share of users to act on, counted before the accounts' own caps (an account
 * its own breaker holds still shows the misjudgement), then caps user deletions across the run: the
 * first `maxDeletionsPerRun` in the order of `accounts` go ahead, the rest are held for the next run.
 */
export function applyOrganizationBrakes(
  accounts: readonly PlannedAccount[],
  settings: PlanSettings & OrganizationBrakeSettings,
  now: Date,
): OrganizationBrakes {
  const users = accounts.reduce((sum, account) => sum + account.userCount, 0);
  const perAccount = accounts.map((account) => usersToActOn(account, settings, now));
  const acting = perAccount.reduce((sum, count) => sum + count, 0);
  const minUsers = settings.minUsersForCircuitBreaker ?? 5;
  if (users >= minUsers && acting / users > settings.maxOrganizationActionFraction) {
    const share = Math.round((acting / users) * 100);
    const limit = Math.round(settings.maxOrganizationActionFraction * 100);
    const actingAccounts = perAccount.filter((count) => count > 0).length;
    const circuitBreaker: OrganizationCircuitBreaker = {
      usersToActOn: acting,
      users,
      accounts: actingAccounts,
      maxFraction: settings.maxOrganizationActionFraction,
      reason:
        `would act on ${acting} of ${users} users (${share}%) in ${actingAccounts} of ${accounts.length} swept accounts, ` +
        `more than the limit of ${limit}%: nothing was changed in any account. A share this large across the ` +
        'organization points to a systemic misjudgement (a wrong clock, a broken data source): a person should ' +
        'confirm these users are inactive, then raise SWEEP_MAX_ORGANIZATION_ACTION_FRACTION for one run.',
    };
    const plans = accounts.map(({ plan }): AccountPlan => {
      const held = [...new Set(plan.actions.map((action) => action.userName))];
      return {
        ...plan,
        actions: [],
        scheduled: [],
        heldBack: [...plan.heldBack, ...held.map((userName) => ({ userName, reason: ORGANIZATION_BREAKER_HELD }))],
      };
    });
    return { plans, circuitBreaker };
  }

  let deletions = 0;
  const plans = accounts.map(({ plan }): AccountPlan => {
    const actions: PlannedAction[] = [];
    const heldBack = [...plan.heldBack];
    for (const action of plan.actions) {
      if (action.kind === 'delete-user' && deletions >= settings.maxDeletionsPerRun) {
        heldBack.push({ userName: action.userName, reason: runCapReason(settings.maxDeletionsPerRun) });
        continue;
      }
      if (action.kind === 'delete-user') deletions++;
      actions.push(action);
    }
    return { ...plan, actions, heldBack };
  });
  return { plans };
}
