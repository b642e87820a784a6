import type { RoleState } from '../types';
import { globToRegExp } from './glob';

export interface RoleExclusions {
  /** Role name globs from SWEEP_UNUSED_ROLE_EXCLUDES. */
  globs: readonly string[];
  /** The sweep's own roles, by name. */
  ownRoleNames: readonly string[];
}

/** Service-linked roles (AWS owns them), the sweep's own roles and roles matching a configured glob are never reported. */
export function excludedRole(role: Pick<RoleState, 'name' | 'path'>, exclusions: RoleExclusions): string | undefined {
  if (role.path.startsWith('/aws-service-role/')) return 'service-linked role';
  if (exclusions.ownRoleNames.includes(role.name)) return 'a role of iam-sweep itself';
  const glob = exclusions.globs.find((pattern) => globToRegExp(pattern).test(role.name));
  return glob === undefined ? undefined : `excluded by pattern ${glob}`;
}
