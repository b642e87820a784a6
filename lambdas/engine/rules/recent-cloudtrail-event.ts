import type { TrailEvent } from '../types';
import { days, olderThan } from '../dates';

/**
 * An IAM user that CloudTrail shows acting within the inactivity window is kept, whatever IAM's last-use
 * data says. Returns the reason, naming the newest such event.
 */
export function recentCloudTrailEvent(events: readonly TrailEvent[], ctx: { now: Date; inactiveDays: number }): string | undefined {
  const recent = events.filter((event) => !olderThan(event.time, ctx.inactiveDays, ctx.now));
  if (recent.length === 0) return undefined;
  const newest = recent.reduce((a, b) => (b.time > a.time ? b : a));
  return `CloudTrail shows ${newest.eventName} by this user at ${newest.time.toISOString()} in ${newest.region} (${days(newest.time, ctx.now)} ago)`;
}
