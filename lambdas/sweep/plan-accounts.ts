/**
 * The planning stage over some of the run's accounts (all of them in one process, a batch in the Step
 * Functions engine): each account's own tags are read as its turn comes, then it is planned. Nothing is
 * changed in any account.
 */
import { describeError } from '../aws/aws-errors';
import { OrganizationReader } from '../aws/organizations';
import { mapPool } from '../engine/pool';
import { optedOutAccount } from '../engine/rules/opted-out-account';
import type { Account, AccountResult, SweepConfig } from '../engine/types';
import { planAccountSweep, type PlannedAccountSweep } from './account';
import type { DiscoveredRun } from './discover';
import { accountContextOf, timeLeft, type StageEnvironment } from './run-context';

/** An account once its turn came: the tags read from it, and its plan unless its own tag opted it out. */
export interface PlannedEntry {
  accountId: string;
  /** The account's own tags, when they could be read: the report's final selection needs them. */
  tags?: Record<string, string>;
  /** Absent when the account's own tag opted it out: it is then reported as skipped, not swept. */
  planned?: PlannedAccountSweep;
  /** Whether the account was entered (planned), not failed or passed over before it. */
  entered?: true;
}

const unenteredResult = (account: Account, status: AccountResult['status'], error: string): AccountResult => ({
  account,
  status,
  error,
  userCount: 0,
  verdicts: [],
  outcomes: [],
});

/** Why an account the process had no time for was not entered. */
export const notReachedReason = (recordsNotReached: boolean) =>
  `the run ran out of time before this account${recordsNotReached ? '; the next run enters it first' : ''}`;

/** Plans `accounts` (some of `run.order`, in that order), at most `config.concurrency` at once. Never throws. */
export async function planAccounts(
  run: DiscoveredRun,
  accounts: readonly Account[],
  config: SweepConfig,
  env: StageEnvironment,
): Promise<PlannedEntry[]> {
  const ctx = accountContextOf(run, config, env);
  const placedById = new Map(run.placed.map((placed) => [placed.id, placed]));
  const org = new OrganizationReader(env.clients.organizations(run.partition));
  return mapPool(
    accounts,
    config.concurrency,
    async (account): Promise<PlannedEntry> => {
      // A copy: the discovered run is plain data that other stages read too.
      const placed = { ...placedById.get(account.id)! };
      try {
        await org.readAccountTags(placed);
      } catch (error) {
        const reason = `its tags could not be read, so it was not entered: ${describeError(error)}`;
        return { accountId: account.id, planned: { result: unenteredResult(account, 'failed', reason) } };
      }
      if (optedOutAccount(placed, config.optOutTag)) return { accountId: account.id, tags: placed.tags };
      env.observer.accountStarted?.(account);
      return { accountId: account.id, tags: placed.tags, planned: await planAccountSweep(account, ctx), entered: true };
    },
    {
      shouldStart: timeLeft(env),
      skipped: (account): PlannedEntry => ({
        accountId: account.id,
        planned: { result: unenteredResult(account, 'not-reached', notReachedReason(run.recordsNotReached)) },
      }),
    },
  );
}
