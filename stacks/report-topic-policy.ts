/** Who may publish to the report topic, as a pure function: the sweep stack passes Terraform references. */
import { publishPermissions } from '../lambdas/aws/delivery';
import { ORCHESTRATOR_ROLE_NAME } from '../lambdas/engine/own-roles';
import { alarmNotifications } from '../lambdas/orchestrator/metrics';
import { actionsOf, scopeArn, type PolicyDocument } from './policy-document';

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
  const { partition, accountId, region } = props;
  const topicArn = scopeArn('report-topic', { partition, resources: { reportTopic: props.topicArn } });
  const alarms = alarmNotifications.servicePrincipal;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CloudWatchAlarms',
        Effect: 'Allow',
        Principal: { Service: alarms },
        Action: actionsOf(alarmNotifications.permissions),
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
        Action: actionsOf([...publishPermissions, ...alarmNotifications.permissions]),
        Resource: topicArn,
        Condition: {
          ArnNotEquals: { 'aws:PrincipalArn': `arn:${partition}:iam::${accountId}:role/${ORCHESTRATOR_ROLE_NAME}` },
          StringNotEquals: { 'aws:PrincipalServiceName': alarms },
        },
      },
    ],
  };
}
