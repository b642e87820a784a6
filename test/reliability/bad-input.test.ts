/**
 * Bad input: every configuration variable with an invalid value (through the built Lambda: a clear error,
 * no AWS call); malformed credential reports (that account fails, nothing in it is touched); and an
 * organization whose report is far over SNS's 256 KiB (the email is cut at a line and points at the JSON).
 */
import fc from 'fast-check';
import { ConfigError, configToEnv, parseSweepConfig, rawSettingsFromEnv, SETTINGS, type SettingName } from '../../lambdas/engine/config';
import { MAX_MESSAGE_BYTES, renderText } from '../../lambdas/engine/report';
import type { RunReport } from '../../lambdas/engine/types';
import { generateOrganizationWithTruth } from '../../sim/generator';
import type { CredentialReportCorruption, Scenario } from '../../sim/scenario';
import { invokeBuiltHandler } from '../support/handler';
import { account, activeUser, BUCKET, inactiveUserWithEverything, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { type TestSimulator } from '../support/sim';
import { configFor, runEngine } from './engine';
import { changingCalls, expectationOf, invariantViolations, sameJson, usersOf } from './oracle';
import { evidenceOf } from './sim-tools';

describe('every configuration variable with an invalid value', () => {
  /** At least one invalid value per setting: a setting added without one here does not compile. */
  const INVALID: Record<SettingName, string[]> = {
    mode: ['purge', 'DELETE'],
    inactiveDays: ['0', 'ninety', '-5', '3651', '1.5', '1e2'],
    quarantineDays: ['-1', 'thirty', '3651'],
    roleName: ['Iam Sweep Role', 'r'.repeat(65)],
    topicArn: ['iam-sweep-report', 'arn:aws:sqs:us-east-1:123456789012:iam-sweep-report'],
    reportBucket: ['Reports_Bucket', 'ab'],
    optOutTag: ['opt-out', '=true', 'iam-sweep:opt-out=off'],
    excludeTag: ['exclude', '=true', 'iam-sweep:exclude=False'],
    excludeUsers: ['arn:aws:iam::123456789012:role/admin'],
    maxDeletionsPerAccount: ['many', '-1', '10001'],
    maxActionFraction: ['0', '1.5', '50%', 'half'],
    maxDeletionsPerRun: ['lots', '-1', '100001'],
    maxOrganizationActionFraction: ['0', '1.01', '25%'],
    concurrency: ['0', '257', 'all'],
    accounts: ['12345', '123456789012,abc', ','],
    targetOus: ['ou-sandbox', 'r-a1b2,Workloads', '123456789012'],
    skipManagementAccount: ['yes'],
    identityCenter: ['yes'],
    identityCenterRegion: ['mars'],
    unusedRoles: ['maybe'],
    unusedRoleExcludes: ['role name with spaces'],
    cloudTrailRegions: ['earth', 'us-east-1,us-east-1'],
  };
  const cases = (Object.keys(INVALID) as SettingName[]).flatMap((name) => INVALID[name].map((value) => [SETTINGS[name].env, value] as const));

  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startDeployedSimulator(organization([account('333333333333', [inactiveUserWithEverything('former-employee', '333333333333')])]));
  });
  afterAll(() => sim.stop());

  const invoke = (env: Record<string, string>) => invokeBuiltHandler(sim.url, env, () => 600_000);

  test.each(cases)('%s=%j stops the Lambda with a message naming it, before any AWS call', async (variable, value) => {
    await sim.resetCalls();
    const env = { [variable]: value, ...(variable === 'SWEEP_MODE' ? {} : { SWEEP_MODE: 'delete' }) };
    const error = await invoke(env).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error?.name).toBe('ConfigError');
    // Names the variable and the value (or the bad item of a list), then says what is allowed.
    const named = new RegExp(`^${variable}="([^"]*)" is not valid: \\S.{10,}$`).exec(error!.message);
    expect(named).not.toBeNull();
    expect(value).toContain(named![1]);
    expect((await sim.calls()).total).toBe(0);
  });

  test('SWEEP_REPORT_BUCKET missing in delete mode stops the Lambda: no backup, no deletion', async () => {
    await sim.resetCalls();
    await expect(invoke({ SWEEP_MODE: 'delete', SWEEP_REPORT_BUCKET: '' })).rejects.toThrow(
      'SWEEP_REPORT_BUCKET="" is not valid: required in delete mode',
    );
    expect((await sim.calls()).total).toBe(0);
  });

  test('the valid settings of every case above do run (the errors are the invalid values, nothing else)', async () => {
    await invoke({ SWEEP_MODE: 'report' });
    expect((await sim.calls()).total).toBeGreaterThan(0);
  });

  test('an allow-list that names no account is refused, not read as "sweep nothing"', () => {
    for (const accounts of [',', ' , ,']) {
      expect(() => parseSweepConfig({ accounts })).toThrow(`SWEEP_ACCOUNTS=${JSON.stringify(accounts.trim())} is not valid: use comma-separated 12-digit account ids`);
    }
  });

  test('any string for any setting: either refused naming that setting, or read into a config that round-trips', () => {
    const names = Object.keys(SETTINGS) as SettingName[];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.oneof(fc.string(), fc.stringMatching(/^[\w ,.:=*?@/+-]{0,30}$/)), (name, value) => {
        const raw = { reportBucket: BUCKET, [name]: value };
        let config;
        try {
          config = parseSweepConfig(raw);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          expect(error.setting).toBe(SETTINGS[name].env);
          expect(error.message.startsWith(`${SETTINGS[name].env}=`)).toBe(true);
          return;
        }
        expect(parseSweepConfig(rawSettingsFromEnv(configToEnv(config)))).toEqual(config);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a malformed credential report', () => {
  const BROKEN = '333333333333';
  const FINE = '444444444444';
  const users = (id: string) => [
    inactiveUserWithEverything('former-employee', id),
    { name: 'gone', created: '-400d', passwordLastUsed: '-300d', loginProfile: { created: '-400d' } },
    { name: 'dormant-key', created: '-400d', passwordLastUsed: '-2d', accessKeys: [{ id: `AKIADORMANT${id}0`, status: 'Active' as const, created: '-200d' }] },
    activeUser(`active-${id}`),
  ];
  const corruptions: CredentialReportCorruption[] = ['truncated', 'bad-date', 'missing-column', 'missing-user', 'empty', 'not-csv'];

  test.concurrent.each(corruptions)('%s: that account fails, nothing in it is touched, the others are swept', async (corruption) => {
    const scenario = organization([account(BROKEN, users(BROKEN)), account(FINE, users(FINE))], {
      faults: { corruptCredentialReport: [{ accountId: BROKEN, corruption }] },
    });
    const sim = await startDeployedSimulator(scenario);
    try {
      const before = await sim.state();
      const config = configFor(scenario, { mode: 'delete', quarantineDays: '0', maxActionFraction: '1', maxOrganizationActionFraction: '1' });
      const run = await runEngine(sim.url, config);
      const report = run.report!;
      const broken = report.accounts.find((a) => a.account.id === BROKEN)!;
      expect(broken).toMatchObject({ status: 'failed', error: expect.stringMatching(/credential report/), outcomes: [] });
      expect(sameJson([...usersOf(before, BROKEN).values()], [...usersOf(await sim.state(), BROKEN).values()])).toBe(true);
      expect([...usersOf(await sim.state(), BROKEN).keys()].sort()).toEqual(['active-333333333333', 'dormant-key', 'former-employee', 'gone']);
      expect(changingCalls(run.calls, BROKEN)).toEqual([]);
      expect(report.accounts.find((a) => a.account.id === FINE)!.status).toBe('swept');
      expect([...usersOf(await sim.state(), FINE).keys()].sort()).toEqual(['active-444444444444', 'dormant-key']);
      expect((await sim.sns())[0].message).toMatch(new RegExp(`acct-333 \\(${BROKEN}\\): failed: CredentialReportError: credential report: `));

      const evidence = await evidenceOf(sim, before, [report], run.calls, 1);
      expect(invariantViolations(expectationOf(before, config, run.now), evidence)).toEqual([]);
    } finally {
      await sim.stop();
    }
  });

  test.concurrent('is not confused with a well-formed report that quotes a user name holding a comma', async () => {
    const scenario = organization([account(FINE, [{ name: 'ops,admin', created: '-400d', passwordLastUsed: '-300d' }, activeUser('active')])]);
    const sim = await startDeployedSimulator(scenario);
    try {
      const run = await runEngine(sim.url, configFor(scenario, { mode: 'delete', quarantineDays: '0', maxActionFraction: '1', maxOrganizationActionFraction: '1' }));
      expect(run.report!.accounts.find((a) => a.account.id === FINE)).toMatchObject({ status: 'swept' });
      expect([...usersOf(await sim.state(), FINE).keys()]).toEqual(['active']);
    } finally {
      await sim.stop();
    }
  });
});

describe('an organization whose report is over 256 KiB', () => {
  /** A few hundred users to act on, in accounts named with multi-byte characters: bytes, not characters, count. */
  function bigOrganization(): Scenario {
    const { scenario } = generateOrganizationWithTruth({
      accounts: 9,
      usersPerAccount: 140,
      seed: 256,
      inactiveShare: 0.5,
      staleKeyShare: 0.3,
      excludedShare: 0.05,
      suspendedAccounts: 0,
      accountsWithoutRole: 0,
      optedOutAccountShare: 0,
    });
    scenario.accounts.forEach((a, i) => {
      a.name = `Größe-✓-Überprüfung-${i}`;
      for (const user of a.users ?? []) user.name = `${user.name}-with-a-long-descriptive-name`.slice(0, 64);
    });
    return scenario;
  }

  test.concurrent('the email is cut at a line, stays under the SNS limit, and points at the full JSON in the bucket', async () => {
    const scenario = bigOrganization();
    const sim = await startDeployedSimulator(scenario);
    try {
      const config = configFor(scenario, { mode: 'report', maxActionFraction: '1', maxOrganizationActionFraction: '1', excludeUsers: 'svc-legacy-*' });
      const report = (await runEngine(sim.url, config)).report!;
      const full = renderText(report, Number.POSITIVE_INFINITY);
      expect(Buffer.byteLength(full, 'utf8')).toBeGreaterThan(256 * 1024);

      const [email] = await sim.sns();
      expect(Buffer.byteLength(email.message, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      expect([...email.subject!].length).toBeLessThanOrEqual(100);

      // Cut cleanly: what is kept is the full text up to a line break, then one closing line.
      const cut = /\n\n\[cut: (\d+) more lines \((\d+) bytes\) left out of this email; the full report is at (s3:\/\/\S+)\]\n$/.exec(email.message);
      expect(cut).not.toBeNull();
      const kept = email.message.slice(0, cut!.index);
      expect(full.startsWith(`${kept}\n`)).toBe(true);
      expect(Number(cut![1])).toBe(full.split('\n').length - 1 - kept.split('\n').length);
      expect(Number(cut![2])).toBe(Buffer.byteLength(full, 'utf8') - Buffer.byteLength(kept, 'utf8') - 1);

      // The full JSON is where the email says, and holds every account and every verdict.
      expect(cut![3]).toBe(report.reportLocation);
      const key = cut![3].replace(`s3://${scenario.s3Buckets![0]}/`, '');
      const json = (await sim.s3()).find((o) => o.key === key);
      const saved = JSON.parse(json!.body) as RunReport;
      expect(saved.accounts.map((a) => a.account.id).sort()).toEqual(scenario.accounts.map((a) => a.id).sort());
      expect(saved.accounts.reduce((n, a) => n + a.verdicts.length, 0)).toBe(report.accounts.reduce((n, a) => n + a.verdicts.length, 0));
    } finally {
      await sim.stop();
    }
  }, 120_000);
});
