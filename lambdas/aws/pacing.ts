/**
 * Pacing calls under AWS's per-account token buckets. IAM, STS and Organizations throttle each account with
 * token buckets whose rates are not published and cannot be raised, so a run learns them as it goes.
 *
 * Every account gets its own bucket (a burst of one second's calls, then evenly spaced) at the lower of two
 * learned rates: its family's, shared by all accounts of a service since they have the same limits, and its
 * own. An account entered late so starts at the rate the others found instead of being throttled into
 * finding it again, and an account whose bucket is shared with other traffic slows down alone.
 *
 * A family starts at START_RATE and doubles every second until the first throttle (slow start: an unpaced
 * burst of many calls would be refused wholesale and spend the retries). A throttle cuts the rate the call
 * was paced at to BETA of it; throttles of calls paced before the last cut do not cut again, since one
 * overshoot throttles many calls at once. While the rate holds calls back and none is throttled, it grows
 * by GROWTH_PER_SECOND per second, to find a limit it underestimated (or that other traffic freed).
 * Seconds in which the rate held nothing back do not count: they say nothing about the limit.
 */

import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { isQuotaExceeded } from './aws-errors';
import { sleep } from './retry';

export interface PacingClock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: PacingClock = {
  now: () => performance.now(),
  sleep,
};

/** Calls per second a family starts at before anything is known; slow start finds the limit from there. */
const START_RATE = 50;
const SLOW_START_PER_SECOND = 2;
const BETA = 0.85;
const GROWTH_PER_SECOND = 1.25;
const MIN_RATE = 1;
/** A pause longer than this between calls that had to wait does not count towards growth. */
const IDLE_MS = 1000;

/** A rate cut on throttling that grows back with use. */
class LearnedRate {
  private growth: number;
  private limitedMs = 0;
  private lastLimited?: number;
  private cutAt = -Infinity;

  /** `base`: Infinity for no limit until the first throttle, or a rate to start slowly from. */
  constructor(private base: number) {
    this.growth = SLOW_START_PER_SECOND;
  }

  /** Calls per second now. */
  current(): number {
    return this.base * this.growth ** (this.limitedMs / 1000);
  }

  /**
   * A call had to wait for its turn at `now`: the rate is what limits the account, and the time since the
   * last such call (up to IDLE_MS) counts towards its growth. A rate that limits nothing learns nothing.
   */
  limited(now: number): void {
    if (this.lastLimited !== undefined) this.limitedMs += Math.min(IDLE_MS, now - this.lastLimited);
    this.lastLimited = now;
  }

  /** The rate was cut after `time`. */
  cutSince(time: number): boolean {
    return this.cutAt > time;
  }

  /** A call paced at `pace` at `pacedAt` was throttled: cut to BETA of that pace, once per overshoot. */
  cut(pacedAt: number, pace: number, now: number): void {
    if (pacedAt < this.cutAt || pace === Infinity) return;
    this.base = Math.max(MIN_RATE, pace * BETA);
    this.growth = GROWTH_PER_SECOND;
    this.limitedMs = 0;
    this.cutAt = now;
  }
}

/** What the accounts of one service have learned about its per-account limit. */
export class PaceFamily {
  private readonly learned = new LearnedRate(START_RATE);

  constructor(private readonly clock: PacingClock = systemClock) {}

  /** A bucket for one more account. */
  pacer(): Pacer {
    return new Pacer(this.learned, this.clock);
  }
}

/** When a call was paced, at what rate, and whether that rate was the family's (not the account's own, lower one). */
export interface PacedCall {
  pacedAt: number;
  pace: number;
  byFamily: boolean;
}

/** One account's bucket: the generic cell rate algorithm at the learned rate, with a burst of one second's calls. */
export class Pacer {
  private readonly own = new LearnedRate(Infinity);
  /** When the next call is due if calls were evenly spaced; up to a burst earlier is allowed. */
  private due = 0;
  /** The account's real bucket is as good as empty: a call was just throttled. */
  private drained = false;

  constructor(
    private readonly family: LearnedRate,
    private readonly clock: PacingClock,
  ) {}

  /**
   * Resolves when the account may send its next call. A call that waited for its turn while the rate was
   * cut waits again, at the new rate.
   */
  async take(): Promise<PacedCall> {
    for (;;) {
      const now = this.clock.now();
      const familyRate = this.family.current();
      const pace = Math.min(familyRate, this.own.current());
      const interval = 1000 / pace;
      const burst = Math.max(0, pace - 1) * interval;
      if (this.drained) {
        // Turns handed out at the old rate are void: the account's real bucket is empty now.
        this.due = now + burst;
        this.drained = false;
      }
      const at = Math.max(this.due, now);
      this.due = at + interval;
      const call = { pacedAt: now, pace, byFamily: pace === familyRate };
      if (at - burst <= now) return call;
      (call.byFamily ? this.family : this.own).limited(now);
      await this.clock.sleep(at - burst - now);
      if (!this.family.cutSince(now) && !this.own.cutSince(now)) return call;
    }
  }

  /** The call was throttled: the account's bucket is empty, and the pace it was sent at is too high. */
  throttled(call: PacedCall): void {
    const now = this.clock.now();
    if (call.byFamily) this.family.cut(call.pacedAt, call.pace, now);
    this.own.cut(call.pacedAt, call.pace, now);
    this.drained = true;
  }
}

const RETRY_DELAY_MS = 50;
const MAX_RETRY_DELAY_MS = 20_000;

/**
 * Retries for paced clients: throttling and transient errors, with a short jittered backoff and no retry
 * quota. The SDK's quota (a hundred throttled retries per client) guards unpaced clients against retry
 * storms; here the pacer slows the client down instead, and a retry waits for its turn like any call.
 * A full quota (IAM's LimitExceeded, which the SDK counts as throttling) is not retried: no wait empties it.
 */
export class PacedRetryStrategy implements RetryStrategyV2 {
  constructor(private readonly maxAttempts: number) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return retryToken(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = token.getRetryCount() + 1;
    const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
    if (retries >= this.maxAttempts || !retryable || isQuotaExceeded(info.error)) {
      throw new Error('no retry');
    }
    const backoff = Math.floor(Math.random() * Math.min(MAX_RETRY_DELAY_MS, RETRY_DELAY_MS * 2 ** retries));
    const hinted = info.retryAfterHint ? info.retryAfterHint.getTime() - Date.now() : 0;
    return retryToken(retries, Math.max(backoff, Math.min(hinted, MAX_RETRY_DELAY_MS)));
  }

  recordSuccess(): void {}
}

const retryToken = (count: number, delay: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delay });
