/** Progress on stderr: plain lines when not on a terminal, one live line on a terminal. */
import { progressObserver } from '../../lambdas/cli/progress';
import type { AccountResult } from '../../lambdas/engine/types';

const account = (id: string, name: string) => ({ id, name, email: `${id}@example.com`, state: 'ACTIVE' });
const swept: AccountResult = {
  account: account('333333333333', 'dev'),
  status: 'swept',
  userCount: 12,
  verdicts: [
    { accountId: '333333333333', userName: 'a', arn: 'arn', inactive: true, credentials: [], reason: 'r' },
    { accountId: '333333333333', userName: 'b', arn: 'arn', inactive: true, excluded: 'tag', credentials: [], reason: 'r' },
  ],
  outcomes: [],
};
const failed: AccountResult = { account: account('777777777777', 'legacy'), status: 'failed', error: 'AccessDenied: no', userCount: 0, verdicts: [], outcomes: [] };

function capture(isTTY: boolean) {
  let text = '';
  return { stream: { isTTY, write: (chunk: string) => (text += chunk) }, text: () => text };
}

test('without a terminal, each account gets a plain line', () => {
  const out = capture(false);
  const progress = progressObserver(out.stream);
  progress.accountsSelected?.(2, 1);
  progress.accountFinished?.(swept);
  progress.accountFinished?.(failed);
  progress.finish();
  expect(out.text()).toBe(
    '2 accounts to sweep, 1 skipped\n' +
      'account 333333333333 dev: swept, 12 users, 1 inactive\n' +
      'account 777777777777 legacy: failed: AccessDenied: no\n',
  );
});

test('accounts opted out by their own tag as their turn came are said at the end, with the counts in all', () => {
  const out = capture(false);
  const progress = progressObserver(out.stream);
  progress.accountsSelected?.(3, 1);
  progress.accountFinished?.(swept);
  progress.accountFinished?.(failed);
  progress.accountsSelected?.(2, 2);
  expect(out.text().split('\n').at(-2)).toBe('1 more opted out by its own tag: 2 accounts to sweep, 2 skipped in all');
});

test('on a terminal, one line shows accounts done out of the total, and failures are kept above it', () => {
  const out = capture(true);
  const progress = progressObserver(out.stream);
  progress.accountsSelected?.(2, 0);
  progress.accountStarted?.(swept.account);
  progress.accountStarted?.(failed.account);
  progress.accountFinished?.(swept);
  expect(out.text()).toContain('\r\x1b[Kiam-sweep: accounts 1/2 done, 1 in progress');
  progress.accountFinished?.(failed);
  progress.finish();
  expect(out.text()).toContain('\r\x1b[Kaccount 777777777777 legacy: failed: AccessDenied: no\n');
  expect(out.text().endsWith('\r\x1b[Kiam-sweep: accounts 2/2 done, 1 not swept\n')).toBe(true);
});
