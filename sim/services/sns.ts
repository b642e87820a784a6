/** SNS Publish to the scenario's topics, with SNS's size and subject limits; messages are recorded. */
import { randomUUID } from 'node:crypto';
import type * as SNS from '@aws-sdk/client-sns';
import { SimError } from '../errors';
import type { CallContext, Handlers } from './context';

export const MAX_MESSAGE_BYTES = 262_144;
export const MAX_SUBJECT_CHARACTERS = 100;

function invalid(parameter: string, reason: string): SimError {
  return new SimError('InvalidParameter', `Invalid parameter: ${parameter} Reason: ${reason}`);
}

export const snsHandlers = {
  Publish(ctx: CallContext, input: SNS.PublishInput): SNS.PublishResponse {
    if (input.PhoneNumber !== undefined) throw invalid('PhoneNumber', 'the simulator publishes to topics only');
    const topicArn = input.TopicArn ?? input.TargetArn;
    if (!topicArn) throw invalid('TopicArn or TargetArn', 'no value for required parameter');
    if (!ctx.state.snsTopics.has(topicArn)) throw new SimError('NotFound', 'Topic does not exist');
    const message = input.Message ?? '';
    if (message === '') throw invalid('Message', 'Empty message');
    if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) throw invalid('Message', 'Message too long');
    const subject = input.Subject;
    if (subject !== undefined) {
      if (subject.trim() === '') throw invalid('Subject', 'Empty subject');
      if ([...subject].length > MAX_SUBJECT_CHARACTERS) throw invalid('Subject', `Subject must be at most ${MAX_SUBJECT_CHARACTERS} characters long`);
      if (/\p{Cc}/u.test(subject)) throw invalid('Subject', 'Subject must not include line breaks or control characters');
    }
    const messageId = randomUUID();
    ctx.state.published.push({ topicArn, subject, message, time: ctx.now.toISOString(), messageId });
    return { MessageId: messageId };
  },
} satisfies Handlers;
