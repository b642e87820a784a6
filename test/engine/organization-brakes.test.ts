import { applyOrganizationBrakes, type PlannedAccount } from '../../lambdas/engine/organization-brakes';
import { planAccount, type PlanSettings } from '../../lambdas/engine/plan';
import type { UserVerdict } from '../../lambdas/engine/types';

const NOW = new Date('2026-06-01T00:00:00Z');

const settings = (overrides: Partial<Parameters<typeof applyOrganizationBrakes>[1]> = {}) => ({
  mode: 'delete' as const,
  quarantineDays: 0,
  maxDeletionsPerAccount: 25,
  maxActionFraction: 0.5,
  maxDeletionsPerRun: 100,
  maxOrganizationActionFraction: 0.5,
  ...overrides,
});

const verdict = (accountId: string, userName: string, inactive: boolean): UserVerdict => ({
  accountId,
  userName,
  arn: `arn:aws:iam::${accountId}:user/${userName}`,
  inactive,
  credentials: [],
  reason: inactive ? 'password unused 300 days' : 'password last used 1 day ago',
});

/** An account of `users` users, the first `inactive` of which look inactive, planned with its own caps. */
function planned(accountId: string, users: number, inactive: number, plan: PlanSettings = settings()): PlannedAccount {
  const verdicts = Array.from({ length: users }, (_, i) => verdict(accountId, `user-${i}`, i < inactive));
  return { userCount: users, verdicts, plan: planAccount(accountId, verdicts, users, plan, NOW) };
}

const accountIds = (n: number) => Array.from({ length: n }, (_, i) => `3333333333${String(i).padStart(2, '0')}`);
const deletions = (result: ReturnType<typeof applyOrganizationBrakes>) =>
  result.plans.flatMap((plan) => plan.actions.filter((action) => action.kind === 'delete-user'));

describe('the organization circuit breaker', () => {
  test('holds every account when more than the limit of all users would be acted on, even in accounts too small for their own', () => {
    // GIVEN ten accounts of 3 users, 2 of them inactive: no account reaches its own breaker's 5 users
    const accounts = accountIds(10).map((id) => planned(id, 3, 2));
    expect(accounts.every((account) => !account.plan.circuitBreaker && account.plan.actions.length === 2)).toBe(true);

    // WHEN the organization's brakes are applied
    const result = applyOrganizationBrakes(accounts, settings(), NOW);

    // THEN no account acts, every user to act on is held back, and the breaker gives the counts
    expect(result.plans.flatMap((plan) => plan.actions)).toEqual([]);
    expect(result.plans[0].heldBack).toEqual([
      { userName: 'user-0', reason: 'organization circuit breaker' },
      { userName: 'user-1', reason: 'organization circuit breaker' },
    ]);
    expect(result.circuitBreaker).toMatchObject({ usersToActOn: 20, users: 30, accounts: 10, maxFraction: 0.5 });
    expect(result.circuitBreaker!.reason).toMatch(/^would act on 20 of 30 users \(67%\) in 10 of 10 swept accounts, more than the limit of 50%/);
  });

  test('counts users an account’s own breaker already holds: the misjudgement shows there too', () => {
    // GIVEN one account its own breaker holds (4 of 5) and small accounts at 2 of 3
    const accounts = [planned('444444444444', 5, 4), ...accountIds(3).map((id) => planned(id, 3, 2))];
    expect(accounts[0].plan.circuitBreaker).toBeDefined();

    // WHEN the brakes are applied
    const result = applyOrganizationBrakes(accounts, settings(), NOW);

    // THEN the share is 10 of 14, and the small accounts are held too
    expect(result.circuitBreaker).toMatchObject({ usersToActOn: 10, users: 14 });
    expect(result.plans.flatMap((plan) => plan.actions)).toEqual([]);
  });

  test('lets the plans through at the limit or under it, and below 5 users in all', () => {
    // GIVEN half the users of the organization to act on, then an organization of 4 users all inactive
    const atLimit = accountIds(4).map((id) => planned(id, 4, 2));
    const tiny = [planned('333333333300', 2, 2), planned('333333333301', 2, 2)];

    // WHEN the brakes are applied to each
    const results = [applyOrganizationBrakes(atLimit, settings(), NOW), applyOrganizationBrakes(tiny, settings(), NOW)];

    // THEN neither trips and every plan stands
    expect(results.map((result) => result.circuitBreaker)).toEqual([undefined, undefined]);
    expect(results[0].plans).toEqual(atLimit.map((account) => account.plan));
    expect(results[1].plans).toEqual(tiny.map((account) => account.plan));
  });

  test('the limit is the setting: 0.8 lets 67% through', () => {
    const accounts = accountIds(10).map((id) => planned(id, 3, 2));
    const result = applyOrganizationBrakes(accounts, settings({ maxOrganizationActionFraction: 0.8 }), NOW);
    expect(result.circuitBreaker).toBeUndefined();
    expect(deletions(result)).toHaveLength(20);
  });
});

describe('the cap on user deletions per run', () => {
  test('keeps the first deletions in the order of the accounts and holds the rest for the next run', () => {
    // GIVEN five accounts with 2 deletions each, 4 of 10 users: 20% of the organization
    const accounts = accountIds(5).map((id) => planned(id, 10, 2));

    // WHEN at most 3 deletions are allowed per run
    const result = applyOrganizationBrakes(accounts, settings({ maxDeletionsPerRun: 3 }), NOW);

    // THEN the first account's two and the second's first go ahead; the other seven are held back as such
    expect(deletions(result).map((action) => `${action.accountId}/${action.userName}`)).toEqual([
      '333333333300/user-0',
      '333333333300/user-1',
      '333333333301/user-0',
    ]);
    const held = result.plans.flatMap((plan) => plan.heldBack);
    expect(held).toHaveLength(7);
    expect(new Set(held.map((h) => h.reason))).toEqual(new Set(['over the cap of 3 user deletions per run; left for the next run']));
  });

  test('holds nothing back in disable mode, which deletes no user', () => {
    const disable = settings({ mode: 'disable', maxDeletionsPerRun: 0 });
    const accounts = accountIds(2).map((id) => planned(id, 10, 2, disable));
    const result = applyOrganizationBrakes(accounts, disable, NOW);
    expect(result.plans).toEqual(accounts.map((account) => account.plan));
  });

  test('adds to what the per-account cap held back', () => {
    const perAccount = settings({ maxDeletionsPerAccount: 1 });
    const accounts = accountIds(2).map((id) => planned(id, 10, 2, perAccount));
    const result = applyOrganizationBrakes(accounts, { ...perAccount, maxDeletionsPerRun: 1 }, NOW);
    expect(deletions(result)).toHaveLength(1);
    expect(result.plans[1].heldBack.map((h) => h.reason)).toEqual([
      'over the cap of 1 user deletions per account per run; left for the next run',
      'over the cap of 1 user deletions per run; left for the next run',
    ]);
  });
});
