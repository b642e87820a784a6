/**
 * Recreating a deleted user from its backup: the user with its path and tags, then its permissions
 * boundary, groups, inline and attached policies. Secrets cannot come back (see `unrecoverable`).
 *
 * Restore runs with the caller's credentials or an administrator role, never with the sweep's cleanup
 * role: that role must not be able to create users.
 */
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateUserCommand,
  GetUserCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { describeError } from '../aws/iam-errors';
import { isStateTag } from '../engine/state-tags';
import type { Permission, UserBackup } from '../engine/types';

/** The IAM actions a restore calls in the user's account. */
export const restorePermissions: readonly Permission[] = [
  {
    actions: [
      'iam:CreateUser',
      'iam:GetUser',
      'iam:TagUser',
      'iam:PutUserPermissionsBoundary',
      'iam:AddUserToGroup',
      'iam:PutUserPolicy',
      'iam:AttachUserPolicy',
    ],
    resource: 'user',
  },
];

/** A different user of the same name is in the way: nothing was changed. */
export class UserExistsError extends Error {
  constructor(backup: UserBackup, existingPath: string) {
    super(
      `a user named ${backup.userName} already exists in account ${backup.accountId} with path ${existingPath}, ` +
        `not ${backup.path} as in the backup: it is not the backed-up user, so nothing was changed. ` +
        'Rename or delete that user first if the backed-up one should come back.',
    );
    this.name = 'UserExistsError';
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

function isEntityAlreadyExists(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? '';
  return name === 'EntityAlreadyExists' || name === 'EntityAlreadyExistsException';
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
  return result;
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
