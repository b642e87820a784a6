/**
 * The organization's brakes, with the built orchestrator Lambda under the rollout's own policies: the
 * circuit breaker over every swept account, which holds back a misjudgement spread over accounts too small
 * for their own breaker, and the cap on user deletions per run across accounts acting at once; and the
 * acting phase that follows the planning of every account, with the sessions kept from planning.
 */
import { AwsClients, type AwsCredentialIdentity } from '../../lambdas/aws/clients';
import { runSweep } from '../../lambdas/sweep/run';
import type { UserSpec } from '../../sim/scenario';
import { configFor } from '../reliability/engine';
import { invokeBuiltHandler, lastReport } from '../support/handler';
import { account, activeUser, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { CALLER_ACCESS_KEY_ID, type TestSimulator } from '../support/sim';

/** Ten small accounts, 444444444401…444444444410: fewer than 5 users each, so no account's own breaker judges them. */
const SMALL = Array.from({ length: 10 }, (_, i) => `4444444444${String(i + 1).padStart(2, '0')}`);

const inactive = (prefix: string, n: number): UserSpec[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}-gone-${i}`, created: '-400d', passwordLastUsed: '-300d' }));

/** Each account: `gone` users that look inactive, then `active` users in use. */
const smallAccounts = (gone: number, active: number) =>
  organization(
    SMALL.map((id) => account(id, [...inactive(id.slice(-2), gone), ...Array.from({ length: active }, (_, i) => activeUser(`active-${id.slice(-2)}-${i}`))])),
  );

let sim: TestSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const invoke = (settings: Record<string, string>) => invokeBuiltHandler(sim!.url, settings);
const userNames = async (accountId: string) =>
  ((await sim!.state()).accounts.find((a) => a.id === accountId)!.users ?? []).map((u) => u.name).sort();
const goneLeft = async () => {
  const names = await Promise.all(SMALL.map(userNames));
  return names.flat().filter((name) => name.includes('-gone-')).length;
};
const DELETE_AT_ONCE = { SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' };

describe('the organization circuit breaker', () => {
  test('holds every account back when most users of many small accounts would be acted on, and says why', async () => {
    // GIVEN ten accounts of 4 users, 3 of which look inactive: 30 of 40 users, no account over 4 users
    sim = await startDeployedSimulator(smallAccounts(3, 1));
    const before = await Promise.all(SMALL.map(userNames));

    // WHEN delete mode runs with quarantine 0 and the default limits
    const { result, logs } = await invoke(DELETE_AT_ONCE);

    // THEN no user of any account is changed, and no account's own breaker tripped
    expect(await Promise.all(SMALL.map(userNames))).toEqual(before);
    const state = await sim.state();
    for (const id of SMALL) {
      for (const user of state.accounts.find((a) => a.id === id)!.users ?? []) expect(user.tags?.['iam-sweep:disabled-at']).toBeUndefined();
    }
    const report = await lastReport(sim);
    expect(report.accounts.filter((a) => a.plan?.circuitBreaker)).toEqual([]);
    expect(report.accounts.flatMap((a) => a.outcomes)).toEqual([]);

    // AND the report, the JSON, the Lambda's result and the metrics say the organization's breaker held them, with the counts
    expect(report.organizationCircuitBreaker).toMatchObject({ usersToActOn: 30, users: 40, accounts: 10, maxFraction: 0.5 });
    const email = (await sim.sns())[0];
    expect(email.subject).toContain('all held by the organization breaker');
    expect(email.message).toContain('Organization circuit breaker (a person should look)');
    expect(email.message).toContain('would act on 30 of 40 users (75%) in 10 of 12 swept accounts, more than the limit of 50%');
    expect(email.message).toMatch(/acct-444 +444444444401 +4 +3 +0  held: organization circuit breaker/);
    expect(email.message).toContain('acct-444 (444444444401): organization circuit breaker: 3 users to act on');
    expect(result.organizationCircuitBreaker).toContain('would act on 30 of 40 users');
    const metrics = logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((record) => record._aws);
    expect(metrics).toMatchObject({ OrganizationCircuitBreakerTripped: 1, ActionsDone: 0 });
  });

  test('lets a run act when the share across the organization is within the limit', async () => {
    // GIVEN the same ten small accounts with 1 inactive user of 4 each: 10 of 40 users
    sim = await startDeployedSimulator(smallAccounts(1, 3));

    // WHEN delete mode runs with quarantine 0
    const { logs } = await invoke(DELETE_AT_ONCE);

    // THEN every inactive user is deleted, and the breaker is reported as not tripped
    expect(await goneLeft()).toBe(0);
    expect((await lastReport(sim)).organizationCircuitBreaker).toBeUndefined();
    const metrics = logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((record) => record._aws);
    expect(metrics).toMatchObject({ OrganizationCircuitBreakerTripped: 0, ActionsDone: 10 });
  });

  test('is raised for one run with SWEEP_MAX_ORGANIZATION_ACTION_FRACTION, once a person has confirmed', async () => {
    // GIVEN the organization the breaker held back
    sim = await startDeployedSimulator(smallAccounts(3, 1));

    // WHEN delete mode runs with the limit raised to 0.8
    await invoke({ ...DELETE_AT_ONCE, SWEEP_MAX_ORGANIZATION_ACTION_FRACTION: '0.8' });

    // THEN the inactive users are deleted
    expect(await goneLeft()).toBe(0);
  });
});

describe('the cap on user deletions per run', () => {
  test('deletes at most SWEEP_MAX_DELETIONS_PER_RUN users across accounts acting at once; the next runs go on', async () => {
    // GIVEN ten accounts with 1 inactive user of 4 each, all acting at once (default concurrency)
    sim = await startDeployedSimulator(smallAccounts(1, 3));

    // WHEN delete mode runs with quarantine 0 and at most 4 deletions per run
    const settings = { ...DELETE_AT_ONCE, SWEEP_MAX_DELETIONS_PER_RUN: '4' };
    await invoke(settings);

    // THEN exactly 4 users are deleted, and the other 6 are reported held back for the next run
    expect(await goneLeft()).toBe(6);
    const first = await lastReport(sim);
    const held = first.accounts.flatMap((a) => a.plan?.heldBack ?? []);
    expect(held).toHaveLength(6);
    expect(held.every((h) => h.reason === 'over the cap of 4 user deletions per run; left for the next run')).toBe(true);
    expect(first.accounts.flatMap((a) => a.outcomes).filter((o) => o.kind === 'delete-user' && o.status === 'done')).toHaveLength(4);
    expect((await sim.sns())[0].message).toContain('over the cap of 4 user deletions per run; left for the next run');

    // WHEN the next runs come
    await invoke(settings);
    const afterSecond = await goneLeft();
    await invoke(settings);

    // THEN they delete the users held back, 4 at a time
    expect(afterSecond).toBe(2);
    expect(await goneLeft()).toBe(0);
  });
});

describe('acting after every account is planned', () => {
  /** Runs the engine with each account's first session ending `firstSessionMs` from now; returns the sessions per account and the IAM clients' keys. */
  async function runWithSessions(firstSessionMs: number) {
    const clients = new AwsClients({ region: 'us-east-1', endpoint: sim!.url, credentials: { accessKeyId: CALLER_ACCESS_KEY_ID, secretAccessKey: 'x' } });
    const sessions = new Map<string, string[]>();
    const iamKeys: string[] = [];
    const assumeRole = clients.assumeRole.bind(clients);
    clients.assumeRole = async (sts, accountId, roleName, partition) => {
      const credentials = await assumeRole(sts, accountId, roleName, partition);
      const earlier = sessions.get(accountId) ?? [];
      sessions.set(accountId, [...earlier, credentials.accessKeyId]);
      return earlier.length > 0 ? credentials : { ...credentials, expiration: new Date(Date.now() + firstSessionMs) };
    };
    const iam = clients.iam;
    clients.iam = (credentials?: AwsCredentialIdentity) => {
      if (credentials) iamKeys.push(credentials.accessKeyId);
      return iam(credentials);
    };
    try {
      const scenario = smallAccounts(1, 3);
      await runSweep(configFor(scenario, { mode: 'delete', quarantineDays: '0' }), { clients });
    } finally {
      clients.close();
    }
    return { sessions, iamKeys };
  }

  test('an account whose session is near its end when its turn to act comes assumes the role again, and acts with the new one', async () => {
    // GIVEN small accounts with an inactive user each, whose first sessions end in a minute
    sim = await startDeployedSimulator(smallAccounts(1, 3));

    // WHEN delete mode runs
    const { sessions, iamKeys } = await runWithSessions(60_000);

    // THEN each account with a user to delete was entered with a second session, whose IAM client acted
    for (const id of SMALL) {
      const [planning, acting] = sessions.get(id)!;
      expect(acting).toBeDefined();
      expect(iamKeys).toContain(planning);
      expect(iamKeys).toContain(acting);
    }
    expect(await goneLeft()).toBe(0);
  });

  test('a session with time left is kept from planning to acting: one AssumeRole per account', async () => {
    sim = await startDeployedSimulator(smallAccounts(1, 3));
    const { sessions } = await runWithSessions(3_600_000);
    expect(SMALL.map((id) => sessions.get(id)!.length)).toEqual(SMALL.map(() => 1));
    expect(await goneLeft()).toBe(0);
  });
});
