/**
 * The Identity Center sweep, in the account that administers it and with the caller's own credentials:
 * users and their last sign-in (CloudTrail, matched by user id), the same plan as for IAM users (modes,
 * quarantine, caps, circuit breaker), and acting per user after a live re-check. It refuses to judge
 * anyone when the sign-in record cannot be trusted.
 */
import type { DescribeUserCommandOutput, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import type { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import type { AwsClients } from '../aws/clients';
import { lookupWindow, signInRecords } from '../aws/cloudtrail';
import { describeError } from '../aws/iam-errors';
import {
  createUserAttributes,
  deleteAccountAssignment,
  deleteGroupMembership,
  deleteIdentityCenterUser,
  describeIdentityCenterUser,
  findInstance,
  listGroupMemberships,
  listIdentityCenterUsers,
  listUserAssignments,
  type AssignmentIndex,
  type IdentityCenterInstance,
  type PollOptions,
} from '../aws/identity-center';
import { partitionOf } from '../aws/partition';
import type { RateLimiters } from '../aws/rate-limit';
import { decideIdentityCenterUser, standingQuarantineStart, type RecordedQuarantine } from '../engine/decide-identity-center';
import { planAccount, planUser, startedQuarantines, type PlanSettings } from '../engine/plan';
import { mapPool } from '../engine/pool';
import type { DisabledState, IdentityCenterStore, ReportStore } from '../engine/ports/report-store';
import type { RuleContext } from '../engine/rules/context';
import { untrustedSignInSource } from '../engine/rules/sign-in-source';
import { unreadableTime, writtenTime } from '../engine/state-tags';
import { lastSignInByUser, successfulSignIns } from '../engine/sign-in-events';
import type {
  ActionOutcome,
  IdentityCenterResult,
  IdentityCenterUser,
  IdentityCenterUserBackup,
  IdentityCenterUserVerdict,
  PlannedAction,
  SweepConfig,
} from '../engine/types';

export interface IdentityCenterContext {
  config: SweepConfig;
  clients: AwsClients;
  /** The report bucket; absent when none is configured. */
  store?: ReportStore;
  /** The account the sweep runs in: Identity Center's sign-ins are in its CloudTrail. */
  callerAccountId: string;
  /** A delegated administrator cannot remove assignments in the management account. */
  managementAccountId: string;
  lookupLimiters: RateLimiters;
  ruleContext: RuleContext;
  planSettings: PlanSettings;
  now: Date;
  runId: string;
  userConcurrency: number;
  mayStartUser: () => boolean;
  /** How assignment removals are followed (tests shorten the waits). */
  poll?: PollOptions;
}

interface RecordedState extends RecordedQuarantine {
  state: DisabledState;
}

/**
 * The quarantine of every user iam-sweep has recorded as disabled, by user id, and what could not be read
 * back: a time only counts in the form the sweep writes it, so a hand-edited state never shortens a quarantine.
 */
async function readDisabledStates(store: IdentityCenterStore | undefined): Promise<{ states: Map<string, RecordedState>; unreadable: string[] }> {
  const states = new Map<string, RecordedState>();
  const unreadable: string[] = [];
  for (const { location, value } of store ? await store.readStates() : []) {
    const state = value as Partial<DisabledState>;
    const disabledAt = writtenTime(state.disabledAt);
    const checkedAt = writtenTime(state.checkedAt);
    const where = `${state.userName ?? state.userId ?? location}: ${location}`;
    for (const field of ['disabledAt', 'checkedAt'] as const) {
      const problem = unreadableTime(field, state[field] === undefined ? undefined : String(state[field]));
      if (problem) unreadable.push(`${where} ${problem}`);
    }
    if (!state.userId || !disabledAt) continue;
    const recorded = { state: state as DisabledState, disabledAt };
    states.set(state.userId, checkedAt ? { ...recorded, checkedAt } : recorded);
  }
  return { states, unreadable };
}

/**
 * Records that this run found each user of a standing quarantine still without a sign-in, so that the
 * next run's window can take over from this one's. A failure only shortens what the next run relies on
 * (the quarantine starts again once this run's window has passed), so it is a warning.
 */
async function recordChecks(ctx: IdentityCenterContext, store: IdentityCenterStore, checked: readonly RecordedState[]): Promise<string[]> {
  const warnings: string[] = [];
  await mapPool(checked, 8, async ({ state }) => {
    try {
      await store.writeState({ ...state, checkedAt: ctx.now.toISOString() });
    } catch (error) {
      warnings.push(`${state.userName}: this run's check of its quarantine could not be recorded: ${describeError(error)}`);
    }
  });
  return warnings;
}

/** Never throws: a failure is the section's result, and the rest of the run goes on. */
export async function sweepIdentityCenter(ctx: IdentityCenterContext): Promise<IdentityCenterResult> {
  const { config, now } = ctx;
  const region = config.identityCenterRegion ?? ctx.clients.settings.region;
  const result: IdentityCenterResult = { status: 'swept', region, userCount: 0, signIns: 0, verdicts: [], outcomes: [] };
  try {
    const ssoAdmin = ctx.clients.ssoAdmin(region);
    const identityStore = ctx.clients.identityStore(region);
    const instance = await findInstance(ssoAdmin, region);
    result.instanceArn = instance.instanceArn;
    result.identityStoreId = instance.identityStoreId;
    const users = await listIdentityCenterUsers(identityStore, instance.identityStoreId);
    result.userCount = users.length;

    const tooLong = untrustedSignInSource({ inactiveDays: config.inactiveDays, userCount: users.length });
    if (tooLong) return { ...result, status: 'refused', refusal: tooLong };

    const window = lookupWindow(now, config.inactiveDays);
    const records = await signInRecords(ctx.clients.cloudTrail(undefined, region), ctx.lookupLimiters.for(ctx.callerAccountId, region), window);
    const { signIns, unreadable } = successfulSignIns(records, instance.identityStoreId);
    const userIds = new Set(users.map((user) => user.id));
    result.signIns = signIns.filter((signIn) => userIds.has(signIn.userId)).length;
    const refusal = untrustedSignInSource({ inactiveDays: config.inactiveDays, userCount: users.length, signIns: result.signIns, unreadable });
    if (refusal) return { ...result, status: 'refused', refusal };

    const lastSignIn = lastSignInByUser(signIns);
    const store = ctx.store?.identityCenter(instance.identityStoreId);
    const { states: disabled, unreadable: unreadableStates } = await readDisabledStates(store);
    if (unreadableStates.length > 0) result.warnings = unreadableStates;
    // Read in every mode, since they decide whether a user can be deleted: report mode then promises only
    // what delete mode does. Read after the sign-ins, as close to acting as deciding allows.
    const assignments = await listUserAssignments(ssoAdmin, instance.instanceArn);
    const unremovableIn = ctx.callerAccountId === ctx.managementAccountId ? undefined : ctx.managementAccountId;
    const decideUser = (user: IdentityCenterUser) =>
      decideIdentityCenterUser(
        user,
        {
          identityStoreId: instance.identityStoreId,
          partition: partitionOf(instance.instanceArn),
          lastSignIn: lastSignIn.get(user.id),
          markedDisabledAt: standingQuarantineStart(disabled.get(user.id), window.start),
          deletability: {
            assignments: assignments.byUser.get(user.id) ?? [],
            ...(unremovableIn ? { unremovableIn } : {}),
            unreadableAssignments: assignments.unreadable,
          },
        },
        ctx.ruleContext,
      );
    result.verdicts = users.map(decideUser);
    const actionable = result.verdicts.filter((verdict) => !verdict.excluded);
    result.plan = planAccount(instance.identityStoreId, actionable, users.length, ctx.planSettings, now);
    if (config.mode === 'report') return result;

    const standing = result.verdicts.filter((verdict) => verdict.inactive && !verdict.excluded && verdict.disabledAt);
    const warnings = store ? await recordChecks(ctx, store, standing.map((verdict) => disabled.get(verdict.userId)!)) : [];
    if (warnings.length > 0) result.warnings = [...(result.warnings ?? []), ...warnings];
    if (result.plan.actions.length === 0) return result;

    const byName = new Map(result.verdicts.map((verdict) => [verdict.userName, verdict]));
    const actor: UserActor = { ctx, store, ssoAdmin, identityStore, instance, region, assignments, decideUser };
    const perUser = await mapPool(
      result.plan.actions,
      ctx.userConcurrency,
      (action) => actOnIdentityCenterUser(action, byName.get(action.userName)!, actor),
      { shouldStart: ctx.mayStartUser, skipped: (action) => ({ ...action, status: 'skipped' as const, detail: 'the run ran out of time' }) },
    );
    result.outcomes = perUser;
    result.plan.scheduled = startedQuarantines(result.plan.scheduled, perUser, ctx.planSettings, now);
    return result;
  } catch (error) {
    return { ...result, status: 'failed', error: describeError(error) };
  }
}

interface UserActor {
  ctx: IdentityCenterContext;
  store?: IdentityCenterStore;
  ssoAdmin: SSOAdminClient;
  identityStore: IdentitystoreClient;
  instance: IdentityCenterInstance;
  region: string;
  assignments: AssignmentIndex;
  decideUser: (user: IdentityCenterUser) => IdentityCenterUserVerdict;
}

/** The CreateUser attributes of a described user: what restore needs to recreate it. */
function restorableAttributes(user: DescribeUserCommandOutput): Record<string, unknown> {
  return Object.fromEntries(createUserAttributes.filter((name) => user[name] !== undefined).map((name) => [name, user[name]]));
}

/**
 * Re-checks the user live and carries out its one action: record the quarantine start, or back it up and
 * delete it (assignments, group memberships, then the user). Never throws.
 */
async function actOnIdentityCenterUser(
  action: PlannedAction,
  verdict: IdentityCenterUserVerdict,
  actor: UserActor,
): Promise<ActionOutcome> {
  const { ctx, store, instance, identityStore, ssoAdmin } = actor;
  const storeId = instance.identityStoreId;
  const outcome = (status: ActionOutcome['status'], detail?: string, backupKey?: string): ActionOutcome => ({
    ...action,
    status,
    ...(detail ? { detail } : {}),
    ...(backupKey ? { backupKey } : {}),
  });

  let described: Awaited<ReturnType<typeof describeIdentityCenterUser>>;
  try {
    described = await describeIdentityCenterUser(identityStore, storeId, verdict.userId);
    if (!described) return outcome('skipped', 'the user no longer exists');
    const live = actor.decideUser({
      id: verdict.userId,
      userName: described.UserName ?? verdict.userName,
      ...(described.CreatedAt ? { created: described.CreatedAt } : {}),
    });
    const still = planUser(live, ctx.planSettings, ctx.now).actions.some((again) => again.kind === action.kind);
    if (!still) return outcome('skipped', `no longer holds on live state: ${live.reason}`);
  } catch (error) {
    return outcome('failed', `live re-check failed: ${describeError(error)}`);
  }
  if (!store) return outcome('failed', 'no report bucket is configured');

  if (action.kind === 'tag-disabled') {
    try {
      const state: DisabledState = { userId: verdict.userId, userName: verdict.userName, disabledAt: ctx.now.toISOString(), reason: action.reason };
      await store.writeState(state);
      return outcome('done');
    } catch (error) {
      return outcome('failed', `the quarantine start could not be recorded: ${describeError(error)}`);
    }
  }

  // Whether they allow a deletion was decided with the verdict (undeletableIdentityCenterUser).
  const assignments = actor.assignments.byUser.get(verdict.userId) ?? [];
  let backupLocation: string;
  let memberships;
  try {
    memberships = await listGroupMemberships(identityStore, storeId, verdict.userId);
    const backup: IdentityCenterUserBackup = {
      version: 1,
      kind: 'identity-center-user',
      region: actor.region,
      instanceArn: instance.instanceArn,
      identityStoreId: storeId,
      userId: verdict.userId,
      userName: verdict.userName,
      ...(described.CreatedAt ? { created: described.CreatedAt.toISOString() } : {}),
      savedAt: ctx.now.toISOString(),
      reason: action.reason,
      attributes: restorableAttributes(described),
      groupIds: memberships.map((membership) => membership.groupId),
      assignments,
    };
    backupLocation = await store.saveBackup(ctx.runId, backup);
  } catch (error) {
    return outcome('failed', `no backup, so nothing deleted: ${describeError(error)}`);
  }

  let step = 'account assignments';
  try {
    for (const assignment of assignments) {
      await deleteAccountAssignment(ssoAdmin, instance.instanceArn, verdict.userId, assignment, ctx.poll);
    }
    step = 'group memberships';
    for (const membership of memberships) await deleteGroupMembership(identityStore, storeId, membership.membershipId);
    step = 'user';
    await deleteIdentityCenterUser(identityStore, storeId, verdict.userId);
    return outcome('done', undefined, backupLocation);
  } catch (error) {
    return outcome('failed', `deleting ${step} of ${verdict.userName} failed: ${describeError(error)}`, backupLocation);
  }
}
