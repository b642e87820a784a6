/**
 * The benchmark's simulator process: generates the organization, serves it with the given faults, and
 * tells the parent (over the IPC channel of `fork`) its URLs and the work the lower bound is made of. Runs
 * until the parent disconnects. A process of its own, so that the simulator and the sweep each get a core.
 *
 * S3 and SNS are served by a second simulator in this process, with the same latency and no per-account
 * bucket: the simulator's bucket counts every service of the calling account, but AWS limits S3 per prefix
 * (3,500 writes per second), far above the backups a sweep writes.
 */
import { startSimulator } from '../sim/server';
import { iamSimulateAuthorizer } from '../test/support/authorizer';
import { withDeployedPolicies } from '../test/support/deployed';
import type { Faults, Scenario } from '../sim/scenario';
import { accountWork, discoveryWork, type AccountWork, type DiscoveryWork, type SweepSettings } from './lower-bound';
import { benchOrganization, type BenchOrgOptions } from './org';

export interface SimServerOptions extends BenchOrgOptions {
  latencyMs: number;
  /** Per-account calls per second for IAM, STS and Organizations; 0 = unlimited. */
  ratePerSecond: number;
  settings: SweepSettings;
  optOutTag: { key: string; value: string };
  /** Serve the organization as the rollout leaves it, every call judged by iam-simulate. */
  authorize: boolean;
}

/** One account the sweep enters (ACTIVE and not opted out). */
export interface EnteredAccount {
  id: string;
  hasRole: boolean;
  report: AccountWork;
  delete: AccountWork;
  /** Calls of the guides' script in it: AssumeRole, ListUsers, GetUser and ListAccessKeys per user, GetAccessKeyLastUsed per key. */
  baselineCalls: number;
}

export interface SimServerReady {
  url: string;
  /** Serves S3 and SNS. */
  deliveryUrl: string;
  callerAccountId: string;
  quietAccountId: string;
  accountCount: number;
  userCount: number;
  /** Inactive users in the accounts the sweep can enter (not excluded). */
  inactiveUsers: number;
  entered: EnteredAccount[];
  discovery: DiscoveryWork;
  excludeUsers: string[];
  excludeTag: string;
  roleName: string;
  reportBucket: string;
  topicArn: string;
}

/** The delivery simulator's scenario: the same organization header, bucket and topic, no users. */
function deliveryScenario(scenario: Scenario, faults: Partial<Faults>): Scenario {
  const kept = new Set([scenario.organization.managementAccountId, scenario.callerAccountId]);
  return {
    organization: { ...scenario.organization },
    callerAccountId: scenario.callerAccountId,
    snsTopics: scenario.snsTopics,
    s3Buckets: scenario.s3Buckets,
    accounts: scenario.accounts.filter((account) => kept.has(account.id)).map((account) => ({ ...account, users: [] })),
    faults,
  };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as SimServerOptions;
  const org = benchOrganization(options);
  // The baseline (the guides' script, bench/baseline.ts) lists the accounts with ListAccounts, which the sweep never calls.
  const baseline = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' }] };
  // With the Step Functions engine's grants too (its stages' parts under runs/), which the single invocation never uses.
  const deployed = { callerPolicies: { 'bench-baseline': baseline }, stepFunctions: true };
  const scenario = options.authorize ? withDeployedPolicies(org.scenario, deployed) : org.scenario;
  const authorizer = options.authorize ? iamSimulateAuthorizer : undefined;
  const entered: EnteredAccount[] = [];
  let userCount = 0;
  let inactiveUsers = 0;
  for (const account of org.accounts) {
    const users = account.spec.users ?? [];
    userCount += users.length;
    if (account.intent === 'swept') inactiveUsers += Object.values(account.users).filter((intent) => intent === 'inactive').length;
    if (account.intent !== 'swept' && account.intent !== 'no-role') continue;
    const hasRole = account.intent === 'swept';
    entered.push({
      id: account.id,
      hasRole,
      // The report run comes first on a fresh simulator, so IAM generates its credential reports; the
      // delete run follows within 4 hours and is served the same ones again.
      report: accountWork(account.spec, account.users, hasRole, 'report', options.settings, true),
      delete: accountWork(account.spec, account.users, hasRole, 'delete', options.settings, false),
      baselineCalls: hasRole ? 2 + users.reduce((sum, user) => sum + 2 + (user.accessKeys?.length ?? 0), 0) : 1,
    });
  }
  const latency = { latencyMs: options.latencyMs };
  const sim = await startSimulator({
    scenario: { ...scenario, faults: { ...latency, perAccountRequestsPerSecond: options.ratePerSecond } },
    authorizer,
  });
  const delivery = await startSimulator({ scenario: deliveryScenario(scenario, latency), authorizer });
  const ready: SimServerReady = {
    url: sim.url,
    deliveryUrl: delivery.url,
    callerAccountId: scenario.callerAccountId,
    quietAccountId: org.quietAccountId,
    accountCount: scenario.accounts.length,
    userCount,
    inactiveUsers,
    entered,
    discovery: discoveryWork(scenario.organization, scenario.accounts, options.optOutTag),
    excludeUsers: org.excludeUsers,
    excludeTag: org.excludeTag,
    roleName: org.roleName,
    reportBucket: org.reportBucket,
    topicArn: org.topicArn,
  };
  process.send!(ready);
  process.once('disconnect', () => {
    void Promise.all([sim.stop(), delivery.stop()]).finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench simulator: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
