/** `iam-sweep run`: the same engine (runSweep) and configuration parser as the Lambda, driven by flags. */
import { writeFile } from 'node:fs/promises';
import { callerIdentity } from '../aws/caller';
import { AwsClients, type AwsSettings } from '../aws/clients';
import { describeOrganization } from '../aws/organizations';
import { flagLabel, parseSweepConfig, SETTING_NAMES, SETTINGS, type RawSettings } from '../engine/config';
import { renderText } from '../engine/report';
import type { Mode, RunReport, SweepConfig } from '../engine/types';
import { OrganizationReadError, runSweep } from '../sweep/run';
import { invalid, parseFlags, valueOf, type FlagSpec, type GivenFlags } from './args';
import { AWS_FLAGS, awsSettingsFrom, withLocalCredentialsIfNone } from './aws-flags';
import { confirmOnTerminal, refuseWithoutTerminal } from './confirm';
import type { CliIo } from './io';
import { progressObserver } from './progress';
import { RUN_USAGE } from './usage';

export const RUN_FLAGS: FlagSpec = {
  ...Object.fromEntries(SETTING_NAMES.map((name) => [SETTINGS[name].flag, 'value'] as const)),
  ...AWS_FLAGS,
  '--report-json': 'value',
  '--yes': 'switch',
  '--help': 'switch',
};

/** The sweep settings among the given flags, keyed as the engine's parser takes them. */
export function rawSettingsFromFlags(given: GivenFlags): RawSettings {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, valueOf(given, SETTINGS[name].flag)]));
}

/**
 * Why Identity Center, when it was asked for, was not swept (it failed, or a guard refused to judge its
 * users); undefined when it was swept or not asked for. The Lambda's alarm counts the same.
 */
export function identityCenterNotSwept(report: RunReport): string | undefined {
  const section = report.identityCenter;
  if (!section || section.status === 'swept') return undefined;
  const why = section.status === 'failed' ? (section.error ?? 'unknown error') : (section.refusal ?? 'no reason given');
  return `Identity Center (${section.identityStoreId ?? 'no instance'} in ${section.region}) was not swept: ${section.status}: ${why}`;
}

/**
 * 0 when every account was swept, and Identity Center too when asked for; 1 when an account failed or was
 * not reached, or Identity Center was asked for and not swept.
 */
export const exitCodeOf = (report: RunReport): number =>
  report.accounts.every((a) => a.status === 'swept') && !identityCenterNotSwept(report) ? 0 : 1;

const CHANGES: Record<Exclude<Mode, 'report'>, string> = {
  disable: 'deactivates stale access keys, removes stale console passwords and marks inactive users disabled',
  delete:
    'deletes users and keys whose quarantine is over (each user is backed up first), and disables the newly inactive ones',
};

/** Runs the sweep with progress on `io.stderr`. Throws OrganizationReadError when the organization cannot be read. */
export async function sweepWithProgress(config: SweepConfig, clients: AwsClients, io: CliIo): Promise<RunReport> {
  const progress = progressObserver(io.stderr);
  try {
    return await runSweep(config, { clients, observer: progress });
  } finally {
    progress.finish();
  }
}

/** The clients of one command; the caller closes them. */
export function clientsFor(aws: AwsSettings, config: SweepConfig): AwsClients {
  return new AwsClients({ ...aws, maxSockets: config.concurrency * 8 });
}

export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const given = parseFlags(argv, RUN_FLAGS, 'run');
  if (given['--help']) {
    io.stdout.write(RUN_USAGE);
    return 0;
  }
  const config = parseSweepConfig(rawSettingsFromFlags(given), flagLabel);
  const aws = withLocalCredentialsIfNone(awsSettingsFrom(given, io.env), io.env);
  const reportJson = valueOf(given, '--report-json');
  if (reportJson === '') throw invalid('--report-json', reportJson, 'use a file path, e.g. report.json');

  // A local endpoint is a simulator or a test stack: only a real organization needs a person to agree.
  const toConfirm = config.mode !== 'report' && !aws.endpoint && !given['--yes'] ? config.mode : undefined;
  if (toConfirm && !io.stdin.isTTY) throw refuseWithoutTerminal(toConfirm);

  const clients = clientsFor(aws, config);
  try {
    if (toConfirm) {
      const { partition } = await callerIdentity(clients.sts()).catch((error: unknown) => {
        throw new OrganizationReadError(error);
      });
      const organization = await describeOrganization(clients.organizations(partition)).catch((error: unknown) => {
        throw new OrganizationReadError(error);
      });
      const confirmed = await confirmOnTerminal(toConfirm, organization.id, CHANGES[toConfirm], {
        input: io.stdin,
        output: io.stderr,
      });
      if (!confirmed) {
        io.stderr.write('Not confirmed: nothing was changed.\n');
        return 2;
      }
    }
    const report = await sweepWithProgress(config, clients, io);
    // The terminal has no size limit: the full report, where the email may be cut.
    io.stdout.write(renderText(report, Number.POSITIVE_INFINITY));
    if (reportJson) {
      await writeFile(reportJson, `${JSON.stringify(report, null, 2)}\n`);
      io.stderr.write(`JSON report written to ${reportJson}\n`);
    }
    const identityCenterProblem = identityCenterNotSwept(report);
    if (identityCenterProblem) io.stderr.write(`${identityCenterProblem}\n`);
    return exitCodeOf(report);
  } finally {
    clients.close();
  }
}
