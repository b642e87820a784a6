/**
 * Identity Center sign-ins from CloudTrail records, matched by the user id on the event and never by user
 * name: `additionalEventData.UserName` is on CredentialChallenge for built-in-directory users and on
 * UserAuthentication only for an external IdP, so a tool that matched names on UserAuthentication saw no
 * built-in-directory user sign in. Pure.
 */
import type { SignIn } from './types';

export const SIGN_IN_EVENT_SOURCE = 'signin.amazonaws.com';

export interface SignInRecords {
  signIns: SignIn[];
  /** UserAuthentication records that could not be parsed or carry no user id: they might hide a sign-in. */
  unreadable: number;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `serviceEventDetails` is an object on most events and a JSON string on some. */
function detailsOf(value: unknown): Json {
  if (isObject(value)) return value;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return isObject(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  return {};
}

/**
 * The successful sign-ins to identity store `identityStoreId` among `records` (the `CloudTrailEvent` JSON
 * strings of LookupEvents). UserAuthentication is logged only once every challenge was passed; a record that
 * says it failed is not a sign-in. Events of another identity store are left out.
 */
export function successfulSignIns(records: readonly string[], identityStoreId: string): SignInRecords {
  const signIns: SignIn[] = [];
  let unreadable = 0;
  for (const text of records) {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      // A record that cannot be read may be any event: only a sign-in could matter, so count it.
      unreadable++;
      continue;
    }
    if (!isObject(record) || record.eventSource !== SIGN_IN_EVENT_SOURCE || record.eventName !== 'UserAuthentication') continue;
    if (record.errorCode || detailsOf(record.serviceEventDetails).UserAuthentication === 'Failure') continue;
    const onBehalfOf = isObject(record.userIdentity) && isObject(record.userIdentity.onBehalfOf) ? record.userIdentity.onBehalfOf : {};
    const storeArn = onBehalfOf.identityStoreArn;
    if (typeof storeArn === 'string' && !storeArn.endsWith(`/${identityStoreId}`)) continue;
    const userId = onBehalfOf.userId;
    const time = new Date(typeof record.eventTime === 'string' ? record.eventTime : NaN);
    if (typeof userId !== 'string' || userId === '' || Number.isNaN(time.getTime())) {
      unreadable++;
      continue;
    }
    signIns.push({ userId, time });
  }
  return { signIns, unreadable };
}

/** Each user's newest sign-in. */
export function lastSignInByUser(signIns: readonly SignIn[]): Map<string, Date> {
  const last = new Map<string, Date>();
  for (const { userId, time } of signIns) {
    const known = last.get(userId);
    if (!known || time > known) last.set(userId, time);
  }
  return last;
}
