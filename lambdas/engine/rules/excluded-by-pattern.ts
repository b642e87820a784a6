import type { UserState } from '../types';
import type { RuleContext } from './context';
import { globToRegExp } from './glob';

/**
 * Users whose name (or ARN, for patterns starting with `arn:`) matches an exclude pattern, ignoring case as
 * IAM tells user names apart, are never touched.
 */
export function excludedByPattern(user: UserState, ctx: RuleContext): string | undefined {
  const pattern = ctx.excludeUsers.find((glob) =>
    globToRegExp(glob).test(glob.startsWith('arn:') ? user.arn : user.name),
  );
  return pattern === undefined ? undefined : `excluded by pattern ${pattern}`;
}
