/**
 * `npm run bench [-- options]`: the scale benchmark of issue #7 (bench/bench.ts; figures in bench/RESULTS.md).
 *
 *   --sizes 10,100,1000     organization sizes in accounts
 *   --users 100             IAM users per account
 *   --latency 20            milliseconds per call
 *   --rate 20               calls per second per account before throttling (0: unlimited)
 *   --concurrency 128       SWEEP_CONCURRENCY
 *   --seed 1                generator seed
 *   --baseline-budget 5     seconds of baseline per size before it is extrapolated (at least one account runs)
 *   --lambda-memory 512     a Lambda memory in MB: the V8 heap the sweep runs with here, and the first
 *                           "one invocation covers" line (the RSS target is 512 MB; the stack deploys 1,769)
 *   --no-bundle             do not build and weigh the Lambda bundle
 *
 * The sweep runs in this process with the V8 heap the Lambda runtime gives a function of that memory (its
 * bootstrap passes --max-semi-space-size=M/20 and --max-old-space-size=M-M/10), so that its peak RSS is the
 * one it would have there: with this machine's memory V8 would let garbage pile up far beyond 512 MB.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { renderResult, runBench, type BenchOptions } from './bench';

const DEFAULTS = {
  sizes: '10,100,1000',
  users: '100',
  latency: '20',
  rate: '20',
  concurrency: '128',
  seed: '1',
  'baseline-budget': '5',
  'lambda-memory': '512',
};

function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--${flag}=${JSON.stringify(text)} is not valid: use a whole number`);
  return Number(text);
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sizes: { type: 'string', default: DEFAULTS.sizes },
      users: { type: 'string', default: DEFAULTS.users },
      latency: { type: 'string', default: DEFAULTS.latency },
      rate: { type: 'string', default: DEFAULTS.rate },
      concurrency: { type: 'string', default: DEFAULTS.concurrency },
      seed: { type: 'string', default: DEFAULTS.seed },
      'baseline-budget': { type: 'string', default: DEFAULTS['baseline-budget'] },
      'lambda-memory': { type: 'string', default: DEFAULTS['lambda-memory'] },
      'no-bundle': { type: 'boolean', default: false },
    },
  });
  return {
    sizes: values.sizes.split(',').map((size) => wholeNumber('sizes', size.trim())),
    usersPerAccount: wholeNumber('users', values.users),
    latencyMs: wholeNumber('latency', values.latency),
    ratePerSecond: wholeNumber('rate', values.rate),
    concurrency: wholeNumber('concurrency', values.concurrency),
    seed: wholeNumber('seed', values.seed),
    baselineBudgetMs: wholeNumber('baseline-budget', values['baseline-budget']) * 1000,
    lambdaMemoryMb: wholeNumber('lambda-memory', values['lambda-memory']),
    weighBundle: !values['no-bundle'],
  };
}

/** The V8 flags the Lambda Node.js runtime's bootstrap derives from the function's memory. */
export function lambdaHeapFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}

const HEAP_MARK = 'IAM_SWEEP_BENCH_LAMBDA_HEAP';

/** Runs this script again under the Lambda's heap flags; returns its exit code, or undefined when this is that run. */
function rerunWithLambdaHeap(options: BenchOptions): number | undefined {
  if (process.env[HEAP_MARK]) return undefined;
  const flags = lambdaHeapFlags(options.lambdaMemoryMb).join(' ');
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [HEAP_MARK]: flags, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${flags}`.trim() },
  });
  return child.status ?? 1;
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const code = rerunWithLambdaHeap(options);
  if (code !== undefined) process.exit(code);
  const started = performance.now();
  const result = await runBench(options, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${renderResult(result).join('\n')}\n`);
  process.stdout.write(`(V8 heap as in a ${options.lambdaMemoryMb} MB Lambda: ${process.env[HEAP_MARK]}; `);
  process.stdout.write(`the bench took ${((performance.now() - started) / 60_000).toFixed(1)} minutes)\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
