/** Small purpose-made organizations for end-to-end tests, built from the scenario format. */
import type { AccountSpec, Scenario, UserSpec } from '../../sim/scenario';

export const MANAGEMENT = '111111111111';
export const CALLER = '222222222222';
export const TOPIC = `arn:aws:sns:us-east-1:${CALLER}:iam-sweep-report`;
export const BUCKET = `iam-sweep-reports-${CALLER}`;

export const sweepRole = { name: 'IamSweepRole', trustedAccountIds: [CALLER], lastUsed: '-7d' };

export function account(id: string, users: UserSpec[], overrides: Partial<AccountSpec> = {}): AccountSpec {
  return {
    id,
    name: `acct-${id.slice(0, 3)}`,
    email: `${id}@example.com`,
    state: 'ACTIVE',
    parentId: 'r-a1b2',
    roles: [sweepRole],
    groups: [{ name: 'developers' }],
    users,
    ...overrides,
  };
}

export function organization(accounts: AccountSpec[], overrides: Partial<Scenario> = {}): Scenario {
  return {
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccountId: MANAGEMENT,
      rootId: 'r-a1b2',
      organizationalUnits: [
        { id: 'ou-a1b2-sandbox1', name: 'Sandbox', parentId: 'r-a1b2', tags: { 'iam-sweep:opt-out': 'true' } },
        { id: 'ou-a1b2-work0001', name: 'Workloads', parentId: 'r-a1b2' },
      ],
    },
    callerAccountId: CALLER,
    snsTopics: [TOPIC],
    s3Buckets: [BUCKET],
    accounts: [account(MANAGEMENT, [], { name: 'management' }), account(CALLER, [], { name: 'security' }), ...accounts],
    ...overrides,
  };
}

/** Users that stay: they are used. */
export const activeUser = (name: string): UserSpec => ({
  name,
  created: '-500d',
  passwordLastUsed: '-1d',
  loginProfile: { created: '-500d' },
  accessKeys: [{ id: `AKIA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(16, '0').slice(0, 16)}`, status: 'Active', created: '-400d', lastUsed: '-1d', lastUsedService: 's3', lastUsedRegion: 'us-east-1' }],
});

let serial = 0;
const id = (prefix: string, length = 20) => `${prefix}${String(++serial).padStart(length - prefix.length, '0')}`;

/** An inactive user holding every kind of object that blocks DeleteUser. */
export function inactiveUserWithEverything(name: string, accountId: string): UserSpec {
  return {
    name,
    path: '/people/',
    created: '-400d',
    passwordLastUsed: '-200d',
    loginProfile: { created: '-400d' },
    accessKeys: [
      { id: id('AKIA'), status: 'Active', created: '-300d', lastUsed: '-150d', lastUsedService: 's3', lastUsedRegion: 'us-east-1' },
      { id: id('AKIA'), status: 'Inactive', created: '-250d' },
    ],
    mfaDevices: [
      { serial: `arn:aws:iam::${accountId}:mfa/${name}`, virtual: true },
      { serial: `GAHT${String(++serial).padStart(8, '0')}`, virtual: false },
    ],
    // IAM records no use of SSH keys and service-specific credentials: active ones would keep the user.
    sshPublicKeys: [{ id: id('APKA'), status: 'Inactive' }],
    signingCertificates: [{ id: id('CERT', 32), status: 'Active' }],
    serviceSpecificCredentials: [{ id: id('ACCA'), serviceName: 'codecommit.amazonaws.com', status: 'Inactive' }],
    inlinePolicies: { 's3-read': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
    attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    groups: ['developers'],
    permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
    tags: { team: 'payments' },
  };
}
