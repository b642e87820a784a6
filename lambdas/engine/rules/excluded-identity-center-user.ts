import type { IdentityCenterUser } from '../types';
import { globToRegExp } from './glob';

/**
 * Identity Center users whose user name matches a name pattern of SWEEP_EXCLUDE_USERS, ignoring case as
 * the identity store tells user names apart, are never touched. ARN patterns name IAM users, and the
 * identity store has no tags.
 */
export function excludedIdentityCenterUser(user: IdentityCenterUser, excludeUsers: readonly string[]): string | undefined {
  const pattern = excludeUsers.find((glob) => !glob.startsWith('arn:') && globToRegExp(glob).test(user.userName));
  return pattern === undefined ? undefined : `excluded by pattern ${pattern}`;
}
