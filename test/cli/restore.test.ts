/** `iam-sweep restore` as a child process: a user deleted by the sweep comes back from its backup. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserBackup } from '../../lambdas/engine/types';
import type { UserSpec } from '../../sim/scenario';
import { BUCKET, CALLER } from '../support/org';
import { restorable } from '../support/restorable';
import { startDeployedSimulator } from '../support/deployed';
import { type TestSimulator } from '../support/sim';
import { runCli } from './cli-process';
import { DEV, INACTIVE, testOrganization, userOf } from './scenario';

let sim: TestSimulator;
let original: UserSpec;
let backupLocation: string;
/** What disable mode saved before it deleted the user's password: the credentials, not the whole user. */
let credentialsLocation: string;
let backup: UserBackup;

beforeAll(async () => {
  // GIVEN a user that disable mode tagged and delete mode then deleted, with a backup in the report bucket
  sim = await startDeployedSimulator(testOrganization());
  original = userOf(await sim.state(), DEV, INACTIVE)!;
  const sweep = ['run', '--endpoint', sim.url, '--report-bucket', BUCKET, '--quarantine-days', '0'];
  expect((await runCli([...sweep, '--mode', 'disable'])).code).toBe(0);
  expect((await runCli([...sweep, '--mode', 'delete'])).code).toBe(0);
  expect(userOf(await sim.state(), DEV, INACTIVE)).toBeUndefined();
  // Disable mode saved the user's credentials too, before removing its password: the deletion's backup is the newest.
  const backups = (await sim.s3()).filter((o) => o.key.startsWith(`backups/${DEV}/${INACTIVE}/`));
  const [credentials, object] = backups.sort((a, b) => a.key.localeCompare(b.key));
  credentialsLocation = `s3://${credentials.bucket}/${credentials.key}`;
  backupLocation = `s3://${object.bucket}/${object.key}`;
  backup = JSON.parse(object.body) as UserBackup;
});

afterAll(() => sim.stop());

describe('iam-sweep restore', () => {
  test('recreates the deleted user as it was, apart from its secrets', async () => {
    // WHEN the user is restored from its backup in S3, through the default admin role
    const result = await runCli(['restore', '--backup', backupLocation, '--endpoint', sim.url]);

    // THEN path, tags (without state tags), groups, policies, boundary, certificates and SSH keys equal the original's
    expect(result.code).toBe(0);
    expect(restorable(original).sshPublicKeys).toHaveLength(1);
    expect(restorable(original).signingCertificates).toHaveLength(1);
    expect(result.stdout).toContain(`as: role OrganizationAccountAccessRole in ${DEV}`);
    const restored = userOf(await sim.state(), DEV, INACTIVE)!;
    expect(restorable(restored)).toEqual(restorable(original));
    expect(restored.tags?.['iam-sweep:disabled-at']).toBeUndefined();
    expect(restored.loginProfile).toBeUndefined();
    expect(restored.accessKeys ?? []).toEqual([]);
    expect(result.stdout).toMatch(/Left out iam-sweep's own state tags: .*iam-sweep:disabled-at/);
  });

  test('says what cannot come back, with the ids of the lost credentials and what to do', async () => {
    // WHEN the same backup is restored again
    const result = await runCli(['restore', '--backup', backupLocation, '--endpoint', sim.url]);

    // THEN every lost credential is named with what the owner must do
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('console password (removed before this backup; last used');
    for (const key of original.accessKeys ?? []) expect(result.stdout).toContain(`access key ${key.id}`);
    for (const device of original.mfaDevices ?? []) expect(result.stdout).toContain(`MFA device ${device.serial}`);
    expect(result.stdout).toContain(`service-specific credential ${original.serviceSpecificCredentials![0].id}`);
    expect(result.stdout).toContain(`aws iam create-access-key --user-name ${INACTIVE}`);
    // AND the certificate and SSH key, saved whole, are not among them
    expect(result.stdout).not.toMatch(/- (signing certificate|SSH public key) /);
  });

  test('run again on the restored user, it applies the backup to it and says that the user already existed', async () => {
    // WHEN the user exists with the backup's path
    const result = await runCli(['restore', '--backup', backupLocation, '--endpoint', sim.url]);

    // THEN it succeeds and the user is unchanged: the certificate and SSH key it already has are not added twice
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`done +upload signing certificate ${original.signingCertificates![0].id} again`));
    expect(result.stdout).toMatch(new RegExp(`done +upload SSH public key ${original.sshPublicKeys![0].id} again`));
    expect(result.stdout).toContain('it already exists with this path');
    expect(restorable(userOf(await sim.state(), DEV, INACTIVE)!)).toEqual(restorable(original));
  });

  test('refuses with exit 1 when a user of that name exists with another path, and changes nothing', async () => {
    // GIVEN a local backup file whose path differs from the existing user's
    const file = join(mkdtempSync(join(tmpdir(), 'iam-sweep-restore-')), 'backup.json');
    writeFileSync(file, JSON.stringify({ ...backup, path: '/contractors/', groups: [] }));
    const before = userOf(await sim.state(), DEV, INACTIVE);

    // WHEN it is restored
    const result = await runCli(['restore', '--backup', file, '--endpoint', sim.url]);

    // THEN it fails clearly and the existing user is untouched
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`a user named ${INACTIVE} already exists in account ${DEV} with path /people/, not /contractors/`);
    expect(userOf(await sim.state(), DEV, INACTIVE)).toEqual(before);
  });

  test('in the caller\'s own account it uses the caller\'s credentials, not a role', async () => {
    // GIVEN a backup of a user of the caller's account
    const file = join(mkdtempSync(join(tmpdir(), 'iam-sweep-restore-')), 'backup.json');
    const arn = `arn:aws:iam::${CALLER}:user/people/auditor-zed`;
    writeFileSync(file, JSON.stringify({ ...backup, accountId: CALLER, userName: 'auditor-zed', arn, groups: ['developers'] }));

    // WHEN it is restored, with a role name that exists nowhere
    const result = await runCli(['restore', '--backup', file, '--endpoint', sim.url, '--role-name', 'NoSuchRole']);

    // THEN no role was needed and the user is there
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('as: your own credentials');
    expect(userOf(await sim.state(), CALLER, 'auditor-zed')?.groups).toEqual(['developers']);
  });

  test.each([
    [[], '--backup is required'],
    [['--backup', '/no/such/backup.json'], '--backup="/no/such/backup.json" is not valid: no such file'],
    [['--backup', 's3://b/k', '--role-name', 'bad role'], '--role-name="bad role" is not valid'],
  ])('%j exits 2 naming the flag', async (flags, message) => {
    const result = await runCli(['restore', '--endpoint', sim.url, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('the record of a deleted password of a user who stayed exits 2: there is nothing to restore', async () => {
    const result = await runCli(['restore', '--backup', credentialsLocation, '--endpoint', sim.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`is not an iam-sweep user backup: it records the access keys or password deleted on `);
    expect(result.stderr).toContain(`from ${INACTIVE} in account ${DEV}, who was not deleted. Secrets cannot be restored`);
  });

  test('a file that is not a backup exits 2 and says why', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iam-sweep-restore-')), 'report.json');
    writeFileSync(file, JSON.stringify({ organizationId: 'o-a1b2c3d4e5' }));
    const result = await runCli(['restore', '--backup', file, '--endpoint', sim.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not an iam-sweep user backup: version undefined is not supported');
  });
});
