/**
 * The decision on an Identity Center user: the same shape of verdict as an IAM user's, so that the plan
 * (modes, quarantine, caps, circuit breaker) and the report treat both alike. Pure.
 */
import { quarantineStart } from './decide';
import type { RuleContext } from './rules/context';
import { excludedIdentityCenterUser } from './rules/excluded-identity-center-user';
import { inactiveIdentityCenterUser } from './rules/inactive-identity-center-user';
import { undeletableIdentityCenterUser, type DeletabilityFacts } from './rules/undeletable-identity-center-user';
import type { IdentityCenterUser, IdentityCenterUserVerdict } from './types';

export interface IdentityCenterFacts {
  identityStoreId: string;
  /** The instance's partition, which the user's ARN is written in (default `aws`). */
  partition?: string;
  /** The user's newest successful sign-in in the window, matched by user id. */
  lastSignIn?: Date;
  /** When iam-sweep recorded the user as disabled (its state object in the report bucket). */
  markedDisabledAt?: Date;
  /**
   * Its assignments and what the sweep may remove, read in every mode: an inactive user the sweep cannot
   * delete whole is left alone (excluded), so that report, disable and delete modes say the same.
   */
  deletability: DeletabilityFacts;
}

/** `arn:<partition>:identitystore:::user/<id>`, as IAM policies name identity store users. */
export const identityStoreUserArn = (userId: string, partition = 'aws') => `arn:${partition}:identitystore:::user/${userId}`;

/** A quarantine start iam-sweep recorded (its state object), and the last run that found it still standing. */
export interface RecordedQuarantine {
  disabledAt: Date;
  checkedAt?: Date;
}

/**
 * The recorded quarantine start, while it still stands: sign-ins are known only for this run's window, so
 * the quarantine counts only when the last check (or the start) is inside it, and the windows of the runs
 * since the start have left no day unseen. Otherwise a user who signed in in such a gap and then went quiet
 * again would be deleted the first time it is seen inactive; its quarantine starts again instead.
 */
export function standingQuarantineStart(recorded: RecordedQuarantine | undefined, windowStart: Date): Date | undefined {
  if (!recorded) return undefined;
  const { disabledAt, checkedAt } = recorded;
  const lastSeen = checkedAt && checkedAt > disabledAt ? checkedAt : disabledAt;
  return lastSeen >= windowStart ? disabledAt : undefined;
}

/** Decides one user. A rule that throws makes the user excluded with the error as reason: never acted on. */
export function decideIdentityCenterUser(
  user: IdentityCenterUser,
  facts: IdentityCenterFacts,
  ctx: Pick<RuleContext, 'now' | 'inactiveDays' | 'excludeUsers'>,
): IdentityCenterUserVerdict {
  const base = {
    accountId: facts.identityStoreId,
    userName: user.userName,
    userId: user.id,
    arn: identityStoreUserArn(user.id, facts.partition),
    ...(user.displayName ? { displayName: user.displayName } : {}),
    credentials: [],
  };
  try {
    const excluded = excludedIdentityCenterUser(user, ctx.excludeUsers);
    if (excluded) return { ...base, excluded, inactive: false, reason: excluded };
    const activity = inactiveIdentityCenterUser(user, facts.lastSignIn, ctx);
    const undeletable = activity.inactive ? undeletableIdentityCenterUser(facts.deletability) : undefined;
    if (undeletable) {
      const reason = `inactive (${activity.reason}), but ${undeletable}`;
      return { ...base, excluded: reason, inactive: true, lastActivity: activity.lastActivity, reason };
    }
    return {
      ...base,
      inactive: activity.inactive,
      lastActivity: activity.lastActivity,
      reason: activity.reason,
      disabledAt: activity.inactive ? quarantineStart(facts.markedDisabledAt, activity.lastActivity) : undefined,
    };
  } catch (error) {
    const reason = `not evaluated, so left alone: ${error instanceof Error ? error.message : String(error)}`;
    return { ...base, excluded: reason, inactive: false, reason };
  }
}
