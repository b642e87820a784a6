/** Reading a run's evidence from the simulator, and restoring deleted users from their backups. */
import { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { RestoreAccountIam } from '../../lambdas/aws/member-restore';
import type { RunReport } from '../../lambdas/engine/types';
import { parseUserBackup } from '../../lambdas/restore/backup-format';
import { restoreUser } from '../../lambdas/restore/restore-user';
import type { Scenario, UserSpec } from '../../sim/scenario';
import { restorable } from '../support/restorable';
import { DEFAULT_ADMIN_ROLE } from '../../lambdas/cli/restore-command';
import { clientConfig, type TestSimulator } from '../support/sim';
import type { RecordedCall } from './engine';
import { sameJson, usersOf, wholeUserBackups, type RunEvidence } from './oracle';

export async function evidenceOf(
  sim: TestSimulator,
  before: Scenario,
  reports: RunReport[],
  calls: RecordedCall[],
  runs: number,
): Promise<RunEvidence> {
  const [after, counts, objects] = await Promise.all([sim.state(), sim.calls(), sim.s3()]);
  return {
    before,
    after,
    reports,
    calls,
    runs,
    simErrors: counts.byError,
    simDenied: counts.denied,
    objects,
  };
}

/** An IAM client in `accountId` through the sweep's role (the simulator enforces trust, not policies). */
export async function memberIam(url: string, accountId: string, roleName = 'IamSweepRole'): Promise<IAMClient> {
  const sts = new STSClient(clientConfig(url));
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 'reliability-restore' }),
  );
  return new IAMClient(clientConfig(url, { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken }));
}

/**
 * Restores every user deleted between `before` and the simulator's current state from its earliest backup,
 * and compares what came back with the user before the run. Returns one line per problem.
 */
export async function restoreDeletedUsers(sim: TestSimulator, before: Scenario): Promise<{ restored: number; problems: string[] }> {
  const [now, objects] = await Promise.all([sim.state(), sim.s3()]);
  const problems: string[] = [];
  const deleted: { accountId: string; user: UserSpec }[] = [];
  for (const account of before.accounts) {
    const remaining = usersOf(now, account.id);
    for (const user of account.users ?? []) if (!remaining.has(user.name)) deleted.push({ accountId: account.id, user });
  }
  for (const { accountId, user } of deleted) {
    const backups = wholeUserBackups(objects, accountId, user.name);
    if (backups.length === 0) {
      problems.push(`${accountId} ${user.name}: no backup to restore from`);
      continue;
    }
    // Restore runs as an administrator's role, never as the sweep's cleanup role.
    const iam = await memberIam(sim.url, accountId, DEFAULT_ADMIN_ROLE);
    const result = await restoreUser(new RestoreAccountIam(iam, accountId), parseUserBackup(backups[0].body, backups[0].key));
    const failed = result.steps.filter((step) => step.status !== 'done');
    if (failed.length > 0) problems.push(`${accountId} ${user.name}: restore steps failed: ${JSON.stringify(failed)}`);
  }
  if (deleted.length === 0) return { restored: 0, problems };
  const after = await sim.state();
  for (const { accountId, user } of deleted) {
    const back = usersOf(after, accountId).get(user.name);
    if (!back) problems.push(`${accountId} ${user.name}: not there after the restore`);
    else if (!sameJson(restorable(user), restorable(back))) {
      problems.push(`${accountId} ${user.name}: restored as ${JSON.stringify(restorable(back))}, was ${JSON.stringify(restorable(user))}`);
    }
  }
  return { restored: deleted.length, problems };
}
