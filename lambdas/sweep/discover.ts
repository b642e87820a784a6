/**
 * The first stage of a run: who the run is, AWS's time, the organization and the order in which its
 * accounts are entered. Its result is plain data, so that a run spread over several processes (the Step
 * Functions engine) hands it from stage to stage through the report bucket.
 */
import { callerIdentity } from '../aws/caller';
import type { AwsClients } from '../aws/clients';
import { describeError } from '../aws/aws-errors';
import { OrganizationReader } from '../aws/organizations';
import { clockCorrection } from '../engine/aws-clock';
import { ConfigError, SETTINGS } from '../engine/config';
import { SweepError } from '../engine/errors';
import type { ReportStore } from '../engine/ports/report-store';
import { notReachedFirst, selectAccounts, type AccountSelection, type SelectionRules } from '../engine/select-accounts';
import type { Account, PlacedAccount, SweepConfig } from '../engine/types';
import type { RunObserver } from './run';

/** The organization itself could not be read: nothing was done, and the invocation must fail. */
export class OrganizationReadError extends SweepError {
  constructor(cause: unknown) {
    super('OrganizationReadError', `the organization could not be read: ${describeError(cause)}`, { cause });
  }
}

/** What discovery found: everything the later stages of the run need of it, as plain data. */
export interface DiscoveredRun {
  /** The run's start in AWS's time (ISO 8601): its id, and the `now` every verdict is judged at. */
  runId: string;
  /** AWS's time minus the host's, when they are more than 5 minutes apart; else 0. */
  clockOffsetMs: number;
  clockWarning?: string;
  organizationId: string;
  managementAccountId: string;
  callerArn?: string;
  callerAccountId: string;
  /** The caller's partition, which Organizations and every ARN of the run are in. */
  partition: string;
  /** Every account of the organization with its ancestry, without the accounts' own tags. */
  placed: PlacedAccount[];
  /** The accounts to sweep, in the order they are entered: those the last run did not reach first. */
  order: Account[];
  /** Whether the run records the accounts it did not reach: only a run over the whole organization knows them. */
  recordsNotReached: boolean;
}

/** The rules that select the accounts of `run`. */
export function selectionRulesOf(config: SweepConfig, run: Pick<DiscoveredRun, 'managementAccountId'>): SelectionRules {
  return {
    optOutTag: config.optOutTag,
    allowList: config.accounts,
    managementAccount: { id: run.managementAccountId, skip: config.skipManagementAccount },
    targetOus: config.targetOus,
  };
}

/** Logs the selection and tells the observer. */
export function announceSelection(observer: RunObserver, organizationId: string, { toSweep, skipped }: AccountSelection): void {
  observer.accountsSelected?.(toSweep.length, skipped.length);
  observer.log?.('info', 'accounts discovered', { organizationId, toSweep: toSweep.length, skipped: skipped.length });
}

/** Without the last run's list the accounts are entered in the usual order: nothing else depends on it. */
const cannotReadNotReached = (observer: RunObserver) => (error: unknown): string[] => {
  observer.log?.('warn', 'the accounts the last run did not reach could not be read; they are entered in the usual order', {
    error: describeError(error),
  });
  return [];
};

/**
 * Reads who the run is and the organization, checks the target OUs, selects the accounts and orders them.
 * Throws OrganizationReadError when the organization cannot be read and ConfigError when a target OU is
 * not in it: nothing is done then.
 */
export async function discoverRun(
  config: SweepConfig,
  env: { clients: AwsClients; store?: ReportStore; observer: RunObserver; hostClock: () => Date; hostStart: Date },
): Promise<DiscoveredRun> {
  const { clients, observer, hostClock } = env;
  const hostStart = env.hostStart.getTime();
  let found: Omit<DiscoveredRun, 'runId' | 'order' | 'recordsNotReached'>;
  let parentIds: string[];
  try {
    // The caller's partition decides where Organizations is and how every ARN of the run is written.
    const caller = await callerIdentity(clients.sts(), hostClock);
    const clock = clockCorrection(caller.receivedAt, caller.awsTime);
    const org = new OrganizationReader(clients.organizations(caller.partition));
    const info = await org.describe();
    const walked = await org.walk();
    parentIds = walked.parentIds;
    found = {
      clockOffsetMs: clock.offsetMs,
      ...(clock.warning ? { clockWarning: clock.warning } : {}),
      organizationId: info.id,
      managementAccountId: info.managementAccountId,
      ...(caller.arn ? { callerArn: caller.arn } : {}),
      callerAccountId: caller.accountId,
      partition: caller.partition,
      placed: walked.accounts,
    };
  } catch (error) {
    throw new OrganizationReadError(error);
  }
  const runId = new Date(hostStart + found.clockOffsetMs).toISOString();
  if (found.clockWarning) observer.log?.('warn', found.clockWarning);
  const unknownOus = (config.targetOus ?? []).filter((id) => !parentIds.includes(id));
  if (unknownOus.length > 0) {
    throw new ConfigError(
      SETTINGS.targetOus.env,
      `${SETTINGS.targetOus.env} (${SETTINGS.targetOus.flag}) names ${unknownOus.join(', ')}, not an OU or root of ` +
        `organization ${found.organizationId}: nothing was swept`,
    );
  }
  // The accounts' own tags are read as each account's turn comes, right before it is entered: read all
  // first, a call per account would keep every account waiting for the slowest part of discovery.
  const candidates = selectAccounts(found.placed, selectionRulesOf(config, found));
  announceSelection(observer, found.organizationId, candidates);
  const { store } = env;
  const notReachedLastRun = store ? await store.readNotReached().catch(cannotReadNotReached(observer)) : [];
  return {
    ...found,
    runId,
    order: notReachedFirst(candidates.toSweep, notReachedLastRun),
    recordsNotReached: Boolean(store && !config.accounts),
  };
}
