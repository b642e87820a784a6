/**
 * The report bucket as the sweep sees it: what a run writes there (its report, user backups, the state it
 * leaves for the next run) and reads back, named by meaning rather than by key. The adapter
 * (lambdas/aws/report-bucket.ts) owns the bucket's keys, its SDK client and the permissions its calls need.
 */
import type { CredentialsBackup, IdentityCenterUserBackup, RunReport, UserBackup } from '../types';

export interface ReportStore {
  /** Writes the run's full JSON report; returns where it is (`s3://…`). */
  writeReport(report: RunReport): Promise<string>;
  /** The backups of one account's IAM users. */
  accountBackups(accountId: string): AccountBackups;
  /** What the Identity Center sweep keeps for one identity store. */
  identityCenter(identityStoreId: string): IdentityCenterStore;
  /** The ids of the accounts the last run did not reach; none when no run recorded any. */
  readNotReached(): Promise<string[]>;
  /** Records the ids this run did not reach (an empty list when it reached them all). */
  writeNotReached(runId: string, accountIds: readonly string[]): Promise<void>;
  /** Writes one part of a run spread over several invocations (JSON text). */
  putRunPart(runId: string, part: RunPart, json: string): Promise<void>;
  /** One part of a run as written; undefined when it never was (its stage failed or did not run). */
  getRunPart(runId: string, part: RunPart): Promise<string | undefined>;
}

/**
 * What the stages of a run spread over several invocations (the Step Functions engine) hand on to each
 * other: never a credential, and never in a payload, which Step Functions limits to 256 KiB.
 */
export type RunPart =
  /** What discovery found (lambdas/sweep/discover.ts DiscoveredRun) and how the accounts are batched. */
  | { kind: 'run' }
  /** The plans of one batch's accounts. */
  | { kind: 'plans'; batch: number }
  /** What each account may do after the organization's brakes. */
  | { kind: 'brakes' }
  /** The results of one batch's accounts once acted on. */
  | { kind: 'results'; batch: number }
  | { kind: 'identity-center' }
  /** The run's report once Finish delivered it: a Finish that runs again does not email again. */
  | { kind: 'report' };

/** One account's user backups. The account's earlier backups are listed once, for all its users. */
export interface AccountBackups {
  /** The backups earlier runs saved of users of this name (any user once of that name). */
  earlier(userName: string): Promise<UserBackup[]>;
  /** Saves what is about to be deleted of the user; returns where it is. */
  save(userName: string, runId: string, backup: UserBackup | CredentialsBackup): Promise<string>;
}

/** An Identity Center user's quarantine, as the store keeps it: the identity store has no tags. */
export interface DisabledState {
  userId: string;
  userName: string;
  disabledAt: string;
  reason: string;
  /**
   * The last acting run that found the user still without a sign-in since `disabledAt` (absent: none since
   * then). The quarantine stands while each such run's sign-in window reaches back to the one before.
   */
  checkedAt?: string;
}

/** A stored object as read back, unchecked: the reader decides what of it counts. */
export interface StoredObject {
  /** Where it is, for messages (`s3://…`). */
  location: string;
  value: unknown;
}

export interface IdentityCenterStore {
  readStates(): Promise<StoredObject[]>;
  writeState(state: DisabledState): Promise<void>;
  /** Saves the user before it is deleted; returns where it is. */
  saveBackup(runId: string, backup: IdentityCenterUserBackup): Promise<string>;
}
