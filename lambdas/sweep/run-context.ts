/**
 * What every stage after discovery works with: the process it runs in (clients, observer, time left) and
 * the run as discovery found it. One process composes all stages (runSweep); the Step Functions engine
 * runs each stage in its own invocation, rebuilding the same context from the discovered run.
 */
import type { AwsClients } from '../aws/clients';
import { LOOKUP_EVENTS_PER_SECOND } from '../aws/cloudtrail';
import { RateLimiters } from '../aws/rate-limit';
import type { RuleContext } from '../engine/decide';
import type { ReportStore } from '../engine/ports/report-store';
import type { SweepConfig } from '../engine/types';
import type { AccountContext } from './account';
import type { DiscoveredRun } from './discover';
import type { RunObserver } from './run';

/** The process a stage runs in. */
export interface StageEnvironment {
  clients: AwsClients;
  /** The report bucket; absent when none is configured. */
  store?: ReportStore;
  observer: RunObserver;
  /** The host's clock; AWS's time is it plus the run's clock offset. */
  hostClock: () => Date;
  /** Milliseconds left before the process must stop (the Lambda's remaining time); unlimited when absent. */
  remainingMs?: () => number;
  /** Stop starting new accounts when less than this is left, to finish and report. */
  reserveMs: number;
  userConcurrency: number;
  /** CloudTrail LookupEvents limiters per account and Region, shared by everything the process sweeps. */
  lookupLimiters: RateLimiters;
}

/** A stage environment with the defaults runSweep has always had. */
export function stageEnvironment(
  env: Pick<StageEnvironment, 'clients'> & Partial<Omit<StageEnvironment, 'clients'>>,
): StageEnvironment {
  return {
    observer: {},
    hostClock: () => new Date(),
    reserveMs: 120_000,
    userConcurrency: 4,
    lookupLimiters: new RateLimiters(LOOKUP_EVENTS_PER_SECOND),
    ...env,
  };
}

/** Whether the process may start another account. */
export const timeLeft = (env: StageEnvironment) => () => (env.remainingMs ? env.remainingMs() > env.reserveMs : true);

/** ARNs of IAM users the caller is; an assumed role or root is no IAM user to protect. */
function protectedUserArns(callerArn: string | undefined): string[] {
  return callerArn && /^arn:aws[a-z-]*:iam::\d{12}:user\//.test(callerArn) ? [callerArn] : [];
}

/** The rules every verdict of the run is judged by. */
export function ruleContextOf(run: DiscoveredRun, config: SweepConfig): RuleContext {
  return {
    now: new Date(run.runId),
    inactiveDays: config.inactiveDays,
    excludeTag: config.excludeTag,
    excludeUsers: config.excludeUsers,
    protectedArns: protectedUserArns(run.callerArn),
  };
}

/** AWS's time as the run goes on: the host's clock corrected by the offset discovery measured. */
export const awsClockOf = (run: DiscoveredRun, env: StageEnvironment) => () => new Date(env.hostClock().getTime() + run.clockOffsetMs);

/** What planning and acting on one account need. */
export function accountContextOf(run: DiscoveredRun, config: SweepConfig, env: StageEnvironment): AccountContext {
  const { clients, remainingMs, reserveMs } = env;
  const sts = clients.sts();
  return {
    config,
    clients,
    assumeCleanupRole: (accountId: string) => clients.assumeRole(sts, accountId, config.roleName, run.partition),
    ...(env.store ? { store: env.store } : {}),
    ruleContext: ruleContextOf(run, config),
    now: new Date(run.runId),
    awsClock: awsClockOf(run, env),
    runId: run.runId,
    userConcurrency: env.userConcurrency,
    mayStartUser: () => !remainingMs || remainingMs() > reserveMs / 4,
    lookupLimiters: env.lookupLimiters,
  };
}
