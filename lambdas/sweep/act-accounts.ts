/**
 * The acting stage over some of the run's accounts: each planned account acts on its plan after the
 * organization's brakes (lambdas/sweep/account.ts actOnAccount: every user is read live again first).
 */
import { describeError } from '../aws/aws-errors';
import type { ReportRow } from '../engine/credential-report';
import { mapPool } from '../engine/pool';
import type { AccountResult, SweepConfig } from '../engine/types';
import { actOnAccount, type AccountContext } from './account';
import type { BrakedPlans } from './brakes';
import type { PlannedEntry } from './plan-accounts';
import type { RunObserver } from './run';

/**
 * Acts on each planned entry, at most `config.concurrency` accounts at once; an account its own tag opted
 * out has no result. Never throws.
 */
export async function actAccounts(
  entries: readonly PlannedEntry[],
  braked: BrakedPlans,
  config: SweepConfig,
  ctx: AccountContext,
  observer: RunObserver,
): Promise<(AccountResult | undefined)[]> {
  return mapPool(entries, config.concurrency, async (entry) => {
    if (!entry.planned) return undefined;
    const result = await actOnAccount(entry.planned, braked.plans[entry.accountId], ctx);
    if (entry.entered) observer.accountFinished?.(result);
    return result;
  });
}

/**
 * An account's plan as it is stored between the stages of a run spread over several processes: the result
 * of planning (the unused-roles report read to its end) and the credential report's rows of the users to
 * act on. No credentials: the acting stage assumes the account's role again.
 */
export interface StoredPlan {
  accountId: string;
  tags?: Record<string, string>;
  entered?: true;
  /** Absent when the account's own tag opted it out. */
  result?: AccountResult;
  /** Present when planning left something to act on. */
  actOn?: { reportRows: ReportRow[] };
}

/** A planned entry as it is stored, once its unused-roles report is read. */
export async function storedPlan(entry: PlannedEntry): Promise<StoredPlan> {
  const { accountId, tags, entered, planned } = entry;
  if (!planned) return { accountId, ...(tags ? { tags } : {}) };
  const result = planned.roles ? { ...planned.result, roles: await planned.roles } : planned.result;
  return {
    accountId,
    ...(tags ? { tags } : {}),
    ...(entered ? { entered } : {}),
    result,
    ...(planned.access ? { actOn: { reportRows: [...planned.access.reportRows.values()] } } : {}),
  };
}

/**
 * A stored plan made ready to act again: the account's role is assumed anew, but only when its plan after
 * the brakes still acts on someone. An account whose role cannot be assumed fails.
 */
export async function resumePlannedEntry(stored: StoredPlan, braked: BrakedPlans, ctx: AccountContext): Promise<PlannedEntry> {
  const { accountId, tags, entered, result, actOn } = stored;
  const entry: PlannedEntry = { accountId, ...(tags ? { tags } : {}), ...(entered ? { entered } : {}) };
  if (!result) return entry;
  const plan = braked.plans[accountId];
  if (!actOn || !plan || plan.actions.length === 0 || ctx.config.mode === 'report') return { ...entry, planned: { result } };
  try {
    const credentials = await ctx.assumeCleanupRole(accountId);
    const reportRows = new Map(actOn.reportRows.map((row) => [row.user, row]));
    return { ...entry, planned: { result, access: { credentials, reportRows } } };
  } catch (error) {
    return { ...entry, planned: { result: { ...result, plan, status: 'failed', error: describeError(error) } } };
  }
}
