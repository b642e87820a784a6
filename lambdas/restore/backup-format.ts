/** Reading a backup file back into a UserBackup, checking its shape before anything is created from it. */
import type { z } from 'zod';
import { identityCenterUserBackupSchema, userBackupSchema } from '../engine/backup-schema';
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

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJsonObject(text: string, source: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BackupFormatError(source, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(parsed)) throw new BackupFormatError(source, 'not a JSON object');
  return parsed;
}

/** The backup as the schema reads it, or the schema's first refusal, which names the field. */
function parseWith<Schema extends z.ZodType>(schema: Schema, text: string, source: string): z.output<Schema> {
  const result = schema.safeParse(parseJsonObject(text, source));
  if (!result.success) throw new BackupFormatError(source, result.error.issues[0].message);
  return result.data;
}

/**
 * Parses the text of a backup (as `readUserBackup` saved it) and checks every field that restore uses.
 * Lists that are absent count as empty.
 */
export const parseUserBackup = (text: string, source: string): UserBackup => parseWith(userBackupSchema, text, source);

/**
 * Parses the text of an Identity Center user backup (as the Identity Center sweep saved it) and checks
 * every field that restore uses.
 */
export const parseIdentityCenterBackup = (text: string, source: string): IdentityCenterUserBackup =>
  parseWith(identityCenterUserBackupSchema, text, source);

/** The JSON object's top-level fields, or undefined for anything else (parseUserBackup names the problem). */
function peek(text: string): Record<string, unknown> | undefined {
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
