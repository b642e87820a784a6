/**
 * IAM holds at most 50 tags per user and answers LimitExceeded beyond that. An inactive user's keys go
 * with the user, so they get no quarantine clock of their own: a user with 49 tags of its own keeps the
 * 50th slot for its disabled-at tag, and one still holding key clocks from when it was in use gives them up. A user with 50 cannot be marked: it is disabled, reported plainly at
 * once (LimitExceeded is a quota, not throttling), given no deletion date, and never deleted by quarantine.
 */
import type { Tags, UserSpec } from '../../sim/scenario';
import type { RunReport } from '../../lambdas/engine/types';
import { DISABLED_AT_TAG, keyDisabledAtTag } from '../../lambdas/engine/state-tags';
import { account, activeUser, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { configFor, runEngine } from './engine';
import { usersOf } from './oracle';

const DEV = '333333333333';

const ownTags = (count: number): Tags => Object.fromEntries(Array.from({ length: count }, (_, n) => [`cost-center-${n}`, `cc-${n}`]));

/** Inactive: its only credential is an active key unused for 150 days. */
const inactiveWithTags = (name: string, key: string, tags: number): UserSpec => ({
  name,
  created: '-400d',
  accessKeys: [{ id: key, status: 'Active', created: '-300d', lastUsed: '-150d' }],
  tags: ownTags(tags),
});

/** 48 tags of its own and the clocks of its two keys, deactivated 200 days ago while it was in use; unused since. */
const oldKeyClocks: UserSpec = {
  name: 'old-key-clocks',
  created: '-400d',
  accessKeys: ['AKIAOLDKEYCLOCKS0001', 'AKIAOLDKEYCLOCKS0002'].map((id) => ({ id, status: 'Inactive' as const, created: '-300d', lastUsed: '-210d' })),
  tags: {
    ...ownTags(48),
    [keyDisabledAtTag('AKIAOLDKEYCLOCKS0001')]: new Date(Date.now() - 200 * 86_400_000).toISOString(),
    [keyDisabledAtTag('AKIAOLDKEYCLOCKS0002')]: new Date(Date.now() - 200 * 86_400_000).toISOString(),
  },
};

/** In use (password used yesterday), 50 tags, and a second key unused for 200 days. */
const staysWithFiftyTags: UserSpec = {
  ...activeUser('stays-fifty-tags'),
  accessKeys: [{ id: 'AKIASTAYSFIFTYTAGS01', status: 'Active', created: '-300d', lastUsed: '-200d' }],
  tags: ownTags(50),
};

const scenario = () =>
  organization([
    account(DEV, [
      oldKeyClocks,
      staysWithFiftyTags,
      inactiveWithTags('forty-nine-tags', 'AKIAFORTYNINETAGS001', 49),
      inactiveWithTags('fifty-tags', 'AKIAFIFTYTAGSKEY0001', 50),
      ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((name) => activeUser(name)),
    ]),
  ]);

const resultOf = (report: RunReport) => report.accounts.find((a) => a.account.id === DEV)!;
const outcomesOf = (report: RunReport, userName: string) => resultOf(report).outcomes.filter((o) => o.userName === userName);

test('an inactive user with 49 tags is disabled and marked, its key without a clock of its own, and deleted after its quarantine', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    // WHEN delete mode runs with a 30-day quarantine
    const { report } = await runEngine(sim.url, configFor(scenario(), { mode: 'delete', quarantineDays: '30' }));

    // THEN its key is deactivated and the user marked disabled, in the 50th slot, with a deletion date
    expect(outcomesOf(report!, 'forty-nine-tags').map((o) => [o.kind, o.status])).toEqual([['deactivate-key', 'done'], ['tag-disabled', 'done']]);
    const user = usersOf(await sim.state(), DEV).get('forty-nine-tags')!;
    expect(user.accessKeys![0].status).toBe('Inactive');
    expect(Object.keys(user.tags!).filter((key) => key.startsWith('iam-sweep:'))).toEqual([DISABLED_AT_TAG]);
    const due = resultOf(report!).plan!.scheduled.find((s) => s.userName === 'forty-nine-tags')!.on;
    expect(Math.round((due.getTime() - Date.now()) / 86_400_000)).toBe(30);
    // AND a user holding key clocks from when it was in use gives them up for its disabled-at tag
    expect(outcomesOf(report!, 'old-key-clocks').map((o) => [o.kind, o.status])).toEqual([['tag-disabled', 'done']]);
    const marked = usersOf(await sim.state(), DEV).get('old-key-clocks')!;
    expect(Object.keys(marked.tags!).filter((key) => key.startsWith('iam-sweep:'))).toEqual([DISABLED_AT_TAG]);
    expect(Object.keys(marked.tags!)).toHaveLength(49);

    // AND a run after the quarantine deletes it
    await sim.advanceClock('31d');
    const later = await runEngine(sim.url, configFor(scenario(), { mode: 'delete', quarantineDays: '30' }), {
      now: new Date(Date.now() + 31 * 86_400_000),
    });
    expect(outcomesOf(later.report!, 'forty-nine-tags').map((o) => [o.kind, o.status])).toEqual([['delete-user', 'done']]);
    expect(usersOf(await sim.state(), DEV).has('forty-nine-tags')).toBe(false);
  } finally {
    await sim.stop();
  }
});

test('an inactive user with 50 tags is disabled but cannot be marked: said plainly at the first refusal, with no deletion date', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    // WHEN delete mode runs with a 30-day quarantine
    const started = Date.now();
    const { report } = await runEngine(sim.url, configFor(scenario(), { mode: 'delete', quarantineDays: '30' }));

    // THEN its key is deactivated, and marking it failed with what to do, after one TagUser call, not retried as throttling
    const outcomes = outcomesOf(report!, 'fifty-tags');
    expect(outcomes.map((o) => [o.kind, o.status])).toEqual([['deactivate-key', 'done'], ['tag-disabled', 'failed']]);
    expect(outcomes[1].detail).toBe(
      "TagQuotaError: iam-sweep:disabled-at cannot be written: fifty-tags holds IAM's limit of 50 tags " +
        '(LimitExceeded: Cannot exceed quota for TagsPerUser: 50.); remove one of its tags to let its quarantine start',
    );
    // (one TagUser for each of the three inactive users and the key of the one who stays: none tried again)
    const tagCalls = (await sim.calls()).calls.filter((c) => c.accountId === DEV && c.operation === 'TagUser');
    expect(tagCalls.reduce((sum, c) => sum + c.count, 0)).toBe(4);
    expect(Date.now() - started).toBeLessThan(5_000);
    const user = usersOf(await sim.state(), DEV).get('fifty-tags')!;
    expect(user.accessKeys![0].status).toBe('Inactive');
    expect(user.tags![DISABLED_AT_TAG]).toBeUndefined();
    // AND no deletion date is given for it: no quarantine started
    expect(resultOf(report!).plan!.scheduled.map((s) => s.userName)).not.toContain('fifty-tags');

    // AND the stale key of a user who stays with 50 tags is deactivated, said so, and given no deletion date
    const kept = outcomesOf(report!, 'stays-fifty-tags');
    expect(kept.map((o) => [o.kind, o.status])).toEqual([['deactivate-key', 'failed']]);
    expect(kept[0].detail).toMatch(
      /^the key is deactivated, but its quarantine clock is not: TagQuotaError: iam-sweep:key-disabled-at:AKIASTAYSFIFTYTAGS01 cannot be written: stays-fifty-tags holds IAM's limit of 50 tags/,
    );
    expect(usersOf(await sim.state(), DEV).get('stays-fifty-tags')!.accessKeys![0].status).toBe('Inactive');
    expect(resultOf(report!).plan!.scheduled.map((s) => s.userName)).not.toContain('stays-fifty-tags');
  } finally {
    await sim.stop();
  }
});
