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

const DAY_MS = 86_400_000;

/** Whole days from `then` to `now`, rounded down. */
export function daysSince(then: Date, now: Date): number {
  return Math.floor((now.getTime() - then.getTime()) / DAY_MS);
}

/** More than `days` days before `now`; exactly `days` days is not yet past. */
export function olderThan(then: Date, days: number, now: Date): boolean {
  return now.getTime() - then.getTime() > days * DAY_MS;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function newest(dates: readonly (Date | undefined)[]): Date | undefined {
  let best: Date | undefined;
  for (const date of dates) if (date && (!best || date > best)) best = date;
  return best;
}

export const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "143 days" */
export const days = (then: Date, now: Date) => plural(daysSince(then, now), 'day');
