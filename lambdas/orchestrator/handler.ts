/**
 * The orchestrator Lambda. Configuration comes from SWEEP_* environment variables and is validated before
 * any AWS call. The invocation fails (so the error alarm fires) only when the organization could not be
 * read or the report could not be delivered anywhere; a failed account is reported, not thrown.
 *
 * Invoked by the Step Functions engine, the event names a stage of the run (`{ "stage": … }`) and the
 * invocation runs that stage alone (lambdas/sweep/run-stage.ts); any other event runs the whole sweep.
 */
import { AwsClients } from '../aws/clients';
import { ReportBucket } from '../aws/report-bucket';
import { parseSweepConfig, rawSettingsFromEnv } from '../engine/config';
import { SweepError } from '../engine/errors';
import { renderText, totals } from '../engine/report';
import type { RunReport, SweepConfig } from '../engine/types';
import { runSweep, type RunObserver } from '../sweep/run';
import { stageEnvironment } from '../sweep/run-context';
import { runStage, type DiscoverOutput, type StageEvent } from '../sweep/run-stage';
import { ENGINE_ENV } from './step-functions';
import { metricsRecord } from './metrics';

export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

const log = (level: string, message: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ level, message, time: new Date().toISOString(), ...fields }));

const observer: RunObserver = {
  log,
  accountFinished: (result) =>
    log(result.status === 'swept' ? 'info' : 'warn', 'account finished', {
      accountId: result.account.id,
      status: result.status,
      error: result.error,
      users: result.userCount,
      inactive: result.verdicts.filter((v) => v.inactive && !v.excluded).length,
      actionsPlanned: result.plan?.actions.length ?? 0,
      actionsDone: result.outcomes.filter((o) => o.status === 'done').length,
      actionsFailed: result.outcomes.filter((o) => o.status === 'failed').length,
      circuitBreaker: result.plan?.circuitBreaker,
    }),
};

/** A whole run was asked of an orchestrator that the Step Functions engine runs. */
export class WholeRunRefusedError extends SweepError {
  constructor() {
    super(
      'WholeRunRefusedError',
      'this orchestrator runs under the Step Functions engine (sweep.engine "step-functions"), where a whole run in one ' +
        'invocation could overlap the state machine\'s: start an execution of the state machine iam-sweep instead',
    );
  }
}

export class ReportNotDeliveredError extends SweepError {
  constructor(problems: string[]) {
    super('ReportNotDeliveredError', `the report could not be delivered anywhere: ${problems.join('; ')}`);
  }
}

const STAGES: readonly string[] = ['discover', 'plan', 'identity-center', 'brakes', 'act', 'finish'] satisfies StageEvent['stage'][];

function isStageEvent(event: unknown): event is StageEvent {
  return typeof event === 'object' && event !== null && STAGES.includes(String((event as { stage?: unknown }).stage));
}

/** Logs the run's metrics and what the invocation answers; throws when the report reached no one. */
function concludeRun(report: RunReport) {
  // The run's own clock: CloudWatch refuses metric records from far outside its time.
  console.log(JSON.stringify(metricsRecord(report, new Date(report.finishedAt))));
  const delivered = Boolean(report.reportLocation || report.emailedTo);
  if (!delivered) {
    log('error', 'report text follows, since it reached no bucket and no topic', { report: renderText(report) });
    throw new ReportNotDeliveredError(report.deliveryErrors.length ? report.deliveryErrors : ['no bucket or topic is configured']);
  }
  return {
    organizationId: report.organizationId,
    mode: report.mode,
    reportLocation: report.reportLocation,
    ...totals(report),
    ...(report.organizationCircuitBreaker ? { organizationCircuitBreaker: report.organizationCircuitBreaker.reason } : {}),
  };
}

/** One stage of a run of the Step Functions engine, its parts kept in the report bucket. */
async function handleStage(
  event: StageEvent,
  config: SweepConfig,
  clients: AwsClients,
  context?: LambdaContext,
): Promise<DiscoverOutput | RunSummary | { stage: string }> {
  const env = stageEnvironment({
    clients,
    ...(config.reportBucket ? { store: new ReportBucket(clients.s3(), config.reportBucket) } : {}),
    observer,
    ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
  });
  const output = await runStage(event, { config, env });
  if (event.stage === 'finish') return concludeRun(output as RunReport);
  return (output as DiscoverOutput | undefined) ?? { stage: event.stage };
}

/** What a whole run (or the Finish stage) answers: the run's totals and where its report is. */
export type RunSummary = ReturnType<typeof concludeRun>;

export async function handler(event: StageEvent, context?: LambdaContext): Promise<DiscoverOutput | RunSummary | { stage: string }>;
export async function handler(event: unknown, context?: LambdaContext): Promise<RunSummary>;
export async function handler(event: unknown, context?: LambdaContext): Promise<DiscoverOutput | RunSummary | { stage: string }> {
  const config = parseSweepConfig(rawSettingsFromEnv(process.env));
  const clients = new AwsClients({ region: process.env.AWS_REGION ?? 'us-east-1', maxSockets: config.concurrency * 8 });
  try {
    if (isStageEvent(event)) return await handleStage(event, config, clients, context);
    if (process.env[ENGINE_ENV] === 'step-functions') throw new WholeRunRefusedError();
    const report = await runSweep(config, {
      clients,
      observer,
      remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined,
    });
    return concludeRun(report);
  } finally {
    clients.close();
  }
}
