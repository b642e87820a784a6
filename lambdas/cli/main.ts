/** Entry point of `iam-sweep` (bundled into dist/cli/index.js; `npm run demo` runs it with tsx). */
import { main } from './cli';
import { processIo } from './io';

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`iam-sweep: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
