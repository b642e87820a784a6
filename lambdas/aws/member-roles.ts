/** Reading the roles of a member account and when each was last used, through the cleanup role. Read only. */
import { GetRoleCommand, IAMClient, paginateListRoles } from '@aws-sdk/client-iam';
import type { Permission, RoleState } from '../engine/types';
import { idempotent } from './aws-errors';

export const rolePermissions: readonly Permission[] = [
  { actions: ['iam:ListRoles'], resource: '*', access: 'read' },
  { actions: ['iam:GetRole'], resource: 'role', access: 'read' },
];

/** Every role of the account, without its last use (ListRoles does not return it). */
export async function listRoles(iam: IAMClient): Promise<RoleState[]> {
  const roles: RoleState[] = [];
  for await (const page of paginateListRoles({ client: iam, pageSize: 1000 }, { MaxItems: 1000 })) {
    for (const role of page.Roles ?? []) {
      roles.push({ name: role.RoleName!, arn: role.Arn!, path: role.Path ?? '/', created: role.CreateDate! });
    }
  }
  return roles;
}

/** The role with its last use (GetRole); undefined when it was deleted meanwhile. */
export async function readRoleLastUse(iam: IAMClient, role: RoleState): Promise<RoleState | undefined> {
  const found = (await idempotent(() => iam.send(new GetRoleCommand({ RoleName: role.name }))))?.Role;
  if (!found) return undefined;
  const lastUsed = found.RoleLastUsed?.LastUsedDate;
  const lastUsedRegion = found.RoleLastUsed?.Region;
  return { ...role, ...(lastUsed ? { lastUsed } : {}), ...(lastUsedRegion ? { lastUsedRegion } : {}) };
}
