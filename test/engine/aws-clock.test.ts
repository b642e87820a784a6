/**
 * The run's time is AWS's: a host whose clock is off judges users by AWS's clock (the `Date` of AWS's
 * answers), and the report says so.
 */
import { clockCorrection, MAX_CLOCK_SKEW_MS } from '../../lambdas/engine/aws-clock';
import type { UserSpec } from '../../sim/scenario';
import { startDeployedSimulator } from '../support/deployed';
import { account, organization } from '../support/org';
import type { TestSimulator } from '../support/sim';
import { configFor, runEngine } from '../reliability/engine';

const DAY_MS = 86_400_000;
const DEV = '333333333333';

describe('clockCorrection', () => {
  const aws = new Date('2026-12-07T04:00:00Z');

  test('keeps the host time within 5 minutes of AWS', () => {
    expect(clockCorrection(new Date(aws.getTime() + MAX_CLOCK_SKEW_MS), aws)).toEqual({ offsetMs: 0 });
    expect(clockCorrection(new Date(aws.getTime() - MAX_CLOCK_SKEW_MS), aws)).toEqual({ offsetMs: 0 });
  });

  test('keeps the host time when AWS stated none', () => {
    expect(clockCorrection(aws, undefined)).toEqual({ offsetMs: 0 });
  });

  test('takes AWS time beyond 5 minutes, and says by how much and which way the host is off', () => {
    const ahead = clockCorrection(new Date(aws.getTime() + 100 * DAY_MS), aws);
    expect(ahead.offsetMs).toBe(-100 * DAY_MS);
    expect(ahead.warning).toBe(
      "this host's clock is 100 days ahead of AWS's (host 2027-03-17T04:00:00.000Z, AWS 2026-12-07T04:00:00.000Z): " +
        "the run used AWS's time, so inactivity is measured by AWS's clock",
    );
    expect(clockCorrection(new Date(aws.getTime() - 6 * 60_000), aws).warning).toMatch(/^this host's clock is 6 minutes behind AWS's/);
  });
});

describe('a sweep from a host whose clock is off', () => {
  const signedInRecently: UserSpec = {
    name: 'signed-in-10-days-ago',
    created: '-400d',
    passwordLastUsed: '-10d',
    loginProfile: { created: '-400d' },
    accessKeys: [{ id: 'AKIATENDAYSAGO000001', status: 'Active', created: '-300d', lastUsed: '-10d' }],
  };
  const goneLongAgo: UserSpec = {
    name: 'gone-200-days',
    created: '-400d',
    passwordLastUsed: '-200d',
    loginProfile: { created: '-400d' },
  };
  const scenario = () => organization([account(DEV, [signedInRecently, goneLongAgo])]);

  let sim: TestSimulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  test('a host 100 days ahead disables nobody who signed in 10 days ago by AWS clock, and the report says which clock it used', async () => {
    // GIVEN a user who signed in 10 days ago by AWS's clock, and a host clock 100 days ahead
    sim = await startDeployedSimulator(scenario());
    const hostNow = new Date(Date.now() + 100 * DAY_MS);
    // WHEN the engine runs in disable mode
    const { report } = await runEngine(sim.url, configFor(scenario(), { mode: 'disable' }), { now: hostNow });
    // THEN only the user gone for 200 days is judged inactive, and the other keeps its password and key
    const dev = report!.accounts.find((a) => a.account.id === DEV)!;
    expect(dev.verdicts.filter((v) => v.inactive).map((v) => v.userName)).toEqual(['gone-200-days']);
    const kept = (await sim.state()).accounts.find((a) => a.id === DEV)!.users!.find((u) => u.name === 'signed-in-10-days-ago')!;
    expect(kept.loginProfile).toBeDefined();
    expect(kept.accessKeys!.map((k) => k.status)).toEqual(['Active']);
    // AND the run's times are AWS's
    expect(Math.abs(Date.parse(report!.startedAt) - Date.now())).toBeLessThan(60_000);
    // AND the JSON report and the email warn that the host's clock was off
    expect(report!.clockWarning).toMatch(/^this host's clock is 100 days ahead of AWS's/);
    const [email] = await sim.sns();
    expect(email.message).toContain(`Warning: ${report!.clockWarning}.`);
  });

  test('a host 100 days behind still judges the user gone for 200 days inactive', async () => {
    // GIVEN a host clock 100 days behind AWS
    sim = await startDeployedSimulator(scenario());
    // WHEN the engine runs
    const { report } = await runEngine(sim.url, configFor(scenario()), { now: new Date(Date.now() - 100 * DAY_MS) });
    // THEN the user unused for 200 days by AWS's clock is inactive, and the report says the host is behind
    const dev = report!.accounts.find((a) => a.account.id === DEV)!;
    expect(dev.verdicts.filter((v) => v.inactive).map((v) => v.userName)).toEqual(['gone-200-days']);
    expect(report!.clockWarning).toMatch(/^this host's clock is 100 days behind AWS's/);
  });

  test('a host within 5 minutes of AWS keeps its own time and the report carries no warning', async () => {
    sim = await startDeployedSimulator(scenario());
    const hostNow = new Date(Date.now() + 60_000);
    const { report } = await runEngine(sim.url, configFor(scenario()), { now: hostNow });
    expect(report!.startedAt).toBe(hostNow.toISOString());
    expect(report!.clockWarning).toBeUndefined();
    expect((await sim.sns())[0].message).not.toContain('Warning:');
  });
});
