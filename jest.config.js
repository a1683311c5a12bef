/**
 * Jest runs TypeScript through swc (Nest 12 ships ESM, which ts-jest cannot load on Node 20).
 *
 * Four tiers, as Jest projects (`--selectProjects <name>` runs one):
 * - `unit`: the `*.spec.ts` files beside the code in `libs/` and `apps/`. No database:
 *   the tier has no global setup, so `npm run test:unit` needs no PostgreSQL.
 * - `medium`: `libs/<lib>/test/*.medium-spec.ts`, one lib's services against a real
 *   PostgreSQL, rows made by factories (test/helpers/medium.ts), no HTTP.
 * - `e2e`: `test/*.e2e-spec.ts`, real HTTP against a real PostgreSQL.
 * - `browser`: `test/browser/*.e2e-spec.ts`, Chromium against a real server.
 * The database tiers share one global setup module; Jest runs a module once per run
 * however many selected projects name it, so one PostgreSQL serves both.
 */
const { pathsToModuleNameMapper } = require('./scripts/paths.cjs');

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleNameMapper: pathsToModuleNameMapper(),
};

const withDatabase = {
  globalSetup: '<rootDir>/libs/database/testing/global-setup.mjs',
  globalTeardown: '<rootDir>/libs/database/testing/global-teardown.mjs',
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/apps/*/src/**/*.spec.ts'],
    },
    {
      ...common,
      ...withDatabase,
      displayName: 'medium',
      testMatch: ['<rootDir>/libs/*/test/**/*.medium-spec.ts'],
    },
    {
      ...common,
      ...withDatabase,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/*.e2e-spec.ts'],
    },
    {
      ...common,
      ...withDatabase,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/*.e2e-spec.ts'],
    },
  ],
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
  testTimeout: 60000,
  maxWorkers: 2,
};
