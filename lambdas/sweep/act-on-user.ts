/**
 * The act stage, for any kind of user (lambdas/engine/ports/principal-kind.ts), in four steps: re-check
 * (the user read again live and decided again by the same rules: only planned actions that still hold go
 * on), hold (the CloudTrail cross-check before a deletion), back up (nothing is deleted that was not saved
 * first, and the backup is the same read as the re-check), act (in IAM's order).
 */
import { describeError } from '../aws/aws-errors';
import { planUser, type PlanSettings } from '../engine/plan';
import type { PrincipalKind } from '../engine/ports/principal-kind';
import type { ActionKind, ActionOutcome, PlannedAction, UserVerdict } from '../engine/types';

const DESTRUCTIVE: readonly ActionKind[] = ['delete-login-profile', 'delete-key', 'delete-user'];
/** The actions that take a user's access away; marking it disabled waits for all of them. */
const DISABLING: readonly ActionKind[] = ['deactivate-key', 'delete-key', 'delete-login-profile'];
const ORDER: readonly ActionKind[] = ['deactivate-key', 'mark-key-disabled', 'delete-key', 'delete-login-profile', 'tag-disabled', 'delete-user'];

const sameAction = (a: PlannedAction, b: PlannedAction) => a.kind === b.kind && a.keyId === b.keyId;
const isDeletion = (action: PlannedAction) => action.kind === 'delete-user';
const isDestructive = (action: PlannedAction) => DESTRUCTIVE.includes(action.kind);

const outcomeOf = (action: PlannedAction, status: ActionOutcome['status'], detail?: string, backupKey?: string): ActionOutcome => ({
  ...action,
  status,
  ...(detail ? { detail } : {}),
  ...(backupKey ? { backupKey } : {}),
});

/** A user on its way through the steps: what is still to be done, and what has been settled. */
interface Acting<Live> {
  live: Live;
  verdict: UserVerdict;
  still: PlannedAction[];
  outcomes: ActionOutcome[];
  backupLocation?: string;
}

type Settings = { planSettings: PlanSettings; now: Date };

/** Re-checks the user live, backs it up when something is to be deleted, then acts. Never throws. */
export async function actOnUser<Live>(actions: readonly PlannedAction[], kind: PrincipalKind<Live>, settings: Settings): Promise<ActionOutcome[]> {
  let acting: Acting<Live> | ActionOutcome[];
  try {
    acting = await recheck(actions, kind, settings);
  } catch (error) {
    return actions.map((action) => outcomeOf(action, 'failed', `live re-check failed: ${describeError(error)}`));
  }
  if (Array.isArray(acting)) return acting;
  await hold(acting, kind);
  await backUp(acting, kind);
  await act(acting, kind);
  return acting.outcomes;
}

/**
 * The user read again and decided again: the planned actions that still hold, the others skipped. All of
 * them skipped when the user is gone.
 */
async function recheck<Live>(actions: readonly PlannedAction[], kind: PrincipalKind<Live>, settings: Settings): Promise<Acting<Live> | ActionOutcome[]> {
  const live = await kind.readLive(actions[0].userName, kind.keepsBackups && actions.some(isDeletion));
  if (!live) return actions.map((action) => outcomeOf(action, 'skipped', 'the user no longer exists'));
  const verdict = await kind.decide(live);
  const replanned = planUser(verdict, settings.planSettings, settings.now).actions;
  const still = actions.filter((action) => replanned.some((again) => sameAction(action, again)));
  const outcomes = actions
    .filter((action) => !still.includes(action))
    .map((action) => outcomeOf(action, 'skipped', `no longer holds on live state: ${verdict.reason}`));
  // Quarantine means disabled: a user the re-check before its deletion finds not disabled (a key turned back
  // on, a password still there) is disabled again now, as its verdict says, and its quarantine starts over.
  const deletionHeld = actions.some(isDeletion) && !still.some(isDeletion);
  if (deletionHeld && verdict.inactive) still.push(...replanned.filter((action) => kind.disablingAgain.includes(action.kind)));
  return { live, verdict, still, outcomes };
}

/** The kind's last word before a deletion (the CloudTrail cross-check): a deletion it holds is skipped, or failed when it cannot tell. */
async function hold<Live>(acting: Acting<Live>, kind: PrincipalKind<Live>): Promise<void> {
  const deletion = acting.still.filter(isDeletion);
  if (!kind.holdDeletion || deletion.length === 0) return;
  let held: ActionOutcome[];
  try {
    const kept = await kind.holdDeletion(deletion[0].userName);
    held = kept ? deletion.map((action) => outcomeOf(action, 'skipped', `kept: ${kept}`)) : [];
  } catch (error) {
    const reason = `the CloudTrail cross-check failed, so nothing was deleted: ${describeError(error)}`;
    held = deletion.map((action) => outcomeOf(action, 'failed', reason));
  }
  acting.outcomes.push(...held);
  if (held.length > 0) acting.still = acting.still.filter((action) => !isDeletion(action));
}

/** Saves what the destructive actions will delete; without a backup they fail and the rest goes on. */
async function backUp<Live>(acting: Acting<Live>, kind: PrincipalKind<Live>): Promise<void> {
  if (!acting.still.some(isDestructive)) return;
  try {
    if (!kind.keepsBackups) throw new Error('no report bucket is configured');
    acting.backupLocation = await kind.backUp(acting.live, acting.still);
  } catch (error) {
    const reason = `no backup, so nothing deleted: ${describeError(error)}`;
    acting.outcomes.push(...acting.still.filter(isDestructive).map((action) => outcomeOf(action, 'failed', reason)));
    acting.still = acting.still.filter((action) => !isDestructive(action));
  }
}

/** Carries out what is still to be done, in IAM's order; each action's failure is its outcome. */
async function act<Live>(acting: Acting<Live>, kind: PrincipalKind<Live>): Promise<void> {
  const { outcomes } = acting;
  const ordered = [...acting.still].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  for (const action of ordered) {
    // The quarantine clock starts only once the user has lost its access: a user whose key deactivation or
    // password deletion failed (an SCP, a throttled call, no backup) keeps that access and is not marked.
    const notDisabled = action.kind === 'tag-disabled' && outcomes.find((o) => o.status === 'failed' && DISABLING.includes(o.kind));
    if (notDisabled) {
      const what = notDisabled.keyId ? `${notDisabled.kind} of key …${notDisabled.keyId.slice(-4)}` : notDisabled.kind;
      outcomes.push(outcomeOf(action, 'failed', `not marked disabled, so no quarantine starts: ${what} failed`));
      continue;
    }
    const backupKey = isDestructive(action) ? acting.backupLocation : undefined;
    try {
      await kind.perform(action, acting.live, acting.verdict);
      outcomes.push(outcomeOf(action, 'done', undefined, backupKey));
    } catch (error) {
      // A deletion that failed part way (an SCP refusing DeleteUser after the keys went) points to what was saved.
      outcomes.push(outcomeOf(action, 'failed', describeError(error), backupKey));
    }
  }
}
