/**
 * The Identity Center sweep, in the account that administers it and with the caller's own credentials:
 * users and their last sign-in (CloudTrail, matched by user id), the same plan as for IAM users (modes,
 * quarantine, caps, circuit breaker), and acting per user after a live re-check. It refuses to judge
 * anyone when the sign-in record cannot be trusted.
 */
import type { AwsClients } from '../aws/clients';
import { lookupWindow, signInRecords } from '../aws/cloudtrail';
import { describeError } from '../aws/aws-errors';
import { IdentityCenterDirectory, type DescribedUser } from '../aws/identity-center-directory';
import type { AssignmentIndex, GroupMembership, IdentityCenterInstance, PollOptions } from '../aws/identity-center';
import { partitionOf } from '../aws/partition';
import type { RateLimiters } from '../aws/rate-limit';
import { decideIdentityCenterUser, standingQuarantineStart, type RecordedQuarantine } from '../engine/decide-identity-center';
import { planAccount, startedQuarantines, type PlanSettings } from '../engine/plan';
import { mapPool } from '../engine/pool';
import type { PrincipalKind } from '../engine/ports/principal-kind';
import type { DisabledState, IdentityCenterStore, ReportStore } from '../engine/ports/report-store';
import type { RuleContext } from '../engine/rules/context';
import { untrustedSignInSource } from '../engine/rules/sign-in-source';
import { unreadableTime, writtenTime } from '../engine/state-tags';
import { lastSignInByUser, successfulSignIns } from '../engine/sign-in-events';
import type { IdentityCenterResult, IdentityCenterUser, IdentityCenterUserBackup, IdentityCenterUserVerdict, SignIn, SweepConfig } from '../engine/types';
import { actOnUser } from './act-on-user';

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

/** The sign-ins of the inactivity window, or why they cannot be trusted to judge anyone by. */
async function readSignIns(
  ctx: IdentityCenterContext,
  directory: IdentityCenterDirectory,
  instance: IdentityCenterInstance,
  users: readonly IdentityCenterUser[],
): Promise<{ signIns: SignIn[]; counted: number; refusal?: string }> {
  const { inactiveDays } = ctx.config;
  const tooLong = untrustedSignInSource({ inactiveDays, userCount: users.length });
  if (tooLong) return { signIns: [], counted: 0, refusal: tooLong };
  const window = lookupWindow(ctx.now, inactiveDays);
  const region = directory.region;
  const records = await signInRecords(ctx.clients.cloudTrail(undefined, region), ctx.lookupLimiters.for(ctx.callerAccountId, region), window);
  const { signIns, unreadable } = successfulSignIns(records, instance.identityStoreId);
  const userIds = new Set(users.map((user) => user.id));
  const counted = signIns.filter((signIn) => userIds.has(signIn.userId)).length;
  const refusal = untrustedSignInSource({ inactiveDays, userCount: users.length, signIns: counted, unreadable });
  return { signIns, counted, ...(refusal ? { refusal } : {}) };
}

/** The decision for one user, from everything read about all of them; the live re-check decides by it too. */
function identityCenterDecider(
  ctx: IdentityCenterContext,
  instance: IdentityCenterInstance,
  facts: { signIns: SignIn[]; disabled: ReadonlyMap<string, RecordedState>; assignments: AssignmentIndex },
): (user: IdentityCenterUser) => IdentityCenterUserVerdict {
  const lastSignIn = lastSignInByUser(facts.signIns);
  const windowStart = lookupWindow(ctx.now, ctx.config.inactiveDays).start;
  const unremovableIn = ctx.callerAccountId === ctx.managementAccountId ? undefined : ctx.managementAccountId;
  return (user) =>
    decideIdentityCenterUser(
      user,
      {
        identityStoreId: instance.identityStoreId,
        partition: partitionOf(instance.instanceArn),
        lastSignIn: lastSignIn.get(user.id),
        markedDisabledAt: standingQuarantineStart(facts.disabled.get(user.id), windowStart),
        deletability: {
          assignments: facts.assignments.byUser.get(user.id) ?? [],
          ...(unremovableIn ? { unremovableIn } : {}),
          unreadableAssignments: facts.assignments.unreadable,
        },
      },
      ctx.ruleContext,
    );
}

/** Never throws: a failure is the section's result, and the rest of the run goes on. */
export async function sweepIdentityCenter(ctx: IdentityCenterContext): Promise<IdentityCenterResult> {
  const { config, now } = ctx;
  const region = config.identityCenterRegion ?? ctx.clients.settings.region;
  const result: IdentityCenterResult = { status: 'swept', region, userCount: 0, signIns: 0, verdicts: [], outcomes: [] };
  try {
    const directory = new IdentityCenterDirectory(ctx.clients.ssoAdmin(region), ctx.clients.identityStore(region), region, ctx.poll);
    const instance = await directory.findInstance();
    result.instanceArn = instance.instanceArn;
    result.identityStoreId = instance.identityStoreId;
    const users = await directory.listUsers(instance.identityStoreId);
    result.userCount = users.length;

    const { signIns, counted, refusal } = await readSignIns(ctx, directory, instance, users);
    result.signIns = counted;
    if (refusal) return { ...result, status: 'refused', refusal };

    const store = ctx.store?.identityCenter(instance.identityStoreId);
    const { states: disabled, unreadable: unreadableStates } = await readDisabledStates(store);
    if (unreadableStates.length > 0) result.warnings = unreadableStates;
    // Read in every mode, since they decide whether a user can be deleted: report mode then promises only
    // what delete mode does. Read after the sign-ins, as close to acting as deciding allows.
    const assignments = await directory.listUserAssignments(instance.instanceArn);
    const decideUser = identityCenterDecider(ctx, instance, { signIns, disabled, assignments });
    result.verdicts = users.map(decideUser);
    const actionable = result.verdicts.filter((verdict) => !verdict.excluded);
    result.plan = planAccount(instance.identityStoreId, actionable, users.length, ctx.planSettings, now);
    if (config.mode === 'report') return result;

    const standing = result.verdicts.filter((verdict) => verdict.inactive && !verdict.excluded && verdict.disabledAt);
    const warnings = store ? await recordChecks(ctx, store, standing.map((verdict) => disabled.get(verdict.userId)!)) : [];
    if (warnings.length > 0) result.warnings = [...(result.warnings ?? []), ...warnings];
    if (result.plan.actions.length === 0) return result;

    const byName = new Map(result.verdicts.map((verdict) => [verdict.userName, verdict]));
    const kind = identityCenterUsers({ ctx, store, directory, instance, assignments, byName, decideUser });
    const settings = { planSettings: ctx.planSettings, now };
    result.outcomes = await mapPool(result.plan.actions, ctx.userConcurrency, async (action) => (await actOnUser([action], kind, settings))[0], {
      shouldStart: ctx.mayStartUser,
      skipped: (action) => ({ ...action, status: 'skipped' as const, detail: 'the run ran out of time' }),
    });
    result.plan.scheduled = startedQuarantines(result.plan.scheduled, result.outcomes, ctx.planSettings, now);
    return result;
  } catch (error) {
    return { ...result, status: 'failed', error: describeError(error) };
  }
}

interface UserActor {
  ctx: IdentityCenterContext;
  store?: IdentityCenterStore;
  directory: IdentityCenterDirectory;
  instance: IdentityCenterInstance;
  assignments: AssignmentIndex;
  /** The verdicts the plan was made from, by user name. */
  byName: ReadonlyMap<string, IdentityCenterUserVerdict>;
  decideUser: (user: IdentityCenterUser) => IdentityCenterUserVerdict;
}

/** A user as the re-check described it; `memberships` are read by its backup, before it is deleted. */
interface IdentityCenterLive {
  planned: IdentityCenterUserVerdict;
  described: DescribedUser;
  memberships: GroupMembership[];
}

/**
 * Identity Center users, for the act stage: a user's one action records its quarantine start, or backs it
 * up and deletes it (assignments, group memberships, then the user). Whether its assignments allow a
 * deletion was decided with the verdict (undeletableIdentityCenterUser).
 */
function identityCenterUsers(actor: UserActor): PrincipalKind<IdentityCenterLive> {
  const { ctx, store, directory, instance } = actor;
  const storeId = instance.identityStoreId;
  const assignmentsOf = (userId: string) => actor.assignments.byUser.get(userId) ?? [];
  return {
    keepsBackups: Boolean(store),
    disablingAgain: [],
    async readLive(userName) {
      const planned = actor.byName.get(userName)!;
      const described = await directory.describeUser(storeId, planned.userId, planned.userName);
      return described && { planned, described, memberships: [] };
    },
    decide: async (live) => actor.decideUser(live.described.user),
    async backUp(live, actions) {
      const { planned, described } = live;
      live.memberships = await directory.listGroupMemberships(storeId, planned.userId);
      const backup: IdentityCenterUserBackup = {
        version: 1,
        kind: 'identity-center-user',
        region: directory.region,
        instanceArn: instance.instanceArn,
        identityStoreId: storeId,
        userId: planned.userId,
        userName: planned.userName,
        ...(described.user.created ? { created: described.user.created.toISOString() } : {}),
        savedAt: ctx.now.toISOString(),
        reason: actions.map((action) => action.reason).join('; '),
        attributes: described.attributes,
        groupIds: live.memberships.map((membership) => membership.groupId),
        assignments: assignmentsOf(planned.userId),
      };
      if (!store) throw new Error('no report bucket is configured');
      return store.saveBackup(ctx.runId, backup);
    },
    async perform(action, { planned, memberships }) {
      if (action.kind === 'tag-disabled') {
        const state: DisabledState = { userId: planned.userId, userName: planned.userName, disabledAt: ctx.now.toISOString(), reason: action.reason };
        await (store ?? noStore()).writeState(state).catch((error: unknown) => {
          throw new Error(`the quarantine start could not be recorded: ${describeError(error)}`, { cause: error });
        });
        return;
      }
      let step = 'account assignments';
      try {
        for (const assignment of assignmentsOf(planned.userId)) await directory.removeAssignment(instance, planned.userId, assignment);
        step = 'group memberships';
        for (const membership of memberships) await directory.removeGroupMembership(storeId, membership.membershipId);
        step = 'user';
        await directory.deleteUser(storeId, planned.userId);
      } catch (error) {
        throw new Error(`deleting ${step} of ${planned.userName} failed: ${describeError(error)}`, { cause: error });
      }
    },
  };
}

const noStore = (): never => {
  throw new Error('no report bucket is configured');
};
