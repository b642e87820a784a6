import { plural } from '../dates';

/** CloudTrail LookupEvents holds the last 90 days of events. */
export const LOOKUP_DAYS = 90;

export interface SignInSource {
  inactiveDays: number;
  /** Users in the identity store. */
  userCount: number;
  /** Successful sign-ins by current users in the window; undefined before CloudTrail is read. */
  signIns?: number;
  /** Sign-in records that could not be read or tied to a user id. */
  unreadable?: number;
}

/**
 * The sign-in record is trusted only when it covers the whole inactivity window, has no sign-in it cannot
 * tie to a user id, and is not empty while users exist. Returns why it is not trusted.
 */
export function untrustedSignInSource(source: SignInSource): string | undefined {
  const { inactiveDays, userCount, signIns, unreadable = 0 } = source;
  if (inactiveDays > LOOKUP_DAYS) {
    return (
      `inactive days is ${inactiveDays}, but CloudTrail event history holds only ${LOOKUP_DAYS} days of sign-ins: ` +
      `a user who signed in ${LOOKUP_DAYS + 1} days ago would look inactive. Use an inactive days of at most ${LOOKUP_DAYS}`
    );
  }
  if (unreadable > 0) {
    return `${plural(unreadable, 'sign-in record')} could not be read or tied to a user id: the sign-in record cannot be trusted`;
  }
  if (signIns === 0 && userCount > 0) {
    return (
      `CloudTrail shows no successful sign-in by any of the ${plural(userCount, 'user')} in the last ${inactiveDays} days: ` +
      'the sign-in source looks empty or broken (is SWEEP_IDENTITY_CENTER_REGION the Region of the instance?)'
    );
  }
  return undefined;
}
