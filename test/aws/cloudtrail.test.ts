/** The CloudTrail adapter's paging and rate limiting, with a stand-in client that answers pages. */
import type { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { lookupWindow, newestEventByUser, signInRecords } from '../../lambdas/aws/cloudtrail';
import type { RateLimiter } from '../../lambdas/aws/rate-limit';

const NOW = new Date('2025-06-30T12:00:00Z');
const window = { start: new Date('2025-04-01T12:00:00Z'), end: NOW };

/** A client whose LookupEvents answers the given pages in turn, recording each request. */
function pagedClient(pages: { Events: { EventName?: string; EventTime?: Date; CloudTrailEvent?: string }[]; NextToken?: string }[]) {
  const requests: LookupEventsCommand['input'][] = [];
  const client = {
    send: async (command: LookupEventsCommand) => {
      requests.push(command.input);
      return pages[requests.length - 1];
    },
  } as unknown as CloudTrailClient;
  return { client, requests };
}

function countingLimiter() {
  let taken = 0;
  return { limiter: { take: async () => void taken++ } as unknown as RateLimiter, taken: () => taken };
}

describe('signInRecords', () => {
  test('reads every page of signin.amazonaws.com events in the window, each call through the limiter', async () => {
    // GIVEN two pages of events
    const { client, requests } = pagedClient([
      { Events: [{ CloudTrailEvent: '{"a":1}' }, { CloudTrailEvent: '{"a":2}' }], NextToken: 't1' },
      { Events: [{ CloudTrailEvent: '{"a":3}' }, {}] },
    ]);
    const { limiter, taken } = countingLimiter();

    // WHEN the sign-in records are read
    const records = await signInRecords(client, limiter, window);

    // THEN all are returned (one without its JSON as an empty string, to be counted unreadable)
    expect(records).toEqual(['{"a":1}', '{"a":2}', '{"a":3}', '']);
    expect(taken()).toBe(2);
    expect(requests).toEqual([
      {
        LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'signin.amazonaws.com' }],
        StartTime: window.start,
        EndTime: window.end,
        MaxResults: 50,
        NextToken: undefined,
      },
      expect.objectContaining({ NextToken: 't1' }),
    ]);
  });
});

describe('newestEventByUser', () => {
  test('looks up by user name and stops at the first event, which is the newest', async () => {
    const { client, requests } = pagedClient([
      { Events: [], NextToken: 't1' },
      { Events: [{ EventName: 'ListBuckets', EventTime: new Date('2025-06-27T08:00:00Z') }], NextToken: 't2' },
    ]);
    const { limiter } = countingLimiter();
    const found = await newestEventByUser(client, limiter, 'alice', window, 'eu-west-1');
    expect(found).toEqual({ eventName: 'ListBuckets', time: new Date('2025-06-27T08:00:00Z'), region: 'eu-west-1' });
    expect(requests).toHaveLength(2);
    expect(requests[0].LookupAttributes).toEqual([{ AttributeKey: 'Username', AttributeValue: 'alice' }]);
  });

  test('no event at all is undefined', async () => {
    const { client } = pagedClient([{ Events: [] }]);
    expect(await newestEventByUser(client, countingLimiter().limiter, 'alice', window, 'us-east-1')).toBeUndefined();
  });
});

describe('lookupWindow', () => {
  test('reaches back the inactivity period, but never past the 90 days event history holds', () => {
    expect(lookupWindow(NOW, 30)).toEqual({ start: new Date('2025-05-31T12:00:00Z'), end: NOW });
    expect(lookupWindow(NOW, 365).start).toEqual(new Date('2025-04-01T12:00:00Z'));
  });
});
