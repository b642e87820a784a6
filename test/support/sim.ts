/**
 * Test helpers around the simulator: start one on a free port, read its admin endpoints, configure SDK
 * clients for it, and build small scenarios.
 *
 * @example
 *   const sim = await startTestSimulator(baseScenario());
 *   const iam = new IAMClient(clientConfig(sim.url));
 *   ...
 *   await sim.stop();
 */
import type { CallCounts } from '../../sim/calls';
import type { AccountSpec, Faults, Scenario } from '../../sim/scenario';
import type { Authorizer } from '../../sim/authorization';
import { startSimulator } from '../../sim/server';
import type { PublishedMessage } from '../../sim/state';

export interface S3ObjectView {
  bucket: string;
  key: string;
  size: number;
  body: string;
  contentType?: string;
  lastModified: string;
}

export interface TestSimulator {
  url: string;
  stop(): Promise<void>;
  /** The whole current state, in the scenario format with absolute times. */
  state(): Promise<Scenario>;
  calls(): Promise<CallCounts>;
  resetCalls(): Promise<void>;
  sns(): Promise<PublishedMessage[]>;
  s3(): Promise<S3ObjectView[]>;
  /** Replaces every fault setting. */
  setFaults(faults: Partial<Faults>): Promise<void>;
  /** Moves the simulator's clock forward, e.g. `'5h'`, `'91d'`. */
  advanceClock(duration: string): Promise<void>;
}

async function admin<T>(url: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/_sim/${path}`, body === undefined
    ? undefined
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const payload = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`simulator /_sim/${path}: HTTP ${response.status}: ${payload.error ?? JSON.stringify(payload)}`);
  return payload;
}

/** `authorizer`: evaluate every call against the scenario's policies (test/support/authorizer.ts). */
export async function startTestSimulator(scenario: Scenario | string, options: { authorizer?: Authorizer } = {}): Promise<TestSimulator> {
  const sim = await startSimulator({ scenario, port: 0, authorizer: options.authorizer });
  const { url } = sim;
  return {
    url,
    stop: () => sim.stop(),
    state: () => admin<Scenario>(url, 'state'),
    calls: () => admin<CallCounts>(url, 'calls'),
    resetCalls: async () => void (await admin(url, 'calls/reset', {})),
    sns: () => admin<PublishedMessage[]>(url, 'sns'),
    s3: () => admin<S3ObjectView[]>(url, 's3'),
    setFaults: async (faults) => void (await admin(url, 'faults', faults)),
    advanceClock: async (duration) => void (await admin(url, 'clock', { advance: duration })),
  };
}

/** The access key id tests call with: not issued by the simulator, so it acts as the scenario's caller. */
export const CALLER_ACCESS_KEY_ID = 'AKIDCALLER';

/** Configuration every AWS SDK v3 client accepts to talk to the simulator as the scenario's caller. */
export function clientConfig(url: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = {
  accessKeyId: CALLER_ACCESS_KEY_ID,
  secretAccessKey: 'x',
}) {
  return { endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true };
}

export const BASE = {
  organizationId: 'o-exampleorg1',
  rootId: 'r-root',
  managementAccountId: '100000000001',
  callerAccountId: '100000000002',
  memberAccountId: '100000000003',
  topicArn: 'arn:aws:sns:us-east-1:100000000002:iam-sweep-report',
  bucket: 'iam-sweep-reports',
  roleName: 'IamSweepRole',
} as const;

/** A member account with the sweep's role trusted by the caller account, and the given overrides. */
export function memberAccount(id: string, overrides: Partial<AccountSpec> = {}): AccountSpec {
  return {
    id,
    name: `account-${id}`,
    email: `aws+${id}@example.com`,
    state: 'ACTIVE',
    parentId: BASE.rootId,
    roles: [{ name: BASE.roleName, trustedAccountIds: [BASE.callerAccountId] }],
    users: [],
    ...overrides,
  };
}

/**
 * An organization with a management account, the caller (delegated administrator) account and one member
 * account (`BASE.memberAccountId`, holding `members`' users), one SNS topic and one bucket.
 */
export function baseScenario(overrides: Partial<Scenario> = {}, member: Partial<AccountSpec> = {}): Scenario {
  return {
    organization: { id: BASE.organizationId, managementAccountId: BASE.managementAccountId, rootId: BASE.rootId },
    callerAccountId: BASE.callerAccountId,
    snsTopics: [BASE.topicArn],
    s3Buckets: [BASE.bucket],
    accounts: [
      memberAccount(BASE.managementAccountId, { name: 'management' }),
      memberAccount(BASE.callerAccountId, { name: 'security' }),
      memberAccount(BASE.memberAccountId, member),
    ],
    ...overrides,
  };
}
