import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NO_APPS_OR_TESTS = {
  regex: '(^|/)(apps|test)/',
  message: 'Libraries never import an app or the tests: the arrows point from apps and tests to libs.',
};
const PURE = { group: ['@nestjs/*', 'typeorm', 'pg', '@app/*'], message: 'Domain code stays pure: no NestJS, TypeORM or I/O.' };
const NO_CONTEXTS = {
  regex: '^@app/(identity|cases|audit|escalation|workflow|calendar|jobs|reports|obligations)|(^|/)(identity|cases|audit|escalation|workflow|calendar|jobs|reports|obligations)/src|(^|/)migrations(/|$)',
  message: 'libs/database is below every context: it imports none of them, nor the migrations (the apps assemble those).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'apps/web/dist/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @app/config (libs/config) only.' },
      ],
    },
  },
  {
    // The web console: browser code in TypeScript/TSX, checked against apps/web/tsconfig.json.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['libs/config/**', 'test/**', 'scripts/**', 'bench/**', 'jest.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  // The arrows between rooms: libs never reach up into apps or tests; libs/database knows no
  // context; domain code is pure; application services get transactions, not the DataSource.
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_APPS_OR_TESTS] }] },
  },
  {
    files: ['libs/workflow/**/*.ts', 'libs/calendar/**/*.ts'],
    // The registry's DI binding is wiring, not I/O.
    ignores: ['**/*.spec.ts', 'libs/workflow/src/workflow.module.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_APPS_OR_TESTS, PURE] }] },
  },
  {
    files: ['libs/database/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_APPS_OR_TESTS, NO_CONTEXTS] }] },
  },
  {
    files: ['libs/*/src/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'typeorm',
              importNames: ['DataSource', 'EntityManager'],
              message: 'Application services run SQL through their repositories and transactions through Transactions (@app/database).',
            },
          ],
          patterns: [NO_APPS_OR_TESTS],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
      'jest/no-conditional-expect': 'off',
      // Response bodies are JSON; tests read them without declaring every shape.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
