/**
 * fast-check arbitraries for the property runs: organizations from the seeded generator (fast-check drives
 * the seed, the sizes and the shares), extra users built from arbitrary parts with times relative to the
 * simulator's start, and sweep configurations.
 */
import fc from 'fast-check';
import type { RawSettings } from '../../lambdas/engine/config';
import { DISABLED_AT_TAG } from '../../lambdas/engine/state-tags';
import {
  EXCLUDE_TAG_KEY,
  EXCLUDED_NAME_PATTERN,
  FRESH_WITHIN_DAYS,
  generateOrganizationWithTruth,
  STALE_AFTER_DAYS,
  type GeneratedTruth,
  type GenerateOptions,
} from '../../sim/generator';
import type { Scenario, UserSpec } from '../../sim/scenario';

/** The sweep's own IAM user, as the caller: it must never be touched, however inactive it looks. */
export const OPERATOR = 'iam-sweep-operator';

/** An extra user, described by ages in days before the simulator's start. */
export interface UserParts {
  /** Characters IAM allows in a user name, a comma included. */
  suffix: string;
  createdDaysAgo: number;
  password?: { setDaysAgo: number };
  passwordLastUsedDaysAgo?: number;
  keys: { active: boolean; createdDaysAgo: number; lastUsedDaysAgo?: number }[];
  excludedByTag: boolean;
  /** A quarantine clock started this many days ago by an earlier run. */
  disabledDaysAgo?: number;
  withGroup: boolean;
  withInlinePolicy: boolean;
  withVirtualMfa: boolean;
}

/** A time at most `max` days ago, never before `atMost` days ago (a credential is not older than its user). */
const within = (atMost: number) => fc.integer({ min: 0, max: atMost });

export const userPartsArb: fc.Arbitrary<UserParts> = fc.integer({ min: 0, max: 400 }).chain((createdDaysAgo) =>
  fc.record({
    suffix: fc.stringMatching(/^[a-zA-Z0-9+=,.@_-]{0,8}$/),
    createdDaysAgo: fc.constant(createdDaysAgo),
    password: fc.option(within(createdDaysAgo).map((setDaysAgo) => ({ setDaysAgo })), { nil: undefined }),
    passwordLastUsedDaysAgo: fc.option(within(createdDaysAgo), { nil: undefined }),
    keys: fc.array(
      within(createdDaysAgo).chain((keyCreated) =>
        fc.record({
          active: fc.boolean(),
          createdDaysAgo: fc.constant(keyCreated),
          lastUsedDaysAgo: fc.option(within(keyCreated), { nil: undefined }),
        }),
      ),
      { maxLength: 2 },
    ),
    excludedByTag: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    disabledDaysAgo: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    withGroup: fc.boolean(),
    withInlinePolicy: fc.boolean(),
    withVirtualMfa: fc.boolean(),
  }),
);

let keySerial = 0;

/** The user for `parts`, unique in its account by `index`. */
export function userFromParts(parts: UserParts, index: number, accountId: string, simStart: Date): UserSpec {
  const name = `p${index}${parts.suffix}`;
  const ago = (daysAgo: number) => `-${daysAgo}d`;
  const user: UserSpec = { name, created: ago(parts.createdDaysAgo) };
  if (parts.password) user.loginProfile = { created: ago(parts.password.setDaysAgo) };
  if (parts.passwordLastUsedDaysAgo !== undefined) user.passwordLastUsed = ago(parts.passwordLastUsedDaysAgo);
  if (parts.keys.length > 0) {
    user.accessKeys = parts.keys.map((key) => ({
      id: `AKIAPROPERTY${String(++keySerial).padStart(8, '0')}`,
      status: key.active ? 'Active' : 'Inactive',
      created: ago(key.createdDaysAgo),
      ...(key.lastUsedDaysAgo !== undefined ? { lastUsed: ago(key.lastUsedDaysAgo), lastUsedService: 's3' } : {}),
    }));
  }
  const tags: Record<string, string> = {};
  if (parts.excludedByTag) tags[EXCLUDE_TAG_KEY] = 'true';
  if (parts.disabledDaysAgo !== undefined) {
    tags[DISABLED_AT_TAG] = new Date(simStart.getTime() - parts.disabledDaysAgo * 86_400_000).toISOString();
  }
  if (Object.keys(tags).length > 0) user.tags = tags;
  if (parts.withGroup) user.groups = ['Developers'];
  if (parts.withInlinePolicy) {
    user.inlinePolicies = { 'read-reports': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } };
  }
  if (parts.withVirtualMfa) user.mfaDevices = [{ serial: `arn:aws:iam::${accountId}:mfa/${name}`, virtual: true }];
  return user;
}

export interface OrgParams {
  generator: GenerateOptions;
  /** Extra users, put into the first swept member account. */
  extraUsers: UserParts[];
  /** Whether the sweep runs as an IAM user (`OPERATOR`) of the caller account instead of a role. */
  callerIsUser: boolean;
}

export const orgParamsArb = (maxAccounts: number, maxUsers: number): fc.Arbitrary<OrgParams> =>
  fc.record({
    generator: fc
      .record({
        seed: fc.nat(),
        accounts: fc.integer({ min: 3, max: maxAccounts }),
        usersPerAccount: fc.integer({ min: 0, max: maxUsers }),
        inactiveShare: fc.integer({ min: 0, max: 10 }).map((n) => n / 20),
        staleKeyShare: fc.integer({ min: 0, max: 4 }).map((n) => n / 20),
        neverUsedShare: fc.integer({ min: 0, max: 2 }).map((n) => n / 20),
        excludedShare: fc.integer({ min: 0, max: 4 }).map((n) => n / 20),
        optedOut: fc.integer({ min: 0, max: 2 }),
        suspendedAccounts: fc.integer({ min: 0, max: 1 }),
        accountsWithoutRole: fc.integer({ min: 0, max: 1 }),
        fullDependents: fc.boolean(),
      })
      .map(({ optedOut, ...options }) => {
        // Special accounts come from the members (all but the management and caller accounts).
        const members = options.accounts - 2;
        const suspendedAccounts = Math.min(options.suspendedAccounts, members);
        const accountsWithoutRole = Math.min(options.accountsWithoutRole, members - suspendedAccounts);
        const opted = Math.min(optedOut, members - suspendedAccounts - accountsWithoutRole);
        // The generator rounds `optedOutAccountShare * accounts`: ask for exactly `opted` accounts.
        return { ...options, suspendedAccounts, accountsWithoutRole, optedOutAccountShare: opted / options.accounts };
      }),
    extraUsers: fc.array(userPartsArb, { maxLength: 4 }),
    callerIsUser: fc.boolean(),
  });

/** The scenario for `params`, and the generator's intent for the users it made. */
export function organizationFor(params: OrgParams, simStart: Date): { scenario: Scenario; truth: GeneratedTruth } {
  const { scenario, truth } = generateOrganizationWithTruth(params.generator);
  const target = scenario.accounts.find((a) => truth.accounts[a.id].intent === 'swept' && a.id !== scenario.callerAccountId);
  if (target) {
    target.users = [...(target.users ?? []), ...params.extraUsers.map((parts, i) => userFromParts(parts, i, target.id, simStart))];
  }
  if (params.callerIsUser) {
    const caller = scenario.accounts.find((a) => a.id === scenario.callerAccountId)!;
    // Never used and created long ago: by the rules alone it would be inactive.
    caller.users = [...(caller.users ?? []), { name: OPERATOR, created: '-700d', accessKeys: [] }];
    scenario.callerArn = `arn:aws:iam::${scenario.callerAccountId}:user/${OPERATOR}`;
  }
  return { scenario, truth };
}

/**
 * Settings for the property runs, as the Lambda's variables take them; `inactiveDays` stays within the
 * range for which the generator's intents hold, and its name pattern is always excluded.
 */
export const configArb = (): fc.Arbitrary<RawSettings> =>
  fc
    .record({
      mode: fc.constantFrom('report', 'disable', 'delete'),
      inactiveDays: fc.integer({ min: FRESH_WITHIN_DAYS + 1, max: STALE_AFTER_DAYS - 1 }),
      quarantineDays: fc.constantFrom(0, 0, 30),
      maxDeletionsPerAccount: fc.constantFrom(0, 1, 2, 1000),
      maxActionFraction: fc.constantFrom('0.2', '0.5', '0.8', '1'),
      // The organization's brakes are left open here: the oracle's completeness plans account by account.
      maxDeletionsPerRun: fc.constant(100000),
      maxOrganizationActionFraction: fc.constant('1'),
      concurrency: fc.integer({ min: 1, max: 4 }),
      extraExclude: fc.option(fc.constantFrom('p1*', 'p?', '*@*'), { nil: undefined }),
      skipManagementAccount: fc.boolean(),
    })
    .map(({ extraExclude, ...settings }) => ({
      ...Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)])),
      excludeUsers: [EXCLUDED_NAME_PATTERN, ...(extraExclude ? [extraExclude] : [])].join(','),
    }));
