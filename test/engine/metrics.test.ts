import { metricsRecord } from '../../lambdas/orchestrator/metrics';
import type { IdentityCenterResult, RunReport } from '../../lambdas/engine/types';
import { identityCenterVerdict, IDENTITY_STORE } from '../support/identity-center';

const report = (identityCenter?: IdentityCenterResult): RunReport => ({
  organizationId: 'o-a1b2c3d4e5',
  mode: 'delete',
  inactiveDays: 90,
  quarantineDays: 30,
  startedAt: '2026-11-23T06:00:00.000Z',
  finishedAt: '2026-11-23T06:01:10.000Z',
  accounts: [],
  skipped: [],
  deliveryErrors: [],
  ...(identityCenter ? { identityCenter } : {}),
});

const identityCenter = (overrides: Partial<IdentityCenterResult>): IdentityCenterResult => ({
  status: 'swept',
  region: 'us-east-1',
  identityStoreId: IDENTITY_STORE,
  userCount: 3,
  signIns: 40,
  verdicts: [],
  outcomes: [],
  ...overrides,
});

const names = (record: Record<string, unknown>) =>
  (record._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0].Metrics.map((m) => m.Name);

test('a run without Identity Center has no Identity Center metrics', () => {
  const record = metricsRecord(report(), new Date());
  expect(names(record).filter((name) => name.startsWith('IdentityCenter'))).toEqual([]);
});

test("Identity Center's sweep is counted: not swept, inactive users, actions done and failed", () => {
  const verdict = (userName: string, inactive: boolean, excluded?: string) => identityCenterVerdict(userName, inactive, 'r', excluded);
  const outcome = (userName: string, status: 'done' | 'failed') =>
    ({ kind: 'delete-user', accountId: IDENTITY_STORE, userName, reason: 'inactive', status }) as const;
  const swept = metricsRecord(
    report(
      identityCenter({
        verdicts: [verdict('carol', true), verdict('dave', true), verdict('break-glass', true, 'excluded'), verdict('alice', false)],
        outcomes: [outcome('carol', 'done'), outcome('dave', 'failed')],
      }),
    ),
    new Date(),
  );
  expect(swept).toMatchObject({
    IdentityCenterNotSwept: 0,
    IdentityCenterUsersInactive: 2,
    IdentityCenterActionsDone: 1,
    IdentityCenterActionsFailed: 1,
  });
  expect(names(swept)).toEqual(expect.arrayContaining(['IdentityCenterNotSwept', 'IdentityCenterActionsFailed']));

  const refused = metricsRecord(report(identityCenter({ status: 'refused', refusal: 'no sign-in at all' })), new Date());
  expect(refused).toMatchObject({ IdentityCenterNotSwept: 1, IdentityCenterActionsDone: 0 });
});

test('the organization circuit breaker is a metric: 1 when it tripped, 0 otherwise', () => {
  const tripped = { usersToActOn: 30, users: 40, accounts: 10, maxFraction: 0.5, reason: 'would act on 30 of 40 users' };
  expect(metricsRecord({ ...report(), organizationCircuitBreaker: tripped }, new Date())).toMatchObject({ OrganizationCircuitBreakerTripped: 1 });
  expect(metricsRecord(report(), new Date())).toMatchObject({ OrganizationCircuitBreakerTripped: 0 });
  expect(names(metricsRecord(report(), new Date()))).toContain('OrganizationCircuitBreakerTripped');
});

