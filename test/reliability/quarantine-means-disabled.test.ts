/**
 * Quarantine means disabled. IAM keeps no time for a key's status change, so a key a person turned back on
 * after the sweep deactivated it shows only as an active key; a password whose removal failed, as a
 * password. A user whose quarantine is over is deleted only when it holds neither: otherwise it is disabled
 * again and its quarantine starts over, and the report says why.
 */
import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import type { UserSpec } from '../../sim/scenario';
import type { RunReport } from '../../lambdas/engine/types';
import { DISABLED_AT_TAG } from '../../lambdas/engine/state-tags';
import { account, activeUser, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { configFor, runEngine } from './engine';
import { usersOf } from './oracle';
import { memberIam } from './sim-tools';

const DEV = '333333333333';
const markedOn = new Date(Date.now() - 100 * 86_400_000);
const marked = { [DISABLED_AT_TAG]: markedOn.toISOString() };
const day = markedOn.toISOString().slice(0, 10);

/** Marked disabled 100 days ago; a person turned its deactivated key back on since, and has not used it. */
const keyTurnedBackOn: UserSpec = {
  name: 'key-turned-back-on',
  created: '-500d',
  accessKeys: [{ id: 'AKIATURNEDBACKON0001', status: 'Active', created: '-300d', lastUsed: '-150d' }],
  tags: marked,
};
/** Marked disabled 100 days ago, but its console password is still there. */
const passwordStillThere: UserSpec = {
  name: 'password-still-there',
  created: '-500d',
  passwordLastUsed: '-300d',
  loginProfile: { created: '-400d' },
  tags: marked,
};
/** Marked disabled 100 days ago and left so: its key is inactive. */
const leftDisabled: UserSpec = {
  name: 'left-disabled',
  created: '-500d',
  accessKeys: [{ id: 'AKIALEFTDISABLED0001', status: 'Inactive', created: '-300d', lastUsed: '-150d' }],
  tags: marked,
};

const scenario = () =>
  organization([
    account(DEV, [keyTurnedBackOn, passwordStillThere, leftDisabled, ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((name) => activeUser(name))]),
  ]);

const resultOf = (report: RunReport) => report.accounts.find((a) => a.account.id === DEV)!;
const outcomesOf = (report: RunReport, userName: string) =>
  resultOf(report).outcomes.filter((o) => o.userName === userName).map((o) => [o.kind, o.status]);

test('a user whose quarantine is over but who still holds an active key or a password is disabled again, with a new quarantine', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    // WHEN delete mode runs with a 30-day quarantine, 100 days after the three were marked disabled
    const { report } = await runEngine(sim.url, configFor(scenario(), { mode: 'delete', quarantineDays: '30' }));

    // THEN the user whose key was turned back on is not deleted: the key is deactivated again and the user marked anew
    const users = usersOf(await sim.state(), DEV);
    expect(outcomesOf(report!, 'key-turned-back-on')).toEqual([['deactivate-key', 'done'], ['tag-disabled', 'done']]);
    expect(users.get('key-turned-back-on')!.accessKeys![0].status).toBe('Inactive');
    // AND the user whose password is still there loses it (after a backup) and is marked anew
    expect(outcomesOf(report!, 'password-still-there')).toEqual([['delete-login-profile', 'done'], ['tag-disabled', 'done']]);
    expect(users.get('password-still-there')!.loginProfile).toBeUndefined();
    for (const name of ['key-turned-back-on', 'password-still-there']) {
      expect(Date.now() - new Date(users.get(name)!.tags![DISABLED_AT_TAG]).getTime()).toBeLessThan(60_000);
      const due = resultOf(report!).plan!.scheduled.find((s) => s.userName === name)!.on;
      expect(Math.round((due.getTime() - Date.now()) / 86_400_000)).toBe(30);
    }
    // AND the report says why their quarantine starts over
    const reasonOf = (name: string) => resultOf(report!).verdicts.find((v) => v.userName === name)!.reason;
    expect(reasonOf('key-turned-back-on')).toBe(
      `key …0001 unused 150 days; key …0001 is active though the user was marked disabled on ${day}, so it is disabled again and its quarantine starts over`,
    );
    expect(reasonOf('password-still-there')).toBe(
      `password unused 300 days; a console password is set though the user was marked disabled on ${day}, so it is disabled again and its quarantine starts over`,
    );
    // AND the user left disabled is deleted
    expect(outcomesOf(report!, 'left-disabled')).toEqual([['delete-user', 'done']]);
    expect(users.has('left-disabled')).toBe(false);
  } finally {
    await sim.stop();
  }
});

test('a key turned back on between the plan and the deletion keeps the user: the re-check disables it again at once', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    // GIVEN someone turns the left-disabled user's key back on just before the sweep reads it for its deletion
    const iam = await memberIam(sim.url, DEV);
    let reads = 0;
    const { report } = await runEngine(sim.url, configFor(scenario(), { mode: 'delete', quarantineDays: '30' }), {
      before: async (call) => {
        if (call.operation !== 'GetUser' || call.input.UserName !== 'left-disabled' || ++reads !== 2) return;
        await iam.send(new UpdateAccessKeyCommand({ UserName: 'left-disabled', AccessKeyId: 'AKIALEFTDISABLED0001', Status: 'Active' }));
      },
    });

    // THEN the deletion does not hold on live state, and the user is disabled again and marked anew
    expect(reads).toBe(2);
    const outcomes = resultOf(report!).outcomes.filter((o) => o.userName === 'left-disabled');
    expect(outcomes.map((o) => [o.kind, o.status])).toEqual([['delete-user', 'skipped'], ['deactivate-key', 'done'], ['tag-disabled', 'done']]);
    expect(outcomes[0].detail).toContain(`key …0001 is active though the user was marked disabled on ${day}, so it is disabled again`);
    const user = usersOf(await sim.state(), DEV).get('left-disabled')!;
    expect(user.accessKeys![0].status).toBe('Inactive');
    expect(Date.now() - new Date(user.tags![DISABLED_AT_TAG]).getTime()).toBeLessThan(60_000);
    // AND the report gives its new deletion date
    const due = resultOf(report!).plan!.scheduled.find((s) => s.userName === 'left-disabled')!.on;
    expect(Math.round((due.getTime() - Date.now()) / 86_400_000)).toBe(30);
  } finally {
    await sim.stop();
  }
});
