/**
 * The tags by which iam-sweep remembers, on the user itself, when it disabled the user or a key: the
 * quarantine clock that `delete` mode reads on a later run.
 */

export const DISABLED_AT_TAG = 'iam-sweep:disabled-at';
const KEY_DISABLED_AT_PREFIX = 'iam-sweep:key-disabled-at:';

export const keyDisabledAtTag = (keyId: string) => `${KEY_DISABLED_AT_PREFIX}${keyId}`;

/** Every tag key the sweep writes, as `StringLike` patterns: the cleanup role may tag users with these only. */
export const STATE_TAG_KEYS: readonly string[] = [DISABLED_AT_TAG, `${KEY_DISABLED_AT_PREFIX}*`];

/** A key's quarantine clock, `iam-sweep:key-disabled-at:<key id>`. */
export const isKeyClockTag = (key: string) => key.startsWith(KEY_DISABLED_AT_PREFIX);

/** Tags that only mean something to iam-sweep's own bookkeeping, and are not restored. */
export const isStateTag = (key: string) => key === DISABLED_AT_TAG || key.startsWith(KEY_DISABLED_AT_PREFIX);

/** How `Date.prototype.toISOString` writes a time: the only form the sweep writes, and so reads back. */
const WRITTEN_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A time iam-sweep wrote (a tag, an Identity Center state object), or undefined for anything else. `Date`
 * alone reads "pending 1" or "12/31" as days in 2001, which would end a quarantine at once: only the exact
 * form the sweep writes is a time.
 */
export function writtenTime(value: string | undefined): Date | undefined {
  if (value === undefined || !WRITTEN_TIME.test(value)) return undefined;
  const time = new Date(value);
  return !Number.isNaN(time.getTime()) && time.toISOString() === value ? time : undefined;
}

/** A tag's time, or undefined when absent or not a time as the sweep writes it (a hand-edited tag never shortens quarantine). */
export function tagTime(tags: Record<string, string> | undefined, key: string): Date | undefined {
  return writtenTime(tags?.[key]);
}

/** Why a state value cannot be read back, when it is present but not a time as the sweep writes it. */
export function unreadableTime(what: string, value: string | undefined): string | undefined {
  if (value === undefined || writtenTime(value)) return undefined;
  return `${what} holds "${value}", not a time as iam-sweep writes it (such as 2026-01-31T06:00:00.000Z), so a new quarantine starts`;
}
