/** `iam-sweep run` as a child process against the simulator. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../lambdas/engine/types';
import { account, BUCKET, CALLER } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { type TestSimulator } from '../support/sim';
import { runCli } from './cli-process';
import { accountWithoutRole, ACTIVE, DEV, EXCLUDED, INACTIVE, NO_ROLE, testOrganization, userOf, usersOf } from './scenario';

let sim: TestSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const start = async (scenario = testOrganization()) => (sim = await startDeployedSimulator(scenario));

describe('iam-sweep run: modes', () => {
  test('report mode changes nothing, prints the report on stdout and progress on stderr', async () => {
    // GIVEN an organization with an inactive user
    const { url, state } = await start();
    const before = await state();

    // WHEN the CLI runs in the default mode
    const result = await runCli(['run', '--endpoint', url]);

    // THEN no user changed, and the report says what delete mode would do
    expect(result.code).toBe(0);
    expect(usersOf(await state())).toEqual(usersOf(before));
    expect(result.stdout).toContain('iam-sweep report for organization o-a1b2c3d4e5 (nothing was changed)');
    expect(result.stdout).toMatch(new RegExp(`\\n    ${INACTIVE}\\b.*\\n(\\s+would .*\\n)*\\s+would mark disabled`));
    expect(result.stderr).toContain(`account ${DEV} dev: swept, 3 users, 1 inactive`);
  });

  test('disable mode deactivates and tags the inactive user, and leaves the active and excluded ones alone', async () => {
    // GIVEN an inactive user with keys and a password
    const { url, state } = await start();
    const before = await state();

    // WHEN the CLI runs in disable mode
    const result = await runCli(['run', '--endpoint', url, '--mode', 'disable', '--report-bucket', BUCKET]);

    // THEN its keys are inactive, its password is gone and it carries the disabled-at tag
    expect(result.code).toBe(0);
    const after = await state();
    const inactive = userOf(after, DEV, INACTIVE)!;
    expect(inactive.accessKeys?.every((key) => key.status === 'Inactive')).toBe(true);
    expect(inactive.loginProfile).toBeUndefined();
    expect(inactive.tags?.['iam-sweep:disabled-at']).toBeDefined();
    expect(userOf(after, DEV, ACTIVE)).toEqual(userOf(before, DEV, ACTIVE));
    expect(userOf(after, DEV, EXCLUDED)).toEqual(userOf(before, DEV, EXCLUDED));
  });

  test('delete mode with --quarantine-days 0 deletes the inactive user and keeps the active and excluded ones', async () => {
    // GIVEN an inactive, an active and an excluded user
    const { url, state } = await start();
    const before = await state();

    // WHEN the CLI runs in delete mode without quarantine (--endpoint needs no confirmation)
    const result = await runCli(['run', '--endpoint', url, '--mode', 'delete', '--quarantine-days', '0', '--report-bucket', BUCKET]);

    // THEN only the inactive user is gone
    expect(result.code).toBe(0);
    const after = await state();
    expect(userOf(after, DEV, INACTIVE)).toBeUndefined();
    expect(userOf(after, DEV, ACTIVE)).toEqual(userOf(before, DEV, ACTIVE));
    expect(userOf(after, DEV, EXCLUDED)).toEqual(userOf(before, DEV, EXCLUDED));
    expect(result.stdout).toMatch(new RegExp(`\\n    ${INACTIVE}\\b.*\\n\\s+delete user: done`));
  });

  test('--report-json writes the full JSON report', async () => {
    // GIVEN a file to write the report to
    const { url } = await start();
    const file = join(mkdtempSync(join(tmpdir(), 'iam-sweep-cli-')), 'report.json');

    // WHEN the CLI runs with --report-json
    const result = await runCli(['run', '--endpoint', url, '--report-json', file]);

    // THEN the file holds the run's report with every account's verdicts
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
    expect(report.organizationId).toBe('o-a1b2c3d4e5');
    expect(report.mode).toBe('report');
    const dev = report.accounts.find((a) => a.account.id === DEV)!;
    expect(dev.verdicts.find((v) => v.userName === INACTIVE)?.inactive).toBe(true);
  });
});

describe('iam-sweep run: the organization brakes', () => {
  /** Two more small accounts of 3 inactive users: 7 of the 9 users of the organization to act on. */
  const mostlyInactive = () =>
    testOrganization(
      ['555555555555', '666666666666'].map((id) =>
        account(id, ['a', 'b', 'c'].map((n) => ({ name: `gone-${n}`, created: '-400d', passwordLastUsed: '-300d' }))),
      ),
    );
  const deleteAtOnce = ['run', '--mode', 'delete', '--quarantine-days', '0', '--report-bucket', BUCKET];

  test('the organization circuit breaker holds every account, and --max-organization-action-fraction raises it', async () => {
    // GIVEN an organization where 78% of the users would be acted on, no account with 5 users
    const { url, state } = await start(mostlyInactive());
    const before = await state();

    // WHEN delete mode runs with the default limit, then with 0.8
    const held = await runCli([...deleteAtOnce, '--endpoint', url]);
    const heldState = await state();
    const raised = await runCli([...deleteAtOnce, '--endpoint', url, '--max-organization-action-fraction', '0.8']);

    // THEN the first changes nothing and says why; the second deletes the inactive users
    expect(held.code).toBe(0);
    expect(usersOf(heldState)).toEqual(usersOf(before));
    expect(held.stdout).toContain('Organization circuit breaker (a person should look)\n  would act on 7 of 9 users (78%)');
    expect(raised.code).toBe(0);
    expect(userOf(await state(), '555555555555', 'gone-a')).toBeUndefined();
    expect(userOf(await state(), DEV, INACTIVE)).toBeUndefined();
  });

  test('--max-deletions-per-run caps user deletions across accounts, and says who waits for the next run', async () => {
    // GIVEN the same organization with the breaker raised
    const { url, state } = await start(mostlyInactive());

    // WHEN delete mode may delete 2 users in the run
    const result = await runCli([...deleteAtOnce, '--endpoint', url, '--max-organization-action-fraction', '1', '--max-deletions-per-run', '2']);

    // THEN 2 of the 7 users are deleted, and the report holds back the other 5 for the next run
    expect(result.code).toBe(0);
    const after = await state();
    const left = after.accounts.flatMap((a) => (a.users ?? []).filter((u) => u.name.startsWith('gone-') || u.name === INACTIVE));
    expect(left).toHaveLength(5);
    expect(result.stdout.match(/over the cap of 2 user deletions per run; left for the next run/g)).toHaveLength(5);
  });
});

describe('iam-sweep run: failures', () => {
  test('an account without the role fails the run with exit 1, the report names it, and the others are swept', async () => {
    // GIVEN a member account in which AssumeRole is denied
    const { url } = await start(testOrganization([accountWithoutRole()]));

    // WHEN the CLI runs
    const result = await runCli(['run', '--endpoint', url]);

    // THEN it exits 1 and the report lists the account as not swept
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`Accounts not swept\\n  legacy-no-role \\(${NO_ROLE}\\): failed: .*AccessDenied`));
    expect(result.stderr).toContain(`account ${DEV} dev: swept`);
  });

  test('Identity Center asked for and not swept exits 1 with the reason on stderr, as the Lambda alarms', async () => {
    // GIVEN an Identity Center instance in eu-west-1 whose one user signed in 2 days ago
    const identityCenter = {
      adminAccountId: CALLER,
      region: 'eu-west-1',
      instanceArn: 'arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6',
      identityStoreId: 'd-9067a1b2c3',
      users: [{ id: '9067a1b2c3-00000000-0000-4000-a000-000000000001', userName: 'alice', displayName: 'Alice', created: '-400d', signIns: ['-2d'] }],
    };
    const { url } = await start({ ...testOrganization(), identityCenter });

    // WHEN the CLI looks for it in the run's Region, then where it is but with a window CloudTrail cannot cover
    const failed = await runCli(['run', '--endpoint', url, '--identity-center', 'true']);
    const refused = await runCli(['run', '--endpoint', url, '--identity-center', 'true', '--identity-center-region', 'eu-west-1', '--inactive-days', '120']);
    const swept = await runCli(['run', '--endpoint', url, '--identity-center', 'true', '--identity-center-region', 'eu-west-1']);

    // THEN the first two exit 1 saying why, and only the sweep that judged the users exits 0
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Identity Center \(no instance in us-east-1\) was not swept: failed: .*no active IAM Identity Center instance in us-east-1/);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Identity Center \(d-9067a1b2c3 in eu-west-1\) was not swept: refused: .*CloudTrail event history holds only 90 days/);
    expect(swept.code).toBe(0);
    expect(swept.stderr).not.toContain('was not swept');
  });

  test('an organization that cannot be read exits 1 and says so', async () => {
    // GIVEN Organizations denies the caller
    const { url } = await start({
      ...testOrganization(),
      faults: { failOperations: [{ service: 'organizations', operation: 'DescribeOrganization', code: 'AccessDeniedException' }] },
    });

    // WHEN the CLI runs
    const result = await runCli(['run', '--endpoint', url]);

    // THEN it exits 1 with the reason
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the organization could not be read: AccessDeniedException');
    expect(result.stdout).toBe('');
  });
});

describe('iam-sweep run: input checked before any AWS call', () => {
  test.each([
    [['--inactive-days', 'abc'], '--inactive-days="abc" is not valid: use a whole number from 1 to 3650'],
    [['--inactive-days=0'], '--inactive-days="0" is not valid'],
    [['--mode', 'purge'], '--mode="purge" is not valid: use one of report, disable, delete'],
    [['--mode', 'delete'], '--report-bucket="" is not valid: required in delete mode'],
    [['--bogus', '1'], 'unknown flag --bogus'],
    [['--concurrency'], '--concurrency needs a value'],
    [['--region', 'mars'], '--region="mars" is not valid'],
    [['--max-deletions-per-run', 'many'], '--max-deletions-per-run="many" is not valid: use a whole number from 0 to 100000'],
    [['--max-organization-action-fraction', '2'], '--max-organization-action-fraction="2" is not valid: use a fraction greater than 0'],
  ])('%j exits 2 naming the flag', async (flags, message) => {
    // GIVEN a simulator that counts calls
    const { url, calls } = await start();

    // WHEN the CLI gets a bad flag
    const result = await runCli(['run', '--endpoint', url, ...flags]);

    // THEN it exits 2, names the flag and called nothing
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect((await calls()).total).toBe(0);
  });

  test('delete mode against a real endpoint with no terminal and no --yes is refused with exit 2, and nothing is called', async () => {
    // GIVEN the SDK's own endpoint setting points at the simulator, so the CLI sees no --endpoint
    const { url, calls, state } = await start();
    const before = await state();

    // WHEN delete mode runs without --yes and with stdin not a terminal
    const result = await runCli(['run', '--mode', 'delete', '--quarantine-days', '0', '--report-bucket', BUCKET], {
      AWS_ENDPOINT_URL: url,
    });

    // THEN it refuses before any call
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs confirmation, but there is no terminal to ask on: pass --yes');
    expect((await calls()).total).toBe(0);
    expect(usersOf(await state())).toEqual(usersOf(before));
  });

  test('delete mode against a real endpoint runs unattended with --yes', async () => {
    // GIVEN the same setup as the refusal
    const { url, state } = await start();

    // WHEN --yes is given
    const result = await runCli(['run', '--mode', 'delete', '--quarantine-days', '0', '--report-bucket', BUCKET, '--yes'], {
      AWS_ENDPOINT_URL: url,
    });

    // THEN the sweep runs
    expect(result.code).toBe(0);
    expect(userOf(await state(), DEV, INACTIVE)).toBeUndefined();
  });

  test('--help prints the flags from the engine settings and exits 0', async () => {
    const result = await runCli(['run', '--help']);
    expect(result.code).toBe(0);
    const flags = ['--mode', '--inactive-days', '--max-action-fraction', '--max-deletions-per-run', '--max-organization-action-fraction'];
    for (const flag of [...flags, '--accounts', '--endpoint', '--report-json', '--yes']) {
      expect(result.stdout).toContain(flag);
    }
  });
});
