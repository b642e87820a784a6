/**
 * Acting on one user's planned actions. The user is re-read live first and decided again by the same
 * function; only planned actions that still hold are carried out. Nothing is deleted that was not saved
 * to the report bucket first: before the user itself is deleted its whole configuration (and the backup's
 * reads are the live re-check: one read of the user, not two); before a stale key or password of a user
 * who stays is deleted, those credentials as the live re-check read them. No backup, no deletion.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { readUserBackup, UserGoneError } from '../aws/backup';
import { deleteUserCompletely } from '../aws/deletion-sequence';
import { describeError } from '../aws/iam-errors';
import { deactivateAccessKey, deleteAccessKey, deleteLoginProfile, readLiveUser, tagUser, untagUser } from '../aws/member-iam';
import { decide, type RuleContext } from '../engine/decide';
import { passwordSetAt, type ReportRow } from '../engine/credential-report';
import type { AccountBackups } from '../engine/ports/report-store';
import { planUser, type PlanSettings } from '../engine/plan';
import { recentCloudTrailEvent } from '../engine/rules/recent-cloudtrail-event';
import { DISABLED_AT_TAG, isKeyClockTag, keyDisabledAtTag } from '../engine/state-tags';
import type {
  ActionKind,
  ActionOutcome,
  CredentialsBackup,
  PlannedAction,
  TrailEvent,
  UnrecordedCredential,
  UserBackup,
  UserState,
} from '../engine/types';
import { judgeLiveUser } from './judge';

export interface ActContext {
  iam: IAMClient;
  /** Where the account's user backups are kept; absent when no report bucket is configured. */
  backups?: AccountBackups;
  ruleContext: RuleContext;
  planSettings: PlanSettings;
  now: Date;
  /** The run's start time, as it names the run's objects in the bucket. */
  runId: string;
  /**
   * CloudTrail events by the user in the inactivity window, in every configured Region: any one keeps the
   * user from deletion. Absent when the cross-check is off.
   */
  cloudTrailEvents?: (userName: string) => Promise<TrailEvent[]>;
  /** The user's row of the account's credential report: its password_last_changed dates a reset password. */
  reportRow?: (userName: string) => ReportRow | undefined;
}

const DESTRUCTIVE: readonly ActionKind[] = ['delete-login-profile', 'delete-key', 'delete-user'];
/** The actions that take a user's access away; marking it disabled waits for all of them. */
const DISABLING: readonly ActionKind[] = ['deactivate-key', 'delete-key', 'delete-login-profile'];
/** What a user whose deletion no longer holds may still get at once: being disabled again. */
const DISABLING_AGAIN: readonly ActionKind[] = ['deactivate-key', 'delete-login-profile', 'tag-disabled'];
const ORDER: readonly ActionKind[] = ['deactivate-key', 'mark-key-disabled', 'delete-key', 'delete-login-profile', 'tag-disabled', 'delete-user'];

const sameAction = (a: PlannedAction, b: PlannedAction) => a.kind === b.kind && a.keyId === b.keyId;

/**
 * MFA serials recorded by earlier backups of this very user: those that hold its user id. A run that died
 * after deactivating a virtual device and before deleting it left the device unassigned: only an earlier
 * backup still names it. A backup of another user once of the same name (deleted, the name given again),
 * or one too old to hold a user id, may name another person's device: its serials are not used. The
 * deletion sequence still deletes a serial only while IAM lists it as unassigned.
 */
async function earlierMfaSerials(backups: AccountBackups, userName: string, userId: string | undefined): Promise<string[]> {
  if (userId === undefined) return [];
  const earlier = await backups.earlier(userName);
  return [...new Set(earlier.filter((backup) => backup.userId === userId).flatMap((backup) => backup.mfaSerials ?? []))];
}

/** What is saved before a deletion: the whole user when it is deleted, else the credentials deleted from it. */
type Saved = UserBackup | CredentialsBackup;

const isWholeUser = (saved: Saved): saved is UserBackup => !('kind' in saved);

/** The credentials of a user who stays, as the live re-check read them. */
function credentialsBackupOf(live: UserState, now: Date): CredentialsBackup {
  return {
    version: 1,
    kind: 'iam-credentials',
    accountId: live.accountId,
    userName: live.name,
    arn: live.arn,
    created: live.created.toISOString(),
    savedAt: now.toISOString(),
    reason: '',
    tags: live.tags ?? {},
    passwordLastUsed: live.passwordLastUsed?.toISOString(),
    loginProfile: live.password && { created: live.password.created.toISOString() },
    // A live read carries every key's id (ListAccessKeys); only the credential report lacks them.
    accessKeys: live.accessKeys.map((key) => ({
      id: key.id!,
      status: key.active ? 'Active' : 'Inactive',
      created: key.created.toISOString(),
      lastUsed: key.lastUsed?.toISOString(),
    })),
  };
}

/** The user as the backup's reads found it: what `decide` takes, as readLiveUser and judgeLiveUser would have read it. */
function liveStateOf(backup: UserBackup, reported: ReportRow | undefined): UserState {
  const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));
  // A key whose body (and so status) the backup lacks counts as active: its use is not recorded either.
  const sshStatus = new Map((backup.sshPublicKeys ?? []).map((key) => [key.id, key.status]));
  const unrecorded: UnrecordedCredential[] = [
    ...backup.sshPublicKeyIds.filter((id) => sshStatus.get(id) !== 'Inactive').map((id) => ({ kind: 'ssh-public-key' as const, id })),
    ...backup.serviceSpecificCredentials
      .filter((credential) => credential.status !== 'Inactive')
      .map(({ id, serviceName, expires }) => ({
        kind: 'service-specific-credential' as const,
        id,
        service: serviceName,
        ...(expires ? { expires: new Date(expires) } : {}),
      })),
  ];
  return {
    accountId: backup.accountId,
    name: backup.userName,
    arn: backup.arn,
    created: new Date(backup.created!),
    passwordLastUsed: date(backup.passwordLastUsed),
    password: backup.loginProfile ? { created: passwordSetAt(new Date(backup.loginProfile.created), reported) } : undefined,
    accessKeys: backup.accessKeys
      .map((key) => ({ id: key.id, active: key.status === 'Active', created: new Date(key.created!), lastUsed: date(key.lastUsed) }))
      .sort((a, b) => a.created.getTime() - b.created.getTime()),
    tags: backup.tags,
    unrecorded,
  };
}

/**
 * Carries out one action; the step functions treat NoSuchEntity as done. Deletions only follow a backup;
 * a user's deletion deletes what its backup names, and the leftover devices earlier backups of it name.
 *
 * `live.stays`: the live verdict keeps the user, so a key it deactivates gets a quarantine clock of its own.
 * An inactive user's keys go with the user, whose disabled-at tag covers them: a tag per key would only take
 * slots of IAM's 50 tags per user that the disabled-at tag needs, so marking the user removes the key clocks
 * it holds (`live.keyClocks`, from a time the user was in use). Without a clock a key that comes back into
 * use starts its quarantine anew: that never shortens one.
 */
async function perform(
  action: PlannedAction,
  ctx: ActContext,
  backup: Saved | undefined,
  earlierSerials: readonly string[],
  live: { stays: boolean; keyClocks: string[] },
): Promise<void> {
  const { iam, now } = ctx;
  const user = action.userName;
  const saved = () => {
    if (!backup) throw new Error('no backup, so nothing deleted');
    return backup;
  };
  switch (action.kind) {
    case 'deactivate-key':
      await deactivateAccessKey(iam, user, action.keyId!);
      if (!live.stays) return;
      await tagUser(iam, user, { [keyDisabledAtTag(action.keyId!)]: now.toISOString() }).catch((error: unknown) => {
        throw new Error(`the key is deactivated, but its quarantine clock is not: ${describeError(error)}`, { cause: error });
      });
      return;
    case 'mark-key-disabled':
      await tagUser(iam, user, { [keyDisabledAtTag(action.keyId!)]: now.toISOString() });
      return;
    case 'delete-key': {
      const { tags } = saved();
      await deleteAccessKey(iam, user, action.keyId!);
      // The key's quarantine clock goes with it; a key never disabled by the sweep has none to remove.
      if (keyDisabledAtTag(action.keyId!) in tags) await untagUser(iam, user, [keyDisabledAtTag(action.keyId!)]);
      return;
    }
    case 'delete-login-profile':
      saved();
      await deleteLoginProfile(iam, user);
      return;
    case 'tag-disabled':
      if (live.keyClocks.length > 0) await untagUser(iam, user, live.keyClocks);
      await tagUser(iam, user, { [DISABLED_AT_TAG]: now.toISOString() });
      return;
    case 'delete-user': {
      const whole = saved();
      if (!isWholeUser(whole)) throw new Error('only the credentials were saved, so the user is not deleted');
      await deleteUserCompletely(iam, whole, earlierSerials);
      return;
    }
  }
}

/** Re-checks the user live, backs it up when something is to be deleted, then acts. Never throws. */
export async function actOnUser(actions: readonly PlannedAction[], ctx: ActContext): Promise<ActionOutcome[]> {
  const { accountId, userName } = actions[0];
  const outcome = (action: PlannedAction, status: ActionOutcome['status'], detail?: string, backup?: string): ActionOutcome => ({
    ...action,
    status,
    ...(detail ? { detail } : {}),
    ...(backup ? { backupKey: backup } : {}),
  });

  let still: PlannedAction[];
  let backup: Saved | undefined;
  let live: UserState | undefined;
  const standing = { stays: true, keyClocks: [] as string[] };
  const outcomes: ActionOutcome[] = [];
  const backedUp = Boolean(ctx.backups) && actions.some((action) => DESTRUCTIVE.includes(action.kind));
  try {
    if (backedUp && actions.some((action) => action.kind === 'delete-user')) {
      const whole = await readUserBackup(ctx.iam, accountId, userName, '', ctx.now).catch((error: unknown) => {
        if (error instanceof UserGoneError) return undefined;
        throw error;
      });
      live = whole && liveStateOf(whole, ctx.reportRow?.(userName));
      backup = whole;
    } else {
      const read = await readLiveUser(ctx.iam, accountId, userName, undefined, ctx.reportRow?.(userName));
      live = read && (await judgeLiveUser(ctx.iam, read, ctx.ruleContext)).user;
      if (backedUp && live) backup = credentialsBackupOf(live, ctx.now);
    }
    if (!live) return actions.map((action) => outcome(action, 'skipped', 'the user no longer exists'));
    const verdict = decide(live, ctx.ruleContext);
    standing.stays = !verdict.inactive;
    standing.keyClocks = Object.keys(live.tags ?? {}).filter(isKeyClockTag);
    const replanned = planUser(verdict, ctx.planSettings, ctx.now).actions;
    still = actions.filter((action) => replanned.some((again) => sameAction(action, again)));
    for (const action of actions) {
      if (!still.includes(action)) outcomes.push(outcome(action, 'skipped', `no longer holds on live state: ${verdict.reason}`));
    }
    // Quarantine means disabled: a user the re-check before its deletion finds not disabled (a key turned back
    // on, a password still there) is disabled again now, as its verdict says, and its quarantine starts over.
    const deletionHeld = actions.some((action) => action.kind === 'delete-user') && !still.some((action) => action.kind === 'delete-user');
    if (deletionHeld && verdict.inactive) still.push(...replanned.filter((action) => DISABLING_AGAIN.includes(action.kind)));
  } catch (error) {
    return actions.map((action) => outcome(action, 'failed', `live re-check failed: ${describeError(error)}`));
  }

  if (ctx.cloudTrailEvents && still.some((action) => action.kind === 'delete-user')) {
    const deletion = still.filter((action) => action.kind === 'delete-user');
    let held: ActionOutcome[];
    try {
      const seen = recentCloudTrailEvent(await ctx.cloudTrailEvents(userName), ctx.ruleContext);
      held = seen ? deletion.map((action) => outcome(action, 'skipped', `kept: ${seen}`)) : [];
    } catch (error) {
      const reason = `the CloudTrail cross-check failed, so nothing was deleted: ${describeError(error)}`;
      held = deletion.map((action) => outcome(action, 'failed', reason));
    }
    outcomes.push(...held);
    if (held.length > 0) still = still.filter((action) => action.kind !== 'delete-user');
  }

  let backupLocation: string | undefined;
  let earlierSerials: string[] = [];
  if (still.some((action) => DESTRUCTIVE.includes(action.kind))) {
    try {
      if (!ctx.backups || !backup) throw new Error('no report bucket is configured');
      backup.reason = still.map((a) => a.reason).join('; ');
      if (isWholeUser(backup) && still.some((action) => action.kind === 'delete-user')) {
        earlierSerials = await earlierMfaSerials(ctx.backups, userName, backup.userId);
      }
      backupLocation = await ctx.backups.save(userName, ctx.runId, backup);
    } catch (error) {
      const reason = `no backup, so nothing deleted: ${describeError(error)}`;
      outcomes.push(...still.filter((a) => DESTRUCTIVE.includes(a.kind)).map((action) => outcome(action, 'failed', reason)));
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
      outcomes.push(outcome(action, 'failed', `not marked disabled, so no quarantine starts: ${what} failed`));
      continue;
    }
    try {
      await perform(action, ctx, backup, earlierSerials, standing);
      outcomes.push(outcome(action, 'done', undefined, DESTRUCTIVE.includes(action.kind) ? backupLocation : undefined));
    } catch (error) {
      // A deletion that failed part way (an SCP refusing DeleteUser after the keys went) points to what was saved.
      outcomes.push(outcome(action, 'failed', describeError(error), DESTRUCTIVE.includes(action.kind) ? backupLocation : undefined));
    }
  }
  return outcomes;
}
