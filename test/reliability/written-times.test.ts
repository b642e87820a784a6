/**
 * The sweep reads back only what it writes, in the form it writes it: a time as `toISOString` gives it.
 * `Date` alone reads a hand-written `pending 1` or `12/31` as a day in 2001, which would end a quarantine
 * at once; such a value is reported as unreadable and starts a new quarantine, in IAM tags and in Identity
 * Center state objects alike.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { IdentityCenterUserSpec, Scenario, UserSpec } from '../../sim/scenario';
import type { RunReport } from '../../lambdas/engine/types';
import { DISABLED_AT_TAG, keyDisabledAtTag } from '../../lambdas/engine/state-tags';
import { account, activeUser, BUCKET, CALLER, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { clientConfig } from '../support/sim';
import { configFor, runEngine } from './engine';
import { usersOf } from './oracle';

const DEV = '333333333333';
const KEY = 'AKIAKEYCLOCKBYHAND01';
const unreadable = (key: string, value: string) =>
  `${key} holds "${value}", not a time as iam-sweep writes it (such as 2026-01-31T06:00:00.000Z), so a new quarantine starts`;

/** An inactive user without credentials whose disabled-at tag a person wrote by hand. */
const handTagged = (name: string, value: string): UserSpec => ({ name, created: '-400d', tags: { [DISABLED_AT_TAG]: value } });
/** A user in use whose stale inactive key carries a hand-written quarantine clock. */
const keyClockByHand: UserSpec = {
  ...activeUser('key-clock-by-hand'),
  accessKeys: [{ id: KEY, status: 'Inactive', created: '-300d', lastUsed: '-150d' }],
  tags: { [keyDisabledAtTag(KEY)]: '12/31' },
};

const resultOf = (report: RunReport) => report.accounts.find((a) => a.account.id === DEV)!;
const scheduledDays = (report: RunReport, userName: string) =>
  Math.round((resultOf(report).plan!.scheduled.find((s) => s.userName === userName)!.on.getTime() - Date.now()) / 86_400_000);

test('a hand-written disabled-at or key clock starts a new quarantine, saying it could not be read, and deletes nothing', async () => {
  const scenario = organization([
    account(DEV, [
      handTagged('pending-by-hand', 'pending 1'),
      handTagged('date-by-hand', '12/31'),
      keyClockByHand,
      ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((name) => activeUser(name)),
    ]),
  ]);
  const sim = await startDeployedSimulator(scenario);
  try {
    // WHEN delete mode runs with a 30-day quarantine
    const { report } = await runEngine(sim.url, configFor(scenario, { mode: 'delete', quarantineDays: '30' }));

    // THEN no user and no key is deleted: each is marked anew and due in 30 days
    const users = usersOf(await sim.state(), DEV);
    for (const [name, value] of [['pending-by-hand', 'pending 1'], ['date-by-hand', '12/31']]) {
      expect(resultOf(report!).outcomes.filter((o) => o.userName === name).map((o) => [o.kind, o.status])).toEqual([['tag-disabled', 'done']]);
      expect(Date.now() - new Date(users.get(name)!.tags![DISABLED_AT_TAG]).getTime()).toBeLessThan(60_000);
      expect(scheduledDays(report!, name)).toBe(30);
      // AND the report says what could not be read
      expect(resultOf(report!).verdicts.find((v) => v.userName === name)!.reason).toBe(
        `no credentials; never active, created 400 days ago; ${unreadable(DISABLED_AT_TAG, value)}`,
      );
    }
    const keyOutcomes = resultOf(report!).outcomes.filter((o) => o.userName === 'key-clock-by-hand');
    expect(keyOutcomes).toEqual([
      expect.objectContaining({ kind: 'mark-key-disabled', status: 'done', reason: `key …ND01 (inactive) unused 150 days; ${unreadable(keyDisabledAtTag(KEY), '12/31')}` }),
    ]);
    expect(users.get('key-clock-by-hand')!.accessKeys).toHaveLength(1);
    expect(scheduledDays(report!, 'key-clock-by-hand')).toBe(30);
  } finally {
    await sim.stop();
  }
});

test('an Identity Center state object whose disabledAt was written by hand starts a new quarantine and is reported', async () => {
  const STORE = 'd-9067a1b2c3';
  const user = (id: string, userName: string, signIns: string[]): IdentityCenterUserSpec =>
    ({ id, userName, displayName: userName, email: `${userName}@example.com`, created: '-400d', signInKind: 'password', signIns });
  const CAROL = '9067a1b2c3-00000000-0000-4000-a000-000000000003';
  const scenario: Scenario = organization([account(DEV, [activeUser('dev-active')])], {
    identityCenter: {
      adminAccountId: CALLER,
      region: 'us-east-1',
      instanceArn: 'arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6',
      identityStoreId: STORE,
      users: [user('9067a1b2c3-00000000-0000-4000-a000-000000000001', 'alice', ['-2d']), user(CAROL, 'carol', ['-200d'])],
    },
  });
  const sim = await startDeployedSimulator(scenario);
  try {
    // GIVEN carol's state object as the sweep wrote it, checked a week ago, but with disabledAt edited by hand
    const key = `state/identity-center/${STORE}/${CAROL}.json`;
    const checkedAt = new Date(Date.now() - 7 * 86_400_000).toISOString();
    await new S3Client(clientConfig(sim.url)).send(new PutObjectCommand({
      Bucket: BUCKET, Key: key, Body: JSON.stringify({ userId: CAROL, userName: 'carol', disabledAt: '12/31', reason: 'inactive', checkedAt }),
    }));

    // WHEN delete mode runs with a 30-day quarantine
    const { report } = await runEngine(sim.url, configFor(scenario, { mode: 'delete', quarantineDays: '30', identityCenter: 'true' }));

    // THEN carol is not deleted: her quarantine starts now, and the section says what could not be read
    const section = report!.identityCenter!;
    expect(section.outcomes.map((o) => [o.userName, o.kind, o.status])).toEqual([['carol', 'tag-disabled', 'done']]);
    expect((await sim.state()).identityCenter!.users.map((u) => u.userName)).toContain('carol');
    expect(section.warnings).toEqual([`carol: s3://${BUCKET}/${key} ${unreadable('disabledAt', '12/31')}`]);
    const state = JSON.parse((await sim.s3()).find((o) => o.key === key)!.body) as { disabledAt: string };
    expect(Date.now() - new Date(state.disabledAt).getTime()).toBeLessThan(60_000);
  } finally {
    await sim.stop();
  }
});
