/**
 * CloudTrail event history: per account and Region, the management events LookupEvents searches, newest
 * first. They come from the scenario's `cloudTrailEvents` and, in the Identity Center admin account and
 * Region, from the Identity Center users' sign-ins.
 */
import { createHash } from 'node:crypto';
import { derivedUuid, signInEvents, type IdentityCenterState } from './identity-center';
import type { Partition } from './partition';
import type { CloudTrailEventSpec } from './scenario';
import type { SimAccount } from './state';

export const DEFAULT_TRAIL_REGION = 'us-east-1';
/** Event history keeps 90 days. */
export const LOOKUP_WINDOW_MS = 90 * 86_400_000;
/** LookupEvents: 2 requests per second per account and Region, burst 2 (AWS's quota, not a scenario fault). */
export const LOOKUP_REQUESTS_PER_SECOND = 2;

export interface TrailEvent {
  id: string;
  name: string;
  source: string;
  /** Whole seconds, as CloudTrail records them. */
  timeMs: number;
  readOnly: boolean;
  accessKeyId?: string;
  /** LookupEvents' `Username`: absent when the event names no user. */
  username?: string;
  resources: { type: string; name: string }[];
  /** The record LookupEvents returns as the `CloudTrailEvent` JSON string. */
  record: Record<string, unknown>;
}

export interface Trail {
  /** By trailKey(), newest first (ties by event id). */
  events: Map<string, TrailEvent[]>;
  lookupBuckets: Map<string, { tokens: number; updatedMs: number }>;
}

export const trailKey = (accountId: string, region: string) => `${accountId}/${region}`;

/** True when `a` comes before `b` in LookupEvents order. */
export function precedes(a: { timeMs: number; id: string }, b: { timeMs: number; id: string }): boolean {
  return a.timeMs > b.timeMs || (a.timeMs === b.timeMs && a.id < b.id);
}

const READ_ONLY_EVENT = /^(Get|List|Describe|Lookup|Head|Search|Batch(Get|Describe))/;
const CLI_USER_AGENT = 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard';

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function iamUserId(accountId: string, userName: string): string {
  const digest = createHash('sha1').update(`${accountId}\0${userName}`).digest();
  let id = 'AIDA';
  for (let i = 0; i < 17; i++) id += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[digest[i] & 31];
  return id;
}

/** A scenario event: an API call by an IAM user (userIdentity.type IAMUser), or a service's own event. */
function apiEvent(partition: Partition, account: SimAccount, spec: CloudTrailEventSpec, index: number): TrailEvent {
  const timeMs = Math.floor(Date.parse(spec.time) / 1000) * 1000;
  const region = spec.region ?? DEFAULT_TRAIL_REGION;
  const user = spec.userName === undefined ? undefined : account.users.get(spec.userName.toLowerCase());
  const userIdentity = spec.userName === undefined
    ? { type: 'AWSService', invokedBy: spec.eventSource }
    : {
      type: 'IAMUser',
      principalId: user?.id ?? iamUserId(account.id, spec.userName),
      arn: user?.arn ?? `arn:${partition}:iam::${account.id}:user/${spec.userName}`,
      accountId: account.id,
      accessKeyId: spec.accessKeyId ?? '',
      userName: spec.userName,
    };
  const eventId = derivedUuid('event', account.id, region, String(index), spec.eventName, String(timeMs));
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity,
    eventTime: isoSeconds(timeMs),
    eventSource: spec.eventSource,
    eventName: spec.eventName,
    awsRegion: region,
    sourceIPAddress: spec.userName === undefined ? spec.eventSource : `203.0.113.${(index % 250) + 1}`,
    userAgent: spec.userName === undefined ? spec.eventSource : CLI_USER_AGENT,
    requestParameters: null,
    responseElements: null,
    requestID: derivedUuid('request', eventId),
    eventID: eventId,
    readOnly: READ_ONLY_EVENT.test(spec.eventName),
    resources: spec.resources?.map((r) => ({ type: r.type, ARN: r.name })),
    eventType: spec.userName === undefined ? 'AwsServiceEvent' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account.id,
    eventCategory: 'Management',
    ...spec.detail,
  };
  return {
    id: String(record.eventID),
    name: spec.eventName,
    source: spec.eventSource,
    timeMs,
    readOnly: record.readOnly === true || record.readOnly === 'true',
    accessKeyId: spec.accessKeyId,
    username: spec.userName,
    resources: spec.resources ?? [],
    record,
  };
}

/** Every account's trail; accounts carry their scenario events with absolute times. */
export function buildTrail(partition: Partition, accounts: readonly SimAccount[], identityCenter: IdentityCenterState | undefined): Trail {
  const events = new Map<string, TrailEvent[]>();
  const add = (key: string, event: TrailEvent) => {
    const list = events.get(key);
    if (list) list.push(event);
    else events.set(key, [event]);
  };
  for (const account of accounts) {
    account.cloudTrailEvents?.forEach((spec, index) => add(trailKey(account.id, spec.region ?? DEFAULT_TRAIL_REGION), apiEvent(partition, account, spec, index)));
  }
  if (identityCenter) {
    const key = trailKey(identityCenter.adminAccountId, identityCenter.region);
    for (const event of signInEvents(identityCenter)) add(key, event);
  }
  for (const list of events.values()) list.sort((a, b) => (precedes(a, b) ? -1 : precedes(b, a) ? 1 : 0));
  return { events, lookupBuckets: new Map() };
}

/** Takes a LookupEvents token for an account and Region; false when the call must be throttled. */
export function takeLookupToken(trail: Trail, key: string): boolean {
  const nowMs = performance.now();
  let bucket = trail.lookupBuckets.get(key);
  if (!bucket) {
    bucket = { tokens: LOOKUP_REQUESTS_PER_SECOND, updatedMs: nowMs };
    trail.lookupBuckets.set(key, bucket);
  }
  bucket.tokens = Math.min(LOOKUP_REQUESTS_PER_SECOND, bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * LOOKUP_REQUESTS_PER_SECOND);
  bucket.updatedMs = nowMs;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
