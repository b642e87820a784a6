/** Reading a user's whole configuration, before anything of it is deleted. */
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import type { Permission, UserBackup } from '../engine/types';
import { idempotent } from './iam-errors';
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
      'iam:ListServiceSpecificCredentials',
    ],
    resource: 'user',
  },
];

/** The user is gone: there is nothing to back up, and nothing to delete. */
export class UserGoneError extends Error {
  constructor(readonly userName: string) {
    super(`user ${userName} no longer exists`);
    this.name = 'UserGoneError';
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

  const inlinePolicies: Record<string, unknown> = {};
  for (const policyName of policyNames) {
    const policy = await idempotent(() =>
      iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName })),
    );
    if (policy) inlinePolicies[policyName] = parsePolicyDocument(policy.PolicyDocument);
  }

  const accessKeys = [];
  for (const key of keys) {
    const used = await idempotent(() => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })));
    accessKeys.push({
      id: key.AccessKeyId!,
      status: key.Status ?? 'Unknown',
      created: iso(key.CreateDate),
      lastUsed: iso(used?.AccessKeyLastUsed?.LastUsedDate),
      lastUsedService: used?.AccessKeyLastUsed?.ServiceName,
    });
  }

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
    inlinePolicies,
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
    serviceSpecificCredentials: serviceCreds.map((cred) => ({
      id: cred.ServiceSpecificCredentialId!,
      serviceName: cred.ServiceName!,
    })),
  };
}
