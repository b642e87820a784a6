import type { UserState } from '../types';
import type { RuleContext } from './context';
import { describeMarkerTag, markerTag } from './marker-tag';

/**
 * Users carrying the exclude tag are never touched, nor anything that belongs to them. The key is matched
 * ignoring case and any value but a clear no (markerTag) excludes: a person who tagged the user meant to keep it.
 */
export function excludedByTag(user: UserState, ctx: RuleContext): string | undefined {
  if (user.tags === undefined) throw new Error(`tags of ${user.name} were not read; cannot tell if it is excluded`);
  const tag = markerTag(user.tags, ctx.excludeTag);
  return tag ? `excluded by tag ${describeMarkerTag(tag, ctx.excludeTag)}` : undefined;
}
