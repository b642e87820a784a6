/** The limiter that keeps CloudTrail LookupEvents under 2 requests per second per account and Region. */
import { RateLimiter, RateLimiters } from '../../lambdas/aws/rate-limit';

/** A clock that only moves when the limiter waits. */
function fakeTime() {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    clock: () => now,
    wait: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    waits,
    advance: (ms: number) => void (now += ms),
  };
}

describe('RateLimiter', () => {
  test('spaces calls evenly: at 2 per second, every call after the first waits its 500 ms', async () => {
    // GIVEN a limiter of 2 per second
    const time = fakeTime();
    const limiter = new RateLimiter(2, time.clock, time.wait);

    // WHEN four calls are taken back to back
    for (let i = 0; i < 4; i++) await limiter.take();

    // THEN the first starts at once and each later one 500 ms after the one before
    expect(time.waits).toEqual([500, 500, 500]);
  });

  test('calls taken at once, concurrently, are queued in order', async () => {
    const time = fakeTime();
    const waits: number[] = [];
    const limiter = new RateLimiter(2, time.clock, async (ms) => void waits.push(ms));
    await Promise.all([limiter.take(), limiter.take(), limiter.take()]);
    expect(waits).toEqual([500, 1000]);
  });

  test('a call after a quiet spell does not wait', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(2, time.clock, time.wait);
    await limiter.take();
    time.advance(2_000);
    await limiter.take();
    expect(time.waits).toEqual([]);
  });

  test('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter(0)).toThrow(/perSecond 0 must be greater than 0/);
  });
});

describe('RateLimiters', () => {
  test('one limiter per account and Region, shared by every caller', () => {
    const limiters = new RateLimiters(2);
    expect(limiters.for('111111111111', 'us-east-1')).toBe(limiters.for('111111111111', 'us-east-1'));
    expect(limiters.for('111111111111', 'us-east-1')).not.toBe(limiters.for('111111111111', 'eu-west-1'));
    expect(limiters.for('111111111111', 'us-east-1')).not.toBe(limiters.for('222222222222', 'us-east-1'));
  });
});
