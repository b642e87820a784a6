/** The run's figures as a CloudWatch Embedded Metric Format record: one log line, no API call. */
import { totals } from '../engine/report';
import type { RunReport } from '../engine/types';

export const METRIC_NAMESPACE = 'IamSweep';

export function metricsRecord(report: RunReport, at: Date): Record<string, unknown> {
  const t = totals(report);
  const values: Record<string, number> = {
    AccountsScanned: t.accountsSwept,
    AccountsFailed: t.accountsFailed + t.accountsNotReached,
    UsersInactive: t.inactive,
    StaleKeys: t.staleKeys,
    ActionsDone: t.done,
    ActionsFailed: t.failed,
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
