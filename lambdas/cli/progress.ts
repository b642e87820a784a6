/**
 * Progress on stderr while the sweep runs, so that stdout carries only the report. On a terminal one
 * line updates in place; otherwise (CI logs, pipes) each account gets a plain line when it is done.
 */
import type { AccountResult } from '../engine/types';
import type { RunObserver } from '../sweep/run';

/** The stream progress goes to; only `write` and `isTTY` are used. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** One account's line, e.g. `account 333333333333 dev: swept, 12 users, 3 inactive`. */
export function describeAccount(result: AccountResult): string {
  const where = `account ${result.account.id} ${result.account.name}`;
  if (result.status !== 'swept') return `${where}: ${result.status}: ${result.error ?? 'no detail'}`;
  const inactive = result.verdicts.filter((v) => v.inactive && !v.excluded).length;
  const parts = [`${result.userCount} users`, `${inactive} inactive`];
  if (result.outcomes.length > 0) {
    const done = result.outcomes.filter((o) => o.status === 'done').length;
    const failed = result.outcomes.filter((o) => o.status === 'failed').length;
    parts.push(`${done} actions done`, ...(failed > 0 ? [`${failed} failed`] : []));
  }
  if (result.plan?.circuitBreaker) parts.push(`circuit breaker: ${result.plan.circuitBreaker}`);
  return `${where}: swept, ${parts.join(', ')}`;
}

/** A RunObserver that reports on `stream`; call `finish()` when the run is over to clear the live line. */
export function progressObserver(stream: ProgressStream): RunObserver & { finish(): void } {
  const live = Boolean(stream.isTTY);
  let total: number | undefined;
  let started = 0;
  let done = 0;
  let failed = 0;

  const statusLine = () =>
    `iam-sweep: accounts ${done}/${total ?? '?'} done${failed ? `, ${failed} not swept` : ''}, ${started - done} in progress`;
  const redraw = () => stream.write(`\r\x1b[K${statusLine()}`);
  const say = (line: string) => {
    if (live) stream.write(`\r\x1b[K${line}\n`);
    else stream.write(`${line}\n`);
    if (live) redraw();
  };

  return {
    accountsSelected(toSweep, skipped) {
      // Announced again at the end when accounts' own tags opted some out as their turn came.
      const again = total !== undefined;
      const optedOut = (total ?? toSweep) - toSweep;
      total = toSweep;
      const counts = `${total} account${total === 1 ? '' : 's'} to sweep, ${skipped} skipped`;
      if (live) redraw();
      else if (!again) say(counts);
      else say(`${optedOut} more opted out by ${optedOut === 1 ? 'its' : 'their'} own tag: ${counts} in all`);
    },
    log(level, message) {
      if (level !== 'info') say(`${level === 'warn' ? 'warning' : 'error'}: ${message}`);
    },
    accountStarted() {
      started++;
      if (live) redraw();
    },
    accountFinished(result) {
      done++;
      if (result.status !== 'swept') failed++;
      if (live) {
        if (result.status !== 'swept') say(describeAccount(result));
        else redraw();
      } else {
        say(describeAccount(result));
      }
    },
    finish() {
      if (live) stream.write(`\r\x1b[K${statusLine().replace(/, 0 in progress$/, '')}\n`);
    },
  };
}
