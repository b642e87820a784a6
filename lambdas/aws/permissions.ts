/**
 * Every IAM action the engine calls inside a member account, gathered from the declarations of the
 * modules that make the calls. The cleanup role's policy in stacks/ is built from this list, so least
 * privilege cannot drift from the code.
 */
import { backupPermissions } from './backup';
import { cloudTrailPermissions } from './cloudtrail';
import { deletionSequence } from './deletion-sequence';
import { disablePermissions, inventoryPermissions } from './member-iam';
import { rolePermissions } from './member-roles';
import type { Permission, ResourceScope } from '../engine/types';

const declarations: readonly Permission[] = [
  ...inventoryPermissions,
  ...disablePermissions,
  ...backupPermissions,
  ...deletionSequence.flatMap((step) => step.permissions),
  ...rolePermissions,
  ...cloudTrailPermissions,
];

/** The declared actions merged by resource scope, sorted, for the cleanup role's policy. */
export function memberAccountPermissions(): Permission[] {
  const byScope = new Map<ResourceScope, Set<string>>();
  for (const { actions, resource } of declarations) {
    const set = byScope.get(resource) ?? new Set<string>();
    actions.forEach((action) => set.add(action));
    byScope.set(resource, set);
  }
  return [...byScope.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resource, actions]) => ({ resource, actions: [...actions].sort() }));
}
