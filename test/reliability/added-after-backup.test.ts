/**
 * Nothing is deleted that was not saved first: an object attached to a user after the sweep read its
 * backup is left alone, the user is kept and reported, and the next run saves and deletes it.
 */
import { AttachUserPolicyCommand } from '@aws-sdk/client-iam';
import { DEFAULT_ADMIN_ROLE } from '../../lambdas/cli/restore-command';
import type { RunReport, UserBackup } from '../../lambdas/engine/types';
import { account, activeUser, inactiveUserWithEverything, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { configFor, runEngine } from './engine';
import { usersOf } from './oracle';
import { memberIam } from './sim-tools';

const DEV = '333333333333';
const outcomesIn = (report: RunReport) => report.accounts.find((a) => a.account.id === DEV)!.outcomes;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

test('a policy attached after the backup was read is not detached; the user is kept, then deleted by the next run', async () => {
  const active = ['a1', 'a2', 'a3', 'a4', 'a5'].map((name) => activeUser(name));
  const scenario = organization([account(DEV, [inactiveUserWithEverything('former-employee', DEV), ...active])]);
  const sim = await startDeployedSimulator(scenario, { restoreRole: true });
  try {
    const config = configFor(scenario, { mode: 'delete', quarantineDays: '0' });
    // Someone else: an administrator, not the sweep's cleanup role (which may attach nothing).
    const iam = await memberIam(sim.url, DEV, DEFAULT_ADMIN_ROLE);
    let attached = false;
    // GIVEN someone attaches a policy to the user between the sweep's backup and its deletion
    const first = await runEngine(sim.url, config, {
      before: async (call) => {
        if (attached || call.operation !== 'DeleteLoginProfile' || call.input.UserName !== 'former-employee') return;
        attached = true;
        await iam.send(new AttachUserPolicyCommand({ UserName: 'former-employee', PolicyArn: ADMIN }));
      },
    });

    // THEN the run deletes what it saved, leaves the new attachment, and reports the user as kept
    expect(attached).toBe(true);
    expect(first.calls.filter((call) => call.operation === 'DetachUserPolicy').map((call) => call.input.PolicyArn)).toEqual([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
    const kept = usersOf(await sim.state(), DEV).get('former-employee');
    expect(kept).toMatchObject({ attachedPolicies: [ADMIN], groups: [], accessKeys: [], inlinePolicies: {} });
    const outcome = outcomesIn(first.report!).find((o) => o.kind === 'delete-user');
    expect(outcome).toMatchObject({ status: 'failed', userName: 'former-employee' });
    expect(outcome!.detail).toMatch(/deleting user of former-employee failed: .*added after its backup was read/);

    // WHEN the next run comes
    const second = await runEngine(sim.url, config);

    // THEN it saves the attachment before it deletes the user
    expect(usersOf(await sim.state(), DEV).has('former-employee')).toBe(false);
    expect(outcomesIn(second.report!).find((o) => o.kind === 'delete-user')).toMatchObject({ status: 'done' });
    const backups = (await sim.s3()).filter((o) => o.key.startsWith(`backups/${DEV}/former-employee/`));
    const saved = backups.map((o) => JSON.parse(o.body) as UserBackup).map((backup) => backup.attachedPolicies);
    expect(saved).toEqual(expect.arrayContaining([[ADMIN]]));
  } finally {
    await sim.stop();
  }
});
