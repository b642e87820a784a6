/**
 * The IAM calls that recreate a deleted user in its account (lambdas/restore/restore-user decides which, in
 * what order), and what they need, bound to an account by RestoreAccountIam. They run with the caller's
 * credentials or an administrator role, never with the sweep's cleanup role: that role must not be able to
 * create users.
 */
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateUserCommand,
  GetSSHPublicKeyCommand,
  GetUserCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { Permission } from '../engine/types';
import { isErrorCode } from './aws-errors';
import { MemberAccountIam } from './member-account';

/** The IAM actions a restore calls in the user's account. */
export const restoreUserPermissions: readonly Permission[] = [
  { actions: ['iam:GetUser', 'iam:ListSigningCertificates', 'iam:ListSSHPublicKeys', 'iam:GetSSHPublicKey'], resource: 'user', access: 'read' },
  {
    actions: [
      // CreateUser with tags needs TagUser too.
      'iam:CreateUser',
      'iam:TagUser',
      'iam:PutUserPermissionsBoundary',
      'iam:PutUserPolicy',
      'iam:AttachUserPolicy',
      'iam:UploadSigningCertificate',
      'iam:UpdateSigningCertificate',
      'iam:UploadSSHPublicKey',
      'iam:UpdateSSHPublicKey',
    ],
    resource: 'user',
    access: 'write',
  },
  // IAM authorizes AddUserToGroup on the group, not on the user.
  { actions: ['iam:AddUserToGroup'], resource: 'group', access: 'write' },
];

/** A signing certificate or SSH public key a user has: its id, and its body to compare with a backup's. */
export interface UploadedMaterial {
  id: string;
  body: string;
}

/** Whether a certificate or key can be used; one that was inactive must not come back usable. */
export type UploadStatus = 'Active' | 'Inactive';

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** Creates the user with its path and tags. Throws EntityAlreadyExists when the name is taken (aws-errors). */
export async function createUser(iam: IAMClient, userName: string, path: string, tags: Record<string, string>): Promise<void> {
  const list = tagList(tags);
  await iam.send(new CreateUserCommand({ UserName: userName, Path: path, ...(list.length > 0 ? { Tags: list } : {}) }));
}

/** The path of the user of that name (`/` when IAM gives none). */
export async function userPath(iam: IAMClient, userName: string): Promise<string> {
  const { User: user } = await iam.send(new GetUserCommand({ UserName: userName }));
  return user?.Path ?? '/';
}

export async function putUserTags(iam: IAMClient, userName: string, tags: Record<string, string>): Promise<void> {
  await iam.send(new TagUserCommand({ UserName: userName, Tags: tagList(tags) }));
}

export async function putPermissionsBoundary(iam: IAMClient, userName: string, policyArn: string): Promise<void> {
  await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: userName, PermissionsBoundary: policyArn }));
}

export async function addUserToGroup(iam: IAMClient, userName: string, groupName: string): Promise<void> {
  await iam.send(new AddUserToGroupCommand({ UserName: userName, GroupName: groupName }));
}

/** Puts the inline policy `document` (a policy as JSON, e.g. from a backup) on the user. */
export async function putInlinePolicy(iam: IAMClient, userName: string, policyName: string, document: unknown): Promise<void> {
  await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: JSON.stringify(document) }));
}

export async function attachManagedPolicy(iam: IAMClient, userName: string, policyArn: string): Promise<void> {
  await iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
}

/** Uploads a signing certificate; resolves to its new id. */
export async function uploadSigningCertificate(iam: IAMClient, userName: string, body: string): Promise<string> {
  const { Certificate } = await iam.send(new UploadSigningCertificateCommand({ UserName: userName, CertificateBody: body }));
  return Certificate!.CertificateId!;
}

/** IAM's answer when the certificate is already uploaded, for this user or any other. */
export const isDuplicateCertificate = isErrorCode('DuplicateCertificate');

/** The user's signing certificates, with their bodies. */
export async function signingCertificatesOf(iam: IAMClient, userName: string): Promise<UploadedMaterial[]> {
  const { Certificates } = await iam.send(new ListSigningCertificatesCommand({ UserName: userName }));
  return (Certificates ?? []).map((c) => ({ id: c.CertificateId!, body: c.CertificateBody! }));
}

export async function setSigningCertificateStatus(iam: IAMClient, userName: string, certificateId: string, status: UploadStatus): Promise<void> {
  await iam.send(new UpdateSigningCertificateCommand({ UserName: userName, CertificateId: certificateId, Status: status }));
}

/** Uploads an SSH public key; resolves to its new id. */
export async function uploadSshPublicKey(iam: IAMClient, userName: string, body: string): Promise<string> {
  const { SSHPublicKey } = await iam.send(new UploadSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyBody: body }));
  return SSHPublicKey!.SSHPublicKeyId!;
}

/** IAM's answer when the user already has the key. */
export const isDuplicateSshPublicKey = isErrorCode('DuplicateSSHPublicKey');

/** The user's SSH public keys, with their bodies (one GetSSHPublicKey each: the listing has no bodies). */
export async function sshPublicKeysOf(iam: IAMClient, userName: string): Promise<UploadedMaterial[]> {
  const { SSHPublicKeys } = await iam.send(new ListSSHPublicKeysCommand({ UserName: userName }));
  return Promise.all(
    (SSHPublicKeys ?? []).map(async ({ SSHPublicKeyId }) => {
      const read = new GetSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId, Encoding: 'SSH' });
      return { id: SSHPublicKeyId!, body: (await iam.send(read)).SSHPublicKey!.SSHPublicKeyBody! };
    }),
  );
}

export async function setSshPublicKeyStatus(iam: IAMClient, userName: string, keyId: string, status: UploadStatus): Promise<void> {
  await iam.send(new UpdateSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: keyId, Status: status }));
}

/**
 * The IAM of one member account as restore uses it: MemberAccountIam with the calls above. Only restore
 * imports it, so that the orchestrator's code, and the cleanup role's policy built to match it, hold no
 * call that creates or grants.
 */
export class RestoreAccountIam extends MemberAccountIam {
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
