import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { assertNoCopyleft, buildBundles, buildOrchestrator } from '../../scripts/build';

describe('orchestrator bundle', () => {
  let orchestratorDir: string;
  beforeAll(async () => {
    orchestratorDir = await buildOrchestrator();
  });

  test('is one file, without a source map', () => {
    // GIVEN the orchestrator built by scripts/build.ts
    // WHEN its directory is listed
    const files = readdirSync(orchestratorDir);

    // THEN it holds index.js and, at most, the extracted license notices
    expect(files.filter((file) => file !== 'index.js.LEGAL.txt')).toEqual(['index.js']);
    expect(readFileSync(join(orchestratorDir, 'index.js'), 'utf8')).not.toContain('sourceMappingURL');
  });

  test('carries its own AWS SDK clients', () => {
    // GIVEN the orchestrator built by scripts/build.ts
    // WHEN its code is read
    const code = readFileSync(join(orchestratorDir, 'index.js'), 'utf8');

    // THEN no SDK client is left for the Lambda runtime to provide
    expect(code).not.toMatch(/require\("@aws-sdk\/client-/);
  });

  test('exports the Lambda handler as CommonJS', () => {
    // GIVEN the orchestrator built by scripts/build.ts
    const file = join(orchestratorDir, 'index.js');

    // WHEN Node loads it
    const exported = execFileSync(process.execPath, ['-e', 'process.stdout.write(typeof require(process.argv[1]).handler)', file], {
      encoding: 'utf8',
    });

    // THEN it exports a handler function
    expect(exported).toBe('function');
  });
});

describe('copyleft guard', () => {
  test('a bundle that takes in the tests\' AGPL policy evaluator fails the build, naming it', async () => {
    // GIVEN a bundle of the tests' authorizer, which imports @cloud-copilot/iam-simulate (AGPL-3.0)
    const { metafile } = await build({
      entryPoints: [join(__dirname, '..', 'support', 'authorizer.ts')], bundle: true, platform: 'node', write: false, metafile: true, logLevel: 'silent',
    });

    // WHEN the build's guard reads it, THEN it refuses it
    expect(() => assertNoCopyleft('a test bundle', metafile)).toThrow(/a test bundle bundles copyleft code.*@cloud-copilot\/iam-simulate \(AGPL-3.0/);
  });

  test('neither product bundle holds iam-simulate', async () => {
    // GIVEN both bundles as scripts/build.ts writes them (it would have thrown on copyleft code)
    const { orchestratorDir, cliDir } = await buildBundles();

    // THEN neither carries the evaluator's code
    for (const dir of [orchestratorDir, cliDir]) expect(readFileSync(join(dir, 'index.js'), 'utf8')).not.toContain('iam-simulate');
  });
});
