/**
 * A small run of the benchmark through the same code path as `npm run bench`: the simulator in its own
 * process, the sweep through runSweep in report and delete mode, the baseline, the lower bound, the table.
 * The figures are checked for consistency, never for speed.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderResult, runBench, type BenchResult } from '../../bench/bench';
import { parseBenchArgs } from '../../bench/run';

let result: BenchResult;
let lines: string[];
const profiles = mkdtempSync(join(tmpdir(), 'iam-sweep-bench-prof-'));

beforeAll(async () => {
  result = await runBench({
    sizes: [3],
    usersPerAccount: 10,
    latencyMs: 1,
    ratePerSecond: 0,
    concurrency: 4,
    seed: 7,
    baselineBudgetMs: 0,
    weighBundle: false,
    lambdaMemoryMb: 512,
    cpuProfileDir: profiles,
    authorize: true,
  });
  lines = renderResult(result);
}, 120_000);

test('the table has a header and one row per mode for the organization', () => {
  const header = lines.findIndex((line) => line.startsWith('organization'));
  expect(lines[header]).toMatch(/wall +lower bound +wall\/LB +calls +fewest +calls\/acct +throttled +retried +CPU +peak RSS +baseline +baseline\/ours/);
  expect(lines[header + 2]).toMatch(/^3 × 10 +report /);
  expect(lines[header + 3]).toMatch(/^3 × 10 +delete /);
});

test('the figures are measured and consistent', () => {
  const [size] = result.sizes;
  for (const run of [size.report, size.delete]) {
    expect(run.calls.total).toBeGreaterThan(0);
    expect(run.bound.calls).toBeGreaterThan(0);
    expect(run.bound.seconds).toBeGreaterThan(0);
    expect(Number.isFinite(run.wallMs / 1000 / run.bound.seconds)).toBe(true);
    expect(run.peakRssBytes).toBeGreaterThan(0);
    expect(run.unexpectedFailures).toBe(0);
  }
  // Delete mode reads and deletes what report mode only reads.
  expect(size.delete.calls.total).toBeGreaterThan(size.report.calls.total);
  expect(size.delete.calls.deleteConflicts).toBe(0);
  expect(size.baseline.sampledAccounts).toBeGreaterThanOrEqual(1);
  expect(size.baseline.extrapolatedMs).toBeGreaterThan(0);
  expect(size.quietAccount.calls).toBeGreaterThan(0);
  expect(size.quietAccount.attempts).toBeGreaterThanOrEqual(size.quietAccount.calls);
});

test('under the rollout\'s policies nothing is refused but AssumeRole where the cleanup role is missing', () => {
  const [size] = result.sizes;
  for (const run of [size.report, size.delete]) {
    const refused = Object.keys(run.calls.denied).filter((key) => !/^sts:AssumeRole on arn:aws:iam::\d{12}:role\/IamSweepRole$/.test(key));
    expect(refused).toEqual([]);
  }
});

test('every target is printed as a pass or a miss', () => {
  const verdicts = lines.filter((line) => /^(PASS|MISS) /.test(line));
  expect(verdicts).toHaveLength(result.verdicts.length);
  expect(verdicts.map((line) => line.slice(6))).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^report mode, .* the lower bound/),
      expect.stringMatching(/faster than the baseline/),
      expect.stringMatching(/^an account with nothing to do/),
      expect.stringMatching(/DeleteConflict/),
      expect.stringMatching(/^peak RSS/),
    ]),
  );
});

test('a run smaller than the targets\' organization says where it judges them', () => {
  expect(lines).toContain(
    '(the targets are set at 1000 accounts × 100 users; this run judges them at its largest organization, 3 × 10, ' +
      'where some cannot be met: the baseline\'s ratio is capped by its size)',
  );
});

test('--cpu-prof writes a CPU profile of each measured sweep', () => {
  expect(parseBenchArgs(['--cpu-prof', profiles]).cpuProfileDir).toBe(profiles);
  expect(parseBenchArgs([]).cpuProfileDir).toBeUndefined();
  // The report and the delete sweep, each in a process of its own (a worker thread may write one too).
  expect(readdirSync(profiles).filter((name) => name.endsWith('.cpuprofile')).length).toBeGreaterThanOrEqual(2);
});
