/**
 * The benchmark's organizations: the simulator's generator, every inactive and excluded user holding every
 * kind of object that blocks DeleteUser, and one "quiet" account whose users and roles are all in use (the
 * account with nothing to do). Runs in the simulator's process, so the sweep's process never holds the
 * scenario.
 */
import { generateOrganizationWithTruth, type AccountIntent, type UserIntent } from '../sim/generator';
import type { AccountSpec, Scenario } from '../sim/scenario';

export interface BenchOrgOptions {
  accounts: number;
  usersPerAccount: number;
  seed: number;
}

/** What the lower bound and the baseline need to know of one account, taken from the scenario itself. */
export interface AccountProfile {
  id: string;
  intent: AccountIntent;
  spec: AccountSpec;
  users: Record<string, UserIntent>;
}

export interface BenchOrg {
  scenario: Scenario;
  accounts: AccountProfile[];
  /** The account whose users are all active and whose roles are all recently used. */
  quietAccountId: string;
  excludeUsers: string[];
  excludeTag: string;
  roleName: string;
  reportBucket: string;
  topicArn: string;
}

/**
 * Generates the organization. The quiet account is a swept member whose users are replaced by an
 * all-active set of the same size (from a second generation with every other share at 0).
 */
export function benchOrganization(options: BenchOrgOptions): BenchOrg {
  const { scenario, truth } = generateOrganizationWithTruth({
    accounts: options.accounts,
    usersPerAccount: options.usersPerAccount,
    seed: options.seed,
    fullDependents: true,
  });
  const quiet = scenario.accounts.find(
    (account) => truth.accounts[account.id].intent === 'swept' && account.id !== scenario.callerAccountId
      && account.id !== scenario.organization.managementAccountId,
  );
  if (!quiet) throw new Error(`an organization of ${options.accounts} accounts has no member account to keep quiet`);
  const active = generateOrganizationWithTruth({
    accounts: 2,
    usersPerAccount: options.usersPerAccount,
    seed: options.seed + 1,
    inactiveShare: 0,
    staleKeyShare: 0,
    neverUsedShare: 0,
    excludedShare: 0,
    optedOutAccountShare: 0,
    suspendedAccounts: 0,
    accountsWithoutRole: 0,
  });
  const donor = active.scenario.accounts[1];
  quiet.users = (donor.users ?? []).map((user) => ({
    ...user,
    mfaDevices: user.mfaDevices?.map((device) => ({ ...device, serial: device.serial.replace(donor.id, quiet.id) })),
  }));
  // Every role used yesterday: an unused-roles report has nothing to say about the quiet account either.
  quiet.roles = quiet.roles?.map((role) => ({ ...role, lastUsed: '-1d' }));
  truth.accounts[quiet.id].users = active.truth.accounts[donor.id].users;

  return {
    scenario,
    accounts: scenario.accounts.map((spec) => ({
      id: spec.id,
      intent: truth.accounts[spec.id].intent,
      spec,
      users: truth.accounts[spec.id].users,
    })),
    quietAccountId: quiet.id,
    excludeUsers: truth.excludeUsers,
    excludeTag: truth.excludeTag,
    roleName: truth.roleName,
    reportBucket: scenario.s3Buckets![0],
    topicArn: scenario.snsTopics![0],
  };
}
