import type { RoleState } from '../types';
import { days, olderThan } from '../dates';

/**
 * A role is unused when it was created more than `inactiveDays` ago and its last use is older than
 * `inactiveDays` or absent. Returns the reason when it is unused.
 */
export function unusedRole(role: RoleState, ctx: { now: Date; inactiveDays: number }): string | undefined {
  if (!olderThan(role.created, ctx.inactiveDays, ctx.now)) return undefined;
  if (!role.lastUsed) return `never used, created ${days(role.created, ctx.now)} ago`;
  if (!olderThan(role.lastUsed, ctx.inactiveDays, ctx.now)) return undefined;
  const where = role.lastUsedRegion ? ` in ${role.lastUsedRegion}` : '';
  return `last used ${days(role.lastUsed, ctx.now)} ago (${role.lastUsed.toISOString().slice(0, 10)})${where}, created ${days(role.created, ctx.now)} ago`;
}
