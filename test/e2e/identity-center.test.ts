/**
 * The built orchestrator Lambda sweeping IAM Identity Center in the simulator: sign-ins matched by user id
 * for built-in-directory and external-IdP users, the refusals when the sign-in record cannot be trusted,
 * quarantine, deletion in order (assignments, group memberships, user) after a backup, and restore.
 */
import { CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { identityCenterActions } from '../../lambdas/aws/identity-center';
import type { IdentityCenterUserBackup } from '../../lambdas/engine/types';
import type { IdentityCenterSpec, IdentityCenterUserSpec, Scenario } from '../../sim/scenario';
import { runCli } from '../cli/cli-process';
import { invokeBuiltHandler, lastReport as lastBuiltReport } from '../support/handler';
import { account, activeUser, BUCKET, CALLER, MANAGEMENT, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { clientConfig, startTestSimulator } from '../support/sim';

const DEV = '333333333333';
const STORE = 'd-9067a1b2c3';
const INSTANCE = 'arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6';
const ADMIN_SET = 'arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-0123456789abcdef';
const id = (n: number) => `9067a1b2c3-00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const DEVELOPERS = id(100);

const ALICE = id(1); // built-in directory, signed in 2 days ago
const BOB = id(2); // external IdP, signed in 5 days ago
const CAROL = id(3); // built-in directory, only a failed sign-in in the window
const DAVE = id(4); // external IdP, no sign-in
const ERIN = id(5); // new, no sign-in yet
const FRANK = id(6); // built-in directory, signed in yesterday
const GRACE = id(7); // external IdP, signed in 10 days ago
const BREAK_GLASS = id(8); // excluded by name, no sign-in

const icUser = (userId: string, userName: string, overrides: Partial<IdentityCenterUserSpec> = {}): IdentityCenterUserSpec => ({
  id: userId,
  userName,
  displayName: userName.replace(/[-.@].*$/, '').replace(/^./, (c) => c.toUpperCase()) + ' Example',
  email: userName.includes('@') ? userName : `${userName}@example.com`,
  created: '-400d',
  signInKind: 'password',
  ...overrides,
});

const identityCenter = (overrides: Partial<IdentityCenterSpec> = {}): IdentityCenterSpec => ({
  adminAccountId: CALLER,
  region: 'us-east-1',
  instanceArn: INSTANCE,
  identityStoreId: STORE,
  users: [
    icUser(ALICE, 'alice', { signIns: ['-2d'] }),
    icUser(BOB, 'bob@corp.example', { signInKind: 'external-idp', signIns: ['-5d'] }),
    icUser(CAROL, 'carol', { signIns: ['-120d'], failedSignIns: ['-3d'] }),
    icUser(DAVE, 'dave@corp.example', { signInKind: 'external-idp' }),
    icUser(ERIN, 'erin', { created: '-5d' }),
    icUser(FRANK, 'frank', { signIns: ['-1d', '-30d'] }),
    icUser(GRACE, 'grace@corp.example', { signInKind: 'external-idp', signIns: ['-10d'] }),
    icUser(BREAK_GLASS, 'break-glass-admin'),
  ],
  groups: [{ id: DEVELOPERS, displayName: 'Developers', memberUserIds: [ALICE, CAROL, DAVE] }],
  permissionSets: [{ arn: ADMIN_SET, name: 'AdministratorAccess', provisionedToAccountIds: [DEV] }],
  assignments: [
    { accountId: DEV, permissionSetArn: ADMIN_SET, principalType: 'USER', principalId: CAROL },
    { accountId: DEV, permissionSetArn: ADMIN_SET, principalType: 'USER', principalId: DAVE },
    { accountId: DEV, permissionSetArn: ADMIN_SET, principalType: 'USER', principalId: ALICE },
    { accountId: DEV, permissionSetArn: ADMIN_SET, principalType: 'GROUP', principalId: DEVELOPERS },
  ],
  ...overrides,
});

const scenario = (ic: Partial<IdentityCenterSpec> = {}): Scenario =>
  organization([account(DEV, [activeUser('dev-active')], { name: 'dev' })], { identityCenter: identityCenter(ic) });

type Sim = Awaited<ReturnType<typeof startTestSimulator>>;
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const invoke = async (settings: Record<string, string> = {}) =>
  (await invokeBuiltHandler(sim!.url, { SWEEP_IDENTITY_CENTER: 'true', SWEEP_EXCLUDE_USERS: 'break-glass-*', ...settings })).result;
const lastReport = () => lastBuiltReport(sim!);

const icState = async () => (await sim!.state()).identityCenter!;
const icUserNames = async () => (await icState()).users.map((u) => u.userName).sort();
const email = async () => (await sim!.sns())[0].message;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
/** Writes a user's quarantine state object into the report bucket, as an earlier run would have. */
const putIdentityCenterState = async (state: { userId: string; userName: string; disabledAt: string; reason: string; checkedAt?: string }) => {
  const s3 = new S3Client(clientConfig(sim!.url));
  const key = `state/identity-center/${STORE}/${state.userId}.json`;
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(state) }));
};

describe('report mode', () => {
  test('judges built-in-directory and external-IdP users by the user id on their sign-ins, and changes nothing', async () => {
    // GIVEN users who signed in with a password or through an external IdP, and users who did not
    sim = await startDeployedSimulator(scenario());
    const before = await icState();

    // WHEN the sweep runs in report mode with quarantine 0
    await invoke({ SWEEP_QUARANTINE_DAYS: '0' });

    // THEN only carol (a failed sign-in is none) and dave are inactive; nothing changed
    expect(await icState()).toEqual(before);
    const section = (await lastReport()).identityCenter!;
    expect(section).toMatchObject({ status: 'swept', identityStoreId: STORE, userCount: 8 });
    const inactive = section.verdicts.filter((v) => v.inactive && !v.excluded).map((v) => v.userName).sort();
    expect(inactive).toEqual(['carol', 'dave@corp.example']);
    expect(section.verdicts.find((v) => v.userName === 'alice')).toMatchObject({ inactive: false, reason: 'signed in 2 days ago' });
    expect(section.verdicts.find((v) => v.userName === 'bob@corp.example')).toMatchObject({ inactive: false, reason: 'signed in 5 days ago' });
    expect(section.verdicts.find((v) => v.userName === 'erin')).toMatchObject({ inactive: false, reason: 'created 5 days ago' });

    const message = await email();
    expect(message).toContain(`Identity Center (${STORE} in us-east-1)`);
    expect(message).toMatch(/carol \(inactive\): no sign-in in the last 90 days, created 400 days ago\n {6}would delete user \(delete mode\)/);
    expect(message).toContain('break-glass-admin: excluded by pattern break-glass-*');
  });
});

describe('delete mode', () => {
  test('with quarantine 0 deletes inactive users after removing their assignments, then their memberships', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });

    // THEN carol and dave are gone; everyone active, new or excluded stays
    expect(await icUserNames()).toEqual(['alice', 'bob@corp.example', 'break-glass-admin', 'erin', 'frank', 'grace@corp.example']);
    const state = await icState();
    // The identity store's DeleteUser leaves account assignments behind: their absence shows the sweep removed them.
    expect(state.assignments!.filter((a) => a.principalId === CAROL || a.principalId === DAVE)).toEqual([]);
    expect(state.assignments!.map((a) => a.principalId).sort()).toEqual([ALICE, DEVELOPERS].sort());
    expect(state.groups![0].memberUserIds).toEqual([ALICE]);

    // AND the memberships were removed while the users still existed (none was already gone), each once
    const calls = await sim.calls();
    expect(calls.byOperation['identitystore:DeleteGroupMembership']).toBe(2);
    expect(calls.byOperation['sso-admin:DeleteAccountAssignment']).toBe(2);
    expect(calls.byOperation['identitystore:DeleteUser']).toBe(2);
    expect(Object.keys(calls.byError).filter((code) => /identitystore|sso-admin/.test(code))).toEqual([]);

    const outcomes = (await lastReport()).identityCenter!.outcomes;
    expect(outcomes.map((o) => [o.userName, o.kind, o.status])).toEqual([
      ['carol', 'delete-user', 'done'],
      ['dave@corp.example', 'delete-user', 'done'],
    ]);
  });

  test('backs each user up first: attributes, group memberships and account assignments', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });

    const objects = (await sim.s3()).filter((o) => o.key.startsWith(`backups/identity-center/${STORE}/${CAROL}/`));
    expect(objects).toHaveLength(1);
    const backup = JSON.parse(objects[0].body) as IdentityCenterUserBackup;
    expect(backup).toMatchObject({
      kind: 'identity-center-user',
      identityStoreId: STORE,
      instanceArn: INSTANCE,
      userId: CAROL,
      userName: 'carol',
      groupIds: [DEVELOPERS],
      assignments: [{ accountId: DEV, permissionSetArn: ADMIN_SET }],
      attributes: { UserName: 'carol', DisplayName: 'Carol Example', Emails: [{ Value: 'carol@example.com', Type: 'work', Primary: true }] },
    });
    const outcome = (await lastReport()).identityCenter!.outcomes.find((o) => o.userName === 'carol')!;
    expect(outcome.backupKey).toBe(`s3://${BUCKET}/${objects[0].key}`);
  });

  test('an assignment whose removal ends FAILED fails that user: nothing after it is removed', async () => {
    // GIVEN carol's assignment deletion fails
    sim = await startDeployedSimulator(scenario());
    await sim.setFaults({ failAssignmentDeletion: [{ principalId: CAROL, accountId: DEV, reason: 'Permission set is being provisioned' }] });

    // WHEN the sweep deletes
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });

    // THEN carol, her membership and her assignment stay, and the report says why; dave is gone
    expect(await icUserNames()).toContain('carol');
    expect(await icUserNames()).not.toContain('dave@corp.example');
    const state = await icState();
    expect(state.groups![0].memberUserIds).toContain(CAROL);
    expect(state.assignments!.some((a) => a.principalId === CAROL)).toBe(true);
    const outcome = (await lastReport()).identityCenter!.outcomes.find((o) => o.userName === 'carol')!;
    expect(outcome.status).toBe('failed');
    expect(outcome.detail).toMatch(/deleting account assignments of carol failed: .*Permission set is being provisioned/);
    expect(await email()).toMatch(/carol \(inactive\).*\n {6}delete user: failed \(deleting account assignments of carol failed/);
  });

  test('a user assigned in the management account is left whole, and report and disable modes say so first', async () => {
    // GIVEN dave also has an assignment in the management account, which a delegated administrator cannot remove
    const base = identityCenter();
    const withManagement = {
      permissionSets: [{ arn: ADMIN_SET, name: 'AdministratorAccess', provisionedToAccountIds: [DEV, MANAGEMENT] }],
      assignments: [...base.assignments!, { accountId: MANAGEMENT, permissionSetArn: ADMIN_SET, principalType: 'USER' as const, principalId: DAVE }],
    };
    sim = await startDeployedSimulator(scenario(withManagement));
    const daveIn = async () => {
      const section = (await lastReport()).identityCenter!;
      return {
        planned: section.plan!.actions.filter((a) => a.userName === 'dave@corp.example').map((a) => a.kind),
        excluded: section.verdicts.find((v) => v.userName === 'dave@corp.example')!.excluded,
      };
    };

    // WHEN report, disable and delete modes run
    await invoke({ SWEEP_MODE: 'report', SWEEP_QUARANTINE_DAYS: '0' });
    const reported = await daveIn();
    await invoke({ SWEEP_MODE: 'disable', SWEEP_QUARANTINE_DAYS: '0' });
    const disabled = await daveIn();
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    const deleted = await daveIn();

    // THEN every mode says the same about dave: nothing to do, and why; carol is deleted as planned
    expect(reported.planned).toEqual([]);
    expect(reported.excluded).toContain(`an account assignment in the management account ${MANAGEMENT}`);
    expect(disabled).toEqual(reported);
    expect(deleted).toEqual(reported);
    expect(await icUserNames()).toContain('dave@corp.example');
    expect(await icUserNames()).not.toContain('carol');
    expect((await icState()).assignments!.filter((a) => a.principalId === DAVE)).toHaveLength(2);
    expect((await lastReport()).identityCenter!.outcomes.map((o) => o.userName)).not.toContain('dave@corp.example');
    expect(await email()).toMatch(/dave@corp\.example: inactive \(.*\), but it has an account assignment in the management account/);
  });

  test('is staged: disable records the quarantine start in the bucket, and delete waits for it to end', async () => {
    sim = await startDeployedSimulator(scenario());

    // WHEN disable mode runs, then delete mode with a 30-day quarantine
    await invoke({ SWEEP_MODE: 'disable' });
    const state = (await sim.s3()).find((o) => o.key === `state/identity-center/${STORE}/${CAROL}.json`);
    expect(JSON.parse(state!.body)).toMatchObject({ userId: CAROL, userName: 'carol', disabledAt: expect.any(String) });
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '30' });

    // THEN nobody is deleted yet, and the report says when carol goes
    expect(await icUserNames()).toContain('carol');
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect((await sim.sns())[1].message).toContain(`${due}  carol`);
  });

  test('deletes a user whose recorded quarantine is over', async () => {
    // GIVEN carol was recorded as disabled 31 days ago
    sim = await startDeployedSimulator(scenario());
    await putIdentityCenterState({ userId: CAROL, userName: 'carol', disabledAt: daysAgo(31), reason: 'inactive' });

    // WHEN delete mode runs with a 30-day quarantine
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '30' });

    // THEN carol is deleted, and dave (first seen inactive) only has his quarantine started
    expect(await icUserNames()).not.toContain('carol');
    expect(await icUserNames()).toContain('dave@corp.example');
    expect((await sim.s3()).some((o) => o.key === `state/identity-center/${STORE}/${DAVE}.json`)).toBe(true);
  });

  test('a recorded quarantine start with no check inside the sign-in window starts again: carol may have signed in in between', async () => {
    // GIVEN carol was recorded as disabled 100 days ago, with no run checking her since (90-day window)
    sim = await startDeployedSimulator(scenario());
    await putIdentityCenterState({ userId: CAROL, userName: 'carol', disabledAt: daysAgo(100), reason: 'inactive' });

    // WHEN delete mode runs with a 30-day quarantine
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '30' });

    // THEN carol stays, her quarantine starts now, and the report says when she goes
    expect(await icUserNames()).toContain('carol');
    const state = JSON.parse((await sim.s3()).find((o) => o.key === `state/identity-center/${STORE}/${CAROL}.json`)!.body);
    expect(Date.now() - new Date(state.disabledAt).getTime()).toBeLessThan(60_000);
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect((await sim.sns())[0].message).toContain(`${due}  carol`);
  });

  test('each acting run records its check, so a quarantine longer than the sign-in window still ends', async () => {
    // GIVEN carol was recorded as disabled 120 days ago, and a run last found her still quiet 7 days ago
    sim = await startDeployedSimulator(scenario());
    const recorded = { userId: CAROL, userName: 'carol', disabledAt: daysAgo(120), reason: 'inactive', checkedAt: daysAgo(7) };
    await putIdentityCenterState(recorded);

    // WHEN disable mode runs, then delete mode with a 100-day quarantine (longer than the 90-day window)
    await invoke({ SWEEP_MODE: 'disable' });
    const state = JSON.parse((await sim.s3()).find((o) => o.key === `state/identity-center/${STORE}/${CAROL}.json`)!.body);
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '100' });

    // THEN disable mode kept her quarantine start and recorded its check, and delete mode deleted her
    expect(state).toMatchObject({ disabledAt: recorded.disabledAt, reason: 'inactive' });
    expect(Date.now() - new Date(state.checkedAt).getTime()).toBeLessThan(60_000);
    expect(await icUserNames()).not.toContain('carol');
  });

  test('a check that cannot be recorded is a warning in the report, and changes nothing else', async () => {
    // GIVEN carol's quarantine stands, and the report bucket refuses writes
    sim = await startDeployedSimulator(scenario());
    const recorded = { userId: CAROL, userName: 'carol', disabledAt: daysAgo(10), reason: 'inactive' };
    await putIdentityCenterState(recorded);
    await sim.setFaults({ failOperations: [{ service: 's3', operation: 'PutObject', code: 'AccessDenied', message: 'Access Denied' }] });

    // WHEN disable mode runs
    await invoke({ SWEEP_MODE: 'disable' });

    // THEN the email warns of carol's check, and her recorded quarantine start is as it was
    expect(await email()).toContain("  warning: carol: this run's check of its quarantine could not be recorded: AccessDenied: Access Denied");
    const state = JSON.parse((await sim.s3()).find((o) => o.key === `state/identity-center/${STORE}/${CAROL}.json`)!.body);
    expect(state).toEqual(recorded);
  });

  test('respects the deletion cap', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_MAX_DELETIONS_PER_ACCOUNT: '1' });
    expect((await icUserNames()).filter((name) => ['carol', 'dave@corp.example'].includes(name))).toHaveLength(1);
    expect(await email()).toContain('over the cap of 1 user deletions per account per run');
  });
});

describe('the sign-in source must be trustworthy', () => {
  test('no sign-in at all while users exist: nobody is judged or deleted, and the report says why', async () => {
    // GIVEN an identity store whose users have no sign-in in the trail (a wrong Region, a broken trail…)
    const silent = identityCenter().users.map((user) => ({ ...user, signIns: [], failedSignIns: [] }));
    sim = await startDeployedSimulator(scenario({ users: silent }));
    const before = await icState();

    // WHEN the sweep runs in delete mode with quarantine 0 (and a circuit breaker that would not stop it)
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_MAX_ACTION_FRACTION: '1', SWEEP_MAX_ORGANIZATION_ACTION_FRACTION: '1' });

    // THEN nothing changed, and the section is refused with the reason
    expect(await icState()).toEqual(before);
    const section = (await lastReport()).identityCenter!;
    expect(section).toMatchObject({ status: 'refused', userCount: 8, verdicts: [], outcomes: [] });
    expect(section.refusal).toContain('CloudTrail shows no successful sign-in by any of the 8 users in the last 90 days');
    expect(await email()).toMatch(/8 users; refused to judge or act on any of them: CloudTrail shows no successful sign-in/);
  });

  test('an instance in another Region than the configured one is not found: the section fails, saying where it looked', async () => {
    sim = await startDeployedSimulator(scenario({ region: 'eu-west-1' }));
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_IDENTITY_CENTER_REGION: 'us-east-1' });
    expect(await icUserNames()).toHaveLength(8);
    expect((await lastReport()).identityCenter).toMatchObject({ status: 'failed', region: 'us-east-1' });
    expect((await lastReport()).identityCenter!.error).toContain('no active IAM Identity Center instance in us-east-1');
  });

  test('an inactivity window longer than the 90 days CloudTrail holds is refused before any lookup', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_INACTIVE_DAYS: '120' });
    expect(await icUserNames()).toHaveLength(8);
    expect((await lastReport()).identityCenter!.refusal).toContain('inactive days is 120, but CloudTrail event history holds only 90 days');
    expect((await sim.calls()).byOperation['cloudtrail:LookupEvents'] ?? 0).toBe(0);
  });

  test('the Region setting finds an instance in another Region than the run', async () => {
    sim = await startDeployedSimulator(scenario({ region: 'eu-west-1' }));
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_IDENTITY_CENTER_REGION: 'eu-west-1' });
    expect(await icUserNames()).not.toContain('carol');
    expect((await lastReport()).identityCenter).toMatchObject({ status: 'swept', region: 'eu-west-1' });
  });
});

describe('CloudTrail rate limit', () => {
  test('many pages of sign-ins are read at 2 requests per second, without being throttled', async () => {
    // GIVEN 120 password sign-ins by alice and frank (360 events, 8 pages of 50)
    const daily = (offset: number) => Array.from({ length: 60 }, (_, d) => `-${d + 1 + offset}d`);
    const busy = identityCenter().users.map((user) =>
      user.id === ALICE ? { ...user, signIns: daily(0.1) } : user.id === FRANK ? { ...user, signIns: daily(0.2) } : user,
    );
    sim = await startDeployedSimulator(scenario({ users: busy }));

    // WHEN the sweep reads them
    await invoke();

    // THEN every page was read and none was refused
    const calls = await sim.calls();
    expect(calls.byOperation['cloudtrail:LookupEvents']).toBeGreaterThanOrEqual(8);
    expect(calls.byError['cloudtrail:ThrottlingException'] ?? 0).toBe(0);
    expect((await lastReport()).identityCenter!.signIns).toBe(120 + 2);
  });
});

describe('least privilege', () => {
  test('every Identity Center and CloudTrail action the sweep calls in its own account is declared', async () => {
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    const declared = new Set(identityCenterActions.map((action) => action.replace(/^sso:/, 'sso-admin:')));
    const called = (await sim.calls()).calls
      .filter((call) => call.accountId === CALLER && /^(sso-admin|identitystore|cloudtrail)$/.test(call.service))
      .map((call) => `${call.service}:${call.operation}`);
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((action) => !declared.has(action))).toEqual([]);
  });
});

describe('iam-sweep restore', () => {
  test('recreates a deleted Identity Center user with its memberships and assignments', async () => {
    // GIVEN carol was deleted by the sweep, with a backup
    sim = await startDeployedSimulator(scenario());
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    const object = (await sim.s3()).find((o) => o.key.startsWith(`backups/identity-center/${STORE}/${CAROL}/`))!;

    // WHEN it is restored from the bucket
    const result = await runCli(['restore', '--backup', `s3://${object.bucket}/${object.key}`, '--endpoint', sim.url]);

    // THEN carol is back, under a new id, in her group and with her assignment
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const state = await icState();
    const carol = state.users.find((u) => u.userName === 'carol')!;
    expect(carol).toMatchObject({ displayName: 'Carol Example', email: 'carol@example.com' });
    expect(carol.id).not.toBe(CAROL);
    expect(state.groups![0].memberUserIds).toContain(carol.id);
    expect(state.assignments).toContainEqual({ accountId: DEV, permissionSetArn: ADMIN_SET, principalType: 'USER', principalId: carol.id });
    expect(result.stdout).toContain(`the user id: it is now ${carol.id}`);
  });

  /** Deletes carol in delete mode and returns her backup's location. */
  const deleteCarol = async () => {
    await invoke({ SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });
    const object = (await sim!.s3()).find((o) => o.key.startsWith(`backups/identity-center/${STORE}/${CAROL}/`))!;
    return `s3://${object.bucket}/${object.key}`;
  };
  /** An administrator creates a user for someone, as in the Identity Center console. */
  const createUser = async (userName: string, displayName: string, emailAddress: string) => {
    const identityStore = new IdentitystoreClient(clientConfig(sim!.url));
    const created = await identityStore.send(
      new CreateUserCommand({
        IdentityStoreId: STORE,
        UserName: userName,
        DisplayName: displayName,
        Name: { GivenName: displayName.split(' ')[0], FamilyName: displayName.split(' ')[1] },
        Emails: [{ Value: emailAddress, Type: 'work', Primary: true }],
      }),
    );
    identityStore.destroy();
    return created.UserId!;
  };
  const accessOf = async (userId: string) => {
    const state = await icState();
    return {
      groups: state.groups!.filter((g) => g.memberUserIds?.includes(userId)).map((g) => g.displayName),
      assignments: state.assignments!.filter((a) => a.principalId === userId).map((a) => a.accountId),
    };
  };

  test('stops, changing nothing, when a new person now holds the name: both users are named', async () => {
    // GIVEN carol was deleted, and an administrator then made CAROL for someone else
    sim = await startDeployedSimulator(scenario());
    const backup = await deleteCarol();
    const newcomer = await createUser('CAROL', 'Caroline Newhire', 'caroline@corp.example');

    // WHEN the old backup is restored
    const result = await runCli(['restore', '--backup', backup, '--endpoint', sim.url]);

    // THEN restore exits 1, naming both users, and the new person got none of carol's access
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('Restored');
    expect(result.stderr).toContain(`held in ${STORE} by CAROL (user id ${newcomer}, display name "Caroline Newhire", caroline@corp.example)`);
    expect(result.stderr).toContain(`not the backed-up user carol (user id ${CAROL}, display name "Carol Example", carol@example.com)`);
    expect(result.stderr).toContain(`--into-user-id ${newcomer}`);
    expect(await accessOf(newcomer)).toEqual({ groups: [], assignments: [] });
    expect((await sim.calls()).byOperation['identitystore:CreateGroupMembership'] ?? 0).toBe(0);
  });

  test('--into-user-id gives the backup to the existing user it names, and says so', async () => {
    // GIVEN carol's name is held by a new person
    sim = await startDeployedSimulator(scenario());
    const backup = await deleteCarol();
    const newcomer = await createUser('CAROL', 'Caroline Newhire', 'caroline@corp.example');

    // WHEN an administrator chooses that user explicitly
    const result = await runCli(['restore', '--backup', backup, '--into-user-id', newcomer, '--endpoint', sim.url]);

    // THEN that user has carol's groups and assignments, and the output names it
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await accessOf(newcomer)).toEqual({ groups: ['Developers'], assignments: [DEV] });
    expect(result.stdout).toContain(`into: the existing user CAROL (user id ${newcomer}), as --into-user-id asked`);
    expect(result.stdout).toContain(`Gave carol's memberships and assignments to CAROL (user id ${newcomer})`);
    expect((await icState()).users.find((u) => u.id === newcomer)).toMatchObject({ displayName: 'Caroline Newhire' });
  });

  test('running it again finds the user the first run created, and completes it', async () => {
    // GIVEN carol was restored once
    sim = await startDeployedSimulator(scenario());
    const backup = await deleteCarol();
    expect((await runCli(['restore', '--backup', backup, '--endpoint', sim.url])).code).toBe(0);
    const restored = (await icState()).users.find((u) => u.userName === 'carol')!;

    // WHEN restore runs again
    const again = await runCli(['restore', '--backup', backup, '--endpoint', sim.url]);

    // THEN it recognises the user it made and exits 0; carol is there once, with her access
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`as an earlier restore of this backup created it (user id ${restored.id}`);
    expect((await icState()).users.filter((u) => u.userName === 'carol')).toHaveLength(1);
    expect(await accessOf(restored.id)).toEqual({ groups: ['Developers'], assignments: [DEV] });
  });

  test('a backed-up user that was never deleted gets its access back under its own id', async () => {
    // GIVEN carol's deletion failed after her backup (her assignment could not be removed), then her
    // assignment was removed by hand
    sim = await startDeployedSimulator(scenario());
    await sim.setFaults({ failAssignmentDeletion: [{ principalId: CAROL, accountId: DEV, reason: 'Permission set is being provisioned' }] });
    const backup = await deleteCarol();
    await sim.setFaults({});
    expect(await icUserNames()).toContain('carol');

    // WHEN her backup is restored
    const result = await runCli(['restore', '--backup', backup, '--endpoint', sim.url]);

    // THEN the same user keeps her id and has her group and assignment
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`the backed-up user itself still exists (user id ${CAROL})`);
    expect(result.stdout).toContain('nothing of the user id: the user was never deleted');
    expect(await accessOf(CAROL)).toEqual({ groups: ['Developers'], assignments: [DEV] });
  });

  test('brings back every attribute CreateUser takes, the enterprise extension included', async () => {
    // GIVEN carol has every CreateUser attribute, employee number, cost center, department and manager among them
    const attributes = {
      Name: { GivenName: 'Carol', FamilyName: 'Example', MiddleName: 'Ann', Formatted: 'Carol Ann Example' },
      Emails: [{ Value: 'carol@example.com', Type: 'work', Primary: true }],
      NickName: 'Caz', ProfileUrl: 'https://intranet.example/carol', Addresses: [{ Locality: 'Leeds', Country: 'GB', Primary: true }],
      PhoneNumbers: [{ Value: '+44 113 496 0000', Type: 'work', Primary: true }], UserType: 'Employee', Title: 'Engineer',
      PreferredLanguage: 'en-GB', Locale: 'en-GB', Timezone: 'Europe/London',
      Photos: [{ Value: 'https://intranet.example/carol.jpg', Type: 'photo', Primary: true }], Website: 'https://carol.example',
      Birthdate: '1990-04-01', Roles: [{ Value: 'Platform engineer', Type: 'Work', Primary: true }],
      Extensions: {
        'aws:identitystore:enterprise': { employeeNumber: 'E-1027', costCenter: 'CC-7', department: 'Platform', manager: { value: ALICE } },
      },
    };
    const users = identityCenter().users.map((user) => (user.id === CAROL ? { ...user, attributes } : user));
    sim = await startDeployedSimulator(scenario({ users }));

    // WHEN delete mode deletes her and restore brings her back
    const backup = await deleteCarol();
    const saved = (await sim.s3()).find((o) => `s3://${o.bucket}/${o.key}` === backup)!;
    const result = await runCli(['restore', '--backup', backup, '--endpoint', sim.url]);

    // THEN the backup held every attribute, and the restored carol has them all
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((JSON.parse(saved.body) as IdentityCenterUserBackup).attributes).toEqual({ UserName: 'carol', DisplayName: 'Carol Example', ...attributes });
    const restored = (await icState()).users.find((u) => u.userName === 'carol')!;
    expect(restored.id).not.toBe(CAROL);
    expect(restored.attributes).toEqual(attributes);
  });
});
