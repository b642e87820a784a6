import {
  CloudTrailClient,
  type LookupEventsCommandInput,
  type LookupEventsCommandOutput,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import type { CloudTrailEventSpec, IdentityCenterSpec, Scenario } from '../../sim/scenario';
import { BASE, baseScenario, clientConfig, startTestSimulator, type TestSimulator } from '../support/sim';
import { assumeSweepRole, expectAwsError, expectModelShape, rawRequest, sigv4 } from './helpers';

const STORE = 'd-9067a1b2c3';
const ADMIN = BASE.callerAccountId;
const IC_REGION = 'eu-west-1';
const PASSWORD_USER = '9067a1b2c3-11111111-2222-4333-8444-555555555555';
const IDP_USER = '9067a1b2c3-66666666-7777-4888-9999-000000000000';

const identityCenter: IdentityCenterSpec = {
  adminAccountId: ADMIN,
  region: IC_REGION,
  instanceArn: 'arn:aws:sso:::instance/ssoins-72230bc2a9a7dd31',
  identityStoreId: STORE,
  users: [
    { id: PASSWORD_USER, userName: 'paula@example.com', created: '-300d', signIns: ['-3d'], failedSignIns: ['-5d'] },
    { id: IDP_USER, userName: 'ian@example.com', created: '-300d', signInKind: 'external-idp', signIns: ['-4d'], failedSignIns: ['-6d'] },
  ],
};

const memberEvents: CloudTrailEventSpec[] = [
  { time: '-2d', eventName: 'GetObject', eventSource: 's3.amazonaws.com', userName: 'dana', accessKeyId: 'AKIADANA000000000001' },
  {
    time: '-10d',
    eventName: 'DeleteUser',
    eventSource: 'iam.amazonaws.com',
    userName: 'dana',
    accessKeyId: 'AKIADANA000000000001',
    resources: [{ type: 'AWS::IAM::User', name: 'old-bob' }],
    detail: { requestParameters: { userName: 'old-bob' } },
  },
  { time: '-89d', eventName: 'ListBuckets', eventSource: 's3.amazonaws.com', userName: 'erin' },
  { time: '-91d', eventName: 'ListBuckets', eventSource: 's3.amazonaws.com', userName: 'erin' },
  { time: '-1d', eventName: 'RunInstances', eventSource: 'ec2.amazonaws.com', region: 'eu-central-1', userName: 'dana' },
];

const scenario = (overrides: Partial<Scenario> = {}): Scenario =>
  baseScenario({ identityCenter, ...overrides }, { users: [{ name: 'dana', created: '-400d' }], cloudTrailEvents: memberEvents });

let sim: TestSimulator;
afterEach(() => sim.stop());

/** LookupEvents allows 2 calls a second: a client that spaces its calls by 500 ms never meets the limit. */
function pacedLookup(client: CloudTrailClient) {
  let last = 0;
  return async (input: LookupEventsCommandInput): Promise<LookupEventsCommandOutput> => {
    const wait = last + 510 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    last = performance.now();
    return client.send(new LookupEventsCommand(input));
  };
}

const trailClient = (url: string, credentials?: Awaited<ReturnType<typeof assumeSweepRole>>, region = 'us-east-1') =>
  new CloudTrailClient({ ...clientConfig(url, credentials), region, maxAttempts: 1 });

const record = (json: string | undefined) => JSON.parse(json!) as Record<string, unknown> & {
  userIdentity: Record<string, unknown> & { onBehalfOf?: { userId: string; identityStoreArn: string } };
  additionalEventData?: Record<string, string>;
  serviceEventDetails?: Record<string, string>;
};

describe('IAM user events in a member account', () => {
  let lookup: ReturnType<typeof pacedLookup>;
  beforeEach(async () => {
    sim = await startTestSimulator(scenario());
    lookup = pacedLookup(trailClient(sim.url, await assumeSweepRole(sim.url)));
  });

  test('LookupEvents answers the last 90 days of the Region newest first, each with a realistic CloudTrailEvent record', async () => {
    const answer = await lookup({});
    expectModelShape('cloudtrail', 'LookupEvents', answer);
    expect(answer.Events!.map((e) => e.EventName)).toEqual(['GetObject', 'DeleteUser', 'ListBuckets']);
    expect(answer.NextToken).toBeUndefined();
    const deleted = answer.Events![1];
    expect(deleted).toMatchObject({
      EventName: 'DeleteUser',
      EventSource: 'iam.amazonaws.com',
      Username: 'dana',
      AccessKeyId: 'AKIADANA000000000001',
      ReadOnly: 'false',
      Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'old-bob' }],
    });
    expect(deleted.EventTime!.getTime() % 1000).toBe(0);
    const json = record(deleted.CloudTrailEvent);
    const state = await sim.state();
    const dana = state.accounts.find((a) => a.id === BASE.memberAccountId)!;
    expect(json).toMatchObject({
      eventVersion: expect.stringMatching(/^1\.\d\d$/),
      userIdentity: {
        type: 'IAMUser',
        principalId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
        arn: `arn:aws:iam::${BASE.memberAccountId}:user/dana`,
        accountId: BASE.memberAccountId,
        accessKeyId: 'AKIADANA000000000001',
        userName: 'dana',
      },
      eventTime: deleted.EventTime!.toISOString().replace('.000Z', 'Z'),
      eventSource: 'iam.amazonaws.com',
      eventName: 'DeleteUser',
      awsRegion: 'us-east-1',
      sourceIPAddress: expect.any(String),
      userAgent: expect.stringContaining('aws-cli/'),
      requestParameters: { userName: 'old-bob' },
      responseElements: null,
      eventID: deleted.EventId,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: BASE.memberAccountId,
    });
    expect(dana.cloudTrailEvents).toHaveLength(memberEvents.length);
    expect(answer.Events![0]).toMatchObject({ EventName: 'GetObject', ReadOnly: 'true' });
  });

  test('each lookup attribute filters the events', async () => {
    const names = async (AttributeKey: NonNullable<LookupEventsCommandInput['LookupAttributes']>[number]['AttributeKey'], AttributeValue: string) =>
      (await lookup({ LookupAttributes: [{ AttributeKey, AttributeValue }] })).Events!.map((e) => e.EventName);
    expect(await names('Username', 'dana')).toEqual(['GetObject', 'DeleteUser']);
    expect(await names('Username', 'Dana')).toEqual([]);
    expect(await names('AccessKeyId', 'AKIADANA000000000001')).toEqual(['GetObject', 'DeleteUser']);
    expect(await names('EventName', 'ListBuckets')).toEqual(['ListBuckets']);
    expect(await names('EventSource', 'iam.amazonaws.com')).toEqual(['DeleteUser']);
    expect(await names('ReadOnly', 'true')).toEqual(['GetObject', 'ListBuckets']);
    expect(await names('ResourceType', 'AWS::IAM::User')).toEqual(['DeleteUser']);
    expect(await names('ResourceName', 'old-bob')).toEqual(['DeleteUser']);
    const { Events } = await lookup({});
    expect(await names('EventId', Events![2].EventId!)).toEqual(['ListBuckets']);
  });

  test('StartTime and EndTime bound the events; a StartTime older than 90 days is fine and finds nothing older', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const between = await lookup({ StartTime: new Date(now - 11 * day), EndTime: new Date(now - day) });
    expect(between.Events!.map((e) => e.EventName)).toEqual(['GetObject', 'DeleteUser']);
    const long = await lookup({ StartTime: new Date(now - 400 * day) });
    expect(long.Events!.map((e) => e.EventName)).toEqual(['GetObject', 'DeleteUser', 'ListBuckets']);
    await expectAwsError(lookup({ StartTime: new Date(now - day), EndTime: new Date(now - 2 * day) }), 'cloudtrail', 'InvalidTimeRangeException');
  });

  test('events older than 90 days by the simulator clock are gone', async () => {
    expect((await lookup({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'erin' }] })).Events).toHaveLength(1);
    await sim.advanceClock('2d');
    expect((await lookup({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'erin' }] })).Events).toEqual([]);
    expect((await lookup({})).Events!.map((e) => e.EventName)).toEqual(['GetObject', 'DeleteUser']);
  });

  test('input errors: two lookup attributes, MaxResults outside 1-50, a bad NextToken', async () => {
    await expectAwsError(lookup({
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'dana' }, { AttributeKey: 'EventName', AttributeValue: 'DeleteUser' }],
    }), 'cloudtrail', 'InvalidLookupAttributesException');
    await expectAwsError(lookup({ MaxResults: 51 }), 'cloudtrail', 'InvalidMaxResultsException');
    await expectAwsError(lookup({ MaxResults: 0 }), 'cloudtrail', 'InvalidMaxResultsException');
    await expectAwsError(lookup({ NextToken: 'not-a-token' }), 'cloudtrail', 'InvalidNextTokenException');
    await expectAwsError(lookup({ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'maybe' }] }), 'cloudtrail', 'InvalidLookupAttributesException');
  });
});

test('events belong to their account and Region: another account or Region sees none of them', async () => {
  sim = await startTestSimulator(scenario());
  const member = await assumeSweepRole(sim.url);
  const frankfurt = await pacedLookup(trailClient(sim.url, member, 'eu-central-1'))({});
  expect(frankfurt.Events!.map((e) => [e.EventName, record(e.CloudTrailEvent).awsRegion])).toEqual([['RunInstances', 'eu-central-1']]);
  const callerAccount = await pacedLookup(trailClient(sim.url))({});
  expect(callerAccount.Events).toEqual([]);
});

test('MaxResults and NextToken page through the events, newest first, without repeats', async () => {
  const many: CloudTrailEventSpec[] = Array.from({ length: 120 }, (_, i) => ({
    time: `-${i + 1}h`, eventName: `Call${String(i).padStart(3, '0')}`, eventSource: 'iam.amazonaws.com', userName: 'dana',
  }));
  sim = await startTestSimulator(baseScenario({}, { cloudTrailEvents: many }));
  const lookup = pacedLookup(trailClient(sim.url, await assumeSweepRole(sim.url)));
  const pages: LookupEventsCommandOutput[] = [];
  let NextToken: string | undefined;
  do {
    const page = await lookup({ NextToken, MaxResults: pages.length === 0 ? undefined : 45 });
    pages.push(page);
    NextToken = page.NextToken;
  } while (NextToken);
  expect(pages.map((p) => p.Events!.length)).toEqual([50, 45, 25]);
  expect(pages.flatMap((p) => p.Events!.map((e) => e.EventName))).toEqual(many.map((e) => e.eventName));
});

test('LookupEvents is limited to 2 calls a second per account and Region, whatever the faults say', async () => {
  sim = await startTestSimulator(scenario({ faults: {} }));
  const member = await assumeSweepRole(sim.url);
  const client = trailClient(sim.url, member);
  const call = () => client.send(new LookupEventsCommand({}));
  // Sent together, so that no token comes back in between.
  const results = await Promise.allSettled([call(), call(), call()]);
  const refused = results.filter((r) => r.status === 'rejected');
  expect(refused).toHaveLength(1);
  const error = await expectAwsError(Promise.reject(refused[0].reason), 'cloudtrail', 'ThrottlingException', 400);
  expect(error.message).toBe('Rate exceeded');
  await trailClient(sim.url, member, 'eu-central-1').send(new LookupEventsCommand({}));
  await trailClient(sim.url).send(new LookupEventsCommand({}));
  await new Promise((resolve) => setTimeout(resolve, 550));
  await call();
  expect((await sim.calls()).byError['cloudtrail:ThrottlingException']).toBe(1);
  expect((await sim.calls()).byOperation['cloudtrail:LookupEvents']).toBe(6);
});

describe('Identity Center sign-ins in the admin account and the instance Region', () => {
  let lookup: ReturnType<typeof pacedLookup>;
  beforeEach(async () => {
    sim = await startTestSimulator(scenario());
    lookup = pacedLookup(trailClient(sim.url, undefined, IC_REGION));
  });

  const signIns = async () => (await lookup({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'signin.amazonaws.com' }] })).Events!;

  test('a built-in directory user: CredentialChallenge names the user, CredentialVerification and UserAuthentication do not', async () => {
    const events = (await signIns()).filter((e) => record(e.CloudTrailEvent).userIdentity.onBehalfOf?.userId === PASSWORD_USER);
    expect(events.map((e) => [e.EventName, e.Username])).toEqual([
      ['UserAuthentication', undefined],
      ['CredentialVerification', undefined],
      ['CredentialChallenge', 'paula@example.com'],
      ['CredentialVerification', undefined],
      ['CredentialChallenge', 'paula@example.com'],
    ]);
    const [authentication, verification, challenge, failedVerification] = events.map((e) => record(e.CloudTrailEvent));
    for (const json of [authentication, verification, challenge]) {
      expect(json).toMatchObject({
        eventSource: 'signin.amazonaws.com',
        awsRegion: IC_REGION,
        recipientAccountId: ADMIN,
        eventType: 'AwsServiceEvent',
        readOnly: false,
        userIdentity: {
          type: 'Unknown',
          accountId: ADMIN,
          accessKeyId: '',
          onBehalfOf: { userId: PASSWORD_USER, identityStoreArn: `arn:aws:identitystore::${ADMIN}:identitystore/${STORE}` },
          credentialId: expect.any(String),
        },
        additionalEventData: { AuthWorkflowID: challenge.additionalEventData!.AuthWorkflowID, CredentialType: 'PASSWORD' },
      });
      expect(json.serviceEventDetails).toEqual({ [String(json.eventName)]: 'Success' });
    }
    expect(challenge.additionalEventData!.UserName).toBe('paula@example.com');
    expect(verification.additionalEventData!.UserName).toBeUndefined();
    expect(authentication.additionalEventData!.UserName).toBeUndefined();
    expect(authentication.additionalEventData!.LoginTo).toBe(`https://${STORE}.awsapps.com/start/`);
    expect(failedVerification.serviceEventDetails).toEqual({ CredentialVerification: 'Failure' });
    expect(new Date(String(authentication.eventTime)).getTime()).toBe(events[0].EventTime!.getTime());
  });

  test('an external IdP user: UserAuthentication alone, naming the user; its failed sign-ins leave no event', async () => {
    const events = (await signIns()).filter((e) => record(e.CloudTrailEvent).userIdentity.onBehalfOf?.userId === IDP_USER);
    expect(events.map((e) => [e.EventName, e.Username])).toEqual([['UserAuthentication', 'ian@example.com']]);
    expect(record(events[0].CloudTrailEvent).additionalEventData).toMatchObject({ CredentialType: 'EXTERNAL_IDP', UserName: 'ian@example.com' });
  });

  test('matching user names on UserAuthentication misses every built-in directory user; the user id does not', async () => {
    const authentications = (await lookup({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UserAuthentication' }] })).Events!;
    expect(authentications.map((e) => e.Username)).toEqual([undefined, 'ian@example.com']);
    expect(authentications.map((e) => record(e.CloudTrailEvent).userIdentity.onBehalfOf!.userId)).toEqual([PASSWORD_USER, IDP_USER]);
    const byName = (await lookup({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'paula@example.com' }] })).Events!;
    expect(byName.map((e) => e.EventName)).toEqual(['CredentialChallenge', 'CredentialChallenge']);
  });

  test('sign-ins are nowhere but in the admin account and the instance Region, and age out after 90 days', async () => {
    expect((await pacedLookup(trailClient(sim.url))({})).Events).toEqual([]);
    expect((await pacedLookup(trailClient(sim.url, await assumeSweepRole(sim.url), IC_REGION))({})).Events).toEqual([]);
    expect(await signIns()).toHaveLength(6);
    await sim.advanceClock('85.5d');
    expect((await signIns()).map((e) => e.EventName)).toEqual(['UserAuthentication', 'CredentialVerification', 'CredentialChallenge', 'UserAuthentication']);
  });
});

test('on the wire: the full X-Amz-Target prefix of the model works like the short one the SDK sends, times are epoch seconds, errors carry __type', async () => {
  sim = await startTestSimulator(scenario());
  const send = (target: string, body: object) => rawRequest(sim.url, {
    headers: { authorization: sigv4('cloudtrail', 'AKIDCALLER', IC_REGION), 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(body),
  });
  const answer = await send('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', { MaxResults: 1 });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('application/x-amz-json-1.1');
  const { Events } = JSON.parse(answer.text) as { Events: { EventTime: unknown; CloudTrailEvent: unknown }[] };
  expect(Number.isInteger(Events[0].EventTime)).toBe(true);
  expect(typeof Events[0].CloudTrailEvent).toBe('string');
  const error = await send('CloudTrail_20131101.LookupEvents', { MaxResults: 99 });
  expect(error.status).toBe(400);
  expect(error.headers.get('x-amzn-errortype')).toBe('InvalidMaxResultsException');
  expect(JSON.parse(error.text)).toEqual({
    __type: 'InvalidMaxResultsException',
    Message: "1 validation error detected: Value '99' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
  });
});
