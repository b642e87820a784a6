/**
 * One measured sweep in a process of its own, as a Lambda invocation starts in a fresh one: the real engine
 * (runSweep) with counted clients, under the V8 heap of a Lambda of the given memory, so that its peak RSS
 * is that of the sweep alone, not of the benchmark's earlier runs. The parent forks it with the heap flags,
 * sends one SweepRequest over the IPC channel and gets one SweepRun back.
 *
 * With `stages`, the run goes through the Step Functions engine's stages instead (lambdas/sweep/run-stage.ts),
 * one after another, each with fresh clients as each invocation has, and each stage's own time measured.
 */
import { ReportBucket } from '../lambdas/aws/report-bucket';
import { parseSweepConfig, type RawSettings } from '../lambdas/engine/config';
import type { RunReport, SweepConfig } from '../lambdas/engine/types';
import { runSweep } from '../lambdas/sweep/run';
import { stageEnvironment } from '../lambdas/sweep/run-context';
import { runStage, type DiscoverOutput, type StageEvent } from '../lambdas/sweep/run-stage';
import { MeasuredClients, sampleRss, type AttemptCounts } from './measure';

export interface SweepRequest {
  settings: RawSettings;
  url: string;
  deliveryUrl: string;
  /** Accounts where AssumeRole is denied by design: their failure is expected. */
  withoutRole: string[];
  /** Run through the Step Functions engine's stages, in batches of this many accounts. */
  stages?: { accountsPerBatch: number };
}

/** One stage invocation of a staged run. */
export interface StageTime {
  stage: StageEvent['stage'];
  batch?: number;
  wallMs: number;
  cpuMs: number;
  /** Calls charged to the caller account's bucket (STS and Organizations). */
  callerCalls: number;
}

export interface SweepRun {
  wallMs: number;
  /** CPU time of the sweep's process during the run. */
  cpuMs: number;
  attempts: AttemptCounts;
  peakRssBytes: number;
  /** Accounts that failed other than those without the cleanup role. */
  unexpectedFailures: number;
  usersDeleted: number;
  actionsFailed: number;
  /** With `stages`: each stage invocation, in the order they ran. */
  stages?: StageTime[];
}

export const CALLER_CREDENTIALS = { accessKeyId: 'AKIDBENCHCALLER', secretAccessKey: 'bench' };

/** The clients a sweep gets here, sized as the Lambda handler sizes its sockets. */
export function benchClients(url: string, deliveryUrl: string, concurrency: number): MeasuredClients {
  return new MeasuredClients(
    { region: 'us-east-1', endpoint: url, credentials: CALLER_CREDENTIALS, maxSockets: concurrency * 8 },
    deliveryUrl,
  );
}

const addCounts = (total: AttemptCounts, part: AttemptCounts) => {
  total.calls += part.calls;
  total.retries += part.retries;
  total.failed += part.failed;
  for (const [key, n] of Object.entries(part.retriesByOperation)) total.retriesByOperation[key] = (total.retriesByOperation[key] ?? 0) + n;
  for (const [key, n] of Object.entries(part.callsByOperation)) total.callsByOperation[key] = (total.callsByOperation[key] ?? 0) + n;
};

/** The run through the Step Functions engine's stages, one invocation after another. */
async function stagedRun(request: SweepRequest, config: SweepConfig, attempts: AttemptCounts, stages: StageTime[]): Promise<RunReport> {
  const invoke = async <T>(event: StageEvent): Promise<T> => {
    const clients = benchClients(request.url, request.deliveryUrl, config.concurrency);
    const env = stageEnvironment({ clients, store: new ReportBucket(clients.s3(), config.reportBucket!) });
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    try {
      return (await runStage(event, { config, env })) as T;
    } finally {
      const cpu = process.cpuUsage(cpuBefore);
      clients.close();
      const callerCalls = Object.entries(clients.attempts.callsByOperation)
        .filter(([operation]) => /^(sts|organizations):/.test(operation))
        .reduce((sum, [, n]) => sum + n, 0);
      stages.push({
        stage: event.stage,
        ...('batch' in event ? { batch: event.batch } : {}),
        wallMs: performance.now() - started,
        cpuMs: (cpu.user + cpu.system) / 1000,
        callerCalls,
      });
      addCounts(attempts, clients.attempts);
    }
  };
  const { runId, batches } = await invoke<DiscoverOutput>({ stage: 'discover', accountsPerBatch: request.stages!.accountsPerBatch });
  for (const batch of batches) await invoke({ stage: 'plan', runId, batch });
  await invoke({ stage: 'identity-center', runId });
  await invoke({ stage: 'brakes', runId });
  for (const batch of batches) await invoke({ stage: 'act', runId, batch });
  return invoke<RunReport>({ stage: 'finish', runId });
}

async function measuredSweep(request: SweepRequest): Promise<SweepRun> {
  const config = parseSweepConfig(request.settings);
  const clients = benchClients(request.url, request.deliveryUrl, config.concurrency);
  const stages: StageTime[] = [];
  const rss = sampleRss();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let report: RunReport;
  try {
    report = request.stages ? await stagedRun(request, config, clients.attempts, stages) : await runSweep(config, { clients });
  } finally {
    clients.close();
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const withoutRole = new Set(request.withoutRole);
  const outcomes = report.accounts.flatMap((account) => account.outcomes);
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    attempts: clients.attempts,
    peakRssBytes: rss.stop(),
    unexpectedFailures: report.accounts.filter((a) => a.status !== 'swept' && !withoutRole.has(a.account.id)).length,
    usersDeleted: outcomes.filter((o) => o.kind === 'delete-user' && o.status === 'done').length,
    actionsFailed: outcomes.filter((o) => o.status === 'failed').length,
    ...(request.stages ? { stages } : {}),
  };
}

if (require.main === module) {
  process.once('message', (request: SweepRequest) => {
    measuredSweep(request).then(
      (run) => process.send!(run, () => process.disconnect()),
      (error: unknown) => {
        process.stderr.write(`bench sweep: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
