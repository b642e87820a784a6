/** The organization the CLI tests sweep: one member account with an active, an inactive and an excluded user. */
import type { AccountSpec, Scenario, UserSpec } from '../../sim/scenario';
import { account, activeUser, CALLER, inactiveUserWithEverything, organization, sweepRole } from '../support/org';

export const DEV = '333333333333';
export const NO_ROLE = '444444444444';
export const ACTIVE = 'dev-active';
export const INACTIVE = 'former-alice';
export const EXCLUDED = 'breakglass';

/** The role `restore` assumes by default, trusted by the caller account. */
const adminRole = { name: 'OrganizationAccountAccessRole', trustedAccountIds: [CALLER] };

/** The dev account, and `extra` accounts after it. */
export function testOrganization(extra: AccountSpec[] = []): Scenario {
  const users: UserSpec[] = [
    activeUser(ACTIVE),
    inactiveUserWithEverything(INACTIVE, DEV),
    { ...inactiveUserWithEverything(EXCLUDED, DEV), tags: { 'iam-sweep:exclude': 'true' } },
  ];
  return organization([account(DEV, users, { name: 'dev', roles: [sweepRole, adminRole] }), ...extra]);
}

/** An ACTIVE account without the sweep's role: AssumeRole into it fails. */
export const accountWithoutRole = (): AccountSpec =>
  account(NO_ROLE, [inactiveUserWithEverything('legacy-user', NO_ROLE)], { name: 'legacy-no-role', roles: [] });

export function userOf(state: Scenario, accountId: string, userName: string): UserSpec | undefined {
  return state.accounts.find((a) => a.id === accountId)?.users?.find((u) => u.name === userName);
}

/** Every account's users as the simulator holds them: what a sweep may change (role last use is AWS's doing). */
export const usersOf = (state: Scenario) => state.accounts.map((a) => ({ id: a.id, users: a.users ?? [] }));
