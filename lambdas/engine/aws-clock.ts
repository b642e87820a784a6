/**
 * The run's time is AWS's. The SDK silently corrects its own signing clock from AWS's answers, so a host
 * whose clock is days off still gets answers, and would judge every user by the wrong day: a host 100 days
 * ahead sees users who signed in 10 days ago as unused for 110.
 */
import { DAY_MS, plural } from './dates';

/** How far the host's clock may be from AWS's before the run takes AWS's time (AWS's own signing tolerance). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface ClockCorrection {
  /** Milliseconds to add to the host's time to get the run's time: 0 within the tolerance. */
  offsetMs: number;
  /** For the report, when the run used AWS's time instead of the host's. */
  warning?: string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

function duration(ms: number): string {
  const [amount, unit] = ms >= 2 * DAY_MS ? [ms / DAY_MS, 'day'] : ms >= 2 * HOUR_MS ? [ms / HOUR_MS, 'hour'] : [ms / MINUTE_MS, 'minute'];
  return plural(Math.round(amount), unit);
}

/**
 * The correction from the host's time to AWS's, both read at the same moment (AWS's from an answer's `Date`
 * header). Without AWS's time the host's stands.
 */
export function clockCorrection(hostTime: Date, awsTime: Date | undefined): ClockCorrection {
  if (!awsTime) return { offsetMs: 0 };
  const offsetMs = awsTime.getTime() - hostTime.getTime();
  if (Math.abs(offsetMs) <= MAX_CLOCK_SKEW_MS) return { offsetMs: 0 };
  const direction = offsetMs < 0 ? 'ahead of' : 'behind';
  return {
    offsetMs,
    warning:
      `this host's clock is ${duration(Math.abs(offsetMs))} ${direction} AWS's (host ${hostTime.toISOString()}, ` +
      `AWS ${awsTime.toISOString()}): the run used AWS's time, so inactivity is measured by AWS's clock`,
  };
}
