/**
 * Reading the opt-out and exclude tags as people write them: `IAM-Sweep:Exclude=True `, `=yes`, `=TRUE`.
 * A person who put the tag there meant to keep something, so only a clear "no" leaves it unmarked.
 */
import type { TagMatch } from '../types';

/** Values of an opt-out or exclude tag that say no (trimmed, ignoring case); any other value says yes. */
export const NO_VALUES: readonly string[] = ['false', 'no', '0', 'off'];

/** Whether a tag value, as written, is a clear no. */
export const saysNo = (value: string) => NO_VALUES.includes(value.trim().toLowerCase());

/**
 * The tag among `tags` that marks what carries it as `marker` does: its key equal to the marker's key
 * ignoring case and surrounding spaces, and its value anything but a clear no. Returned as written, for the
 * report; undefined when none marks.
 */
export function markerTag(tags: Readonly<Record<string, string>>, marker: TagMatch): { key: string; value: string } | undefined {
  const key = marker.key.trim().toLowerCase();
  const found = Object.entries(tags).find(([written, value]) => written.trim().toLowerCase() === key && !saysNo(value));
  return found && { key: found[0], value: found[1] };
}

/**
 * The tag as the report names it: `iam-sweep:exclude=TRUE`; a value with surrounding spaces or none is quoted,
 * and one other than the configured value says why it counts.
 */
export function describeMarkerTag(tag: { key: string; value: string }, marker: TagMatch): string {
  const shown = tag.value === '' || tag.value !== tag.value.trim() ? JSON.stringify(tag.value) : tag.value;
  const asConfigured = tag.value.trim().toLowerCase() === marker.value.trim().toLowerCase();
  return `${tag.key}=${shown}${asConfigured ? '' : ` (any value but ${NO_VALUES.join(', ')} counts as yes)`}`;
}
