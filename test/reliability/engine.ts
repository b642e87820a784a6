/**
 * Running the real engine (`runSweep`, what the Lambda handler and the CLI call) against a simulator, with
 * instruments on the SDK clients it makes: a recorder of every command, and which principal sent it (the
 * orchestrator's own clients or the cleanup role in a member account); a kill switch that freezes the
 * whole run at a chosen command, as a killed process would stop; and a hook that changes the organization
 * just before a chosen command, as someone else would meanwhile.
 */
import { AwsClients } from '../../lambdas/aws/clients';
import { parseSweepConfig, type RawSettings } from '../../lambdas/engine/config';
import type { RunReport, SweepConfig } from '../../lambdas/engine/types';
import { runSweep, type RunObserver } from '../../lambdas/sweep/run';
import type { Scenario } from '../../sim/scenario';
import { CALLER_ACCESS_KEY_ID } from '../support/sim';

/** The sweep's settings for a scenario: its bucket and topic, and the overrides (as the Lambda's variables take them). */
export function configFor(scenario: Scenario, overrides: RawSettings = {}): SweepConfig {
  return parseSweepConfig({
    reportBucket: scenario.s3Buckets?.[0],
    topicArn: scenario.snsTopics?.[0],
    ...overrides,
  });
}

/** One command the engine sent, as its client saw it (retries are not repeated here). */
export interface RecordedCall {
  /** `iam`, `sts`, `organizations`, `s3`, `sns`, `cloudtrail`, … */
  service: string;
  /** `DeleteUser` */
  operation: string;
  /** `member` when sent with the cleanup role's credentials, `orchestrator` for the caller's own clients. */
  principal: 'member' | 'orchestrator';
  /** The member account, for member calls. */
  accountId?: string;
  input: Record<string, unknown>;
}

export interface KillPoint {
  /** Freeze the run when the engine is about to send this command (the command is not sent). */
  when: (call: RecordedCall, index: number) => boolean;
}

export interface EngineRunOptions {
  now?: Date;
  /** Awaited before each command is sent: someone else changing the organization at that moment. */
  before?: (call: RecordedCall) => Promise<void>;
  remainingMs?: () => number;
  observer?: RunObserver;
  userConcurrency?: number;
  kill?: KillPoint;
}

export interface EngineRun {
  /** Undefined when the run was killed: a killed process writes no report. */
  report?: RunReport;
  killed: boolean;
  /** The command the run was frozen at. */
  killedAt?: RecordedCall;
  calls: RecordedCall[];
  now: Date;
}

type Middleware = (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) =>
  (args: { input: Record<string, unknown> }) => Promise<unknown>;
interface InstrumentedClient {
  middlewareStack: { add(middleware: Middleware, options: { step: 'initialize' | 'finalizeRequest'; name: string; priority?: 'low' }): void };
}

const FACTORIES = ['organizations', 'sts', 'sns', 's3', 'iam', 'cloudTrail', 'ssoAdmin', 'identityStore'] as const;
const SERVICE_OF: Record<(typeof FACTORIES)[number], string> = {
  organizations: 'organizations',
  sts: 'sts',
  sns: 'sns',
  s3: 's3',
  iam: 'iam',
  cloudTrail: 'cloudtrail',
  ssoAdmin: 'sso-admin',
  identityStore: 'identitystore',
};

/**
 * Wraps the client factories of `clients`: every command is recorded with its principal (credentials from
 * assumeRole mean a member account), and once `kill` fires no command or retry is sent any more.
 */
function instrument(clients: AwsClients, calls: RecordedCall[], options: EngineRunOptions, onKill: (call: RecordedCall) => void) {
  const { kill, before } = options;
  const accountOfKey = new Map<string, string>();
  let frozen = false;
  const never = new Promise<never>(() => undefined);
  const assumeRole = clients.assumeRole.bind(clients);
  clients.assumeRole = async (sts, accountId, roleName, partition) => {
    const credentials = await assumeRole(sts, accountId, roleName, partition);
    accountOfKey.set(credentials.accessKeyId, accountId);
    return credentials;
  };
  const table = clients as unknown as Record<string, (...args: unknown[]) => InstrumentedClient>;
  for (const factory of FACTORIES) {
    const make = table[factory];
    if (typeof make !== 'function') continue;
    table[factory] = (...args: unknown[]) => {
      const client = make(...args);
      const credentials = args[0] as { accessKeyId?: string } | undefined;
      const accountId = typeof credentials === 'object' && credentials?.accessKeyId ? accountOfKey.get(credentials.accessKeyId) : undefined;
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (frozen) return never;
          const call: RecordedCall = {
            service: SERVICE_OF[factory],
            operation: (context.commandName ?? 'Unknown').replace(/Command$/, ''),
            principal: accountId ? 'member' : 'orchestrator',
            ...(accountId ? { accountId } : {}),
            input: args.input,
          };
          if (kill?.when(call, calls.length)) {
            frozen = true;
            onKill(call);
            return never;
          }
          calls.push(call);
          await before?.(call);
          return next(args);
        },
        { step: 'initialize', name: 'reliabilityRecorder' },
      );
      // Every attempt, retries included: a killed process sends nothing more, not even a retry.
      client.middlewareStack.add((next) => async (args) => (frozen ? never : next(args)), {
        step: 'finalizeRequest',
        priority: 'low',
        name: 'reliabilityKillSwitch',
      });
      return client;
    };
  }
}

/** Runs one sweep against the simulator at `url` as the scenario's caller; never throws for a killed run. */
export async function runEngine(url: string, config: SweepConfig, options: EngineRunOptions = {}): Promise<EngineRun> {
  const clients = new AwsClients({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: CALLER_ACCESS_KEY_ID, secretAccessKey: 'x' },
    maxSockets: config.concurrency * 8,
  });
  const calls: RecordedCall[] = [];
  const now = options.now ?? new Date();
  let killedAt: RecordedCall | undefined;
  let killed!: () => void;
  const killedPromise = new Promise<void>((resolve) => (killed = resolve));
  instrument(clients, calls, options, (call) => {
    killedAt = call;
    killed();
  });
  try {
    const run = runSweep(config, {
      clients,
      now,
      remainingMs: options.remainingMs,
      observer: options.observer,
      userConcurrency: options.userConcurrency,
    });
    const first = await Promise.race([run.then((report) => ({ report })), killedPromise.then(() => ({ report: undefined }))]);
    if (first.report) return { report: first.report, killed: false, calls, now };
    // Killed: the run is frozen for good. Let the requests already on the wire land, as they would at AWS.
    await new Promise((resolve) => setTimeout(resolve, 150));
    return { killed: true, killedAt, calls, now };
  } finally {
    clients.close();
  }
}
