import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'cdktf.out/', '.gen/', 'coverage/', 'bench/out/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', {
        paths: [{ name: '@cdktf/provider-aws', message: 'Import each resource from @cdktf/provider-aws/lib/<resource>.' }],
      }],
    },
  },
  {
    // The pipeline, restore and the pure core reach AWS only through the adapters in lambdas/aws/, which own
    // every SDK client (and declare what each call needs).
    files: ['lambdas/sweep/**/*.ts', 'lambdas/restore/**/*.ts', 'lambdas/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@cdktf/provider-aws', message: 'Import each resource from @cdktf/provider-aws/lib/<resource>.' }],
        patterns: [{ group: ['@aws-sdk/*'], message: 'Reach AWS through an adapter in lambdas/aws/.' }],
      }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
