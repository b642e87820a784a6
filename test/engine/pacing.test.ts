/** Pacing under AWS's per-account rate limits, on a fake clock: what rate each account is held to, and when. */
import { isThrottling } from '../../lambdas/aws/aws-errors';
import { PacedRetryStrategy, PaceFamily, type PacingClock } from '../../lambdas/aws/pacing';

/** A clock that moves only when a caller sleeps, and keeps the latest wake-up time. */
function fakeClock(): PacingClock & { advance(ms: number): void } {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Sends `count` calls in a row through the pacer; returns when each was sent. */
async function send(pacer: ReturnType<PaceFamily['pacer']>, clock: PacingClock, count: number) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await pacer.take();
    times.push(clock.now());
  }
  return times;
}

test('a new account sends a burst of one second of calls at once, then spaces them', async () => {
  // GIVEN a family that starts at 50 calls per second
  const clock = fakeClock();
  const pacer = new PaceFamily(clock).pacer();
  // WHEN 60 calls go out in a row
  const times = await send(pacer, clock, 60);
  // THEN the first 50 go at once and the rest follow, at most 50 a second
  expect(times.slice(0, 50).every((t) => t === 0)).toBe(true);
  expect(times[59]).toBeGreaterThan(0);
  expect(times[59]).toBeLessThanOrEqual(1000);
});

test('a throttle cuts the pace to 85% of the pace the call was sent at, and the burst is gone', async () => {
  // GIVEN an account paced at the starting 50 calls per second
  const clock = fakeClock();
  const pacer = new PaceFamily(clock).pacer();
  const call = await pacer.take();
  // WHEN that call is throttled
  pacer.throttled(call);
  // THEN the next calls are spaced at 42.5 a second, without a new burst
  const times = await send(pacer, clock, 3);
  expect(times[2] - times[1]).toBeCloseTo(1000 / 42.5, 5);
});

test('throttles of calls paced before the last cut do not cut again', async () => {
  // GIVEN two calls paced at 50 per second
  const clock = fakeClock();
  const pacer = new PaceFamily(clock).pacer();
  const first = await pacer.take();
  const second = await pacer.take();
  // WHEN both come back throttled (one overshoot)
  pacer.throttled(first);
  pacer.throttled(second);
  // THEN the pace was cut once
  await pacer.take();
  const [, next] = await send(pacer, clock, 2);
  const [last] = await send(pacer, clock, 1);
  expect(last - next).toBeCloseTo(1000 / 42.5, 5);
});

test('an account entered later starts at the rate the others learned', async () => {
  // GIVEN a family whose first account was throttled at 50 per second
  const clock = fakeClock();
  const family = new PaceFamily(clock);
  const first = family.pacer();
  first.throttled(await first.take());
  // WHEN a second account sends
  const times = await send(family.pacer(), clock, 45);
  // THEN it gets a burst at the learned rate (42.5 calls), then waits
  expect(times.filter((t) => t === times[0]).length).toBe(42);
});

test('an account throttled below the family pace slows down alone', async () => {
  // GIVEN a family and one account whose own pace was cut below it
  const clock = fakeClock();
  const family = new PaceFamily(clock);
  const shared = family.pacer();
  const call = await shared.take();
  shared.throttled(call);
  clock.advance(2000);
  const ownCall = await shared.take();
  shared.throttled(ownCall);
  clock.advance(2000);
  const slowed = await shared.take();
  // WHEN the slowed account is throttled again, at its own lower pace
  shared.throttled({ ...slowed, byFamily: false });
  // THEN a fresh account still gets the family's rate
  const times = await send(family.pacer(), clock, 40);
  expect(times.filter((t) => t === times[0]).length).toBeGreaterThanOrEqual(30);
});

test('a rate grows back while it holds calls back and nothing is throttled', async () => {
  // GIVEN an account cut to 42.5 calls per second
  const clock = fakeClock();
  const pacer = new PaceFamily(clock).pacer();
  pacer.throttled(await pacer.take());
  // WHEN it keeps sending for ten seconds without a throttle
  const times = await send(pacer, clock, 1200);
  // THEN it sends well above the rate it was cut to by the end
  const lastSecond = times.filter((t) => t > times[times.length - 1] - 1000).length;
  expect(lastSecond).toBeGreaterThan(60);
});

test('throttling errors are recognised by code and by HTTP 429', () => {
  expect(isThrottling({ name: 'Throttling' })).toBe(true);
  expect(isThrottling({ name: 'TooManyRequestsException' })).toBe(true);
  expect(isThrottling({ name: 'Whatever', $metadata: { httpStatusCode: 429 } })).toBe(true);
  expect(isThrottling({ name: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } })).toBe(false);
});

test('paced clients retry throttling and transient errors up to the attempts, and nothing else', async () => {
  const strategy = new PacedRetryStrategy(3);
  const first = await strategy.acquireInitialRetryToken();
  const second = await strategy.refreshRetryTokenForRetry(first, { errorType: 'THROTTLING' });
  expect(second.getRetryCount()).toBe(1);
  const third = await strategy.refreshRetryTokenForRetry(second, { errorType: 'TRANSIENT' });
  await expect(strategy.refreshRetryTokenForRetry(third, { errorType: 'THROTTLING' })).rejects.toThrow();
  await expect(strategy.refreshRetryTokenForRetry(first, { errorType: 'CLIENT_ERROR' })).rejects.toThrow();
});
