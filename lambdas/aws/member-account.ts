/**
 * The IAM of one member account as the sweep uses it, bound to the cleanup role's session: its users and
 * roles read, its users disabled and deleted. Every call and its declared permission is in the modules
 * this delegates to (member-iam, backup, deletion-sequence, member-roles).
 * Restore recreates deleted users through it too, bound to an administrator's session (member-restore).
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
import {
  addUserToGroup,
  attachManagedPolicy,
  createUser,
  putInlinePolicy,
  putPermissionsBoundary,
  putUserTags,
  setSigningCertificateStatus,
  setSshPublicKeyStatus,
  signingCertificatesOf,
  sshPublicKeysOf,
  uploadSigningCertificate,
  uploadSshPublicKey,
  userPath,
  type UploadStatus,
} from './member-restore';
import { listRoles, readRoleLastUse } from './member-roles';

export class MemberAccountIam {
  constructor(
    private readonly iam: IAMClient,
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

  /** Restore: never with the cleanup role's session, which must not be able to create users. */
  createUser = (userName: string, path: string, tags: Record<string, string>) => createUser(this.iam, userName, path, tags);
  userPath = (userName: string) => userPath(this.iam, userName);
  putUserTags = (userName: string, tags: Record<string, string>) => putUserTags(this.iam, userName, tags);
  putPermissionsBoundary = (userName: string, policyArn: string) => putPermissionsBoundary(this.iam, userName, policyArn);
  addUserToGroup = (userName: string, groupName: string) => addUserToGroup(this.iam, userName, groupName);
  putInlinePolicy = (userName: string, policyName: string, document: unknown) => putInlinePolicy(this.iam, userName, policyName, document);
  attachManagedPolicy = (userName: string, policyArn: string) => attachManagedPolicy(this.iam, userName, policyArn);
  uploadSigningCertificate = (userName: string, body: string) => uploadSigningCertificate(this.iam, userName, body);
  signingCertificatesOf = (userName: string) => signingCertificatesOf(this.iam, userName);
  setSigningCertificateStatus = (userName: string, certificateId: string, status: UploadStatus) =>
    setSigningCertificateStatus(this.iam, userName, certificateId, status);
  uploadSshPublicKey = (userName: string, body: string) => uploadSshPublicKey(this.iam, userName, body);
  sshPublicKeysOf = (userName: string) => sshPublicKeysOf(this.iam, userName);
  setSshPublicKeyStatus = (userName: string, keyId: string, status: UploadStatus) => setSshPublicKeyStatus(this.iam, userName, keyId, status);
}
