/**
 * The Step Functions engine: the state machine's own definition run by aws-local-stepfunctions, each task
 * the built orchestrator Lambda against the simulator under the rollout's policies. Its report must be the
 * single Lambda's, on the same organization; a failing batch is retried, and one that keeps failing ends as
 * its accounts failed in the one report, with the one email.
 */
import { join } from 'node:path';
import type { RunReport } from '../../lambdas/engine/types';
import { ENGINE_ENV } from '../../lambdas/orchestrator/step-functions';
import { BATCH_FAILED } from '../../lambdas/sweep/run-stage';
import { ANOTHER_RUN_ERROR, STATE } from '../../stacks/sweep-state-machine-definition';
import { generateOrganization } from '../../sim/generator';
import type { Scenario } from '../../sim/scenario';
import { startDeployedSimulator } from '../support/deployed';
import { invokeBuiltHandler, lastReport } from '../support/handler';
import type { TestSimulator } from '../support/sim';
import { invokeStage, namedError, runStateMachine, type StateMachineRunOptions } from '../support/state-machine';

const DEMO = join(__dirname, '../../sim/scenarios/demo.json');
const DEMO_OPERATOR = { AWS_ACCESS_KEY_ID: 'AKIADEMOSCOPERATORXA', AWS_SECRET_ACCESS_KEY: 'demo' };
const DELETE_AT_ONCE = { SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_EXCLUDE_USERS: 'svc-legacy-*' };

const sims: TestSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.stop()));
});

async function deployed(scenario: Scenario | string, stepFunctions = false): Promise<TestSimulator> {
  const sim = await startDeployedSimulator(scenario, { stepFunctions });
  sims.push(sim);
  return sim;
}

/** Two simulators holding the same organization, to the millisecond: one per engine. */
async function twins(scenario: Scenario | string): Promise<{ lambda: TestSimulator; stepFunctions: TestSimulator }> {
  const lambda = await deployed(scenario);
  return { lambda, stepFunctions: await deployed(await lambda.state(), true) };
}

/** The report with what only a run itself decides (its times and id, in every key and date it wrote) made equal. */
function normalized(report: RunReport): unknown {
  const runStart = Date.parse(report.startedAt) - 1000;
  const text = JSON.stringify(report).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, (time) => (Date.parse(time) >= runStart ? '<run time>' : time));
  return JSON.parse(text);
}

const usersLeft = async (sim: TestSimulator) =>
  (await sim.state()).accounts.map((account) => [account.id, (account.users ?? []).map((user) => user.name).sort()]);

/** The Step Functions engine's run on `sim`, which must end in Finish. */
async function runEngine(sim: TestSimulator, settings: Record<string, string>, options: StateMachineRunOptions = {}) {
  const run = await runStateMachine(sim.url, settings, options);
  expect(run.error).toBeUndefined();
  return run;
}

describe('both engines give the same report', () => {
  test('on the demo organization, in delete mode with quarantine 0', async () => {
    // GIVEN the demo organization twice
    const { lambda, stepFunctions } = await twins(DEMO);

    // WHEN the single Lambda sweeps one and the state machine, in batches of 3 accounts, the other
    await invokeBuiltHandler(lambda.url, { ...DELETE_AT_ONCE, ...DEMO_OPERATOR });
    const run = await runEngine(stepFunctions, { ...DELETE_AT_ONCE, ...DEMO_OPERATOR }, { definition: { accountsPerBatch: 3 } });

    // THEN the reports and the users left are the same, and each engine sent one email
    expect(normalized(await lastReport(stepFunctions))).toEqual(normalized(await lastReport(lambda)));
    expect(await usersLeft(stepFunctions)).toEqual(await usersLeft(lambda));
    expect(await stepFunctions.sns()).toHaveLength(1);
    // The demo has 4 to 6 accounts to enter before their own tags are read: two batches of 3.
    expect(run.invocations.filter((call) => call.task === STATE.planBatch)).toHaveLength(2);
  });

  test('on a generated organization of 24 accounts, in delete mode with quarantine 0', async () => {
    // GIVEN a generated organization with opted-out, suspended and role-less accounts, twice
    const { lambda, stepFunctions } = await twins(generateOrganization({ accounts: 24, usersPerAccount: 6, seed: 18, inactiveShare: 0.3 }));

    // WHEN each engine sweeps its copy, the state machine in batches of 5
    await invokeBuiltHandler(lambda.url, DELETE_AT_ONCE);
    await runEngine(stepFunctions, DELETE_AT_ONCE, { definition: { accountsPerBatch: 5 } });

    // THEN the reports and the users left are the same
    const report = await lastReport(lambda);
    expect(report.accounts.flatMap((account) => account.outcomes.filter((outcome) => outcome.kind === 'delete-user')).length).toBeGreaterThan(0);
    expect(normalized(await lastReport(stepFunctions))).toEqual(normalized(report));
    expect(await usersLeft(stepFunctions)).toEqual(await usersLeft(lambda));
  });
});

describe('failing batches', () => {
  test('a planning batch that fails once is retried, and the run is as if it had not failed', async () => {
    // GIVEN the demo organization twice, and a first attempt at planning batch 1 that fails
    const { lambda, stepFunctions } = await twins(DEMO);
    let failures = 0;
    const intercept = (task: string, input: Record<string, unknown>) => {
      if (task === STATE.planBatch && input.batch === 1 && failures++ === 0) throw namedError('Error', 'the simulator went away');
    };

    // WHEN each engine sweeps its copy
    await invokeBuiltHandler(lambda.url, { ...DELETE_AT_ONCE, ...DEMO_OPERATOR });
    const run = await runEngine(stepFunctions, { ...DELETE_AT_ONCE, ...DEMO_OPERATOR }, { definition: { accountsPerBatch: 3 }, intercept });

    // THEN batch 1 was planned twice, and the report is the single Lambda's
    expect(run.invocations.filter((call) => call.task === STATE.planBatch && call.input.batch === 1)).toHaveLength(2);
    expect(normalized(await lastReport(stepFunctions))).toEqual(normalized(await lastReport(lambda)));
  });

  test('an acting batch the Lambda service throttles once is retried', async () => {
    // GIVEN the demo organization, and a first attempt at acting on batch 0 that Lambda throttles
    const sim = await deployed(DEMO, true);
    let failures = 0;
    const intercept = (task: string, input: Record<string, unknown>) => {
      if (task === STATE.actBatch && input.batch === 0 && failures++ === 0) throw namedError('Lambda.TooManyRequestsException');
    };

    // WHEN the state machine sweeps it
    const run = await runEngine(sim, { ...DELETE_AT_ONCE, ...DEMO_OPERATOR }, { definition: { accountsPerBatch: 3 }, intercept });

    // THEN batch 0 was acted on once it was let through, and no account failed for it
    expect(run.invocations.filter((call) => call.task === STATE.actBatch && call.input.batch === 0)).toHaveLength(2);
    const report = await lastReport(sim);
    expect(report.accounts.filter((account) => account.error === BATCH_FAILED.act)).toEqual([]);
    expect(report.accounts.flatMap((account) => account.outcomes).filter((outcome) => outcome.kind === 'delete-user').length).toBeGreaterThan(0);
  });

  test('an acting batch that keeps failing ends as its accounts failed, in the one report and the one email', async () => {
    // GIVEN the demo organization, and acting on batch 0 always failing in the Lambda service
    const sim = await deployed(DEMO, true);
    const before = await usersLeft(sim);
    const intercept = (task: string, input: Record<string, unknown>) => {
      if (task === STATE.actBatch && input.batch === 0) throw namedError('Lambda.ServiceException');
    };

    // WHEN the state machine sweeps it, in batches of 3 accounts
    const run = await runEngine(sim, { ...DELETE_AT_ONCE, ...DEMO_OPERATOR }, { definition: { accountsPerBatch: 3 }, intercept });

    // THEN Finish ran: batch 0's accounts with something to do failed with why, the others were acted on
    const report = await lastReport(sim);
    const failed = report.accounts.filter((account) => account.error === BATCH_FAILED.act);
    expect(failed.length).toBeGreaterThan(0);
    for (const account of failed) expect(account.plan?.actions.length).toBeGreaterThan(0);
    const batch0 = new Set(await firstBatch(sim));
    expect(failed.every((account) => batch0.has(account.account.id))).toBe(true);
    // AND nobody of batch 0 was touched, and some user elsewhere was deleted
    const after = await usersLeft(sim);
    for (const [id, names] of before) if (batch0.has(id as string)) expect(after.find(([other]) => other === id)).toEqual([id, names]);
    expect(after).not.toEqual(before);
    expect(run.invocations.filter((call) => call.task === STATE.finish)).toHaveLength(1);
    expect(await sim.sns()).toHaveLength(1);
    expect((await sim.sns())[0].message).toContain(BATCH_FAILED.act.slice(0, 40));
  });

  test('a planning batch that keeps failing ends as its accounts failed, and nothing is changed in them', async () => {
    // GIVEN the demo organization, and planning batch 0 always failing
    const sim = await deployed(DEMO, true);
    const before = await usersLeft(sim);
    const intercept = (task: string, input: Record<string, unknown>) => {
      if (task === STATE.planBatch && input.batch === 0) throw namedError('Error', 'the simulator went away');
    };

    // WHEN the state machine sweeps it
    await runEngine(sim, { ...DELETE_AT_ONCE, ...DEMO_OPERATOR }, { definition: { accountsPerBatch: 3 }, intercept });

    // THEN batch 0's accounts are reported failed with why, and their users are as they were
    const batch0 = await firstBatch(sim);
    const report = await lastReport(sim);
    expect(report.accounts.filter((account) => batch0.includes(account.account.id)).map((account) => account.error)).toEqual(
      batch0.map(() => BATCH_FAILED.plan),
    );
    const after = await usersLeft(sim);
    for (const id of batch0) expect(after.find(([other]) => other === id)).toEqual(before.find(([other]) => other === id));
    expect(await sim.sns()).toHaveLength(1);
  });
});

test('Finish invoked again for a run it delivered sends no second email and answers the same report', async () => {
  // GIVEN a run of the state machine that ended, its one email sent
  const sim = await deployed(DEMO, true);
  const settings = { ...DELETE_AT_ONCE, ...DEMO_OPERATOR };
  const run = await runEngine(sim, settings, { definition: { accountsPerBatch: 3 } });
  const finish = run.invocations.find((call) => call.task === STATE.finish)!;

  // WHEN Step Functions invokes Finish again, as a retry after a Lambda service error would
  const again = await invokeStage(sim.url, settings, finish.input);

  // THEN still one email, and the same answer
  expect(await sim.sns()).toHaveLength(1);
  expect(again).toEqual(run.output);
});

test('with the Step Functions engine deployed, the orchestrator refuses a whole run outside the state machine', async () => {
  // GIVEN the demo organization and an orchestrator the stack set up for the Step Functions engine
  const sim = await deployed(DEMO, true);
  // WHEN it is invoked without a stage, as by hand or by an old schedule
  // THEN it refuses before any call, since that run could overlap an execution's
  await sim.resetCalls();
  await expect(invokeBuiltHandler(sim.url, { ...DEMO_OPERATOR, [ENGINE_ENV]: 'step-functions' })).rejects.toThrow(/start an execution of the state machine/);
  expect((await sim.calls()).total).toBe(0);
});

test('an execution that finds another one running stops before reading anything', async () => {
  // GIVEN the demo organization, and another execution of the state machine running
  const sim = await deployed(DEMO, true);
  await sim.resetCalls();

  // WHEN an execution starts
  const run = await runStateMachine(sim.url, { ...DELETE_AT_ONCE, ...DEMO_OPERATOR }, { otherRunning: 1 });

  // THEN it failed with AnotherRunIsRunning (so the failed-executions alarm says so), invoking nothing
  expect(run.error?.name).toBe(ANOTHER_RUN_ERROR);
  expect(run.invocations).toEqual([]);
  expect(await sim.sns()).toEqual([]);
});

/** The accounts of the run's first batch, as Discover stored them. */
async function firstBatch(sim: TestSimulator): Promise<string[]> {
  const stored = (await sim.s3()).find((object) => /^runs\/[^/]+\/run\.json$/.test(object.key))!;
  const run = JSON.parse(stored.body) as { order: { id: string }[]; accountsPerBatch: number };
  return run.order.slice(0, run.accountsPerBatch).map((account) => account.id);
}
