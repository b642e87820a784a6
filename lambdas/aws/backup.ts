/** Reading a user's whole configuration, before anything of it is deleted. */
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetSSHPublicKeyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { SweepError } from '../engine/errors';
import type { Permission, UserBackup } from '../engine/types';
import { idempotent } from './aws-errors';
import {
  listAccessKeys,
  listAttachedPolicies,
  listGroups,
  listInlinePolicyNames,
  listMfaDevices,
  listServiceSpecificCredentials,
  listSigningCertificates,
  listSshPublicKeys,
} from './user-listings';

export const backupPermissions: readonly Permission[] = [
  {
    actions: [
      'iam:GetUser',
      'iam:GetLoginProfile',
      'iam:ListGroupsForUser',
      'iam:ListUserPolicies',
      'iam:GetUserPolicy',
      'iam:ListAttachedUserPolicies',
      'iam:ListMFADevices',
      'iam:ListAccessKeys',
      'iam:GetAccessKeyLastUsed',
      'iam:ListSigningCertificates',
      'iam:ListSSHPublicKeys',
      'iam:GetSSHPublicKey',
      'iam:ListServiceSpecificCredentials',
    ],
    resource: 'user',
    access: 'read',
  },
];

/** The user is gone: there is nothing to back up, and nothing to delete. */
export class UserGoneError extends SweepError {
  constructor(readonly userName: string) {
    super('UserGoneError', `user ${userName} no longer exists`);
  }
}

const iso = (date: Date | undefined) => date?.toISOString();

/** IAM returns inline policy documents URL-encoded. */
function parsePolicyDocument(encoded: string | undefined): unknown {
  if (!encoded) return {};
  return JSON.parse(decodeURIComponent(encoded));
}

/** Reads everything about the user that `restore` needs, and the ids of what cannot be restored. */
export async function readUserBackup(
  iam: IAMClient,
  accountId: string,
  userName: string,
  reason: string,
  now: Date,
): Promise<UserBackup> {
  const user = (await idempotent(() => iam.send(new GetUserCommand({ UserName: userName }))))?.User;
  if (!user) throw new UserGoneError(userName);

  const [groups, policyNames, attached, mfa, keys, certs, sshKeys, serviceCreds, loginProfile] = await Promise.all([
    listGroups(iam, userName),
    listInlinePolicyNames(iam, userName),
    listAttachedPolicies(iam, userName),
    listMfaDevices(iam, userName),
    listAccessKeys(iam, userName),
    listSigningCertificates(iam, userName),
    listSshPublicKeys(iam, userName),
    listServiceSpecificCredentials(iam, userName),
    idempotent(() => iam.send(new GetLoginProfileCommand({ UserName: userName }))),
  ]);

  // Then what the listings only name, at once: policy documents, the keys' bodies (public, so that restore
  // can upload them again) and the access keys' last use.
  const [policies, sshPublicKeys, accessKeys] = await Promise.all([
    Promise.all(
      policyNames.map(async (policyName) => {
        const policy = await idempotent(() => iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName })));
        return policy ? [[policyName, parsePolicyDocument(policy.PolicyDocument)] as const] : [];
      }),
    ),
    Promise.all(
      sshKeys.map(async (key) => {
        const read = await idempotent(() =>
          iam.send(new GetSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: key.SSHPublicKeyId, Encoding: 'SSH' })),
        );
        const body = read?.SSHPublicKey?.SSHPublicKeyBody;
        return body ? [{ id: key.SSHPublicKeyId!, status: key.Status ?? 'Active', body }] : [];
      }),
    ),
    Promise.all(
      keys.map(async (key) => {
        const used = await idempotent(() => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })));
        return {
          id: key.AccessKeyId!,
          status: key.Status ?? 'Unknown',
          created: iso(key.CreateDate),
          lastUsed: iso(used?.AccessKeyLastUsed?.LastUsedDate),
          lastUsedService: used?.AccessKeyLastUsed?.ServiceName,
        };
      }),
    ),
  ]);

  return {
    version: 1,
    accountId,
    userName,
    arn: user.Arn!,
    path: user.Path ?? '/',
    userId: user.UserId,
    created: iso(user.CreateDate),
    savedAt: now.toISOString(),
    reason,
    tags: Object.fromEntries((user.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])),
    groups: groups.map((group) => group.GroupName!),
    inlinePolicies: Object.fromEntries(policies.flat()),
    attachedPolicies: attached.map((policy) => policy.PolicyArn!),
    permissionsBoundary: user.PermissionsBoundary?.PermissionsBoundaryArn,
    passwordLastUsed: iso(user.PasswordLastUsed),
    loginProfile: loginProfile?.LoginProfile
      ? {
          created: loginProfile.LoginProfile.CreateDate!.toISOString(),
          passwordResetRequired: loginProfile.LoginProfile.PasswordResetRequired ?? false,
        }
      : undefined,
    mfaSerials: mfa.map((device) => device.SerialNumber!),
    accessKeys,
    signingCertificateIds: certs.map((cert) => cert.CertificateId!),
    sshPublicKeyIds: sshKeys.map((key) => key.SSHPublicKeyId!),
    signingCertificates: certs.flatMap((cert) =>
      cert.CertificateBody ? [{ id: cert.CertificateId!, status: cert.Status ?? 'Active', body: cert.CertificateBody }] : [],
    ),
    sshPublicKeys: sshPublicKeys.flat(),
    serviceSpecificCredentials: serviceCreds.map((cred) => ({
      id: cred.ServiceSpecificCredentialId!,
      serviceName: cred.ServiceName!,
      status: cred.Status ?? 'Active',
      ...(cred.ExpirationDate ? { expires: cred.ExpirationDate.toISOString() } : {}),
    })),
  };
}
