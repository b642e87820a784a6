/**
 * Property-based runs of the real engine (runSweep, as the Lambda and the CLI run it) against the
 * simulator, over organizations from the seeded generator (fast-check drives the seed, the sizes and the
 * shares) with extra users built from arbitrary parts, and over arbitrary configurations.
 *
 * The oracle is the engine's own pure `decide` (and `planUser`/`planAccount`) applied to the simulator's
 * state before the run; the generator's intent for each user is the second, independent check of the
 * verdict rules. Default: a short run for CI. `RELIABILITY_RUNS=500` runs long, with larger organizations;
 * `RELIABILITY_SEED=<n> RELIABILITY_PATH=<p>` replays a failure; `RELIABILITY_LANES` sets how many runs go
 * at once (default 4: a run mostly waits on the simulator).
 */
import fc from 'fast-check';
import type { RunReport } from '../../lambdas/engine/types';
import type { Scenario } from '../../sim/scenario';
import { startDeployedSimulator } from '../support/deployed';
import { type TestSimulator } from '../support/sim';
import { configArb, orgParamsArb, organizationFor, type OrgParams } from './arbitraries';
import { configFor, runEngine } from './engine';
import { changingCalls, expectationOf, inactiveUsersLeft, intentViolations, invariantViolations, sameJson, usersOf } from './oracle';
import { evidenceOf, restoreDeletedUsers } from './sim-tools';

const RUNS = Math.max(1, Number(process.env.RELIABILITY_RUNS ?? 16));
const LONG = RUNS > 50;
const SIZE = LONG ? { accounts: 8, users: 14 } : { accounts: 5, users: 7 };
/** Replays one failing lane: its seed (and path) as fast-check printed them. */
const REPLAY = process.env.RELIABILITY_SEED === undefined
  ? undefined
  : { seed: Number(process.env.RELIABILITY_SEED), ...(process.env.RELIABILITY_PATH ? { path: process.env.RELIABILITY_PATH } : {}) };
/** Runs mostly wait on the simulator and the engine's pacing: lanes of fast-check run side by side. */
const LANES = REPLAY ? 1 : Math.max(1, Number(process.env.RELIABILITY_LANES ?? 4));
const timeout = (numRuns: number) => 60_000 + Math.ceil(numRuns / LANES) * (LONG ? 40_000 : 20_000);

/**
 * fc.assert over `runs` runs, split into lanes with seeds of their own that run at once. A failure names
 * its lane's seed and path: RELIABILITY_SEED=<seed> RELIABILITY_PATH=<path> replays it in one lane.
 */
async function assertProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IAsyncPropertyWithHooks<Ts>, runs: number): Promise<void> {
  const base = REPLAY?.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const lanes = Math.min(LANES, runs);
  const outcomes = await Promise.allSettled(
    Array.from({ length: lanes }, (_, lane) =>
      fc.assert(property, {
        numRuns: Math.floor(runs / lanes) + (lane < runs % lanes ? 1 : 0),
        ...(REPLAY ?? { seed: base + lane }),
        endOnFailure: !LONG,
      }),
    ),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

const GENEROUS = {
  mode: 'delete',
  quarantineDays: '0',
  maxDeletionsPerAccount: '10000',
  maxActionFraction: '1',
  maxDeletionsPerRun: '100000',
  maxOrganizationActionFraction: '1',
} as const;

async function withSimulator<T>(scenario: Scenario, body: (sim: TestSimulator) => Promise<T>): Promise<T> {
  const sim = await startDeployedSimulator(scenario, { restoreRole: true });
  try {
    return await body(sim);
  } finally {
    await sim.stop();
  }
}

/** A second run with the same settings changes nothing, except what the caps held back in the first. */
function secondRunViolations(after1: Scenario, after2: Scenario, report1: RunReport, report2: RunReport): string[] {
  const held = new Set(report1.accounts.flatMap((a) => (a.plan?.heldBack ?? []).map((h) => `${a.account.id}/${h.userName}`)));
  const problems: string[] = [];
  for (const account of after1.accounts) {
    const now = usersOf(after2, account.id);
    for (const user of account.users ?? []) {
      if (!held.has(`${account.id}/${user.name}`) && !sameJson(user, now.get(user.name))) {
        problems.push(`${account.id} ${user.name}: changed again by the second run`);
      }
    }
  }
  for (const outcome of report2.accounts.flatMap((a) => a.outcomes)) {
    if (outcome.status === 'done' && !held.has(`${outcome.accountId}/${outcome.userName}`)) {
      problems.push(`${outcome.accountId} ${outcome.userName}: the second run did ${outcome.kind} again`);
    }
  }
  return problems;
}

const describeCase = (params: OrgParams, raw: Record<string, unknown>) =>
  `generator ${JSON.stringify(params.generator)}, ${params.extraUsers.length} extra users, caller ${params.callerIsUser ? 'an IAM user' : 'a role'}, settings ${JSON.stringify(raw)}`;

test.concurrent(
  'any organization, any configuration: nothing active, excluded, opted out or the sweep itself is changed; ' +
    'no DeleteConflict; every deletion backed up and restorable; caps and circuit breaker hold; ' +
    'every call granted by the cleanup role; a second run changes nothing',
  async () => {
    await assertProperty(
      fc.asyncProperty(orgParamsArb(SIZE.accounts, SIZE.users), configArb(), async (params, raw) => {
        const { scenario, truth } = organizationFor(params, new Date());
        await withSimulator(scenario, async (sim) => {
          const before = await sim.state();
          const config = configFor(scenario, raw);
          const run1 = await runEngine(sim.url, config);
          const expectation = expectationOf(before, config, run1.now);
          const evidence = await evidenceOf(sim, before, [run1.report!], run1.calls, 1);
          const problems = [...intentViolations(truth, expectation, before), ...invariantViolations(expectation, evidence, { complete: true })];

          const run2 = await runEngine(sim.url, config);
          problems.push(...secondRunViolations(evidence.after, await sim.state(), run1.report!, run2.report!));
          problems.push(...(await restoreDeletedUsers(sim, before)).problems);
          if (problems.length > 0) throw new Error(`${describeCase(params, raw)}\n${problems.join('\n')}`);
        });
      }),
      RUNS,
    );
  },
  timeout(RUNS),
);

test.concurrent(
  'delete with quarantine 0 and generous caps: no inactive, non-excluded user is left, by the rules and by the generator’s intent',
  async () => {
    await assertProperty(
      fc.asyncProperty(orgParamsArb(SIZE.accounts, SIZE.users), fc.integer({ min: 21, max: 119 }), async (params, inactiveDays) => {
        const { scenario, truth } = organizationFor(params, new Date());
        await withSimulator(scenario, async (sim) => {
          const before = await sim.state();
          const raw = { ...GENEROUS, inactiveDays: String(inactiveDays), excludeUsers: truth.excludeUsers.join(',') };
          const config = configFor(scenario, raw);
          const run = await runEngine(sim.url, config);
          const expectation = expectationOf(before, config, run.now);
          const evidence = await evidenceOf(sim, before, [run.report!], run.calls, 1);
          const problems = [
            ...intentViolations(truth, expectation, before),
            ...invariantViolations(expectation, evidence, { complete: true }),
            ...inactiveUsersLeft(expectation, evidence.after),
          ];
          // The generator's intent, without the engine's rules: inactive users of swept accounts are gone, the rest stay.
          for (const [accountId, account] of Object.entries(truth.accounts)) {
            const left = usersOf(evidence.after, accountId);
            const swept = account.intent === 'swept';
            for (const [userName, intent] of Object.entries(account.users)) {
              const gone = !left.has(userName);
              if (gone !== (swept && intent === 'inactive')) {
                problems.push(`${accountId} ${userName}: meant ${intent} in a ${swept ? 'swept' : `${account.intent}`} account, ${gone ? 'deleted' : 'left'}`);
              }
            }
          }
          if (problems.length > 0) throw new Error(`${describeCase(params, raw)}\n${problems.join('\n')}`);
        });
      }),
      Math.ceil(RUNS / 2),
    );
  },
  timeout(Math.ceil(RUNS / 2)),
);

test.concurrent(
  'delete with quarantine 0 and tight caps: at most maxDeletionsPerAccount users deleted per account, and none where the circuit breaker trips',
  async () => {
    await assertProperty(
      fc.asyncProperty(
        orgParamsArb(SIZE.accounts, SIZE.users).map((p) => ({
          ...p,
          generator: { ...p.generator, usersPerAccount: Math.max(5, p.generator.usersPerAccount), inactiveShare: 0.5, excludedShare: 0 },
        })),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('0.2', '0.4', '0.6', '0.8', '1'),
        async (params, maxDeletions, fraction) => {
          const { scenario } = organizationFor(params, new Date());
          await withSimulator(scenario, async (sim) => {
            const before = await sim.state();
            const raw = { ...GENEROUS, maxDeletionsPerAccount: String(maxDeletions), maxActionFraction: fraction, excludeUsers: 'svc-legacy-*' };
            const config = configFor(scenario, raw);
            const run = await runEngine(sim.url, config);
            const expectation = expectationOf(before, config, run.now);
            const evidence = await evidenceOf(sim, before, [run.report!], run.calls, 1);
            const problems = invariantViolations(expectation, evidence, { complete: true });
            for (const result of run.report!.accounts) {
              const deleted = [...usersOf(before, result.account.id).keys()].filter((name) => !usersOf(evidence.after, result.account.id).has(name));
              if (deleted.length > maxDeletions) problems.push(`${result.account.id}: ${deleted.length} users deleted, cap ${maxDeletions}`);
              if (result.plan?.circuitBreaker && deleted.length > 0) problems.push(`${result.account.id}: circuit breaker tripped, yet ${deleted} deleted`);
            }
            if (problems.length > 0) throw new Error(`${describeCase(params, raw)}\n${problems.join('\n')}`);
          });
        },
      ),
      Math.ceil(RUNS / 2),
    );
  },
  timeout(Math.ceil(RUNS / 2)),
);

test.concurrent(
  'killed at any call of a delete run, the next run finishes: no half-deleted user, no orphaned MFA device, every deletion backed up',
  async () => {
    await assertProperty(
      fc.asyncProperty(
        orgParamsArb(SIZE.accounts, SIZE.users).map((p) => ({ ...p, generator: { ...p.generator, inactiveShare: 0.4, fullDependents: true } })),
        fc.integer({ min: 1, max: 60 }),
        async (params, killAt) => {
          const { scenario, truth } = organizationFor(params, new Date());
          await withSimulator(scenario, async (sim) => {
            const before = await sim.state();
            const raw = { ...GENEROUS, excludeUsers: truth.excludeUsers.join(',') };
            const config = configFor(scenario, raw);
            let changes = 0;
            const killed = await runEngine(sim.url, config, {
              kill: { when: (call) => call.principal === 'member' && changingCalls([call], call.accountId!).length > 0 && ++changes === killAt },
            });
            const finish = await runEngine(sim.url, config);
            const expectation = expectationOf(before, config, killed.now);
            const evidence = await evidenceOf(sim, before, finish.report ? [finish.report] : [], [...killed.calls, ...finish.calls], 2);
            const problems = [
              ...invariantViolations(expectation, evidence, { complete: true }),
              ...inactiveUsersLeft(expectation, evidence.after),
            ];
            const failed = finish.report!.accounts.flatMap((a) => a.outcomes).filter((o) => o.status !== 'done');
            if (failed.length > 0) problems.push(`the finishing run reports ${JSON.stringify(failed)}`);
            if (problems.length > 0) {
              throw new Error(`${describeCase(params, raw)}, killed at ${killed.killedAt?.operation ?? '(never)'} #${killAt}\n${problems.join('\n')}`);
            }
          });
        },
      ),
      Math.ceil(RUNS / 2),
    );
  },
  timeout(Math.ceil(RUNS / 2)),
);
