/**
 * A quarantine counts only while nothing has happened since it started. A user the sweep disabled long ago
 * and then given a new password by someone, never used, goes stale again: it gets a new quarantine with a
 * date in the report, not a deletion on the old tag. A user left disabled is deleted once its tag is old.
 */
import type { UserSpec } from '../../sim/scenario';
import type { RunReport } from '../../lambdas/engine/types';
import { account, activeUser, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { configFor, runEngine } from './engine';
import { usersOf } from './oracle';

const DEV = '333333333333';
const disabledAt = new Date(Date.now() - 100 * 86_400_000).toISOString();

/** Disabled by the sweep 100 days ago; given a new console password 95 days ago, never used since. */
const givenAccessAgain: UserSpec = {
  name: 'returning-contractor',
  created: '-500d',
  passwordLastUsed: '-300d',
  loginProfile: { created: '-95d' },
  tags: { 'iam-sweep:disabled-at': disabledAt },
};
/** Disabled by the sweep 100 days ago and left so. */
const leftDisabled: UserSpec = { name: 'departed-contractor', created: '-500d', passwordLastUsed: '-300d', tags: { 'iam-sweep:disabled-at': disabledAt } };

const scenario = () =>
  organization([account(DEV, [givenAccessAgain, leftDisabled, ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((name) => activeUser(name))])]);

const planOf = (report: RunReport) => report.accounts.find((a) => a.account.id === DEV)!.plan!;

test('a user given a new password after its quarantine started gets a new quarantine; one left disabled is deleted', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    // WHEN delete mode runs with a 30-day quarantine
    const { report } = await runEngine(sim.url, configFor(scenario(), { mode: 'delete', quarantineDays: '30' }));

    // THEN the returning contractor stays, with a new quarantine start, and the report gives its date
    const users = usersOf(await sim.state(), DEV);
    const restarted = new Date(users.get('returning-contractor')!.tags!['iam-sweep:disabled-at']);
    expect(Date.now() - restarted.getTime()).toBeLessThan(60_000);
    const due = planOf(report!).scheduled.find((s) => s.userName === 'returning-contractor')!.on;
    expect(Math.round((due.getTime() - Date.now()) / 86_400_000)).toBe(30);
    // AND the contractor left disabled is deleted
    expect(users.has('departed-contractor')).toBe(false);
  } finally {
    await sim.stop();
  }
});
