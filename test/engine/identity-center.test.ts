/** Identity Center verdicts: sign-ins matched by user id, the guards on the sign-in source, and the plan. */
import { decideIdentityCenterUser, standingQuarantineStart } from '../../lambdas/engine/decide-identity-center';
import { planAccount } from '../../lambdas/engine/plan';
import { inactiveIdentityCenterUser } from '../../lambdas/engine/rules/inactive-identity-center-user';
import { excludedIdentityCenterUser } from '../../lambdas/engine/rules/excluded-identity-center-user';
import { untrustedSignInSource } from '../../lambdas/engine/rules/sign-in-source';
import { lastSignInByUser, successfulSignIns } from '../../lambdas/engine/sign-in-events';

const STORE = 'd-9067a1b2c3';
const STORE_ARN = `arn:aws:identitystore::222222222222:identitystore/${STORE}`;
const NOW = new Date('2025-06-30T12:00:00Z');
const ctx = { now: NOW, inactiveDays: 90, excludeUsers: [] as string[] };
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const MANAGEMENT = '100000000001';
const ADMIN_SET = 'arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-0123456789abcdef';
/** Deletable: no assignment the sweep cannot remove, every assignment read. */
const deletable = { assignments: [], unremovableIn: MANAGEMENT, unreadableAssignments: [] };

const PASSWORD_USER = 'a1b2c3d4e5-1111-2222-3333-444455556666';
const IDP_USER = 'a1b2c3d4e5-7777-8888-9999-000011112222';

/** A signin.amazonaws.com record as CloudTrail writes it for an Identity Center user. */
function record(eventName: string, userId: string, time: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    eventVersion: '1.10',
    userIdentity: {
      type: 'IdentityCenterUser',
      accountId: '222222222222',
      onBehalfOf: { userId, identityStoreArn: STORE_ARN },
      credentialId: 'cred-1',
    },
    eventTime: time,
    eventSource: 'signin.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    requestParameters: null,
    responseElements: null,
    eventType: 'AwsServiceEvent',
    recipientAccountId: '222222222222',
    ...extra,
  });
}

/** The built-in directory: the user name is only on CredentialChallenge. */
const passwordSignIn = (userId: string, userName: string, time: string) => [
  record('CredentialChallenge', userId, time, {
    additionalEventData: { AuthWorkflowID: 'wf-1', CredentialType: 'PASSWORD', UserName: userName },
    serviceEventDetails: { CredentialChallenge: 'Success' },
  }),
  record('CredentialVerification', userId, time, {
    additionalEventData: { AuthWorkflowID: 'wf-1', CredentialType: 'PASSWORD' },
    serviceEventDetails: { CredentialVerification: 'Success' },
  }),
  record('UserAuthentication', userId, time, {
    additionalEventData: { AuthWorkflowID: 'wf-1', LoginTo: 'https://d-9067a1b2c3.awsapps.com/start' },
    serviceEventDetails: { UserAuthentication: 'Success' },
  }),
];

/** An external IdP: the user name is on UserAuthentication, and there are no challenges. */
const externalIdpSignIn = (userId: string, userName: string, time: string) => [
  record('UserAuthentication', userId, time, {
    additionalEventData: { UserName: userName, LoginTo: 'https://d-9067a1b2c3.awsapps.com/start' },
    serviceEventDetails: { UserAuthentication: 'Success' },
  }),
];

describe('sign-ins are matched by user id', () => {
  test('a built-in-directory user whose name is only on CredentialChallenge is seen signing in', () => {
    // GIVEN the three records of a password sign-in
    const records = passwordSignIn(PASSWORD_USER, 'alice', '2025-06-29T08:00:00Z');

    // WHEN the sign-ins are read
    const { signIns, unreadable } = successfulSignIns(records, STORE);

    // THEN the UserAuthentication counts, under the user id, once
    expect(signIns).toEqual([{ userId: PASSWORD_USER, time: new Date('2025-06-29T08:00:00Z') }]);
    expect(unreadable).toBe(0);
  });

  test('an external-IdP user is matched by its id too, not by the user name on the event', () => {
    // GIVEN an external-IdP sign-in whose UserName differs from the identity store user name
    const records = externalIdpSignIn(IDP_USER, 'bob@corp.example', '2025-06-20T08:00:00Z');

    // WHEN the sign-ins are read
    const { signIns } = successfulSignIns(records, STORE);

    // THEN it counts for the user id
    expect(signIns).toEqual([{ userId: IDP_USER, time: new Date('2025-06-20T08:00:00Z') }]);
  });

  test('a failed sign-in (challenge and failed verification, no UserAuthentication) is no sign-in', () => {
    // GIVEN a wrong password
    const records = [
      record('CredentialChallenge', PASSWORD_USER, '2025-06-29T08:00:00Z', { additionalEventData: { UserName: 'alice' } }),
      record('CredentialVerification', PASSWORD_USER, '2025-06-29T08:00:00Z', {
        serviceEventDetails: { CredentialVerification: 'Failure' },
        errorMessage: 'Invalid password',
      }),
    ];

    // WHEN the sign-ins are read
    // THEN there is none
    expect(successfulSignIns(records, STORE)).toEqual({ signIns: [], unreadable: 0 });
  });

  test('a UserAuthentication that says it failed, or carries an error, is no sign-in', () => {
    const records = [
      record('UserAuthentication', PASSWORD_USER, '2025-06-29T08:00:00Z', { serviceEventDetails: { UserAuthentication: 'Failure' } }),
      record('UserAuthentication', PASSWORD_USER, '2025-06-29T09:00:00Z', { errorCode: 'AccessDenied' }),
      record('UserAuthentication', PASSWORD_USER, '2025-06-29T10:00:00Z', { serviceEventDetails: '{"UserAuthentication":"Failure"}' }),
    ];
    expect(successfulSignIns(records, STORE).signIns).toEqual([]);
  });

  test('sign-ins to another identity store are left out', () => {
    const other = record('UserAuthentication', PASSWORD_USER, '2025-06-29T08:00:00Z');
    const elsewhere = other.replace(STORE_ARN, 'arn:aws:identitystore::999999999999:identitystore/d-0000000000');
    expect(successfulSignIns([elsewhere], STORE).signIns).toEqual([]);
  });

  test('a UserAuthentication without a user id, or a record that is not JSON, is unreadable, never silently dropped', () => {
    // GIVEN an old-format sign-in that names the user only, and a damaged record
    const nameOnly = JSON.stringify({
      eventSource: 'signin.amazonaws.com',
      eventName: 'UserAuthentication',
      eventTime: '2025-06-29T08:00:00Z',
      userIdentity: { type: 'Unknown', userName: 'alice' },
    });

    // WHEN the sign-ins are read
    const read = successfulSignIns([nameOnly, '{"eventSource":'], STORE);

    // THEN both are counted as unreadable
    expect(read).toEqual({ signIns: [], unreadable: 2 });
  });

  test('other sign-in events (an IAM user’s ConsoleLogin) are ignored', () => {
    const consoleLogin = JSON.stringify({
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      eventTime: '2025-06-29T08:00:00Z',
      userIdentity: { type: 'IAMUser', userName: 'carol' },
      responseElements: { ConsoleLogin: 'Success' },
    });
    expect(successfulSignIns([consoleLogin], STORE)).toEqual({ signIns: [], unreadable: 0 });
  });

  test('each user’s newest sign-in is its last', () => {
    const last = lastSignInByUser([
      { userId: 'u1', time: daysAgo(10) },
      { userId: 'u1', time: daysAgo(2) },
      { userId: 'u2', time: daysAgo(50) },
    ]);
    expect(last).toEqual(new Map([['u1', daysAgo(2)], ['u2', daysAgo(50)]]));
  });
});

describe('the sign-in source is trusted only when it can be', () => {
  test('an inactivity window longer than the 90 days of event history is refused before anything is read', () => {
    expect(untrustedSignInSource({ inactiveDays: 91, userCount: 10 })).toMatch(
      /inactive days is 91, but CloudTrail event history holds only 90 days of sign-ins/,
    );
    expect(untrustedSignInSource({ inactiveDays: 90, userCount: 10 })).toBeUndefined();
  });

  test('no successful sign-in at all while users exist looks empty or broken', () => {
    expect(untrustedSignInSource({ inactiveDays: 90, userCount: 12, signIns: 0 })).toMatch(
      /CloudTrail shows no successful sign-in by any of the 12 users in the last 90 days: the sign-in source looks empty or broken/,
    );
  });

  test('an empty directory with no sign-ins is fine', () => {
    expect(untrustedSignInSource({ inactiveDays: 90, userCount: 0, signIns: 0 })).toBeUndefined();
  });

  test('one sign-in is enough to trust it', () => {
    expect(untrustedSignInSource({ inactiveDays: 30, userCount: 12, signIns: 1 })).toBeUndefined();
  });

  test('sign-in records that cannot be tied to a user id make it untrusted', () => {
    expect(untrustedSignInSource({ inactiveDays: 90, userCount: 12, signIns: 40, unreadable: 1 })).toMatch(
      /1 sign-in record could not be read or tied to a user id/,
    );
  });
});

describe('an Identity Center user', () => {
  const user = (created: Date | undefined, userName = 'alice') => ({ id: PASSWORD_USER, userName, ...(created ? { created } : {}) });

  test('is inactive when created more than inactiveDays ago and without a sign-in in the window', () => {
    expect(inactiveIdentityCenterUser(user(daysAgo(400)), undefined, ctx)).toEqual({
      inactive: true,
      lastActivity: undefined,
      reason: 'no sign-in in the last 90 days, created 400 days ago',
    });
  });

  test('is active when it signed in within the window', () => {
    expect(inactiveIdentityCenterUser(user(daysAgo(400)), daysAgo(3), ctx)).toMatchObject({ inactive: false, reason: 'signed in 3 days ago' });
  });

  test('has a grace period: a new user without a sign-in is not inactive', () => {
    expect(inactiveIdentityCenterUser(user(daysAgo(10)), undefined, ctx)).toMatchObject({ inactive: false, reason: 'created 10 days ago' });
  });

  test('is never inactive when its creation time is unknown', () => {
    expect(inactiveIdentityCenterUser(user(undefined), undefined, ctx)).toMatchObject({
      inactive: false,
      reason: 'creation time unknown, so it cannot be aged',
    });
  });

  test('is excluded by a name pattern, but never by an IAM user ARN pattern', () => {
    expect(excludedIdentityCenterUser(user(daysAgo(400), 'break-glass-1'), ['break-glass-*'])).toBe('excluded by pattern break-glass-*');
    // The identity store tells user names apart ignoring case, and so does the pattern.
    expect(excludedIdentityCenterUser(user(daysAgo(400), 'Break-Glass-Admin'), ['break-glass-*'])).toBe('excluded by pattern break-glass-*');
    expect(excludedIdentityCenterUser(user(daysAgo(400), 'alice'), ['arn:aws:iam::*:user/alice'])).toBeUndefined();
  });

  test('decided inactive, carries its quarantine start unless it signed in after it', () => {
    const marked = decideIdentityCenterUser(user(daysAgo(400)), { identityStoreId: STORE, markedDisabledAt: daysAgo(31), deletability: deletable }, ctx);
    expect(marked).toMatchObject({ accountId: STORE, userId: PASSWORD_USER, inactive: true, disabledAt: daysAgo(31) });

    const signedInSince = decideIdentityCenterUser(
      user(daysAgo(400)),
      { identityStoreId: STORE, lastSignIn: daysAgo(95), markedDisabledAt: daysAgo(100), deletability: deletable },
      ctx,
    );
    expect(signedInSince).toMatchObject({ inactive: true, disabledAt: undefined });
  });

  test('an inactive user the sweep cannot delete whole is left alone in every mode, saying why', () => {
    // GIVEN inactive users: one assigned in the management account, one while some assignments are unreadable
    const inManagement = { ...deletable, assignments: [{ accountId: MANAGEMENT, permissionSetArn: ADMIN_SET }] };
    const assigned = decideIdentityCenterUser(user(daysAgo(400)), { identityStoreId: STORE, deletability: inManagement }, ctx);
    const unread = decideIdentityCenterUser(
      user(daysAgo(400)),
      { identityStoreId: STORE, deletability: { ...deletable, unreadableAssignments: ['permission set ps-1: AccessDeniedException'] } },
      ctx,
    );

    // THEN each is inactive but excluded, and no mode plans anything for it
    expect(assigned).toMatchObject({ inactive: true });
    expect(assigned.excluded).toContain(`an account assignment in the management account ${MANAGEMENT}`);
    expect(unread.excluded).toContain('the assignments of permission set ps-1: AccessDeniedException could not be read');
    for (const mode of ['report', 'disable', 'delete'] as const) {
      const plan = planAccount(STORE, [assigned, unread].filter((v) => !v.excluded), 10, { mode, quarantineDays: 0, maxDeletionsPerAccount: 5, maxActionFraction: 1 }, NOW);
      expect(plan.actions).toEqual([]);
    }
    // Run in the management account itself, the same assignment is removable; an active user is never excluded for it
    expect(decideIdentityCenterUser(user(daysAgo(400)), { identityStoreId: STORE, deletability: { ...inManagement, unremovableIn: undefined } }, ctx).excluded).toBeUndefined();
    expect(
      decideIdentityCenterUser(user(daysAgo(400)), { identityStoreId: STORE, lastSignIn: daysAgo(1), deletability: inManagement }, ctx).excluded,
    ).toBeUndefined();
  });

  test('a recorded quarantine stands only while its start or last check is inside the sign-in window', () => {
    const windowStart = daysAgo(90);
    // Started inside the window, or checked inside it since: the windows have seen every day since the start
    expect(standingQuarantineStart({ disabledAt: daysAgo(31) }, windowStart)).toEqual(daysAgo(31));
    expect(standingQuarantineStart({ disabledAt: daysAgo(200), checkedAt: daysAgo(7) }, windowStart)).toEqual(daysAgo(200));
    expect(standingQuarantineStart({ disabledAt: daysAgo(90) }, windowStart)).toEqual(daysAgo(90));
    // A day no run saw between the last check and the window: the user may have signed in then
    expect(standingQuarantineStart({ disabledAt: daysAgo(100) }, windowStart)).toBeUndefined();
    expect(standingQuarantineStart({ disabledAt: daysAgo(200), checkedAt: daysAgo(91) }, windowStart)).toBeUndefined();
    // A check before the start (a hand-edited state) does not stretch it
    expect(standingQuarantineStart({ disabledAt: daysAgo(100), checkedAt: daysAgo(300) }, windowStart)).toBeUndefined();
    expect(standingQuarantineStart(undefined, windowStart)).toBeUndefined();
  });

  test('plans like an IAM user: quarantine start first, deletion once the quarantine is over, within the caps', () => {
    // GIVEN three inactive users, one of them disabled 31 days ago, and seven active ones
    const facts = { identityStoreId: STORE, deletability: deletable };
    const verdicts = [
      decideIdentityCenterUser({ id: 'u-new', userName: 'newly-inactive', created: daysAgo(400) }, facts, ctx),
      decideIdentityCenterUser({ id: 'u-old', userName: 'quarantined', created: daysAgo(400) }, { ...facts, markedDisabledAt: daysAgo(31) }, ctx),
      decideIdentityCenterUser({ id: 'u-old2', userName: 'quarantined-2', created: daysAgo(400) }, { ...facts, markedDisabledAt: daysAgo(40) }, ctx),
      ...Array.from({ length: 7 }, (_, i) =>
        decideIdentityCenterUser({ id: `u-a${i}`, userName: `active-${i}`, created: daysAgo(400) }, { ...facts, lastSignIn: daysAgo(1) }, ctx),
      ),
    ];
    const settings = { mode: 'delete' as const, quarantineDays: 30, maxDeletionsPerAccount: 1, maxActionFraction: 0.5 };

    // WHEN the identity store is planned
    const plan = planAccount(STORE, verdicts, verdicts.length, settings, NOW);

    // THEN the new one is marked, one quarantined user is deleted and the other held back by the cap
    expect(plan.actions.map((a) => [a.kind, a.userName])).toEqual([
      ['tag-disabled', 'newly-inactive'],
      ['delete-user', 'quarantined'],
    ]);
    expect(plan.heldBack).toEqual([expect.objectContaining({ userName: 'quarantined-2' })]);
  });
});
