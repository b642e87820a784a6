/**
 * A password an administrator reset (UpdateLoginProfile) or its user changed is as new as that change, but
 * GetLoginProfile's CreateDate stays at the login profile's first creation: only the credential report's
 * password_last_changed moves. The screen and the live re-check both date the password by it.
 */
import type { UserSpec } from '../../sim/scenario';
import type { RunReport } from '../../lambdas/engine/types';
import { keyDisabledAtTag } from '../../lambdas/engine/state-tags';
import { account, activeUser, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { configFor, runEngine } from './engine';
import { usersOf } from './oracle';

const DEV = '333333333333';
const KEY = 'AKIARESETBYADMIN0001';

/** Signed in 200 days ago; its password was reset by an administrator yesterday; an old key unused for 150 days. */
const resetYesterday: UserSpec = {
  name: 'reset-yesterday',
  created: '-400d',
  passwordLastUsed: '-200d',
  loginProfile: { created: '-400d', lastChanged: '-1d' },
  accessKeys: [{ id: KEY, status: 'Active', created: '-300d', lastUsed: '-150d' }],
};

const scenario = () =>
  organization([account(DEV, [resetYesterday, ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'].map((name) => activeUser(name))])]);

const verdictOf = (report: RunReport, userName: string) =>
  report.accounts.find((a) => a.account.id === DEV)!.verdicts.find((v) => v.userName === userName)!;

test('a password reset yesterday is fresh, though its login profile was created 400 days ago: only the stale key is deactivated', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    // WHEN disable mode runs
    const { report } = await runEngine(sim.url, configFor(scenario(), { mode: 'disable' }));

    // THEN the user is in use by its reset password, and its stale key alone is acted on
    expect(verdictOf(report!, 'reset-yesterday')).toMatchObject({ inactive: false, reason: 'password set 1 day ago' });
    const outcomes = report!.accounts.find((a) => a.account.id === DEV)!.outcomes.filter((o) => o.userName === 'reset-yesterday');
    expect(outcomes.map((o) => [o.kind, o.status])).toEqual([['deactivate-key', 'done']]);
    // AND the password is still there, the user not marked disabled, and the key has a quarantine clock of its own
    const user = usersOf(await sim.state(), DEV).get('reset-yesterday')!;
    expect(user.loginProfile).toBeDefined();
    expect(user.accessKeys![0].status).toBe('Inactive');
    expect(user.tags?.['iam-sweep:disabled-at']).toBeUndefined();
    expect(user.tags?.[keyDisabledAtTag(KEY)]).toBeDefined();
  } finally {
    await sim.stop();
  }
});
