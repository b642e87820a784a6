/**
 * Writes the vendored models: `npx tsx sim/models/vendor-cli.ts [path/to/aws-models]`. Kept apart from
 * vendor.ts so that no bundle which includes the simulator ever runs it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR, VENDORED_SERVICES, vendoredModelText } from './vendor';

const modelsDir = process.argv[2] ?? DEFAULT_MODELS_DIR;
for (const service of VENDORED_SERVICES) {
  const text = vendoredModelText(service, modelsDir);
  writeFileSync(join(__dirname, `${service}.json`), text);
  process.stdout.write(`sim/models/${service}.json: ${text.length} bytes\n`);
}
