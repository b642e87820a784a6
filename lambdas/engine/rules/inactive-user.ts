import type { CredentialVerdict, UserState } from '../types';
import { days, newest, olderThan, type RuleContext } from './context';

export interface UserActivity {
  inactive: boolean;
  lastActivity?: Date;
  reason: string;
}

/**
 * A user is inactive when it was created more than `inactiveDays` ago, none of its credentials is fresh,
 * and its newest activity (password last use, even once the password is gone, and any key's last use,
 * active or not) is older than `inactiveDays` or absent.
 */
export function inactiveUser(user: UserState, credentials: readonly CredentialVerdict[], ctx: RuleContext): UserActivity {
  const lastActivity = newest([user.passwordLastUsed, ...user.accessKeys.map((key) => key.lastUsed)]);
  const fresh = credentials.filter((credential) => !credential.stale);
  const credentialReasons = credentials.map((credential) => credential.reason);

  if (!olderThan(user.created, ctx.inactiveDays, ctx.now)) {
    return { inactive: false, lastActivity, reason: `created ${days(user.created, ctx.now)} ago` };
  }
  if (fresh.length > 0) {
    return { inactive: false, lastActivity, reason: fresh.map((credential) => credential.reason).join('; ') };
  }
  if (lastActivity && !olderThan(lastActivity, ctx.inactiveDays, ctx.now)) {
    return {
      inactive: false,
      lastActivity,
      reason: `last activity ${days(lastActivity, ctx.now)} ago` + (credentials.length ? `; ${credentialReasons.join('; ')}` : ''),
    };
  }
  const summary =
    credentials.length > 0
      ? credentialReasons.join('; ')
      : lastActivity
        ? `no credentials; last activity ${days(lastActivity, ctx.now)} ago`
        : `no credentials; never active, created ${days(user.created, ctx.now)} ago`;
  const passwordGone =
    user.passwordLastUsed && !user.password ? `; console password removed, last used ${days(user.passwordLastUsed, ctx.now)} ago` : '';
  return { inactive: true, lastActivity, reason: credentials.length > 0 ? summary + passwordGone : summary };
}
