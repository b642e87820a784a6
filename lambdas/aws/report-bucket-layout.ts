/**
 * The report bucket's layout: where the engine writes run reports, user backups and what runs leave for
 * the next. The engine builds its keys here and the stacks scope the bucket's lifecycle and policies by
 * the same prefixes, so the two cannot drift apart.
 */
import type { RunPart } from '../engine/ports/report-store';

export const REPORT_PREFIX = 'reports/';
export const BACKUP_PREFIX = 'backups/';
/** Where the engine keeps what it must remember between runs (the Identity Center quarantine clocks). */
export const STATE_PREFIX = 'state/';

/** A run's full JSON report. */
export const reportKey = (startedAt: string) => `${REPORT_PREFIX}${startedAt}/report.json`;

/** Where an account's IAM user backups are kept. */
export const accountBackupPrefix = (accountId: string) => `${BACKUP_PREFIX}${accountId}/`;
/** Where the backups of one IAM user of an account are kept, one per run. */
export const userBackupPrefix = (accountId: string, userName: string) => `${accountBackupPrefix(accountId)}${userName}/`;
export const backupKey = (accountId: string, userName: string, runId: string) =>
  `${userBackupPrefix(accountId, userName)}${runId}.json`;

/** Where the quarantine clock of an Identity Center user is kept: the identity store has no tags. */
export const identityCenterStatePrefix = (identityStoreId: string) => `${STATE_PREFIX}identity-center/${identityStoreId}/`;
export const identityCenterStateKey = (identityStoreId: string, userId: string) =>
  `${identityCenterStatePrefix(identityStoreId)}${userId}.json`;
export const identityCenterBackupKey = (identityStoreId: string, userId: string, runId: string) =>
  `${BACKUP_PREFIX}identity-center/${identityStoreId}/${userId}/${runId}.json`;

/** The accounts the last run ran out of time for. */
export const NOT_REACHED_KEY = `${STATE_PREFIX}sweep/not-reached.json`;

/** Where the stages of a run spread over several invocations hand their results on (ReportStore putRunPart). */
export const RUN_PREFIX = 'runs/';
export const runPrefix = (runId: string) => `${RUN_PREFIX}${runId}/`;
/** The key of one part of a run. */
export function runPartKey(runId: string, part: RunPart): string {
  switch (part.kind) {
    case 'run':
    case 'brakes':
    case 'identity-center':
    case 'report':
      return `${runPrefix(runId)}${part.kind}.json`;
    case 'plans':
    case 'results':
      return `${runPrefix(runId)}${part.kind}/${part.batch}.json`;
  }
}
