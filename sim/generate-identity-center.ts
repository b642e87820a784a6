/**
 * The Identity Center part of a generated organization: users of both sign-in kinds (active ones with
 * sign-ins in the last days, inactive ones with none CloudTrail still holds, new ones never used), groups,
 * permission sets and assignments. It draws from its own seeded generator, so that asking for it changes
 * nothing else in the scenario.
 */
import type { IdentityCenterAssignmentSpec, IdentityCenterSpec, IdentityCenterUserSpec } from './scenario';

export type IdentityCenterUserIntent = 'active' | 'inactive' | 'new-never-used';

export interface IdentityCenterGeneration {
  users: number;
  /** Uniform floats in [0, 1), seeded. */
  random: () => number;
  adminAccountId: string;
  /** Accounts that permission sets are provisioned to and assignments made in. */
  assignableAccountIds: readonly string[];
  inactiveShare: number;
  neverUsedShare: number;
  /** Sign-ins of active users and the creation of new ones are at most this many days old. */
  freshWithinDays: number;
  /** Inactive users were created, and last signed in, at least this many days ago (over CloudTrail's 90). */
  staleAfterDays: number;
}

const FIRST_NAMES = ['ana', 'ben', 'chen', 'dara', 'eli', 'fatima', 'goran', 'hana', 'ines', 'jonas', 'kofi', 'lena', 'marek', 'noor'];
const LAST_NAMES = ['alves', 'berg', 'costa', 'diaz', 'evans', 'fischer', 'gupta', 'haddad', 'ito', 'jensen', 'kaur', 'lopez'];
const GROUPS = ['Developers', 'Administrators', 'Auditors'];
const PERMISSION_SETS = ['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess'];

export function generateIdentityCenter(options: IdentityCenterGeneration): {
  spec: IdentityCenterSpec;
  intents: Record<string, IdentityCenterUserIntent>;
} {
  const { random, freshWithinDays, staleAfterDays } = options;
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const hex = (length: number) => Array.from({ length }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const storeHex = hex(10);
  const instanceId = `ssoins-${hex(16)}`;

  const plan: IdentityCenterUserIntent[] = [];
  const add = (intent: IdentityCenterUserIntent, count: number) => {
    for (let i = 0; i < count && plan.length < options.users; i++) plan.push(intent);
  };
  add('inactive', Math.floor(options.inactiveShare * options.users + random()));
  add('new-never-used', Math.floor(options.neverUsedShare * options.users + random()));
  add('active', options.users - plan.length);
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [plan[i], plan[j]] = [plan[j], plan[i]];
  }

  const intents: Record<string, IdentityCenterUserIntent> = {};
  const users: IdentityCenterUserSpec[] = plan.map((intent, index) => {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const signInKind = random() < 0.6 ? 'password' : 'external-idp';
    const user: IdentityCenterUserSpec = {
      id: `${storeHex}-${uuid()}`,
      userName: `${first}.${last}${index + 1}@example.com`,
      displayName: `${first[0].toUpperCase()}${first.slice(1)} ${last[0].toUpperCase()}${last.slice(1)}`,
      email: `${first}.${last}${index + 1}@example.com`,
      created: '',
      signInKind,
    };
    if (intent === 'active') {
      user.created = `-${int(freshWithinDays + 1, 900)}d`;
      user.signIns = Array.from({ length: int(1, 3) }, () => `-${int(1, freshWithinDays * 24)}h`);
    } else if (intent === 'inactive') {
      user.created = `-${int(staleAfterDays, 1000)}d`;
      // A sign-in older than CloudTrail's 90 days leaves no trace: the user looks as if it never signed in.
      if (random() < 0.5) user.signIns = [`-${int(staleAfterDays, 400)}d`];
    } else {
      user.created = `-${int(1, freshWithinDays * 24 - 1)}h`;
    }
    // A failed sign-in is no activity; built-in directory users log it (after their creation, which is older).
    if (intent !== 'new-never-used' && signInKind === 'password' && random() < 0.2) user.failedSignIns = [`-${int(1, freshWithinDays * 24)}h`];
    intents[user.id] = intent;
    return user;
  });

  const groups = GROUPS.map((displayName) => ({
    id: `${storeHex}-${uuid()}`,
    displayName,
    memberUserIds: users.filter(() => random() < 0.3).map((u) => u.id),
  }));
  const accounts = options.assignableAccountIds;
  const permissionSets = accounts.length === 0 ? [] : PERMISSION_SETS.map((name) => ({
    arn: `arn:aws:sso:::permissionSet/${instanceId}/ps-${hex(16)}`,
    name,
    provisionedToAccountIds: [...new Set(Array.from({ length: int(1, Math.min(5, accounts.length)) }, () => pick(accounts)))],
  }));
  const assignments = new Map<string, IdentityCenterAssignmentSpec>();
  const assign = (principalType: 'USER' | 'GROUP', principalId: string) => {
    const permissionSet = pick(permissionSets);
    const accountId = pick(permissionSet.provisionedToAccountIds);
    assignments.set(`${accountId} ${permissionSet.arn} ${principalId}`, { accountId, permissionSetArn: permissionSet.arn, principalType, principalId });
  };
  if (permissionSets.length > 0) {
    for (const user of users) {
      if (random() < 0.5) for (let n = int(1, 2); n > 0; n--) assign('USER', user.id);
    }
    for (const group of groups) assign('GROUP', group.id);
  }

  return {
    spec: {
      adminAccountId: options.adminAccountId,
      region: 'us-east-1',
      instanceArn: `arn:aws:sso:::instance/${instanceId}`,
      identityStoreId: `d-${storeHex}`,
      users,
      groups,
      permissionSets,
      assignments: [...assignments.values()],
    },
    intents,
  };
}
