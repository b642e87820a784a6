/** The run's figures as a CloudWatch Embedded Metric Format record: one log line, no API call. */
import { totals } from '../engine/report';
import type { IdentityCenterResult, RunReport, ServiceCalls } from '../engine/types';

export const METRIC_NAMESPACE = 'IamSweep';

/** The names of the run's metrics; the stacks' alarms watch some of them. */
export const METRIC = {
  accountsScanned: 'AccountsScanned',
  accountsFailed: 'AccountsFailed',
  usersInactive: 'UsersInactive',
  staleKeys: 'StaleKeys',
  actionsDone: 'ActionsDone',
  actionsFailed: 'ActionsFailed',
  organizationCircuitBreakerTripped: 'OrganizationCircuitBreakerTripped',
  identityCenterNotSwept: 'IdentityCenterNotSwept',
  identityCenterUsersInactive: 'IdentityCenterUsersInactive',
  identityCenterActionsDone: 'IdentityCenterActionsDone',
  identityCenterActionsFailed: 'IdentityCenterActionsFailed',
} as const;

/**
 * CloudWatch sends the alarms on these metrics (and on the function's errors and queues) to the report
 * topic, as its own principal: the topic's policy grants it this.
 */
export const alarmNotifications: ServiceCalls = {
  servicePrincipal: 'cloudwatch.amazonaws.com',
  permissions: [{ actions: ['sns:Publish'], resource: 'report-topic', access: 'write' }],
};

/** Identity Center's figures, when it was swept: not swept at all (refused or failed) counts 1. */
function identityCenterValues(result: IdentityCenterResult): Record<string, number> {
  return {
    [METRIC.identityCenterNotSwept]: result.status === 'swept' ? 0 : 1,
    [METRIC.identityCenterUsersInactive]: result.verdicts.filter((v) => v.inactive && !v.excluded).length,
    [METRIC.identityCenterActionsDone]: result.outcomes.filter((o) => o.status === 'done').length,
    [METRIC.identityCenterActionsFailed]: result.outcomes.filter((o) => o.status === 'failed').length,
  };
}

export function metricsRecord(report: RunReport, at: Date): Record<string, unknown> {
  const t = totals(report);
  const values: Record<string, number> = {
    [METRIC.accountsScanned]: t.accountsSwept,
    [METRIC.accountsFailed]: t.accountsFailed + t.accountsNotReached,
    [METRIC.usersInactive]: t.inactive,
    [METRIC.staleKeys]: t.staleKeys,
    [METRIC.actionsDone]: t.done,
    [METRIC.actionsFailed]: t.failed,
    [METRIC.organizationCircuitBreakerTripped]: report.organizationCircuitBreaker ? 1 : 0,
    ...(report.identityCenter ? identityCenterValues(report.identityCenter) : {}),
  };
  return {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        { Namespace: METRIC_NAMESPACE, Dimensions: [[]], Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })) },
      ],
    },
    ...values,
  };
}
