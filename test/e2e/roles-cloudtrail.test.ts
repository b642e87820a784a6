/**
 * The built orchestrator Lambda against the simulator: the unused-roles report (report only, exclusions
 * respected) and the CloudTrail cross-check that keeps an IAM user CloudTrail saw acting.
 */
import { memberAccountPermissions } from '../../lambdas/aws/permissions';
import type { RoleSpec, Scenario, UserSpec } from '../../sim/scenario';
import { invokeBuiltHandler, lastReport as lastBuiltReport } from '../support/handler';
import { account, activeUser, organization, sweepRole } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { startTestSimulator } from '../support/sim';

const DEV = '333333333333';

type Sim = Awaited<ReturnType<typeof startTestSimulator>>;
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const invoke = async (settings: Record<string, string> = {}) => (await invokeBuiltHandler(sim!.url, settings)).result;
const lastReport = () => lastBuiltReport(sim!);

const email = async () => (await sim!.sns())[0].message;
const userNames = async (accountId: string) =>
  ((await sim!.state()).accounts.find((a) => a.id === accountId)!.users ?? []).map((u) => u.name).sort();

describe('unused roles', () => {
  const roles: RoleSpec[] = [
    sweepRole,
    { name: 'legacy-deploy', created: '-400d' },
    { name: 'old-etl', created: '-400d', lastUsed: '-200d', lastUsedRegion: 'eu-west-1' },
    { name: 'ci-runner', created: '-400d', lastUsed: '-2d', lastUsedRegion: 'us-east-1' },
    { name: 'new-role', created: '-10d' },
    { name: 'AWSServiceRoleForSupport', path: '/aws-service-role/support.amazonaws.com/', created: '-400d' },
    { name: 'stacksets-exec-0123456789abcdef', created: '-400d' },
    { name: 'OrganizationAccountAccessRole', created: '-400d' },
    { name: 'IamSweepOrchestrator', created: '-400d' },
    { name: 'team-breakglass', created: '-400d' },
  ];
  const scenario = (): Scenario => organization([account(DEV, [activeUser('dev-active')], { name: 'dev', roles })]);

  test('are reported per account with their last use and age; exclusions and roles in use are not', async () => {
    sim = await startDeployedSimulator(scenario());
    // Assuming the sweep's own role marks it used: every other role must stay as it was.
    const otherRoles = async () => (await sim!.state()).accounts.find((a) => a.id === DEV)!.roles!.filter((r) => r.name !== sweepRole.name);
    const before = await otherRoles();

    // WHEN the sweep runs (even in delete mode) with one more exclusion glob
    await invoke({
      SWEEP_MODE: 'delete',
      SWEEP_UNUSED_ROLE_EXCLUDES: 'AWSControlTowerExecution,stacksets-exec-*,OrganizationAccountAccessRole,team-*',
    });

    // THEN only legacy-deploy and old-etl are reported, and no role changed
    const dev = (await lastReport()).accounts.find((a) => a.account.id === DEV)!;
    expect(dev.roles!.unused.map((r) => r.name)).toEqual(['legacy-deploy', 'old-etl']);
    // service-linked, IamSweepRole, IamSweepOrchestrator, stacksets-exec-…, OrganizationAccountAccessRole, team-breakglass
    expect(dev.roles).toMatchObject({ listed: roles.length, excluded: 6 });
    expect(await otherRoles()).toEqual(before);

    const message = await email();
    expect(message).toContain('Unused roles (reported only, never changed)');
    expect(message).toMatch(/ {2}dev \(333333333333\)\n {4}legacy-deploy: never used, 400 days old\n {4}old-etl: last used \d{4}-\d\d-\d\d in eu-west-1, 400 days old/);
    expect(message).not.toMatch(/AWSServiceRoleForSupport:|stacksets-exec-0123456789abcdef:|IamSweepRole:|team-breakglass:|new-role:|ci-runner:/);
  });

  test('read the last use (GetRole) only of roles old enough and not excluded', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke();
    // legacy-deploy, old-etl, ci-runner and team-breakglass in dev; the other accounts hold only the sweep's role
    expect((await sim.calls()).byOperation['iam:GetRole']).toBe(4);
  });

  test('can be turned off', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_UNUSED_ROLES: 'false' });
    expect((await sim.calls()).byOperation['iam:ListRoles'] ?? 0).toBe(0);
    expect(await email()).not.toContain('Unused roles');
  });
});

describe('the CloudTrail cross-check before deletion', () => {
  const inactive = (name: string): UserSpec => ({ name, created: '-400d', passwordLastUsed: '-300d' });
  const users = [
    inactive('used-via-cli'),
    inactive('truly-gone'),
    ...['a1', 'a2', 'a3', 'a4'].map((n) => activeUser(`active-${n}`)),
  ];
  const scenario = (): Scenario =>
    organization([
      account(DEV, users, {
        name: 'dev',
        cloudTrailEvents: [
          { time: '-3d', eventName: 'ListBuckets', eventSource: 's3.amazonaws.com', region: 'eu-west-1', userName: 'used-via-cli' },
          { time: '-200d', eventName: 'GetObject', eventSource: 's3.amazonaws.com', region: 'us-east-1', userName: 'truly-gone' },
        ],
      }),
    ]);

  test('keeps a user with a recent CloudTrail event in a configured Region, saying which, and deletes the other', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_CLOUDTRAIL_REGIONS: 'us-east-1,eu-west-1' });

    const names = await userNames(DEV);
    expect(names).toContain('used-via-cli');
    expect(names).not.toContain('truly-gone');
    const outcome = (await lastReport()).accounts.flatMap((a) => a.outcomes).find((o) => o.userName === 'used-via-cli')!;
    expect(outcome).toMatchObject({ kind: 'delete-user', status: 'skipped' });
    expect(outcome.detail).toMatch(/^kept: CloudTrail shows ListBuckets by this user at .* in eu-west-1 \(3 days ago\)$/);
    expect(await email()).toMatch(/delete user: skipped \(kept: CloudTrail shows ListBuckets by this user at .* in eu-west-1/);
    // Looked up in both Regions for both users, and never throttled
    const calls = await sim.calls();
    expect(calls.byOperation['cloudtrail:LookupEvents']).toBe(4);
    expect(calls.byError['cloudtrail:ThrottlingException'] ?? 0).toBe(0);
  });

  test('looks only in the configured Regions', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_CLOUDTRAIL_REGIONS: 'us-east-1' });
    expect(await userNames(DEV)).not.toContain('used-via-cli');
  });

  test('is off by default', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    expect(await userNames(DEV)).not.toContain('used-via-cli');
    expect((await sim.calls()).byOperation['cloudtrail:LookupEvents'] ?? 0).toBe(0);
  });

  test('a lookup that fails deletes nothing, and the report says why', async () => {
    sim = await startDeployedSimulator(scenario());
    await sim.setFaults({ failOperations: [{ service: 'cloudtrail', operation: 'LookupEvents', code: 'AccessDeniedException' }] });
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_CLOUDTRAIL_REGIONS: 'us-east-1' });

    expect(await userNames(DEV)).toEqual(expect.arrayContaining(['used-via-cli', 'truly-gone']));
    const outcomes = (await lastReport()).accounts.flatMap((a) => a.outcomes).filter((o) => o.kind === 'delete-user');
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(outcomes[0].detail).toMatch(/^the CloudTrail cross-check failed, so nothing was deleted: AccessDenied/);
  });

  test('its CloudTrail calls in member accounts are granted by the cleanup role', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_CLOUDTRAIL_REGIONS: 'us-east-1,eu-west-1' });
    const granted = new Set(memberAccountPermissions().flatMap((p) => p.actions));
    const called = Object.keys((await sim.calls()).byOperation).filter((key) => /^(iam|cloudtrail):/.test(key));
    expect(called).toContain('cloudtrail:LookupEvents');
    expect(called.filter((action) => !granted.has(action))).toEqual([]);
  });
});
