/** The organization the CLI tests sweep: one member account with an active, an inactive and an excluded user. */
import type { AccountSpec, Scenario, UserSpec } from '../../sim/scenario';
import { account, activeUser, CALLER, organization, sweepRole } from '../support/org';

export const DEV = '333333333333';
export const NO_ROLE = '444444444444';
export const ACTIVE = 'dev-active';
export const INACTIVE = 'former-alice';
export const EXCLUDED = 'breakglass';

/** The role `restore` assumes by default, trusted by the caller account. */
const adminRole = { name: 'OrganizationAccountAccessRole', trustedAccountIds: [CALLER] };

/** Ids the simulator accepts, unique per user: `AKIA` + `FORMERALICE` padded to `length`. */
const idOf = (prefix: string, name: string, suffix: string, length: number) =>
  `${prefix}${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.padEnd(length - suffix.length, 'X').slice(0, length - suffix.length) + suffix;

/** An inactive user holding every kind of object a backup records, in a group of the account. */
export function inactiveUser(name: string, accountId: string, tags: Record<string, string> = { team: 'web', owner: 'alice@example.com' }): UserSpec {
  return {
    name,
    path: '/people/',
    created: '-900d',
    passwordLastUsed: '-200d',
    loginProfile: { created: '-800d' },
    accessKeys: [
      { id: idOf('AKIA', name, 'A', 20), status: 'Active', created: '-700d', lastUsed: '-210d', lastUsedService: 's3', lastUsedRegion: 'us-east-1' },
      { id: idOf('AKIA', name, 'B', 20), status: 'Inactive', created: '-400d' },
    ],
    mfaDevices: [
      { serial: `arn:aws:iam::${accountId}:mfa/${name}`, virtual: true, enabled: true },
      { serial: idOf('GAHT', name, '1', 12), virtual: false, enabled: true },
    ],
    signingCertificates: [{ id: idOf('CERT', name, 'A', 32), status: 'Active', uploaded: '-600d' }],
    sshPublicKeys: [{ id: idOf('APKA', name, 'A', 20), status: 'Active', uploaded: '-600d' }],
    serviceSpecificCredentials: [{ id: idOf('ACCA', name, 'A', 21), serviceName: 'codecommit.amazonaws.com', created: '-600d' }],
    inlinePolicies: {
      'scratch-bucket': {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::scratch/*' }],
      },
    },
    attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3FullAccess'],
    groups: ['developers', 'auditors'],
    permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
    tags,
  };
}

/** The dev account, and `extra` accounts after it. */
export function testOrganization(extra: AccountSpec[] = []): Scenario {
  const users: UserSpec[] = [
    activeUser(ACTIVE),
    inactiveUser(INACTIVE, DEV),
    inactiveUser(EXCLUDED, DEV, { 'iam-sweep:exclude': 'true' }),
  ];
  const groups = [{ name: 'developers' }, { name: 'auditors' }];
  return organization([account(DEV, users, { name: 'dev', roles: [sweepRole, adminRole], groups }), ...extra]);
}

/** An ACTIVE account without the sweep's role: AssumeRole into it fails. */
export const accountWithoutRole = (): AccountSpec =>
  account(NO_ROLE, [inactiveUser('legacy-user', NO_ROLE)], { name: 'legacy-no-role', roles: [], groups: [{ name: 'developers' }, { name: 'auditors' }] });

export function userOf(state: Scenario, accountId: string, userName: string): UserSpec | undefined {
  return state.accounts.find((a) => a.id === accountId)?.users?.find((u) => u.name === userName);
}

/** Every account's users as the simulator holds them: what a sweep may change (role last use is AWS's doing). */
export const usersOf = (state: Scenario) => state.accounts.map((a) => ({ id: a.id, users: a.users ?? [] }));
