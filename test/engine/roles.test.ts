/** Unused roles, report only: exclusions, the screening before GetRole, and the verdict. */
import { screenRoles, unusedRoles } from '../../lambdas/engine/roles';
import { excludedRole } from '../../lambdas/engine/rules/excluded-role';
import { unusedRole } from '../../lambdas/engine/rules/unused-role';
import type { RoleState } from '../../lambdas/engine/types';

const NOW = new Date('2025-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const role = (name: string, overrides: Partial<RoleState> = {}): RoleState => ({
  name,
  arn: `arn:aws:iam::333333333333:role${overrides.path ?? '/'}${name}`,
  path: '/',
  created: daysAgo(400),
  ...overrides,
});
const exclusions = {
  globs: ['AWSControlTowerExecution', 'stacksets-exec-*', 'AWSReservedSSO_*'],
  ownRoleNames: ['IamSweepRole', 'IamSweepOrchestrator', 'IamSweepScheduler'],
};
const rules = { now: NOW, inactiveDays: 90, ...exclusions };

describe('excluded roles', () => {
  test('service-linked roles are AWS’s own', () => {
    expect(excludedRole(role('AWSServiceRoleForSupport', { path: '/aws-service-role/support.amazonaws.com/' }), exclusions)).toBe(
      'service-linked role',
    );
  });

  test('the sweep’s own roles', () => {
    expect(excludedRole(role('IamSweepRole'), exclusions)).toBe('a role of iam-sweep itself');
    expect(excludedRole(role('IamSweepOrchestrator'), exclusions)).toBe('a role of iam-sweep itself');
  });

  test('configured globs, matched against the whole name', () => {
    expect(excludedRole(role('stacksets-exec-0123456789abcdef'), exclusions)).toBe('excluded by pattern stacksets-exec-*');
    expect(excludedRole(role('AWSReservedSSO_AdministratorAccess_1a2b3c4d'), exclusions)).toBe('excluded by pattern AWSReservedSSO_*');
    expect(excludedRole(role('my-stacksets-exec-role'), exclusions)).toBeUndefined();
    expect(excludedRole(role('AWSControlTowerExecutionCopy'), exclusions)).toBeUndefined();
  });
});

describe('an unused role', () => {
  test('was never used and is older than the threshold', () => {
    expect(unusedRole(role('legacy-deploy', { created: daysAgo(400) }), rules)).toBe('never used, created 400 days ago');
  });

  test('was last used longer ago than the threshold', () => {
    const stale = role('old-ci', { lastUsed: daysAgo(200), lastUsedRegion: 'eu-west-1' });
    expect(unusedRole(stale, rules)).toBe('last used 200 days ago (2024-12-12) in eu-west-1, created 400 days ago');
  });

  test('used within the threshold is in use', () => {
    expect(unusedRole(role('ci', { lastUsed: daysAgo(5) }), rules)).toBeUndefined();
  });

  test('a new role is not unused before the threshold, even if never used', () => {
    expect(unusedRole(role('new', { created: daysAgo(30) }), rules)).toBeUndefined();
  });
});

describe('screening and judging an account’s roles', () => {
  const listed = [
    role('AWSServiceRoleForSupport', { path: '/aws-service-role/support.amazonaws.com/' }),
    role('IamSweepRole'),
    role('stacksets-exec-abc'),
    role('new-role', { created: daysAgo(10) }),
    role('legacy-deploy'),
    role('ci'),
  ];

  test('only old, not excluded roles need their last use read (GetRole)', () => {
    const { toCheck, excluded } = screenRoles(listed, rules);
    expect(toCheck.map((r) => r.name)).toEqual(['legacy-deploy', 'ci']);
    expect(excluded).toBe(3);
  });

  test('of those, the unused ones are reported by name with the reason', () => {
    const checked = [role('legacy-deploy'), role('ci', { lastUsed: daysAgo(1) })];
    expect(unusedRoles(checked, rules)).toEqual([
      { name: 'legacy-deploy', arn: 'arn:aws:iam::333333333333:role/legacy-deploy', created: daysAgo(400), reason: 'never used, created 400 days ago' },
    ]);
  });
});
