/**
 * CloudTrail event history (LookupEvents): Identity Center sign-ins in the account that administers it,
 * and the cross-check of an IAM user's own events before it is deleted. LookupEvents allows 2 requests per
 * second per account and Region and holds 90 days; every call here waits its turn at a shared limiter, and
 * the SDK's adaptive retries handle what throttling remains.
 */
import { CloudTrailClient, LookupEventsCommand, type LookupAttribute } from '@aws-sdk/client-cloudtrail';
import { addDays } from '../engine/dates';
import { LOOKUP_DAYS } from '../engine/rules/sign-in-source';
import type { Permission, TrailEvent } from '../engine/types';
import type { RateLimiter } from './rate-limit';

export const cloudTrailPermissions: readonly Permission[] = [
  { actions: ['cloudtrail:LookupEvents'], resource: '*', access: 'read' },
];

/** LookupEvents' published limit, per account and Region. */
export const LOOKUP_EVENTS_PER_SECOND = 2;
const PAGE_SIZE = 50;

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** The raw events of one lookup, page by page; stops when `keepGoing` says so after a page. */
async function lookup(
  cloudTrail: CloudTrailClient,
  limiter: RateLimiter,
  attribute: LookupAttribute,
  window: TimeWindow,
  onPage: (events: { name: string; time: Date; record?: string }[]) => boolean,
): Promise<void> {
  let nextToken: string | undefined;
  do {
    await limiter.take();
    const page = await cloudTrail.send(
      new LookupEventsCommand({
        LookupAttributes: [attribute],
        StartTime: window.start,
        EndTime: window.end,
        MaxResults: PAGE_SIZE,
        NextToken: nextToken,
      }),
    );
    const events = (page.Events ?? []).map((event) => ({
      name: event.EventName ?? 'unknown event',
      time: event.EventTime ?? window.end,
      record: event.CloudTrailEvent,
    }));
    if (!onPage(events)) return;
    nextToken = page.NextToken;
  } while (nextToken);
}

/**
 * The `CloudTrailEvent` records of every signin.amazonaws.com event in the window. A record CloudTrail
 * returns without its JSON is kept as an empty string, so that the reader counts it as unreadable.
 */
export async function signInRecords(cloudTrail: CloudTrailClient, limiter: RateLimiter, window: TimeWindow): Promise<string[]> {
  const records: string[] = [];
  await lookup(cloudTrail, limiter, { AttributeKey: 'EventSource', AttributeValue: 'signin.amazonaws.com' }, window, (events) => {
    records.push(...events.map((event) => event.record ?? ''));
    return true;
  });
  return records;
}

/** The newest event CloudTrail holds in the window for user name `userName`, in the client's Region. */
export async function newestEventByUser(
  cloudTrail: CloudTrailClient,
  limiter: RateLimiter,
  userName: string,
  window: TimeWindow,
  region: string,
): Promise<TrailEvent | undefined> {
  let found: TrailEvent | undefined;
  // Events come newest first; a page may be empty while more follow.
  await lookup(cloudTrail, limiter, { AttributeKey: 'Username', AttributeValue: userName }, window, (events) => {
    const newest = events[0];
    if (newest) found = { eventName: newest.name, time: newest.time, region };
    return found === undefined;
  });
  return found;
}

/** The inactivity window as far back as event history reaches (90 days). */
export function lookupWindow(now: Date, inactiveDays: number): TimeWindow {
  const days = Math.min(inactiveDays, LOOKUP_DAYS);
  return { start: addDays(now, -days), end: now };
}
