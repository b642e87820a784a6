/**
 * The tags by which iam-sweep remembers, on the user itself, when it disabled the user or a key: the
 * quarantine clock that `delete` mode reads on a later run.
 */

export const DISABLED_AT_TAG = 'iam-sweep:disabled-at';
const KEY_DISABLED_AT_PREFIX = 'iam-sweep:key-disabled-at:';

export const keyDisabledAtTag = (keyId: string) => `${KEY_DISABLED_AT_PREFIX}${keyId}`;

/** Every tag key the sweep writes, as `StringLike` patterns: the cleanup role may tag users with these only. */
export const STATE_TAG_KEYS: readonly string[] = [DISABLED_AT_TAG, `${KEY_DISABLED_AT_PREFIX}*`];

/** Tags that only mean something to iam-sweep's own bookkeeping, and are not restored. */
export const isStateTag = (key: string) => key === DISABLED_AT_TAG || key.startsWith(KEY_DISABLED_AT_PREFIX);

/** A tag's time, or undefined when absent or not a time (a hand-edited tag never shortens quarantine). */
export function tagTime(tags: Record<string, string> | undefined, key: string): Date | undefined {
  const value = tags?.[key];
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}
