/**
 * A service-specific credential created with an expiration (Bedrock API keys) stops working when it
 * expires, while ListServiceSpecificCredentials may still say Active: an expired one keeps nobody, so a user
 * whose only such credential has expired is judged by its other credentials like any other.
 */
import type { UserSpec } from '../../sim/scenario';
import type { RunReport } from '../../lambdas/engine/types';
import { account, activeUser, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { configFor, runEngine } from './engine';
import { usersOf } from './oracle';

const DEV = '333333333333';

/** A user the Bedrock console made for a short-term API key: one Active service-specific credential, expiring. */
const bedrockKey = (name: string, id: string, expires: string): UserSpec => ({
  name,
  created: '-400d',
  serviceSpecificCredentials: [{ id, serviceName: 'bedrock.amazonaws.com', status: 'Active', created: '-300d', expires }],
});

const scenario = () =>
  organization([
    account(DEV, [
      bedrockKey('expired-bedrock-key', 'ACCAEXPIREDBEDROCK01', '-10d'),
      bedrockKey('bedrock-key-till-next-year', 'ACCAVALIDBEDROCK0001', '+300d'),
      ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'].map((name) => activeUser(name)),
    ]),
  ]);

const verdictOf = (report: RunReport, userName: string) =>
  report.accounts.find((a) => a.account.id === DEV)!.verdicts.find((v) => v.userName === userName)!;

test('a user whose only Bedrock API key expired, though it still says Active, is deleted; one whose key has not expired is left alone', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    // WHEN delete mode runs with no quarantine
    const { report } = await runEngine(sim.url, configFor(scenario(), { mode: 'delete', quarantineDays: '0' }));

    // THEN the user of the expired key is judged inactive and deleted, its backup naming the expired credential
    expect(verdictOf(report!, 'expired-bedrock-key')).toMatchObject({ inactive: true, reason: 'no credentials; never active, created 400 days ago' });
    const deletion = report!.accounts.find((a) => a.account.id === DEV)!.outcomes.find((o) => o.userName === 'expired-bedrock-key')!;
    expect(deletion).toMatchObject({ kind: 'delete-user', status: 'done' });
    const backup = (await sim.s3()).find((o) => `s3://${o.bucket}/${o.key}` === deletion.backupKey)!;
    expect(JSON.parse(backup.body).serviceSpecificCredentials).toEqual([
      { id: 'ACCAEXPIREDBEDROCK01', serviceName: 'bedrock.amazonaws.com', status: 'Active', expires: expect.any(String) },
    ]);
    const users = usersOf(await sim.state(), DEV);
    expect(users.has('expired-bedrock-key')).toBe(false);
    // AND the user whose key is still valid is left alone, saying why
    expect(verdictOf(report!, 'bedrock-key-till-next-year')).toMatchObject({
      inactive: false,
      reason: 'left alone: holds an active service-specific credential for bedrock.amazonaws.com (created 300 days ago), whose use IAM does not record',
    });
    expect(users.get('bedrock-key-till-next-year')?.serviceSpecificCredentials).toHaveLength(1);
  } finally {
    await sim.stop();
  }
});
