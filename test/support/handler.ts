/** Loads and invokes the esbuild bundle of the orchestrator, as Lambda runs it; `npm test` builds it first. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../lambdas/engine/types';
import type { handler as Handler } from '../../lambdas/orchestrator/handler';
import { BUCKET, TOPIC } from './org';
import type { TestSimulator } from './sim';

export function loadBuiltHandler(): typeof Handler {
  const bundle = join(__dirname, '../../dist/orchestrator/index.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
  // The bundle is loaded at run time, as Lambda loads it: a static import would test the sources instead.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(bundle) as { handler: typeof Handler }).handler;
}

/** The environment Lambda gives the handler: `base`, the simulator at `url` as the caller, the report topic and bucket, `settings` on top. */
export function handlerEnvironment(base: NodeJS.ProcessEnv, url: string, settings: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...base,
    AWS_ENDPOINT_URL: url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDCALLER',
    AWS_SECRET_ACCESS_KEY: 'secret',
    SWEEP_TOPIC_ARN: TOPIC,
    SWEEP_REPORT_BUCKET: BUCKET,
    ...settings,
  };
}

/**
 * Invokes the built handler against the simulator at `url`, as the caller, with the report topic and
 * bucket set and `settings` (SWEEP_* variables) on top; returns its result and its log lines.
 */
export async function invokeBuiltHandler(url: string, settings: Record<string, string> = {}, remainingMs?: () => number) {
  const handler = loadBuiltHandler();
  const saved = process.env;
  process.env = handlerEnvironment(saved, url, settings);
  const logs: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void logs.push(line));
  try {
    const result = await handler({}, remainingMs ? { getRemainingTimeInMillis: remainingMs } : undefined);
    return { result, logs };
  } finally {
    spy.mockRestore();
    process.env = saved;
  }
}

/** The JSON report of the simulator's latest run. */
export async function lastReport(sim: TestSimulator): Promise<RunReport> {
  const objects = (await sim.s3()).filter((o) => o.key.startsWith('reports/'));
  return JSON.parse(objects[objects.length - 1].body) as RunReport;
}
