/**
 * An organization too large for one run's time: the accounts a run did not reach are entered first by
 * the next, so that consecutive runs cover every account in turn.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SweepConfig } from '../../lambdas/engine/types';
import { NOT_REACHED_KEY } from '../../lambdas/aws/report-bucket-layout';
import { configFor, runEngine } from '../reliability/engine';
import { account, activeUser, BUCKET, CALLER, MANAGEMENT, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { clientConfig, type TestSimulator } from '../support/sim';

const A = '333333333333';
const B = '444444444444';
const C = '555555555555';
const scenario = organization([A, B, C].map((id) => account(id, [activeUser(`active-${id}`)])));
/** Every account of the scenario, the management and the caller's included, in the usual order. */
const ALL = [MANAGEMENT, CALLER, A, B, C];

let sim: TestSimulator;
beforeEach(async () => {
  sim = await startDeployedSimulator(scenario);
});
afterEach(() => sim.stop());

/** A run whose time runs out as soon as it has entered one account: the others are not reached. */
async function runOutOfTimeAfterOneAccount(config: SweepConfig) {
  const entered: string[] = [];
  const run = await runEngine(sim.url, config, {
    remainingMs: () => (entered.length > 0 ? 1000 : 900_000),
    observer: { accountStarted: (started) => void entered.push(started.id) },
  });
  return { entered, report: run.report! };
}

const recorded = async () => {
  const state = (await sim.s3()).find((object) => object.key === NOT_REACHED_KEY && object.bucket === BUCKET);
  return state && (JSON.parse(state.body) as { accountIds: string[] }).accountIds;
};

test('consecutive runs that each reach one account enter every account in turn', async () => {
  const config = configFor(scenario, { concurrency: '1' });
  const first = await runOutOfTimeAfterOneAccount(config);
  expect(first.entered).toEqual([MANAGEMENT]);
  expect(first.report.accounts.filter((a) => a.status === 'not-reached').map((a) => [a.account.id, a.error])).toEqual(
    ALL.slice(1).map((id) => [id, 'the run ran out of time before this account; the next run enters it first']),
  );
  expect(await recorded()).toEqual(ALL.slice(1));

  const next = [];
  for (let round = 0; round < ALL.length; round++) next.push((await runOutOfTimeAfterOneAccount(config)).entered);
  expect(next).toEqual([[CALLER], [A], [B], [C], [MANAGEMENT]]);
});

test('a run that reaches every account leaves nothing for the next to take first', async () => {
  const config = configFor(scenario, { concurrency: '1' });
  await runOutOfTimeAfterOneAccount(config);
  expect(await recorded()).toEqual(ALL.slice(1));

  await runEngine(sim.url, config);
  expect(await recorded()).toEqual([]);
});

test('a run over an allow list leaves the record of the whole organization alone', async () => {
  await runOutOfTimeAfterOneAccount(configFor(scenario, { concurrency: '1' }));
  const { report } = await runOutOfTimeAfterOneAccount(configFor(scenario, { concurrency: '1', accounts: `${A},${B}` }));
  expect(report.accounts.find((a) => a.status === 'not-reached')!.error).toBe('the run ran out of time before this account');
  expect(await recorded()).toEqual(ALL.slice(1));
});

test('an unreadable record is logged, and the accounts are entered in the usual order', async () => {
  const s3 = new S3Client(clientConfig(sim.url));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: NOT_REACHED_KEY, Body: JSON.stringify({ accountIds: ['dev'] }) }));
  const entered: string[] = [];
  const warnings: string[] = [];
  const run = await runEngine(sim.url, configFor(scenario, { concurrency: '1' }), {
    observer: {
      accountStarted: (started) => void entered.push(started.id),
      log: (level, message) => void (level === 'warn' && warnings.push(message)),
    },
  });
  expect(entered).toEqual(ALL);
  expect(run.report!.accounts.every((a) => a.status === 'swept')).toBe(true);
  expect(warnings).toEqual(['the accounts the last run did not reach could not be read; they are entered in the usual order']);
  expect(await recorded()).toEqual([]);
});
