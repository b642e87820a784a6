/**
 * Rendering the run's report: the email subject and a plain-text body for an email client. Pure: it
 * reads only the RunReport, never AWS.
 */
import { ORGANIZATION_BREAKER_HELD } from './organization-brakes';
import { daysSince } from './dates';
import type { AccountResult, ActionKind, ActionOutcome, IdentityCenterResult, PlannedAction, RunReport, UserVerdict } from './types';

/** SNS Publish takes at most 256 KiB; keep a margin for the encoding of the request. */
export const MAX_MESSAGE_BYTES = 256 * 1024 - 2048;
const MAX_SUBJECT = 100;

const VERB: Record<ActionKind, string> = {
  'deactivate-key': 'deactivate key {key}',
  'mark-key-disabled': 'start the quarantine of key {key} (already inactive)',
  'delete-key': 'delete key {key}',
  'delete-login-profile': 'delete console password',
  'tag-disabled': 'mark disabled (quarantine starts)',
  'delete-user': 'delete user',
};

const date = (iso: Date | string) => new Date(iso).toISOString().slice(0, 10);

export interface Totals {
  accountsSwept: number;
  accountsFailed: number;
  accountsNotReached: number;
  accountsSkipped: number;
  optedOut: number;
  users: number;
  inactive: number;
  staleKeys: number;
  excluded: number;
  planned: number;
  done: number;
  failed: number;
}

export function totals(report: RunReport): Totals {
  const swept = report.accounts.filter((a) => a.status === 'swept');
  const verdicts = report.accounts.flatMap((a) => a.verdicts);
  const outcomes = report.accounts.flatMap((a) => a.outcomes);
  return {
    accountsSwept: swept.length,
    accountsFailed: report.accounts.filter((a) => a.status === 'failed').length,
    accountsNotReached: report.accounts.filter((a) => a.status === 'not-reached').length,
    accountsSkipped: report.skipped.length,
    optedOut: report.skipped.filter((s) => s.reason === 'opted-out').length,
    users: swept.reduce((sum, a) => sum + a.userCount, 0),
    inactive: verdicts.filter((v) => v.inactive && !v.excluded).length,
    staleKeys: verdicts
      .filter((v) => !v.excluded)
      .flatMap((v) => v.credentials)
      .filter((c) => c.kind === 'access-key' && c.stale).length,
    excluded: verdicts.filter((v) => v.excluded).length,
    planned: report.accounts.reduce((sum, a) => sum + (a.plan?.actions.length ?? 0), 0),
    done: outcomes.filter((o) => o.status === 'done').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
  };
}

/** One line, under 100 characters, with the headline numbers. */
export function renderSubject(report: RunReport): string {
  const t = totals(report);
  const acted = report.mode === 'report' ? `${t.planned} to act on` : `${t.done} action${t.done === 1 ? '' : 's'} done`;
  const parts = [
    `${t.inactive} inactive user${t.inactive === 1 ? '' : 's'}`,
    `${t.staleKeys} stale key${t.staleKeys === 1 ? '' : 's'}`,
    report.organizationCircuitBreaker ? 'all held by the organization breaker' : acted,
  ];
  const identityCenter = report.identityCenter;
  const identityCenterProblems = identityCenter
    ? (identityCenter.status === 'swept' ? 0 : 1) + identityCenter.outcomes.filter((o) => o.status === 'failed').length
    : 0;
  const problems = t.accountsFailed + t.accountsNotReached + t.failed + identityCenterProblems;
  if (problems > 0) parts.push(`${problems} problem${problems === 1 ? '' : 's'}`);
  const subject = `iam-sweep ${report.mode} ${report.organizationId}: ${parts.join(', ')}`;
  return subject.length <= MAX_SUBJECT ? subject : `${subject.slice(0, MAX_SUBJECT - 1)}…`;
}

const pad = (value: string | number, width: number) => String(value).padEnd(width);
const padLeft = (value: string | number, width: number) => String(value).padStart(width);

/** Users of an account the organization's circuit breaker held back. */
const heldByOrganization = (a: AccountResult) => (a.plan?.heldBack ?? []).filter((h) => h.reason === ORGANIZATION_BREAKER_HELD);

/** Which circuit breaker held the account back, if one did. */
function heldBy(a: AccountResult): string | undefined {
  if (a.plan?.circuitBreaker) return 'held: circuit breaker';
  return heldByOrganization(a).length > 0 ? 'held: organization circuit breaker' : undefined;
}

function accountTable(accounts: readonly AccountResult[]): string[] {
  const header = `  ${pad('Account', 24)} ${pad('Id', 12)} ${padLeft('Users', 6)} ${padLeft('Inactive', 8)} ${padLeft('Actions', 7)}  Status`;
  const rows = accounts.map((a) => {
    const inactive = a.verdicts.filter((v) => v.inactive && !v.excluded).length;
    const actions = a.outcomes.length > 0 ? a.outcomes.filter((o) => o.status === 'done').length : (a.plan?.actions.length ?? 0);
    const status = a.status === 'swept' ? (heldBy(a) ?? 'swept') : a.status;
    return `  ${pad(a.account.name.slice(0, 24), 24)} ${pad(a.account.id, 12)} ${padLeft(a.userCount, 6)} ${padLeft(inactive, 8)} ${padLeft(actions, 7)}  ${status}`;
  });
  return [header, ...rows];
}

function describeAction(action: PlannedAction | ActionOutcome, mode: RunReport['mode']): string {
  const what = VERB[action.kind].replace('{key}', `…${action.keyId?.slice(-4)}`);
  if (!('status' in action)) {
    const needs = action.kind === 'delete-user' || action.kind === 'delete-key' ? 'delete' : 'disable';
    return mode === 'report' ? `would ${what} (${needs} mode)` : `will ${what}`;
  }
  if (action.status === 'done') return `${what}: done`;
  return `${what}: ${action.status}${action.detail ? ` (${action.detail})` : ''}`;
}

/** Each user acted on (or to act on) with its verdict, then its actions, indented under a heading. */
function actedOnLines(
  result: Pick<AccountResult, 'verdicts' | 'outcomes' | 'plan'>,
  mode: RunReport['mode'],
): string[] {
  const lines: string[] = [];
  const verdictByUser = new Map<string, UserVerdict>(result.verdicts.map((v) => [v.userName, v]));
  const items: (PlannedAction | ActionOutcome)[] = result.outcomes.length > 0 ? result.outcomes : (result.plan?.actions ?? []);
  const byUser = new Map<string, (PlannedAction | ActionOutcome)[]>();
  for (const item of items) byUser.set(item.userName, [...(byUser.get(item.userName) ?? []), item]);
  for (const [userName, actions] of byUser) {
    const verdict = verdictByUser.get(userName);
    lines.push(`    ${userName} (${verdict?.inactive ? 'inactive' : 'in use'}): ${verdict?.reason ?? actions[0].reason}`);
    for (const action of actions) {
      const why = action.keyId && !verdict?.inactive ? `: ${action.reason}` : '';
      lines.push(`      ${describeAction(action, mode)}${why}`);
    }
  }
  return lines;
}

function userLines(report: RunReport): string[] {
  const lines: string[] = [];
  for (const account of report.accounts) {
    const users = actedOnLines(account, report.mode);
    if (users.length > 0) lines.push(`  ${account.account.name} (${account.account.id})`, ...users);
  }
  return lines;
}

/** The Identity Center section: why nothing was done, or the users acted on, held back and scheduled. */
function identityCenterLines(section: IdentityCenterResult, mode: RunReport['mode'], inactiveDays: number): string[] {
  const where = section.identityStoreId ? `${section.identityStoreId} in ${section.region}` : section.region;
  const lines = ['', `Identity Center (${where})`];
  if (section.status === 'failed') return [...lines, `  failed: ${section.error ?? 'unknown error'}`];
  if (section.status === 'refused') {
    return [...lines, `  ${section.userCount} users; refused to judge or act on any of them: ${section.refusal}`];
  }
  const inactive = section.verdicts.filter((v) => v.inactive && !v.excluded).length;
  const excluded = section.verdicts.filter((v) => v.excluded);
  lines.push(
    `  ${section.userCount} users, ${inactive} inactive, ${excluded.length} excluded; ` +
      `${section.signIns} sign-ins by current users in the last ${inactiveDays} days (matched by user id)`,
  );
  lines.push(...(section.warnings ?? []).map((warning) => `  warning: ${warning}`));
  if (section.plan?.circuitBreaker) lines.push(`  held: circuit breaker: ${section.plan.circuitBreaker}`);
  else lines.push(...(section.plan?.heldBack ?? []).map((h) => `  held back ${h.userName}: ${h.reason}`));
  const users = actedOnLines(section, mode);
  lines.push(`  ${mode === 'report' ? 'Users to act on' : 'Users acted on'}`, ...(users.length > 0 ? users : ['    none']));
  const scheduled = [...(section.plan?.scheduled ?? [])].sort((a, b) => a.on.getTime() - b.on.getTime());
  if (scheduled.length > 0) {
    lines.push('  Scheduled deletions (if still unused then)', ...scheduled.map((s) => `    ${date(s.on)}  ${s.userName}`));
  }
  if (excluded.length > 0) lines.push('  Excluded', ...excluded.map((v) => `    ${v.userName}: ${v.excluded}`));
  return lines;
}

/** Unused roles per account, with when each was last used; roles are only reported. */
function roleLines(report: RunReport, now: Date): string[] {
  const lines: string[] = [];
  for (const account of report.accounts) {
    const roles = account.roles;
    if (!roles || (roles.unused.length === 0 && !roles.error)) continue;
    lines.push(`  ${account.account.name} (${account.account.id})${roles.error ? `: ${roles.error}` : ''}`);
    for (const role of roles.unused) {
      const age = `${daysSince(new Date(role.created), now)} days old`;
      const used = role.lastUsed
        ? `last used ${date(role.lastUsed)}${role.lastUsedRegion ? ` in ${role.lastUsedRegion}` : ''}`
        : 'never used';
      lines.push(`    ${role.name}: ${used}, ${age}`);
    }
  }
  return lines;
}

/** The whole body, before any cut. */
function bodyLines(report: RunReport): string[] {
  const t = totals(report);
  const modeNote = report.mode === 'report' ? ' (nothing was changed)' : '';
  const lines = [
    `iam-sweep ${report.mode} for organization ${report.organizationId}${modeNote}`,
    `Inactive after ${report.inactiveDays} days; quarantine ${report.quarantineDays} days.`,
    `Run ${report.startedAt} to ${report.finishedAt}.`,
    ...(report.clockWarning ? [`Warning: ${report.clockWarning}.`] : []),
    '',
    'Totals',
    `  Accounts: ${t.accountsSwept} swept, ${t.accountsSkipped} skipped (${t.optedOut} opted out), ${t.accountsFailed} failed, ${t.accountsNotReached} not reached`,
    `  Users: ${t.users} in swept accounts, ${t.inactive} inactive, ${t.staleKeys} stale access keys, ${t.excluded} excluded from action`,
    report.mode === 'report'
      ? `  Actions: ${t.planned} that delete mode would take`
      : `  Actions: ${t.done} done, ${t.failed} failed, of ${t.planned} planned`,
  ];
  const roleReports = report.accounts.flatMap((a) => (a.roles ? [a.roles] : []));
  if (roleReports.length > 0) {
    const unused = roleReports.reduce((sum, r) => sum + r.unused.length, 0);
    const accounts = roleReports.filter((r) => r.unused.length > 0).length;
    lines.push(`  Roles: ${unused} unused in ${accounts} account${accounts === 1 ? '' : 's'} (reported only, never changed)`);
  }
  const identityCenter = report.identityCenter;
  if (identityCenter) {
    const done = identityCenter.outcomes.filter((o) => o.status === 'done').length;
    const planned = identityCenter.plan?.actions.length ?? 0;
    const inactive = identityCenter.verdicts.filter((v) => v.inactive && !v.excluded).length;
    const state = identityCenter.status === 'swept' ? `${identityCenter.userCount} users, ${inactive} inactive` : identityCenter.status;
    const acted = report.mode === 'report' ? `${planned} actions delete mode would take` : `${done} of ${planned} actions done`;
    lines.push(`  Identity Center: ${state}; ${acted}`);
  }
  if (report.organizationCircuitBreaker) {
    lines.push('', 'Organization circuit breaker (a person should look)', `  ${report.organizationCircuitBreaker.reason}`);
  }
  if (report.deliveryErrors.length > 0) lines.push('', 'Delivery problems', ...report.deliveryErrors.map((e) => `  ${e}`));

  const failed = report.accounts.filter((a) => a.status !== 'swept');
  if (failed.length > 0) {
    lines.push('', 'Accounts not swept');
    lines.push(...failed.map((a) => `  ${a.account.name} (${a.account.id}): ${a.status}: ${a.error ?? ''}`));
  }
  const held = report.accounts.filter((a) => a.plan?.circuitBreaker || (a.plan?.heldBack.length ?? 0) > 0);
  if (held.length > 0) {
    lines.push('', 'Held back (a person should look)');
    for (const a of held) {
      if (a.plan?.circuitBreaker) {
        lines.push(`  ${a.account.name} (${a.account.id}): circuit breaker: ${a.plan.circuitBreaker}`);
        continue;
      }
      // Every account the organization's breaker held would repeat one reason: a line each, the users in the JSON.
      const byOrganization = heldByOrganization(a).length;
      if (byOrganization > 0) {
        lines.push(`  ${a.account.name} (${a.account.id}): organization circuit breaker: ${byOrganization} user${byOrganization === 1 ? '' : 's'} to act on`);
      }
      const others = a.plan!.heldBack.filter((h) => h.reason !== ORGANIZATION_BREAKER_HELD);
      lines.push(...others.map((h) => `  ${a.account.name} (${a.account.id}) ${h.userName}: ${h.reason}`));
    }
  }

  lines.push('', 'Accounts', ...accountTable(report.accounts));

  const users = userLines(report);
  lines.push('', report.mode === 'report' ? 'Users and keys to act on' : 'Users and keys acted on');
  lines.push(...(users.length > 0 ? users : ['  none']));

  if (identityCenter) lines.push(...identityCenterLines(identityCenter, report.mode, report.inactiveDays));

  const scheduled = report.accounts.flatMap((a) => a.plan?.scheduled ?? []).sort((a, b) => a.on.getTime() - b.on.getTime());
  if (scheduled.length > 0) {
    lines.push('', 'Scheduled deletions (if still unused then)');
    lines.push(...scheduled.map((s) => `  ${date(s.on)}  ${s.accountId} ${s.userName}${s.keyId ? ` key …${s.keyId.slice(-4)}` : ''}`));
  }
  const excluded = report.accounts.flatMap((a) => a.verdicts.filter((v) => v.excluded));
  if (excluded.length > 0) {
    lines.push('', 'Excluded (would otherwise be looked at)');
    lines.push(...excluded.map((v) => `  ${v.accountId} ${v.userName}: ${v.excluded}`));
  }
  const roles = roleLines(report, new Date(report.startedAt));
  if (roles.length > 0) lines.push('', 'Unused roles (reported only, never changed)', ...roles);
  if (report.skipped.length > 0) {
    // Accounts outside the rollout can be most of an organization: one line for them, each in the JSON.
    const outside = report.skipped.filter((s) => s.reason === 'outside-target-ous');
    lines.push('', 'Skipped accounts');
    lines.push(...report.skipped.filter((s) => !outside.includes(s)).map((s) => `  ${s.name} (${s.id}): ${s.reason}: ${s.detail}`));
    if (outside.length > 0) lines.push(`  ${outside.length} account(s) ${outside[0].detail} (each is listed in the JSON report)`);
  }
  if (report.reportLocation) lines.push('', `Full report (JSON): ${report.reportLocation}`);
  return lines;
}

/**
 * The email body, at most `maxBytes` of UTF-8. When too long it is cut at a line, with a closing line
 * that says how much is left out and where the full JSON is.
 */
export function renderText(report: RunReport, maxBytes = MAX_MESSAGE_BYTES): string {
  const lines = bodyLines(report);
  const full = lines.join('\n') + '\n';
  if (Buffer.byteLength(full, 'utf8') <= maxBytes) return full;

  const where = report.reportLocation ? `the full report is at ${report.reportLocation}` : 'no full report was saved';
  const reserve = 512;
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (bytes + size > maxBytes - reserve) break;
    kept.push(line);
    bytes += size;
  }
  const left = lines.length - kept.length;
  kept.push('', `[cut: ${left} more lines (${Buffer.byteLength(full, 'utf8') - bytes} bytes) left out of this email; ${where}]`);
  return kept.join('\n') + '\n';
}
