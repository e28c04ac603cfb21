// ESLint over server, widget, tests, bench and scripts; zero warnings (`npm run lint` runs with --max-warnings 0).
// Import boundaries (routes -> service -> model, domains through each other's index.ts, components -> core)
// are checked by dependency-cruiser (.dependency-cruiser.cjs), which also draws docs/architecture.md's graph.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      '.cache/**',
      'test-results/**',
      '.schemathesis/**',
      'widget/src/core/api-types.ts',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `as unknown as X` at the hapi / mongoose seams is deliberate; `any` is not
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['widget/src/**/*.ts', 'test/widget/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { lit, 'lit-a11y': litA11y.configs.recommended.plugins['lit-a11y'], wc },
    rules: {
      ...lit.configs['flat/recommended'].rules,
      ...litA11y.configs.recommended.rules,
      ...wc.configs['flat/recommended'].rules,
      ...wc.configs['flat/best-practice'].rules,
      // the widget defines its elements in one registry (core/registry.ts) so a page can scope or rename them
      'wc/define-tag-after-class-definition': 'off',
    },
  },
  // a file over ~400 lines is usually two; a function over ~60 says so beside it (eslint-disable-next-line … -- why)
  {
    files: ['server/src/**/*.ts', 'widget/src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  // tests read arbitrary JSON answers (inject().json, parsed XML); typing each one would test the types, not the product
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  prettier,
);
