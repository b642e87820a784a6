/** S3 objects in the scenario's buckets: PutObject, GetObject, HeadObject and ListObjectsV2. */
import { createHash } from 'node:crypto';
import type * as S3 from '@aws-sdk/client-s3';
import { SimError } from '../errors';
import type { S3Object, SimBucket } from '../state';
import type { CallContext, Handlers } from './context';

const DEFAULT_MAX_KEYS = 1000;

function bucketOf(ctx: CallContext, name: string): SimBucket {
  const bucket = ctx.state.buckets.get(name);
  if (!bucket) throw new SimError('NoSuchBucket', 'The specified bucket does not exist', { fields: { BucketName: name } });
  return bucket;
}

/** Keys in the order S3 lists them: by UTF-8 bytes. */
function sortedKeys(bucket: SimBucket): string[] {
  if (!bucket.sortedKeys) {
    bucket.sortedKeys = [...bucket.objects.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }
  return bucket.sortedKeys;
}

function objectOf(ctx: CallContext, bucketName: string, key: string): S3Object {
  const object = bucketOf(ctx, bucketName).objects.get(key);
  if (!object) throw new SimError('NoSuchKey', 'The specified key does not exist.', { fields: { Key: key } });
  return object;
}

function objectHeaders(object: S3Object) {
  return {
    AcceptRanges: 'bytes',
    ContentLength: object.body.length,
    ContentType: object.contentType ?? 'binary/octet-stream',
    ETag: object.etag,
    LastModified: object.lastModified,
    Metadata: object.metadata,
  };
}

function isAfter(key: string, after: string): boolean {
  return Buffer.compare(Buffer.from(key), Buffer.from(after)) > 0;
}

type PutObjectInput = Omit<S3.PutObjectRequest, 'Body'> & { Body?: Buffer };
type GetObjectOutput = Omit<S3.GetObjectOutput, 'Body'> & { Body: Buffer };

export const s3Handlers = {
  PutObject(ctx: CallContext, input: PutObjectInput): S3.PutObjectOutput {
    const bucket = bucketOf(ctx, input.Bucket!);
    const body = input.Body ?? Buffer.alloc(0);
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    if (!bucket.objects.has(input.Key!)) bucket.sortedKeys = undefined;
    bucket.objects.set(input.Key!, { body, contentType: input.ContentType, etag, lastModified: ctx.now, metadata: input.Metadata });
    return { ETag: etag };
  },

  GetObject(ctx: CallContext, input: S3.GetObjectRequest): GetObjectOutput {
    const object = objectOf(ctx, input.Bucket!, input.Key!);
    return { Body: object.body, ...objectHeaders(object) };
  },

  /** Answers GetObject's headers without the body (`aws s3 cp` calls it before downloading). */
  HeadObject(ctx: CallContext, input: S3.HeadObjectRequest): S3.HeadObjectOutput {
    return objectHeaders(objectOf(ctx, input.Bucket!, input.Key!));
  },

  ListObjectsV2(ctx: CallContext, input: S3.ListObjectsV2Request): S3.ListObjectsV2Output {
    const bucket = bucketOf(ctx, input.Bucket!);
    const prefix = input.Prefix ?? '';
    const maxKeys = input.MaxKeys ?? DEFAULT_MAX_KEYS;
    let after = input.StartAfter;
    if (input.ContinuationToken !== undefined) {
      after = Buffer.from(input.ContinuationToken, 'base64url').toString('utf8');
      if (!after) throw new SimError('InvalidArgument', 'The continuation token provided is incorrect');
    }
    const contents: S3._Object[] = [];
    const commonPrefixes: string[] = [];
    let lastConsumed: string | undefined;
    let truncated = false;
    for (const key of sortedKeys(bucket)) {
      if (!key.startsWith(prefix) || (after !== undefined && !isAfter(key, after))) continue;
      const delimiterAt = input.Delimiter ? key.indexOf(input.Delimiter, prefix.length) : -1;
      const commonPrefix = delimiterAt === -1 ? undefined : key.slice(0, delimiterAt + input.Delimiter!.length);
      // Keys under a common prefix already returned are consumed silently.
      if (commonPrefix !== undefined && commonPrefixes[commonPrefixes.length - 1] === commonPrefix) {
        lastConsumed = key;
        continue;
      }
      if (contents.length + commonPrefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (commonPrefix !== undefined) commonPrefixes.push(commonPrefix);
      else {
        const object = bucket.objects.get(key)!;
        contents.push({ Key: key, LastModified: object.lastModified, ETag: object.etag, Size: object.body.length, StorageClass: 'STANDARD' });
      }
      lastConsumed = key;
    }
    return {
      Name: bucket.name,
      Prefix: prefix,
      Delimiter: input.Delimiter,
      MaxKeys: maxKeys,
      KeyCount: contents.length + commonPrefixes.length,
      IsTruncated: truncated,
      Contents: contents.length > 0 ? contents : undefined,
      CommonPrefixes: commonPrefixes.length > 0 ? commonPrefixes.map((p) => ({ Prefix: p })) : undefined,
      ContinuationToken: input.ContinuationToken,
      NextContinuationToken: truncated && lastConsumed ? Buffer.from(lastConsumed).toString('base64url') : undefined,
      StartAfter: input.StartAfter,
    };
  },
} satisfies Handlers;
