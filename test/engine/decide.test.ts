import { decide, needsAttention, type RuleContext } from '../../lambdas/engine/decide';
import { parseCredentialReport } from '../../lambdas/engine/credential-report';
import { ago, NOW, userState } from '../support/user-state';


const ctx: RuleContext = {
  now: NOW,
  inactiveDays: 90,
  excludeTag: { key: 'iam-sweep:exclude', value: 'true' },
  excludeUsers: ['svc-legacy-*', 'arn:aws:iam::333333333333:user/ops/*'],
  protectedArns: ['arn:aws:iam::333333333333:user/iam-sweep-operator'],
};

const user = userState;

describe('credential staleness', () => {
  test('a password used exactly inactiveDays ago is not yet stale', () => {
    const verdict = decide(user({ password: { created: ago(300) }, passwordLastUsed: ago(90) }), ctx);
    expect(verdict.credentials[0]).toMatchObject({ kind: 'password', stale: false });
    expect(verdict.inactive).toBe(false);
  });

  test('a password used one hour more than inactiveDays ago is stale', () => {
    const verdict = decide(user({ password: { created: ago(300) }, passwordLastUsed: ago(90, 1) }), ctx);
    expect(verdict.credentials[0]).toMatchObject({ kind: 'password', stale: true, reason: 'password unused 90 days' });
    expect(verdict.inactive).toBe(true);
  });

  test('a key is judged by disuse, not by age: an old key used yesterday is fresh', () => {
    const verdict = decide(user({ accessKeys: [{ id: 'AKIAOLDBUTUSED000001', active: true, created: ago(1000), lastUsed: ago(1) }] }), ctx);
    expect(verdict.credentials[0].stale).toBe(false);
    expect(verdict.inactive).toBe(false);
  });

  test('a never-used key is aged from its creation: stale past the threshold', () => {
    const verdict = decide(user({ accessKeys: [{ id: 'AKIADORMANT000000J7QA', active: true, created: ago(201) }] }), ctx);
    expect(verdict.credentials[0]).toMatchObject({ stale: true, reason: 'key …J7QA never used, created 201 days ago' });
    expect(verdict.inactive).toBe(true);
  });

  test('a never-used key within the grace period is fresh', () => {
    const verdict = decide(user({ accessKeys: [{ id: 'AKIANEWKEY0000000001', active: true, created: ago(90) }] }), ctx);
    expect(verdict.credentials[0].stale).toBe(false);
    expect(verdict.inactive).toBe(false);
  });

  test('a password reset recently is fresh even though its last use is old', () => {
    const verdict = decide(user({ password: { created: ago(5) }, passwordLastUsed: ago(300) }), ctx);
    expect(verdict.credentials[0]).toMatchObject({ stale: false, reason: 'password set 5 days ago' });
  });
});

describe('user inactivity', () => {
  test('each key is judged on its own: key 1 unused and key 2 old but used keeps the user active', () => {
    const verdict = decide(
      user({
        accessKeys: [
          { id: 'AKIAKEYONE0000000001', active: true, created: ago(300), lastUsed: ago(200) },
          { id: 'AKIAKEYTWO0000000002', active: true, created: ago(300), lastUsed: ago(1) },
        ],
      }),
      ctx,
    );
    expect(verdict.credentials.map((c) => c.stale)).toEqual([true, false]);
    expect(verdict.inactive).toBe(false);
    expect(needsAttention(verdict)).toBe(true);
  });

  test('an inactive key used recently still counts as the user’s activity', () => {
    const verdict = decide(
      user({ accessKeys: [{ id: 'AKIAINACTIVERECENT01', active: false, created: ago(300), lastUsed: ago(10) }] }),
      ctx,
    );
    expect(verdict.credentials[0].stale).toBe(false);
    expect(verdict.inactive).toBe(false);
  });

  test('a user with no credentials created long ago and never active is inactive', () => {
    const verdict = decide(user({}), ctx);
    expect(verdict).toMatchObject({ inactive: true, reason: 'no credentials; never active, created 400 days ago' });
  });

  test('a user created exactly inactiveDays ago is not inactive, even with no credentials', () => {
    expect(decide(user({ created: ago(90) }), ctx).inactive).toBe(false);
  });

  test('a new user never used is in its grace period', () => {
    const verdict = decide(user({ created: ago(3), password: { created: ago(3) } }), ctx);
    expect(verdict).toMatchObject({ inactive: false, reason: 'created 3 days ago' });
    expect(needsAttention(verdict)).toBe(false);
  });

  test('PasswordLastUsed survives the password: recent use keeps a user without password active', () => {
    const verdict = decide(user({ passwordLastUsed: ago(10) }), ctx);
    expect(verdict.credentials).toEqual([]);
    expect(verdict.inactive).toBe(false);
  });

  test('a password counts as a credential only while the login profile exists', () => {
    const verdict = decide(user({ passwordLastUsed: ago(200) }), ctx);
    expect(verdict.credentials).toEqual([]);
    expect(verdict.inactive).toBe(true);
    expect(verdict.reason).toBe('no credentials; last activity 200 days ago');
  });
});

describe('exclusions', () => {
  const inactive = { accessKeys: [{ id: 'AKIASTALE00000000001', active: true, created: ago(300) }] };

  test('the exclude tag protects the user and everything it holds', () => {
    const verdict = decide(user({ ...inactive, tags: { 'iam-sweep:exclude': 'true' } }), ctx);
    expect(verdict).toMatchObject({ excluded: 'excluded by tag iam-sweep:exclude=true', inactive: false, credentials: [] });
    expect(needsAttention(verdict)).toBe(false);
  });

  test('a tag whose value is a clear no does not exclude, in any case or spacing', () => {
    for (const no of ['false', 'False', ' NO ', '0', 'off']) {
      expect(decide(user({ ...inactive, tags: { 'iam-sweep:exclude': no } }), ctx).excluded).toBeUndefined();
    }
  });

  test('the exclude tag as people write it excludes, and the reason names the tag as written', () => {
    // GIVEN users tagged in another case, with spaces, with another key case, with another yes
    const written: [Record<string, string>, string][] = [
      [{ 'iam-sweep:exclude': 'True' }, 'excluded by tag iam-sweep:exclude=True'],
      [{ 'iam-sweep:exclude': 'TRUE ' }, 'excluded by tag iam-sweep:exclude="TRUE "'],
      [{ 'IAM-Sweep:Exclude': 'true' }, 'excluded by tag IAM-Sweep:Exclude=true'],
      [{ 'iam-sweep:exclude': 'yes' }, 'excluded by tag iam-sweep:exclude=yes (any value but false, no, 0, off counts as yes)'],
      [{ 'iam-sweep:exclude': '' }, 'excluded by tag iam-sweep:exclude="" (any value but false, no, 0, off counts as yes)'],
    ];
    // WHEN each is decided THEN each is excluded, and the report says by which tag and value
    for (const [tags, reason] of written) expect(decide(user({ ...inactive, tags }), ctx).excluded).toBe(reason);
  });

  test('a name glob excludes', () => {
    expect(decide(user({ ...inactive, name: 'svc-legacy-billing' }), ctx).excluded).toBe('excluded by pattern svc-legacy-*');
  });

  test('a name glob matches ignoring case, as IAM tells user names apart', () => {
    const verdict = decide(user({ ...inactive, name: 'SVC-Legacy-Billing', arn: 'arn:aws:iam::333333333333:user/SVC-Legacy-Billing' }), ctx);
    expect(verdict.excluded).toBe('excluded by pattern svc-legacy-*');
  });

  test('an ARN glob excludes by path', () => {
    const verdict = decide(user({ ...inactive, name: 'bob', arn: 'arn:aws:iam::333333333333:user/ops/bob' }), ctx);
    expect(verdict.excluded).toBe('excluded by pattern arn:aws:iam::333333333333:user/ops/*');
  });

  test('the principal the sweep runs as is never touched', () => {
    const verdict = decide(
      user({ ...inactive, name: 'iam-sweep-operator', arn: 'arn:aws:iam::333333333333:user/iam-sweep-operator' }),
      ctx,
    );
    expect(verdict.excluded).toBe('the sweep runs as this user');
  });

  test('a user whose tags were not read is left alone, with the reason', () => {
    const verdict = decide(user({ ...inactive, tags: undefined }), ctx);
    expect(verdict.excluded).toMatch(/^not evaluated, so left alone: tags of alice were not read/);
  });
});

describe('quarantine clock', () => {
  test('the disabled-at tag starts the clock of an inactive user', () => {
    const verdict = decide(user({ tags: { 'iam-sweep:disabled-at': ago(40).toISOString() } }), ctx);
    expect(verdict.disabledAt).toEqual(ago(40));
  });

  test('activity after the tag makes the tag out of date', () => {
    const verdict = decide(
      user({ passwordLastUsed: ago(95), tags: { 'iam-sweep:disabled-at': ago(100).toISOString() } }),
      ctx,
    );
    expect(verdict.inactive).toBe(true);
    expect(verdict.disabledAt).toBeUndefined();
  });

  test('a password or key created after the tag makes it out of date: someone gave the user access again', () => {
    // GIVEN a user disabled 100 days ago, given a new password 95 days ago that was never used
    const verdict = decide(
      user({ password: { created: ago(95) }, tags: { 'iam-sweep:disabled-at': ago(100).toISOString() } }),
      ctx,
    );
    // THEN, now that the password is stale too, its quarantine starts again
    expect(verdict.inactive).toBe(true);
    expect(verdict.disabledAt).toBeUndefined();
    // AND a key created before the tag leaves it standing
    const before = decide(
      user({ accessKeys: [{ id: 'AKIAOLD0000000000001', active: false, created: ago(300) }], tags: { 'iam-sweep:disabled-at': ago(100).toISOString() } }),
      ctx,
    );
    expect(before.disabledAt).toEqual(ago(100));
  });

  test('a tag that is not a time never shortens quarantine', () => {
    expect(decide(user({ tags: { 'iam-sweep:disabled-at': 'yesterday' } }), ctx).disabledAt).toBeUndefined();
  });

  test('a key disabled by the sweep carries its own clock', () => {
    const verdict = decide(
      user({
        accessKeys: [{ id: 'AKIASTALE00000000001', active: false, created: ago(300) }],
        passwordLastUsed: ago(1),
        tags: { 'iam-sweep:key-disabled-at:AKIASTALE00000000001': ago(31).toISOString() },
      }),
      ctx,
    );
    expect(verdict.credentials[0].disabledAt).toEqual(ago(31));
  });
});

describe('credential report parsing', () => {
  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const root =
    '<root_account>,arn:aws:iam::333333333333:root,2020-01-01T00:00:00+00:00,not_supported,2026-05-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
  const alice =
    'alice,arn:aws:iam::333333333333:user/alice,2025-01-01T00:00:00+00:00,true,no_information,2025-01-01T00:00:00+00:00,N/A,false,true,2025-02-01T00:00:00+00:00,2026-05-30T10:00:00+00:00,us-east-1,s3,false,2025-03-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A';

  test('reads users, skips the root row, and maps N/A and no_information to absent', () => {
    const rows = parseCredentialReport([header, root, alice].join('\n'));
    expect(rows).toEqual([
      {
        user: 'alice',
        arn: 'arn:aws:iam::333333333333:user/alice',
        created: new Date('2025-01-01T00:00:00Z'),
        passwordEnabled: true,
        passwordLastUsed: undefined,
        passwordLastChanged: new Date('2025-01-01T00:00:00Z'),
        keys: [
          { slot: 1, active: true, lastRotated: new Date('2025-02-01T00:00:00Z'), lastUsed: new Date('2026-05-30T10:00:00Z') },
          { slot: 2, active: false, lastRotated: new Date('2025-03-01T00:00:00Z'), lastUsed: undefined },
        ],
      },
    ]);
  });

  test('a truncated line fails the whole report', () => {
    expect(() => parseCredentialReport([header, root, alice.slice(0, 80)].join('\n'))).toThrow(/line 3 has \d+ fields/);
  });

  test('a bad date fails the whole report, naming the cell', () => {
    expect(() => parseCredentialReport([header, alice.replace('2025-01-01T00:00:00+00:00', 'soon')].join('\n'))).toThrow(
      'credential report: line 2 (alice) user_creation_time: expected an ISO 8601 time, found "soon"',
    );
  });

  test('a report without the expected columns fails', () => {
    expect(() => parseCredentialReport('user,arn\nalice,arn:aws:iam::1:user/alice')).toThrow(/missing columns user_creation_time/);
  });
});

describe('credentials whose use IAM does not record', () => {
  test('an active SSH key or service-specific credential keeps an otherwise inactive user, each named', () => {
    const unrecorded = [
      { kind: 'ssh-public-key' as const, id: 'APKAEXAMPLE000000001', since: ago(450) },
      { kind: 'service-specific-credential' as const, id: 'ACCAEXAMPLE0000000001', service: 'cassandra.amazonaws.com' },
    ];
    const verdict = decide(user({ password: { created: ago(300) }, passwordLastUsed: ago(200), unrecorded }), ctx);
    expect(verdict).toMatchObject({
      inactive: false,
      reason:
        'left alone: holds an active SSH public key APKAEXAMPLE000000001 (uploaded 450 days ago) and an active ' +
        'service-specific credential for cassandra.amazonaws.com, whose uses IAM does not record',
    });
    // The unused password is still stale on its own
    expect(verdict.credentials[0]).toMatchObject({ kind: 'password', stale: true });
  });

  test('none held, or not read yet: the user is judged on its password and keys', () => {
    expect(decide(user({ unrecorded: [] }), ctx).inactive).toBe(true);
    expect(decide(user({}), ctx).inactive).toBe(true);
  });
});
