import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOrchestrator } from '../../scripts/build';

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
