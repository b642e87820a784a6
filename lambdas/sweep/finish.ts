/**
 * The last stage of a run: the accounts' results merged into the one report, the accounts not reached
 * recorded for the next run, the JSON written and the one email sent.
 */
import type { AwsClients } from '../aws/clients';
import { publish } from '../aws/delivery';
import { describeError } from '../aws/aws-errors';
import type { ReportStore } from '../engine/ports/report-store';
import { renderSubject, renderText } from '../engine/report';
import { selectAccounts } from '../engine/select-accounts';
import type { Account, AccountResult, IdentityCenterResult, OrganizationCircuitBreaker, RunReport, SweepConfig } from '../engine/types';
import { announceSelection, selectionRulesOf, type DiscoveredRun } from './discover';
import type { RunObserver } from './run';
import { awsClockOf, type StageEnvironment } from './run-context';

/** What the stages after discovery found and did. */
export interface RunOutcome {
  /** Each account's result, by id; an account its own tag opted out has none. */
  results: ReadonlyMap<string, AccountResult>;
  /** The accounts' own tags, by id, for those read. */
  tags: ReadonlyMap<string, Record<string, string>>;
  identityCenter?: IdentityCenterResult;
  circuitBreaker?: OrganizationCircuitBreaker;
}

/** A result for a selected account no stage gave one for; the engines give one to every account. */
const lostResult = (account: Account): AccountResult => ({
  account,
  status: 'failed',
  error: 'the run lost track of this account: nothing is known of what was done in it',
  userCount: 0,
  verdicts: [],
  outcomes: [],
});

/** Merges the outcome into the run's report, records the accounts not reached, and delivers the report. */
export async function finishRun(run: DiscoveredRun, config: SweepConfig, outcome: RunOutcome, env: StageEnvironment): Promise<RunReport> {
  const { observer, clients, store } = env;
  const rules = selectionRulesOf(config, run);
  const candidates = selectAccounts(run.placed, rules);
  const placed = run.placed.map((account) => (outcome.tags.has(account.id) ? { ...account, tags: outcome.tags.get(account.id) } : account));
  const selection = selectAccounts(placed, rules);
  if (selection.skipped.length !== candidates.skipped.length) announceSelection(observer, run.organizationId, selection);
  const results = selection.toSweep.map((account) => outcome.results.get(account.id) ?? lostResult(account));

  if (run.recordsNotReached && store) {
    const notReached = run.order.filter((account) => outcome.results.get(account.id)?.status === 'not-reached').map((account) => account.id);
    await store.writeNotReached(run.runId, notReached).catch((error: unknown) =>
      observer.log?.('warn', 'the accounts this run did not reach could not be recorded for the next run', {
        error: describeError(error),
      }),
    );
  }

  const report: RunReport = {
    organizationId: run.organizationId,
    mode: config.mode,
    inactiveDays: config.inactiveDays,
    quarantineDays: config.quarantineDays,
    startedAt: run.runId,
    finishedAt: awsClockOf(run, env)().toISOString(),
    accounts: results,
    skipped: selection.skipped,
    deliveryErrors: [],
    ...(run.clockWarning ? { clockWarning: run.clockWarning } : {}),
    ...(outcome.identityCenter ? { identityCenter: outcome.identityCenter } : {}),
    ...(outcome.circuitBreaker ? { organizationCircuitBreaker: outcome.circuitBreaker } : {}),
  };
  if (report.identityCenter) {
    const { status, refusal, error, userCount } = report.identityCenter;
    observer.log?.(status === 'swept' ? 'info' : 'warn', 'identity center finished', { status, refusal, error, users: userCount });
  }
  await deliver(report, config, { clients, store, observer });
  return report;
}

/**
 * Writes the full JSON to the bucket, then sends the one email; each failure is recorded, not thrown.
 * When the email fails after the JSON was written, the JSON is written again to say so.
 */
async function deliver(
  report: RunReport,
  config: SweepConfig,
  { clients, store, observer }: { clients: AwsClients; store?: ReportStore; observer: RunObserver },
): Promise<void> {
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
