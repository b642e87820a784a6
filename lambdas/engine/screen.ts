/**
 * Screening an account from its credential report: one call answers for every user, and only the users
 * it flags are read live (tags, key ids, last use). The report may be up to 4 hours old, so it chooses whom
 * to look at (a report of this run also spares reads: member-iam readLiveUser); verdicts that act are made
 * on live state.
 */
import { CredentialReportError, type ReportRow } from './credential-report';
import { decide, needsAttention, type RuleContext } from './decide';
import { newest } from './dates';
import type { UserState } from './types';

export interface ListedUser {
  name: string;
  arn: string;
  created: Date;
  passwordLastUsed?: Date;
}

/** The user as the report (and the live user list) shows it. The report carries no tags and no key ids. */
export function userFromReport(accountId: string, row: ReportRow, listed: ListedUser | undefined): UserState {
  return {
    accountId,
    name: row.user,
    arn: row.arn,
    created: row.created,
    passwordLastUsed: newest([row.passwordLastUsed, listed?.passwordLastUsed]),
    password: row.passwordEnabled ? { created: row.passwordLastChanged ?? row.created } : undefined,
    accessKeys: row.keys.map((key) => ({ active: key.active, created: key.lastRotated, lastUsed: key.lastUsed })),
    tags: {},
  };
}

/**
 * The names of the users that need a live look: those the rules would act on if nothing excluded them,
 * so that the live decision can also report who was excluded. Fails when the report is missing a user that existed
 * when it was generated: acting on partial data is never an option.
 */
export function screenUsers(
  accountId: string,
  rows: readonly ReportRow[],
  listed: readonly ListedUser[],
  reportGeneratedAt: Date,
  ctx: RuleContext,
): string[] {
  const byName = new Map(rows.map((row) => [row.user, row]));
  const missing = listed.filter((user) => !byName.has(user.name) && user.created < reportGeneratedAt);
  if (missing.length > 0) {
    const names = missing.slice(0, 5).map((user) => user.name).join(', ');
    throw new CredentialReportError(
      `missing ${missing.length} user(s) that existed when it was generated (${names}${missing.length > 5 ? ', …' : ''})`,
    );
  }
  const listedByName = new Map(listed.map((user) => [user.name, user]));
  const withoutExclusions: RuleContext = { ...ctx, excludeUsers: [], protectedArns: [] };
  return rows
    .filter((row) => listedByName.has(row.user))
    .filter((row) => needsAttention(decide(userFromReport(accountId, row, listedByName.get(row.user)), withoutExclusions)))
    .map((row) => row.user);
}
