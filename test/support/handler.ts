/** Loads the esbuild bundle of the orchestrator, as Lambda runs it; `npm test` builds it first. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { handler as Handler } from '../../lambdas/orchestrator/handler';

export function loadBuiltHandler(): typeof Handler {
  const bundle = join(__dirname, '../../dist/orchestrator/index.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
  // The bundle is loaded at run time, as Lambda loads it: a static import would test the sources instead.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(bundle) as { handler: typeof Handler }).handler;
}
