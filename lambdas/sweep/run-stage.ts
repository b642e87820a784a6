/**
 * One stage of a run spread over several invocations (the Step Functions engine,
 * stacks/sweep-state-machine-definition.ts): the same stage functions runSweep composes in one process,
 * each reading what the stages before it stored and storing what it made.
 */
import { mapPool } from '../engine/pool';
import type { ReportStore } from '../engine/ports/report-store';
import type { Account, AccountPlan, AccountResult, IdentityCenterResult, RunReport, SweepConfig } from '../engine/types';
import { actAccounts, resumePlannedEntry, storedPlan, type StoredPlan } from './act-accounts';
import { brakeRun, type BrakedPlans } from './brakes';
import { discoverRun } from './discover';
import { finishRun } from './finish';
import { identityCenterStage } from './identity-center-stage';
import { planAccounts } from './plan-accounts';
import { accountContextOf, type StageEnvironment } from './run-context';
import { batchAccounts, StoredRunParts, type StoredRun } from './stored-run';

/** What the state machine passes each stage. */
export type StageEvent =
  | { stage: 'discover'; accountsPerBatch?: number }
  | { stage: 'plan' | 'act'; runId: string; batch: number }
  | { stage: 'identity-center' | 'brakes' | 'finish'; runId: string };

/** What Discover hands the state machine: the run's id and its batches, the items of both maps. */
export interface DiscoverOutput {
  runId: string;
  batches: number[];
}

/**
 * Accounts a batch takes. A batch runs in one invocation (at most 15 minutes): the single Lambda covers
 * about 1,950 accounts in delete mode in that time (bench/RESULTS.md), so 25 leave a wide margin while
 * 1,000 accounts still make only 40 batches.
 */
export const ACCOUNTS_PER_BATCH = 25;

export interface StageDependencies {
  config: SweepConfig;
  /** Its store is required: the stages hand their parts on through it. */
  env: StageEnvironment;
  /** The host's time when the run starts (Discover only); defaults to the host's clock. */
  hostStart?: Date;
  /** Accounts in a batch (Discover only); default ACCOUNTS_PER_BATCH. */
  accountsPerBatch?: number;
}

/** Runs one stage: Discover returns the batches, Finish the report; the others return nothing. */
export async function runStage(event: StageEvent, deps: StageDependencies): Promise<DiscoverOutput | RunReport | undefined> {
  const { store } = deps.env;
  if (!store) throw new Error('the stages of a run spread over several invocations hand their parts on through the report bucket: none is configured');
  if (event.stage === 'discover') {
    return discoverStage({ ...deps, ...(event.accountsPerBatch ? { accountsPerBatch: event.accountsPerBatch } : {}) }, store);
  }
  const parts = new StoredRunParts(store, event.runId);
  const run = await parts.run();
  switch (event.stage) {
    case 'plan':
      await planStage(run, event.batch, parts, deps);
      return undefined;
    case 'identity-center': {
      const result = await identityCenterStage(run, deps.config, deps.env);
      if (result) await parts.put({ kind: 'identity-center' }, result);
      return undefined;
    }
    case 'brakes':
      await brakesStage(run, parts, deps);
      return undefined;
    case 'act':
      await actStage(run, event.batch, parts, deps);
      return undefined;
    case 'finish':
      return finishStage(run, parts, deps);
  }
}

async function discoverStage(
  { config, env, hostStart, accountsPerBatch = ACCOUNTS_PER_BATCH }: StageDependencies,
  store: ReportStore,
): Promise<DiscoverOutput> {
  const discovered = await discoverRun(config, { ...env, hostStart: hostStart ?? env.hostClock() });
  const batchCount = Math.ceil(discovered.order.length / accountsPerBatch);
  const run: StoredRun = { ...discovered, accountsPerBatch, batchCount };
  await new StoredRunParts(store, run.runId).put({ kind: 'run' }, run);
  return { runId: run.runId, batches: Array.from({ length: batchCount }, (_, batch) => batch) };
}

async function planStage(run: StoredRun, batch: number, parts: StoredRunParts, { config, env }: StageDependencies): Promise<void> {
  const entries = await planAccounts(run, batchAccounts(run, batch), config, env);
  await parts.put({ kind: 'plans', batch }, await Promise.all(entries.map(storedPlan)));
}

/** Every batch's stored plans, in batch order; undefined for a batch whose planning failed. */
const allPlans = (run: StoredRun, parts: StoredRunParts) =>
  Promise.all(Array.from({ length: run.batchCount }, (_, batch) => parts.get({ kind: 'plans', batch })));

async function brakesStage(run: StoredRun, parts: StoredRunParts, { config, env }: StageDependencies): Promise<void> {
  // In the order the accounts were entered, as in one process: the cap per run lets the first ones go ahead.
  const planned = (await allPlans(run, parts)).flatMap((plans) => plans ?? []).flatMap((stored) => (stored.result ? [stored.result] : []));
  await parts.put({ kind: 'brakes' }, brakeRun(planned, config, new Date(run.runId), env.observer));
}

async function actStage(run: StoredRun, batch: number, parts: StoredRunParts, { config, env }: StageDependencies): Promise<void> {
  const [plans, braked] = await Promise.all([parts.get({ kind: 'plans', batch }), parts.get({ kind: 'brakes' })]);
  if (!plans) throw new Error(`batch ${batch} of run ${run.runId} has no stored plans: its planning failed`);
  if (!braked) throw new Error(`run ${run.runId} has no stored brakes: no account may act`);
  const ctx = accountContextOf(run, config, env);
  const entries = await mapPool(plans, config.concurrency, (stored) => resumePlannedEntry(stored, braked, ctx));
  const results = await actAccounts(entries, braked, config, ctx, env.observer);
  await parts.put({ kind: 'results', batch }, results.filter((result) => result !== undefined));
}

/** Why a batch's accounts have no result of their own. */
export const BATCH_FAILED = {
  plan: 'its batch failed to be planned, after retries (the execution history of the state machine gives the error): nothing was changed in it',
  act:
    'its batch failed while acting, after retries (the execution history of the state machine gives the error): some of its ' +
    'planned actions may have been carried out (their backups are in the report bucket); the next run judges its users again',
  brakes: "the organization's brakes could not be applied (the execution history of the state machine gives the error): nothing was changed in it",
};

const failedResult = (account: Account, error: string, planned?: AccountResult): AccountResult => ({
  ...(planned ?? { userCount: 0, verdicts: [], outcomes: [] }),
  account,
  status: 'failed',
  error,
});

/**
 * An account's result when its acting batch left none: the plan's result with its plan after the brakes
 * when acting had nothing to do in it, else failed.
 */
function resultWithoutActing(stored: StoredPlan, braked: BrakedPlans | undefined, mode: SweepConfig['mode']): AccountResult | undefined {
  const { result } = stored;
  if (!result) return undefined;
  const plan: AccountPlan | undefined = braked?.plans[stored.accountId];
  const wouldAct = stored.actOn !== undefined && mode !== 'report' && (plan ? plan.actions.length > 0 : true);
  if (!wouldAct) return plan ? { ...result, plan } : result;
  return failedResult(result.account, braked ? BATCH_FAILED.act : BATCH_FAILED.brakes, plan ? { ...result, plan } : result);
}

/**
 * Merges every batch's results into the one report and delivers it, once: Step Functions may invoke Finish
 * again (a retry after a Lambda service error), and the report it delivered is then answered again instead
 * of a second email.
 */
async function finishStage(run: StoredRun, parts: StoredRunParts, deps: StageDependencies): Promise<RunReport> {
  const delivered = await parts.get({ kind: 'report' });
  if (delivered) {
    deps.env.observer.log?.('warn', 'Finish ran again for a run it had delivered: the report is not sent again', { runId: run.runId });
    return delivered;
  }
  const report = await mergeAndDeliver(run, parts, deps);
  await parts.put({ kind: 'report' }, report);
  return report;
}

async function mergeAndDeliver(run: StoredRun, parts: StoredRunParts, { config, env }: StageDependencies): Promise<RunReport> {
  const [braked, identityCenter] = await Promise.all([
    parts.get({ kind: 'brakes' }),
    config.identityCenter ? parts.get({ kind: 'identity-center' }) : undefined,
  ]);
  const results = new Map<string, AccountResult>();
  const tags = new Map<string, Record<string, string>>();
  // Batch by batch: a batch's plans are let go once its results are read, as the report is what must fit.
  for (let batch = 0; batch < run.batchCount; batch++) {
    const stored = await parts.get({ kind: 'plans', batch });
    if (!stored) {
      for (const account of batchAccounts(run, batch)) results.set(account.id, failedResult(account, BATCH_FAILED.plan));
      continue;
    }
    for (const plan of stored) if (plan.tags) tags.set(plan.accountId, plan.tags);
    const acted = await parts.get({ kind: 'results', batch });
    for (const result of acted ?? stored.flatMap((plan) => resultWithoutActing(plan, braked, config.mode) ?? [])) {
      results.set(result.account.id, result);
    }
  }
  return finishRun(
    run,
    config,
    {
      results,
      tags,
      ...(config.identityCenter ? { identityCenter: identityCenter ?? identityCenterFailed(config, env) } : {}),
      ...(braked?.circuitBreaker ? { circuitBreaker: braked.circuitBreaker } : {}),
    },
    env,
  );
}

/** Identity Center's result when its stage stored none. */
const identityCenterFailed = (config: SweepConfig, env: StageEnvironment): IdentityCenterResult => ({
  status: 'failed',
  region: config.identityCenterRegion ?? env.clients.settings.region,
  error: 'the Identity Center stage failed, after retries (the execution history of the state machine gives the error)',
  userCount: 0,
  signIns: 0,
  verdicts: [],
  outcomes: [],
});
