import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { BASE, baseScenario, clientConfig, startTestSimulator, type TestSimulator } from '../support/sim';
import { expectAwsError, expectModelShape, sigv4 } from './helpers';

let sim: TestSimulator;
let sns: SNSClient;
let s3: S3Client;
beforeEach(async () => {
  sim = await startTestSimulator(baseScenario());
  sns = new SNSClient({ ...clientConfig(sim.url), maxAttempts: 1 });
  s3 = new S3Client({ ...clientConfig(sim.url), maxAttempts: 1 });
});
afterEach(() => sim.stop());

describe('SNS Publish', () => {
  const publish = (input: { Message: string; Subject?: string; TopicArn?: string }) =>
    sns.send(new PublishCommand({ TopicArn: BASE.topicArn, ...input }));

  test('records the topic, subject, message and time', async () => {
    const answer = await publish({ Message: 'ünïcode report\nline 2', Subject: 'iam-sweep: 3 users' });
    expectModelShape('sns', 'Publish', answer);
    const messages = await sim.sns();
    expect(messages).toEqual([{
      topicArn: BASE.topicArn,
      subject: 'iam-sweep: 3 users',
      message: 'ünïcode report\nline 2',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      messageId: answer.MessageId,
    }]);
  });

  test('accepts a message of exactly 262,144 UTF-8 bytes and refuses one byte more', async () => {
    const exact = 'é'.repeat(131_072);
    expect(Buffer.byteLength(exact)).toBe(262_144);
    await publish({ Message: exact });
    const error = await expectAwsError(publish({ Message: `${exact}a` }), 'sns', 'InvalidParameter');
    expect(error.message).toMatch(/Message too long/);
  });

  test('accepts a 100-character subject and refuses 101 characters, a line break or a control character', async () => {
    await publish({ Message: 'm', Subject: 's'.repeat(100) });
    await expectAwsError(publish({ Message: 'm', Subject: 's'.repeat(101) }), 'sns', 'InvalidParameter');
    await expectAwsError(publish({ Message: 'm', Subject: 'two\nlines' }), 'sns', 'InvalidParameter');
    await expectAwsError(publish({ Message: 'm', Subject: 'tab\there' }), 'sns', 'InvalidParameter');
    expect(await sim.sns()).toHaveLength(1);
  });

  test('an unknown topic is NotFound (404); an empty message is InvalidParameter', async () => {
    const error = await expectAwsError(publish({ Message: 'm', TopicArn: 'arn:aws:sns:us-east-1:100000000002:nope' }), 'sns', 'NotFound');
    expect(error.message).toBe('Topic does not exist');
    await expectAwsError(publish({ Message: '' }), 'sns', 'InvalidParameter');
  });
});

describe('S3', () => {
  test('PutObject then GetObject and HeadObject round-trip body, type and metadata', async () => {
    const put = await s3.send(new PutObjectCommand({
      Bucket: BASE.bucket, Key: 'reports/2026/run 1.json', Body: '{"ok":true}', ContentType: 'application/json', Metadata: { run: '7' },
    }));
    expectModelShape('s3', 'PutObject', put);
    expect(put.ETag).toBe(`"${createHash('md5').update('{"ok":true}').digest('hex')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: BASE.bucket, Key: 'reports/2026/run 1.json' }));
    expect(await got.Body!.transformToString()).toBe('{"ok":true}');
    expect(got).toMatchObject({ ContentType: 'application/json', ContentLength: 11, ETag: put.ETag, Metadata: { run: '7' } });
    expect(got.LastModified).toBeInstanceOf(Date);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BASE.bucket, Key: 'reports/2026/run 1.json' }));
    expect(head).toMatchObject({ ContentLength: 11, ETag: put.ETag });
    expect(await sim.s3()).toEqual([expect.objectContaining({ bucket: BASE.bucket, key: 'reports/2026/run 1.json', size: 11, body: '{"ok":true}' })]);
  });

  test('accepts a streamed body (aws-chunked with a checksum trailer)', async () => {
    const body = 'x'.repeat(70_000);
    await s3.send(new PutObjectCommand({ Bucket: BASE.bucket, Key: 'stream.txt', Body: Readable.from([body.slice(0, 30_000), body.slice(30_000)]), ContentLength: body.length }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BASE.bucket, Key: 'stream.txt' }));
    expect(await got.Body!.transformToString()).toBe(body);
  });

  test('ListObjectsV2 filters by prefix, pages with MaxKeys and continuation tokens, and groups by delimiter', async () => {
    for (const key of ['a/1', 'a/2', 'a/3', 'b/1', 'a/sub/x', 'a/sub/y']) {
      await s3.send(new PutObjectCommand({ Bucket: BASE.bucket, Key: key, Body: key }));
    }
    const pages = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 2 }, { Bucket: BASE.bucket, Prefix: 'a/' })) pages.push(page);
    pages.forEach((page) => expectModelShape('s3', 'ListObjectsV2', page));
    expect(pages.map((p) => p.Contents!.map((c) => c.Key))).toEqual([['a/1', 'a/2'], ['a/3', 'a/sub/x'], ['a/sub/y']]);
    expect(pages[0]).toMatchObject({ IsTruncated: true, KeyCount: 2, MaxKeys: 2, Name: BASE.bucket, Prefix: 'a/' });
    expect(pages[0].Contents![0]).toMatchObject({ Size: 3, StorageClass: 'STANDARD' });

    const grouped = await s3.send(new ListObjectsV2Command({ Bucket: BASE.bucket, Prefix: 'a/', Delimiter: '/' }));
    expect(grouped.Contents!.map((c) => c.Key)).toEqual(['a/1', 'a/2', 'a/3']);
    expect(grouped.CommonPrefixes).toEqual([{ Prefix: 'a/sub/' }]);
    const empty = await s3.send(new ListObjectsV2Command({ Bucket: BASE.bucket, Prefix: 'zzz' }));
    expect(empty).toMatchObject({ KeyCount: 0, IsTruncated: false });
    expect(empty.Contents).toBeUndefined();
  });

  test('an unknown bucket is NoSuchBucket (404) and a missing key NoSuchKey (404)', async () => {
    await expectAwsError(s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x' })), 's3', 'NoSuchBucket');
    await expectAwsError(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })), 's3', 'NoSuchBucket');
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket: BASE.bucket, Key: 'missing' })), 's3', 'NoSuchKey');
  });

  test('virtual-host style requests (bucket.localhost) reach the bucket', async () => {
    const port = new URL(sim.url).port;
    const send = (method: string, path: string, body?: string) => new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1', port, method, path,
        headers: { host: `${BASE.bucket}.localhost:${port}`, authorization: sigv4('s3'), 'content-length': Buffer.byteLength(body ?? '') },
      }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect((await send('PUT', '/vhost/key.txt', 'hello')).status).toBe(200);
    expect(await send('GET', '/vhost/key.txt')).toEqual({ status: 200, text: 'hello' });
    const listed = await send('GET', '/?list-type=2&prefix=vhost%2F');
    expect(listed.text).toContain('<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
    expect(listed.text).toContain('<Contents><Key>vhost/key.txt</Key>');
    const missing = await send('GET', '/vhost/none');
    expect(missing.status).toBe(404);
    expect(missing.text).toMatch(/<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>vhost\/none<\/Key>/);
  });
});
