/**
 * The built orchestrator under the rollout's policies, against organizations tagged and named as people
 * write them: opt-out and exclude tags in another case, with spaces or another "yes", and user names in
 * another case than the exclude pattern. What a person meant to keep is kept, and the report says why.
 */
import { DeleteLoginProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { IdentityCenterUserSpec, UserSpec } from '../../sim/scenario';
import { startDeployedSimulator } from '../support/deployed';
import { invokeBuiltHandler, lastReport } from '../support/handler';
import { account, activeUser, CALLER, inactiveUserWithEverything, organization } from '../support/org';
import { clientConfig, type TestSimulator } from '../support/sim';

const SWEPT = '333333333333';
const LEGACY_OU = 'ou-a1b2-legacy01';
const actives = (suffix: string) => ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((n) => activeUser(`active-${n}-${suffix}`));

let sim: TestSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const usersOf = async (accountId: string) => (await sim!.state()).accounts.find((a) => a.id === accountId)!.users ?? [];
const userNames = async (accountId: string) => (await usersOf(accountId)).map((u) => u.name).sort();

describe('opt-out tags as people write them', () => {
  test('an account or OU tagged True, TRUE or "true " is skipped unentered, and the report names the tag', async () => {
    // GIVEN accounts tagged iam-sweep:opt-out with the value in other cases or with a trailing space, one
    // below an OU tagged TRUE, each holding an inactive user, and one untagged account beside them
    const users = (accountId: string) => [inactiveUserWithEverything('former-employee', accountId), ...actives(accountId.slice(0, 3))];
    const scenario = organization([
      account('444444444444', users('444444444444'), { name: 'title-case', tags: { 'iam-sweep:opt-out': 'True' } }),
      account('555555555555', users('555555555555'), { name: 'capitals', tags: { 'iam-sweep:opt-out': 'TRUE' } }),
      account('666666666666', users('666666666666'), { name: 'trailing-space', tags: { 'iam-sweep:opt-out': 'true ' } }),
      account('777777777777', users('777777777777'), { name: 'legacy', parentId: LEGACY_OU }),
      account(SWEPT, users(SWEPT), { name: 'dev' }),
    ]);
    scenario.organization.organizationalUnits!.push({ id: LEGACY_OU, name: 'Legacy', parentId: 'r-a1b2', tags: { 'iam-sweep:opt-out': 'TRUE' } });
    sim = await startDeployedSimulator(scenario);

    // WHEN delete mode runs with no quarantine
    await invokeBuiltHandler(sim.url, { SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });

    // THEN the tagged accounts were never entered and keep their users
    const calls = await sim.calls();
    for (const optedOut of ['444444444444', '555555555555', '666666666666', '777777777777']) {
      expect(calls.byAccount[optedOut] ?? 0).toBe(0);
      expect(await userNames(optedOut)).toContain('former-employee');
    }
    // AND the report names the tag and the value that decided, as written
    const message = (await sim.sns())[0].message;
    expect(message).toContain('title-case (444444444444): opted-out: the account carries iam-sweep:opt-out=True');
    expect(message).toContain('capitals (555555555555): opted-out: the account carries iam-sweep:opt-out=TRUE');
    expect(message).toContain('trailing-space (666666666666): opted-out: the account carries iam-sweep:opt-out="true "');
    expect(message).toContain(`legacy (777777777777): opted-out: OU ${LEGACY_OU} (Legacy) carries iam-sweep:opt-out=TRUE`);
    // AND the untagged account was swept
    expect(await userNames(SWEPT)).not.toContain('former-employee');
  });
});

describe('exclusions as people write them', () => {
  /** Inactive users, each kept by a tag or a name as a person might write it, and one whose tag says no. */
  const kept: UserSpec[] = [
    { ...inactiveUserWithEverything('tagged-title-case', SWEPT), tags: { 'iam-sweep:exclude': 'True' } },
    { ...inactiveUserWithEverything('tagged-key-case', SWEPT), tags: { 'IAM-Sweep:Exclude': 'true' } },
    { ...inactiveUserWithEverything('tagged-yes', SWEPT), tags: { 'iam-sweep:exclude': 'yes' } },
    inactiveUserWithEverything('BreakGlass-Admin', SWEPT),
  ];

  test('users tagged True, with the key in another case or another yes, or named BreakGlass-Admin, are kept whole', async () => {
    // GIVEN those users beside an inactive user whose exclude tag says false, and --exclude-users 'breakglass*'
    const saidNo = { ...inactiveUserWithEverything('tagged-false', SWEPT), tags: { 'iam-sweep:exclude': 'false' } };
    sim = await startDeployedSimulator(organization([account(SWEPT, [...kept, saidNo, ...actives('dev')], { name: 'dev' })]));
    const before = new Map((await usersOf(SWEPT)).map((user) => [user.name, user]));

    // WHEN delete mode runs with no quarantine
    await invokeBuiltHandler(sim.url, { SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_EXCLUDE_USERS: 'breakglass*' });

    // THEN the kept users hold everything they held, and nothing was planned for them
    const after = new Map((await usersOf(SWEPT)).map((user) => [user.name, user]));
    for (const { name } of kept) expect(after.get(name)).toEqual(before.get(name));
    const result = (await lastReport(sim)).accounts.find((a) => a.account.id === SWEPT)!;
    expect(result.outcomes.filter((o) => kept.some((user) => user.name === o.userName))).toEqual([]);
    // AND the report says which tag, value or pattern kept each
    expect(Object.fromEntries(result.verdicts.filter((v) => v.excluded).map((v) => [v.userName, v.excluded]))).toEqual({
      'tagged-title-case': 'excluded by tag iam-sweep:exclude=True',
      'tagged-key-case': 'excluded by tag IAM-Sweep:Exclude=true',
      'tagged-yes': 'excluded by tag iam-sweep:exclude=yes (any value but false, no, 0, off counts as yes)',
      'BreakGlass-Admin': 'excluded by pattern breakglass*',
    });
    expect((await sim.sns())[0].message).toContain(`${SWEPT} BreakGlass-Admin: excluded by pattern breakglass*`);
    // AND the user whose tag says false was swept like any other
    expect(after.has('tagged-false')).toBe(false);
  });

  test('a user whose tag says no with spaces around it is refused by the cleanup role, and reported', async () => {
    // GIVEN an inactive user tagged iam-sweep:exclude=" false": the engine trims it to a no, IAM cannot
    const padded = { ...inactiveUserWithEverything('padded-no', SWEPT), tags: { 'iam-sweep:exclude': ' false' } };
    sim = await startDeployedSimulator(organization([account(SWEPT, [padded, ...actives('dev')], { name: 'dev' })]));
    const before = (await usersOf(SWEPT)).find((user) => user.name === 'padded-no');

    // WHEN delete mode runs with no quarantine
    await invokeBuiltHandler(sim.url, { SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0' });

    // THEN the Deny errs on the side of the user: every write failed with it, and the user keeps everything
    const outcomes = (await lastReport(sim)).accounts.find((a) => a.account.id === SWEPT)!.outcomes.filter((o) => o.userName === 'padded-no');
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status !== 'failed')).toEqual([]);
    expect(outcomes.some((o) => /with an explicit deny in an identity-based policy/.test(o.detail ?? ''))).toBe(true);
    expect((await usersOf(SWEPT)).find((user) => user.name === 'padded-no')).toEqual(before);
  });
});

describe('what the cleanup role refuses, whatever the code asks', () => {
  test('no write to a user whose exclude tag has its key in any case or any value but a clear no', async () => {
    // GIVEN users with a password, tagged as people write the exclude tag, and one whose tag says No
    const withPassword = (name: string, tags: Record<string, string>): UserSpec =>
      ({ name, created: '-400d', passwordLastUsed: '-200d', loginProfile: { created: '-400d' }, tags });
    const protectedUsers = [
      withPassword('key-case', { 'IAM-Sweep:Exclude': 'true' }),
      withPassword('another-yes', { 'iam-sweep:exclude': 'yes' }),
      withPassword('empty-value', { 'iam-sweep:exclude': '' }),
    ];
    const saidNo = withPassword('said-no', { 'iam-sweep:exclude': 'No' });
    sim = await startDeployedSimulator(organization([account(SWEPT, [...protectedUsers, saidNo], { name: 'dev' })]));
    const { Credentials: c } = await new STSClient(clientConfig(sim.url))
      .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${SWEPT}:role/IamSweepRole`, RoleSessionName: 'defect' }));
    const iam = new IAMClient({ ...clientConfig(sim.url, { accessKeyId: c!.AccessKeyId!, secretAccessKey: 'x', sessionToken: c!.SessionToken }), maxAttempts: 1 });

    // WHEN the cleanup role is asked, as by a defect, to delete each one's password
    // THEN IAM refuses it with the explicit Deny for the tagged users, and allows it where the tag says no
    for (const { name } of protectedUsers) {
      await expect(iam.send(new DeleteLoginProfileCommand({ UserName: name })))
        .rejects.toThrow(new RegExp(`on resource: arn:aws:iam::${SWEPT}:user/${name} with an explicit deny in an identity-based policy$`));
    }
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'said-no' }));
    const passwords = Object.fromEntries((await usersOf(SWEPT)).map((user) => [user.name, user.loginProfile !== undefined]));
    expect(passwords).toEqual({ 'key-case': true, 'another-yes': true, 'empty-value': true, 'said-no': false });
  });
});

describe('Identity Center exclusions as people write them', () => {
  const userId = (n: number) => `9067a1b2c3-00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
  const icUser = (n: number, userName: string, signIns?: string[]): IdentityCenterUserSpec => ({
    id: userId(n), userName, email: `${userName}@example.com`, created: '-400d', signInKind: 'password', ...(signIns ? { signIns } : {}),
  });

  test('an identity store user named BreakGlass-Admin is kept by the pattern breakglass*', async () => {
    // GIVEN an identity store where BreakGlass-Admin and dave never signed in, and five users who did
    const users = [
      icUser(1, 'BreakGlass-Admin'),
      icUser(2, 'dave'),
      ...['alice', 'bob', 'carol', 'erin', 'frank'].map((name, i) => icUser(10 + i, name, ['-2d'])),
    ];
    sim = await startDeployedSimulator(organization([account(SWEPT, actives('dev'), { name: 'dev' })], {
      identityCenter: {
        adminAccountId: CALLER,
        region: 'us-east-1',
        instanceArn: 'arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6',
        identityStoreId: 'd-9067a1b2c3',
        users,
      },
    }));

    // WHEN delete mode runs with no quarantine and --exclude-users 'breakglass*'
    await invokeBuiltHandler(sim.url, {
      SWEEP_IDENTITY_CENTER: 'true', SWEEP_MODE: 'delete', SWEEP_QUARANTINE_DAYS: '0', SWEEP_EXCLUDE_USERS: 'breakglass*',
    });

    // THEN dave is gone and BreakGlass-Admin stays, excluded by the pattern, as the report says
    const names = (await sim.state()).identityCenter!.users.map((user) => user.userName);
    expect(names).not.toContain('dave');
    expect(names).toContain('BreakGlass-Admin');
    const section = (await lastReport(sim)).identityCenter!;
    expect(section.verdicts.find((v) => v.userName === 'BreakGlass-Admin')?.excluded).toBe('excluded by pattern breakglass*');
    expect(section.outcomes.filter((o) => o.userName === 'BreakGlass-Admin')).toEqual([]);
  });
});
