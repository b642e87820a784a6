/** Waiting and trying again: the one timer the adapters wait on. */

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What a write that AWS may briefly refuse treats as done and as worth another try. */
export interface ConflictRetry {
  /** The thing is already gone: for a deletion, done. */
  isGone: (error: unknown) => boolean;
  /** AWS is busy with the thing and the SDK does not retry: wait and try again. */
  isConflict: (error: unknown) => boolean;
  /** The first wait; each next one doubles it. */
  firstWaitMs: number;
  /** Tries in all, the first included. */
  attempts: number;
}

/** Runs `call`, trying again with backoff while it meets a conflict; a gone thing resolves to `undefined`. */
export async function retryOnConflict<T>(call: () => Promise<T>, retry: ConflictRetry): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (retry.isGone(error)) return undefined;
      if (!retry.isConflict(error) || attempt >= retry.attempts) throw error;
      await sleep(retry.firstWaitMs * 2 ** (attempt - 1));
    }
  }
}
