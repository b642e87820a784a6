import type { IdentityCenterUser } from '../types';
import { days, olderThan } from '../dates';
import type { UserActivity } from './inactive-user';

/**
 * An Identity Center user is inactive when it was created more than `inactiveDays` ago and has no
 * successful sign-in in the window. A user whose creation time is unknown cannot be aged: never inactive.
 */
export function inactiveIdentityCenterUser(
  user: IdentityCenterUser,
  lastSignIn: Date | undefined,
  ctx: { now: Date; inactiveDays: number },
): UserActivity {
  if (!user.created) return { inactive: false, lastActivity: lastSignIn, reason: 'creation time unknown, so it cannot be aged' };
  if (!olderThan(user.created, ctx.inactiveDays, ctx.now)) {
    return { inactive: false, lastActivity: lastSignIn, reason: `created ${days(user.created, ctx.now)} ago` };
  }
  if (lastSignIn && !olderThan(lastSignIn, ctx.inactiveDays, ctx.now)) {
    return { inactive: false, lastActivity: lastSignIn, reason: `signed in ${days(lastSignIn, ctx.now)} ago` };
  }
  return {
    inactive: true,
    lastActivity: lastSignIn,
    reason: `no sign-in in the last ${ctx.inactiveDays} days, created ${days(user.created, ctx.now)} ago`,
  };
}
