/**
 * Bundles the orchestrator Lambda and the CLI with esbuild, each into one file with its AWS SDK inside
 * (the Lambda runs the SDK version we tested, not the runtime's). Run `npx tsx scripts/build.ts`.
 */
import { chmodSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';

const projectDir = join(__dirname, '..');
export const ORCHESTRATOR_ENTRY = join(projectDir, 'lambdas/orchestrator/handler.ts');
export const CLI_ENTRY = join(projectDir, 'lambdas/cli/main.ts');
export const ORCHESTRATOR_DIR = join(projectDir, 'dist/orchestrator');
export const CLI_DIR = join(projectDir, 'dist/cli');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  // Keeps the dependencies' license notices next to the bundle instead of inside it.
  legalComments: 'external',
  logLevel: 'warning',
};

/** Builds dist/orchestrator/index.js, exporting `handler`; returns its directory (what synth needs). */
export async function buildOrchestrator(): Promise<string> {
  await build({ ...common, entryPoints: [ORCHESTRATOR_ENTRY], outfile: join(ORCHESTRATOR_DIR, 'index.js') });
  return ORCHESTRATOR_DIR;
}

/** Builds the executable dist/cli/index.js; returns its directory. */
export async function buildCli(): Promise<string> {
  const outfile = join(CLI_DIR, 'index.js');
  await build({ ...common, entryPoints: [CLI_ENTRY], outfile, banner: { js: '#!/usr/bin/env node' } });
  chmodSync(outfile, 0o755);
  return CLI_DIR;
}

/** Builds both bundles. */
export async function buildBundles(): Promise<{ orchestratorDir: string; cliDir: string }> {
  const [orchestratorDir, cliDir] = await Promise.all([buildOrchestrator(), buildCli()]);
  return { orchestratorDir, cliDir };
}

if (require.main === module) {
  buildBundles()
    .then(({ orchestratorDir, cliDir }) => {
      for (const file of [join(orchestratorDir, 'index.js'), join(cliDir, 'index.js')]) {
        const kib = (statSync(file).size / 1024).toFixed(1);
        console.log(`${relative(projectDir, file)}  ${kib} KiB`);
      }
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
