/**
 * The built Lambda on the demo organization (sim/scenarios/demo.json), in delete mode with quarantine 0:
 * exactly the users sim/scenarios/README.md calls inactive are gone, everything else is as it was.
 */
import { join } from 'node:path';
import type { RunReport } from '../../lambdas/engine/types';
import type { Scenario } from '../../sim/scenario';
import { invokeBuiltHandler } from '../support/handler';
import { startDeployedSimulator } from '../support/deployed';
import { type TestSimulator } from '../support/sim';

const DEMO = join(__dirname, '../../sim/scenarios/demo.json');
const INACTIVE = [
  '111111111111/former-admin-frank',
  '333333333333/former-employee-alice',
  '333333333333/dormant-key-never-used',
  '333333333333/console-removed-old-passwordlastused',
  '333333333333/password-only-stale',
  '444444444444/former-contractor-bob',
  '444444444444/created-long-ago-never-used',
  '444444444444/no-credentials-created-long-ago',
];

/** Users by `account/name`; a key's last use is recorded by AWS as the sweep calls, so it is set aside. */
const usersOf = (state: Scenario) =>
  new Map(
    state.accounts.flatMap((a) =>
      (a.users ?? []).map((u) => {
        const accessKeys = u.accessKeys?.map(({ id, status, created }) => ({ id, status, created }));
        return [`${a.id}/${u.name}`, { ...u, accessKeys }] as const;
      }),
    ),
  );

let sim: TestSimulator;
afterAll(() => sim?.stop());

test('delete mode with quarantine 0 removes exactly the inactive users of the demo organization', async () => {
  // GIVEN the demo organization, swept as its README says (svc-legacy-* excluded)
  sim = await startDeployedSimulator(DEMO);
  const before = usersOf(await sim.state());
  // WHEN the built handler runs, as the demo's operator
  await invokeBuiltHandler(sim.url, {
    AWS_ACCESS_KEY_ID: 'AKIADEMOSCOPERATORXA',
    AWS_SECRET_ACCESS_KEY: 'demo',
    SWEEP_MODE: 'delete',
    SWEEP_QUARANTINE_DAYS: '0',
    SWEEP_EXCLUDE_USERS: 'svc-legacy-*',
    SWEEP_TOPIC_ARN: 'arn:aws:sns:us-east-1:222222222222:iam-sweep-report',
    SWEEP_REPORT_BUCKET: 'iam-sweep-reports-222222222222',
  });

  // THEN the inactive users are gone and every other user is unchanged
  const after = usersOf(await sim.state());
  const gone = [...before.keys()].filter((key) => !after.has(key)).sort();
  expect(gone).toEqual([...INACTIVE].sort());
  const changedOtherwise = [...after.keys()].filter(
    (key) => JSON.stringify(after.get(key)) !== JSON.stringify(before.get(key)),
  );
  // Stale keys of users still in use are deleted (quarantine 0); nobody else changes.
  expect(changedOtherwise.sort()).toEqual([
    '333333333333/ci-bot-stale-key1-fresh-key2',
    '333333333333/developer-with-dormant-second-key',
  ]);

  // AND the one email and the JSON report tell the same story
  const messages = await sim.sns();
  expect(messages).toHaveLength(1);
  const reports = (await sim.s3()).filter((o) => o.key.startsWith('reports/'));
  const report = JSON.parse(reports[0].body) as RunReport;
  expect(report.accounts.find((a) => a.account.id === '777777777777')).toMatchObject({ status: 'failed' });
  expect(report.skipped.map((s) => [s.id, s.reason]).sort()).toEqual([
    ['555555555555', 'opted-out'],
    ['666666666666', 'not-active'],
    ['888888888888', 'opted-out'],
  ]);
  expect(report.accounts.flatMap((a) => a.outcomes).filter((o) => o.status !== 'done')).toEqual([]);
});
