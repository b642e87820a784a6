/** Reading a backup file back into a UserBackup, checking its shape before anything is created from it. */
import { SweepError } from '../engine/errors';
import type { IdentityCenterUserBackup, UserBackup } from '../engine/types';

/** The backup is not one iam-sweep wrote, or was damaged: nothing is restored from it. */
export class BackupFormatError extends SweepError {
  constructor(
    readonly source: string,
    problem: string,
  ) {
    super('BackupFormatError', `${source} is not an iam-sweep user backup: ${problem}`);
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * Parses the text of a backup (as `readUserBackup` saved it) and checks every field that restore uses.
 * Lists that are absent count as empty.
 */
export function parseUserBackup(text: string, source: string): UserBackup {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BackupFormatError(source, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const fail = (problem: string): never => {
    throw new BackupFormatError(source, problem);
  };
  if (!isObject(parsed)) return fail('not a JSON object');
  const backup = parsed;
  if (backup.version !== 1) fail(`version ${JSON.stringify(backup.version)} is not supported (this iam-sweep reads version 1)`);
  for (const field of ['accountId', 'userName', 'arn', 'path'] as const) {
    if (typeof backup[field] !== 'string' || backup[field] === '') fail(`"${field}" is missing`);
  }
  if (!/^\d{12}$/.test(backup.accountId as string)) fail(`"accountId" ${JSON.stringify(backup.accountId)} is not an account id`);
  if (!/^\/(.*\/)?$/.test(backup.path as string)) fail(`"path" ${JSON.stringify(backup.path)} is not an IAM path`);

  const tags = backup.tags ?? {};
  if (!isObject(tags) || !Object.values(tags).every((value) => typeof value === 'string')) fail('"tags" is not a map of strings');
  const inlinePolicies = backup.inlinePolicies ?? {};
  if (!isObject(inlinePolicies) || !Object.values(inlinePolicies).every(isObject)) {
    fail('"inlinePolicies" is not a map of policy documents');
  }
  for (const field of ['groups', 'attachedPolicies', 'mfaSerials', 'signingCertificateIds', 'sshPublicKeyIds'] as const) {
    if (backup[field] !== undefined && !isStringArray(backup[field])) fail(`"${field}" is not a list of strings`);
  }
  if (backup.permissionsBoundary !== undefined && typeof backup.permissionsBoundary !== 'string') {
    fail('"permissionsBoundary" is not a policy ARN');
  }
  const isUploaded = (item: unknown) =>
    isObject(item) && typeof item.id === 'string' && typeof item.status === 'string' && typeof item.body === 'string';
  for (const field of ['signingCertificates', 'sshPublicKeys'] as const) {
    const list = backup[field] ?? [];
    if (!Array.isArray(list) || !list.every(isUploaded)) fail(`"${field}" is not a list of { id, status, body }`);
  }
  for (const field of ['accessKeys', 'serviceSpecificCredentials'] as const) {
    const list = backup[field] ?? [];
    if (!Array.isArray(list) || !list.every((item) => isObject(item) && typeof item.id === 'string')) {
      fail(`"${field}" is not a list of credentials with ids`);
    }
  }

  return {
    ...(backup as unknown as UserBackup),
    tags: tags as Record<string, string>,
    inlinePolicies: inlinePolicies as Record<string, unknown>,
    groups: (backup.groups as string[] | undefined) ?? [],
    attachedPolicies: (backup.attachedPolicies as string[] | undefined) ?? [],
    mfaSerials: (backup.mfaSerials as string[] | undefined) ?? [],
    signingCertificateIds: (backup.signingCertificateIds as string[] | undefined) ?? [],
    sshPublicKeyIds: (backup.sshPublicKeyIds as string[] | undefined) ?? [],
    accessKeys: (backup.accessKeys as UserBackup['accessKeys'] | undefined) ?? [],
    serviceSpecificCredentials: (backup.serviceSpecificCredentials as UserBackup['serviceSpecificCredentials'] | undefined) ?? [],
  };
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/**
 * Parses the text of an Identity Center user backup (as the Identity Center sweep saved it) and checks
 * every field that restore uses.
 */
export function parseIdentityCenterBackup(text: string, source: string): IdentityCenterUserBackup {
  const fail = (problem: string): never => {
    throw new BackupFormatError(source, problem);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(parsed)) return fail('not a JSON object');
  const backup = parsed;
  if (backup.kind !== 'identity-center-user') fail(`"kind" ${JSON.stringify(backup.kind)} is not identity-center-user`);
  if (backup.version !== 1) fail(`version ${JSON.stringify(backup.version)} is not supported (this iam-sweep reads version 1)`);
  for (const field of ['region', 'instanceArn', 'identityStoreId', 'userId', 'userName'] as const) {
    if (typeof backup[field] !== 'string' || backup[field] === '') fail(`"${field}" is missing`);
  }
  if (!REGION.test(backup.region as string)) fail(`"region" ${JSON.stringify(backup.region)} is not a Region`);
  if (!/^arn:aws[a-z-]*:sso:::instance\/\S+$/.test(backup.instanceArn as string)) {
    fail(`"instanceArn" ${JSON.stringify(backup.instanceArn)} is not an Identity Center instance ARN`);
  }
  if (!isObject(backup.attributes)) fail('"attributes" is not an object of user attributes');
  if (!isStringArray(backup.groupIds ?? [])) fail('"groupIds" is not a list of group ids');
  const assignments = backup.assignments ?? [];
  const isAssignment = (item: unknown) =>
    isObject(item) && typeof item.accountId === 'string' && /^\d{12}$/.test(item.accountId) && typeof item.permissionSetArn === 'string';
  if (!Array.isArray(assignments) || !assignments.every(isAssignment)) {
    fail('"assignments" is not a list of { accountId, permissionSetArn }');
  }
  return {
    ...(backup as unknown as IdentityCenterUserBackup),
    groupIds: (backup.groupIds as string[] | undefined) ?? [],
    assignments: assignments as IdentityCenterUserBackup['assignments'],
  };
}

/** The JSON object's top-level fields, or undefined for anything else (parseUserBackup names the problem). */
function peek(text: string): Json | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Either kind of user backup, told apart by its `kind` (IAM user backups have none). The record of
 * credentials deleted from a user who stays is refused with what it holds: there is nothing to restore.
 */
export function parseBackup(text: string, source: string): UserBackup | IdentityCenterUserBackup {
  const parsed = peek(text);
  if (parsed?.kind === 'iam-credentials') {
    throw new BackupFormatError(
      source,
      `it records the access keys or password deleted on ${String(parsed.savedAt)} from ${String(parsed.userName)} ` +
        `in account ${String(parsed.accountId)}, who was not deleted. Secrets cannot be restored: create a new access key ` +
        'or login profile for the user if it needs one again',
    );
  }
  return parsed?.kind === 'identity-center-user' ? parseIdentityCenterBackup(text, source) : parseUserBackup(text, source);
}

export const isIdentityCenterBackup = (backup: UserBackup | IdentityCenterUserBackup): backup is IdentityCenterUserBackup =>
  (backup as { kind?: unknown }).kind === 'identity-center-user';
