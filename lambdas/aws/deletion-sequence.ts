/**
 * Deleting an IAM user, in an order IAM accepts: every kind of object that makes DeleteUser answer
 * DeleteConflict is removed first. Each step is idempotent (NoSuchEntity counts as done), so a run that
 * died halfway through a user is finished by the next one.
 */
import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  IAMClient,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import type { Permission } from '../engine/types';
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

export interface DeletionStep {
  /** What the step removes, as the report names it. */
  name: string;
  permissions: readonly Permission[];
  /**
   * Removes the objects and returns how many were removed. `knownMfaSerials` come from the user's
   * backup: a virtual device deactivated by a run that then died is no longer listed for the user.
   */
  run(iam: IAMClient, userName: string, knownMfaSerials: readonly string[]): Promise<number>;
}

async function removeEach<T>(items: T[], remove: (item: T) => Promise<unknown>): Promise<number> {
  for (const item of items) await idempotent(() => remove(item));
  return items.length;
}

const isVirtualMfa = (serial: string) => serial.startsWith('arn:') && serial.includes(':mfa/');

/** The steps in the order they run. */
export const deletionSequence: readonly DeletionStep[] = [
  {
    name: 'login profile',
    permissions: [{ actions: ['iam:DeleteLoginProfile'], resource: 'user' }],
    run: async (iam, userName) =>
      (await idempotent(() => iam.send(new DeleteLoginProfileCommand({ UserName: userName })))) ? 1 : 0,
  },
  {
    name: 'access keys',
    permissions: [{ actions: ['iam:ListAccessKeys', 'iam:DeleteAccessKey'], resource: 'user' }],
    run: async (iam, userName) =>
      removeEach(
        await listAccessKeys(iam, userName),
        (key) => iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.AccessKeyId })),
      ),
  },
  {
    name: 'signing certificates',
    permissions: [{ actions: ['iam:ListSigningCertificates', 'iam:DeleteSigningCertificate'], resource: 'user' }],
    run: async (iam, userName) =>
      removeEach(
        await listSigningCertificates(iam, userName),
        (cert) => iam.send(new DeleteSigningCertificateCommand({ UserName: userName, CertificateId: cert.CertificateId })),
      ),
  },
  {
    name: 'SSH public keys',
    permissions: [{ actions: ['iam:ListSSHPublicKeys', 'iam:DeleteSSHPublicKey'], resource: 'user' }],
    run: async (iam, userName) =>
      removeEach(
        await listSshPublicKeys(iam, userName),
        (key) => iam.send(new DeleteSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: key.SSHPublicKeyId })),
      ),
  },
  {
    name: 'service-specific credentials',
    permissions: [
      { actions: ['iam:ListServiceSpecificCredentials', 'iam:DeleteServiceSpecificCredential'], resource: 'user' },
    ],
    run: async (iam, userName) =>
      removeEach(await listServiceSpecificCredentials(iam, userName), (cred) =>
        iam.send(
          new DeleteServiceSpecificCredentialCommand({
            UserName: userName,
            ServiceSpecificCredentialId: cred.ServiceSpecificCredentialId,
          }),
        ),
      ),
  },
  {
    name: 'MFA devices',
    permissions: [
      { actions: ['iam:ListMFADevices', 'iam:DeactivateMFADevice'], resource: 'user' },
      { actions: ['iam:DeleteVirtualMFADevice'], resource: 'mfa' },
    ],
    run: async (iam, userName, knownMfaSerials) => {
      const assigned = await listMfaDevices(iam, userName);
      const serials = assigned.map((device) => device.SerialNumber!);
      await removeEach(serials, (serial) =>
        iam.send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: serial })),
      );
      // A deactivated virtual device lives on, unassigned, until deleted: delete it so none is orphaned.
      const virtual = [...new Set([...serials, ...knownMfaSerials])].filter(isVirtualMfa);
      await removeEach(virtual, (serial) => iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
      return serials.length;
    },
  },
  {
    name: 'inline policies',
    permissions: [{ actions: ['iam:ListUserPolicies', 'iam:DeleteUserPolicy'], resource: 'user' }],
    run: async (iam, userName) =>
      removeEach(
        await listInlinePolicyNames(iam, userName),
        (policyName) => iam.send(new DeleteUserPolicyCommand({ UserName: userName, PolicyName: policyName })),
      ),
  },
  {
    name: 'attached policies',
    permissions: [{ actions: ['iam:ListAttachedUserPolicies', 'iam:DetachUserPolicy'], resource: 'user' }],
    run: async (iam, userName) =>
      removeEach(
        await listAttachedPolicies(iam, userName),
        (policy) => iam.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policy.PolicyArn })),
      ),
  },
  {
    name: 'group memberships',
    permissions: [{ actions: ['iam:ListGroupsForUser', 'iam:RemoveUserFromGroup'], resource: 'user' }],
    run: async (iam, userName) =>
      removeEach(
        await listGroups(iam, userName),
        (group) => iam.send(new RemoveUserFromGroupCommand({ UserName: userName, GroupName: group.GroupName })),
      ),
  },
  {
    name: 'user',
    permissions: [{ actions: ['iam:DeleteUser'], resource: 'user' }],
    run: async (iam, userName) =>
      (await idempotent(() => iam.send(new DeleteUserCommand({ UserName: userName })))) ? 1 : 0,
  },
];

/** Runs the whole sequence for one user; throws on the first step IAM refuses, naming it. */
export async function deleteUserCompletely(
  iam: IAMClient,
  userName: string,
  knownMfaSerials: readonly string[],
): Promise<void> {
  for (const step of deletionSequence) {
    try {
      await step.run(iam, userName, knownMfaSerials);
    } catch (error) {
      throw new DeletionStepError(step.name, userName, error);
    }
  }
}

export class DeletionStepError extends Error {
  constructor(
    readonly step: string,
    readonly userName: string,
    cause: unknown,
  ) {
    super(`deleting ${step} of ${userName} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'DeletionStepError';
  }
}
