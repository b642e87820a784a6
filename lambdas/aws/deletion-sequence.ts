/**
 * Deleting an IAM user, in an order IAM accepts: every kind of object that makes DeleteUser answer
 * DeleteConflict is removed first, then the user.
 *
 * The sequence deletes what the user's backup names and nothing else: nothing is deleted that has not
 * first been saved. An object added to the user after its backup was read is left alone, and DeleteUser's
 * DeleteConflict then keeps the user for a later run, whose backup will hold it. The backup's reads are
 * moments old, so no step lists the user again. Each step is idempotent (NoSuchEntity counts as done):
 * a run that died halfway through a user is finished by the next one, from that run's backup of what was
 * left. The one thing that backup cannot name is a virtual MFA device the dead run deactivated: it is
 * unassigned, so only an earlier backup of the same user names it, and it is deleted only while IAM still
 * lists it as unassigned.
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
  paginateListVirtualMFADevices,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { SweepError } from '../engine/errors';
import type { Permission, UserBackup } from '../engine/types';
import { idempotent, isDeleteConflict } from './aws-errors';

export interface DeletionStep {
  /** What the step removes, as the report names it. */
  name: string;
  permissions: readonly Permission[];
  /**
   * Removes the objects of the kind that `backup` names and returns how many there were.
   * `earlierMfaSerials` are the MFA serials of earlier backups of the same user (the same user id): a
   * virtual device deactivated by a run that then died is no longer assigned to the user, so only an
   * earlier backup names it. Such a serial is deleted only when IAM lists it as an unassigned virtual
   * device: it may since have been deleted and its name given to another person's device.
   */
  run(iam: IAMClient, backup: UserBackup, earlierMfaSerials: readonly string[]): Promise<number>;
}

async function removeEach<T>(items: readonly T[], remove: (item: T) => Promise<unknown>): Promise<number> {
  for (const item of items) await idempotent(() => remove(item));
  return items.length;
}

const isVirtualMfa = (serial: string) => serial.startsWith('arn:') && serial.includes(':mfa/');

/** The steps in the order they run. */
export const deletionSequence: readonly DeletionStep[] = [
  {
    name: 'login profile',
    permissions: [{ actions: ['iam:DeleteLoginProfile'], resource: 'user', access: 'write' }],
    run: async (iam, { userName, loginProfile }) =>
      loginProfile && (await idempotent(() => iam.send(new DeleteLoginProfileCommand({ UserName: userName })))) ? 1 : 0,
  },
  {
    name: 'access keys',
    permissions: [{ actions: ['iam:DeleteAccessKey'], resource: 'user', access: 'write' }],
    run: (iam, { userName, accessKeys }) =>
      removeEach(accessKeys, (key) => iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.id }))),
  },
  {
    name: 'signing certificates',
    permissions: [{ actions: ['iam:DeleteSigningCertificate'], resource: 'user', access: 'write' }],
    run: (iam, { userName, signingCertificateIds }) =>
      removeEach(signingCertificateIds, (id) =>
        iam.send(new DeleteSigningCertificateCommand({ UserName: userName, CertificateId: id })),
      ),
  },
  {
    name: 'SSH public keys',
    permissions: [{ actions: ['iam:DeleteSSHPublicKey'], resource: 'user', access: 'write' }],
    run: (iam, { userName, sshPublicKeyIds }) =>
      removeEach(sshPublicKeyIds, (id) => iam.send(new DeleteSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: id }))),
  },
  {
    name: 'service-specific credentials',
    permissions: [{ actions: ['iam:DeleteServiceSpecificCredential'], resource: 'user', access: 'write' }],
    run: (iam, { userName, serviceSpecificCredentials }) =>
      removeEach(serviceSpecificCredentials, (cred) =>
        iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: userName, ServiceSpecificCredentialId: cred.id })),
      ),
  },
  {
    name: 'MFA devices',
    permissions: [
      { actions: ['iam:DeactivateMFADevice'], resource: 'user', access: 'write' },
      { actions: ['iam:DeleteVirtualMFADevice'], resource: 'mfa', access: 'write' },
      // ListVirtualMFADevices has no resource types: IAM grants it on "*" only.
      { actions: ['iam:ListVirtualMFADevices'], resource: '*', access: 'read' },
    ],
    run: async (iam, { userName, mfaSerials }, earlierMfaSerials) => {
      await removeEach(mfaSerials, (serial) =>
        iam.send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: serial })),
      );
      // A deactivated virtual device lives on, unassigned, until deleted: delete it so none is orphaned.
      await removeEach(mfaSerials.filter(isVirtualMfa), (serial) => iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
      const earlier = earlierMfaSerials.filter((serial) => isVirtualMfa(serial) && !mfaSerials.includes(serial));
      if (earlier.length === 0) return mfaSerials.length;
      const unassigned = new Set(await unassignedVirtualMfaSerials(iam));
      await removeEach(earlier.filter((serial) => unassigned.has(serial)), async (serial) => {
        try {
          await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
        } catch (error) {
          // Assigned since it was listed: someone's device now, not this user's leftover.
          if (!isDeleteConflict(error)) throw error;
        }
      });
      return mfaSerials.length;
    },
  },
  {
    name: 'inline policies',
    permissions: [{ actions: ['iam:DeleteUserPolicy'], resource: 'user', access: 'write' }],
    run: (iam, { userName, inlinePolicies }) =>
      removeEach(Object.keys(inlinePolicies), (policyName) =>
        iam.send(new DeleteUserPolicyCommand({ UserName: userName, PolicyName: policyName })),
      ),
  },
  {
    name: 'attached policies',
    permissions: [{ actions: ['iam:DetachUserPolicy'], resource: 'user', access: 'write' }],
    run: (iam, { userName, attachedPolicies }) =>
      removeEach(attachedPolicies, (arn) => iam.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: arn }))),
  },
  {
    name: 'group memberships',
    // IAM authorizes RemoveUserFromGroup on the group, not on the user.
    permissions: [{ actions: ['iam:RemoveUserFromGroup'], resource: 'group', access: 'write' }],
    run: (iam, { userName, groups }) =>
      removeEach(groups, (group) => iam.send(new RemoveUserFromGroupCommand({ UserName: userName, GroupName: group }))),
  },
  {
    name: 'user',
    permissions: [{ actions: ['iam:DeleteUser'], resource: 'user', access: 'write' }],
    run: async (iam, { userName }) => {
      try {
        return (await idempotent(() => iam.send(new DeleteUserCommand({ UserName: userName })))) ? 1 : 0;
      } catch (error) {
        if (!isDeleteConflict(error)) throw error;
        throw new Error(
          'the user holds something added after its backup was read, which is not deleted unsaved; ' +
            'the user is kept, and a later run backs it up and deletes it',
          { cause: error },
        );
      }
    },
  },
];

/** The serial numbers of the account's virtual MFA devices that no user holds, as IAM lists them now. */
async function unassignedVirtualMfaSerials(iam: IAMClient): Promise<string[]> {
  const serials: string[] = [];
  for await (const page of paginateListVirtualMFADevices({ client: iam }, { AssignmentStatus: 'Unassigned' })) {
    serials.push(...(page.VirtualMFADevices ?? []).map((device) => device.SerialNumber!));
  }
  return serials;
}

/**
 * Runs the whole sequence for the user of `backup`; throws on the first step IAM refuses, naming it.
 * `earlierMfaSerials`: see DeletionStep.run.
 */
export async function deleteUserCompletely(
  iam: IAMClient,
  backup: UserBackup,
  earlierMfaSerials: readonly string[],
): Promise<void> {
  for (const step of deletionSequence) {
    try {
      await step.run(iam, backup, earlierMfaSerials);
    } catch (error) {
      throw new DeletionStepError(step.name, backup.userName, error);
    }
  }
}

export class DeletionStepError extends SweepError {
  constructor(
    readonly step: string,
    readonly userName: string,
    cause: unknown,
  ) {
    super('DeletionStepError', `deleting ${step} of ${userName} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
