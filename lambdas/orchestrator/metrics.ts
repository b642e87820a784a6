/** The run's figures as a CloudWatch Embedded Metric Format record: one log line, no API call. */
import { totals } from '../engine/report';
import type { IdentityCenterResult, RunReport } from '../engine/types';

export const METRIC_NAMESPACE = 'IamSweep';

/** Identity Center's figures, when it was swept: not swept at all (refused or failed) counts 1. */
function identityCenterValues(result: IdentityCenterResult): Record<string, number> {
  return {
    IdentityCenterNotSwept: result.status === 'swept' ? 0 : 1,
    IdentityCenterUsersInactive: result.verdicts.filter((v) => v.inactive && !v.excluded).length,
    IdentityCenterActionsDone: result.outcomes.filter((o) => o.status === 'done').length,
    IdentityCenterActionsFailed: result.outcomes.filter((o) => o.status === 'failed').length,
  };
}

export function metricsRecord(report: RunReport, at: Date): Record<string, unknown> {
  const t = totals(report);
  const values: Record<string, number> = {
    AccountsScanned: t.accountsSwept,
    AccountsFailed: t.accountsFailed + t.accountsNotReached,
    UsersInactive: t.inactive,
    StaleKeys: t.staleKeys,
    ActionsDone: t.done,
    ActionsFailed: t.failed,
    OrganizationCircuitBreakerTripped: report.organizationCircuitBreaker ? 1 : 0,
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
