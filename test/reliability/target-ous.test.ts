/**
 * SWEEP_TARGET_OUS: the sweep enters the member accounts below the OUs the cleanup role is deployed to,
 * and no others; the management account is not held to them. An id that is not an OU or root of the
 * organization stops the run before any account is entered.
 */
import { renderText } from '../../lambdas/engine/report';
import { account, activeUser, CALLER, inactiveUserWithEverything, MANAGEMENT, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { configFor, runEngine } from './engine';
import { usersOf } from './oracle';

const DEV = '333333333333';
const PROD = '444444444444';
const LEGACY = '555555555555';
const WORKLOADS = 'ou-a1b2-work0001';
const EMPTY = 'ou-a1b2-empty001';

const scenario = () => {
  const base = organization([
    account(DEV, [inactiveUserWithEverything('former-employee', DEV), ...['a1', 'a2', 'a3', 'a4', 'a5'].map(activeUser)], {
      parentId: WORKLOADS,
    }),
    account(PROD, [inactiveUserWithEverything('old-admin', PROD), ...['p1', 'p2', 'p3', 'p4', 'p5'].map(activeUser)], {
      parentId: 'ou-a1b2-prod0001',
    }),
    // Outside the rollout: no cleanup role.
    account(LEGACY, [inactiveUserWithEverything('legacy-user', LEGACY)], { parentId: 'ou-a1b2-legacy01', roles: [] }),
  ]);
  base.organization.organizationalUnits!.push(
    { id: 'ou-a1b2-prod0001', name: 'Prod', parentId: WORKLOADS },
    { id: 'ou-a1b2-legacy01', name: 'Legacy', parentId: 'r-a1b2' },
    { id: EMPTY, name: 'Empty', parentId: 'r-a1b2' },
  );
  return base;
};

test('only the member accounts below the target OUs are entered; the others are listed as outside, not failed', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    const config = configFor(scenario(), { mode: 'delete', quarantineDays: '0', targetOus: `${WORKLOADS},${EMPTY}` });

    const run = await runEngine(sim.url, config);

    const report = run.report!;
    // THEN the accounts below Workloads (Prod's too) and the management account are swept, and nothing fails
    expect(report.accounts.map((a) => [a.account.id, a.status])).toEqual([
      [MANAGEMENT, 'swept'],
      [DEV, 'swept'],
      [PROD, 'swept'],
    ]);
    expect(usersOf(await sim.state(), DEV).has('former-employee')).toBe(false);
    expect(usersOf(await sim.state(), PROD).has('old-admin')).toBe(false);
    // AND the accounts outside are skipped as such, without a call about them
    const outside = `not below ${WORKLOADS}, ${EMPTY} (SWEEP_TARGET_OUS)`;
    expect(report.skipped.map((s) => [s.id, s.reason, s.detail])).toEqual([
      [CALLER, 'outside-target-ous', outside],
      [LEGACY, 'outside-target-ous', outside],
    ]);
    const about = (id: string) => run.calls.filter((call) => call.accountId === id || JSON.stringify(call.input).includes(id));
    expect(about(LEGACY)).toEqual([]);
    expect(usersOf(await sim.state(), LEGACY).has('legacy-user')).toBe(true);
    // AND the email says so in one line
    expect(renderText(report)).toContain(`  2 account(s) ${outside} (each is listed in the JSON report)`);
  } finally {
    await sim.stop();
  }
});

test('an id that is not an OU or root of the organization stops the run before any account is entered', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    const config = configFor(scenario(), { mode: 'delete', quarantineDays: '0', targetOus: `${WORKLOADS},ou-a1b2-elsewhere` });
    await sim.resetCalls();

    const failure = await runEngine(sim.url, config).then(
      () => undefined,
      (error: unknown) => error as Error,
    );

    // THEN the run stops naming the setting and the id
    expect(failure?.name).toBe('ConfigError');
    expect(failure?.message).toBe(
      'SWEEP_TARGET_OUS (--target-ous) names ou-a1b2-elsewhere, not an OU or root of organization o-a1b2c3d4e5: nothing was swept',
    );
    // AND it made no call but discovery's
    const operations = Object.keys((await sim.calls()).byOperation);
    expect(operations.filter((operation) => !/^organizations:|^sts:GetCallerIdentity$/.test(operation))).toEqual([]);
  } finally {
    await sim.stop();
  }
});
