/** The CloudTrail cross-check before an IAM user is deleted. */
import { recentCloudTrailEvent } from '../../lambdas/engine/rules/recent-cloudtrail-event';

const NOW = new Date('2025-06-30T12:00:00Z');
const ctx = { now: NOW, inactiveDays: 90 };
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('recent CloudTrail events keep a user', () => {
  test('any event in the window keeps it, naming the newest: event, time and Region', () => {
    const events = [
      { eventName: 'ListBuckets', time: daysAgo(40), region: 'us-east-1' },
      { eventName: 'GetCallerIdentity', time: daysAgo(3), region: 'eu-west-1' },
    ];
    expect(recentCloudTrailEvent(events, ctx)).toBe(
      `CloudTrail shows GetCallerIdentity by this user at ${daysAgo(3).toISOString()} in eu-west-1 (3 days ago)`,
    );
  });

  test('no event keeps nothing', () => {
    expect(recentCloudTrailEvent([], ctx)).toBeUndefined();
  });

  test('an event older than the window does not count', () => {
    expect(recentCloudTrailEvent([{ eventName: 'ConsoleLogin', time: daysAgo(91), region: 'us-east-1' }], ctx)).toBeUndefined();
  });
});
