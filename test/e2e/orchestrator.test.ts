/**
 * The built orchestrator Lambda (dist/orchestrator/index.js) against the simulator, through
 * AWS_ENDPOINT_URL: one test per lesson of other cleanup tools, per mode, per cap and per skip reason.
 */
import { memberAccountPermissions } from '../../lambdas/aws/permissions';
import type { Scenario, UserSpec } from '../../sim/scenario';
import { invokeBuiltHandler, lastReport as lastBuiltReport } from '../support/handler';
import { account, activeUser, BUCKET, CALLER, inactiveUserWithEverything, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { startTestSimulator } from '../support/sim';

const DEV = '333333333333';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const activeUsers = () => ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'].map((n) => activeUser(`active-${n}`));

const lessonsUsers = (): UserSpec[] => [
  inactiveUserWithEverything('former-employee', DEV),
  { name: 'old-key-used-daily', created: '-1200d', accessKeys: [{ id: 'AKIAOLDKEYUSEDDAILY1', status: 'Active', created: '-1000d', lastUsed: '-1d' }] },
  {
    name: 'key1-stale-key2-used',
    created: '-400d',
    accessKeys: [
      { id: 'AKIAKEYONESTALE00001', status: 'Active', created: '-300d', lastUsed: '-200d' },
      { id: 'AKIAKEYTWOUSED000002', status: 'Active', created: '-300d', lastUsed: '-1d' },
    ],
  },
  { name: 'new-hire', created: '-3d', loginProfile: { created: '-3d' } },
  {
    name: 'dormant-key',
    created: '-400d',
    passwordLastUsed: '-2d',
    loginProfile: { created: '-400d' },
    accessKeys: [{ id: 'AKIADORMANTNEVERUSED', status: 'Active', created: '-200d' }],
  },
  { name: 'console-removed-recently-used', created: '-400d', passwordLastUsed: '-10d' },
  { name: 'console-removed-long-ago', created: '-400d', passwordLastUsed: '-200d' },
  { ...inactiveUserWithEverything('breakglass', DEV), tags: { 'iam-sweep:exclude': 'true' } },
  { name: 'svc-legacy-export', created: '-900d', accessKeys: [{ id: 'AKIASVCLEGACY0000001', status: 'Active', created: '-800d' }] },
  {
    name: 'key-deactivated-elsewhere',
    created: '-400d',
    passwordLastUsed: '-1d',
    loginProfile: { created: '-400d' },
    accessKeys: [{ id: 'AKIADEACTIVATEDBYOPS', status: 'Inactive', created: '-300d' }],
  },
  ...activeUsers(),
];

const lessonsOrg = (overrides: Partial<Scenario> = {}) =>
  organization([account(DEV, lessonsUsers(), { name: 'dev' })], overrides);

type Sim = Awaited<ReturnType<typeof startTestSimulator>>;
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

/** Invokes the built handler with the given SWEEP_* settings; returns its result and its log lines. */
const invoke = (settings: Record<string, string> = {}, remainingMs?: () => number) =>
  invokeBuiltHandler(sim!.url, { SWEEP_EXCLUDE_USERS: 'svc-legacy-*', ...settings }, remainingMs);
const lastReport = () => lastBuiltReport(sim!);

/** Virtual MFA devices of an account, assigned or not, from the simulator's state (the sweep's role may not list them). */
async function virtualMfaSerials(accountId: string): Promise<string[]> {
  const state = (await sim!.state()).accounts.find((a) => a.id === accountId)!;
  const assigned = (state.users ?? []).flatMap((u) => (u.mfaDevices ?? []).filter((d) => d.virtual).map((d) => d.serial));
  return [...assigned, ...(state.virtualMfaDevices ?? []).map((d) => d.serial)];
}

const usersIn = async (accountId: string) => (await sim!.state()).accounts.find((a) => a.id === accountId)!.users ?? [];
const user = async (accountId: string, name: string) => (await usersIn(accountId)).find((u) => u.name === name);
const userNames = async (accountId: string) => (await usersIn(accountId)).map((u) => u.name).sort();

describe('report mode', () => {
  test('changes nothing, and sends one email that says what the other modes would do', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    const before = await usersIn(DEV);
    await invoke();
    expect(await usersIn(DEV)).toEqual(before);
    const messages = await sim.sns();
    expect(messages).toHaveLength(1);
    expect(messages[0].subject!.length).toBeLessThanOrEqual(100);
    expect(messages[0].message).toContain('former-employee (inactive): password unused 200 days');
    expect(messages[0].message).toContain('would deactivate key …0001 (disable mode)');
    expect(messages[0].message).toContain(
      'would deactivate key …USED (disable mode): key …USED never used, created 200 days ago',
    );
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(messages[0].message).toContain(`${due}  ${DEV} former-employee`);
  });

  test('with quarantine 0, says which users delete mode would delete', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    await invoke({ SWEEP_QUARANTINE_DAYS: '0' });
    expect((await sim.sns())[0].message).toMatch(/former-employee \(inactive\): .*\n {6}would delete user \(delete mode\)/);
  });
});

describe('disable mode', () => {
  test('deactivates stale keys and passwords, tags inactive users, and leaves the rest alone', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    const before = new Map((await usersIn(DEV)).map((u) => [u.name, u]));
    await invoke({ SWEEP_MODE: 'disable' });

    const former = (await user(DEV, 'former-employee'))!;
    expect(former.loginProfile).toBeUndefined();
    expect(former.accessKeys!.map((k) => k.status)).toEqual(['Inactive', 'Inactive']);
    expect(former.tags!['iam-sweep:disabled-at']).toBeDefined();

    const twoKeys = (await user(DEV, 'key1-stale-key2-used'))!;
    expect(twoKeys.accessKeys!.map((k) => [k.id, k.status])).toEqual([
      ['AKIAKEYONESTALE00001', 'Inactive'],
      ['AKIAKEYTWOUSED000002', 'Active'],
    ]);
    expect(twoKeys.tags!['iam-sweep:disabled-at']).toBeUndefined();

    const elsewhere = (await user(DEV, 'key-deactivated-elsewhere'))!;
    expect(elsewhere.accessKeys![0].status).toBe('Inactive');
    expect(elsewhere.tags!['iam-sweep:key-disabled-at:AKIADEACTIVATEDBYOPS']).toBeDefined();

    const dormant = (await user(DEV, 'dormant-key'))!;
    expect(dormant.accessKeys![0].status).toBe('Inactive');
    expect(dormant.loginProfile).toBeDefined();

    for (const untouched of ['old-key-used-daily', 'new-hire', 'console-removed-recently-used', 'breakglass', 'svc-legacy-export', 'active-a1']) {
      expect(await user(DEV, untouched)).toEqual(before.get(untouched));
    }
  });
});

describe('delete mode', () => {
  test('with quarantine 0 deletes inactive users holding every kind of dependent object, after a backup', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });

    const names = await userNames(DEV);
    expect(names).not.toContain('former-employee');
    expect(names).not.toContain('console-removed-long-ago');
    expect(names).toEqual(expect.arrayContaining(['breakglass', 'new-hire', 'old-key-used-daily', 'key1-stale-key2-used', 'dormant-key', 'svc-legacy-export']));
    expect((await user(DEV, 'dormant-key'))!.accessKeys).toEqual([]);

    const report = await lastReport();
    const outcomes = report.accounts.flatMap((a) => a.outcomes);
    expect(outcomes.filter((o) => o.status !== 'done')).toEqual([]);
    expect(JSON.stringify(report)).not.toContain('DeleteConflict');

    const backups = (await sim.s3()).filter((o) => o.key.startsWith(`backups/${DEV}/former-employee/`));
    expect(backups).toHaveLength(1);
    const backup = JSON.parse(backups[0].body);
    expect(backup).toMatchObject({
      userName: 'former-employee',
      path: '/people/',
      groups: ['developers'],
      attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
      inlinePolicies: { 's3-read': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
    });
    expect(backup.mfaSerials).toContain(`arn:aws:iam::${DEV}:mfa/former-employee`);
  });

  test('saves the stale key of a user who stays as a record of that credential, not as a whole backup', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });

    expect((await user(DEV, 'dormant-key'))!.accessKeys).toEqual([]);
    const records = (await sim.s3()).filter((o) => o.key.startsWith(`backups/${DEV}/dormant-key/`));
    expect(records).toHaveLength(1);
    const record = JSON.parse(records[0].body);
    expect(record).toMatchObject({
      version: 1,
      kind: 'iam-credentials',
      accountId: DEV,
      userName: 'dormant-key',
      reason: expect.stringContaining('key …USED never used'),
      loginProfile: { created: expect.any(String) },
      accessKeys: [{ id: 'AKIADORMANTNEVERUSED', status: 'Active', created: expect.any(String) }],
    });
    expect(record).not.toHaveProperty('groups');
    const outcome = (await lastReport()).accounts.flatMap((a) => a.outcomes).find((o) => o.userName === 'dormant-key');
    expect(outcome).toMatchObject({ kind: 'delete-key', status: 'done', backupKey: `s3://${BUCKET}/${records[0].key}` });

    // Only the live re-check's reads: none of the whole-user backup's listings for a user who stays
    const reads = (await sim.calls()).byOperation;
    const deleted = (await lastReport()).accounts.flatMap((a) => a.outcomes).filter((o) => o.kind === 'delete-user');
    expect(deleted.map((o) => o.userName).sort()).toEqual(['console-removed-long-ago', 'former-employee']);
    expect(reads['iam:ListGroupsForUser']).toBe(deleted.length);
  });

  test('leaves no orphaned virtual MFA device behind', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    expect(await virtualMfaSerials(DEV)).not.toContain(`arn:aws:iam::${DEV}:mfa/former-employee`);
  });

  test('is staged: first found inactive means disabled now and deleted on a stated later date', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '30' });
    expect(await userNames(DEV)).toContain('former-employee');
    expect((await user(DEV, 'former-employee'))!.tags!['iam-sweep:disabled-at']).toBeDefined();
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect((await sim.sns())[0].message).toMatch(new RegExp(`${due}  ${DEV} former-employee`));
  });

  test('deletes a user whose quarantine is over, and keeps one whose quarantine is not', async () => {
    // As the sweep leaves a user it marks: no password, every key inactive (quarantine means disabled).
    const disabled = (name: string, days: number): UserSpec => {
      const spec = inactiveUserWithEverything(name, DEV);
      return {
        ...spec,
        loginProfile: undefined,
        accessKeys: spec.accessKeys!.map((key) => ({ ...key, status: 'Inactive' as const })),
        tags: { 'iam-sweep:disabled-at': daysAgo(days) },
      };
    };
    const done = disabled('disabled-31-days-ago', 31);
    const waiting = disabled('disabled-29-days-ago', 29);
    sim = await startDeployedSimulator(organization([account(DEV, [done, waiting, ...activeUsers()], { name: 'dev' })]));
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '30' });
    const names = await userNames(DEV);
    expect(names).not.toContain('disabled-31-days-ago');
    expect(names).toContain('disabled-29-days-ago');
  });

  test('a second run changes nothing', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    const after = await usersIn(DEV);
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    expect(await usersIn(DEV)).toEqual(after);
    const report = await lastReport();
    expect(report.accounts.flatMap((a) => a.outcomes).filter((o) => o.status === 'done')).toEqual([]);
  });
});

describe('safety caps', () => {
  const inactive = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `gone-${i}`, created: '-400d', passwordLastUsed: '-300d' }));

  test('at most maxDeletionsPerAccount users are deleted per account per run', async () => {
    sim = await startDeployedSimulator(organization([account(DEV, [...inactive(3), ...activeUsers()])]));
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_MAX_DELETIONS_PER_ACCOUNT: '1' });
    expect((await userNames(DEV)).filter((n) => n.startsWith('gone-'))).toHaveLength(2);
    expect((await sim.sns())[0].message).toContain('over the cap of 1 user deletions per account per run');
  });

  test('the circuit breaker acts on nobody when too large a share of an account would be acted on', async () => {
    sim = await startDeployedSimulator(organization([account(DEV, [...inactive(4), activeUser('only-active')])]));
    const before = await usersIn(DEV);
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    expect(await usersIn(DEV)).toEqual(before);
    expect((await sim.sns())[0].message).toMatch(/circuit breaker: would act on 4 of 5 users \(80%\)/);
  });
});

describe('accounts that are not swept', () => {
  const inactiveOnly = () => [{ name: 'gone', created: '-400d', passwordLastUsed: '-300d' }];
  const accounts = () => [
    account('444444444444', inactiveOnly(), { name: 'tagged-out', tags: { 'iam-sweep:opt-out': 'true' } }),
    account('555555555555', inactiveOnly(), { name: 'sandbox', parentId: 'ou-a1b2-sandbox1' }),
    account('666666666666', inactiveOnly(), { name: 'suspended', state: 'SUSPENDED' }),
    account('777777777777', inactiveOnly(), { name: 'no-role', roles: [] }),
    account(DEV, inactiveOnly(), { name: 'dev', parentId: 'ou-a1b2-work0001' }),
  ];

  test('opted out by tag or OU, or suspended, are skipped unassumed; a missing role fails only that account', async () => {
    sim = await startDeployedSimulator(organization(accounts()));
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    expect(await userNames(DEV)).toEqual([]);
    for (const skipped of ['444444444444', '555555555555', '666666666666', '777777777777']) {
      expect(await userNames(skipped)).toEqual(['gone']);
    }
    const calls = await sim.calls();
    for (const skipped of ['444444444444', '555555555555', '666666666666']) expect(calls.byAccount[skipped] ?? 0).toBe(0);

    const message = (await sim.sns())[0].message;
    expect(message).toContain('tagged-out (444444444444): opted-out: the account carries iam-sweep:opt-out=true');
    expect(message).toContain('sandbox (555555555555): opted-out: OU ou-a1b2-sandbox1 (Sandbox) carries iam-sweep:opt-out=true');
    expect(message).toContain('suspended (666666666666): not-active: account state is SUSPENDED');
    expect(message).toMatch(/no-role \(777777777777\): failed: .*AccessDenied/);
  });
});

describe('the principals the sweep runs as', () => {
  test('are never touched, even when inactive', async () => {
    const operator = { name: 'iam-sweep-operator', created: '-400d', accessKeys: [{ id: 'AKIAOPERATOR00000001', status: 'Active' as const, created: '-300d' }] };
    const scenario = organization([account(DEV, activeUsers())], {
      callerArn: `arn:aws:iam::${CALLER}:user/iam-sweep-operator`,
    });
    scenario.accounts.find((a) => a.id === CALLER)!.users = [operator];
    sim = await startDeployedSimulator(scenario);
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    expect(await userNames(CALLER)).toEqual(['iam-sweep-operator']);
  });
});

describe('least privilege', () => {
  test('every IAM action the engine calls in a member account is granted by the cleanup role', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    const granted = new Set(memberAccountPermissions().flatMap((p) => p.actions));
    const called = Object.keys((await sim.calls()).byOperation)
      .filter((key) => key.startsWith('iam:'))
      .filter((action) => !granted.has(action));
    expect(called).toEqual([]);
  });
});

describe('bad configuration', () => {
  test('fails before any AWS call, naming the variable', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    await expect(invoke({ SWEEP_INACTIVE_DAYS: 'ninety' })).rejects.toThrow('SWEEP_INACTIVE_DAYS="ninety" is not valid');
    expect((await sim.calls()).total).toBe(0);
  });
});

describe('the time budget', () => {
  test('accounts not reached before time runs out are reported by name', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    const { result } = await invoke({}, () => 1000);
    expect(result.accountsNotReached).toBeGreaterThan(0);
    expect((await sim.sns())[0].message).toMatch(/dev \(333333333333\): not-reached: the run ran out of time/);
  });
});

describe('logs and metrics', () => {
  test('the run logs JSON lines and one EMF metrics record', async () => {
    sim = await startDeployedSimulator(lessonsOrg());
    const { logs } = await invoke();
    const records = logs.map((line) => JSON.parse(line));
    const metrics = records.filter((r) => r._aws);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({ AccountsScanned: 3, AccountsFailed: 0, _aws: { CloudWatchMetrics: [{ Namespace: 'IamSweep' }] } });
    expect(records.some((r) => r.message === 'account finished' && r.accountId === DEV)).toBe(true);
  });
});
