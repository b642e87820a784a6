/** One account, start to end: assume the role, inventory, decide, plan, act. */
import type { STSClient } from '@aws-sdk/client-sts';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsClients } from '../aws/clients';
import { describeError } from '../aws/iam-errors';
import { fetchCredentialReport, listUsers, readLiveUser } from '../aws/member-iam';
import { parseCredentialReport } from '../engine/credential-report';
import { decide, type RuleContext } from '../engine/decide';
import { planAccount, type PlanSettings } from '../engine/plan';
import { mapPool } from '../engine/pool';
import { screenUsers } from '../engine/screen';
import type { Account, AccountResult, PlannedAction, SweepConfig, UserState } from '../engine/types';
import { actOnUser } from './act';

export interface AccountContext {
  config: SweepConfig;
  clients: AwsClients;
  sts: STSClient;
  s3?: S3Client;
  ruleContext: RuleContext;
  now: Date;
  runId: string;
  /** Users read live or acted on at once within one account. */
  userConcurrency: number;
  /** Asked before each user's actions start: false when the run's time is running out. */
  mayStartUser: () => boolean;
}

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

/** Never throws: a failure is the account's result, and the run goes on. */
export async function sweepAccount(account: Account, ctx: AccountContext): Promise<AccountResult> {
  const result: AccountResult = { account, status: 'swept', userCount: 0, verdicts: [], outcomes: [] };
  try {
    const credentials = await ctx.clients.assumeRole(ctx.sts, account.id, ctx.config.roleName);
    const iam = ctx.clients.iam(credentials);

    const [report, listed] = await Promise.all([fetchCredentialReport(iam), listUsers(iam)]);
    const rows = parseCredentialReport(report.csv);
    result.userCount = listed.length;
    const candidates = screenUsers(account.id, rows, listed, report.generatedAt, ctx.ruleContext);

    const live = await mapPool(candidates, ctx.userConcurrency, (name) => readLiveUser(iam, account.id, name));
    const users = live.filter((user): user is UserState => user !== undefined);
    result.verdicts = users.map((user) => decide(user, ctx.ruleContext));

    const settings = planSettingsOf(ctx.config);
    const actionable = result.verdicts.filter((verdict) => !verdict.excluded);
    result.plan = planAccount(account.id, actionable, result.userCount, settings, ctx.now);
    if (ctx.config.mode === 'report' || result.plan.actions.length === 0) return result;

    const perUser = await mapPool(
      groupByUser(result.plan.actions),
      ctx.userConcurrency,
      (actions) =>
        actOnUser(actions, {
          iam,
          s3: ctx.s3,
          reportBucket: ctx.config.reportBucket,
          ruleContext: ctx.ruleContext,
          planSettings: settings,
          now: ctx.now,
          runId: ctx.runId,
        }),
      {
        shouldStart: ctx.mayStartUser,
        skipped: (actions) => actions.map((action) => ({ ...action, status: 'skipped' as const, detail: 'the run ran out of time' })),
      },
    );
    result.outcomes = perUser.flat();
    return result;
  } catch (error) {
    return { ...result, status: 'failed', error: describeError(error) };
  }
}
