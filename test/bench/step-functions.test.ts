/**
 * The benchmark's Step Functions rows: the run through the engine's stages on a small organization, and
 * the model that lays the batches out at the map's concurrency.
 */
import { runBench, renderResult, type BenchResult } from '../../bench/bench';
import { makespan, stateTransitions } from '../../bench/step-functions';

let result: BenchResult;

beforeAll(async () => {
  result = await runBench({
    sizes: [4],
    usersPerAccount: 8,
    latencyMs: 1,
    ratePerSecond: 0,
    concurrency: 4,
    seed: 3,
    baselineBudgetMs: 0,
    weighBundle: false,
    lambdaMemoryMb: 512,
    stepFunctions: { accountsPerBatch: 2, mapConcurrency: 2 },
  });
}, 180_000);

test('each mode also runs through the stages, batch by batch, and deletes what the single invocation deletes', () => {
  const [size] = result.sizes;
  const staged = size.staged!;
  for (const mode of ['report', 'delete'] as const) {
    const stages = staged[mode].stages!.map((time) => time.stage);
    expect(stages[0]).toBe('discover');
    expect(stages.at(-1)).toBe('finish');
    expect(stages.filter((stage) => stage === 'plan')).toHaveLength(staged[mode].model!.batches);
    expect(staged[mode].unexpectedFailures).toBe(0);
  }
  expect(staged.delete.usersDeleted).toBe(size.delete.usersDeleted);
  expect(staged.delete.model!.wallSeconds).toBeLessThanOrEqual(staged.delete.wallMs / 1000);
});

test('the table prints a modeled row per mode, and the model line says what it is made of', () => {
  const lines = renderResult(result);
  expect(lines.filter((line) => /^4 × 8 +(report|delete) \(step functions, modeled\)/.test(line))).toHaveLength(2);
  expect(lines.some((line) => /4 accounts, delete: \d+ batches of 2 accounts, 2 at once: discover .* state transitions/.test(line))).toBe(true);
});

test('batches are laid out on the free slot first, in order', () => {
  expect(makespan([3, 1, 1, 1], 2)).toBe(3);
  expect(makespan([1, 1, 1], 1)).toBe(3);
  expect(makespan([], 4)).toBe(0);
  expect(stateTransitions(40)).toBe(89);
});
