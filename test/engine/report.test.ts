import { renderSubject, renderText } from '../../lambdas/engine/report';
import type { AccountResult, RunReport, UserVerdict } from '../../lambdas/engine/types';

const verdict = (userName: string, reason: string): UserVerdict => ({
  accountId: '333333333333',
  userName,
  arn: `arn:aws:iam::333333333333:user/${userName}`,
  inactive: true,
  credentials: [],
  reason,
});

const account = (users: number): AccountResult => {
  const names = Array.from({ length: users }, (_, i) => `former-employee-${String(i).padStart(5, '0')}`);
  return {
    account: { id: '333333333333', name: 'dev', email: 'dev@example.com', state: 'ACTIVE' },
    status: 'swept',
    userCount: users + 5,
    verdicts: names.map((n) => verdict(n, 'password unused 143 days; key …J7QA never used, created 201 days ago')),
    plan: {
      accountId: '333333333333',
      actions: names.map((userName) => ({ kind: 'delete-user', accountId: '333333333333', userName, reason: 'inactive' })),
      scheduled: [{ accountId: '333333333333', userName: 'later', on: new Date('2026-12-23T00:00:00Z') }],
      heldBack: [],
    },
    outcomes: [],
  };
};

const report = (users: number, overrides: Partial<RunReport> = {}): RunReport => ({
  organizationId: 'o-a1b2c3d4e5',
  mode: 'report',
  inactiveDays: 90,
  quarantineDays: 30,
  startedAt: '2026-11-23T06:00:00.000Z',
  finishedAt: '2026-11-23T06:01:10.000Z',
  accounts: [
    account(users),
    {
      account: { id: '666666666666', name: 'no-role', email: 'x@example.com', state: 'ACTIVE' },
      status: 'failed',
      error: 'AccessDenied: not authorized to perform sts:AssumeRole',
      userCount: 0,
      verdicts: [],
      outcomes: [],
    },
  ],
  skipped: [{ id: '555555555555', name: 'sandbox', email: 's@example.com', state: 'ACTIVE', reason: 'opted-out', detail: 'OU ou-a1b2-sandbox1 (Sandbox) carries iam-sweep:opt-out=true' }],
  reportLocation: 's3://iam-sweep-reports-222222222222/reports/2026-11-23T06:00:00.000Z/report.json',
  deliveryErrors: [],
  ...overrides,
});

describe('report email', () => {
  test('the subject carries the headline numbers in under 100 characters', () => {
    expect(renderSubject(report(2))).toBe('iam-sweep report o-a1b2c3d4e5: 2 inactive users, 0 stale keys, 2 to act on, 1 problem');
  });

  test('the subject of a long organization id is cut to 100 characters', () => {
    expect(renderSubject(report(2, { organizationId: `o-${'x'.repeat(120)}` })).length).toBe(100);
  });

  test('the body names the mode, thresholds, users with reasons, schedule, skipped and failed accounts', () => {
    const text = renderText(report(1));
    expect(text).toContain('iam-sweep report for organization o-a1b2c3d4e5 (nothing was changed)');
    expect(text).toContain('Inactive after 90 days; quarantine 30 days.');
    expect(text).toContain('former-employee-00000 (inactive): password unused 143 days; key …J7QA never used, created 201 days ago');
    expect(text).toContain('would delete user (delete mode)');
    expect(text).toContain('2026-12-23  333333333333 later');
    expect(text).toContain('sandbox (555555555555): opted-out: OU ou-a1b2-sandbox1 (Sandbox) carries iam-sweep:opt-out=true');
    expect(text).toContain('no-role (666666666666): failed: AccessDenied');
    expect(text).toContain('Full report (JSON): s3://iam-sweep-reports-222222222222/reports/');
  });

  test('a body over the limit is cut at a line and says how much is left out and where the JSON is', () => {
    const text = renderText(report(5000), 64 * 1024);
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(64 * 1024);
    expect(text).toMatch(/\[cut: \d+ more lines \(\d+ bytes\) left out of this email; the full report is at s3:\/\/iam-sweep-reports-222222222222\/reports\/.*report\.json\]\n$/);
  });

  test('the default limit keeps a large organization under the SNS maximum', () => {
    expect(Buffer.byteLength(renderText(report(20000)), 'utf8')).toBeLessThanOrEqual(262144);
  });
});
