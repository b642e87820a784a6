/**
 * The IAM credential report: a CSV snapshot of an account's users taken when generation starts,
 * regenerated at most every 4 hours (within that window the old report is served; after it,
 * GetCredentialReport answers ReportExpired until a new one is generated).
 */
import type { GenerateCredentialReportResponse, GetCredentialReportResponse } from '@aws-sdk/client-iam';
import { SimError } from './errors';
import type { Partition } from './partition';
import type { CallContext } from './services/context';
import { sortedUserKeys, type SimAccount, type SimUser } from './state';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated',
  'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
  'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated',
  'cert_2_active', 'cert_2_last_rotated',
] as const;

/** A report younger than this is served again instead of generating a new one. */
export const CREDENTIAL_REPORT_MAX_AGE_MS = 4 * 3_600_000;

const NA = 'N/A';

/** ISO 8601 to the second with `+00:00`, as the report writes dates. */
function reportDate(date: Date | undefined): string {
  return date ? `${date.toISOString().slice(0, 19)}+00:00` : NA;
}

function keyColumns(user: SimUser, index: number): string[] {
  const key = user.accessKeys[index];
  if (!key) return ['false', NA, NA, NA, NA];
  return [
    String(key.status === 'Active'),
    reportDate(key.created),
    reportDate(key.lastUsed),
    key.lastUsed ? key.lastUsedRegion ?? NA : NA,
    key.lastUsed ? key.lastUsedService ?? NA : NA,
  ];
}

function certColumns(user: SimUser, index: number): string[] {
  const cert = user.signingCertificates[index];
  return cert ? [String(cert.status === 'Active'), reportDate(cert.uploaded)] : ['false', NA];
}

function userRow(user: SimUser): string[] {
  let passwordLastUsed = NA;
  // PasswordLastUsed survives the login profile's deletion; a password never used is `no_information`.
  if (user.passwordLastUsed) passwordLastUsed = reportDate(user.passwordLastUsed);
  else if (user.loginProfile) passwordLastUsed = 'no_information';
  return [
    user.name,
    user.arn,
    reportDate(user.created),
    String(user.loginProfile !== undefined),
    passwordLastUsed,
    // A reset moves password_last_changed; GetLoginProfile's CreateDate stays.
    reportDate(user.loginProfile && (user.loginProfile.lastChanged ?? user.loginProfile.created)),
    NA,
    String(user.mfaSerials.length > 0),
    ...keyColumns(user, 0),
    ...keyColumns(user, 1),
    ...certColumns(user, 0),
    ...certColumns(user, 1),
  ];
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The report's CSV text for the account as it is now. */
export function credentialReportCsv(partition: Partition, account: SimAccount): string {
  const rootRow = [
    '<root_account>', `arn:${partition}:iam::${account.id}:root`, reportDate(account.joined), 'not_supported', 'no_information',
    'not_supported', 'not_supported', 'false', 'false', NA, NA, NA, NA, 'false', NA, NA, NA, NA, 'false', NA, 'false', NA,
  ];
  const rows = [CREDENTIAL_REPORT_COLUMNS.join(','), rootRow.join(',')];
  for (const key of sortedUserKeys(account)) rows.push(userRow(account.users.get(key)!).map(csvField).join(','));
  return rows.join('\n');
}

export function generateCredentialReport(ctx: CallContext): GenerateCredentialReportResponse {
  const { account, now } = ctx;
  const report = account.credentialReport;
  if (report && now < report.readyAt) return { State: 'INPROGRESS', Description: 'Report generation in progress.' };
  if (report && now.getTime() - report.generatedAt.getTime() < CREDENTIAL_REPORT_MAX_AGE_MS) {
    return { State: 'COMPLETE', Description: 'A credential report generated less than 4 hours ago exists.' };
  }
  account.credentialReport = {
    generatedAt: now,
    readyAt: new Date(now.getTime() + ctx.state.credentialReportDelaySeconds * 1000),
    content: Buffer.from(credentialReportCsv(ctx.state.partition, account)),
  };
  return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
}

export function getCredentialReport(ctx: CallContext): GetCredentialReportResponse {
  const report = ctx.account.credentialReport;
  if (!report) {
    throw new SimError('ReportNotPresent', 'Credential report not present. Use GenerateCredentialReport to generate a new report.');
  }
  if (ctx.now < report.readyAt) throw new SimError('ReportInProgress', 'Credential report is being generated. Try again later.');
  // A report past the 4 hours is served no more: GenerateCredentialReport makes a new one.
  if (ctx.now.getTime() - report.generatedAt.getTime() >= CREDENTIAL_REPORT_MAX_AGE_MS) {
    throw new SimError('ReportExpired', 'Credential report is expired. Use GenerateCredentialReport to generate a new report.');
  }
  return { Content: ctx.faults.credentialReportContent(ctx.account.id, report.content), ReportFormat: 'text/csv', GeneratedTime: report.generatedAt };
}
