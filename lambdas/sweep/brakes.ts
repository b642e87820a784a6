/**
 * The stage between planning and acting: the organization's brakes (lambdas/engine/organization-brakes.ts)
 * over the plans of every swept account, logged when they hold anything back.
 */
import { applyOrganizationBrakes, runCapReason } from '../engine/organization-brakes';
import type { AccountPlan, AccountResult, OrganizationCircuitBreaker, SweepConfig } from '../engine/types';
import { planSettingsOf } from './account';
import type { RunObserver } from './run';

/** What each swept account may do, after the brakes. */
export interface BrakedPlans {
  /** Each swept account's plan after the brakes, by account id. */
  plans: Record<string, AccountPlan>;
  circuitBreaker?: OrganizationCircuitBreaker;
}

/**
 * Applies the organization's brakes to `planned`: the results of planning, in the order the accounts were
 * entered (the cap per run lets the first ones go ahead). Only swept accounts with a plan count.
 */
export function brakeRun(planned: readonly AccountResult[], config: SweepConfig, now: Date, observer: RunObserver): BrakedPlans {
  const swept = planned.filter((result) => result.status === 'swept' && result.plan);
  const settings = {
    ...planSettingsOf(config),
    maxDeletionsPerRun: config.maxDeletionsPerRun,
    maxOrganizationActionFraction: config.maxOrganizationActionFraction,
  };
  const applied = applyOrganizationBrakes(
    swept.map((result) => ({ userCount: result.userCount, verdicts: result.verdicts, plan: result.plan! })),
    settings,
    now,
  );
  const { circuitBreaker } = applied;
  if (circuitBreaker) {
    observer.log?.('warn', 'organization circuit breaker tripped: no account is acted on', { ...circuitBreaker });
  }
  const capped = applied.plans.reduce(
    (sum, plan) => sum + plan.heldBack.filter((held) => held.reason === runCapReason(config.maxDeletionsPerRun)).length,
    0,
  );
  if (capped > 0) {
    observer.log?.('warn', 'user deletions held back by the cap per run, for the next run', {
      maxDeletionsPerRun: config.maxDeletionsPerRun,
      heldBack: capped,
    });
  }
  return {
    plans: Object.fromEntries(swept.map((result, index) => [result.account.id, applied.plans[index]])),
    ...(circuitBreaker ? { circuitBreaker } : {}),
  };
}
