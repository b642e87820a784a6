/** When the sweep runs: an EventBridge Scheduler expression, evaluated in UTC, at least weekly. */
import { z } from 'zod';
import { DEFAULT_SCHEDULE } from './defaults';
import { show, withDefault } from './field-kinds';

const CRON = /^cron\(\S+( \S+){5}\)$/;
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
/** The no-run alarm fires after 7 whole UTC days without a run: a rate schedule may not be longer. */
const MAX_RUN_INTERVAL_HOURS = 7 * 24;

/** Hours between runs of a rate expression; undefined for a cron expression. */
function rateHours(expression: string): number | undefined {
  const [, amount, unit] = RATE.exec(expression) ?? [];
  if (amount === undefined) return undefined;
  return Number(amount) * (unit.startsWith('day') ? 24 : unit.startsWith('hour') ? 1 : 1 / 60);
}

const notAnExpression = (input: unknown) =>
  `schedule ${show(input)} must be an EventBridge Scheduler expression such as ${DEFAULT_SCHEDULE} or rate(7 days)`;

export const scheduleSchema = withDefault(
  z.string({ error: (issue) => notAnExpression(issue.input) }).superRefine((expression, ctx) => {
    if (!CRON.test(expression) && !RATE.test(expression)) ctx.addIssue({ code: 'custom', message: notAnExpression(expression) });
    else if ((rateHours(expression) ?? 0) > MAX_RUN_INTERVAL_HOURS) {
      ctx.addIssue({
        code: 'custom',
        message:
          `schedule ${show(expression)} runs less often than weekly, so the iam-sweep-no-run alarm would fire between runs: ` +
          'use at most rate(7 days), or a weekly cron',
      });
    }
  }),
  DEFAULT_SCHEDULE,
);
