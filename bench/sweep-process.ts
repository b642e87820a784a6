/**
 * One measured sweep in a process of its own, as a Lambda invocation starts in a fresh one: the real engine
 * (runSweep) with counted clients, under the V8 heap of a Lambda of the given memory, so that its peak RSS
 * is that of the sweep alone, not of the benchmark's earlier runs. The parent forks it with the heap flags,
 * sends one SweepRequest over the IPC channel and gets one SweepRun back.
 */
import { parseSweepConfig, type RawSettings } from '../lambdas/engine/config';
import type { RunReport } from '../lambdas/engine/types';
import { runSweep } from '../lambdas/sweep/run';
import { MeasuredClients, sampleRss, type AttemptCounts } from './measure';

export interface SweepRequest {
  settings: RawSettings;
  url: string;
  deliveryUrl: string;
  /** Accounts where AssumeRole is denied by design: their failure is expected. */
  withoutRole: string[];
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
}

export const CALLER_CREDENTIALS = { accessKeyId: 'AKIDBENCHCALLER', secretAccessKey: 'bench' };

/** The clients a sweep gets here, sized as the Lambda handler sizes its sockets. */
export function benchClients(url: string, deliveryUrl: string, concurrency: number): MeasuredClients {
  return new MeasuredClients(
    { region: 'us-east-1', endpoint: url, credentials: CALLER_CREDENTIALS, maxSockets: concurrency * 8 },
    deliveryUrl,
  );
}

async function measuredSweep(request: SweepRequest): Promise<SweepRun> {
  const config = parseSweepConfig(request.settings);
  const clients = benchClients(request.url, request.deliveryUrl, config.concurrency);
  const rss = sampleRss();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let report: RunReport;
  try {
    report = await runSweep(config, { clients });
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
