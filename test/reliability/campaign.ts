/**
 * The fault campaign: one organization, swept in `delete` mode with quarantine 0 by the real engine, once
 * without faults (what every case is expected to do) and once per case under the case's faults. Each case
 * asserts the final state and the report, and the tally counts what was expected, done, reported and lost.
 * `faults.test.ts` and `npm run test:faults` (print-faults.ts) run these same cases.
 */
import type { RawSettings } from '../../lambdas/engine/config';
import type { ActionKind, RunReport } from '../../lambdas/engine/types';
import type { CallCounts } from '../../sim/calls';
import type { Faults, Scenario, UserSpec } from '../../sim/scenario';
import type { PublishedMessage } from '../../sim/state';
import { account, activeUser, BUCKET, CALLER, inactiveUserWithEverything, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { type S3ObjectView } from '../support/sim';
import { configFor, runEngine, type EngineRun, type EngineRunOptions } from './engine';
import { changingCalls, effectHolds, expectationOf, invariantViolations, sameJson, usersOf, wholeUserBackups } from './oracle';
import { evidenceOf } from './sim-tools';

export const DEV = '333333333333';
export const OPS = '444444444444';
export const SANDBOX = '555555555555';
export const SUSPENDED = '666666666666';
export const NO_ROLE = '777777777777';
export const DATA = '888888888888';
export const KEYS = '999999999999';
export const OPERATOR_ARN = `arn:aws:iam::${CALLER}:user/iam-sweep-operator`;

const WORKLOADS = 'ou-a1b2-work0001';
const SANDBOX_OU = 'ou-a1b2-sandbox1';
const gone = (): UserSpec[] => [{ name: 'gone', created: '-400d', passwordLastUsed: '-300d', loginProfile: { created: '-400d' } }];

/**
 * The campaign's organization: a user for each kind of action and each kind of protection, spread over
 * accounts so that none holds much work (under throttling each account's client slows to about one call a
 * second), an opted-out, a suspended and a role-less account, and the sweep running as an IAM user of its
 * own account.
 */
export function campaignOrganization(): Scenario {
  return organization(
    [
      account(DEV, [inactiveUserWithEverything('former-employee', DEV), activeUser('active-dev')], { name: 'dev', parentId: WORKLOADS }),
      account(OPS, [
        {
          name: 'contractor',
          created: '-400d',
          passwordLastUsed: '-200d',
          loginProfile: { created: '-400d' },
          groups: ['developers'],
          inlinePolicies: { 'read-logs': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:Get*', Resource: '*' }] } },
          tags: { team: 'ops' },
        },
        { ...inactiveUserWithEverything('breakglass', OPS), tags: { 'iam-sweep:exclude': 'true' } },
        activeUser('active-ops'),
      ], { name: 'ops', parentId: WORKLOADS }),
      account(DATA, [
        { name: 'console-removed-long-ago', created: '-400d', passwordLastUsed: '-200d', groups: ['developers'] },
        { name: 'svc-legacy-export', created: '-900d', accessKeys: [{ id: 'AKIASVCLEGACY0000001', status: 'Active', created: '-800d' }] },
        activeUser('active-data'),
      ], { name: 'data', parentId: WORKLOADS }),
      account(KEYS, [
        {
          name: 'key1-stale-key2-used',
          created: '-400d',
          accessKeys: [
            { id: 'AKIAKEYONESTALE00001', status: 'Active', created: '-300d', lastUsed: '-200d' },
            { id: 'AKIAKEYTWOUSED000002', status: 'Active', created: '-300d', lastUsed: '-1d' },
          ],
        },
        {
          name: 'dormant-key',
          created: '-400d',
          passwordLastUsed: '-2d',
          loginProfile: { created: '-400d' },
          accessKeys: [{ id: 'AKIADORMANTNEVERUSED', status: 'Active', created: '-200d' }],
        },
      ], { name: 'keys', parentId: WORKLOADS }),
      account(SANDBOX, gone(), { name: 'sandbox', parentId: SANDBOX_OU }),
      account(SUSPENDED, gone(), { name: 'suspended', state: 'SUSPENDED' }),
      account(NO_ROLE, gone(), { name: 'no-role', roles: [] }),
    ],
    { callerArn: OPERATOR_ARN },
  );
}

/** The sweep principal lives in the caller account, and looks inactive: it must never be touched. */
function withOperator(scenario: Scenario): Scenario {
  const caller = scenario.accounts.find((a) => a.id === CALLER)!;
  caller.users = [...(caller.users ?? []), { name: 'iam-sweep-operator', created: '-700d', passwordLastUsed: '-400d' }];
  return scenario;
}

export const CAMPAIGN_SETTINGS: RawSettings = {
  mode: 'delete',
  quarantineDays: '0',
  maxActionFraction: '1',
  maxOrganizationActionFraction: '1',
  maxDeletionsPerAccount: '25',
  maxDeletionsPerRun: '100000',
  excludeUsers: 'svc-legacy-*',
};

/** One action, as the tally counts it. */
export interface ActionRef {
  accountId: string;
  userName: string;
  kind: ActionKind;
  keyId?: string;
}

export const actionLabel = (a: ActionRef) => `${a.accountId} ${a.userName} ${a.kind}${a.keyId ? ` ${a.keyId}` : ''}`;

export interface CaseRun {
  /** The simulator's state before the first run. */
  before: Scenario;
  after: Scenario;
  runs: EngineRun[];
  /** The reports of the runs that finished. */
  reports: RunReport[];
  sns: PublishedMessage[];
  objects: S3ObjectView[];
  simCalls: CallCounts;
}

export interface FaultCase {
  name: string;
  /** What is injected, for the table. */
  faults: string;
  /** Faults the simulator starts with. */
  simFaults?: Partial<Faults>;
  /** Changes to the organization before the run (the clean run sweeps it unchanged). */
  organization?: (scenario: Scenario) => void;
  settings?: RawSettings;
  /** The runs of the case; one plain run by default. */
  run?: (url: string, settings: RawSettings, scenario: Scenario) => Promise<EngineRun[]>;
  /** No fault is left at the end: the last run must have done everything the planner calls for. */
  complete?: boolean;
  /** Accounts whose AssumeRole the fault denies. */
  denied?: string[];
  /** Users the fault deletes, as someone else would. */
  removedByOthers?: { accountId: string; userName: string }[];
  /** The case's own assertions on the final state and the report(s); one line per problem. */
  check: (result: CaseRun, baseline: Baseline) => string[];
}

export interface Tally {
  expected: number;
  done: number;
  reported: number;
  lost: string[];
}

export interface CaseResult {
  name: string;
  faults: string;
  tally: Tally;
  problems: string[];
  ms: number;
  result?: CaseRun;
}

export interface Baseline {
  expected: ActionRef[];
  after: Scenario;
  report: RunReport;
}

/** A problem unless `condition` holds. */
const must = (condition: boolean, problem: string): string[] => (condition ? [] : [problem]);

const outcomesOf = (reports: RunReport[]) => reports.flatMap((r) => r.accounts.flatMap((a) => a.outcomes));
const sameAction = (a: ActionRef, b: ActionRef) =>
  a.accountId === b.accountId && a.userName === b.userName && a.kind === b.kind && (a.keyId ?? '') === (b.keyId ?? '');
const lastReport = (result: CaseRun) => result.reports[result.reports.length - 1];
const namesIn = (state: Scenario, accountId: string) => [...usersOf(state, accountId).keys()].sort();
const unchanged = (result: CaseRun, accountIds: string[]) =>
  accountIds.flatMap((id) => must(sameJson([...usersOf(result.before, id).values()], [...usersOf(result.after, id).values()]), `${id}: its users changed`));
const memberCallsIn = (result: CaseRun, accountId: string) => result.runs.flatMap((r) => r.calls).filter((c) => c.accountId === accountId);
const sameUsersAsBaseline = (result: CaseRun, baseline: Baseline) =>
  [DEV, OPS, DATA, KEYS, CALLER].flatMap((id) =>
    must(namesIn(result.after, id).join() === namesIn(baseline.after, id).join(), `${id}: users left ${namesIn(result.after, id)} differ from a clean run's ${namesIn(baseline.after, id)}`),
  );
const nothingFailed = (result: CaseRun) => {
  const report = lastReport(result);
  const notDone = report ? report.accounts.flatMap((a) => a.outcomes).filter((o) => o.status !== 'done') : [];
  return must(notDone.length === 0, `outcomes not done: ${JSON.stringify(notDone)}`);
};

/** Why an expected action that was not done is accounted for in the case's reports, if it is. */
function reportedReason(action: ActionRef, reports: RunReport[]): string | undefined {
  for (const report of reports) {
    const outcome = report.accounts
      .flatMap((a) => a.outcomes)
      .find((o) => sameAction(o, action) && (o.status === 'failed' || o.status === 'skipped') && o.detail);
    if (outcome) return `${outcome.status}: ${outcome.detail}`;
    const result = report.accounts.find((a) => a.account.id === action.accountId);
    const held = result?.plan?.heldBack.find((h) => h.userName === action.userName && h.reason);
    if (held) return `held back: ${held.reason}`;
    if (result && result.status !== 'swept' && result.error) return `account ${result.status}: ${result.error}`;
    const skipped = report.skipped.find((s) => s.id === action.accountId && s.detail);
    if (skipped) return `account skipped: ${skipped.detail}`;
  }
  return undefined;
}

/** Expected, done, reported and lost, as the table defines them (see TALLY_DEFINITION). */
export function tally(expected: ActionRef[], result: CaseRun, removedByOthers: FaultCase['removedByOthers'] = []): Tally {
  const outcomes = outcomesOf(result.reports);
  let done = 0;
  let reported = 0;
  const lost: string[] = [];
  for (const action of expected) {
    const claimed = outcomes.some((o) => sameAction(o, action) && o.status === 'done');
    if (claimed && effectHolds(action, result.after)) {
      done++;
    } else if (reportedReason(action, result.reports)) {
      reported++;
    } else {
      lost.push(`${actionLabel(action)}: ${claimed ? 'reported done, but the state does not show it' : 'neither done nor reported'}`);
    }
  }
  const others = new Set(removedByOthers.map((u) => `${u.accountId}/${u.userName}`));
  for (const acct of result.before.accounts) {
    const left = usersOf(result.after, acct.id);
    for (const user of acct.users ?? []) {
      if (left.has(user.name) || others.has(`${acct.id}/${user.name}`)) continue;
      if (wholeUserBackups(result.objects, acct.id, user.name).length === 0) lost.push(`${acct.id} ${user.name}: deleted without a backup`);
    }
  }
  return { expected: expected.length, done, reported, lost };
}

export const TALLY_DEFINITION = [
  'expected  actions (account, user, kind, key) that a clean run - same organization, same settings, no faults - reports done',
  'done      expected actions that a run of the case reports done and whose effect the final state shows',
  '          (user gone; key gone or inactive; password gone; tag set; or the whole user gone)',
  'reported  expected actions not done for which a report of the case gives a reason: the action failed or',
  '          skipped with a detail, its user held back with a reason, or its account failed, not reached or',
  '          skipped with a reason',
  'lost      expected actions neither done nor reported (a "done" the final state does not show included), plus',
  '          users deleted without a backup in the bucket (users the fault itself deleted excepted); must be 0',
];

/** Kills the run just before it deletes this user's virtual MFA device: after DeactivateMFADevice, as a crash would. */
const killBeforeVirtualMfaDeletion = (userName: string): EngineRunOptions['kill'] => ({
  when: (call) => call.operation === 'DeleteVirtualMFADevice' && String(call.input.SerialNumber).endsWith(`:mfa/${userName}`),
});

export const CASES: FaultCase[] = [
  {
    name: '30% throttling',
    faults: 'throttleRate 0.3, every service',
    simFaults: { throttleRate: 0.3, seed: 30 },
    complete: true,
    check: (result, baseline) => [...sameUsersAsBaseline(result, baseline), ...nothingFailed(result)],
  },
  {
    name: '5% server errors',
    faults: 'serverErrorRate 0.05, every service',
    simFaults: { serverErrorRate: 0.05, seed: 5 },
    complete: true,
    check: (result, baseline) => [...sameUsersAsBaseline(result, baseline), ...nothingFailed(result)],
  },
  {
    name: 'latency spikes',
    faults: 'latency 5 ms, +400 ms on 20% of calls',
    simFaults: { latencyMs: 5, latencySpikeRate: 0.2, latencySpikeMs: 400, seed: 20 },
    complete: true,
    check: (result, baseline) => [...sameUsersAsBaseline(result, baseline), ...nothingFailed(result)],
  },
  {
    name: 'AssumeRole denied',
    faults: `AccessDenied into ${DEV}, ${DATA}`,
    simFaults: { denyAssumeRole: [DEV, DATA] },
    denied: [DEV, DATA],
    complete: true,
    check: (result) => {
      const report = lastReport(result);
      return [
        ...[DEV, DATA].flatMap((id) => {
          const r = report.accounts.find((a) => a.account.id === id);
          return must(r?.status === 'failed' && /AccessDenied/.test(r.error ?? ''), `${id}: not reported failed with AccessDenied`);
        }),
        ...unchanged(result, [DEV, DATA]),
        ...must(!usersOf(result.after, OPS).has('contractor'), 'the other accounts were not swept'),
      ];
    },
  },
  {
    name: 'suspended account',
    faults: `${DATA} SUSPENDED since the clean run`,
    organization: (scenario) => void (scenario.accounts.find((a) => a.id === DATA)!.state = 'SUSPENDED'),
    complete: true,
    check: (result) => [
      ...must(lastReport(result).skipped.some((s) => s.id === DATA && s.reason === 'not-active'), `${DATA}: not reported skipped as not active`),
      ...must(memberCallsIn(result, DATA).length === 0 && !result.simCalls.byAccount[DATA], `${DATA}: entered although suspended`),
      ...unchanged(result, [DATA]),
    ],
  },
  {
    name: 'user deleted by someone else',
    faults: `${OPS} contractor deleted after its live read, before the re-check`,
    simFaults: { deleteUserOnCall: [{ accountId: OPS, userName: 'contractor', operation: 'GetUser', occurrence: 2 }] },
    removedByOthers: [{ accountId: OPS, userName: 'contractor' }],
    complete: true,
    check: (result) => {
      const outcome = outcomesOf(result.reports).find((o) => o.userName === 'contractor');
      return [
        ...must(!usersOf(result.after, OPS).has('contractor'), 'contractor is still there'),
        ...must(outcome?.status === 'skipped' && /no longer exists/.test(outcome.detail ?? ''), `contractor: ${JSON.stringify(outcome)}`),
        ...must(!result.objects.some((o) => o.key.startsWith(`backups/${OPS}/contractor/`)), 'a backup was written of a user that was gone'),
      ];
    },
  },
  {
    name: 'user deleted before its live read',
    faults: `${OPS} contractor deleted after the credential report`,
    simFaults: { deleteUserOnCall: [{ accountId: OPS, userName: 'contractor', operation: 'GetUser', occurrence: 1 }] },
    removedByOthers: [{ accountId: OPS, userName: 'contractor' }],
    complete: true,
    check: (result) => {
      const ops = lastReport(result).accounts.find((a) => a.account.id === OPS);
      return [
        ...must(!usersOf(result.after, OPS).has('contractor'), 'contractor is still there'),
        ...must(ops?.plan?.heldBack.some((h) => h.userName === 'contractor' && /no longer exists/.test(h.reason)) ?? false,
          `the report does not say contractor was gone: ${JSON.stringify(ops?.plan?.heldBack)}`),
        ...nothingFailed(result),
      ];
    },
  },
  {
    name: 'user deleted during its deletion',
    faults: `${DEV} former-employee deleted by someone else once its password is gone`,
    // ListAccessKeys of the user: the live read, the re-check, the backup, then the deletion's access-keys step.
    simFaults: { deleteUserOnCall: [{ accountId: DEV, userName: 'former-employee', operation: 'ListAccessKeys', occurrence: 4 }] },
    removedByOthers: [{ accountId: DEV, userName: 'former-employee' }],
    complete: true,
    check: (result) => {
      const outcome = outcomesOf(result.reports).find((o) => o.userName === 'former-employee');
      return [
        ...must(!usersOf(result.after, DEV).has('former-employee'), 'former-employee is still there'),
        ...must(outcome?.status === 'done' || (outcome?.status === 'skipped' && /no longer exists/.test(outcome.detail ?? '')), `former-employee: ${JSON.stringify(outcome)}`),
        ...nothingFailed(result),
      ];
    },
  },
  {
    name: 'killed mid-deletion',
    faults: 'process killed after DeactivateMFADevice of former-employee; 2nd run',
    settings: { concurrency: '1' },
    run: async (url, settings, scenario) => {
      const config = configFor(scenario, settings);
      const killed = await runEngine(url, config, { userConcurrency: 1, kill: killBeforeVirtualMfaDeletion('former-employee') });
      const finish = await runEngine(url, config, { userConcurrency: 1 });
      return [killed, finish];
    },
    complete: true,
    check: (result, baseline) => {
      const [killed] = result.runs;
      const serial = `arn:aws:iam::${DEV}:mfa/former-employee`;
      const deactivated = killed.calls.some((c) => c.operation === 'DeactivateMFADevice' && c.input.SerialNumber === serial);
      const backups = result.objects.filter((o) => o.key.startsWith(`backups/${DEV}/former-employee/`)).sort((a, b) => a.key.localeCompare(b.key));
      const secondBackup = backups[1] ? (JSON.parse(backups[1].body) as { mfaSerials: string[] }) : undefined;
      return [
        ...must(killed.killed && deactivated, 'the first run was not killed between DeactivateMFADevice and DeleteVirtualMFADevice'),
        ...must(backups.length === 2, `former-employee has ${backups.length} backups, not one per run`),
        // The second run's own backup no longer lists the deactivated device: only the first one names it.
        ...must(secondBackup !== undefined && !secondBackup.mfaSerials.includes(serial), 'the second backup still lists the deactivated device'),
        ...must(!(usersOf(result.after, DEV).has('former-employee')), 'former-employee is half deleted'),
        ...sameUsersAsBaseline(result, baseline),
        ...nothingFailed(result),
      ];
    },
  },
  {
    name: 'SNS publish failing',
    faults: 'sns:Publish AuthorizationError',
    simFaults: { failOperations: [{ service: 'sns', operation: 'Publish', code: 'AuthorizationError', message: 'User is not authorized to perform SNS:Publish' }] },
    complete: true,
    check: (result, baseline) => {
      const report = lastReport(result);
      const json = result.objects.find((o) => o.key === `reports/${report.startedAt}/report.json`);
      const saved = json ? (JSON.parse(json.body) as RunReport) : undefined;
      return [
        ...must(report.deliveryErrors.some((e) => /email could not be published.*AuthorizationError/.test(e)), 'the run does not say the email failed'),
        ...must(report.reportLocation === `s3://${BUCKET}/reports/${report.startedAt}/report.json`, 'the report is not in the bucket'),
        ...must(saved?.deliveryErrors.some((e) => /email could not be published/.test(e)) ?? false, 'the JSON in the bucket does not say the email failed'),
        ...must(result.sns.length === 0, 'an email was published'),
        ...sameUsersAsBaseline(result, baseline),
      ];
    },
  },
  {
    name: 'bucket failing',
    faults: 's3 NoSuchBucket on every call',
    simFaults: {
      failOperations: ['PutObject', 'GetObject', 'ListObjectsV2'].map((operation) => ({ service: 's3', operation, code: 'NoSuchBucket' })),
    },
    check: (result) => {
      const report = lastReport(result);
      const destructive = outcomesOf(result.reports).filter((o) => ['delete-user', 'delete-key', 'delete-login-profile'].includes(o.kind));
      return [
        ...unchanged(result, [DEV, OPS, DATA, KEYS, CALLER]),
        ...must(destructive.length > 0 && destructive.every((o) => o.status === 'failed' && /no backup, so nothing deleted/.test(o.detail ?? '')),
          `destructive outcomes: ${JSON.stringify(destructive.map((o) => [o.userName, o.kind, o.status, o.detail]))}`),
        ...must(report.reportLocation === undefined && report.deliveryErrors.some((e) => /JSON report could not be written.*NoSuchBucket/.test(e)),
          'the run does not say the JSON report could not be written'),
        ...must(result.sns.length === 1 && /Delivery problems\n {2}the JSON report could not be written/.test(result.sns[0].message),
          'the email does not carry the delivery problem'),
      ];
    },
  },
  {
    name: 'time budget runs out',
    faults: 'remaining time 10 s once the 3rd account starts',
    settings: { concurrency: '1' },
    run: async (url, settings, scenario) => {
      let started = 0;
      const run = await runEngine(url, configFor(scenario, settings), {
        observer: { accountStarted: () => void started++ },
        remainingMs: () => (started >= 3 ? 10_000 : 600_000),
      });
      return [run];
    },
    check: (result) => {
      const report = lastReport(result);
      const notReached = report.accounts.filter((a) => a.status === 'not-reached').map((a) => a.account.id).sort();
      const message = result.sns[0]?.message ?? '';
      const json = result.objects.find((o) => o.key === `reports/${report.startedAt}/report.json`);
      return [
        ...must(notReached.join() === [OPS, NO_ROLE, DATA, KEYS].sort().join(), `not reached: ${notReached}`),
        ...[['ops', OPS], ['no-role', NO_ROLE], ['data', DATA], ['keys', KEYS]].flatMap(([name, id]) =>
          must(message.includes(`${name} (${id}): not-reached: the run ran out of time before this account`), `the email does not name ${name} as not reached`)),
        ...must(outcomesOf(result.reports).filter((o) => o.accountId === DEV).every((o) => o.status === 'skipped' && o.detail === 'the run ran out of time'),
          `${DEV}: its actions were not skipped for lack of time`),
        ...must(json !== undefined && (JSON.parse(json.body) as RunReport).accounts.some((a) => a.status === 'not-reached'), 'no partial report in the bucket'),
        ...unchanged(result, [DEV, OPS, DATA, KEYS]),
      ];
    },
  },
  {
    name: 'malformed credential report',
    faults: `${OPS} credential report truncated mid-line`,
    simFaults: { corruptCredentialReport: [{ accountId: OPS, corruption: 'truncated' }] },
    check: (result, baseline) => {
      const r = lastReport(result).accounts.find((a) => a.account.id === OPS);
      return [
        ...must(r?.status === 'failed' && /credential report/.test(r.error ?? ''), `${OPS}: ${r?.status} ${r?.error}`),
        ...unchanged(result, [OPS]),
        ...must(result.runs.every((run) => changingCalls(run.calls, OPS).length === 0), `${OPS}: a changing call was made`),
        ...[DEV, DATA, KEYS].flatMap((id) => must(namesIn(result.after, id).join() === namesIn(baseline.after, id).join(), `${id}: not swept as in a clean run`)),
      ];
    },
  },
];

/** Runs one case in a fresh simulator; never throws (an error is the case's problem). */
async function runCase(c: FaultCase, baseline: Baseline | undefined): Promise<CaseResult> {
  const started = Date.now();
  const scenario = withOperator(campaignOrganization());
  c.organization?.(scenario);
  if (c.simFaults) scenario.faults = c.simFaults;
  const settings = { ...CAMPAIGN_SETTINGS, ...c.settings };
  const sim = await startDeployedSimulator(scenario, { restoreRole: true });
  try {
    const before = await sim.state();
    const runs = c.run ? await c.run(sim.url, settings, scenario) : [await runEngine(sim.url, configFor(scenario, settings))];
    const reports = runs.flatMap((r) => (r.report ? [r.report] : []));
    const evidence = await evidenceOf(sim, before, reports, runs.flatMap((r) => r.calls), runs.length);
    const result: CaseRun = {
      before,
      after: evidence.after,
      runs,
      reports,
      sns: await sim.sns(),
      objects: evidence.objects,
      simCalls: await sim.calls(),
    };
    const config = configFor(scenario, settings);
    const expectation = expectationOf(before, config, runs[0].now, c.denied);
    const problems = invariantViolations(expectation, evidence, { complete: c.complete, removedByOthers: c.removedByOthers });
    const expected = baseline?.expected ?? [];
    if (baseline) problems.push(...c.check(result, baseline));
    return { name: c.name, faults: c.faults, tally: tally(expected, result, c.removedByOthers), problems, ms: Date.now() - started, result };
  } catch (error) {
    const problem = `the case did not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    return { name: c.name, faults: c.faults, tally: { expected: 0, done: 0, reported: 0, lost: [problem] }, problems: [problem], ms: Date.now() - started };
  } finally {
    await sim.stop();
  }
}

const CLEAN: FaultCase = {
  name: 'none (clean run)',
  faults: '-',
  complete: true,
  check: () => [],
};

/** The clean run (what every case is expected to do), then every case at once, each in its own simulator. */
export async function runCampaign(cases: readonly FaultCase[] = CASES): Promise<CaseResult[]> {
  const clean = await runCase(CLEAN, undefined);
  if (!clean.result) return [clean];
  const report = clean.result.reports[0];
  const expected = report.accounts.flatMap((a) => a.outcomes).filter((o) => o.status === 'done')
    .map(({ accountId, userName, kind, keyId }) => ({ accountId, userName, kind, ...(keyId ? { keyId } : {}) }));
  const baseline: Baseline = { expected, after: clean.result.after, report };
  const cleanTally = tally(expected, clean.result);
  const results = await Promise.all(cases.map((c) => runCase(c, baseline)));
  return [{ ...clean, tally: cleanTally }, ...results];
}

/** The table `npm run test:faults` prints, with the definition of its columns under it. */
export function renderTable(results: readonly CaseResult[]): string {
  const header = ['case', 'faults injected', 'expected', 'done', 'reported', 'lost', 'checks', 'time'];
  const rows = results.map((r) => [
    r.name,
    r.faults,
    String(r.tally.expected),
    String(r.tally.done),
    String(r.tally.reported),
    String(r.tally.lost.length),
    r.problems.length === 0 ? 'ok' : `${r.problems.length} failed`,
    `${(r.ms / 1000).toFixed(1)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const numeric = new Set([2, 3, 4, 5, 7]);
  const line = (cells: string[]) => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lost = results.reduce((sum, r) => sum + r.tally.lost.length, 0);
  const details = results.flatMap((r) => [...r.tally.lost.map((l) => `  lost in ${r.name}: ${l}`), ...r.problems.map((p) => `  check failed in ${r.name}: ${p}`)]);
  return [
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `lost in all: ${lost}`,
    ...(details.length > 0 ? ['', ...details] : []),
    '',
    ...TALLY_DEFINITION,
    '',
  ].join('\n');
}
