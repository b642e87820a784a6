/**
 * CloudTrail LookupEvents over the event history of the caller's account in the Region the request is
 * signed for: 90 days, newest first, at most one lookup attribute, and AWS's own quota of 2 calls per
 * second per account and Region.
 */
import type * as CloudTrail from '@aws-sdk/client-cloudtrail';
import { SimError } from '../errors';
import type { Violation } from '../protocols/validate';
import { LOOKUP_WINDOW_MS, precedes, takeLookupToken, trailKey, type TrailEvent } from '../trail';
import type { CallContext, Handlers } from './context';

const DEFAULT_MAX_RESULTS = 50;

/** How CloudTrail words a broken input constraint of LookupEvents: each member has its own exception. */
export function cloudTrailValidationError(violation: Violation): SimError {
  const path = /at '([^'.]+)/.exec(violation.message)?.[1];
  if (path === 'maxResults') return new SimError('InvalidMaxResultsException', violation.message);
  if (path === 'eventCategory') return new SimError('InvalidEventCategoryException', violation.message);
  return new SimError('InvalidLookupAttributesException', violation.message);
}

type AttributeKey = CloudTrail.LookupAttributeKey;

const MATCHES: Record<AttributeKey, (event: TrailEvent, value: string) => boolean> = {
  EventId: (e, v) => e.id === v,
  EventName: (e, v) => e.name === v,
  ReadOnly: (e, v) => String(e.readOnly) === v,
  Username: (e, v) => e.username === v,
  ResourceType: (e, v) => e.resources.some((r) => r.type === v),
  ResourceName: (e, v) => e.resources.some((r) => r.name === v),
  EventSource: (e, v) => e.source === v,
  AccessKeyId: (e, v) => e.accessKeyId === v,
};

interface Position {
  timeMs: number;
  id: string;
}

function encodeToken(event: TrailEvent): string {
  return Buffer.from(`${event.timeMs}:${event.id}`).toString('base64url');
}

function decodeToken(token: string): Position {
  const match = /^(\d+):(.+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw new SimError('InvalidNextTokenException', 'Invalid NextToken.');
  return { timeMs: Number(match[1]), id: match[2] };
}

function eventOf(event: TrailEvent): CloudTrail.Event {
  return {
    EventId: event.id,
    EventName: event.name,
    ReadOnly: String(event.readOnly),
    AccessKeyId: event.accessKeyId,
    EventTime: new Date(event.timeMs),
    EventSource: event.source,
    Username: event.username,
    Resources: event.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: JSON.stringify(event.record),
  };
}

export const cloudtrailHandlers = {
  LookupEvents(ctx: CallContext, input: CloudTrail.LookupEventsRequest): CloudTrail.LookupEventsResponse {
    const key = trailKey(ctx.caller.accountId, ctx.region);
    if (!takeLookupToken(ctx.state.trail, key)) throw new SimError('ThrottlingException', 'Rate exceeded');
    const attributes = input.LookupAttributes ?? [];
    if (attributes.length > 1) {
      throw new SimError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
    }
    const attribute = attributes[0];
    if (attribute?.AttributeKey === 'ReadOnly' && attribute.AttributeValue !== 'true' && attribute.AttributeValue !== 'false') {
      throw new SimError('InvalidLookupAttributesException', 'The ReadOnly lookup attribute value must be true or false.');
    }
    if (input.StartTime && input.EndTime && input.StartTime > input.EndTime) {
      throw new SimError('InvalidTimeRangeException', 'Start time must be before the end time.');
    }
    const nowMs = ctx.now.getTime();
    // Older events are gone rather than refused: an early StartTime simply finds nothing older.
    const startMs = Math.max(input.StartTime?.getTime() ?? -Infinity, nowMs - LOOKUP_WINDOW_MS);
    const endMs = Math.min(input.EndTime?.getTime() ?? Infinity, nowMs);
    const matches = attribute ? MATCHES[attribute.AttributeKey!] : undefined;
    const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken);
    const maxResults = input.MaxResults ?? DEFAULT_MAX_RESULTS;
    // Insight events are a separate category that no scenario holds.
    const history = input.EventCategory === 'insight' ? [] : ctx.state.trail.events.get(key) ?? [];
    const page: TrailEvent[] = [];
    let next: TrailEvent | undefined;
    for (const event of history) {
      if (event.timeMs > endMs) continue;
      if (event.timeMs < startMs) break;
      if (after && precedes(event, after)) continue;
      if (matches && !matches(event, attribute!.AttributeValue!)) continue;
      if (page.length === maxResults) {
        next = event;
        break;
      }
      page.push(event);
    }
    return { Events: page.map(eventOf), NextToken: next && encodeToken(next) };
  },
} satisfies Handlers;
