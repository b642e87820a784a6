/**
 * What the benchmark measures and how: the simulator's child process and its call counts, the sweep's
 * clients with their attempts counted, and the peak resident memory of this (the sweep's) process.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { MiddlewareStack } from '@smithy/types';
import { AwsClients, type AwsSettings } from '../lambdas/aws/clients';
import type { CallCounts } from '../sim/calls';
import type { SimServerOptions, SimServerReady } from './sim-server';
import type { SweepRequest, SweepRun } from './sweep-process';

export interface BenchSimulator {
  ready: SimServerReady;
  /** Calls answered since the last reset, by both simulators. */
  calls(): Promise<CallSummary>;
  resetCalls(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts bench/sim-server.ts in a child process (TypeScript through tsx) and waits for it to serve. */
export function startBenchSimulator(options: SimServerOptions): Promise<BenchSimulator> {
  const child = fork(join(__dirname, 'sim-server.ts'), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench simulator exited with code ${code} before serving`)));
    child.once('message', (message) => {
      child.removeAllListeners('exit');
      const ready = message as SimServerReady;
      const urls = [ready.url, ready.deliveryUrl];
      resolve({
        ready,
        calls: async () => summarize(await Promise.all(urls.map((url) => admin<CallCounts>(url, 'calls')))),
        resetCalls: async () => void (await Promise.all(urls.map((url) => admin(url, 'calls/reset', {})))),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.disconnect();
          }),
      });
    });
  });
}

/** The V8 flags the Lambda Node.js runtime's bootstrap derives from the function's memory. */
export function lambdaHeapFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}

/**
 * Runs one measured sweep (bench/sweep-process.ts) in a fresh process with the V8 heap of a Lambda of
 * `memoryMb`; with `cpuProfileDir`, the process writes its CPU profile there.
 */
export function sweepInProcess(request: SweepRequest, memoryMb: number, cpuProfileDir?: string): Promise<SweepRun> {
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child = fork(join(__dirname, 'sweep-process.ts'), [], {
    execArgv: ['--import', 'tsx', ...lambdaHeapFlags(memoryMb), ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let run: SweepRun | undefined;
    child.once('message', (message) => (run = message as SweepRun));
    child.once('exit', (code) => (run ? resolve(run) : reject(new Error(`the bench sweep exited with code ${code}`))));
    child.send(request);
  });
}

async function admin<T>(url: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(
    `${url}/_sim/${path}`,
    body === undefined ? undefined : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  if (!response.ok) throw new Error(`simulator /_sim/${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Each service's throttling answer, as the simulator words it. */
const THROTTLING_CODES = new Set(['Throttling', 'TooManyRequestsException', 'SlowDown', 'Throttled', 'ThrottlingException']);

export interface CallSummary {
  total: number;
  /** Calls charged to each calling account (AssumeRole and S3 count under the caller's account). */
  byAccount: Record<string, number>;
  byOperation: Record<string, number>;
  /** Throttling answers of every service. */
  throttled: number;
  deleteConflicts: number;
  /** Calls the simulator's evaluator refused under the rollout's policies (with --authorize), by `<action> on <resource>`. */
  denied: Record<string, number>;
}

function summarize(counts: CallCounts[]): CallSummary {
  const summary: CallSummary = { total: 0, byAccount: {}, byOperation: {}, throttled: 0, deleteConflicts: 0, denied: {} };
  const add = (record: Record<string, number>, key: string, count: number) => (record[key] = (record[key] ?? 0) + count);
  for (const count of counts) {
    summary.total += count.total;
    for (const [account, n] of Object.entries(count.byAccount)) add(summary.byAccount, account, n);
    for (const [operation, n] of Object.entries(count.byOperation)) add(summary.byOperation, operation, n);
    for (const [refused, n] of Object.entries(count.denied)) add(summary.denied, refused, n);
    for (const [key, n] of Object.entries(count.byError)) {
      const code = key.slice(key.indexOf(':') + 1);
      if (THROTTLING_CODES.has(code)) summary.throttled += n;
      if (code === 'DeleteConflict') summary.deleteConflicts += n;
    }
  }
  return summary;
}

/** Attempts the SDK made, as it reports them in `$metadata.attempts`. */
export interface AttemptCounts {
  calls: number;
  retries: number;
  /** Retries by `service:Operation`, as the simulator keys its call counts. */
  retriesByOperation: Record<string, number>;
  /** Calls (not attempts) by `service:Operation`. */
  callsByOperation: Record<string, number>;
  /** Calls that failed after every attempt (AccessDenied of an account without the role included). */
  failed: number;
}

interface AttemptMetadata {
  $metadata?: { attempts?: number };
}

type Measurable = { middlewareStack: Pick<MiddlewareStack<object, object>, 'add'> };

/**
 * The run's clients, with every call's attempts counted. S3 and SNS go to the delivery simulator.
 * The sweep sees plain AwsClients.
 */
export class MeasuredClients extends AwsClients {
  readonly attempts: AttemptCounts = { calls: 0, retries: 0, retriesByOperation: {}, callsByOperation: {}, failed: 0 };
  private readonly delivery: AwsClients;

  constructor(settings: AwsSettings, deliveryEndpoint: string) {
    super(settings);
    this.delivery = new AwsClients({ ...settings, endpoint: deliveryEndpoint });
    const { iam, sts, organizations } = this;
    const { s3, sns } = this.delivery;
    this.iam = (credentials) => this.measured('iam', iam(credentials));
    this.sts = () => this.measured('sts', sts());
    this.organizations = (partition) => this.measured('organizations', organizations(partition));
    this.s3 = () => this.measured('s3', s3());
    this.sns = () => this.measured('sns', sns());
  }

  private measured<C extends Measurable>(service: string, client: C): C {
    const count = (operation: string, attempts: number | undefined) => {
      const retries = Math.max(0, (attempts ?? 1) - 1);
      this.attempts.calls += 1;
      this.attempts.retries += retries;
      const key = `${service}:${operation.replace(/Command$/, '')}`;
      this.attempts.retriesByOperation[key] = (this.attempts.retriesByOperation[key] ?? 0) + retries;
      this.attempts.callsByOperation[key] = (this.attempts.callsByOperation[key] ?? 0) + 1;
    };
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = (context as { commandName?: string }).commandName ?? 'unknown';
        try {
          const result = await next(args);
          count(operation, (result.output as AttemptMetadata).$metadata?.attempts);
          return result;
        } catch (error) {
          count(operation, (error as AttemptMetadata).$metadata?.attempts);
          this.attempts.failed += 1;
          throw error;
        }
      },
      { step: 'initialize', name: 'benchAttemptCounter' },
    );
    return client;
  }

  close(): void {
    super.close();
    this.delivery.close();
  }
}

/** Samples this process's resident set size until stopped; returns the peak in bytes. */
export function sampleRss(intervalMs = 20): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}
