/**
 * The inventory relies on a credential report only when IAM generated it during the run: then it reads no
 * key's last use that the report gives and no password or key the report does not show. A report served
 * again from before the run is relied on for nothing, and every action re-reads the user whole first.
 */
import { GenerateCredentialReportCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { UserSpec } from '../../sim/scenario';
import type { RunReport } from '../../lambdas/engine/types';
import { account, activeUser, inactiveUserWithEverything, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { clientConfig } from '../support/sim';
import { configFor, runEngine, type RecordedCall } from './engine';
import { memberIam } from './sim-tools';

const DEV = '333333333333';
const STALE_KEY = 'AKIASTALEKEY00000001';

/** Keys only, the newer one last used long ago: a stale key of a user who stays. */
const keysOnly: UserSpec = {
  name: 'ci-deployer',
  created: '-700d',
  accessKeys: [
    { id: 'AKIAFRESHKEY00000001', status: 'Active', created: '-600d', lastUsed: '-2d', lastUsedService: 's3', lastUsedRegion: 'us-east-1' },
    { id: STALE_KEY, status: 'Active', created: '-400d', lastUsed: '-200d', lastUsedService: 's3', lastUsedRegion: 'us-east-1' },
  ],
};
/** A password only, never used since it was set long ago. */
const passwordOnly: UserSpec = { name: 'temp-contractor', created: '-300d', loginProfile: { created: '-300d' } };
/** Two keys created in the same second: the report's slots cannot tell them apart. */
const twins: UserSpec = {
  name: 'twin-keys',
  created: '-500d',
  accessKeys: [
    { id: 'AKIATWINKEY000000001', status: 'Active', created: '-400d', lastUsed: '-300d' },
    { id: 'AKIATWINKEY000000002', status: 'Active', created: '-400d' },
  ],
};

const scenario = () =>
  organization([
    account(DEV, [
      inactiveUserWithEverything('former-employee', DEV),
      keysOnly,
      passwordOnly,
      twins,
      ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'].map((name) => activeUser(name)),
    ]),
  ]);

/** IAM gives a report's time to the second: a run in the same second as the report could be its own. */
const secondLater = () => new Date(Date.now() + 1000);
const verdictsIn = (report: RunReport) => report.accounts.find((a) => a.account.id === DEV)!.verdicts;
const outcomesIn = (report: RunReport) => report.accounts.find((a) => a.account.id === DEV)!.outcomes;
const reads = (calls: readonly RecordedCall[], operation: string) =>
  calls.filter((call) => call.accountId === DEV && call.operation === operation).map((call) => call.input.UserName ?? call.input.AccessKeyId);

test('a report generated during the run spares the reads it answers; a report from before the run spares none; both decide alike', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    const config = configFor(scenario(), { mode: 'report' });
    // GIVEN no credential report yet: IAM generates one during the first run
    const fresh = await runEngine(sim.url, config);
    // AND the second run, a second later and within IAM's 4 hours, is served that same report again
    const served = await runEngine(sim.url, config, { now: secondLater() });

    // THEN the first run reads no key's last use (the report gives each, but for the twins' keys created in
    // the same second) and no password the report does not show
    expect(reads(fresh.calls, 'GetAccessKeyLastUsed').sort()).toEqual(['AKIATWINKEY000000001', 'AKIATWINKEY000000002']);
    expect(reads(fresh.calls, 'GetLoginProfile').sort()).toEqual(['former-employee', 'temp-contractor']);
    expect(reads(fresh.calls, 'ListAccessKeys').sort()).toEqual(['ci-deployer', 'former-employee', 'twin-keys']);
    // AND the second run reads every flagged user whole
    expect(reads(served.calls, 'GetLoginProfile').sort()).toEqual(['ci-deployer', 'former-employee', 'temp-contractor', 'twin-keys']);
    expect(reads(served.calls, 'GetAccessKeyLastUsed')).toHaveLength(6);
    // AND both come to the same verdicts
    expect(verdictsIn(fresh.report!).map((v) => v.userName).sort()).toEqual(['ci-deployer', 'former-employee', 'temp-contractor', 'twin-keys']);
    expect(verdictsIn(fresh.report!)).toEqual(verdictsIn(served.report!));
  } finally {
    await sim.stop();
  }
});

test('a key used after the served report was generated is seen in use', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    const config = configFor(scenario(), { mode: 'report' });
    const first = await runEngine(sim.url, config);
    const staleIn = (report: RunReport) =>
      verdictsIn(report).find((v) => v.userName === 'ci-deployer')?.credentials.some((c) => c.id === STALE_KEY && c.stale);
    expect(staleIn(first.report!)).toBe(true);

    // GIVEN the stale key is used after the report was generated
    await new STSClient(clientConfig(sim.url, { accessKeyId: STALE_KEY, secretAccessKey: 'x' })).send(new GetCallerIdentityCommand({}));

    // WHEN a run is served that report again
    const second = await runEngine(sim.url, config, { now: secondLater() });

    // THEN it reads the key's last use live and finds it in use
    expect(reads(second.calls, 'GetAccessKeyLastUsed')).toContain(STALE_KEY);
    expect(staleIn(second.report!)).toBe(false);
  } finally {
    await sim.stop();
  }
});

test('a key used between a fresh report and the action is not touched: the action re-reads it live', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    const config = configFor(scenario(), { mode: 'disable' });
    const use = new STSClient(clientConfig(sim.url, { accessKeyId: STALE_KEY, secretAccessKey: 'x' }));
    let used = false;
    // GIVEN the stale key is used while the inventory reads its user, after IAM generated the report
    const run = await runEngine(sim.url, config, {
      before: async (call) => {
        if (used || call.operation !== 'GetUser' || call.input.UserName !== 'ci-deployer') return;
        used = true;
        await use.send(new GetCallerIdentityCommand({}));
      },
    });

    // THEN the inventory, relying on the report, plans to deactivate it, and the live re-check keeps it
    expect(used).toBe(true);
    const outcome = outcomesIn(run.report!).find((o) => o.keyId === STALE_KEY);
    expect(outcome).toMatchObject({ kind: 'deactivate-key', status: 'skipped' });
    expect(outcome!.detail).toMatch(/no longer holds on live state/);
    expect(run.calls.filter((call) => call.operation === 'UpdateAccessKey').map((call) => call.input.AccessKeyId)).not.toContain(STALE_KEY);
  } finally {
    await sim.stop();
  }
});

test('a report that expires between GenerateCredentialReport and its reading is generated again, and the account is swept', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    const config = configFor(scenario(), { mode: 'report' });
    // GIVEN a report someone generated almost 4 hours ago, so that IAM serves it again to the run
    await (await memberIam(sim.url, DEV)).send(new GenerateCredentialReportCommand({}));
    await sim.advanceClock('14390s');
    let expired = false;
    // AND its 4 hours run out between the run's GenerateCredentialReport (COMPLETE) and its reading
    const run = await runEngine(sim.url, config, {
      before: async (call) => {
        if (expired || call.accountId !== DEV || call.operation !== 'GetCredentialReport') return;
        expired = true;
        await sim.advanceClock('20s');
      },
    });

    // THEN the sweep asks for a new one and sweeps the account from it
    expect(expired).toBe(true);
    const inDev = (operation: string) => run.calls.filter((call) => call.accountId === DEV && call.operation === operation);
    expect(inDev('GenerateCredentialReport')).toHaveLength(2);
    expect(inDev('GetCredentialReport')).toHaveLength(2);
    const dev = run.report!.accounts.find((a) => a.account.id === DEV)!;
    expect(dev.status).toBe('swept');
    expect(dev.verdicts.map((v) => v.userName).sort()).toEqual(['ci-deployer', 'former-employee', 'temp-contractor', 'twin-keys']);
  } finally {
    await sim.stop();
  }
});
