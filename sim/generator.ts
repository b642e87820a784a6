/**
 * Generates simulated AWS Organizations of any size for benchmarks and tests: a seeded, deterministic mix
 * of active, stale and inactive IAM users across accounts, OUs, opted-out, suspended and role-less
 * accounts. Alongside the scenario it returns the generator's own intent for every user and account (the
 * "truth"), so tests can compare the engine's verdicts with it without re-implementing the verdict rules.
 *
 * Every time is relative to the simulator's start. Fresh activity is at most FRESH_WITHIN_DAYS old and stale
 * things are at least STALE_AFTER_DAYS old, so the intent holds for any `inactiveDays` in
 * `truth.inactiveDays` (default 90 included).
 *
 * @example
 *   const { scenario, truth } = generateOrganizationWithTruth({ accounts: 50, usersPerAccount: 100, seed: 1 });
 */
import { generateIdentityCenter, type IdentityCenterUserIntent } from './generate-identity-center';
import type {
  AccessKeySpec,
  AccountSpec,
  GroupSpec,
  OrganizationalUnitSpec,
  RoleSpec,
  Scenario,
  Tags,
  UserSpec,
} from './scenario';

// Bound once: every global lookup is slow inside jest's vm sandbox, where tests and benchmarks run this.
const { floor, imul, min, ceil, round } = Math;

export const SWEEP_ROLE_NAME = 'IamSweepRole';
export const OPT_OUT_TAG_KEY = 'iam-sweep:opt-out';
export const EXCLUDE_TAG_KEY = 'iam-sweep:exclude';
/** The name pattern that generated pattern-excluded users match: pass it as the sweep's `excludeUsers`. */
export const EXCLUDED_NAME_PATTERN = 'svc-legacy-*';
/** Fresh activity (sign-ins, key use, new users) is at most this many days old. */
export const FRESH_WITHIN_DAYS = 20;
/** Stale activity and the creation of inactive users and stale credentials are at least this many days old. */
export const STALE_AFTER_DAYS = 120;

export interface GenerateOptions {
  /** Number of accounts, the management and caller accounts included (at least 2, or 1 when they are the same). */
  accounts: number;
  usersPerAccount: number;
  /** Any non-negative safe integer; the same seed always gives the same scenario. */
  seed: number;
  /** Share of users that are inactive (default 0.1). */
  inactiveShare?: number;
  /** Share of users that are active but hold at least one stale access key (default 0.1). */
  staleKeyShare?: number;
  /** Share of users created a few days ago and never used, which must stay (default 0.05). */
  neverUsedShare?: number;
  /** Share of otherwise inactive users excluded by tag or by EXCLUDED_NAME_PATTERN (default 0.02). */
  excludedShare?: number;
  /** Share of all accounts opted out, half through an opted-out OU, half by their own tag (default 0.05). */
  optedOutAccountShare?: number;
  /** Number of SUSPENDED accounts (default accounts / 50, rounded down). */
  suspendedAccounts?: number;
  /** Number of ACTIVE accounts without the IamSweepRole, where AssumeRole fails (default accounts / 100, rounded down). */
  accountsWithoutRole?: number;
  /** Inactive and excluded users carry every kind of object that blocks DeleteUser (default false). */
  fullDependents?: boolean;
  /** Default 111111111111. */
  managementAccountId?: string;
  /** The delegated administrator the sweep runs in (default 222222222222). */
  callerAccountId?: string;
  /**
   * Identity Center users, administered from the caller account (default 0: no `identityCenter` section).
   * `inactiveShare` and `neverUsedShare` apply to them too; the rest are active.
   */
  identityCenterUsers?: number;
}

export type UserIntent = 'active' | 'inactive' | 'stale-key-only' | 'new-never-used' | 'excluded';
export type AccountIntent = 'swept' | 'opted-out' | 'suspended' | 'no-role';
export const USER_INTENTS: readonly UserIntent[] = ['active', 'inactive', 'stale-key-only', 'new-never-used', 'excluded'];

export interface AccountTruth {
  intent: AccountIntent;
  /** For opted-out accounts: whether the opt-out tag sits on an OU above the account or on the account. */
  optOutVia?: 'ou' | 'account';
  /** Intent by user name. */
  users: Record<string, UserIntent>;
}

export interface GeneratedTruth {
  /** The range of `inactiveDays` for which every intent holds. */
  inactiveDays: { min: number; max: number };
  /** What the sweep must be configured with for the `excluded` intents to hold. */
  excludeTag: string;
  excludeUsers: string[];
  roleName: string;
  accounts: Record<string, AccountTruth>;
  /** Users by intent over all accounts. */
  counts: Record<UserIntent, number>;
  /** Users by intent over the accounts whose intent is `swept`. */
  sweptCounts: Record<UserIntent, number>;
  /** Intent of each Identity Center user by user id, when `identityCenterUsers` asked for some. */
  identityCenterUsers?: Record<string, IdentityCenterUserIntent>;
}

export class GeneratorOptionsError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = 'GeneratorOptionsError';
  }
}

/** A small seeded PRNG (mulberry32): uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** MurmurHash3's finalizer: a bijection on 32-bit integers, so distinct inputs give distinct outputs. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h = imul(h ^ (h >>> 16), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

const FIRST_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'maria', 'li', 'amir', 'priya', 'kenji'];
const LAST_NAMES = ['smith', 'garcia', 'nguyen', 'mueller', 'rossi', 'kowalski', 'tanaka', 'okafor', 'silva', 'johansson', 'patel', 'kim', 'dubois', 'novak'];
/** No entry is "legacy": only pattern-excluded users may match EXCLUDED_NAME_PATTERN. */
const APPS = ['billing', 'etl', 'search', 'payments', 'reports', 'backup', 'metrics', 'deploy', 'ingest', 'mailer', 'auth', 'cache'];
const TEAMS = ['platform', 'data', 'web', 'mobile', 'security', 'finance'];
const SERVICES = ['s3', 'sts', 'ec2', 'dynamodb', 'sqs', 'lambda'];
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];
const GROUP_NAMES = ['Administrators', 'Developers', 'ReadOnly', 'Services'];
const MANAGED_POLICIES = ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::aws:policy/AmazonS3FullAccess'];
const BOUNDARY = 'arn:aws:iam::aws:policy/PowerUserAccess';

const days = (n: number) => `-${n}d`;
const hours = (n: number) => `-${n}h`;

/** The age of a time written by `days`. */
function wholeDaysAgo(time: string): number {
  const match = /^-(\d+)d$/.exec(time);
  if (!match) throw new Error(`expected a time written as -<n>d, got ${time}`);
  return Number(match[1]);
}

function zeroCounts(): Record<UserIntent, number> {
  return { active: 0, inactive: 0, 'stale-key-only': 0, 'new-never-used': 0, excluded: 0 };
}

/** A fresh document for every user: the simulator may mutate what it loads. */
function inlinePolicyDocument(bucket: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` }],
  };
}

type ResolvedOptions = Required<GenerateOptions>;

function resolveOptions(options: GenerateOptions): ResolvedOptions {
  const wholeNumber = (name: keyof GenerateOptions, value: unknown, least: number) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < least) {
      throw new GeneratorOptionsError(name, `${name}=${String(value)} is not valid: use a whole number of at least ${least}`);
    }
    return value;
  };
  const share = (name: keyof GenerateOptions, value: unknown, fallback: number) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new GeneratorOptionsError(name, `${name}=${String(value)} is not valid: use a fraction from 0 to 1`);
    }
    return value;
  };
  const accountId = (name: keyof GenerateOptions, value: unknown, fallback: string) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !/^\d{12}$/.test(value)) {
      throw new GeneratorOptionsError(name, `${name}=${String(value)} is not valid: use a 12-digit account id`);
    }
    return value;
  };

  const managementAccountId = accountId('managementAccountId', options.managementAccountId, '111111111111');
  const callerAccountId = accountId('callerAccountId', options.callerAccountId, '222222222222');
  const fixedAccounts = managementAccountId === callerAccountId ? 1 : 2;
  const accounts = wholeNumber('accounts', options.accounts, fixedAccounts);
  const members = accounts - fixedAccounts;
  const resolved: ResolvedOptions = {
    accounts,
    usersPerAccount: wholeNumber('usersPerAccount', options.usersPerAccount, 0),
    seed: wholeNumber('seed', options.seed, 0),
    inactiveShare: share('inactiveShare', options.inactiveShare, 0.1),
    staleKeyShare: share('staleKeyShare', options.staleKeyShare, 0.1),
    neverUsedShare: share('neverUsedShare', options.neverUsedShare, 0.05),
    excludedShare: share('excludedShare', options.excludedShare, 0.02),
    optedOutAccountShare: share('optedOutAccountShare', options.optedOutAccountShare, 0.05),
    suspendedAccounts:
      options.suspendedAccounts === undefined
        ? floor(accounts / 50)
        : wholeNumber('suspendedAccounts', options.suspendedAccounts, 0),
    accountsWithoutRole:
      options.accountsWithoutRole === undefined
        ? floor(accounts / 100)
        : wholeNumber('accountsWithoutRole', options.accountsWithoutRole, 0),
    fullDependents: options.fullDependents ?? false,
    managementAccountId,
    callerAccountId,
    identityCenterUsers: options.identityCenterUsers === undefined ? 0 : wholeNumber('identityCenterUsers', options.identityCenterUsers, 0),
  };
  const userShares = resolved.inactiveShare + resolved.staleKeyShare + resolved.neverUsedShare + resolved.excludedShare;
  if (userShares > 1 + 1e-9) {
    throw new GeneratorOptionsError(
      'inactiveShare',
      `inactiveShare + staleKeyShare + neverUsedShare + excludedShare = ${userShares} is not valid: the shares must add up to at most 1`,
    );
  }
  const special = optedOutCount(resolved) + resolved.suspendedAccounts + resolved.accountsWithoutRole;
  if (special > members) {
    throw new GeneratorOptionsError(
      'accounts',
      `${special} opted-out, suspended and role-less accounts do not fit in ${members} member accounts: ` +
        'raise the number of accounts or lower optedOutAccountShare, suspendedAccounts, accountsWithoutRole',
    );
  }
  return resolved;
}

function optedOutCount(options: ResolvedOptions): number {
  return round(options.optedOutAccountShare * options.accounts);
}

/** Seeded random choices and ids that are unique across the whole scenario. */
class Dice {
  readonly random: () => number;
  private idCounter = 0;
  private hardwareMfaCounter = 0;
  private readonly idKey: number;

  constructor(seed: number) {
    const low = seed >>> 0;
    const high = floor(seed / 4294967296) >>> 0;
    const mixed = fmix32(low ^ fmix32(high ^ 0x9e3779b9));
    this.random = mulberry32(mixed);
    this.idKey = fmix32(mixed ^ 0x5bd1e995);
  }

  /** A whole number from `low` to `high`, both included. */
  int(low: number, high: number): number {
    return low + floor(this.random() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.random() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.random() * items.length)];
  }

  chars(alphabet: string, length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[floor(this.random() * alphabet.length)];
    return text;
  }

  /** `prefix`, a 7-character part unique in the scenario, then random characters up to `length`. */
  id(prefix: string, length: number): string {
    let unique = fmix32((this.idCounter++ ^ this.idKey) >>> 0);
    let id = prefix;
    for (let i = 0; i < 7; i++) {
      id += BASE32[unique & 31];
      unique >>>= 5;
    }
    return id + this.chars(BASE32, length - id.length);
  }

  hardwareMfaSerial(): string {
    return `GAHT${String(++this.hardwareMfaCounter).padStart(8, '0')}`;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = floor(this.random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** `share * total` rounded up or down at random, so that the expected value is exact. */
  portion(share: number, total: number): number {
    return floor(share * total + this.random());
  }
}

/** Builds the users of one account. */
class UserFactory {
  constructor(
    private readonly dice: Dice,
    private readonly accountId: string,
    private readonly fullDependents: boolean,
  ) {}

  build(intent: UserIntent, index: number): UserSpec {
    switch (intent) {
      case 'active':
        return this.active(index);
      case 'stale-key-only':
        return this.staleKeyOnly(index);
      case 'new-never-used':
        return this.newNeverUsed(index);
      case 'inactive':
        return this.withFullDependents(this.inactive(index));
      case 'excluded':
        return this.withFullDependents(this.excluded(index));
    }
  }

  private humanName(index: number): string {
    return `${this.dice.pick(FIRST_NAMES)}.${this.dice.pick(LAST_NAMES)}${index}`;
  }

  private serviceName(prefix: 'svc' | 'ci', index: number): string {
    return `${prefix}-${this.dice.pick(APPS)}-${index}`;
  }

  private virtualMfa(name: string) {
    return { serial: `arn:aws:iam::${this.accountId}:mfa/${name}`, virtual: true, enabled: true };
  }

  /** A key used within the last FRESH_WITHIN_DAYS, created at most `userAgeDays` ago. */
  private freshKey(userAgeDays: number): AccessKeySpec {
    const createdDays = this.dice.int(1, userAgeDays);
    return {
      id: this.dice.id('AKIA', 20),
      status: 'Active',
      created: days(createdDays),
      lastUsed: hours(this.dice.int(1, min(FRESH_WITHIN_DAYS, createdDays) * 24)),
      lastUsedService: this.dice.pick(SERVICES),
      lastUsedRegion: this.dice.pick(REGIONS),
    };
  }

  /** A key created at least STALE_AFTER_DAYS ago, last used that long ago or never; needs `userAgeDays` >= that. */
  private staleKey(userAgeDays: number, used: boolean, status: 'Active' | 'Inactive' = 'Active'): AccessKeySpec {
    const createdDays = this.dice.int(STALE_AFTER_DAYS, userAgeDays);
    const key: AccessKeySpec = { id: this.dice.id('AKIA', 20), status, created: days(createdDays) };
    if (used) {
      key.lastUsed = days(this.dice.int(STALE_AFTER_DAYS, createdDays));
      key.lastUsedService = this.dice.pick(SERVICES);
      key.lastUsedRegion = this.dice.pick(REGIONS);
    }
    return key;
  }

  /** A console user who signed in within the last FRESH_WITHIN_DAYS. */
  private activeHuman(name: string, createdDays: number): UserSpec {
    const loginDays = this.dice.int(1, createdDays);
    const user: UserSpec = {
      name,
      created: days(createdDays),
      passwordLastUsed: hours(this.dice.int(1, min(FRESH_WITHIN_DAYS, loginDays) * 24)),
      loginProfile: { created: days(loginDays) },
      groups: this.dice.chance(0.15) ? ['Administrators'] : this.dice.chance(0.5) ? ['Developers', 'ReadOnly'] : ['Developers'],
    };
    if (this.dice.chance(0.7)) user.mfaDevices = [this.virtualMfa(name)];
    if (this.dice.chance(0.3)) user.tags = { team: this.dice.pick(TEAMS) };
    return user;
  }

  private active(index: number): UserSpec {
    const kind = this.dice.random();
    if (kind < 0.55) {
      const user = this.activeHuman(this.humanName(index), this.dice.int(30, 1500));
      if (this.dice.chance(0.4)) user.accessKeys = [this.freshKey(this.dice.int(1, 30))];
      return user;
    }
    if (kind < 0.85) {
      const createdDays = this.dice.int(30, 1500);
      const keys = [this.freshKey(createdDays)];
      if (this.dice.chance(0.2)) keys.push(this.freshKey(createdDays));
      const user: UserSpec = { name: this.serviceName('svc', index), created: days(createdDays), accessKeys: keys, groups: ['Services'] };
      if (this.dice.chance(0.3)) user.inlinePolicies = { 'app-access': inlinePolicyDocument(`app-data-${this.accountId}`) };
      return user;
    }
    if (kind < 0.97) {
      // An old key still used every day: disuse, not age, makes a key stale.
      const createdDays = this.dice.int(500, 2000);
      const key = this.freshKey(createdDays);
      key.created = days(this.dice.int(400, createdDays));
      return { name: this.serviceName('ci', index), created: days(createdDays), accessKeys: [key], groups: ['Services'] };
    }
    // Console access removed, but the last sign-in is recent: still the user's activity.
    const name = this.humanName(index);
    return { name, created: days(this.dice.int(200, 1500)), passwordLastUsed: days(this.dice.int(2, FRESH_WITHIN_DAYS)), groups: ['ReadOnly'] };
  }

  private staleKeyOnly(index: number): UserSpec {
    const createdDays = this.dice.int(200, 1500);
    const kind = this.dice.random();
    if (kind < 0.4) {
      // Key 1 unused for months, key 2 old but used recently: judged one by one, only key 1 is stale.
      return {
        name: this.serviceName('ci', index),
        created: days(createdDays),
        accessKeys: [this.staleKey(createdDays, true), this.freshKey(createdDays)],
        groups: ['Services'],
      };
    }
    const user = this.activeHuman(this.humanName(index), createdDays);
    // A dormant key that was never used, or one last used long ago, beside a recent sign-in.
    user.accessKeys = [this.staleKey(createdDays, kind >= 0.7)];
    return user;
  }

  private newNeverUsed(index: number): UserSpec {
    const createdHours = this.dice.int(2, 7 * 24);
    const credentialHours = this.dice.int(1, createdHours);
    if (this.dice.chance(0.6)) {
      const name = this.humanName(index);
      const user: UserSpec = {
        name,
        created: hours(createdHours),
        loginProfile: { created: hours(credentialHours), passwordResetRequired: true },
        groups: ['Developers'],
      };
      if (this.dice.chance(0.3)) user.accessKeys = [{ id: this.dice.id('AKIA', 20), status: 'Active', created: hours(credentialHours) }];
      return user;
    }
    return {
      name: this.serviceName('svc', index),
      created: hours(createdHours),
      accessKeys: [{ id: this.dice.id('AKIA', 20), status: 'Active', created: hours(credentialHours) }],
      groups: ['Services'],
    };
  }

  /**
   * A user created long ago whose every credential and every sign of activity is older than STALE_AFTER_DAYS,
   * named `name` or after its kind.
   */
  private inactive(index: number, name?: string): UserSpec {
    const kind = this.dice.random();
    const humanName = name ?? this.humanName(index);
    const serviceName = name ?? this.serviceName('svc', index);
    if (kind < 0.4) {
      // A former employee: password and keys, all last used long ago.
      const createdDays = this.dice.int(400, 2000);
      const loginDays = this.dice.int(150, createdDays);
      const user: UserSpec = {
        name: humanName,
        created: days(createdDays),
        passwordLastUsed: days(this.dice.int(STALE_AFTER_DAYS, loginDays)),
        loginProfile: { created: days(loginDays) },
        groups: this.dice.chance(0.5) ? ['Developers'] : ['Developers', 'ReadOnly'],
      };
      const keyCount = this.dice.int(0, 2);
      if (keyCount > 0) {
        user.accessKeys = [];
        for (let k = 0; k < keyCount; k++) user.accessKeys.push(this.staleKey(createdDays, this.dice.chance(0.7)));
      }
      if (this.dice.chance(0.6)) user.mfaDevices = [this.virtualMfa(humanName)];
      if (this.dice.chance(0.3)) user.attachedPolicies = [this.dice.pick(MANAGED_POLICIES)];
      if (this.dice.chance(0.4)) user.tags = { team: this.dice.pick(TEAMS) };
      return user;
    }
    if (kind < 0.6) {
      // Created long ago and never used: a dormant key, sometimes a password never used.
      const createdDays = this.dice.int(STALE_AFTER_DAYS, 1000);
      const user: UserSpec = {
        name: serviceName,
        created: days(createdDays),
        accessKeys: [this.staleKey(createdDays, false)],
      };
      if (this.dice.chance(0.4)) user.loginProfile = { created: days(this.dice.int(STALE_AFTER_DAYS, createdDays)) };
      return user;
    }
    if (kind < 0.75) {
      // Only a password, used long ago or never.
      const createdDays = this.dice.int(150, 1500);
      const loginDays = this.dice.int(150, createdDays);
      const user: UserSpec = { name: humanName, created: days(createdDays), loginProfile: { created: days(loginDays) }, groups: ['ReadOnly'] };
      if (this.dice.chance(0.7)) user.passwordLastUsed = days(this.dice.int(STALE_AFTER_DAYS, loginDays));
      return user;
    }
    if (kind < 0.85) {
      // Console access removed long ago; PasswordLastUsed survives it.
      const createdDays = this.dice.int(200, 1500);
      return { name: humanName, created: days(createdDays), passwordLastUsed: days(this.dice.int(150, createdDays)) };
    }
    if (kind < 0.95) {
      // No credentials at all.
      const user: UserSpec = { name: humanName, created: days(this.dice.int(150, 2000)) };
      if (this.dice.chance(0.5)) user.groups = ['ReadOnly'];
      return user;
    }
    // Keys already deactivated by hand, last used long ago.
    const createdDays = this.dice.int(200, 1500);
    const keyCount = this.dice.int(1, 2);
    const accessKeys: AccessKeySpec[] = [];
    for (let k = 0; k < keyCount; k++) accessKeys.push(this.staleKey(createdDays, true, 'Inactive'));
    return { name: serviceName, created: days(createdDays), accessKeys, groups: ['Services'] };
  }

  /** An otherwise inactive user, excluded by the exclude tag or by EXCLUDED_NAME_PATTERN. */
  private excluded(index: number): UserSpec {
    if (this.dice.chance(0.5)) {
      const user = this.inactive(index, `breakglass-${index}`);
      user.tags = { ...user.tags, [EXCLUDE_TAG_KEY]: 'true' };
      return user;
    }
    return this.inactive(index, `svc-legacy-${this.dice.pick(APPS)}-${index}`);
  }

  /**
   * With `fullDependents`, adds every kind of object that blocks DeleteUser, all of them stale: the SSH key
   * and service-specific credential inactive, since IAM records no use of them and active ones keep a user.
   */
  private withFullDependents(user: UserSpec): UserSpec {
    if (!this.fullDependents) return user;
    const createdDays = wholeDaysAgo(user.created);
    const oldDays = () => days(this.dice.int(STALE_AFTER_DAYS, createdDays));
    user.loginProfile ??= { created: oldDays() };
    user.accessKeys ??= [];
    while (user.accessKeys.length < 2) user.accessKeys.push(this.staleKey(createdDays, this.dice.chance(0.5)));
    if (!user.mfaDevices?.length) user.mfaDevices = [this.virtualMfa(user.name)];
    user.signingCertificates = [{ id: this.dice.id('', 32), status: 'Active', uploaded: oldDays() }];
    user.sshPublicKeys = [{ id: this.dice.id('APKA', 20), status: 'Inactive', uploaded: oldDays() }];
    user.serviceSpecificCredentials = [
      { id: this.dice.id('ACCA', 21), serviceName: 'codecommit.amazonaws.com', status: 'Inactive', created: oldDays() },
    ];
    user.inlinePolicies = { ...user.inlinePolicies, 'legacy-access': inlinePolicyDocument(`legacy-${this.accountId}`) };
    if (!user.attachedPolicies?.length) user.attachedPolicies = [this.dice.pick(MANAGED_POLICIES)];
    if (!user.groups?.length) user.groups = ['ReadOnly'];
    user.permissionsBoundary = BOUNDARY;
    return user;
  }
}

const OU_LAYOUT = [
  { key: 'security', name: 'Security', parent: 'root' },
  { key: 'infrastructure', name: 'Infrastructure', parent: 'root' },
  { key: 'workloads', name: 'Workloads', parent: 'root' },
  { key: 'prod', name: 'Prod', parent: 'workloads' },
  { key: 'nonprod', name: 'NonProd', parent: 'workloads' },
  { key: 'sandbox', name: 'Sandbox', parent: 'root', optedOut: true },
  // Nested under Sandbox: opted out only through its parent, to exercise the walk up the tree.
  { key: 'experiments', name: 'Experiments', parent: 'sandbox' },
  { key: 'suspended', name: 'Suspended', parent: 'root' },
] as const;
type OuKey = (typeof OU_LAYOUT)[number]['key'];

const REGULAR_OUS: readonly OuKey[] = ['prod', 'prod', 'nonprod', 'nonprod', 'infrastructure', 'security'];

function sweepRole(callerAccountId: string): RoleSpec {
  return {
    name: SWEEP_ROLE_NAME,
    trustedAccountIds: [callerAccountId],
    created: '-400d',
    lastUsed: '-1d',
    lastUsedRegion: 'us-east-1',
  };
}

function groups(): GroupSpec[] {
  return GROUP_NAMES.map((name) => ({ name }));
}

/** Generates a whole organization; see generateOrganizationWithTruth for the generator's intent. */
export function generateOrganization(options: GenerateOptions): Scenario {
  return generateOrganizationWithTruth(options).scenario;
}

/** Generates a whole organization and, per account and per user, what the generator meant it to be. */
export function generateOrganizationWithTruth(options: GenerateOptions): { scenario: Scenario; truth: GeneratedTruth } {
  const resolved = resolveOptions(options);
  const dice = new Dice(resolved.seed);
  const { managementAccountId, callerAccountId } = resolved;

  const rootSuffix = dice.chars(LOWER_ALNUM, 4);
  const rootId = `r-${rootSuffix}`;
  const ouIds = {} as Record<OuKey, string>;
  const organizationalUnits: OrganizationalUnitSpec[] = OU_LAYOUT.map((ou) => {
    const id = `ou-${rootSuffix}-${dice.chars(LOWER_ALNUM, 8)}`;
    ouIds[ou.key] = id;
    const spec: OrganizationalUnitSpec = { id, name: ou.name, parentId: ou.parent === 'root' ? rootId : ouIds[ou.parent] };
    if ('optedOut' in ou) spec.tags = { [OPT_OUT_TAG_KEY]: 'true' };
    return spec;
  });
  const organization = {
    id: `o-${dice.chars(LOWER_ALNUM, 10)}`,
    managementAccountId,
    rootId,
    organizationalUnits,
    delegatedAdministratorAccountIds: [callerAccountId],
  };

  const usedIds = new Set([managementAccountId, callerAccountId]);
  const accountIds = managementAccountId === callerAccountId ? [managementAccountId] : [managementAccountId, callerAccountId];
  while (accountIds.length < resolved.accounts) {
    const id = String(100_000_000_000 + dice.int(0, 899_999) * 1_000_000 + dice.int(0, 999_999));
    if (usedIds.has(id)) continue;
    usedIds.add(id);
    accountIds.push(id);
  }

  // Special accounts are drawn from the members only: the management and caller accounts are always swept.
  const fixedCount = managementAccountId === callerAccountId ? 1 : 2;
  const memberOrder = dice.shuffle(accountIds.slice(fixedCount));
  const optedOut = optedOutCount(resolved);
  const viaOu = ceil(optedOut / 2);
  const special = new Map<string, { intent: AccountIntent; optOutVia?: 'ou' | 'account' }>();
  let next = 0;
  for (let i = 0; i < resolved.suspendedAccounts; i++) special.set(memberOrder[next++], { intent: 'suspended' });
  for (let i = 0; i < resolved.accountsWithoutRole; i++) special.set(memberOrder[next++], { intent: 'no-role' });
  for (let i = 0; i < optedOut; i++) {
    special.set(memberOrder[next++], { intent: 'opted-out', optOutVia: i < viaOu ? 'ou' : 'account' });
  }

  const truth: GeneratedTruth = {
    inactiveDays: { min: FRESH_WITHIN_DAYS + 1, max: STALE_AFTER_DAYS - 1 },
    excludeTag: `${EXCLUDE_TAG_KEY}=true`,
    excludeUsers: [EXCLUDED_NAME_PATTERN],
    roleName: SWEEP_ROLE_NAME,
    accounts: {},
    counts: zeroCounts(),
    sweptCounts: zeroCounts(),
  };

  const accounts: AccountSpec[] = accountIds.map((id, index) => {
    const role = special.get(id);
    const intent: AccountIntent = role?.intent ?? 'swept';
    let ou: OuKey | 'root';
    if (id === managementAccountId) ou = 'root';
    else if (id === callerAccountId) ou = 'security';
    else if (intent === 'suspended') ou = 'suspended';
    else if (intent === 'opted-out' && role?.optOutVia === 'ou') ou = dice.chance(0.5) ? 'sandbox' : 'experiments';
    else if (intent === 'opted-out') ou = 'nonprod';
    else ou = dice.pick(REGULAR_OUS);

    const name =
      id === managementAccountId ? 'management' : id === callerAccountId ? 'security-tooling' : `${ou}-${String(index).padStart(4, '0')}`;
    const account: AccountSpec = {
      id,
      name,
      email: `aws+${name}@example.com`,
      state: intent === 'suspended' ? 'SUSPENDED' : 'ACTIVE',
      parentId: ou === 'root' ? rootId : ouIds[ou],
      roles: intent === 'no-role' ? [] : [sweepRole(callerAccountId)],
      groups: groups(),
    };
    if (id !== managementAccountId) {
      account.roles!.push({
        name: 'OrganizationAccountAccessRole',
        trustedAccountIds: [managementAccountId],
        created: days(dice.int(400, 2000)),
        lastUsed: days(dice.int(1, 300)),
        lastUsedRegion: 'us-east-1',
      });
    }
    const accountTags: Tags = { env: ou };
    if (role?.optOutVia === 'account') accountTags[OPT_OUT_TAG_KEY] = 'true';
    account.tags = accountTags;

    const { users, intents } = generateUsers(dice, id, resolved);
    account.users = users;
    const accountTruth: AccountTruth = { intent, users: intents };
    if (role?.optOutVia) accountTruth.optOutVia = role.optOutVia;
    truth.accounts[id] = accountTruth;
    for (const userIntent of Object.values(intents)) {
      truth.counts[userIntent]++;
      if (intent === 'swept') truth.sweptCounts[userIntent]++;
    }
    return account;
  });

  const scenario: Scenario = {
    organization,
    callerAccountId,
    snsTopics: [`arn:aws:sns:us-east-1:${callerAccountId}:iam-sweep-report`],
    s3Buckets: [`iam-sweep-reports-${callerAccountId}`],
    accounts,
  };
  if (resolved.identityCenterUsers > 0) {
    const { spec, intents } = generateIdentityCenter({
      users: resolved.identityCenterUsers,
      // Its own stream, so that the rest of the scenario stays what it is without Identity Center.
      random: mulberry32(fmix32((resolved.seed >>> 0) ^ 0x1dc3a7e5)),
      adminAccountId: callerAccountId,
      assignableAccountIds: accounts.filter((a) => a.state === 'ACTIVE' && a.id !== managementAccountId).map((a) => a.id),
      inactiveShare: resolved.inactiveShare,
      neverUsedShare: resolved.neverUsedShare,
      freshWithinDays: FRESH_WITHIN_DAYS,
      staleAfterDays: STALE_AFTER_DAYS,
    });
    scenario.identityCenter = spec;
    truth.identityCenterUsers = intents;
  }
  return { scenario, truth };
}

function generateUsers(
  dice: Dice,
  accountId: string,
  options: ResolvedOptions,
): { users: UserSpec[]; intents: Record<string, UserIntent> } {
  const total = options.usersPerAccount;
  const plan: UserIntent[] = [];
  const add = (intent: UserIntent, count: number) => {
    for (let i = 0; i < count && plan.length < total; i++) plan.push(intent);
  };
  add('inactive', dice.portion(options.inactiveShare, total));
  add('stale-key-only', dice.portion(options.staleKeyShare, total));
  add('new-never-used', dice.portion(options.neverUsedShare, total));
  add('excluded', dice.portion(options.excludedShare, total));
  add('active', total - plan.length);
  dice.shuffle(plan);

  const factory = new UserFactory(dice, accountId, options.fullDependents);
  const users: UserSpec[] = [];
  const intents: Record<string, UserIntent> = {};
  plan.forEach((intent, index) => {
    const user = factory.build(intent, index + 1);
    users.push(user);
    intents[user.name] = intent;
  });
  return { users, intents };
}
