/**
 * Bundles the orchestrator Lambda and the CLI with esbuild, each into one file with its AWS SDK inside
 * (the Lambda runs the SDK version we tested, not the runtime's). Run `npx tsx scripts/build.ts`.
 */
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import type { BuildOptions, Metafile } from 'esbuild';

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
  metafile: true,
};

/** GPL and AGPL, not LGPL: what the product (Apache-2.0) may never ship. */
const COPYLEFT = /(^|[^L])GPL/i;

/** The packages a bundle took code from, with their licences. */
function bundledPackages(metafile: Metafile): Map<string, string> {
  const packages = new Map<string, string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match || packages.has(match[1])) continue;
    const manifest = JSON.parse(readFileSync(join(projectDir, input.slice(0, match.index + match[0].length), 'package.json'), 'utf8')) as { license?: unknown };
    packages.set(match[1], String(manifest.license ?? 'unknown'));
  }
  return packages;
}

/**
 * Fails the build when a bundle holds a package under a copyleft licence, such as the tests' policy
 * evaluator @cloud-copilot/iam-simulate (AGPL-3.0): such a package may only be a devDependency of tests.
 */
export function assertNoCopyleft(bundle: string, metafile: Metafile | undefined): void {
  const found = [...bundledPackages(metafile!)].filter(([, license]) => COPYLEFT.test(license));
  if (found.length > 0) {
    throw new Error(`${bundle} bundles copyleft code, which the product (Apache-2.0) may not ship: ` +
      `${found.map(([name, license]) => `${name} (${license})`).join(', ')}`);
  }
}

/** Builds dist/orchestrator/index.js, exporting `handler`; returns its directory (what synth needs). */
export async function buildOrchestrator(): Promise<string> {
  const { metafile } = await build({ ...common, entryPoints: [ORCHESTRATOR_ENTRY], outfile: join(ORCHESTRATOR_DIR, 'index.js') });
  assertNoCopyleft('dist/orchestrator', metafile);
  return ORCHESTRATOR_DIR;
}

/** Builds the executable dist/cli/index.js; returns its directory. */
export async function buildCli(): Promise<string> {
  const outfile = join(CLI_DIR, 'index.js');
  const { metafile } = await build({ ...common, entryPoints: [CLI_ENTRY], outfile, banner: { js: '#!/usr/bin/env node' } });
  assertNoCopyleft('dist/cli', metafile);
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
