import {
  DeleteLoginProfileCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { CREDENTIAL_REPORT_COLUMNS } from '../../sim/credential-report';
import type { Scenario } from '../../sim/scenario';
import { BASE, baseScenario, startTestSimulator, type TestSimulator } from '../support/sim';
import { expectAwsError, expectModelShape, memberIam } from './helpers';

const ACCOUNT = BASE.memberAccountId;

const scenario = (overrides: Partial<Scenario> = {}) => baseScenario(overrides, {
  joined: '2019-01-01T00:00:00Z',
  users: [
    {
      name: 'alice',
      created: '2020-01-02T03:04:05Z',
      passwordLastUsed: '2024-05-06T07:08:09Z',
      loginProfile: { created: '2020-01-03T00:00:00Z' },
      mfaDevices: [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/alice`, virtual: true }],
      accessKeys: [
        { id: 'AKIAALICE00000000003', status: 'Active', created: '2021-03-01T00:00:00Z' },
        { id: 'AKIAALICE00000000001', status: 'Active', created: '2021-01-01T00:00:00Z', lastUsed: '2024-01-01T12:00:00Z', lastUsedService: 's3', lastUsedRegion: 'eu-west-1' },
        { id: 'AKIAALICE00000000002', status: 'Inactive', created: '2021-02-01T00:00:00Z' },
      ],
      signingCertificates: [
        { id: 'CERTALICE000000000000002', status: 'Inactive', uploaded: '2022-02-01T00:00:00Z' },
        { id: 'CERTALICE000000000000001', status: 'Active', uploaded: '2022-01-01T00:00:00Z' },
        { id: 'CERTALICE000000000000003', status: 'Active', uploaded: '2022-03-01T00:00:00Z' },
      ],
    },
    { name: 'carol', created: '2023-02-01T00:00:00Z', loginProfile: { created: '2023-02-01T00:00:00Z' } },
    { name: 'bob', created: '2023-01-01T00:00:00Z' },
    { name: 'dave', created: '2022-01-01T00:00:00Z', passwordLastUsed: '2023-06-01T00:00:00Z' },
  ],
});

let sim: TestSimulator;
let iam: IAMClient;
afterEach(() => sim.stop());

async function start(overrides: Partial<Scenario> = {}) {
  sim = await startTestSimulator(scenario(overrides));
  iam = await memberIam(sim.url);
}

async function reportLines(): Promise<string[]> {
  const report = await iam.send(new GetCredentialReportCommand({}));
  return Buffer.from(report.Content!).toString('utf8').split('\n');
}

test('GetCredentialReport before any generation is ReportNotPresent (410)', async () => {
  await start();
  await expectAwsError(iam.send(new GetCredentialReportCommand({})), 'iam', 'ReportNotPresent');
});

test('the report is CSV with the exact columns, the root row first, then one row per user', async () => {
  await start();
  const generated = await iam.send(new GenerateCredentialReportCommand({}));
  expectModelShape('iam', 'GenerateCredentialReport', generated);
  expect(generated.State).toBe('STARTED');
  const report = await iam.send(new GetCredentialReportCommand({}));
  expectModelShape('iam', 'GetCredentialReport', report);
  expect(report.ReportFormat).toBe('text/csv');
  expect(report.GeneratedTime).toBeInstanceOf(Date);
  const lines = Buffer.from(report.Content!).toString('utf8').split('\n');
  expect(lines[0]).toBe(
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,'
    + 'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,'
    + 'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,'
    + 'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated');
  expect(lines[0].split(',')).toEqual([...CREDENTIAL_REPORT_COLUMNS]);
  expect(lines.slice(1)).toEqual([
    `<root_account>,arn:aws:iam::${ACCOUNT}:root,2019-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,false,`
      + 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    `alice,arn:aws:iam::${ACCOUNT}:user/alice,2020-01-02T03:04:05+00:00,true,2024-05-06T07:08:09+00:00,2020-01-03T00:00:00+00:00,N/A,true,`
      + 'true,2021-01-01T00:00:00+00:00,2024-01-01T12:00:00+00:00,eu-west-1,s3,'
      + 'false,2021-02-01T00:00:00+00:00,N/A,N/A,N/A,'
      + 'true,2022-01-01T00:00:00+00:00,false,2022-02-01T00:00:00+00:00',
    `bob,arn:aws:iam::${ACCOUNT}:user/bob,2023-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `carol,arn:aws:iam::${ACCOUNT}:user/carol,2023-02-01T00:00:00+00:00,true,no_information,2023-02-01T00:00:00+00:00,N/A,false,`
      + 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    `dave,arn:aws:iam::${ACCOUNT}:user/dave,2022-01-01T00:00:00+00:00,false,2023-06-01T00:00:00+00:00,N/A,N/A,false,`
      + 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  ]);
});

test('within 4 hours generation answers COMPLETE and the old report is served; after 4 hours a new one is made', async () => {
  await start();
  await iam.send(new GenerateCredentialReportCommand({}));
  const first = await iam.send(new GetCredentialReportCommand({}));
  await iam.send(new DeleteLoginProfileCommand({ UserName: 'carol' }));

  await sim.advanceClock('3h');
  expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
  const stale = await iam.send(new GetCredentialReportCommand({}));
  expect(stale.GeneratedTime).toEqual(first.GeneratedTime);
  expect((await reportLines()).find((l) => l.startsWith('carol,'))!.split(',')[3]).toBe('true');

  await sim.advanceClock('1h');
  expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
  const fresh = await iam.send(new GetCredentialReportCommand({}));
  expect(fresh.GeneratedTime!.getTime() - first.GeneratedTime!.getTime()).toBeGreaterThanOrEqual(4 * 3_600_000 - 1000);
  expect((await reportLines()).find((l) => l.startsWith('carol,'))!.split(',')[3]).toBe('false');
});

test('a report 4 hours old is no longer served: ReportExpired (410) until a new one is generated', async () => {
  await start();
  await iam.send(new GenerateCredentialReportCommand({}));
  await iam.send(new GetCredentialReportCommand({}));

  await sim.advanceClock('4h');
  await expectAwsError(iam.send(new GetCredentialReportCommand({})), 'iam', 'ReportExpired', 410);

  expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
  expect((await reportLines())[2]).toMatch(/^alice,/);
});

test('with credentialReportDelaySeconds the report is INPROGRESS, and ReportInProgress (404) until ready', async () => {
  await start({ credentialReportDelaySeconds: 600 });
  expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
  expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('INPROGRESS');
  await expectAwsError(iam.send(new GetCredentialReportCommand({})), 'iam', 'ReportInProgress');
  await sim.advanceClock('10m');
  expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
  expect((await reportLines())[2]).toMatch(/^alice,/);
});

test('each account has its own report', async () => {
  await start();
  await iam.send(new GenerateCredentialReportCommand({}));
  const caller = await memberIam(sim.url, BASE.managementAccountId);
  await expectAwsError(caller.send(new GetCredentialReportCommand({})), 'iam', 'ReportNotPresent');
});
