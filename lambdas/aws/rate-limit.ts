/**
 * Spacing calls to APIs with a published rate limit that the SDK's retries alone would keep hitting:
 * CloudTrail LookupEvents allows 2 requests per second per account and Region.
 */

import { sleep } from './retry';

/** Lets at most `perSecond` calls start per second, evenly spaced, in the order `take` was called. */
export class RateLimiter {
  private nextAt = 0;

  constructor(
    readonly perSecond: number,
    private readonly clock: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {
    if (!(perSecond > 0)) throw new RangeError(`RateLimiter: perSecond ${perSecond} must be greater than 0`);
  }

  /** Resolves when the caller may start its call. */
  async take(): Promise<void> {
    const now = this.clock();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + 1000 / this.perSecond;
    if (at > now) await this.wait(at - now);
  }
}

/** One limiter per account and Region, shared by everything in a run that calls the same API there. */
export class RateLimiters {
  private readonly byKey = new Map<string, RateLimiter>();

  constructor(
    readonly perSecond: number,
    private readonly make: (perSecond: number) => RateLimiter = (rate) => new RateLimiter(rate),
  ) {}

  for(accountId: string, region: string): RateLimiter {
    const key = `${accountId}:${region}`;
    let limiter = this.byKey.get(key);
    if (!limiter) {
      limiter = this.make(this.perSecond);
      this.byKey.set(key, limiter);
    }
    return limiter;
  }
}
