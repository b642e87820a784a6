/** Writing to the report bucket and publishing the report email. */
import { GetObjectCommand, paginateListObjectsV2, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

/**
 * Writes `value` as JSON, indented for reading unless `compact` (the run report of a large organization is
 * tens of MB, half of it indentation). The body goes as UTF-8 bytes: a string body would be copied again by
 * the SDK, and the JSON text is freed as soon as it is encoded.
 */
export async function putJson(s3: S3Client, bucket: string, key: string, value: unknown, compact = false): Promise<string> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: Buffer.from(JSON.stringify(value, null, compact ? undefined : 2), 'utf8'),
      ContentType: 'application/json',
      ServerSideEncryption: 'AES256',
    }),
  );
  return `s3://${bucket}/${key}`;
}

export async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!Body) throw new Error(`s3://${bucket}/${key} is empty`);
  return Body.transformToString('utf8');
}

export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
  }
  return keys;
}

export async function publish(sns: SNSClient, topicArn: string, subject: string, message: string): Promise<void> {
  await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
}
