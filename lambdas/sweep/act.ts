/**
 * IAM users of a member account as a kind of user the act stage acts on (act-on-user.ts). Before the user
 * itself is deleted its whole configuration is saved (and the backup's reads are the live re-check: one read
 * of the user, not two); before a stale key or password of a user who stays is deleted, those credentials as
 * the live re-check read them. No backup, no deletion.
 */
import { UserGoneError } from '../aws/backup';
import { describeError } from '../aws/aws-errors';
import type { MemberAccountIam } from '../aws/member-account';
import { decide, type RuleContext } from '../engine/decide';
import { passwordSetAt, type ReportRow } from '../engine/credential-report';
import type { PrincipalKind } from '../engine/ports/principal-kind';
import type { AccountBackups } from '../engine/ports/report-store';
import { recentCloudTrailEvent } from '../engine/rules/recent-cloudtrail-event';
import { DISABLED_AT_TAG, isKeyClockTag, keyDisabledAtTag } from '../engine/state-tags';
import type { ActionKind, CredentialsBackup, PlannedAction, TrailEvent, UnrecordedCredential, UserBackup, UserState, UserVerdict } from '../engine/types';
import { decideLiveUser } from './decide-live';

export interface IamUsersContext {
  account: MemberAccountIam;
  /** Where the account's user backups are kept; absent when no report bucket is configured. */
  backups?: AccountBackups;
  ruleContext: RuleContext;
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

/** What a user whose deletion no longer holds may still get at once: being disabled again. */
const DISABLING_AGAIN: readonly ActionKind[] = ['deactivate-key', 'delete-login-profile', 'tag-disabled'];

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

/** The user as the backup's reads found it: what `decide` takes, as readLiveUser and decideLiveUser would have read it. */
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
 * A user as the re-check read it: `whole` when it was read as its deletion saves it. `saved` and
 * `earlierSerials` are filled in by the backup, before anything is deleted.
 */
interface IamLive {
  state: UserState;
  whole?: UserBackup;
  saved?: Saved;
  earlierSerials: readonly string[];
}

/**
 * The IAM users of one member account, for the act stage. Carrying out an action treats NoSuchEntity as
 * done. Deletions only follow a backup; a user's deletion deletes what its backup names, and the leftover
 * devices earlier backups of it name.
 *
 * A user the live verdict keeps gets a quarantine clock of its own for a key it deactivates. An inactive
 * user's keys go with the user, whose disabled-at tag covers them: a tag per key would only take slots of
 * IAM's 50 tags per user that the disabled-at tag needs, so marking the user removes the key clocks it
 * holds (from a time the user was in use). Without a clock a key that comes back into use starts its
 * quarantine anew: that never shortens one.
 */
export function iamUsers(ctx: IamUsersContext): PrincipalKind<IamLive> {
  const { account, now } = ctx;
  const saved = (live: IamLive) => {
    if (!live.saved) throw new Error('no backup, so nothing deleted');
    return live.saved;
  };
  return {
    keepsBackups: Boolean(ctx.backups),
    disablingAgain: DISABLING_AGAIN,
    async readLive(userName, whole) {
      if (whole) {
        const backup = await account.readUserBackup(userName, now).catch((error: unknown) => {
          if (error instanceof UserGoneError) return undefined;
          throw error;
        });
        return backup && { state: liveStateOf(backup, ctx.reportRow?.(userName)), whole: backup, earlierSerials: [] };
      }
      const state = await account.readLiveUser(userName, undefined, ctx.reportRow?.(userName));
      return state && { state, earlierSerials: [] };
    },
    async decide(live) {
      if (live.whole) return decide(live.state, ctx.ruleContext);
      const decided = await decideLiveUser(account.readUnrecordedCredentials, live.state, ctx.ruleContext);
      live.state = decided.user;
      return decided.verdict;
    },
    ...(ctx.cloudTrailEvents
      ? { holdDeletion: async (userName: string) => recentCloudTrailEvent(await ctx.cloudTrailEvents!(userName), ctx.ruleContext) }
      : {}),
    async backUp(live, actions) {
      const backup: Saved = live.whole ?? credentialsBackupOf(live.state, now);
      backup.reason = actions.map((action) => action.reason).join('; ');
      if (live.whole && actions.some((action) => action.kind === 'delete-user')) {
        live.earlierSerials = await earlierMfaSerials(ctx.backups!, live.state.name, live.whole.userId);
      }
      const location = await ctx.backups!.save(live.state.name, ctx.runId, backup);
      live.saved = backup;
      return location;
    },
    async perform(action: PlannedAction, live: IamLive, verdict: UserVerdict) {
      const user = action.userName;
      switch (action.kind) {
        case 'deactivate-key':
          await account.deactivateAccessKey(user, action.keyId!);
          if (verdict.inactive) return;
          await account.tagUser(user, { [keyDisabledAtTag(action.keyId!)]: now.toISOString() }).catch((error: unknown) => {
            throw new Error(`the key is deactivated, but its quarantine clock is not: ${describeError(error)}`, { cause: error });
          });
          return;
        case 'mark-key-disabled':
          await account.tagUser(user, { [keyDisabledAtTag(action.keyId!)]: now.toISOString() });
          return;
        case 'delete-key': {
          const { tags } = saved(live);
          await account.deleteAccessKey(user, action.keyId!);
          // The key's quarantine clock goes with it; a key never disabled by the sweep has none to remove.
          if (keyDisabledAtTag(action.keyId!) in tags) await account.untagUser(user, [keyDisabledAtTag(action.keyId!)]);
          return;
        }
        case 'delete-login-profile':
          saved(live);
          await account.deleteLoginProfile(user);
          return;
        case 'tag-disabled': {
          const keyClocks = Object.keys(live.state.tags ?? {}).filter(isKeyClockTag);
          if (keyClocks.length > 0) await account.untagUser(user, keyClocks);
          await account.tagUser(user, { [DISABLED_AT_TAG]: now.toISOString() });
          return;
        }
        case 'delete-user': {
          const whole = saved(live);
          if (!isWholeUser(whole)) throw new Error('only the credentials were saved, so the user is not deleted');
          await account.deleteUserCompletely(whole, live.earlierSerials);
          return;
        }
      }
    },
  };
}
