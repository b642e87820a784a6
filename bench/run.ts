/**
 * `npm run bench [-- options]`: the scale benchmark of issue #7 (bench/bench.ts; figures in bench/RESULTS.md).
 *
 *   --sizes 10,100,1000     organization sizes in accounts
 *   --users 100             IAM users per account
 *   --latency 20            milliseconds per call
 *   --rate 20               calls per second per account before throttling (0: unlimited)
 *   --concurrency 128       SWEEP_CONCURRENCY (default: the engine's)
 *   --seed 1                generator seed
 *   --baseline-budget 5     seconds of baseline per size before it is extrapolated (at least one account runs)
 *   --lambda-memory 512     a Lambda memory in MB: the V8 heap the sweep runs with here, and the first
 *                           "one invocation covers" line (the RSS target is 512 MB; the stack deploys 1,769)
 *   --no-bundle             do not build and weigh the Lambda bundle
 *   --no-step-functions     do not run each mode through the Step Functions engine's stages as well
 *   --batch 25              accounts per batch of the Step Functions engine (ACCOUNTS_PER_BATCH)
 *   --map-concurrency 20    batches at once in each of its Distributed Maps (DEFAULT_MAX_CONCURRENCY)
 *   --authorize             every call judged by iam-simulate under the rollout's policies (slower simulator)
 *   --cpu-prof <dir>        write a V8 CPU profile of each measured sweep to <dir> (open in Chrome DevTools);
 *                           the profiler slows the sweeps, so their figures are not comparable
 *
 * Each measured sweep runs in a fresh process (bench/sweep-process.ts), as an invocation starts in one, with
 * the V8 heap the Lambda runtime gives a function of that memory (its bootstrap passes
 * --max-semi-space-size=M/20 and --max-old-space-size=M-M/10), so that its peak RSS is the one it would have
 * there: with this machine's memory V8 would let garbage pile up far beyond 512 MB.
 */
import { parseArgs } from 'node:util';
import { SETTINGS } from '../lambdas/engine/config';
import { ACCOUNTS_PER_BATCH } from '../lambdas/sweep/run-stage';
import { DEFAULT_MAX_CONCURRENCY } from '../stacks/sweep-state-machine-definition';
import { renderResult, runBench, type BenchOptions } from './bench';
import { lambdaHeapFlags } from './measure';

const DEFAULTS = {
  sizes: '10,100,1000',
  users: '100',
  latency: '20',
  rate: '20',
  concurrency: SETTINGS.concurrency.default,
  seed: '1',
  'baseline-budget': '5',
  'lambda-memory': '512',
  batch: String(ACCOUNTS_PER_BATCH),
  'map-concurrency': String(DEFAULT_MAX_CONCURRENCY),
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
      'no-step-functions': { type: 'boolean', default: false },
      batch: { type: 'string', default: DEFAULTS.batch },
      'map-concurrency': { type: 'string', default: DEFAULTS['map-concurrency'] },
      'cpu-prof': { type: 'string' },
      authorize: { type: 'boolean', default: false },
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
    ...(values['no-step-functions']
      ? {}
      : {
          stepFunctions: {
            accountsPerBatch: wholeNumber('batch', values.batch),
            mapConcurrency: wholeNumber('map-concurrency', values['map-concurrency']),
          },
        }),
    ...(values['cpu-prof'] ? { cpuProfileDir: values['cpu-prof'] } : {}),
    authorize: values.authorize,
  };
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const started = performance.now();
  const result = await runBench(options, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${renderResult(result).join('\n')}\n`);
  process.stdout.write(`(each sweep in a process of its own, with the V8 heap of a ${options.lambdaMemoryMb} MB Lambda: `);
  process.stdout.write(`${lambdaHeapFlags(options.lambdaMemoryMb).join(' ')}; the bench took ${((performance.now() - started) / 60_000).toFixed(1)} minutes)\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
