/**
 * `iam-sweep demo`: the simulator with the demo organization, in this process on a loopback port; report
 * mode, then delete mode with no quarantine, through the same code as `iam-sweep run`.
 */
import type { AwsSettings } from '../aws/clients';
import { flagLabel, parseSweepConfig, type RawSettings } from '../engine/config';
import { renderText } from '../engine/report';
import type { RunReport } from '../engine/types';
// Imported, not read from disk, so that esbuild puts it into dist/cli/index.js and the bundle runs anywhere.
import demoJson from '../../sim/scenarios/demo.json';
import type { Scenario } from '../../sim/scenario';
import { parseFlags } from './args';
import type { CliIo } from './io';
import { clientsFor, sweepWithProgress } from './run-command';
import { DEMO_USAGE } from './usage';

/**
 * The demo runs as the user iam-sweep-operator of the delegated administrator account, so that the
 * sweep's self-protection shows, and excludes svc-legacy-*: see sim/scenarios/README.md.
 */
const DEMO_ACCESS_KEY_ID = 'AKIADEMOSCOPERATORXA';
const DEMO_EXCLUDE_USERS = 'svc-legacy-*';

async function simState(url: string): Promise<Scenario> {
  const response = await fetch(`${url}/_sim/state`);
  if (!response.ok) throw new Error(`the simulator's state could not be read: HTTP ${response.status}`);
  return (await response.json()) as Scenario;
}

/** Users per account before and after, and who was deleted. */
export function beforeAndAfter(before: Scenario, after: Scenario): string {
  const afterUsers = new Map(after.accounts.map((a) => [a.id, new Set((a.users ?? []).map((u) => u.name))]));
  const rows = before.accounts.map((account) => {
    const was = (account.users ?? []).map((u) => u.name);
    const now = afterUsers.get(account.id) ?? new Set<string>();
    const deleted = was.filter((name) => !now.has(name));
    return `  ${account.name.slice(0, 22).padEnd(22)} ${account.id}  ${String(was.length).padStart(6)}  ${String(now.size).padStart(5)}  ${deleted.join(', ') || '-'}`;
  });
  const total = (scenario: Scenario) => scenario.accounts.reduce((sum, a) => sum + (a.users?.length ?? 0), 0);
  return [
    `  ${'Account'.padEnd(22)} ${'Id'.padEnd(12)}  ${'Before'.padStart(6)}  ${'After'.padStart(5)}  Deleted users`,
    ...rows,
    `  ${'all accounts'.padEnd(22)} ${''.padEnd(12)}  ${String(total(before)).padStart(6)}  ${String(total(after)).padStart(5)}`,
  ].join('\n');
}

const heading = (title: string) => `\n==== ${title} ${'='.repeat(Math.max(4, 72 - title.length))}\n\n`;

export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const given = parseFlags(argv, { '--help': 'switch' }, 'demo');
  if (given['--help']) {
    io.stdout.write(DEMO_USAGE);
    return 0;
  }
  // Loaded here, not at the top: `run` and `restore` never load the simulator.
  const [{ validateScenario }, { startSimulator }] = await Promise.all([import('../../sim/load-scenario'), import('../../sim/server')]);
  const scenario = validateScenario(demoJson);
  const [reportBucket] = scenario.s3Buckets ?? [];
  const [topicArn] = scenario.snsTopics ?? [];
  const sim = await startSimulator({ scenario, port: 0 });
  try {
    // The demo runs as the demo's operator user; real credentials from the environment never go to the simulator.
    const aws: AwsSettings = {
      region: 'us-east-1',
      endpoint: sim.url,
      credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: 'demo' },
    };
    const before = await simState(sim.url);
    io.stdout.write(
      `iam-sweep demo: organization ${before.organization.id} with ${before.accounts.length} accounts, simulated at ${sim.url}\n` +
        'Nothing outside this process is called.\n',
    );

    const sweep = async (title: string, raw: RawSettings): Promise<RunReport> => {
      const config = parseSweepConfig({ reportBucket, topicArn, excludeUsers: DEMO_EXCLUDE_USERS, ...raw }, flagLabel);
      const clients = clientsFor(aws, config);
      try {
        io.stdout.write(heading(title));
        const report = await sweepWithProgress(config, clients, io);
        io.stdout.write(renderText(report, Number.POSITIVE_INFINITY));
        return report;
      } finally {
        clients.close();
      }
    };
    await sweep(`1/2 iam-sweep run --mode report --exclude-users '${DEMO_EXCLUDE_USERS}'`, { mode: 'report' });
    const deletion = await sweep(
      `2/2 iam-sweep run --mode delete --quarantine-days 0 --exclude-users '${DEMO_EXCLUDE_USERS}' --yes`,
      { mode: 'delete', quarantineDays: '0' },
    );

    io.stdout.write(heading('Before and after delete mode'));
    io.stdout.write(`${beforeAndAfter(before, await simState(sim.url))}\n`);
    const backups = deletion.accounts.flatMap((a) => a.outcomes).filter((o) => o.kind === 'delete-user' && o.backupKey);
    if (backups.length > 0) {
      io.stdout.write(
        `\nEach deleted user was backed up first, e.g. ${backups[0].backupKey};\n` +
          'iam-sweep restore --backup <that location> recreates it (without its secrets).\n',
      );
    }
    return 0;
  } finally {
    await sim.stop();
  }
}
