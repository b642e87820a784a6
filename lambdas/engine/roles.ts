/**
 * Unused roles, report only: which listed roles need their last use read (GetRole, one call each), and
 * which of those are unused. Pure.
 */
import { olderThan } from './dates';
import { excludedRole, type RoleExclusions } from './rules/excluded-role';
import { unusedRole } from './rules/unused-role';
import type { RoleState, UnusedRole } from './types';

export interface RoleRules extends RoleExclusions {
  now: Date;
  inactiveDays: number;
}

export interface RoleScreening {
  /** Roles old enough to be unused and not excluded: their last use must be read. */
  toCheck: RoleState[];
  excluded: number;
}

/** ListRoles carries no last use: only roles that could be unused are read further. */
export function screenRoles(listed: readonly RoleState[], rules: RoleRules): RoleScreening {
  const kept = listed.filter((role) => excludedRole(role, rules) === undefined);
  return {
    toCheck: kept.filter((role) => olderThan(role.created, rules.inactiveDays, rules.now)),
    excluded: listed.length - kept.length,
  };
}

/** The unused ones among roles whose last use is known, by name. */
export function unusedRoles(checked: readonly RoleState[], rules: RoleRules): UnusedRole[] {
  const unused: UnusedRole[] = [];
  for (const role of checked) {
    if (excludedRole(role, rules) !== undefined) continue;
    const reason = unusedRole(role, rules);
    if (!reason) continue;
    const { name, arn, created, lastUsed, lastUsedRegion } = role;
    unused.push({ name, arn, created, ...(lastUsed ? { lastUsed } : {}), ...(lastUsedRegion ? { lastUsedRegion } : {}), reason });
  }
  return unused.sort((a, b) => a.name.localeCompare(b.name));
}
