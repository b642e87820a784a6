/**
 * The orchestrator Lambda. Configuration comes from SWEEP_* environment variables and is validated before
 * any AWS call. The invocation fails (so the error alarm fires) only when the organization could not be
 * read or the report could not be delivered anywhere; a failed account is reported, not thrown.
 */
import { AwsClients } from '../aws/clients';
import { parseSweepConfig, rawSettingsFromEnv } from '../engine/config';
import { SweepError } from '../engine/errors';
import { renderText, totals } from '../engine/report';
import { runSweep, type RunObserver } from '../sweep/run';
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

export class ReportNotDeliveredError extends SweepError {
  constructor(problems: string[]) {
    super('ReportNotDeliveredError', `the report could not be delivered anywhere: ${problems.join('; ')}`);
  }
}

export async function handler(_event: unknown, context?: LambdaContext) {
  const config = parseSweepConfig(rawSettingsFromEnv(process.env));
  const clients = new AwsClients({ region: process.env.AWS_REGION ?? 'us-east-1', maxSockets: config.concurrency * 8 });
  try {
    const report = await runSweep(config, {
      clients,
      observer,
      remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined,
    });
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
  } finally {
    clients.close();
  }
}
