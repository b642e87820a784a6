/** Who may publish to the report topic, as a pure function: the sweep stack passes Terraform references. */
import { ORCHESTRATOR_ROLE_NAME } from '../lambdas/engine/own-roles';
import type { PolicyDocument } from './policy-document';

export interface ReportTopicPolicyProps {
  partition: string;
  /** The delegated-admin account, where the topic, the orchestrator and the alarms are. */
  accountId: string;
  region: string;
  topicArn: string;
}

/**
 * Only the orchestrator's role and CloudWatch (this account's iam-sweep alarms) may publish to the report
 * topic. The Deny covers every other principal, of this account too: an Allow in an identity policy does
 * not override it. Managing the topic stays with the account's identity policies.
 */
export function reportTopicPolicy(props: ReportTopicPolicyProps): PolicyDocument {
  const { partition, accountId, region, topicArn } = props;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CloudWatchAlarms',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: {
          StringEquals: { 'aws:SourceAccount': accountId },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:iam-sweep-*` },
        },
      },
      {
        Sid: 'OnlyOrchestratorAndAlarms',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: {
          ArnNotEquals: { 'aws:PrincipalArn': `arn:${partition}:iam::${accountId}:role/${ORCHESTRATOR_ROLE_NAME}` },
          StringNotEquals: { 'aws:PrincipalServiceName': 'cloudwatch.amazonaws.com' },
        },
      },
    ],
  };
}
