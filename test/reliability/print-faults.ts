/**
 * `npm run test:faults`: runs the fault campaign (the same cases as faults.test.ts) and prints the table:
 * case, faults injected, actions expected, done, reported, lost. Exits 1 when anything is lost or a check fails.
 */
import { renderTable, runCampaign } from './campaign';

async function main(): Promise<number> {
  const results = await runCampaign();
  process.stdout.write(renderTable(results));
  return results.some((r) => r.tally.lost.length > 0 || r.problems.length > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
