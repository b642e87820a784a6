/**
 * IAM records no use of SSH public keys (CodeCommit) or service-specific credentials (CodeCommit Git
 * credentials, Keyspaces, Bedrock API keys). A user holding an active one may use it every day while its
 * password and access keys say nothing, so it is never judged inactive; its stale password or keys are
 * still handled one by one. Only users otherwise inactive are read for them.
 */
import type { UserSpec } from '../../sim/scenario';
import type { RunReport } from '../../lambdas/engine/types';
import { account, activeUser, organization } from '../support/org';
import { startDeployedSimulator } from '../support/deployed';
import { configFor, runEngine } from './engine';
import { usersOf } from './oracle';

const DEV = '333333333333';

/** What the Bedrock console creates for a long-term API key: a user with one service-specific credential. */
const bedrockKey = (name: string, status: 'Active' | 'Inactive'): UserSpec => ({
  name,
  created: '-400d',
  serviceSpecificCredentials: [{ id: `ACCA${name.toUpperCase().replace(/-/g, '').slice(0, 17).padEnd(17, 'X')}`, serviceName: 'bedrock.amazonaws.com', status, created: '-300d' }],
});
/** Pushes to CodeCommit over SSH; its console password has not been used for 200 days. */
const codeCommitDeveloper: UserSpec = {
  name: 'codecommit-dev',
  created: '-500d',
  passwordLastUsed: '-200d',
  loginProfile: { created: '-400d' },
  sshPublicKeys: [{ id: 'APKACODECOMMIT000001', status: 'Active', uploaded: '-450d' }],
};

const scenario = () =>
  organization([
    account(DEV, [
      bedrockKey('bedrock-api-key-app', 'Active'),
      bedrockKey('retired-bedrock-app', 'Inactive'),
      codeCommitDeveloper,
      ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'].map((name) => activeUser(name)),
    ]),
  ]);

const verdictOf = (report: RunReport, userName: string) =>
  report.accounts.find((a) => a.account.id === DEV)!.verdicts.find((v) => v.userName === userName)!;

test('a user holding an active SSH key or service-specific credential is left alone; one whose credential is inactive is not', async () => {
  const sim = await startDeployedSimulator(scenario());
  try {
    // WHEN delete mode runs with no quarantine
    const { report, calls } = await runEngine(sim.url, configFor(scenario(), { mode: 'delete', quarantineDays: '0' }));

    // THEN the Bedrock API key's user and the CodeCommit developer are judged in use, saying why
    expect(verdictOf(report!, 'bedrock-api-key-app')).toMatchObject({
      inactive: false,
      reason:
        'left alone: holds an active service-specific credential for bedrock.amazonaws.com (created 300 days ago), ' +
        'whose use IAM does not record',
    });
    expect(verdictOf(report!, 'codecommit-dev')).toMatchObject({
      inactive: false,
      reason: 'left alone: holds an active SSH public key APKACODECOMMIT000001 (uploaded 450 days ago), whose use IAM does not record',
    });
    // AND both stay with those credentials, while the user whose API key was deactivated is deleted
    const users = usersOf(await sim.state(), DEV);
    expect(users.get('bedrock-api-key-app')?.serviceSpecificCredentials).toHaveLength(1);
    expect(users.get('codecommit-dev')?.sshPublicKeys).toHaveLength(1);
    expect(users.has('retired-bedrock-app')).toBe(false);
    // AND the developer's unused console password still goes, as a stale credential of a user who stays
    expect(users.get('codecommit-dev')?.loginProfile).toBeUndefined();

    // AND only users otherwise inactive were read for such credentials
    const listed = calls.filter((call) => call.accountId === DEV && call.operation === 'ListServiceSpecificCredentials');
    expect(new Set(listed.map((call) => call.input.UserName))).toEqual(new Set(['bedrock-api-key-app', 'codecommit-dev', 'retired-bedrock-app']));
  } finally {
    await sim.stop();
  }
});
