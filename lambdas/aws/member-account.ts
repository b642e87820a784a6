/**
 * The IAM of one member account as the sweep uses it, bound to the cleanup role's session: its users and
 * roles read, its users disabled and deleted. Every call and its declared permission is in the modules
 * this delegates to (member-iam, backup, deletion-sequence, member-roles).
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ReportRow } from '../engine/credential-report';
import type { RoleState, UserBackup } from '../engine/types';
import { readUserBackup } from './backup';
import { deleteUserCompletely } from './deletion-sequence';
import {
  deactivateAccessKey,
  deleteAccessKey,
  deleteLoginProfile,
  fetchCredentialReport,
  listUsers,
  readLiveUser,
  readUnrecordedCredentials,
  tagUser,
  untagUser,
} from './member-iam';
import { listRoles, readRoleLastUse } from './member-roles';

export class MemberAccountIam {
  constructor(
    protected readonly iam: IAMClient,
    readonly accountId: string,
  ) {}

  credentialReport = () => fetchCredentialReport(this.iam);
  listUsers = () => listUsers(this.iam);
  /** See member-iam readLiveUser: `fresh` and `reported` are the user's rows of the credential report. */
  readLiveUser = (userName: string, fresh?: ReportRow, reported?: ReportRow) =>
    readLiveUser(this.iam, this.accountId, userName, fresh, reported);
  readUnrecordedCredentials = (userName: string) => readUnrecordedCredentials(this.iam, userName);
  /** The user whole, as a deletion saves it; throws UserGoneError when it no longer exists. */
  readUserBackup = (userName: string, now: Date) => readUserBackup(this.iam, this.accountId, userName, '', now);

  deactivateAccessKey = (userName: string, keyId: string) => deactivateAccessKey(this.iam, userName, keyId);
  deleteAccessKey = (userName: string, keyId: string) => deleteAccessKey(this.iam, userName, keyId);
  deleteLoginProfile = (userName: string) => deleteLoginProfile(this.iam, userName);
  tagUser = (userName: string, tags: Record<string, string>) => tagUser(this.iam, userName, tags);
  untagUser = (userName: string, keys: string[]) => untagUser(this.iam, userName, keys);
  /** Deletes everything of the user `backup` names, then the user (deletion-sequence). */
  deleteUserCompletely = (backup: UserBackup, earlierMfaSerials: readonly string[]) => deleteUserCompletely(this.iam, backup, earlierMfaSerials);

  listRoles = () => listRoles(this.iam);
  readRoleLastUse = (role: RoleState) => readRoleLastUse(this.iam, role);
}
