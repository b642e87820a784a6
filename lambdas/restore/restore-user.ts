/**
 * Recreating a deleted user from its backup: the user with its path and tags, then its permissions
 * boundary, groups, inline and attached policies, and its signing certificates and SSH public keys (public
 * material, uploaded again with their status). Secrets cannot come back (see `unrecoverable`).
 *
 * Restore runs with the caller's credentials or an administrator role, never with the sweep's cleanup
 * role: that role must not be able to create users.
 */
import { describeError, isEntityAlreadyExists } from '../aws/aws-errors';
import {
  isDuplicateCertificate,
  isDuplicateSshPublicKey,
  type RestoreAccountIam,
  type UploadedMaterial,
  type UploadStatus,
} from '../aws/member-restore';
import { SweepError } from '../engine/errors';
import { isStateTag } from '../engine/state-tags';
import type { UploadedPublicKey, UserBackup } from '../engine/types';

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
 * Recreates the backed-up user in `account`, the IAM of the backup's account. Running it again is safe:
 * an existing user with the backup's path gets the backup's settings again, and each step is a set, not
 * an add. Throws UserExistsError when a user of that name has another path, and any CreateUser failure;
 * a failure of a later step is recorded in the result, and the other steps still run.
 */
export async function restoreUser(account: RestoreAccountIam, backup: UserBackup): Promise<RestoreResult> {
  const { userName } = backup;
  const tagKeys = Object.keys(backup.tags);
  const tags = Object.fromEntries(tagKeys.filter((key) => !isStateTag(key)).map((key) => [key, backup.tags[key]]));
  const tagTotal = Object.keys(tags).length;
  const result: RestoreResult = { userExisted: false, steps: [], leftOutTags: tagKeys.filter(isStateTag) };
  const tagCount = `${tagTotal} tag${tagTotal === 1 ? '' : 's'}`;

  try {
    await account.createUser(userName, backup.path, tags);
    result.steps.push({ action: `create user with path ${backup.path}${tagTotal > 0 ? ` and ${tagCount}` : ''}`, status: 'done' });
  } catch (error) {
    if (!isEntityAlreadyExists(error)) throw error;
    const existingPath = await account.userPath(userName);
    if (existingPath !== backup.path) throw new UserExistsError(backup, existingPath);
    result.userExisted = true;
    result.steps.push({
      action: `create user with path ${backup.path}`,
      status: 'done',
      detail: 'it already exists with this path; the backup is applied to it, nothing is removed from it',
    });
    if (tagTotal > 0) await step(result, `tag user with ${tagCount}`, () => account.putUserTags(userName, tags));
  }

  // Groups and policies without the boundary would give the user more than it had: they wait for it.
  const boundary = backup.permissionsBoundary;
  const boundarySet =
    !boundary || (await step(result, `set permissions boundary ${boundary}`, () => account.putPermissionsBoundary(userName, boundary)));

  const grants: Grant[] = [
    ...backup.groups.map((group) => ({ action: `add to group ${group}`, call: () => account.addUserToGroup(userName, group) })),
    ...Object.entries(backup.inlinePolicies).map(([policyName, document]) => ({
      action: `put inline policy ${policyName}`,
      call: () => account.putInlinePolicy(userName, policyName, document),
    })),
    ...backup.attachedPolicies.map((policyArn) => ({
      action: `attach policy ${policyArn}`,
      call: () => account.attachManagedPolicy(userName, policyArn),
    })),
  ];
  for (const { action, call } of grants) {
    if (boundarySet) await step(result, action, call);
    else result.steps.push({ action, status: 'not attempted', detail: 'the permissions boundary could not be set' });
  }
  for (const certificate of backup.signingCertificates ?? []) {
    await step(result, `upload signing certificate ${certificate.id} again${inactive(certificate)}`, () =>
      uploadAgain(certificate, {
        upload: () => account.uploadSigningCertificate(userName, certificate.body),
        isDuplicate: isDuplicateCertificate,
        existing: () => account.signingCertificatesOf(userName),
        setStatus: (id, status) => account.setSigningCertificateStatus(userName, id, status),
      }),
    );
  }
  for (const key of backup.sshPublicKeys ?? []) {
    await step(result, `upload SSH public key ${key.id} again${inactive(key)}`, () =>
      uploadAgain(key, {
        upload: () => account.uploadSshPublicKey(userName, key.body),
        isDuplicate: isDuplicateSshPublicKey,
        existing: () => account.sshPublicKeysOf(userName),
        setStatus: (id, status) => account.setSshPublicKeyStatus(userName, id, status),
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
  existing(): Promise<UploadedMaterial[]>;
  setStatus(id: string, status: UploadStatus): Promise<unknown>;
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
