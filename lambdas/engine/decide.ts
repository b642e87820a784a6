/**
 * The one decision function: the report, the plan and the live re-check before acting all call it, so
 * what is detected is exactly what is acted on.
 */
import { excludedByPattern } from './rules/excluded-by-pattern';
import { excludedByTag } from './rules/excluded-by-tag';
import { inactiveUser } from './rules/inactive-user';
import { protectedPrincipal } from './rules/protected-principal';
import { notDisabled } from './rules/not-disabled';
import { staleCredential, type Credential } from './rules/stale-credential';
import { newest } from './dates';
import type { RuleContext } from './rules/context';
import { DISABLED_AT_TAG, keyDisabledAtTag, tagTime, unreadableTime } from './state-tags';
import type { CredentialVerdict, UserState, UserVerdict } from './types';

export type { RuleContext } from './rules/context';

/** Exclusion rules, in the order their reason is reported. */
const EXCLUSIONS: readonly { name: string; rule: (user: UserState, ctx: RuleContext) => string | undefined }[] = [
  { name: 'protected-principal', rule: protectedPrincipal },
  { name: 'excluded-by-pattern', rule: excludedByPattern },
  { name: 'excluded-by-tag', rule: excludedByTag },
];

const keyLabel = (id: string | undefined, index: number, active: boolean) =>
  `key ${id ? `…${id.slice(-4)}` : `#${index + 1}`}${active ? '' : ' (inactive)'}`;

/** The credentials the user holds now: the password while a login profile exists, and each access key. */
export function credentialsOf(user: UserState): Credential[] {
  const credentials: Credential[] = [];
  if (user.password) {
    credentials.push({
      kind: 'password',
      label: 'password',
      active: true,
      created: user.password.created,
      lastUsed: user.passwordLastUsed,
    });
  }
  user.accessKeys.forEach((key, index) =>
    credentials.push({
      kind: 'access-key',
      label: keyLabel(key.id, index, key.active),
      id: key.id,
      active: key.active,
      created: key.created,
      lastUsed: key.lastUsed,
    }),
  );
  return credentials;
}

/**
 * A quarantine clock counts only while nothing has happened since it started: activity after the tag's
 * time means the tag is out of date, and it must not shorten a new quarantine.
 */
export function quarantineStart(tagged: Date | undefined, lastActivity: Date | undefined): Date | undefined {
  if (!tagged) return undefined;
  return lastActivity && lastActivity > tagged ? undefined : tagged;
}

/**
 * The user's newest activity, or the newest creation of a password or key it holds now: one created after
 * the disabled-at tag means someone gave the user access again (the sweep only removes), so when that goes
 * stale the user gets a quarantine of its own instead of being deleted on the old tag.
 */
const lastSignOfLife = (user: UserState, lastActivity: Date | undefined) =>
  newest([lastActivity, user.password?.created, ...user.accessKeys.map((key) => key.created)]);

/** Decides one user. A rule that throws makes the user excluded with the error as reason: never acted on. */
export function decide(user: UserState, ctx: RuleContext): UserVerdict {
  const base = { accountId: user.accountId, userName: user.name, arn: user.arn };
  try {
    for (const { rule } of EXCLUSIONS) {
      const excluded = rule(user, ctx);
      if (excluded) return { ...base, excluded, inactive: false, credentials: [], reason: excluded };
    }
    const held = credentialsOf(user);
    const credentials: CredentialVerdict[] = held.map((credential) => {
      const verdict = staleCredential(credential, ctx);
      if (credential.kind !== 'access-key' || !credential.id || credential.active) return verdict;
      const tag = keyDisabledAtTag(credential.id);
      const unreadable = unreadableTime(tag, user.tags?.[tag]);
      return {
        ...verdict,
        ...(unreadable ? { reason: `${verdict.reason}; ${unreadable}` } : {}),
        disabledAt: quarantineStart(tagTime(user.tags, tag), credential.lastUsed),
      };
    });
    const activity = inactiveUser(user, credentials, ctx);
    if (!activity.inactive) {
      return { ...base, inactive: false, lastActivity: activity.lastActivity, credentials, reason: activity.reason };
    }
    const marked = quarantineStart(tagTime(user.tags, DISABLED_AT_TAG), lastSignOfLife(user, activity.lastActivity));
    const unreadable = unreadableTime(DISABLED_AT_TAG, user.tags?.[DISABLED_AT_TAG]);
    const reopened = marked && notDisabled(held, credentials, marked);
    return {
      ...base,
      inactive: true,
      lastActivity: activity.lastActivity,
      credentials,
      reason: [activity.reason, unreadable, reopened].filter((part) => part).join('; '),
      disabledAt: reopened ? undefined : marked,
    };
  } catch (error) {
    const reason = `not evaluated, so left alone: ${error instanceof Error ? error.message : String(error)}`;
    return { ...base, excluded: reason, inactive: false, credentials: [], reason };
  }
}

/** Whether the report alone shows something to look at more closely (tags, key ids, live state). */
export function needsAttention(verdict: UserVerdict): boolean {
  return verdict.inactive || verdict.credentials.some((credential) => credential.stale);
}
