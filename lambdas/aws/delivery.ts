/** Publishing the report email. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

export async function publish(sns: SNSClient, topicArn: string, subject: string, message: string): Promise<void> {
  await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
}
