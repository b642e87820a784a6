/**
 * How AWS errors are told apart, in one place, so that every step treats them the same way. An error is
 * known by its code: `Code` where the protocol gives one (IAM's query protocol), else the SDK's `name`.
 */
import { retryOnConflict } from './retry';

function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const e = error as { name?: string; Code?: string };
  return e.Code ?? e.name ?? '';
}

/** The error `code`, as the SDK may name it: `code` or `codeException`. */
export const isErrorCode = (code: string) => (error: unknown) => [code, `${code}Exception`].includes(errorName(error));

/** The thing is already gone: for a deletion step that means done. */
export const isNoSuchEntity = isErrorCode('NoSuchEntity');

/** DeleteUser (or another deletion) refused: the entity still has something attached. */
export const isDeleteConflict = isErrorCode('DeleteConflict');

/** A create found the entity already there. */
export const isEntityAlreadyExists = isErrorCode('EntityAlreadyExists');

/** A credential report is being generated, or has to be: ask again after a while. */
export function isCredentialReportPending(error: unknown): boolean {
  return ['ReportInProgress', 'ReportNotPresent', 'ReportExpired'].some((code) => errorName(error).startsWith(code));
}

/** Identity Center has no such thing: for a removal, done. */
export const isResourceNotFound = (error: unknown) => errorName(error) === 'ResourceNotFoundException';

/** Identity Center is busy with another operation on the same thing, or the thing already exists. */
export const isConflict = (error: unknown) => errorName(error) === 'ConflictException';

/** The caller may not make the call. */
export const isAccessDenied = isErrorCode('AccessDenied');

/** Error codes (and HTTP 429) by which AWS services say "Rate exceeded", as the SDK retries them. */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'Throttled',
  'SlowDown',
]);

export function isThrottling(error: unknown): boolean {
  const e = error as { $metadata?: { httpStatusCode?: number } } | undefined;
  return THROTTLING.has(errorName(error)) || e?.$metadata?.httpStatusCode === 429;
}

/**
 * A quota is full, such as IAM's 50 tags per user (IAM's LimitExceeded): waiting does not help. The SDK
 * retries LimitExceededException as throttling, so a paced client's retries must leave it out.
 */
export const isQuotaExceeded = isErrorCode('LimitExceeded');

/** IAM is briefly busy with the entity (a login profile being created, a concurrent change): try again. */
export const isTransientConflict = (error: unknown) =>
  isErrorCode('EntityTemporarilyUnmodifiable')(error) || isErrorCode('ConcurrentModification')(error);

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = errorName(error);
    // A plain Error's name says nothing the message does not.
    return name && name !== 'Error' && !error.message.startsWith(name) ? `${name}: ${error.message}` : error.message;
  }
  return String(error);
}

/**
 * Runs an IAM call that may meet a transient conflict, which the SDK does not retry, with backoff.
 * `NoSuchEntity` resolves to `undefined`: for idempotent deletion steps, gone is done.
 */
export function idempotent<T>(call: () => Promise<T>, attempts = 5): Promise<T | undefined> {
  return retryOnConflict(call, { isGone: isNoSuchEntity, isConflict: isTransientConflict, firstWaitMs: 200, attempts });
}
