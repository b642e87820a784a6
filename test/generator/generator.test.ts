import {
  EXCLUDE_TAG_KEY,
  FRESH_WITHIN_DAYS,
  GeneratorOptionsError,
  OPT_OUT_TAG_KEY,
  STALE_AFTER_DAYS,
  SWEEP_ROLE_NAME,
  USER_INTENTS,
  generateOrganization,
  generateOrganizationWithTruth,
  type UserIntent,
} from '../../sim/generator';
import { resolveTime, type AccountSpec, type Scenario, type UserSpec } from '../../sim/scenario';
import { userTimes, wellFormedProblems } from './well-formed';

const START = new Date('2030-01-01T00:00:00Z');
const DAY = 86_400_000;
const ageDays = (time: string) => (START.getTime() - resolveTime(time, START).getTime()) / DAY;

const MEDIUM = { accounts: 200, usersPerAccount: 50, seed: 42 };

function allUsers(scenario: Scenario): { account: AccountSpec; user: UserSpec }[] {
  return scenario.accounts.flatMap((account) => (account.users ?? []).map((user) => ({ account, user })));
}

/** Ages in days of every sign of activity: sign-ins and key uses. */
function activityAges(user: UserSpec): number[] {
  return [user.passwordLastUsed, ...(user.accessKeys ?? []).map((key) => key.lastUsed)]
    .filter((time): time is string => time !== undefined)
    .map(ageDays);
}

function ancestorsTagged(scenario: Scenario, account: AccountSpec, key: string): boolean {
  const ous = new Map((scenario.organization.organizationalUnits ?? []).map((ou) => [ou.id, ou]));
  for (let parent = ous.get(account.parentId); parent; parent = ous.get(parent.parentId)) {
    if (parent.tags?.[key] === 'true') return true;
  }
  return scenario.organization.rootTags?.[key] === 'true';
}

describe('generateOrganization', () => {
  it('GIVEN the same seed WHEN generating twice THEN the JSON is identical', () => {
    const options = { accounts: 20, usersPerAccount: 30, seed: 7, fullDependents: true };

    expect(JSON.stringify(generateOrganization(options))).toBe(JSON.stringify(generateOrganization(options)));
  });

  it('GIVEN different seeds WHEN generating THEN the scenarios differ', () => {
    const one = JSON.stringify(generateOrganization({ accounts: 20, usersPerAccount: 30, seed: 1 }));
    const two = JSON.stringify(generateOrganization({ accounts: 20, usersPerAccount: 30, seed: 2 }));

    expect(one).not.toBe(two);
  });

  it('GIVEN a medium organization WHEN checking its structure THEN it is well formed with unique ids', () => {
    const scenario = generateOrganization({ ...MEDIUM, fullDependents: true });

    expect(wellFormedProblems(scenario)).toEqual([]);
  });

  it('GIVEN default options WHEN generating THEN the management and caller accounts are included, with the role', () => {
    const scenario = generateOrganization({ accounts: 10, usersPerAccount: 5, seed: 3 });

    expect(scenario.accounts).toHaveLength(10);
    expect(scenario.accounts.map((account) => account.id).slice(0, 2)).toEqual(['111111111111', '222222222222']);
    expect(scenario.callerAccountId).toBe('222222222222');
    expect(scenario.organization.managementAccountId).toBe('111111111111');
    expect(scenario.snsTopics).toEqual(['arn:aws:sns:us-east-1:222222222222:iam-sweep-report']);
    expect(scenario.s3Buckets).toEqual(['iam-sweep-reports-222222222222']);
    for (const account of scenario.accounts.slice(0, 2)) {
      expect(account.roles).toContainEqual(
        expect.objectContaining({ name: SWEEP_ROLE_NAME, trustedAccountIds: ['222222222222'] }),
      );
    }
  });

  it('GIVEN custom account ids WHEN generating THEN they are used', () => {
    const scenario = generateOrganization({
      accounts: 3,
      usersPerAccount: 2,
      seed: 3,
      managementAccountId: '900000000001',
      callerAccountId: '900000000002',
    });

    expect(scenario.organization.managementAccountId).toBe('900000000001');
    expect(scenario.callerAccountId).toBe('900000000002');
    expect(scenario.accounts[2].roles?.[0].trustedAccountIds).toEqual(['900000000002']);
  });

  it('GIVEN the caller is the management account WHEN generating one account THEN that account is the organization', () => {
    const scenario = generateOrganization({
      accounts: 1,
      usersPerAccount: 3,
      seed: 3,
      managementAccountId: '123456789012',
      callerAccountId: '123456789012',
    });

    expect(scenario.accounts.map((account) => account.id)).toEqual(['123456789012']);
    expect(wellFormedProblems(scenario)).toEqual([]);
  });

  it('GIVEN shares WHEN generating THEN user intents match them within tolerance and the truth counts them', () => {
    const { scenario, truth } = generateOrganizationWithTruth({
      ...MEDIUM,
      inactiveShare: 0.15,
      staleKeyShare: 0.08,
      neverUsedShare: 0.05,
      excludedShare: 0.03,
    });
    const total = MEDIUM.accounts * MEDIUM.usersPerAccount;
    const counted = Object.fromEntries(USER_INTENTS.map((intent) => [intent, 0])) as Record<UserIntent, number>;
    for (const { account, user } of allUsers(scenario)) counted[truth.accounts[account.id].users[user.name]]++;

    expect(counted).toEqual(truth.counts);
    expect(truth.counts.inactive / total).toBeCloseTo(0.15, 2);
    expect(truth.counts['stale-key-only'] / total).toBeCloseTo(0.08, 2);
    expect(truth.counts['new-never-used'] / total).toBeCloseTo(0.05, 2);
    expect(truth.counts.excluded / total).toBeCloseTo(0.03, 2);
    expect(Object.values(truth.counts).reduce((sum, count) => sum + count, 0)).toBe(total);
  });

  it('GIVEN special accounts WHEN generating THEN each kind is present, marked as the truth says', () => {
    const { scenario, truth } = generateOrganizationWithTruth({
      ...MEDIUM,
      optedOutAccountShare: 0.1,
      suspendedAccounts: 4,
      accountsWithoutRole: 3,
    });
    const byIntent = (intent: string) => scenario.accounts.filter((account) => truth.accounts[account.id].intent === intent);

    expect(byIntent('suspended')).toHaveLength(4);
    expect(byIntent('no-role')).toHaveLength(3);
    expect(byIntent('opted-out')).toHaveLength(20);
    expect(byIntent('swept')).toHaveLength(200 - 27);
    for (const account of byIntent('suspended')) expect(account.state).toBe('SUSPENDED');
    for (const account of byIntent('no-role')) {
      expect(account.state).toBe('ACTIVE');
      expect(account.roles?.map((role) => role.name)).not.toContain(SWEEP_ROLE_NAME);
    }
    const optedOut = byIntent('opted-out');
    const viaOu = optedOut.filter((account) => truth.accounts[account.id].optOutVia === 'ou');
    expect(viaOu).toHaveLength(10);
    for (const account of viaOu) {
      expect(ancestorsTagged(scenario, account, OPT_OUT_TAG_KEY)).toBe(true);
      expect(account.tags?.[OPT_OUT_TAG_KEY]).toBeUndefined();
    }
    for (const account of optedOut.filter((candidate) => !viaOu.includes(candidate))) {
      expect(account.tags?.[OPT_OUT_TAG_KEY]).toBe('true');
    }
    for (const account of byIntent('swept')) {
      expect(account.state).toBe('ACTIVE');
      expect(account.tags?.[OPT_OUT_TAG_KEY]).toBeUndefined();
      expect(ancestorsTagged(scenario, account, OPT_OUT_TAG_KEY)).toBe(false);
      expect(account.roles).toContainEqual(expect.objectContaining({ name: SWEEP_ROLE_NAME, trustedAccountIds: ['222222222222'] }));
    }
    expect(truth.accounts['111111111111'].intent).toBe('swept');
    expect(truth.accounts['222222222222'].intent).toBe('swept');
  });

  it('GIVEN opted-out accounts through an OU WHEN one sits in a nested OU THEN only an ancestor carries the tag', () => {
    const { scenario, truth } = generateOrganizationWithTruth({ ...MEDIUM, optedOutAccountShare: 0.2 });
    const ous = new Map((scenario.organization.organizationalUnits ?? []).map((ou) => [ou.id, ou]));
    const nested = scenario.accounts.filter(
      (account) => truth.accounts[account.id].optOutVia === 'ou' && ous.get(account.parentId)?.tags === undefined,
    );

    expect(nested.length).toBeGreaterThan(0);
  });

  it('GIVEN every intent WHEN reading the users THEN their times sit in the windows the intent promises', () => {
    const { scenario, truth } = generateOrganizationWithTruth({ ...MEDIUM, excludedShare: 0.05 });
    const problems: string[] = [];
    for (const { account, user } of allUsers(scenario)) {
      const intent = truth.accounts[account.id].users[user.name];
      const times = userTimes(user).filter((entry): entry is [string, string] => entry[1] !== undefined);
      const ages = activityAges(user);
      const staleKeys = (user.accessKeys ?? []).filter(
        (key) => ageDays(key.created) >= STALE_AFTER_DAYS && (key.lastUsed === undefined || ageDays(key.lastUsed) >= STALE_AFTER_DAYS),
      );
      const fail = (why: string) => problems.push(`${account.id}/${user.name} (${intent}): ${why}`);
      switch (intent) {
        case 'inactive':
        case 'excluded':
          if (times.some(([, time]) => ageDays(time) < STALE_AFTER_DAYS)) fail('a time is too recent');
          break;
        case 'new-never-used':
          if (ageDays(user.created) > 7) fail('created more than 7 days ago');
          if (ages.length > 0) fail('has been used');
          break;
        case 'active':
        case 'stale-key-only': {
          const freshCredential =
            (user.accessKeys ?? []).some((key) => key.lastUsed !== undefined && ageDays(key.lastUsed) <= FRESH_WITHIN_DAYS) ||
            (user.loginProfile !== undefined && user.passwordLastUsed !== undefined && ageDays(user.passwordLastUsed) <= FRESH_WITHIN_DAYS);
          if (!freshCredential && !ages.some((age) => age <= FRESH_WITHIN_DAYS)) fail('no recent activity');
          if (intent === 'stale-key-only' && !staleKeys.some((key) => key.status === 'Active')) fail('no stale active key');
          if (intent === 'active' && staleKeys.length > 0) fail('holds a stale key');
          if (intent === 'active' && user.loginProfile && (user.passwordLastUsed === undefined || ageDays(user.passwordLastUsed) > FRESH_WITHIN_DAYS)) {
            fail('holds a stale password');
          }
          break;
        }
      }
    }

    expect(problems).toEqual([]);
  });

  it('GIVEN excluded users WHEN reading them THEN each carries the exclude tag or matches the name pattern, and no other user does', () => {
    const { scenario, truth } = generateOrganizationWithTruth({ ...MEDIUM, excludedShare: 0.05 });
    const pattern = new RegExp(`^${truth.excludeUsers[0].replace('*', '.*')}$`);
    let byTag = 0;
    let byName = 0;
    for (const { account, user } of allUsers(scenario)) {
      const tagged = user.tags?.[EXCLUDE_TAG_KEY] === 'true';
      const named = pattern.test(user.name);
      const excluded = truth.accounts[account.id].users[user.name] === 'excluded';
      expect({ user: user.name, matches: tagged || named }).toEqual({ user: user.name, matches: excluded });
      if (tagged) byTag++;
      if (named) byName++;
    }

    expect(truth.excludeTag).toBe(`${EXCLUDE_TAG_KEY}=true`);
    expect(byTag).toBeGreaterThan(0);
    expect(byName).toBeGreaterThan(0);
  });

  it('GIVEN fullDependents WHEN reading inactive users THEN each carries every kind of object that blocks DeleteUser', () => {
    const { scenario, truth } = generateOrganizationWithTruth({ accounts: 20, usersPerAccount: 40, seed: 5, fullDependents: true });
    const inactive = allUsers(scenario).filter(({ account, user }) => truth.accounts[account.id].users[user.name] === 'inactive');

    expect(inactive.length).toBeGreaterThan(0);
    for (const { user } of inactive) {
      expect(user).toMatchObject({
        loginProfile: expect.any(Object),
        accessKeys: [expect.any(Object), expect.any(Object)],
        mfaDevices: [expect.objectContaining({ virtual: true })],
        signingCertificates: [expect.any(Object)],
        sshPublicKeys: [expect.any(Object)],
        serviceSpecificCredentials: [expect.any(Object)],
        inlinePolicies: expect.any(Object),
        attachedPolicies: expect.arrayContaining([expect.any(String)]),
        groups: expect.arrayContaining([expect.any(String)]),
        permissionsBoundary: expect.any(String),
      });
    }
  });

  it('GIVEN no fullDependents WHEN generating THEN users carry no certificates, SSH keys or service credentials', () => {
    const users = allUsers(generateOrganization({ accounts: 20, usersPerAccount: 40, seed: 5 })).map(({ user }) => user);

    expect(users.some((user) => user.signingCertificates || user.sshPublicKeys || user.serviceSpecificCredentials)).toBe(false);
  });

  it('GIVEN a generated scenario WHEN collecting its objects THEN no two places share one (the simulator may mutate them)', () => {
    const scenario = generateOrganization({ accounts: 3, usersPerAccount: 50, seed: 9, fullDependents: true });
    const seen = new Set<object>();
    let shared = 0;
    const visit = (value: unknown) => {
      if (value === null || typeof value !== 'object') return;
      if (seen.has(value)) shared++;
      seen.add(value);
      for (const child of Object.values(value)) visit(child);
    };
    visit(scenario);

    expect(shared).toBe(0);
  });

  it('GIVEN 1,000 accounts of 100 users WHEN generating THEN it completes with every user', () => {
    const scenario = generateOrganization({ accounts: 1000, usersPerAccount: 100, seed: 1 });

    expect(scenario.accounts).toHaveLength(1000);
    expect(scenario.accounts.reduce((sum, account) => sum + (account.users?.length ?? 0), 0)).toBe(100_000);
    expect(new Set(scenario.accounts.map((account) => account.id)).size).toBe(1000);
  });

  it.each([
    [{ accounts: 0 }, 'accounts'],
    [{ accounts: 2.5 }, 'accounts'],
    [{ usersPerAccount: -1 }, 'usersPerAccount'],
    [{ seed: -3 }, 'seed'],
    [{ inactiveShare: 1.5 }, 'inactiveShare'],
    [{ inactiveShare: 0.6, staleKeyShare: 0.6 }, 'inactiveShare'],
    [{ callerAccountId: '12345' }, 'callerAccountId'],
    [{ accounts: 5, suspendedAccounts: 2, accountsWithoutRole: 2 }, 'accounts'],
  ])('GIVEN bad options %j WHEN generating THEN it throws naming %s', (bad, option) => {
    const generate = () => generateOrganization({ accounts: 10, usersPerAccount: 5, seed: 1, ...bad });

    expect(generate).toThrow(GeneratorOptionsError);
    expect(generate).toThrow(expect.objectContaining({ option }));
  });
});
