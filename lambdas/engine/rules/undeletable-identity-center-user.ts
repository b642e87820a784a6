import type { AccountAssignment } from '../types';

/** What decides whether the sweep can delete an Identity Center user whole. */
export interface DeletabilityFacts {
  /** The user's direct account assignments. */
  assignments: readonly AccountAssignment[];
  /**
   * The management account, when the sweep runs as the delegated administrator, which cannot remove
   * assignments there (undefined when it runs in the management account itself).
   */
  unremovableIn?: string;
  /** Places whose assignments could not be read: no user's backup could be known to be whole. */
  unreadableAssignments: readonly string[];
}

/**
 * Why an Identity Center user cannot be deleted whole, if it cannot: an assignment the sweep may not remove
 * (the management account, for a delegated administrator), or assignments it could not read, so that its
 * backup would be incomplete. Such a user is left alone in every mode, so that report mode promises only
 * what delete mode does.
 */
export function undeletableIdentityCenterUser(facts: DeletabilityFacts): string | undefined {
  const { unremovableIn } = facts;
  if (unremovableIn && facts.assignments.some((assignment) => assignment.accountId === unremovableIn)) {
    return (
      `it has an account assignment in the management account ${unremovableIn}, which a delegated administrator ` +
      'cannot remove, so it is left whole. Remove that assignment from the management account; the next run acts on the user'
    );
  }
  if (facts.unreadableAssignments.length > 0) {
    return (
      `the assignments of ${facts.unreadableAssignments.join('; ')} could not be read, so its backup would be incomplete ` +
      'and it is left whole. Grant the sweep those reads (or run it in the management account)'
    );
  }
  return undefined;
}
