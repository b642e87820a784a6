/**
 * One account in two halves: planning (assume the role, inventory, decide, plan) and, once every account
 * is planned and the organization's brakes are applied, acting.
 */
import type { AwsClients, AwsCredentialIdentity } from '../aws/clients';
import { lookupWindow, newestEventByUser } from '../aws/cloudtrail';
import { describeError } from '../aws/aws-errors';
import { MemberAccountIam } from '../aws/member-account';
import type { RateLimiters } from '../aws/rate-limit';
import { parseCredentialReport, type ReportRow } from '../engine/credential-report';
import type { RuleContext } from '../engine/decide';
import { planAccount, startedQuarantines, type PlanSettings } from '../engine/plan';
import type { ReportStore } from '../engine/ports/report-store';
import { ownRoleNames } from '../engine/own-roles';
import { mapPool } from '../engine/pool';
import { screenUsers } from '../engine/screen';
import type { Account, AccountPlan, AccountResult, PlannedAction, RoleReport, SweepConfig, TrailEvent } from '../engine/types';
import { iamUsers } from './act';
import { actOnUser } from './act-on-user';
import { decideLiveUser, type DecidedUser } from './decide-live';
import { reportUnusedRoles } from './roles';

export interface AccountContext {
  config: SweepConfig;
  clients: AwsClients;
  /** A session of the cleanup role in the account, with the caller's credentials. */
  assumeCleanupRole: (accountId: string) => Promise<AwsCredentialIdentity>;
  /** The report bucket; absent when none is configured. */
  store?: ReportStore;
  ruleContext: RuleContext;
  now: Date;
  /** AWS's time as the run goes on (the host's clock, corrected by AWS's answers): sessions expire by it. */
  awsClock: () => Date;
  runId: string;
  /** Users read live at once within one account (acted on: at most ACTING_CONCURRENCY). */
  userConcurrency: number;
  /** Asked before each user's actions start: false when the run's time is running out. */
  mayStartUser: () => boolean;
  /** CloudTrail LookupEvents limiters per account and Region, shared by the whole run. */
  lookupLimiters: RateLimiters;
}

/**
 * Users acted on at once in an account. Acting on a user is a long chain of calls one after another (backup,
 * then the deletion sequence) under the account's rate limit: a second chain keeps the account's calls
 * flowing while the first waits for an answer; more would only queue calls for the same limit, and queued
 * calls cost the run memory and garbage collection.
 */
const ACTING_CONCURRENCY = 2;

export const planSettingsOf = (config: SweepConfig): PlanSettings => ({
  mode: config.mode,
  quarantineDays: config.quarantineDays,
  maxDeletionsPerAccount: config.maxDeletionsPerAccount,
  maxActionFraction: config.maxActionFraction,
});

function groupByUser(actions: readonly PlannedAction[]): PlannedAction[][] {
  const groups = new Map<string, PlannedAction[]>();
  for (const action of actions) groups.set(action.userName, [...(groups.get(action.userName) ?? []), action]);
  return [...groups.values()];
}

/** The cross-check before a deletion: the user's newest event in each configured Region, if any. */
function cloudTrailCrossCheck(
  ctx: AccountContext,
  accountId: string,
  credentials: AwsCredentialIdentity,
): ((userName: string) => Promise<TrailEvent[]>) | undefined {
  const regions = ctx.config.cloudTrailRegions;
  if (regions.length === 0) return undefined;
  const window = lookupWindow(ctx.now, ctx.config.inactiveDays);
  const clients = regions.map((region) => ({ region, client: ctx.clients.cloudTrail(credentials, region) }));
  return async (userName) => {
    const found = await Promise.all(
      clients.map(({ region, client }) => newestEventByUser(client, ctx.lookupLimiters.for(accountId, region), userName, window, region)),
    );
    return found.filter((event): event is TrailEvent => event !== undefined);
  };
}

/**
 * Each user's row of the credential report when IAM generated it during this run (at or after its start,
 * to the second IAM gives its time in), for the live read to rely on (member-iam readLiveUser). A report
 * IAM served again from the 4 hours before is relied on for nothing.
 */
function freshRows(rows: readonly ReportRow[], generatedAt: Date, runStart: Date): (userName: string) => ReportRow | undefined {
  if (generatedAt.getTime() < Math.floor(runStart.getTime() / 1000) * 1000) return () => undefined;
  const byName = new Map(rows.map((row) => [row.user, row]));
  return (userName) => byName.get(userName);
}

/**
 * An account once planned: its result so far (verdicts and the plan after the account's own caps), and
 * what acting on it needs, kept from planning so that the acting phase does not assume the role again.
 */
export interface PlannedAccountSweep {
  result: AccountResult;
  /**
   * The cleanup role's session, and the credential report's rows of the users to act on (what the live
   * re-check dates a password by); absent when there is nothing to act on, or the account failed. Only
   * these small parts wait for the acting phase: an SDK client or the whole report per account, held
   * across a thousand accounts, took the run past a 512 MB Lambda's memory (bench: 589 MiB).
   */
  access?: { credentials: AwsCredentialIdentity; reportRows: ReadonlyMap<string, ReportRow> };
  /** The unused-roles report, still being read alongside. */
  roles?: Promise<RoleReport>;
}

/** A session this close to its end is renewed before acting: acting on one account takes minutes at most. */
const SESSION_MARGIN_MS = 10 * 60_000;

/** The account's result with its unused-roles report, once that is read. */
async function withRoles(planned: PlannedAccountSweep, result: AccountResult): Promise<AccountResult> {
  return planned.roles ? { ...result, roles: await planned.roles } : result;
}

/** The account's users as its credential report and user list show them, and those the report flags. */
interface UserInventory {
  rows: ReportRow[];
  generatedAt: Date;
  userCount: number;
  /** Names of the users to read live and decide on. */
  candidates: string[];
}

/** Inventory: the credential report and the user list, screened. */
async function inventoryUsers(iam: MemberAccountIam, ctx: AccountContext): Promise<UserInventory> {
  const [report, listed] = await Promise.all([iam.credentialReport(), iam.listUsers()]);
  const rows = parseCredentialReport(report.csv);
  const candidates = screenUsers(iam.accountId, rows, listed, report.generatedAt, ctx.ruleContext);
  return { rows, generatedAt: report.generatedAt, userCount: listed.length, candidates };
}

/** Decide: each candidate read live and decided; undefined for one deleted by someone else meanwhile. */
function decideCandidates(iam: MemberAccountIam, inventory: UserInventory, ctx: AccountContext): Promise<(DecidedUser | undefined)[]> {
  const fresh = freshRows(inventory.rows, inventory.generatedAt, ctx.now);
  const rowByName = new Map(inventory.rows.map((row) => [row.user, row]));
  return mapPool(inventory.candidates, ctx.userConcurrency, async (name) => {
    const user = await iam.readLiveUser(name, fresh(name), rowByName.get(name));
    return user && decideLiveUser(iam.readUnrecordedCredentials, user, ctx.ruleContext);
  });
}

/** Plan: the account's own caps over the verdicts; a candidate gone since the report is said so, not silently left out. */
function planUsers(accountId: string, inventory: UserInventory, decided: readonly (DecidedUser | undefined)[], ctx: AccountContext): AccountPlan {
  const verdicts = decided.flatMap((user) => (user ? [user.verdict] : []));
  const plan = planAccount(accountId, verdicts.filter((verdict) => !verdict.excluded), inventory.userCount, planSettingsOf(ctx.config), ctx.now);
  const gone = inventory.candidates.filter((_, index) => decided[index] === undefined);
  plan.heldBack.push(...gone.map((userName) => ({ userName, reason: 'no longer exists: deleted by someone else during the sweep' })));
  return plan;
}

/** The unused-roles report, read alongside the users (report only). */
function unusedRolesOf(iam: MemberAccountIam, ctx: AccountContext): Promise<RoleReport> {
  const rules = {
    now: ctx.now,
    inactiveDays: ctx.config.inactiveDays,
    globs: ctx.config.unusedRoleExcludes,
    ownRoleNames: ownRoleNames(ctx.config.roleName),
  };
  return reportUnusedRoles(iam, rules, ctx.userConcurrency);
}

/**
 * The planning half of an account: enter it, inventory, decide, plan with the account's own caps.
 * Nothing is changed. Never throws: a failure is the account's result, and the run goes on.
 */
export async function planAccountSweep(account: Account, ctx: AccountContext): Promise<PlannedAccountSweep> {
  const result: AccountResult = { account, status: 'swept', userCount: 0, verdicts: [], outcomes: [] };
  const planned: PlannedAccountSweep = { result };
  try {
    const credentials = await ctx.assumeCleanupRole(account.id);
    const iam = new MemberAccountIam(ctx.clients.iam(credentials), account.id);
    if (ctx.config.unusedRoles) planned.roles = unusedRolesOf(iam, ctx);
    const inventory = await inventoryUsers(iam, ctx);
    result.userCount = inventory.userCount;
    const decided = await decideCandidates(iam, inventory, ctx);
    result.verdicts = decided.flatMap((user) => (user ? [user.verdict] : []));
    result.plan = planUsers(account.id, inventory, decided, ctx);
    // Only an account with something to act on keeps its session until the acting phase.
    if (ctx.config.mode !== 'report' && result.plan.actions.length > 0) {
      const acted = new Set(result.plan.actions.map((action) => action.userName));
      const reportRows = new Map(inventory.rows.filter((row) => acted.has(row.user)).map((row) => [row.user, row]));
      planned.access = { credentials, reportRows };
    }
    return planned;
  } catch (error) {
    return { ...planned, result: { ...result, status: 'failed', error: describeError(error) } };
  }
}

/**
 * The acting half: carries out `plan` (the account's plan after the organization's brakes) user by user,
 * each after a live re-check, and completes the account's result. Report mode and an empty plan change
 * nothing. Never throws: a failure is the account's result, and the run goes on.
 */
export async function actOnAccount(
  planned: PlannedAccountSweep,
  plan: AccountPlan | undefined,
  ctx: AccountContext,
): Promise<AccountResult> {
  const result: AccountResult = plan ? { ...planned.result, plan } : planned.result;
  if (!planned.access || !plan || ctx.config.mode === 'report' || plan.actions.length === 0) return withRoles(planned, result);
  const { account } = result;
  try {
    const { reportRows } = planned.access;
    const reportRow = (userName: string) => reportRows.get(userName);
    let { credentials } = planned.access;
    // Planning every account first can outlast the session of the first ones planned (an hour).
    if (credentials.expiration && credentials.expiration.getTime() - ctx.awsClock().getTime() < SESSION_MARGIN_MS) {
      credentials = await ctx.assumeCleanupRole(account.id);
    }
    const kind = iamUsers({
      account: new MemberAccountIam(ctx.clients.iam(credentials), account.id),
      backups: ctx.store?.accountBackups(account.id),
      ruleContext: ctx.ruleContext,
      now: ctx.now,
      runId: ctx.runId,
      cloudTrailEvents: cloudTrailCrossCheck(ctx, account.id, credentials),
      reportRow,
    });
    const settings = { planSettings: planSettingsOf(ctx.config), now: ctx.now };

    const perUser = await mapPool(
      groupByUser(plan.actions),
      Math.min(ctx.userConcurrency, ACTING_CONCURRENCY),
      (actions) => actOnUser(actions, kind, settings),
      {
        shouldStart: ctx.mayStartUser,
        skipped: (actions) => actions.map((action) => ({ ...action, status: 'skipped' as const, detail: 'the run ran out of time' })),
      },
    );
    const outcomes = perUser.flat();
    const scheduled = startedQuarantines(plan.scheduled, outcomes, planSettingsOf(ctx.config), ctx.now);
    return await withRoles(planned, { ...result, outcomes, plan: { ...plan, scheduled } });
  } catch (error) {
    return withRoles(planned, { ...result, status: 'failed', error: describeError(error) });
  }
}
