/** What every verdict rule may read besides the user: the run's time and the configured thresholds. */
import type { TagMatch } from '../types';

export interface RuleContext {
  now: Date;
  inactiveDays: number;
  excludeTag: TagMatch;
  /** Name globs or user ARN globs from SWEEP_EXCLUDE_USERS. */
  excludeUsers: readonly string[];
  /** ARNs of the principals the sweep itself runs as. */
  protectedArns: readonly string[];
}
