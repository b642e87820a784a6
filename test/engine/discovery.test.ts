/**
 * Discovering the organization's accounts when Organizations answers an empty page that still carries a
 * NextToken, which AWS documents for every List call (the simulator's `emptyPages` fault).
 */
import { startDeployedSimulator } from '../support/deployed';
import { invokeBuiltHandler, lastReport } from '../support/handler';
import { account, activeUser, organization } from '../support/org';
import type { TestSimulator } from '../support/sim';
import { configFor, runEngine } from '../reliability/engine';

const DEV = '333333333333';
const PROD = '444444444444';
const workloads = { parentId: 'ou-a1b2-work0001' };

const scenario = () =>
  organization([account(DEV, [activeUser('dev-alice')], workloads), account(PROD, [activeUser('prod-bob')], workloads)], {
    faults: { emptyPages: true },
  });

let sim: TestSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('discovery under empty pages with a NextToken', () => {
  test('follows every listing past its empty first page and sweeps every account', async () => {
    // GIVEN an organization whose every Organizations listing starts with an empty page and a NextToken
    sim = await startDeployedSimulator(scenario());
    // WHEN the engine runs
    const { report } = await runEngine(sim.url, configFor(scenario()));
    // THEN every account of the root and of the Workloads OU is found and swept
    expect(report!.accounts.map((a) => [a.account.id, a.status]).sort()).toEqual([
      ['111111111111', 'swept'],
      ['222222222222', 'swept'],
      [DEV, 'swept'],
      [PROD, 'swept'],
    ]);
    expect(report!.accounts.find((a) => a.account.id === DEV)!.userCount).toBe(1);
  });

  test('a second invocation of the same warm Lambda is not affected by the first one', async () => {
    // GIVEN the built Lambda, invoked once under empty pages
    sim = await startDeployedSimulator(scenario());
    expect((await invokeBuiltHandler(sim.url)).result.accountsSwept).toBe(4);
    // WHEN the same loaded bundle is invoked again, and Organizations now answers full pages
    await sim.setFaults({});
    const { result } = await invokeBuiltHandler(sim.url);
    // THEN the second run discovers and sweeps every account too
    expect(result).toMatchObject({ accountsSwept: 4, accountsFailed: 0, accountsNotReached: 0 });
    expect((await lastReport(sim)).accounts.every((a) => a.status === 'swept')).toBe(true);
  });
});
