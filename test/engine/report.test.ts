import { renderSubject, renderText } from '../../lambdas/engine/report';
import type { AccountResult, RunReport, UserVerdict } from '../../lambdas/engine/types';
import { identityCenterVerdict } from '../support/identity-center';

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

  test('unused roles are listed per account with last use and age, and a role read failure is named', () => {
    // GIVEN an account with two unused roles, and one whose roles could not be read
    const [dev, noRole] = report(1).accounts;
    const withRoles = report(1, {
      accounts: [
        {
          ...dev,
          roles: {
            listed: 9,
            excluded: 4,
            unused: [
              { name: 'legacy-deploy', arn: 'arn:aws:iam::333333333333:role/legacy-deploy', created: new Date('2025-10-19T06:00:00Z'), reason: 'never used' },
              {
                name: 'old-etl',
                arn: 'arn:aws:iam::333333333333:role/old-etl',
                created: new Date('2024-11-23T06:00:00Z'),
                lastUsed: new Date('2026-05-07T10:00:00Z'),
                lastUsedRegion: 'eu-west-1',
                reason: 'last used 200 days ago',
              },
            ],
          },
        },
        { ...noRole, status: 'swept', roles: { listed: 0, excluded: 0, unused: [], error: 'the roles could not be read: AccessDenied' } },
      ],
    });

    // WHEN the body is rendered
    const text = renderText(withRoles);

    // THEN the section names each role, its last use (or never) and its age, as of the run
    expect(text).toContain('  Roles: 2 unused in 1 account (reported only, never changed)');
    expect(text).toContain(
      [
        'Unused roles (reported only, never changed)',
        '  dev (333333333333)',
        '    legacy-deploy: never used, 400 days old',
        '    old-etl: last used 2026-05-07 in eu-west-1, 730 days old',
        '  no-role (666666666666): the roles could not be read: AccessDenied',
      ].join('\n'),
    );
  });

  test('the Identity Center section says why nothing was done when it refused', () => {
    const refused = report(1, {
      identityCenter: {
        status: 'refused',
        region: 'us-east-1',
        identityStoreId: 'd-9067a1b2c3',
        refusal: 'CloudTrail shows no successful sign-in by any of the 12 users in the last 90 days',
        userCount: 12,
        signIns: 0,
        verdicts: [],
        outcomes: [],
      },
    });
    const text = renderText(refused);
    expect(text).toContain('  Identity Center: refused; 0 actions delete mode would take');
    expect(text).toContain(
      'Identity Center (d-9067a1b2c3 in us-east-1)\n  12 users; refused to judge or act on any of them: CloudTrail shows no successful sign-in',
    );
    expect(renderSubject(refused)).toMatch(/2 problems$/);
  });

  test('the Identity Center section lists users to act on, scheduled deletions and exclusions', () => {
    const text = renderText(
      report(1, {
        identityCenter: {
          status: 'swept',
          region: 'us-east-1',
          identityStoreId: 'd-9067a1b2c3',
          userCount: 3,
          signIns: 40,
          verdicts: [
            identityCenterVerdict('carol', true, 'no sign-in in the last 90 days, created 400 days ago'),
            identityCenterVerdict('alice', false, 'signed in 2 days ago'),
            identityCenterVerdict('break-glass', false, 'excluded by pattern break-glass*', 'excluded by pattern break-glass*'),
          ],
          plan: {
            accountId: 'd-9067a1b2c3',
            actions: [{ kind: 'tag-disabled', accountId: 'd-9067a1b2c3', userName: 'carol', reason: 'inactive' }],
            scheduled: [{ accountId: 'd-9067a1b2c3', userName: 'carol', on: new Date('2026-12-23T00:00:00Z') }],
            heldBack: [],
          },
          outcomes: [],
        },
      }),
    );
    expect(text).toContain(
      [
        'Identity Center (d-9067a1b2c3 in us-east-1)',
        '  3 users, 1 inactive, 1 excluded; 40 sign-ins by current users in the last 90 days (matched by user id)',
        '  Users to act on',
        '    carol (inactive): no sign-in in the last 90 days, created 400 days ago',
        '      would mark disabled (quarantine starts) (disable mode)',
        '  Scheduled deletions (if still unused then)',
        '    2026-12-23  carol',
        '  Excluded',
        '    break-glass: excluded by pattern break-glass*',
      ].join('\n'),
    );
  });

  test('the default limit keeps a large organization under the SNS maximum', () => {
    expect(Buffer.byteLength(renderText(report(20000)), 'utf8')).toBeLessThanOrEqual(262144);
  });

  test('says when the organization circuit breaker held every account, with the share and the counts', () => {
    // GIVEN a run the organization's breaker held: the account's users held back for it
    const held = account(2);
    held.plan = { ...held.plan!, actions: [], scheduled: [], heldBack: held.verdicts.map((v) => ({ userName: v.userName, reason: 'organization circuit breaker' })) };
    const reason = 'would act on 2 of 7 users (29%) in 1 of 1 swept accounts, more than the limit of 20%: nothing was changed in any account.';
    const run = report(0, { accounts: [held], organizationCircuitBreaker: { usersToActOn: 2, users: 7, accounts: 1, maxFraction: 0.2, reason } });

    // WHEN the email is rendered
    const text = renderText(run);

    // THEN the subject, a section of its own, the account's line and its status say so, without a line per user
    expect(renderSubject(run)).toBe('iam-sweep report o-a1b2c3d4e5: 2 inactive users, 0 stale keys, all held by the organization breaker');
    expect(text).toContain(`Organization circuit breaker (a person should look)\n  ${reason}\n`);
    expect(text).toContain('  dev (333333333333): organization circuit breaker: 2 users to act on\n');
    expect(text).not.toContain('former-employee-00000: organization circuit breaker');
    expect(text).toMatch(/dev +333333333333 +7 +2 +0  held: organization circuit breaker/);
  });
});
