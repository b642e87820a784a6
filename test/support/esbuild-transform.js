/**
 * Jest transforms TypeScript with esbuild (transpile only; `npm run typecheck` type-checks). esbuild is
 * already the Lambda's bundler, and its platform packages install cleanly with `npm ci`.
 */
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return { code, map };
  },
};
