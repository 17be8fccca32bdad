import type { Config } from 'jest';

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const libs = ['config', 'database', 'identity', 'workflow', 'calendar', 'cases', 'audit', 'escalation', 'jobs', 'reports', 'obligations', 'telemetry'];

const common: Config = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swc] },
  // NestJS 12 and a few of its dependencies ship only ES modules.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|load-esm|file-type|strtok3|token-types|@tokenizer|@borewit|uint8array-extras|uid)/)',
  ],
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((lib) => [`^@app/${lib}(|/.*)$`, `<rootDir>/libs/${lib}/src$1`])),
    // file-type publishes only import conditions; jest resolves like require().
    '^file-type$': '<rootDir>/node_modules/file-type/index.js',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

const config: Config = {
  // Per-project testTimeout is ignored by jest; e2e and browser tests drive real servers.
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    // One service or repository against real PostgreSQL, without HTTP.
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // Load, faults and hostile input against real processes; run with `npm run test:reliability`.
    { ...common, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.rel-spec.ts'] },
    // The console in a real browser (Debian's chromium); run with `npm run test:web`.
    { ...common, displayName: 'web', testMatch: ['<rootDir>/test/web/**/*.web-spec.ts'] },
  ],
};

export default config;
