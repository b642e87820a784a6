/**
 * The engine's entry point, shared by the Lambda and the CLI: the run's stages composed in one process,
 * discover → plan every account → the organization's brakes → act → finish (merge, report, email), with
 * Identity Center swept alongside. Every account is planned before any acts. The Step Functions engine
 * runs the same stages in separate invocations (lambdas/sweep/run-stage.ts).
 */
import type { AwsClients } from '../aws/clients';
import { ReportBucket } from '../aws/report-bucket';
import type { Account, AccountResult, RunReport, SweepConfig } from '../engine/types';
import { actAccounts } from './act-accounts';
import { brakeRun } from './brakes';
import { discoverRun } from './discover';
import { finishRun } from './finish';
import { identityCenterStage } from './identity-center-stage';
import { planAccounts } from './plan-accounts';
import { accountContextOf, stageEnvironment } from './run-context';

export { OrganizationReadError } from './discover';

/** What the run tells the outside world as it goes: logs, progress lines, metrics. */
export interface RunObserver {
  /**
   * When the accounts are selected, before their own opt-out tags are read (each as its turn comes); again
   * at the end when some account's own tag opted it out.
   */
  accountsSelected?(toSweep: number, skipped: number): void;
  accountStarted?(account: Account): void;
  accountFinished?(result: AccountResult): void;
  log?(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void;
}

export interface RunOptions {
  clients: AwsClients;
  observer?: RunObserver;
  /**
   * The host's time when the run starts; defaults to the system clock. Where it is more than 5 minutes from
   * AWS's time (the `Date` of AWS's answers), the run takes AWS's time and its report says so.
   */
  now?: Date;
  /** Milliseconds left before the run must stop (the Lambda's remaining time); unlimited when absent. */
  remainingMs?: () => number;
  /** Stop starting new accounts when less than this is left (default 120 s), to finish and report. */
  reserveMs?: number;
  userConcurrency?: number;
}

export async function runSweep(config: SweepConfig, options: RunOptions): Promise<RunReport> {
  const hostStart = options.now ?? new Date();
  const startedTick = performance.now();
  const env = stageEnvironment({
    clients: options.clients,
    ...(config.reportBucket ? { store: new ReportBucket(options.clients.s3(), config.reportBucket) } : {}),
    observer: options.observer ?? {},
    hostClock: () => new Date(hostStart.getTime() + performance.now() - startedTick),
    ...(options.remainingMs ? { remainingMs: options.remainingMs } : {}),
    ...(options.reserveMs !== undefined ? { reserveMs: options.reserveMs } : {}),
    ...(options.userConcurrency !== undefined ? { userConcurrency: options.userConcurrency } : {}),
  });
  const run = await discoverRun(config, { ...env, hostStart });
  const identityCenter = identityCenterStage(run, config, env);
  const planned = await planAccounts(run, run.order, config, env);
  const plannedResults = planned.flatMap((entry) => (entry.planned ? [entry.planned.result] : []));
  const braked = brakeRun(plannedResults, config, new Date(run.runId), env.observer);
  const acted = await actAccounts(planned, braked, config, accountContextOf(run, config, env), env.observer);
  const results = new Map(acted.filter((result) => result !== undefined).map((result) => [result.account.id, result]));
  const tags = new Map(planned.flatMap((entry) => (entry.tags ? [[entry.accountId, entry.tags] as const] : [])));
  return finishRun(
    run,
    config,
    { results, tags, identityCenter: await identityCenter, circuitBreaker: braked.circuitBreaker },
    env,
  );
}
