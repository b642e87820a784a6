/**
 * Recreating a deleted user from its backup: the user with its path and tags, then its permissions
 * boundary, groups, inline and attached policies, and its signing certificates and SSH public keys (public
 * material, uploaded again with their status). Secrets cannot come back (see `unrecoverable`).
 *
 * Restore runs with the caller's credentials or an administrator role, never with the sweep's cleanup
 * role: that role must not be able to create users.
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
  type StatusType,
} from '@aws-sdk/client-iam';
import { describeError, isEntityAlreadyExists, isErrorCode } from '../aws/iam-errors';
import { SweepError } from '../engine/errors';
import { isStateTag } from '../engine/state-tags';
import type { Permission, UploadedPublicKey, UserBackup } from '../engine/types';

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

/** A different user of the same name is in the way: nothing was changed. */
export class UserExistsError extends SweepError {
  constructor(backup: UserBackup, existingPath: string) {
    super(
      'UserExistsError',
      `a user named ${backup.userName} already exists in account ${backup.accountId} with path ${existingPath}, ` +
        `not ${backup.path} as in the backup: it is not the backed-up user, so nothing was changed. ` +
        'Rename or delete that user first if the backed-up one should come back.',
    );
  }
}

export interface RestoreStep {
  /** What the step does, e.g. `add to group Developers`. */
  action: string;
  status: 'done' | 'failed' | 'not attempted';
  detail?: string;
}

export interface RestoreResult {
  /** True when a user of that name and path was already there: the backup's settings were added to it. */
  userExisted: boolean;
  steps: RestoreStep[];
  /** iam-sweep's own bookkeeping tags, which are not put back. */
  leftOutTags: string[];
}

interface Grant {
  action: string;
  call: () => Promise<unknown>;
}


/**
 * Recreates the backed-up user in the account `iam` belongs to. Running it again is safe: an existing
 * user with the backup's path gets the backup's settings again, and each step is a set, not an add.
 * Throws UserExistsError when a user of that name has another path, and any CreateUser failure; a
 * failure of a later step is recorded in the result, and the other steps still run.
 */
export async function restoreUser(iam: IAMClient, backup: UserBackup): Promise<RestoreResult> {
  const { userName } = backup;
  const tagKeys = Object.keys(backup.tags);
  const tags = tagKeys.filter((key) => !isStateTag(key)).map((key) => ({ Key: key, Value: backup.tags[key] }));
  const result: RestoreResult = { userExisted: false, steps: [], leftOutTags: tagKeys.filter(isStateTag) };
  const tagCount = `${tags.length} tag${tags.length === 1 ? '' : 's'}`;

  try {
    await iam.send(new CreateUserCommand({ UserName: userName, Path: backup.path, ...(tags.length > 0 ? { Tags: tags } : {}) }));
    result.steps.push({ action: `create user with path ${backup.path}${tags.length > 0 ? ` and ${tagCount}` : ''}`, status: 'done' });
  } catch (error) {
    if (!isEntityAlreadyExists(error)) throw error;
    const { User: existing } = await iam.send(new GetUserCommand({ UserName: userName }));
    const existingPath = existing?.Path ?? '/';
    if (existingPath !== backup.path) throw new UserExistsError(backup, existingPath);
    result.userExisted = true;
    result.steps.push({
      action: `create user with path ${backup.path}`,
      status: 'done',
      detail: 'it already exists with this path; the backup is applied to it, nothing is removed from it',
    });
    if (tags.length > 0) {
      await step(result, `tag user with ${tagCount}`, () => iam.send(new TagUserCommand({ UserName: userName, Tags: tags })));
    }
  }

  // Groups and policies without the boundary would give the user more than it had: they wait for it.
  const boundary = backup.permissionsBoundary;
  const boundarySet =
    !boundary ||
    (await step(result, `set permissions boundary ${boundary}`, () =>
      iam.send(new PutUserPermissionsBoundaryCommand({ UserName: userName, PermissionsBoundary: boundary })),
    ));

  const grants: Grant[] = [
    ...backup.groups.map((group) => ({
      action: `add to group ${group}`,
      call: () => iam.send(new AddUserToGroupCommand({ UserName: userName, GroupName: group })),
    })),
    ...Object.entries(backup.inlinePolicies).map(([policyName, document]) => ({
      action: `put inline policy ${policyName}`,
      call: () => iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: JSON.stringify(document) })),
    })),
    ...backup.attachedPolicies.map((policyArn) => ({
      action: `attach policy ${policyArn}`,
      call: () => iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn })),
    })),
  ];
  for (const { action, call } of grants) {
    if (boundarySet) await step(result, action, call);
    else result.steps.push({ action, status: 'not attempted', detail: 'the permissions boundary could not be set' });
  }
  for (const certificate of backup.signingCertificates ?? []) {
    await step(result, `upload signing certificate ${certificate.id} again${inactive(certificate)}`, () =>
      uploadAgain(certificate, {
        upload: async () =>
          (await iam.send(new UploadSigningCertificateCommand({ UserName: userName, CertificateBody: certificate.body }))).Certificate!
            .CertificateId!,
        isDuplicate: isErrorCode('DuplicateCertificate'),
        existing: async () => {
          const { Certificates } = await iam.send(new ListSigningCertificatesCommand({ UserName: userName }));
          return (Certificates ?? []).map((c) => ({ id: c.CertificateId!, body: c.CertificateBody! }));
        },
        setStatus: (id, Status) => iam.send(new UpdateSigningCertificateCommand({ UserName: userName, CertificateId: id, Status })),
      }),
    );
  }
  for (const key of backup.sshPublicKeys ?? []) {
    await step(result, `upload SSH public key ${key.id} again${inactive(key)}`, () =>
      uploadAgain(key, {
        upload: async () =>
          (await iam.send(new UploadSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyBody: key.body }))).SSHPublicKey!.SSHPublicKeyId!,
        isDuplicate: isErrorCode('DuplicateSSHPublicKey'),
        existing: async () => {
          const { SSHPublicKeys } = await iam.send(new ListSSHPublicKeysCommand({ UserName: userName }));
          return Promise.all(
            (SSHPublicKeys ?? []).map(async ({ SSHPublicKeyId }) => {
              const read = new GetSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId, Encoding: 'SSH' });
              return { id: SSHPublicKeyId!, body: (await iam.send(read)).SSHPublicKey!.SSHPublicKeyBody! };
            }),
          );
        },
        setStatus: (id, Status) => iam.send(new UpdateSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: id, Status })),
      }),
    );
  }
  return result;
}

const inactive = (item: UploadedPublicKey) => (item.status === 'Inactive' ? ', inactive as it was' : '');

/** The base64 of a certificate or key, without its armor, comment and line breaks. */
const material = (body: string) => (/^ssh-rsa (\S+)/.exec(body)?.[1] ?? body.replace(/-----[A-Z ]+-----|\s/g, ''));

interface Uploading {
  /** Uploads it; resolves to the new id. */
  upload(): Promise<string>;
  /** IAM's answer when the user (or, for a certificate, any user) already has it. */
  isDuplicate(error: unknown): boolean;
  /** The user's own, with their bodies. */
  existing(): Promise<{ id: string; body: string }[]>;
  setStatus(id: string, status: StatusType): Promise<unknown>;
}

/**
 * Uploads a certificate or key again with its status: one that was inactive must not come back usable.
 * One the user already has (a restore run again) counts as uploaded and gets its status again; one that
 * another user has fails with IAM's words.
 */
async function uploadAgain(item: UploadedPublicKey, { upload, isDuplicate, existing, setStatus }: Uploading): Promise<void> {
  let id: string;
  try {
    id = await upload();
  } catch (error) {
    if (!isDuplicate(error)) throw error;
    const own = (await existing()).find((other) => material(other.body) === material(item.body));
    if (!own) throw error;
    id = own.id;
  }
  if (item.status === 'Inactive') await setStatus(id, 'Inactive');
}

/** Runs one step, recording its outcome; true when it succeeded. */
async function step(result: RestoreResult, action: string, call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    result.steps.push({ action, status: 'done' });
    return true;
  } catch (error) {
    result.steps.push({ action, status: 'failed', detail: describeError(error) });
    return false;
  }
}
