/**
 * The settings of an alarm that fires when its metric's sum is above zero in five minutes, sent to
 * `topicArn`. The sweep runs once a week, so no data is the normal state, not a breach.
 */
export function whenAboveZero(topicArn: string) {
  return {
    statistic: 'Sum',
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: [topicArn],
  };
}
