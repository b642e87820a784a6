/**
 * Every AWS action the engine calls inside a member account, gathered from the declarations of the
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

/** A declaration's resources as a sorted list, whether it names one or several. */
export const scopesOf = (permission: Pick<Permission, 'resource'>): ResourceScope[] =>
  (typeof permission.resource === 'string' ? [permission.resource] : [...permission.resource]).sort();

/**
 * Declarations merged where they differ only in their actions (same resources, access and tag keys), each
 * with its actions sorted once, in a stable order.
 */
function mergePermissions(permissions: readonly Permission[]): Permission[] {
  const merged = new Map<string, Permission & { actions: string[] }>();
  for (const permission of permissions) {
    const resource = scopesOf(permission);
    const key = JSON.stringify([resource, permission.access, permission.tagKeys ?? []]);
    const entry = merged.get(key) ?? {
      actions: [],
      resource: resource.length === 1 ? resource[0] : resource,
      access: permission.access,
      ...(permission.tagKeys ? { tagKeys: [...permission.tagKeys] } : {}),
    };
    for (const action of permission.actions) if (!entry.actions.includes(action)) entry.actions.push(action);
    merged.set(key, entry);
  }
  return [...merged.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, permission]) => ({ ...permission, actions: permission.actions.sort() }));
}

/** The member-account declarations merged, for the cleanup role's policy. */
export function memberAccountPermissions(): Permission[] {
  return mergePermissions(declarations);
}
