import { notReachedFirst, selectAccounts } from '../../lambdas/engine/select-accounts';
import type { PlacedAccount } from '../../lambdas/engine/types';

const optOutTag = { key: 'iam-sweep:opt-out', value: 'true' };
const root = { id: 'r-a1b2', name: 'Root', tags: {} };
const placed = (id: string, overrides: Partial<PlacedAccount> = {}): PlacedAccount => ({
  id,
  name: `acct-${id.slice(0, 3)}`,
  email: `${id}@example.com`,
  state: 'ACTIVE',
  ancestors: [root],
  tags: {},
  ...overrides,
});

describe('selectAccounts', () => {
  test('skips opted-out (account, OU, root), non-active, unlisted and, when asked, the management account', () => {
    const selection = selectAccounts(
      [
        placed('111111111111'),
        placed('333333333333'),
        placed('444444444444', { tags: { 'iam-sweep:opt-out': 'true' } }),
        placed('555555555555', { ancestors: [{ id: 'ou-a1b2-sandbox1', name: 'Sandbox', tags: { 'iam-sweep:opt-out': 'true' } }, root] }),
        placed('666666666666', { state: 'SUSPENDED' }),
        placed('999999999999'),
      ],
      {
        optOutTag,
        allowList: ['111111111111', '333333333333', '444444444444', '555555555555', '666666666666'],
        managementAccount: { id: '111111111111', skip: true },
      },
    );
    expect(selection.toSweep.map((a) => a.id)).toEqual(['333333333333']);
    expect(selection.skipped.map((s) => [s.id, s.reason, s.detail])).toEqual([
      ['111111111111', 'management-account', 'SWEEP_SKIP_MANAGEMENT_ACCOUNT is true'],
      ['444444444444', 'opted-out', 'the account carries iam-sweep:opt-out=true'],
      ['555555555555', 'opted-out', 'OU ou-a1b2-sandbox1 (Sandbox) carries iam-sweep:opt-out=true'],
      ['666666666666', 'not-active', 'account state is SUSPENDED'],
      ['999999999999', 'not-in-allow-list', 'not listed in SWEEP_ACCOUNTS'],
    ]);
  });

  test('the opt-out tag as people write it opts out, and the detail names the tag as written', () => {
    // GIVEN accounts tagged in other cases, with a trailing space, with another key case, an OU in capitals,
    // and one account whose tag says no
    const sandbox = { id: 'ou-a1b2-sandbox1', name: 'Sandbox', tags: { 'iam-sweep:opt-out': 'TRUE' } };
    const accounts = [
      placed('333333333333', { tags: { 'iam-sweep:opt-out': 'True' } }),
      placed('444444444444', { tags: { 'iam-sweep:opt-out': 'true ' } }),
      placed('555555555555', { tags: { 'IAM-Sweep:Opt-Out': 'yes' } }),
      placed('666666666666', { ancestors: [sandbox, root] }),
      placed('777777777777', { tags: { 'iam-sweep:opt-out': 'False' } }),
    ];

    // WHEN the accounts are selected
    const selection = selectAccounts(accounts, { optOutTag });

    // THEN all but the one that says no are skipped, each naming the tag and value that decided
    expect(selection.toSweep.map((a) => a.id)).toEqual(['777777777777']);
    expect(selection.skipped.map((s) => [s.id, s.reason, s.detail])).toEqual([
      ['333333333333', 'opted-out', 'the account carries iam-sweep:opt-out=True'],
      ['444444444444', 'opted-out', 'the account carries iam-sweep:opt-out="true "'],
      ['555555555555', 'opted-out', 'the account carries IAM-Sweep:Opt-Out=yes (any value but false, no, 0, off counts as yes)'],
      ['666666666666', 'opted-out', 'OU ou-a1b2-sandbox1 (Sandbox) carries iam-sweep:opt-out=TRUE'],
    ]);
  });

  test('only member accounts below the target OUs; the management account is not held to them', () => {
    const workloads = { id: 'ou-a1b2-workload1', name: 'Workloads', tags: {} };
    const prod = { id: 'ou-a1b2-prod0001', name: 'Prod', tags: {} };
    const sandbox = { id: 'ou-a1b2-sandbox1', name: 'Sandbox', tags: {} };
    const accounts = [
      placed('111111111111'),
      placed('333333333333', { ancestors: [workloads, root] }),
      placed('444444444444', { ancestors: [prod, workloads, root] }),
      placed('555555555555', { ancestors: [sandbox, root] }),
      placed('666666666666'),
    ];
    const managementAccount = { id: '111111111111', skip: false };

    const selection = selectAccounts(accounts, { optOutTag, managementAccount, targetOus: [workloads.id] });

    expect(selection.toSweep.map((a) => a.id)).toEqual(['111111111111', '333333333333', '444444444444']);
    expect(selection.skipped.map((s) => [s.id, s.reason, s.detail])).toEqual([
      ['555555555555', 'outside-target-ous', 'not below ou-a1b2-workload1 (SWEEP_TARGET_OUS)'],
      ['666666666666', 'outside-target-ous', 'not below ou-a1b2-workload1 (SWEEP_TARGET_OUS)'],
    ]);
    // The root as a target is the whole organization.
    expect(selectAccounts(accounts, { optOutTag, managementAccount, targetOus: [root.id] }).skipped).toEqual([]);
  });

  test('a tag on the root opts the whole organization out', () => {
    const rootOptOut = { ...root, tags: { 'iam-sweep:opt-out': 'true' } };
    const selection = selectAccounts([placed('333333333333', { ancestors: [rootOptOut] })], { optOutTag });
    expect(selection.skipped[0].detail).toBe('root r-a1b2 (Root) carries iam-sweep:opt-out=true');
  });
});

describe('notReachedFirst', () => {
  const ids = ['111111111111', '222222222222', '333333333333', '444444444444'];
  const accounts = ids.map((id) => placed(id));

  test('puts the accounts the last run did not reach first, in the order it would have entered them', () => {
    const order = notReachedFirst(accounts, ['444444444444', '222222222222']);
    expect(order.map((a) => a.id)).toEqual(['444444444444', '222222222222', '111111111111', '333333333333']);
  });

  test('ignores ids that are no longer to be swept, and repeated ids', () => {
    const order = notReachedFirst(accounts, ['999999999999', '333333333333', '333333333333']);
    expect(order.map((a) => a.id)).toEqual(['333333333333', '111111111111', '222222222222', '444444444444']);
  });

  test('keeps the usual order when every account was reached', () => {
    expect(notReachedFirst(accounts, [])).toEqual(accounts);
  });
});
