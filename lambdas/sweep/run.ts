/**
 * The engine's entry point, shared by the Lambda and the CLI:
 * discover accounts → inventory each account → decide → plan → organization brakes → act → report.
 * Every account is planned before any acts.
 */
import { callerIdentity } from '../aws/caller';
import type { AwsClients } from '../aws/clients';
import { LOOKUP_EVENTS_PER_SECOND } from '../aws/cloudtrail';
import { publish } from '../aws/delivery';
import { describeError } from '../aws/aws-errors';
import { OrganizationReader } from '../aws/organizations';
import { RateLimiters } from '../aws/rate-limit';
import { ReportBucket } from '../aws/report-bucket';
import { clockCorrection, type ClockCorrection } from '../engine/aws-clock';
import { ConfigError, SETTINGS } from '../engine/config';
import { SweepError } from '../engine/errors';
import { applyOrganizationBrakes, runCapReason } from '../engine/organization-brakes';
import { mapPool } from '../engine/pool';
import type { ReportStore } from '../engine/ports/report-store';
import { renderSubject, renderText } from '../engine/report';
import { optedOutAccount } from '../engine/rules/opted-out-account';
import { notReachedFirst, selectAccounts, type AccountSelection } from '../engine/select-accounts';
import type { Account, AccountPlan, AccountResult, OrganizationCircuitBreaker, PlacedAccount, RunReport, SweepConfig } from '../engine/types';
import { actOnAccount, planAccountSweep, planSettingsOf, type AccountContext, type PlannedAccountSweep } from './account';
import { sweepIdentityCenter } from './identity-center';

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

/** The organization itself could not be read: nothing was done, and the invocation must fail. */
export class OrganizationReadError extends SweepError {
  constructor(cause: unknown) {
    super('OrganizationReadError', `the organization could not be read: ${describeError(cause)}`, { cause });
  }
}

/** Without the last run's list the accounts are entered in the usual order: nothing else depends on it. */
const cannotReadNotReached = (observer: RunObserver) => (error: unknown): string[] => {
  observer.log?.('warn', 'the accounts the last run did not reach could not be read; they are entered in the usual order', {
    error: describeError(error),
  });
  return [];
};

/** ARNs of IAM users the caller is; an assumed role or root is no IAM user to protect. */
function protectedUserArns(callerArn: string | undefined): string[] {
  return callerArn && /^arn:aws[a-z-]*:iam::\d{12}:user\//.test(callerArn) ? [callerArn] : [];
}

export async function runSweep(config: SweepConfig, options: RunOptions): Promise<RunReport> {
  const { clients, observer = {} } = options;
  const hostStart = (options.now ?? new Date()).getTime();
  const startedTick = performance.now();
  const hostClock = () => new Date(hostStart + performance.now() - startedTick);
  const reserveMs = options.reserveMs ?? 120_000;
  const timeLeft = () => (options.remainingMs ? options.remainingMs() > reserveMs : true);
  const sts = clients.sts();
  const store = config.reportBucket ? new ReportBucket(clients.s3(), config.reportBucket) : undefined;

  let organizationId: string;
  let org: OrganizationReader;
  let placed: PlacedAccount[];
  let parentIds: string[];
  let callerArn: string | undefined;
  let callerAccountId: string;
  let managementAccountId: string;
  let clock: ClockCorrection;
  let partition: string;
  try {
    // The caller's partition decides where Organizations is and how every ARN of the run is written.
    const caller = await callerIdentity(sts, hostClock);
    callerArn = caller.arn;
    callerAccountId = caller.accountId;
    partition = caller.partition;
    clock = clockCorrection(caller.receivedAt, caller.awsTime);
    org = new OrganizationReader(clients.organizations(partition));
    const info = await org.describe();
    organizationId = info.id;
    managementAccountId = info.managementAccountId;
    ({ accounts: placed, parentIds } = await org.walk());
  } catch (error) {
    throw new OrganizationReadError(error);
  }
  const runClock = () => new Date(hostClock().getTime() + clock.offsetMs);
  const now = new Date(hostStart + clock.offsetMs);
  const runId = now.toISOString();
  if (clock.warning) observer.log?.('warn', clock.warning);
  const unknownOus = (config.targetOus ?? []).filter((id) => !parentIds.includes(id));
  if (unknownOus.length > 0) {
    throw new ConfigError(
      SETTINGS.targetOus.env,
      `${SETTINGS.targetOus.env} (${SETTINGS.targetOus.flag}) names ${unknownOus.join(', ')}, not an OU or root of ` +
        `organization ${organizationId}: nothing was swept`,
    );
  }
  const selectionRules = {
    optOutTag: config.optOutTag,
    allowList: config.accounts,
    managementAccount: { id: managementAccountId, skip: config.skipManagementAccount },
    targetOus: config.targetOus,
  };
  // The accounts' own tags are read as each account's turn comes, right before it is entered: read all
  // first, a call per account would keep every account waiting for the slowest part of discovery.
  const byId = new Map(placed.map((account) => [account.id, account]));
  const candidates = selectAccounts(placed, selectionRules);
  const announce = ({ toSweep, skipped }: AccountSelection) => {
    observer.accountsSelected?.(toSweep.length, skipped.length);
    observer.log?.('info', 'accounts discovered', { organizationId, toSweep: toSweep.length, skipped: skipped.length });
  };
  announce(candidates);

  const ruleContext = {
    now,
    inactiveDays: config.inactiveDays,
    excludeTag: config.excludeTag,
    excludeUsers: config.excludeUsers,
    protectedArns: protectedUserArns(callerArn),
  };
  const lookupLimiters = new RateLimiters(LOOKUP_EVENTS_PER_SECOND);
  const userConcurrency = options.userConcurrency ?? 4;
  const mayStartUser = () => !options.remainingMs || options.remainingMs() > reserveMs / 4;
  // Identity Center is swept with the caller's own credentials, alongside the member accounts.
  const identityCenter = config.identityCenter
    ? sweepIdentityCenter({
        config,
        clients,
        store,
        callerAccountId,
        managementAccountId,
        lookupLimiters,
        ruleContext,
        planSettings: planSettingsOf(config),
        now,
        runId,
        userConcurrency,
        mayStartUser,
      })
    : undefined;
  // Only a run over the whole organization knows what is left for the next one.
  const recordsNotReached = Boolean(store && !config.accounts);
  const notReachedLastRun = store ? await store.readNotReached().catch(cannotReadNotReached(observer)) : [];
  const order = notReachedFirst(candidates.toSweep, notReachedLastRun);
  const accountContext: AccountContext = {
    config,
    clients,
    assumeCleanupRole: (accountId: string) => clients.assumeRole(sts, accountId, config.roleName, partition),
    store,
    ruleContext,
    now,
    awsClock: runClock,
    runId,
    userConcurrency,
    mayStartUser,
    lookupLimiters,
  };
  const entered = new Set<string>();
  // Every account is planned before any acts: the organization's brakes need all the plans.
  const planned = await mapPool(
    order,
    config.concurrency,
    async (account): Promise<PlannedAccountSweep | undefined> => {
      const placedAccount = byId.get(account.id)!;
      try {
        await org.readAccountTags(placedAccount);
      } catch (error) {
        const reason = `its tags could not be read, so it was not entered: ${describeError(error)}`;
        return { result: { account, status: 'failed', error: reason, userCount: 0, verdicts: [], outcomes: [] } };
      }
      if (optedOutAccount(placedAccount, config.optOutTag)) return undefined;
      entered.add(account.id);
      observer.accountStarted?.(account);
      return planAccountSweep(account, accountContext);
    },
    {
      shouldStart: timeLeft,
      skipped: (account): PlannedAccountSweep => ({
        result: {
          account,
          status: 'not-reached',
          error: `the run ran out of time before this account${recordsNotReached ? '; the next run enters it first' : ''}`,
          userCount: 0,
          verdicts: [],
          outcomes: [],
        },
      }),
    },
  );
  const brakes = organizationBrakes(planned, config, now, observer);
  const swept = await mapPool(planned, config.concurrency, async (account): Promise<AccountResult | undefined> => {
    if (!account) return undefined;
    const result = await actOnAccount(account, brakes.plans.get(account.result.account.id), accountContext);
    if (entered.has(result.account.id)) observer.accountFinished?.(result);
    return result;
  });
  const selection = selectAccounts(placed, selectionRules);
  if (selection.skipped.length !== candidates.skipped.length) announce(selection);
  const resultOf = new Map(swept.filter((result) => result !== undefined).map((result) => [result.account.id, result]));
  const results = selection.toSweep.map((account) => resultOf.get(account.id)!);

  if (recordsNotReached) {
    const notReached = order.filter((account) => resultOf.get(account.id)?.status === 'not-reached').map((account) => account.id);
    await store!.writeNotReached(runId, notReached).catch((error: unknown) =>
      observer.log?.('warn', 'the accounts this run did not reach could not be recorded for the next run', {
        error: describeError(error),
      }),
    );
  }

  const identityCenterResult = await identityCenter;
  const report: RunReport = {
    organizationId,
    mode: config.mode,
    inactiveDays: config.inactiveDays,
    quarantineDays: config.quarantineDays,
    startedAt: runId,
    finishedAt: runClock().toISOString(),
    accounts: results,
    skipped: selection.skipped,
    deliveryErrors: [],
    ...(clock.warning ? { clockWarning: clock.warning } : {}),
    ...(identityCenterResult ? { identityCenter: identityCenterResult } : {}),
    ...(brakes.circuitBreaker ? { organizationCircuitBreaker: brakes.circuitBreaker } : {}),
  };
  if (report.identityCenter) {
    const { status, refusal, error, userCount } = report.identityCenter;
    observer.log?.(status === 'swept' ? 'info' : 'warn', 'identity center finished', { status, refusal, error, users: userCount });
  }
  await deliver(report, config, store, options);
  return report;
}

/**
 * The organization's brakes over the plans of the swept accounts (lambdas/engine/organization-brakes.ts),
 * logged when they hold anything back: each swept account's plan after them, by account id.
 */
function organizationBrakes(
  planned: readonly (PlannedAccountSweep | undefined)[],
  config: SweepConfig,
  now: Date,
  observer: RunObserver,
): { plans: Map<string, AccountPlan>; circuitBreaker?: OrganizationCircuitBreaker } {
  const swept = planned.flatMap((account) => (account?.result.status === 'swept' && account.result.plan ? [account.result] : []));
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
  return { plans: new Map(swept.map((result, index) => [result.account.id, applied.plans[index]])), circuitBreaker };
}

/**
 * Writes the full JSON to the bucket, then sends the one email; each failure is recorded, not thrown.
 * When the email fails after the JSON was written, the JSON is written again to say so.
 */
async function deliver(report: RunReport, config: SweepConfig, store: ReportStore | undefined, { clients, observer = {} }: RunOptions): Promise<void> {
  const writeJson = async (bucket: ReportStore) => {
    try {
      report.reportLocation = await bucket.writeReport(report);
    } catch (error) {
      report.reportLocation = undefined;
      report.deliveryErrors.push(`the JSON report could not be written to s3://${config.reportBucket}: ${describeError(error)}`);
    }
  };
  if (store) await writeJson(store);
  if (config.topicArn) {
    try {
      await publish(clients.sns(), config.topicArn, renderSubject(report), renderText(report));
      report.emailedTo = config.topicArn;
    } catch (error) {
      report.deliveryErrors.push(`the report email could not be published to ${config.topicArn}: ${describeError(error)}`);
      if (store && report.reportLocation) await writeJson(store);
    }
  }
  for (const problem of report.deliveryErrors) observer.log?.('error', problem);
}
