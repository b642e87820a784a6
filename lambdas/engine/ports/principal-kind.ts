/**
 * One kind of user the sweep acts on, as the act stage (lambdas/sweep/act-on-user.ts) sees it: IAM users
 * of a member account (lambdas/sweep/act.ts, over lambdas/aws/member-account.ts) and Identity Center users
 * (lambdas/sweep/identity-center.ts, over lambdas/aws/identity-center-directory.ts). Both go through the same
 * protocol: read again live, decide again, hold, back up, act in IAM's order.
 */
import type { ActionKind, PlannedAction, UserVerdict } from '../types';

export interface PrincipalKind<Live> {
  /** Whether destructive actions can be backed up (a report bucket is configured): without, none is tried. */
  readonly keepsBackups: boolean;
  /** What a user whose deletion no longer holds, but who is still inactive, gets at once: disabled again. */
  readonly disablingAgain: readonly ActionKind[];
  /**
   * Reads the user again; `whole`: everything its deletion saves, so that the backup is the same read as
   * the re-check. Undefined when the user no longer exists.
   */
  readLive(userName: string, whole: boolean): Promise<Live | undefined>;
  /** The verdict on the user as read live. */
  decide(live: Live): Promise<UserVerdict>;
  /** Why the user is kept from deletion after all (a recent CloudTrail event); undefined to go on. */
  holdDeletion?(userName: string): Promise<string | undefined>;
  /** Saves what `actions` delete of the user as read live, before any of it goes; returns where. */
  backUp(live: Live, actions: readonly PlannedAction[]): Promise<string>;
  /** Carries out one action; throws what went wrong. `verdict` is the live one. */
  perform(action: PlannedAction, live: Live, verdict: UserVerdict): Promise<void>;
}
