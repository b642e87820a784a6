import { planAccount, planUser, type PlanSettings } from '../../lambdas/engine/plan';
import type { CredentialVerdict, UserVerdict } from '../../lambdas/engine/types';

const NOW = new Date('2026-06-01T00:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

const settings = (overrides: Partial<PlanSettings> = {}): PlanSettings => ({
  mode: 'delete',
  quarantineDays: 30,
  maxDeletionsPerAccount: 25,
  maxActionFraction: 0.5,
  ...overrides,
});

const key = (id: string, stale: boolean, active = true, disabledAt?: Date): CredentialVerdict => ({
  kind: 'access-key',
  id,
  active,
  stale,
  lastActivity: ago(stale ? 200 : 1),
  reason: `key …${id.slice(-4)} ${stale ? 'unused 200 days' : 'last used 1 day ago'}`,
  disabledAt,
});
const password = (stale: boolean): CredentialVerdict => ({
  kind: 'password',
  active: true,
  stale,
  lastActivity: ago(stale ? 150 : 2),
  reason: stale ? 'password unused 150 days' : 'password last used 2 days ago',
});

const verdict = (overrides: Partial<UserVerdict>): UserVerdict => ({
  accountId: '333333333333',
  userName: 'alice',
  arn: 'arn:aws:iam::333333333333:user/alice',
  inactive: false,
  credentials: [],
  reason: '',
  ...overrides,
});

const kinds = (plan: { actions: { kind: string; keyId?: string }[] }) =>
  plan.actions.map((a) => (a.keyId ? `${a.kind}:${a.keyId}` : a.kind));

describe('planUser', () => {
  const inactiveUser = verdict({ inactive: true, credentials: [password(true), key('AKIA000000000000AAAA', true)], reason: 'r' });

  test('disable mode deactivates stale keys, deletes the stale password and tags the inactive user', () => {
    expect(kinds(planUser(inactiveUser, settings({ mode: 'disable' }), NOW))).toEqual([
      'deactivate-key:AKIA000000000000AAAA',
      'delete-login-profile',
      'tag-disabled',
    ]);
  });

  test('delete mode never deletes a user the run it is first found inactive, and says when it will', () => {
    const plan = planUser(inactiveUser, settings(), NOW);
    expect(kinds(plan)).not.toContain('delete-user');
    expect(plan.scheduled).toEqual([{ accountId: '333333333333', userName: 'alice', on: new Date('2026-07-01T00:00:00Z') }]);
  });

  test('delete mode deletes an inactive user once it stayed disabled for the quarantine', () => {
    expect(kinds(planUser({ ...inactiveUser, disabledAt: ago(30) }, settings(), NOW))).toEqual(['delete-user']);
  });

  test('one day short of the quarantine, the user is kept and disabled again', () => {
    const plan = planUser({ ...inactiveUser, disabledAt: ago(29) }, settings(), NOW);
    expect(kinds(plan)).toEqual(['deactivate-key:AKIA000000000000AAAA', 'delete-login-profile']);
    expect(plan.scheduled[0].on).toEqual(new Date('2026-06-02T00:00:00Z'));
  });

  test('quarantine 0 deletes at once', () => {
    expect(kinds(planUser(inactiveUser, settings({ quarantineDays: 0 }), NOW))).toEqual(['delete-user']);
  });

  test('a stale key of an active user is deactivated, then deleted after its own quarantine', () => {
    const active = verdict({ credentials: [key('AKIA000000000000AAAA', true), key('AKIA000000000000BBBB', false)] });
    expect(kinds(planUser(active, settings(), NOW))).toEqual(['deactivate-key:AKIA000000000000AAAA']);
    const later = verdict({ credentials: [key('AKIA000000000000AAAA', true, false, ago(31)), key('AKIA000000000000BBBB', false)] });
    expect(kinds(planUser(later, settings(), NOW))).toEqual(['delete-key:AKIA000000000000AAAA']);
  });

  test('a key deactivated by someone else gets its quarantine clock started', () => {
    const active = verdict({ credentials: [key('AKIA000000000000AAAA', true, false)] });
    expect(kinds(planUser(active, settings({ mode: 'disable' }), NOW))).toEqual(['mark-key-disabled:AKIA000000000000AAAA']);
  });

  test('an inactive user’s already-inactive key needs no clock of its own: it goes with the user', () => {
    const inactive = verdict({ inactive: true, credentials: [key('AKIA000000000000AAAA', true, false)] });
    expect(kinds(planUser(inactive, settings({ mode: 'disable' }), NOW))).toEqual(['tag-disabled']);
  });

  test('report mode plans what delete mode would do', () => {
    expect(planUser(inactiveUser, settings({ mode: 'report' }), NOW)).toEqual(planUser(inactiveUser, settings(), NOW));
  });

  test('an excluded user gets nothing', () => {
    expect(planUser({ ...inactiveUser, excluded: 'excluded by tag' }, settings({ quarantineDays: 0 }), NOW)).toEqual({
      actions: [],
      scheduled: [],
    });
  });
});

describe('planAccount', () => {
  const inactive = (name: string) =>
    verdict({ userName: name, inactive: true, disabledAt: ago(40), credentials: [], reason: 'no credentials' });

  test('at most maxDeletionsPerAccount users are deleted; the rest are held back with the reason', () => {
    const plan = planAccount('333333333333', ['a', 'b', 'c'].map(inactive), 10, settings({ maxDeletionsPerAccount: 2 }), NOW);
    expect(plan.actions.map((a) => a.userName)).toEqual(['a', 'b']);
    expect(plan.heldBack).toEqual([{ userName: 'c', reason: expect.stringContaining('cap of 2 user deletions') }]);
  });

  test('the circuit breaker holds back everything when more than the fraction of users would be acted on', () => {
    const plan = planAccount('333333333333', ['a', 'b', 'c'].map(inactive), 5, settings(), NOW);
    expect(plan.actions).toEqual([]);
    expect(plan.circuitBreaker).toMatch(/would act on 3 of 5 users \(60%\), more than the limit of 50%/);
    expect(plan.heldBack).toHaveLength(3);
  });

  test('exactly the fraction does not trip the breaker', () => {
    const plan = planAccount('333333333333', ['a', 'b', 'c'].map(inactive), 6, settings(), NOW);
    expect(plan.circuitBreaker).toBeUndefined();
    expect(plan.actions).toHaveLength(3);
  });

  test('accounts with fewer than 5 users are not judged by the breaker', () => {
    const plan = planAccount('333333333333', ['a', 'b', 'c', 'd'].map(inactive), 4, settings(), NOW);
    expect(plan.circuitBreaker).toBeUndefined();
    expect(plan.actions).toHaveLength(4);
  });
});
