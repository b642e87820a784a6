import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTime, type AccountSpec, type Scenario, type UserSpec } from '../../sim/scenario';
import { wellFormedProblems } from './well-formed';

const SCENARIOS = join(__dirname, '../../sim/scenarios');
const demo = JSON.parse(readFileSync(join(SCENARIOS, 'demo.json'), 'utf8')) as Scenario;
const readme = readFileSync(join(SCENARIOS, 'README.md'), 'utf8');

const START = new Date('2030-01-01T00:00:00Z');
const INACTIVE_DAYS = 90;
const ageDays = (time: string) => (START.getTime() - resolveTime(time, START).getTime()) / 86_400_000;

const MANAGEMENT = '111111111111';
const CALLER = '222222222222';
const DEV = '333333333333';
const PROD = '444444444444';

function account(id: string): AccountSpec {
  const found = demo.accounts.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`account ${id} is missing from demo.json`);
  return found;
}

function user(accountId: string, name: string): UserSpec {
  const found = account(accountId).users?.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`user ${accountId}/${name} is missing from demo.json`);
  return found;
}

const isStale = (created: string, lastUsed?: string) =>
  ageDays(created) > INACTIVE_DAYS && (lastUsed === undefined || ageDays(lastUsed) > INACTIVE_DAYS);

/** What the sweep should do to each user of the swept accounts at inactiveDays 90 (the README table says why). */
const EXPECTED: Record<string, Record<string, 'inactive' | 'active' | 'stale-key' | 'excluded' | 'self'>> = {
  [MANAGEMENT]: {
    'org-admin-carol': 'active',
    'billing-dave': 'active',
    'terraform-org-deployer': 'active',
    'finance-analyst-erin': 'active',
    'former-admin-frank': 'inactive',
  },
  [CALLER]: {
    'iam-sweep-operator': 'self',
    'security-analyst-grace': 'active',
    'auditor-heidi': 'active',
    'guardduty-exporter': 'active',
    'breakglass-excluded': 'excluded',
    'svc-legacy-ldap-sync': 'excluded',
  },
  [DEV]: {
    'former-employee-alice': 'inactive',
    'ci-bot-old-key-used-daily': 'active',
    'ci-bot-stale-key1-fresh-key2': 'stale-key',
    'new-hire-never-logged-in': 'active',
    'dormant-key-never-used': 'inactive',
    'bedrock-api-key-chatbot': 'active',
    'developer-with-dormant-second-key': 'stale-key',
    'console-removed-but-recent-passwordlastused': 'active',
    'console-removed-old-passwordlastused': 'inactive',
    'password-only-stale': 'inactive',
    'dev-ivan': 'active',
    'dev-judy': 'active',
    'dev-niaj': 'active',
    'dev-olivia': 'active',
    'dev-peggy': 'active',
    'data-pipeline': 'active',
  },
  [PROD]: {
    'former-contractor-bob': 'inactive',
    'created-long-ago-never-used': 'inactive',
    'no-credentials-created-long-ago': 'inactive',
    'prod-oncall-dan': 'active',
    'prod-ops-eve': 'active',
    'deploy-bot': 'active',
    'svc-payments': 'active',
    'monitoring-agent': 'active',
    'readonly-auditor': 'active',
  },
};

/** The dependent object kinds of lessons.md row 2, plus tags, as a user spec holds them. */
function dependentKinds(spec: UserSpec): string[] {
  const kinds: string[] = [];
  if (spec.loginProfile) kinds.push('login profile');
  if ((spec.accessKeys ?? []).length === 2) kinds.push('2 access keys');
  if (spec.mfaDevices?.some((device) => device.virtual)) kinds.push('virtual MFA');
  if (spec.mfaDevices?.some((device) => !device.virtual)) kinds.push('hardware MFA');
  if (spec.signingCertificates?.length) kinds.push('signing certificate');
  if (spec.sshPublicKeys?.length) kinds.push('SSH key');
  if (spec.serviceSpecificCredentials?.length) kinds.push('service-specific credential');
  if (Object.keys(spec.inlinePolicies ?? {}).length) kinds.push('inline policy');
  if (spec.attachedPolicies?.length) kinds.push('attached policy');
  if (spec.groups?.length) kinds.push('group membership');
  if (spec.permissionsBoundary) kinds.push('permissions boundary');
  if (Object.keys(spec.tags ?? {}).length) kinds.push('tags');
  return kinds;
}
const EVERY_KIND = [
  'login profile', '2 access keys', 'virtual MFA', 'hardware MFA', 'signing certificate', 'SSH key',
  'service-specific credential', 'inline policy', 'attached policy', 'group membership', 'permissions boundary', 'tags',
];

describe('demo scenario', () => {
  it('GIVEN demo.json WHEN checking its structure THEN it is well formed with unique ids', () => {
    expect(wellFormedProblems(demo)).toEqual([]);
  });

  it('GIVEN demo.json WHEN reading the organization THEN the caller, report topic and bucket are the delegated admin\'s', () => {
    expect(demo.callerAccountId).toBe(CALLER);
    expect(demo.callerArn).toBe(`arn:aws:iam::${CALLER}:user/iam-sweep-operator`);
    expect(demo.organization.managementAccountId).toBe(MANAGEMENT);
    expect(demo.organization.delegatedAdministratorAccountIds).toEqual([CALLER]);
    expect(demo.snsTopics).toEqual([`arn:aws:sns:us-east-1:${CALLER}:iam-sweep-report`]);
    expect(demo.s3Buckets).toEqual([`iam-sweep-reports-${CALLER}`]);
    expect(account(CALLER).parentId).toBe(demo.organization.organizationalUnits?.find((ou) => ou.name === 'Security')?.id);
  });

  it('GIVEN demo.json WHEN reading the accounts THEN every kind of account the sweep must handle is there', () => {
    const sandbox = demo.organization.organizationalUnits?.find((ou) => ou.name === 'Sandbox');
    const withoutRole = demo.accounts.filter(
      (candidate) => candidate.state === 'ACTIVE' && !candidate.roles?.some((role) => role.name === 'IamSweepRole'),
    );

    expect(sandbox?.tags).toEqual({ 'iam-sweep:opt-out': 'true' });
    expect(demo.accounts.filter((candidate) => candidate.parentId === sandbox?.id).map((a) => a.id)).toEqual(['555555555555']);
    expect(demo.accounts.filter((candidate) => candidate.state === 'SUSPENDED').map((a) => a.id)).toEqual(['666666666666']);
    expect(withoutRole.map((candidate) => candidate.id)).toEqual(['777777777777']);
    expect(demo.accounts.filter((candidate) => candidate.tags?.['iam-sweep:opt-out'] === 'true').map((a) => a.id)).toEqual([
      '888888888888',
    ]);
    for (const id of [MANAGEMENT, CALLER, DEV, PROD]) {
      expect(account(id).roles).toContainEqual(expect.objectContaining({ name: 'IamSweepRole', trustedAccountIds: [CALLER] }));
    }
  });

  it('GIVEN the skipped accounts WHEN reading their users THEN every one is inactive, so that a sweep of them would show', () => {
    for (const id of ['555555555555', '666666666666', '777777777777', '888888888888']) {
      const users = account(id).users ?? [];
      expect(users.length).toBeGreaterThan(0);
      for (const spec of users) {
        const times = [spec.created, spec.passwordLastUsed, spec.loginProfile?.created, ...(spec.accessKeys ?? []).flatMap((key) => [key.created, key.lastUsed])];
        expect({ user: spec.name, recent: times.some((time) => time !== undefined && ageDays(time) <= INACTIVE_DAYS) }).toEqual({
          user: spec.name,
          recent: false,
        });
      }
    }
  });

  it('GIVEN the swept accounts WHEN listing their users THEN each has an expected verdict and the README explains it', () => {
    for (const [accountId, expected] of Object.entries(EXPECTED)) {
      expect((account(accountId).users ?? []).map((spec) => spec.name).sort()).toEqual(Object.keys(expected).sort());
    }
    for (const spec of demo.accounts.flatMap((candidate) => candidate.users ?? [])) {
      expect({ user: spec.name, inReadme: readme.includes(`| \`${spec.name}\` |`) }).toEqual({ user: spec.name, inReadme: true });
    }
  });

  it('GIVEN the expected verdicts WHEN counting users acted on per account THEN the circuit breaker (over half) does not trip', () => {
    for (const [accountId, expected] of Object.entries(EXPECTED)) {
      const verdicts = Object.values(expected);
      // Pessimistic: excluded and self users count as acted on too, in case the demo runs without those settings.
      const actedOn = verdicts.filter((verdict) => verdict !== 'active');
      expect({ accountId, overHalf: actedOn.length > verdicts.length / 2 }).toEqual({ accountId, overHalf: false });
    }
  });

  describe('lessons.md cases', () => {
    it('former-employee-alice: inactive, holding every kind of dependent object', () => {
      const alice = user(DEV, 'former-employee-alice');

      expect(dependentKinds(alice)).toEqual(EVERY_KIND);
      expect(alice.path).toBe('/people/');
      expect(isStale(alice.created)).toBe(true);
      expect(isStale(alice.loginProfile!.created, alice.passwordLastUsed)).toBe(true);
      for (const key of alice.accessKeys!) expect(isStale(key.created, key.lastUsed)).toBe(true);
    });

    it('bedrock-api-key-chatbot: its only credential is an active service-specific credential, created long ago', () => {
      const chatbot = user(DEV, 'bedrock-api-key-chatbot');

      expect({ password: chatbot.loginProfile, keys: chatbot.accessKeys, created: isStale(chatbot.created) }).toEqual({
        password: undefined,
        keys: undefined,
        created: true,
      });
      expect(chatbot.serviceSpecificCredentials).toEqual([expect.objectContaining({ serviceName: 'bedrock.amazonaws.com', status: 'Active' })]);
    });

    it('breakglass-excluded: tagged excluded, with a stale login profile, attached policies and every dependent kind', () => {
      const breakglass = user(CALLER, 'breakglass-excluded');

      expect(breakglass.tags?.['iam-sweep:exclude']).toBe('true');
      expect(dependentKinds(breakglass)).toEqual(EVERY_KIND);
      expect(isStale(breakglass.loginProfile!.created, breakglass.passwordLastUsed)).toBe(true);
      expect(breakglass.attachedPolicies).toContain('arn:aws:iam::aws:policy/AdministratorAccess');
    });

    it('svc-legacy-ldap-sync: matches the exclude pattern svc-legacy-* and is otherwise inactive', () => {
      const legacy = user(CALLER, 'svc-legacy-ldap-sync');

      expect(legacy.tags).toBeUndefined();
      expect(legacy.accessKeys!.every((key) => isStale(key.created, key.lastUsed))).toBe(true);
    });

    it('iam-sweep-operator: the principal the sweep runs as, looking inactive by its data alone', () => {
      const operator = user(CALLER, 'iam-sweep-operator');

      expect(operator.tags).toBeUndefined();
      expect(operator.accessKeys).toHaveLength(1);
      expect(isStale(operator.accessKeys![0].created, operator.accessKeys![0].lastUsed)).toBe(true);
    });

    it('ci-bot-old-key-used-daily: an old key still used daily (disuse, not age)', () => {
      const [key] = user(DEV, 'ci-bot-old-key-used-daily').accessKeys!;

      expect(ageDays(key.created)).toBeGreaterThan(365);
      expect(ageDays(key.lastUsed!)).toBeLessThanOrEqual(1);
    });

    it('ci-bot-stale-key1-fresh-key2: key 1 unused for 200 days, key 2 created 300 days ago but used yesterday', () => {
      const [key1, key2] = user(DEV, 'ci-bot-stale-key1-fresh-key2').accessKeys!;

      expect(ageDays(key1.lastUsed!)).toBe(200);
      expect(isStale(key1.created, key1.lastUsed)).toBe(true);
      expect(ageDays(key2.created)).toBe(300);
      expect(ageDays(key2.lastUsed!)).toBe(1);
    });

    it('new-hire-never-logged-in: created 3 days ago, password and key never used (grace)', () => {
      const newHire = user(DEV, 'new-hire-never-logged-in');

      expect(ageDays(newHire.created)).toBe(3);
      expect(newHire.passwordLastUsed).toBeUndefined();
      expect(newHire.loginProfile).toBeDefined();
      expect(newHire.accessKeys!.every((key) => key.lastUsed === undefined && ageDays(key.created) <= 3)).toBe(true);
    });

    it('dormant-key-never-used and developer-with-dormant-second-key: a key created 200 days ago, never used', () => {
      for (const name of ['dormant-key-never-used', 'developer-with-dormant-second-key']) {
        const [key] = user(DEV, name).accessKeys!;
        expect({ name, created: ageDays(key.created), lastUsed: key.lastUsed }).toEqual({ name, created: 200, lastUsed: undefined });
      }
      expect(ageDays(user(DEV, 'developer-with-dormant-second-key').passwordLastUsed!)).toBeLessThan(INACTIVE_DAYS);
    });

    it('console-removed-*: no login profile, PasswordLastUsed 10 or 200 days ago, no keys', () => {
      const recent = user(DEV, 'console-removed-but-recent-passwordlastused');
      const old = user(DEV, 'console-removed-old-passwordlastused');

      expect([recent.loginProfile, recent.accessKeys, old.loginProfile, old.accessKeys]).toEqual([undefined, undefined, undefined, undefined]);
      expect(ageDays(recent.passwordLastUsed!)).toBe(10);
      expect(ageDays(old.passwordLastUsed!)).toBe(200);
    });

    it('password-only-stale: only a password, last used long ago', () => {
      const spec = user(DEV, 'password-only-stale');

      expect(spec.accessKeys).toBeUndefined();
      expect(isStale(spec.loginProfile!.created, spec.passwordLastUsed)).toBe(true);
    });
  });
});
