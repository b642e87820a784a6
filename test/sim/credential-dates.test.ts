/**
 * What the simulator says of a credential's dates, as AWS does: a password reset moves the credential
 * report's password_last_changed and not GetLoginProfile's CreateDate; a service-specific credential created
 * with an expiration lists its ExpirationDate and still says Active after it; a 51st tag is LimitExceeded.
 */
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  ListServiceSpecificCredentialsCommand,
  TagUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { baseScenario, startTestSimulator, type TestSimulator } from '../support/sim';
import { expectAwsError, expectModelShape, memberIam } from './helpers';

let sim: TestSimulator;
let iam: IAMClient;
afterEach(() => sim.stop());

beforeEach(async () => {
  sim = await startTestSimulator(baseScenario({}, {
    users: [
      { name: 'reset', created: '2020-01-01T00:00:00Z', loginProfile: { created: '2020-01-02T00:00:00Z', lastChanged: '2024-06-01T10:00:00Z' } },
      {
        name: 'bedrock',
        created: '2024-01-01T00:00:00Z',
        serviceSpecificCredentials: [
          { id: 'ACCABEDROCKEXPIRING1', serviceName: 'bedrock.amazonaws.com', created: '2024-01-02T00:00:00Z', expires: '2024-02-01T00:00:00Z' },
          { id: 'ACCACODECOMMITGIT001', serviceName: 'codecommit.amazonaws.com', created: '2024-01-03T00:00:00Z' },
        ],
        tags: Object.fromEntries(Array.from({ length: 50 }, (_, n) => [`tag-${n}`, 'x'])),
      },
    ],
  }));
  iam = await memberIam(sim.url);
});

test('a reset password keeps its login profile CreateDate; the credential report gives the reset as password_last_changed', async () => {
  const profile = await iam.send(new GetLoginProfileCommand({ UserName: 'reset' }));
  expect(profile.LoginProfile!.CreateDate).toEqual(new Date('2020-01-02T00:00:00Z'));

  await iam.send(new GenerateCredentialReportCommand({}));
  const csv = Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString('utf8').split('\n');
  const header = csv[0].split(',');
  const row = csv.find((line) => line.startsWith('reset,'))!.split(',');
  expect(row[header.indexOf('password_last_changed')]).toBe('2024-06-01T10:00:00+00:00');
  expect(row[header.indexOf('password_enabled')]).toBe('true');
});

test('ListServiceSpecificCredentials gives ExpirationDate for a credential created with one, still Active after it', async () => {
  const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'bedrock' }));
  expectModelShape('iam', 'ListServiceSpecificCredentials', listed);
  expect(listed.ServiceSpecificCredentials!.map((c) => [c.ServiceSpecificCredentialId, c.Status, c.ExpirationDate])).toEqual([
    ['ACCABEDROCKEXPIRING1', 'Active', new Date('2024-02-01T00:00:00Z')],
    ['ACCACODECOMMITGIT001', 'Active', undefined],
  ]);
});

test('TagUser beyond 50 tags is LimitExceeded; replacing a tag value of a full user is not', async () => {
  await iam.send(new TagUserCommand({ UserName: 'bedrock', Tags: [{ Key: 'tag-0', Value: 'y' }] }));
  await expectAwsError(iam.send(new TagUserCommand({ UserName: 'bedrock', Tags: [{ Key: 'tag-50', Value: 'x' }] })), 'iam', 'LimitExceeded');
});
