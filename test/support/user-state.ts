/** A user as the engine's rules take it, for the pure tests of verdicts: alice, 400 days old, nothing else. */
import type { UserState } from '../../lambdas/engine/types';

export const NOW = new Date('2026-06-01T00:00:00Z');
export const ago = (days: number, hours = 0) => new Date(NOW.getTime() - days * 86_400_000 - hours * 3_600_000);

export const userState = (overrides: Partial<UserState>): UserState => ({
  accountId: '333333333333',
  name: 'alice',
  arn: 'arn:aws:iam::333333333333:user/alice',
  created: ago(400),
  accessKeys: [],
  tags: {},
  ...overrides,
});
