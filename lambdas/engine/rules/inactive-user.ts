import type { CredentialVerdict, UnrecordedCredential, UserState } from '../types';
import { days, newest, olderThan } from '../dates';
import type { RuleContext } from './context';

export interface UserActivity {
  inactive: boolean;
  lastActivity?: Date;
  reason: string;
}

/** "holds an active SSH public key APKA… (uploaded 600 days ago), whose use IAM does not record". */
function describeUnrecorded(unrecorded: readonly UnrecordedCredential[], now: Date): string {
  const one = (credential: UnrecordedCredential) => {
    const since = credential.since ? ` (${credential.kind === 'ssh-public-key' ? 'uploaded' : 'created'} ${days(credential.since, now)} ago)` : '';
    return credential.kind === 'ssh-public-key'
      ? `an active SSH public key ${credential.id}${since}`
      : `an active service-specific credential for ${credential.service ?? 'an unknown service'}${since}`;
  };
  const whose = unrecorded.length === 1 ? 'whose use' : 'whose uses';
  return `holds ${unrecorded.map(one).join(' and ')}, ${whose} IAM does not record`;
}

/**
 * A user is inactive when it was created more than `inactiveDays` ago, none of its credentials is fresh,
 * its newest activity (password last use, even once the password is gone, and any key's last use,
 * active or not) is older than `inactiveDays` or absent, and it holds no active credential whose use IAM
 * does not record (an SSH public key, a service-specific credential such as a Bedrock API key) and that has
 * not expired: such a user may be in use every day, so it is left alone.
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
  // An expired credential works no more, whatever its Status says: it keeps nobody.
  const usable = (user.unrecorded ?? []).filter((credential) => !credential.expires || credential.expires > ctx.now);
  if (usable.length > 0) {
    return { inactive: false, lastActivity, reason: `left alone: ${describeUnrecorded(usable, ctx.now)}` };
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
