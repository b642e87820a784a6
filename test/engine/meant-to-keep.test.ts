/**
 * The pure pieces by which the sweep never acts on a user a person meant to keep: only state in the form the
 * sweep writes counts, a quarantine stands only while the user is disabled, an expired credential keeps
 * nobody, a password is as old as its last change, and no deletion date is given that no clock backs.
 */
import { passwordSetAt, type ReportRow } from '../../lambdas/engine/credential-report';
import { decide, type RuleContext } from '../../lambdas/engine/decide';
import { startedQuarantines } from '../../lambdas/engine/plan';
import { DISABLED_AT_TAG, writtenTime } from '../../lambdas/engine/state-tags';
import type { ActionOutcome, ScheduledDeletion } from '../../lambdas/engine/types';
import { ago, NOW, userState } from '../support/user-state';


const ctx: RuleContext = {
  now: NOW,
  inactiveDays: 90,
  excludeTag: { key: 'iam-sweep:exclude', value: 'true' },
  excludeUsers: [],
  protectedArns: [],
};

const user = userState;

describe('writtenTime', () => {
  test('reads a time exactly as toISOString writes it', () => {
    expect(writtenTime('2026-01-31T06:00:00.000Z')).toEqual(new Date('2026-01-31T06:00:00.000Z'));
  });

  test.each(['pending 1', '12/31', '2026-01-31', '2026-01-31T06:00:00Z', '2026-01-31T06:00:00.000+00:00', '2026-02-30T06:00:00.000Z', '9999', ''])(
    '%j is not a time the sweep wrote',
    (value) => expect(writtenTime(value)).toBeUndefined(),
  );
});

describe('a quarantine stands only while the user is disabled', () => {
  const tagged = { [DISABLED_AT_TAG]: ago(100).toISOString() };

  test('a user marked 100 days ago whose key was turned back on has no quarantine start, and says why', () => {
    const verdict = decide(user({ tags: tagged, accessKeys: [{ id: 'AKIATURNEDBACKON0001', active: true, created: ago(300), lastUsed: ago(150) }] }), ctx);
    expect(verdict).toMatchObject({ inactive: true, disabledAt: undefined });
    expect(verdict.reason).toBe(
      'key …0001 unused 150 days; key …0001 is active though the user was marked disabled on 2026-02-21, so it is disabled again and its quarantine starts over',
    );
  });

  test('a user marked 100 days ago that holds only an inactive key stays in quarantine', () => {
    const verdict = decide(user({ tags: tagged, accessKeys: [{ id: 'AKIALEFTDISABLED0001', active: false, created: ago(300), lastUsed: ago(150) }] }), ctx);
    expect(verdict).toMatchObject({ inactive: true, disabledAt: ago(100), reason: 'key …0001 (inactive) unused 150 days' });
  });

  test('a hand-written tag starts no quarantine and is named in the reason', () => {
    const verdict = decide(user({ tags: { [DISABLED_AT_TAG]: 'pending 1' } }), ctx);
    expect(verdict.disabledAt).toBeUndefined();
    expect(verdict.reason).toContain(`${DISABLED_AT_TAG} holds "pending 1", not a time as iam-sweep writes it`);
  });
});

test('an expired service-specific credential keeps nobody; one that has not expired does', () => {
  const bedrock = (expires: Date) => user({ unrecorded: [{ kind: 'service-specific-credential', id: 'ACCABEDROCK000000001', service: 'bedrock.amazonaws.com', expires }] });
  expect(decide(bedrock(ago(1)), ctx).inactive).toBe(true);
  expect(decide(bedrock(ago(-1)), ctx)).toMatchObject({ inactive: false, reason: expect.stringMatching(/^left alone: holds an active service-specific credential/) });
});

describe('passwordSetAt', () => {
  const row = (passwordLastChanged: Date, passwordEnabled = true): ReportRow =>
    ({ user: 'alice', arn: 'arn', created: ago(400), passwordEnabled, passwordLastChanged, keys: [] });

  test('a reset after the login profile was created dates the password', () => {
    expect(passwordSetAt(ago(400), row(ago(1)))).toEqual(ago(1));
  });

  test('a login profile created after the report was read dates it', () => {
    expect(passwordSetAt(ago(2), row(ago(300)))).toEqual(ago(2));
  });

  test('a row without a password says nothing of the one there now', () => {
    expect(passwordSetAt(ago(400), row(ago(1), false))).toEqual(ago(400));
  });
});

test('no deletion date is kept for a user or key whose quarantine did not start', () => {
  const scheduled: ScheduledDeletion[] = [
    { accountId: '1', userName: 'unmarked', on: NOW },
    { accountId: '1', userName: 'marked', on: NOW },
    { accountId: '1', userName: 'stays', keyId: 'AKIAKEYCLOCKFAILED01', on: NOW },
    { accountId: '1', userName: 'stays', keyId: 'AKIAKEYCLOCKSTARTED1', on: NOW },
  ];
  const outcome = (userName: string, kind: ActionOutcome['kind'], status: ActionOutcome['status'], keyId?: string): ActionOutcome =>
    ({ accountId: '1', userName, kind, status, reason: '', ...(keyId ? { keyId } : {}) });
  const outcomes = [
    outcome('unmarked', 'tag-disabled', 'failed'),
    outcome('marked', 'tag-disabled', 'done'),
    outcome('stays', 'deactivate-key', 'failed', 'AKIAKEYCLOCKFAILED01'),
    outcome('stays', 'deactivate-key', 'done', 'AKIAKEYCLOCKSTARTED1'),
  ];
  expect(startedQuarantines(scheduled, outcomes, { mode: 'delete', quarantineDays: 30 }, NOW).map((s) => s.keyId ?? s.userName)).toEqual([
    'marked',
    'AKIAKEYCLOCKSTARTED1',
  ]);
});

test('a user marked anew in place of a deletion that no longer held is due a whole quarantine from now', () => {
  const outcomes: ActionOutcome[] = [
    { accountId: '1', userName: 'found-not-disabled', kind: 'delete-user', status: 'skipped', reason: '' },
    { accountId: '1', userName: 'found-not-disabled', kind: 'tag-disabled', status: 'done', reason: '' },
  ];
  expect(startedQuarantines([], outcomes, { mode: 'delete', quarantineDays: 30 }, NOW)).toEqual([
    { accountId: '1', userName: 'found-not-disabled', on: new Date('2026-07-01T00:00:00Z') },
  ]);
  expect(startedQuarantines([], outcomes, { mode: 'disable', quarantineDays: 30 }, NOW)).toEqual([]);
});
