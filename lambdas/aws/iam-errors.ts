/** How IAM errors are told apart, in one place, so that every step treats them the same way. */
import { retryOnConflict } from './retry';

function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const e = error as { name?: string; Code?: string };
  return e.Code ?? e.name ?? '';
}

/** The thing is already gone: for a deletion step that means done. */
export function isNoSuchEntity(error: unknown): boolean {
  return ['NoSuchEntity', 'NoSuchEntityException'].includes(errorName(error));
}

/** DeleteUser (or another deletion) refused: the entity still has something attached. */
export function isDeleteConflict(error: unknown): boolean {
  return ['DeleteConflict', 'DeleteConflictException'].includes(errorName(error));
}

/**
 * A quota is full, such as IAM's 50 tags per user (IAM's LimitExceeded): waiting does not help. The SDK
 * retries LimitExceededException as throttling, so a paced client's retries must leave it out.
 */
export function isQuotaExceeded(error: unknown): boolean {
  return ['LimitExceeded', 'LimitExceededException'].includes(errorName(error));
}

/** IAM is briefly busy with the entity (a login profile being created, a concurrent change): try again. */
export function isTransientConflict(error: unknown): boolean {
  return [
    'EntityTemporarilyUnmodifiable',
    'EntityTemporarilyUnmodifiableException',
    'ConcurrentModification',
    'ConcurrentModificationException',
  ].includes(errorName(error));
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = errorName(error);
    return name && !error.message.startsWith(name) ? `${name}: ${error.message}` : error.message;
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
