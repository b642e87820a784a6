/** Publishing the report email. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Permission } from '../engine/types';

/** What `publish` calls, on the report topic; the topic's policy denies it to everyone but the orchestrator and the alarms. */
export const publishPermissions: readonly Permission[] = [{ actions: ['sns:Publish'], resource: 'report-topic', access: 'write' }];

export async function publish(sns: SNSClient, topicArn: string, subject: string, message: string): Promise<void> {
  await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
}
