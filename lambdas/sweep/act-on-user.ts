/**
 * The act stage, for any kind of user (lambdas/engine/ports/principal-kind.ts): the user is re-read live
 * and decided again by the same rules; only planned actions that still hold are carried out. Nothing is
 * deleted that was not saved to the report bucket first, and the backup is the same read as the re-check.
 */
import { describeError } from '../aws/iam-errors';
import { planUser, type PlanSettings } from '../engine/plan';
import type { PrincipalKind } from '../engine/ports/principal-kind';
import type { ActionKind, ActionOutcome, PlannedAction } from '../engine/types';

const DESTRUCTIVE: readonly ActionKind[] = ['delete-login-profile', 'delete-key', 'delete-user'];
/** The actions that take a user's access away; marking it disabled waits for all of them. */
const DISABLING: readonly ActionKind[] = ['deactivate-key', 'delete-key', 'delete-login-profile'];
const ORDER: readonly ActionKind[] = ['deactivate-key', 'mark-key-disabled', 'delete-key', 'delete-login-profile', 'tag-disabled', 'delete-user'];

const sameAction = (a: PlannedAction, b: PlannedAction) => a.kind === b.kind && a.keyId === b.keyId;

const outcomeOf = (action: PlannedAction, status: ActionOutcome['status'], detail?: string, backupKey?: string): ActionOutcome => ({
  ...action,
  status,
  ...(detail ? { detail } : {}),
  ...(backupKey ? { backupKey } : {}),
});

/** Re-checks the user live, backs it up when something is to be deleted, then acts. Never throws. */
export async function actOnUser<Live>(
  actions: readonly PlannedAction[],
  kind: PrincipalKind<Live>,
  settings: { planSettings: PlanSettings; now: Date },
): Promise<ActionOutcome[]> {
  const { userName } = actions[0];
  let still: PlannedAction[];
  let live: Live | undefined;
  let verdict;
  const outcomes: ActionOutcome[] = [];
  try {
    live = await kind.readLive(userName, kind.keepsBackups && actions.some((action) => action.kind === 'delete-user'));
    if (!live) return actions.map((action) => outcomeOf(action, 'skipped', 'the user no longer exists'));
    verdict = await kind.decide(live);
    const replanned = planUser(verdict, settings.planSettings, settings.now).actions;
    still = actions.filter((action) => replanned.some((again) => sameAction(action, again)));
    for (const action of actions) {
      if (!still.includes(action)) outcomes.push(outcomeOf(action, 'skipped', `no longer holds on live state: ${verdict.reason}`));
    }
    // Quarantine means disabled: a user the re-check before its deletion finds not disabled (a key turned back
    // on, a password still there) is disabled again now, as its verdict says, and its quarantine starts over.
    const deletionHeld = actions.some((action) => action.kind === 'delete-user') && !still.some((action) => action.kind === 'delete-user');
    if (deletionHeld && verdict.inactive) still.push(...replanned.filter((action) => kind.disablingAgain.includes(action.kind)));
  } catch (error) {
    return actions.map((action) => outcomeOf(action, 'failed', `live re-check failed: ${describeError(error)}`));
  }

  if (kind.holdDeletion && still.some((action) => action.kind === 'delete-user')) {
    const deletion = still.filter((action) => action.kind === 'delete-user');
    let held: ActionOutcome[];
    try {
      const kept = await kind.holdDeletion(userName);
      held = kept ? deletion.map((action) => outcomeOf(action, 'skipped', `kept: ${kept}`)) : [];
    } catch (error) {
      const reason = `the CloudTrail cross-check failed, so nothing was deleted: ${describeError(error)}`;
      held = deletion.map((action) => outcomeOf(action, 'failed', reason));
    }
    outcomes.push(...held);
    if (held.length > 0) still = still.filter((action) => action.kind !== 'delete-user');
  }

  let backupLocation: string | undefined;
  if (still.some((action) => DESTRUCTIVE.includes(action.kind))) {
    try {
      if (!kind.keepsBackups) throw new Error('no report bucket is configured');
      backupLocation = await kind.backUp(live, still);
    } catch (error) {
      const reason = `no backup, so nothing deleted: ${describeError(error)}`;
      outcomes.push(...still.filter((a) => DESTRUCTIVE.includes(a.kind)).map((action) => outcomeOf(action, 'failed', reason)));
      still = still.filter((action) => !DESTRUCTIVE.includes(action.kind));
    }
  }

  const ordered = [...still].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  for (const action of ordered) {
    // The quarantine clock starts only once the user has lost its access: a user whose key deactivation or
    // password deletion failed (an SCP, a throttled call, no backup) keeps that access and is not marked.
    const notDisabled = action.kind === 'tag-disabled' && outcomes.find((o) => o.status === 'failed' && DISABLING.includes(o.kind));
    if (notDisabled) {
      const what = notDisabled.keyId ? `${notDisabled.kind} of key …${notDisabled.keyId.slice(-4)}` : notDisabled.kind;
      outcomes.push(outcomeOf(action, 'failed', `not marked disabled, so no quarantine starts: ${what} failed`));
      continue;
    }
    const backupKey = DESTRUCTIVE.includes(action.kind) ? backupLocation : undefined;
    try {
      await kind.perform(action, live, verdict);
      outcomes.push(outcomeOf(action, 'done', undefined, backupKey));
    } catch (error) {
      // A deletion that failed part way (an SCP refusing DeleteUser after the keys went) points to what was saved.
      outcomes.push(outcomeOf(action, 'failed', describeError(error), backupKey));
    }
  }
  return outcomes;
}
