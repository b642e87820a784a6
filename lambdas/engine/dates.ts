/** Day arithmetic on the run's time, and how a span of days is written in verdicts and reports. */

export const DAY_MS = 86_400_000;

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

/** "1 day", "3 days" */
export const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "143 days" */
export const days = (then: Date, now: Date) => plural(daysSince(then, now), 'day');
