import type { UserState } from '../types';
import type { RuleContext } from './context';

/** Users carrying the exclude tag are never touched, nor anything that belongs to them. */
export function excludedByTag(user: UserState, ctx: RuleContext): string | undefined {
  const { key, value } = ctx.excludeTag;
  if (user.tags === undefined) throw new Error(`tags of ${user.name} were not read; cannot tell if it is excluded`);
  return user.tags[key] === value ? `excluded by tag ${key}=${value}` : undefined;
}
