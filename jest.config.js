/** Jest runs TypeScript through swc (Nest 12 ships ESM, which ts-jest cannot load on Node 20). */
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

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/apps/*/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleNameMapper: pathsToModuleNameMapper(),
  globalSetup: '<rootDir>/libs/database/testing/global-setup.mjs',
  globalTeardown: '<rootDir>/libs/database/testing/global-teardown.mjs',
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
  testTimeout: 60000,
  maxWorkers: 2,
};
